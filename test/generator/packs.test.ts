import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { workbook, dataset, report, type RowSpec } from '../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';
import { buildPack, gapsList, nationalToCheck, packSources, readDirectory, womanByPrisonNumber, womenDue, type Pack } from '../../core/packs.js';
import { makeSettings, type Settings } from '../../core/settings.js';
import { DEFAULT_CONFIG, type Config } from '../../core/config.js';
import { findBrowser, openPrinter } from '../../generator/render/pdf.js';
import { createRenderer } from '../../generator/render/templates.js';
import { formatPhone } from '../../generator/render/helpers.js';
import { packContext, parseWindow } from '../../generator/commands/packs.js';
import { dueForReleaseView } from '../../apps-script/views/due-for-release.js';
import type { Dataset } from '../../core/dataset.js';

const woman = (id: string, first: string, expected: string, extra: Record<string, string> = {}) => ({
  'Prison number': id,
  'First name': first,
  'Last name': 'Example',
  'Date received': '01/01/2021',
  'Expected release date': expected,
  'Destination area': 'Norfolk',
  'Consent to peer support': 'Yes',
  ...extra,
});

const service = (area: string, type: string, name: string, verified: string, extra: Record<string, string> = {}) => ({
  Area: area,
  'Service type': type,
  Name: name,
  'Last verified': verified,
  Phone: '01632960123',
  ...extra,
});

/** A pack's HTML as the packs command renders it (its settings and team from the defaults unless given). */
function renderPack(pack: Pack, options: { settings?: Partial<Settings>; config?: Config } = {}): string {
  return createRenderer().render('pack', { ...packContext(makeSettings(options.settings), options.config ?? DEFAULT_CONFIG, '2021-04-10'), pack });
}

/** Page 1 of a pack's HTML: up to the services' heading. */
function firstWeek(html: string): string {
  return html.slice(html.indexOf('Your first week'), html.indexOf('<h1 id="services-'));
}

function packsWorkbook() {
  return workbook({
    Women: [
      woman('A1111AA', 'Testa', '20/04/2021'), // due
      woman('B2222BB', 'Samplina', '22/05/2021'), // last day of a 6-week window from 10/04
      woman('C3333CC', 'Demora', '23/05/2021'), // one day too late
      woman('D4444DD', 'Fictia', '01/05/2021', { 'Consent to peer support': 'No' }), // declined
      woman('E5555EE', 'Placida', '15/04/2021'), // released early
      woman('F6666FF', 'Exempla', '09/04/2021'), // expected before as-of
      woman('G7777GG', 'Nonna', '30/04/2021', { 'Destination area': 'Not known' }),
    ],
    Releases: [{ 'Prison number': 'E5555EE', 'Release date': '05/04/2021', 'Destination area': 'Norfolk' }],
    Services: [
      service('Norfolk', 'GP', 'Example Road Surgery', '01/03/2021'),
      service(' norfolk ', 'Dental', 'Nene Example Dental <script>alert(1)</script>', '01/02/2021'),
      service('Norfolk', 'Talking therapies (IAPT)', 'Old Example Therapies', '01/01/2020'), // stale
      service('National', 'Domestic abuse support', 'Example National Helpline', '01/03/2021', { Phone: '0808 157 0123' }),
      service('Suffolk', 'GP', 'Elsewhere Surgery', '01/03/2021'),
    ],
  });
}

describe('which women get a pack', () => {
  it('selects women due within the window, not released, who consented', () => {
    const ds = dataset(packsWorkbook());
    const due = womenDue(ds, { asOf: '2021-04-10', withinDays: 42 }).map((w) => w.values.prisonNumber);
    expect(due).toEqual(['A1111AA', 'G7777GG', 'B2222BB']);
  });
});

describe('what a pack says', () => {
  const ds = dataset(packsWorkbook());
  const sources = packSources(ds, '2021-04-10');
  const directory = sources.directory;
  const pack = buildPack(ds.registered.women!.get('A1111AA')!, sources);
  const section = (type: string) => pack.sections.find((s) => s.serviceType === type)!;

  it('has a section for every service type, local entries matched case-insensitively, national ones everywhere', () => {
    expect(pack.sections.map((s) => s.key)).toEqual(['gp', 'dental', 'talking-therapies', 'crisis', 'womens-centre', 'domestic-abuse']);
    expect(section('GP').entries.map((e) => e.name)).toEqual(['Example Road Surgery']);
    expect(section('Dental').entries).toHaveLength(1);
    expect(section('Domestic abuse support').entries[0]!.national).toBe(true);
    expect(section('Crisis mental health').entries).toHaveLength(0);
  });

  it('marks entries not verified for 180 days as stale, and a section with only stale entries as not current', () => {
    expect(section('Talking therapies (IAPT)').entries[0]!.stale).toBe(true);
    expect(section('Talking therapies (IAPT)').hasCurrent).toBe(false);
    expect(section('GP').hasCurrent).toBe(true);
  });

  it('lists the gaps per destination for the coordinator', () => {
    const packs = womenDue(ds, { asOf: '2021-04-10', withinDays: 42 }).map((w) => buildPack(w, sources));
    const gaps = gapsList(packs, directory);
    const norfolk = gaps.find((g) => g.destination === 'Norfolk')!;
    expect(norfolk.womenDue).toBe(2);
    expect(norfolk.missing).toEqual(['Talking therapies (IAPT)', 'Crisis mental health', "Women's centre"]);
    expect(norfolk.stale.map((e) => e.name)).toEqual(['Old Example Therapies']);
    expect(gaps.find((g) => g.destination === 'Not known')!.missing).toContain('GP');
  });

  it('renders plain HTML that escapes what staff typed and falls back where nothing is current', () => {
    const html = renderPack(pack);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('For Testa Example, from the peer support team.');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('We last checked this on 1 January 2020. Phone first to check.');
    expect(html).toContain('You can refer yourself to NHS talking therapies'); // fallback beside the stale entry
    expect(html).toContain('We do not have a checked local crisis line for this area yet'); // crisis: no entry at all
    expect(html).toContain('href="tel:+441632960123"');
  });

  it('groups phone numbers as people read them', () => {
    expect(formatPhone('01632960123')).toBe('01632 960123');
    expect(formatPhone('02079460123')).toBe('020 7946 0123');
    expect(formatPhone('08081570123')).toBe('0808 157 0123');
    expect(formatPhone('+44 1632 960123')).toBe('01632 960123');
    expect(formatPhone('ask at reception')).toBe('ask at reception');
  });
});

/** The packs workbook with Release planning rows, and women who withdrew their consent. */
function planningWorkbook() {
  const base = {
    Women: [
      woman('A1111AA', 'Testa', '20/04/2021'), // planned: a listed practice, typed loosely; services needed
      woman('B2222BB', 'Samplina', '22/05/2021'), // planned: a practice the directory lacks
      woman('G7777GG', 'Nonna', '30/04/2021'), // no Release planning row
      woman('H8888HH', 'Withdrawa', '25/04/2021', { 'Consent withdrawn date': '01/04/2021' }), // before the as-of date
      woman('J9999JJ', 'Laterra', '26/04/2021', { 'Consent withdrawn date': '20/04/2021' }), // after it
    ],
    Contacts: [{ 'Contact date': '01/04/2021', 'Prison number': 'G7777GG', Scheme: 'Reconnect', 'Peer supporters': 'PS-001', 'GP practice identified': 'Yes' }],
    'Release planning': <RowSpec[]>[
      { 'Prison number': 'A1111AA', Date: '01/04/2021', 'GP practice': 'Elsewhere Surgery', 'GP registration': 'Not started', 'Services she will need': 'Dental' },
      // A later row for her: each non-blank answer wins.
      { 'Prison number': ' a1111aa', Date: '08/04/2021', 'GP practice': '  example ROAD surgery ', 'GP registration': 'Registration started', 'Services she will need': "Women's centre, Dental" },
      { 'Prison number': 'B2222BB', Date: '09/04/2021', 'GP practice': 'Unlisted Example Health Centre', 'GP registration': 'Registered', 'Release pack printed': 'Yes' },
    ],
    Services: [
      service('Norfolk', 'GP', 'Another Example Surgery', '01/03/2021'),
      service('Norfolk', 'GP', 'Example Road Surgery', '01/01/2020'), // stale, and still hers first
      service('Suffolk', 'GP', 'Example Road Surgery', '01/03/2021'), // the same name elsewhere: her destination's wins
      service('Suffolk', 'GP', 'Elsewhere Surgery', '01/03/2021'),
      service('Norfolk', 'Dental', 'Nene Example Dental', '01/02/2021'),
      service('National', 'Domestic abuse support', 'Example National Helpline', '01/03/2021'),
    ],
  };
  return { with: workbook(base), without: workbook({ ...base, 'Release planning': [] }) };
}

describe('packs with a Release planning record', () => {
  const wb = planningWorkbook();
  const ds = dataset(wb.with);
  const sources = packSources(ds, '2021-04-10');
  const directory = sources.directory;
  const packOf = (id: string, d = ds) => buildPack(d.registered.women!.get(id)!, packSources(d, '2021-04-10'));
  const render = (id: string) => renderPack(packOf(id));

  it('names her chosen practice first in the GP section, matched by name trimmed and in any case, from her destination first', () => {
    const pack = packOf('A1111AA');
    expect(pack.gpPractice).toBe('Example Road Surgery'); // as the directory spells it
    expect(pack.gpRegistration).toBe('Registration started');
    const gp = pack.sections.find((s) => s.serviceType === 'GP')!;
    expect(gp.entries.map((e) => [e.name, e.area, e.chosen])).toEqual([
      ['Example Road Surgery', 'Norfolk', true],
      ['Another Example Surgery', 'Norfolk', false],
    ]);
    expect(gp.unlistedChoice).toBeUndefined();
  });

  it('puts the sections of the services she will need first, in the order of the six types', () => {
    expect(packOf('A1111AA').sections.map((s) => s.key)).toEqual(['dental', 'womens-centre', 'gp', 'talking-therapies', 'crisis', 'domestic-abuse']);
    expect(packOf('B2222BB').sections.map((s) => s.key)).toEqual(['gp', 'dental', 'talking-therapies', 'crisis', 'womens-centre', 'domestic-abuse']);
  });

  it('names a chosen practice the directory lacks, to ask the team about, before the area\'s entries', () => {
    const pack = packOf('B2222BB');
    const gp = pack.sections.find((s) => s.serviceType === 'GP')!;
    expect(gp.unlistedChoice).toBe('Unlisted Example Health Centre');
    expect(gp.entries.every((e) => !e.chosen)).toBe(true);
    const html = render('B2222BB');
    expect(html).toMatch(/Unlisted Example Health Centre \(your chosen surgery\)<\/h3>\s*<p>We do not have its details here\. Ask us for its phone number and address\.<\/p>/);
    expect(html.indexOf('Unlisted Example Health Centre (your')).toBeLessThan(html.indexOf('Another Example Surgery'));
    // Page 1: her surgery by name, to ask us about, and where her registration stands.
    expect(firstWeek(html)).toMatch(/<h3>Unlisted Example Health Centre<\/h3>\s*<p>We do not have its phone number here\. Ask us for it before you leave\.<\/p>/);
    expect(firstWeek(html)).toContain('You are registered with this surgery.');
  });

  it('prints her practice first and marked, and her needed services first, without saying which she needs', () => {
    const html = render('A1111AA');
    expect(html).toMatch(/<h3>Example Road Surgery \(your chosen surgery\)<\/h3>/);
    const at = (heading: string) => html.indexOf(`<h2 class="section-title">${heading}`);
    expect(at('Dentists')).toBeGreaterThan(0);
    expect(at('Dentists')).toBeLessThan(at("Women's centres"));
    expect(at("Women's centres")).toBeLessThan(at('GP surgeries (family doctors)'));
    expect(at('GP surgeries (family doctors)')).toBeLessThan(at('Talking therapies'));
    expect(html).not.toMatch(/will need|\bneeds\b/i);
  });

  it('gives a woman with no Release planning row the pack she had before the form', () => {
    const pack = packOf('G7777GG');
    expect(pack.plan).toBeNull();
    expect(pack).toEqual(packOf('G7777GG', dataset(wb.without)));
    expect(firstWeek(render('G7777GG'))).toContain('You have chosen a GP surgery. Ask us for its name and phone number before you leave.');
  });

  it('keeps the gaps list about the destinations, whatever the packs put first', () => {
    const packs = womenDue(ds, { asOf: '2021-04-10', withinDays: 42 }).map((w) => buildPack(w, sources));
    const withoutPlans = dataset(wb.without);
    const before = womenDue(withoutPlans, { asOf: '2021-04-10', withinDays: 42 }).map((w) => buildPack(w, packSources(withoutPlans, '2021-04-10')));
    expect(gapsList(packs, directory)).toEqual(gapsList(before, directory));
    expect(gapsList(packs, directory)[0]!.missing).toEqual(['Talking therapies (IAPT)', 'Crisis mental health', "Women's centre"]);
  });
});

describe('for the people who read them: what her pack says', () => {
  /** Testa, going to Norfolk, with a Release planning row; the directory as each test needs it. */
  const packWith = (services: RowSpec[], plan: RowSpec = {}) => {
    const ds = dataset(
      workbook({
        Women: [woman('A1111AA', 'Testa', '20/04/2021')],
        'Release planning': [{ 'Prison number': 'A1111AA', Date: '01/04/2021', 'GP registration': 'Not started', ...plan }],
        Services: services,
      }),
    );
    return buildPack(ds.registered.women!.get('A1111AA')!, packSources(ds, '2021-04-10'));
  };
  const listed = [
    service('Norfolk', 'GP', 'Example Road Surgery', '01/03/2021', { Phone: '01632960001', Address: '1 Example Road, Exampleton' }),
    service('Norfolk', 'Dental', 'Old Example Dental', '01/01/2020'), // stale
    service('Norfolk', 'Crisis mental health', 'Example Crisis Line', '01/03/2021', { Phone: '08081570009' }),
    service('National', 'Domestic abuse support', 'Example National Helpline', '01/03/2021'),
  ];
  const pack = packWith(listed, { 'GP practice': 'example road surgery' });
  const html = renderPack(pack);
  const sectionsOf = (page: string) => page.split('<h2 class="section-title">').slice(1);

  it('opens with her first week: her GP surgery and its number, urgent help, and the team', () => {
    const week = firstWeek(html);
    expect(html.indexOf('<h1 id="week-A1111AA">Your first week</h1>')).toBeGreaterThan(0);
    expect(html.indexOf('Your first week')).toBeLessThan(html.indexOf('<h2'));
    expect(week).toMatch(/<h3>Example Road Surgery<\/h3>\s*<p>Phone: <a class="phone" href="tel:\+441632960001">01632 960001<\/a><\/p>\s*<p>1 Example Road, Exampleton<\/p>/);
    expect(week).toContain('You are not registered yet. Phone the surgery in your first week to register. You do not need proof of address or ID.');
    expect(week).toContain('In an emergency, call <span class="phone">999</span>.');
    expect(week).toContain('call <span class="phone">NHS 111</span>. It is free, day and night.');
    expect(week).toContain('If your mental health is in crisis, call Example Crisis Line on <a class="phone" href="tel:+448081570009">0808 157 0009</a>.');
    // No number of the team's own is invented.
    expect(week).toContain('Ask the peer support team for a phone number to call before you leave.');
    expect(week).not.toContain('phone us on');
  });

  it("gives the team's own number and name from the configuration", () => {
    const config = { ...DEFAULT_CONFIG, team: { name: 'the Example peer support team', phone: '01632 960999' } };
    const week = firstWeek(renderPack(pack, { config }));
    expect(week).toContain('For Testa Example, from the Example peer support team.');
    expect(week).toContain('phone us on <a class="phone" href="tel:+441632960999">01632 960999</a>.');
    expect(week).not.toContain('Ask the peer support team for a phone number');
  });

  it('says "ask us" for a GP surgery she has not chosen, and gives Samaritans where no crisis line is current', () => {
    const week = firstWeek(renderPack(packWith(listed.filter((r) => r['Service type'] !== 'Crisis mental health'))));
    expect(week).toContain('You have not chosen a GP surgery yet. Ask us to help you choose one before you leave.');
    expect(week).toContain('You are not registered yet. Register with a GP surgery in your first week.');
    expect(week).toContain('Or call Samaritans free on <span class="phone">116 123</span>, any time.');
    const started = firstWeek(renderPack(packWith(listed, { 'GP practice': 'Example Road Surgery', 'GP registration': 'Registration started' })));
    expect(started).toContain('You have started to register. Phone the surgery in your first week to check it is done.');
  });

  it('has its headings in order, one h1 each for her first week and the services, and the language set', () => {
    expect(html).toContain('<html lang="en-GB">');
    const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(2);
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
  });

  it('says it has no checked service only where it lists none, and marks a stale entry quietly', () => {
    for (const section of sectionsOf(html)) {
      if (section.includes('We do not have')) expect(section).not.toContain('<div class="service');
    }
    expect(html).not.toContain('We do not have a checked dentist');
    expect(html).toContain('If these details do not work, find an NHS dentist');
    expect(html).toContain("We do not have a checked women's centre for this area yet.");
    expect(html).toMatch(/<p>We last checked this on 1 January 2020\. Phone first to check\.<\/p>/);
    expect(html).not.toMatch(/<(strong|b)\b[^>]*>[^<]*Phone first/);
    expect(html).not.toMatch(/<em\b|<i\b|<u\b|text-decoration: underline|font-style: italic/);
    // A current entry: no fallback at all in its section.
    const gp = sectionsOf(html).find((s) => s.startsWith('GP surgeries'))!;
    expect(gp).not.toContain('class="fallback"');
  });

  it('names no tool and no workbook on her copy', () => {
    expect(html).not.toMatch(/peerkit|sample workbook|Prepared with/i);
  });

  it('heads the domestic abuse section discreetly unless set to plain', () => {
    expect(html).toContain('<h2 class="section-title">If you feel unsafe at home</h2>');
    expect(html).not.toContain('Domestic abuse support</h2>');
    const plain = renderPack(pack, { settings: { packAbuseHeading: 'plain' } });
    expect(plain).toContain('<h2 class="section-title">Domestic abuse support</h2>');
  });

  it('prints its text at 16 pt, or 18 pt when set', () => {
    expect(html).toContain('font-size: 16pt;');
    expect(renderPack(pack, { settings: { packTextSize: 18 } })).toContain('font-size: 18pt;');
  });

  it('takes both settings from the command line and the configuration, and refuses a size it does not print', async () => {
    const source = writeCsvWorkbook(packsWorkbook());
    const out = join(tempDir(), 'packs');
    const config = join(tempDir(), 'site.json');
    writeFileSync(config, JSON.stringify({ settings: { packTextSize: 18 }, team: { phone: '01632 960999' } }));
    const run = await runCli(['packs', '--source', source, '--config', config, '--prison-number', 'A1111AA', '--as-of', '2021-04-10', '--out', out, '--format', 'html', '--pack-abuse-heading', 'plain']);
    expect(run.code).toBe(0);
    const own = readFileSync(join(out, 'pack-A1111AA.html'), 'utf8');
    expect(own).toContain('font-size: 18pt;');
    expect(own).toContain('Domestic abuse support</h2>');
    expect(own).toContain('01632 960999');
    const bad = await runCli(['packs', '--source', source, '--pack-text-size', '14', '--out', out, '--format', 'html']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('peerkit packs: --pack-text-size must be 16 or 18, not "14"\n');
  });
});

describe('the gaps list', () => {
  it('reads as a list of enquiries per destination, the national entries once, an unknown destination last', async () => {
    const wb = packsWorkbook();
    const services = wb.tabs.find((t) => t.name === 'Services')!;
    const stale = readDirectory(dataset(wb), '2021-04-10');
    expect(nationalToCheck(stale)).toEqual([]);
    const out = join(tempDir(), 'packs');
    services.rows.push(services.header.map((h) => ({ Area: 'National', 'Service type': 'Crisis mental health', Name: 'Old National Line', 'Last verified': '01/01/2019', Phone: '0808 157 0999' })[h] ?? null));
    const run = await runCli(['packs', '--source', writeCsvWorkbook(wb), '--as-of', '2021-04-10', '--out', out, '--format', 'html']);
    expect(run.code).toBe(0);
    const html = readFileSync(join(out, 'gaps.html'), 'utf8');
    const headings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Norfolk: 2 women due', 'Destination not known: 1 woman due', 'National services: in every pack']);
    expect(html).toContain('<strong>Find a service for:</strong> Talking therapies (IAPT), Crisis mental health, Women&#x27;s centre.');
    expect(html).toContain('<strong>Find out where she is going.</strong>');
    expect(html.match(/Old National Line/g)).toHaveLength(1);
    expect(html).toMatch(/<th scope="row">Old National Line<\/th><td>Crisis mental health<\/td><td class="phone">0808 157 0999<\/td><td>1 January 2019<\/td>/);
    const csv = readFileSync(join(out, 'gaps.csv'), 'utf8');
    expect(csv).toContain('National (in every pack),3,,Old National Line (row 7)');
  });
});

describe('consent withdrawn (data contract §8)', () => {
  const wb = planningWorkbook().with;
  const ds = dataset(wb);

  it('gives no pack from the day she withdrew: before it she is due, from it she is not', () => {
    const due = (asOf: string) => womenDue(ds, { asOf, withinDays: 42 }).map((w) => w.values.prisonNumber);
    expect(due('2021-04-10')).toEqual(['A1111AA', 'J9999JJ', 'G7777GG', 'B2222BB']);
    expect(due('2021-04-19')).toContain('J9999JJ');
    expect(due('2021-04-20')).not.toContain('J9999JJ');
    expect(womanByPrisonNumber(ds, 'J9999JJ', '2021-04-19').values.firstName).toBe('Laterra');
    expect(() => womanByPrisonNumber(ds, 'J9999JJ', '2021-04-20')).toThrow(/no pack is written for her/);
  });

  it('refuses her pack by prison number in one line that does not name her, as for a woman who declined', async () => {
    const source = writeCsvWorkbook(wb);
    const declined = writeCsvWorkbook(packsWorkbook());
    const refusal = async (src: string, id: string) => {
      const run = await runCli(['packs', '--source', src, '--prison-number', id, '--as-of', '2021-04-10', '--out', join(tempDir(), 'p'), '--format', 'html']);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      return run.stderr;
    };
    const withdrawn = await refusal(source, 'h8888hh');
    expect(withdrawn).not.toMatch(/Withdrawa|H8888HH|01\/04\/2021|2021-04-01/i);
    expect(withdrawn).toBe(await refusal(declined, 'D4444DD')); // the same words: the two are not told apart
    const later = await runCli(['packs', '--source', source, '--prison-number', 'J9999JJ', '--as-of', '2021-04-10', '--out', join(tempDir(), 'p'), '--format', 'html']);
    expect(later.code).toBe(0);
  });

  it('leaves her out of a run of packs, and out of the print file', async () => {
    const out = join(tempDir(), 'packs');
    const run = await runCli(['packs', '--source', writeCsvWorkbook(wb), '--as-of', '2021-04-10', '--out', out, '--format', 'html']);
    expect(run.code).toBe(0);
    expect(readdirSync(out).filter((f) => f.startsWith('pack-')).sort()).toEqual([
      'pack-A1111AA.html',
      'pack-B2222BB.html',
      'pack-G7777GG.html',
      'pack-J9999JJ.html',
    ]);
    expect(readFileSync(join(out, 'packs-print.html'), 'utf8')).not.toContain('Withdrawa');
  });

  it('still counts her rows dated before she withdrew (line ii)', () => {
    const contacts = [
      { 'Contact date': '15/03/2021', 'Prison number': 'H8888HH', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' },
      { 'Contact date': '16/03/2021', 'Prison number': 'J9999JJ', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' },
    ];
    const women = [woman('H8888HH', 'Withdrawa', '25/04/2021', { 'Consent withdrawn date': '01/04/2021' }), woman('J9999JJ', 'Laterra', '26/04/2021')];
    const run = report('reconnect', '2020-21 Q4', workbook({ Women: women, Contacts: contacts }));
    expect(run.value.women_supported).toBe(2);
    expect(run.evidence.women_supported!.flatMap((e) => e.rows).sort()).toEqual([2, 3]);
  });
});

describe('peerkit packs', () => {
  const packsArgs = (source: string, out: string) => ['packs', '--source', source, '--as-of', '2021-04-10', '--due-within', '6w', '--out', out, '--format', 'html'];

  it('leaves the mode of a folder it did not make (a shared 1777 one, a read-only-to-others 0750 one) and says when others can list it', async () => {
    const source = writeCsvWorkbook(packsWorkbook());
    for (const mode of [0o1777, 0o750]) {
      const out = join(tempDir(), 'existing');
      mkdirSync(out);
      chmodSync(out, mode);
      const run = await runCli(packsArgs(source, out));
      expect(run.code).toBe(0);
      expect(statSync(out).mode & 0o7777).toBe(mode);
      expect(statSync(join(out, 'pack-A1111AA.html')).mode & 0o777).toBe(0o600);
      expect(run.stderr).toContain('others may see the file names');
    }
  });

  it('leaves a symlinked folder\'s target as it is, and writes into it privately', async () => {
    const source = writeCsvWorkbook(packsWorkbook());
    const target = join(tempDir(), 'target');
    mkdirSync(target);
    chmodSync(target, 0o755);
    const link = join(tempDir(), 'link');
    symlinkSync(target, link);
    expect((await runCli(packsArgs(source, link))).code).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(statSync(join(target, 'pack-A1111AA.html')).mode & 0o777).toBe(0o600);
  });

  it('never follows a symlink planted in the folder, and replaces a pack file left with wider permissions', async () => {
    const source = writeCsvWorkbook(packsWorkbook());
    const out = join(tempDir(), 'packs');
    mkdirSync(out, { mode: 0o700 });
    const elsewhere = join(tempDir(), 'world-readable.html');
    writeFileSync(elsewhere, 'nothing here');
    chmodSync(elsewhere, 0o644);
    symlinkSync(elsewhere, join(out, 'pack-A1111AA.html'));
    writeFileSync(join(out, 'pack-B2222BB.html'), 'an old pack');
    chmodSync(join(out, 'pack-B2222BB.html'), 0o644);
    expect((await runCli(packsArgs(source, out))).code).toBe(0);
    expect(readFileSync(elsewhere, 'utf8')).toBe('nothing here');
    expect(statSync(elsewhere).mode & 0o777).toBe(0o644);
    for (const file of ['pack-A1111AA.html', 'pack-B2222BB.html']) {
      expect(lstatSync(join(out, file)).isSymbolicLink()).toBe(false);
      expect(statSync(join(out, file)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(out, file), 'utf8')).toContain('<article class="pack"');
    }
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('says in one line when --out names a file, not a folder', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const run = await runCli(packsArgs(writeCsvWorkbook(packsWorkbook()), file));
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('writes a pack per woman due, a print file and the gaps list, privately, named by prison number', async () => {
    const source = writeCsvWorkbook(packsWorkbook());
    const out = join(tempDir(), 'packs');
    const run = await runCli(['packs', '--source', source, '--as-of', '2021-04-10', '--due-within', '6w', '--out', out, '--format', 'html']);
    expect(run.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['gaps.csv', 'gaps.html', 'pack-A1111AA.html', 'pack-B2222BB.html', 'pack-G7777GG.html', 'packs-print.html']);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(statSync(join(out, 'pack-A1111AA.html')).mode & 0o777).toBe(0o600);
    expect(files.join(' ')).not.toMatch(/Testa|Samplina/);
    const print = readFileSync(join(out, 'packs-print.html'), 'utf8');
    expect(print.match(/<article class="pack"/g)).toHaveLength(3);
    expect(print).not.toContain('Fictia'); // declined
    const gaps = readFileSync(join(out, 'gaps.csv'), 'utf8');
    expect(gaps).toContain('Norfolk,2,');
    expect(gaps).not.toMatch(/Testa|A1111AA/);
  });

  it('refuses a pack for a woman who declined, without naming her', async () => {
    const source = writeCsvWorkbook(packsWorkbook());
    const run = await runCli(['packs', '--source', source, '--prison-number', 'd4444dd', '--out', join(tempDir(), 'p')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/has not consented to peer support/);
    expect(run.stderr).not.toMatch(/Fictia|D4444DD/i);
  });

  it('rejects a malformed window', async () => {
    const run = await runCli(['packs', '--due-within', 'soon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--due-within "soon": write a number of weeks or days/);
  });

  it('needs the unit of the window: 6 could be weeks or days', async () => {
    const run = await runCli(['packs', '--due-within', '42']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('peerkit packs: --due-within "42": give its unit, w for weeks or d for days, like 6w or 42d\n');
    expect(parseWindow('6w')).toBe(42);
    expect(parseWindow('42d')).toBe(42);
    expect(parseWindow(' 2W ')).toBe(14);
    expect(() => parseWindow('0d')).toThrow(/write a number of weeks or days/);
  });
});

const browser = findBrowser();
const hasPdfToText = spawnSync('pdftotext', ['-v']).error === undefined;
if (!browser || !hasPdfToText) {
  // Printed, not silent: CI installs Chromium and poppler-utils, so there this suite always runs.
  console.warn("SKIPPED: the PDF tests need Chrome or Chromium (on the PATH or PEERKIT_CHROME) and pdftotext (Debian's chromium and poppler-utils).");
}

describe.skipIf(!browser || !hasPdfToText)('PDF through a real headless Chromium', () => {
  it('prints packs and a report to PDF with the right pages and text, and screenshots a pack', async () => {
    const source = writeCsvWorkbook(packsWorkbook());
    const out = join(tempDir(), 'packs');
    const run = await runCli(['packs', '--source', source, '--as-of', '2021-04-10', '--out', out]);
    expect(run.code).toBe(0);
    expect(statSync(join(out, 'pack-A1111AA.pdf')).mode & 0o777).toBe(0o600);
    const pdf = readFileSync(join(out, 'packs-print.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPages(join(out, 'packs-print.pdf'));
    const onePack = pdfPages(join(out, 'pack-A1111AA.pdf'));
    expect(onePack).toBeGreaterThanOrEqual(1);
    expect(pages).toBeGreaterThanOrEqual(3); // a page break between women
    const text = pdfText(join(out, 'pack-A1111AA.pdf'));
    expect(text).toContain('Example Road Surgery');
    expect(text).toContain('Example National Helpline');

    const reportOut = tempDir();
    const report = await runCli(['report', '--source', source, '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'pdf', '--out', reportOut]);
    expect(report.code).toBe(0);
    expect(pdfText(join(reportOut, 'reconnect-2021-22-Q1.pdf'))).toContain('Reconnect peer support scheme report');

    const printer = await openPrinter(browser!);
    const png = join(tempDir(), 'pack.png');
    await printer.screenshot(readFileSync(join(out, 'pack-A1111AA.html'), 'utf8'), png);
    await printer.close();
    const image = readFileSync(png);
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    expect(image.readUInt32BE(16)).toBeGreaterThan(300); // width
  });
});

/** A pack of many boxes, each service's names and check dates its own, for measuring the PDF. */
function largePrintWorkbook() {
  const greek = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Iota', 'Kappa', 'Lambda', 'Mu', 'Nu'];
  const kinds: [string, string, string][] = [
    ['GP', 'Road Surgery', '01/03/2021'],
    ['GP', 'Lane Surgery', '02/03/2021'],
    ['GP', 'Medical Centre', '03/01/2020'],
    ['Dental', 'Dental Practice', '04/03/2021'],
    ['Dental', 'Dental Care', '05/01/2020'],
    ['Talking therapies (IAPT)', 'Talking Therapies (Example NHS Service)', '06/03/2021'],
    ['Talking therapies (IAPT)', 'Wellbeing Service', '07/03/2021'],
    ['Crisis mental health', 'Crisis Line', '08/03/2021'],
    ['Crisis mental health', 'National Listening Line', '09/03/2021'],
    ["Women's centre", "Women's Centre", '10/03/2021'],
    ["Women's centre", "Women's Hub", '11/01/2020'],
    ['Domestic abuse support', 'Domestic Abuse Service', '12/03/2021'],
    ['Domestic abuse support', 'National Helpline', '13/03/2021'],
  ];
  const services = kinds.map(([type, kind, verified], i) =>
    service(kind.startsWith('National') ? 'National' : 'Norfolk', type, `${greek[i]} ${kind}`, verified, {
      Phone: `016329601${String(i).padStart(2, '0')}`,
      Address: kind.startsWith('National') ? '' : `${10 + i} Example Road, Exampleton`,
      Website: `https://www.example.org/norfolk/a-long-address-for-the-${kind.toLowerCase().replace(/\W+/g, '-')}-service`,
      'How to access': 'Phone first, or drop in on a weekday morning',
    }),
  );
  return {
    names: services.map((r) => String(r.Name)),
    workbook: workbook({
      Women: [woman('A1111AA', 'Testa', '20/04/2021'), woman('B2222BB', 'Samplina', '22/04/2021')],
      'Release planning': [{ 'Prison number': 'A1111AA', Date: '01/04/2021', 'GP practice': 'Alpha Road Surgery', 'GP registration': 'Registration started' }],
      Services: services,
    }),
  };
}

interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  yMax: number;
}

/** Every word of a PDF with its box, through poppler's pdftotext -bbox (points, from the top of the page). */
function pdfWords(file: string): { pageHeight: number; pages: PdfWord[][] } {
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const pages: PdfWord[][] = [];
  let pageHeight = 0;
  for (const m of xml.matchAll(/<page width="[\d.]+" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[1]) {
      pageHeight = Number(m[1]);
      pages.push([]);
    } else pages.at(-1)!.push({ page: pages.length, text: m[5]!.replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'"), xMin: Number(m[2]), yMin: Number(m[3]), yMax: Number(m[4]) });
  }
  return { pageHeight, pages };
}

const heightOf = (w: PdfWord) => w.yMax - w.yMin;

describe.skipIf(!browser || !hasPdfToText)('large print, measured in the PDF (real headless Chromium)', () => {
  const { names, workbook: wb } = largePrintWorkbook();
  const source = writeCsvWorkbook(wb);
  const config = join(tempDir(), 'site.json');
  writeFileSync(config, JSON.stringify({ team: { phone: '01632 960999' } }));
  const printPacks = async (...flags: string[]) => {
    const out = join(tempDir(), 'packs');
    const run = await runCli(['packs', '--source', source, '--config', config, '--as-of', '2021-04-10', '--out', out, ...flags]);
    expect(run.code).toBe(0);
    return out;
  };
  let out = '';
  /** The height pdftotext gives a word set in 16 pt, in the packs' own font, printed by the same browser. */
  let sixteen = 0;

  beforeAll(async () => {
    out = await printPacks();
    const printer = await openPrinter(browser!);
    const reference = join(tempDir(), 'reference.pdf');
    await printer.print('<!DOCTYPE html><html lang="en-GB"><body style="font: 16pt Arial, \'Liberation Sans\', Helvetica, sans-serif">Reference</body></html>', reference);
    await printer.close();
    sixteen = heightOf(pdfWords(reference).pages[0]![0]!);
    expect(sixteen).toBeGreaterThan(16);
  }, 60000);

  it('sets every word of her pack, footer included, at 16 pt or more; her service names above their phone numbers, and those at least body size', () => {
    const { pages } = pdfWords(join(out, 'pack-A1111AA.pdf'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const words = pages.flat();
    const smallest = Math.min(...words.map(heightOf));
    expect(smallest).toBeGreaterThanOrEqual(sixteen - 0.01);
    // Body text: "Phone:" labels. Phone numbers: each "01632" group. Service names: each first (Greek) word, on the services pages.
    const body = words.filter((w) => w.text === 'Phone:').map(heightOf);
    const phones = words.filter((w) => w.text === '01632').map(heightOf);
    const nameWords = new Set(names.map((n) => n.split(' ')[0]));
    const serviceNames = words.filter((w) => w.page > 1 && nameWords.has(w.text)).map(heightOf);
    expect(body.length).toBeGreaterThan(10);
    expect(serviceNames).toHaveLength(names.length);
    expect(Math.min(...body)).toBeCloseTo(sixteen, 1);
    expect(Math.min(...phones)).toBeGreaterThanOrEqual(Math.max(...body));
    expect(Math.min(...serviceNames)).toBeGreaterThan(Math.max(...phones));
  });

  it('prints 18 pt when set', async () => {
    const larger = await printPacks('--prison-number', 'A1111AA', '--pack-text-size', '18');
    const words = pdfWords(join(larger, 'pack-A1111AA.pdf')).pages.flat();
    expect(Math.min(...words.map(heightOf))).toBeGreaterThanOrEqual((sixteen * 18) / 16 - 0.01);
  });

  it('starts with "Your first week", a page not half empty, and footers her first name and "page x of y" on every page', () => {
    const { pageHeight, pages } = pdfWords(join(out, 'pack-A1111AA.pdf'));
    const lines = (page: PdfWord[]) => {
      const rows = new Map<number, PdfWord[]>();
      for (const w of page) rows.set(Math.round(w.yMin), [...(rows.get(Math.round(w.yMin)) ?? []), w]);
      return [...rows.entries()].sort(([a], [b]) => a - b).map(([, ws]) => ws.sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' '));
    };
    expect(lines(pages[0]!)[0]).toBe('Your first week');
    expect(lines(pages[0]!).join('\n')).toContain('01632 960999'); // the team's own number
    pages.forEach((page, i) => expect(lines(page).at(-1)).toBe(`Testa Page ${i + 1} of ${pages.length}`));
    const footerTop = Math.min(...pages[0]!.filter((w) => w.text === 'Testa' && w.yMin > pageHeight * 0.9).map((w) => w.yMin));
    const lowest = Math.max(...pages[0]!.filter((w) => w.yMax < footerTop).map((w) => w.yMax));
    expect(lowest).toBeGreaterThan(pageHeight / 2);
  });

  it('never splits a service box across pages', () => {
    const file = join(out, 'pack-A1111AA.pdf');
    const count = pdfPages(file);
    const pageText = Array.from({ length: count }, (_, i) =>
      execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
    );
    const html = readFileSync(join(out, 'pack-A1111AA.html'), 'utf8');
    const boxes = [...html.matchAll(/<div class="service[^"]*">\s*<h3>([^<]*)<\/h3>[\s\S]*?<p>((?:A national service\. )?We (?:last )?checked this on [^<]*)<\/p>\s*<\/div>/g)];
    expect(boxes).toHaveLength(names.length);
    for (const [, name, checked] of boxes) {
      const first = name!.replace(/\s+/g, ' ').replace(/&#x27;/g, "'");
      const page = pageText.findIndex((t) => t.includes(checked!.replace(/&#x27;/g, "'")));
      expect(page, `${first}: its last line`).toBeGreaterThanOrEqual(0);
      expect(pageText[page]!.indexOf(first), `${first} is on the page of its last line`).toBeGreaterThanOrEqual(0);
      expect(pageText[page]!.indexOf(first)).toBeLessThan(pageText[page]!.indexOf(checked!.replace(/&#x27;/g, "'")));
    }
  });

  it('is tagged, in British English, with an outline of its headings in order, their words as written', () => {
    const file = join(out, 'pack-A1111AA.pdf');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
    expect(readFileSync(file).toString('latin1')).toContain('/Lang (en-GB)');
    const struct = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const levels = [...struct.matchAll(/^\s*H([1-6]) /gm)].map((m) => Number(m[1]));
    expect(levels.slice(0, 3)).toEqual([1, 2, 3]);
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
    const outline = execFileSync('pdftohtml', ['-xml', '-stdout', '-i', '-f', '1', '-l', '1', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const titles = [...outline.matchAll(/<item page="\d+">([^<]*)<\/item>/g)].map((m) => m[1]);
    expect(titles[0]).toBe('Your first week');
    expect(titles).toContain('Alpha Road Surgery (your chosen surgery)');
    expect(titles).toContain('Talking therapies: NHS help with stress, worry and low mood'); // wrapped, its spaces kept
    expect(titles).toContain('If you feel unsafe at home');
  });

  it("joins the packs into the print file: each woman's pages keep her name and her own page numbers, her tags and her outline", () => {
    const print = join(out, 'packs-print.pdf');
    expect(statSync(print).mode & 0o777).toBe(0o600);
    const testa = pdfPages(join(out, 'pack-A1111AA.pdf'));
    const samplina = pdfPages(join(out, 'pack-B2222BB.pdf'));
    const { pages } = pdfWords(print);
    expect(pages).toHaveLength(testa + samplina);
    const footer = (page: PdfWord[]) => {
      const bottom = Math.max(...page.map((w) => w.yMin));
      return page.filter((w) => w.yMin === bottom).sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' ');
    };
    expect(pages.map(footer)).toEqual([
      ...Array.from({ length: testa }, (_, i) => `Testa Page ${i + 1} of ${testa}`),
      ...Array.from({ length: samplina }, (_, i) => `Samplina Page ${i + 1} of ${samplina}`),
    ]);
    expect(execFileSync('pdfinfo', [print], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
    const struct = execFileSync('pdfinfo', ['-struct', print], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(struct.match(/^ {2}Part$/gm)).toHaveLength(2);
    expect(struct.match(/^\s*H1 /gm)).toHaveLength(4);
    const outline = execFileSync('pdftohtml', ['-xml', '-stdout', '-i', '-f', '1', '-l', '1', print], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const items = [...outline.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => `${m[2]} p${m[1]}`);
    expect(items).toContain('Testa Example p1');
    expect(items).toContain(`Samplina Example p${testa + 1}`);
    expect(items.filter((i) => i.startsWith('Your first week'))).toEqual(['Your first week p1', `Your first week p${testa + 1}`]);
  });
});

/** Page count from the PDF's page tree (Chromium writes /Type /Page objects uncompressed). */
function pdfPages(file: string): number {
  return (readFileSync(file).toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

/** The PDF's text, through poppler's pdftotext. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('at the largest sizes', () => {
  /** The dataset with every read of its Contacts and Releases rows counted. */
  function counted(ds: Dataset): { ds: Dataset; reads: Record<string, number> } {
    const reads: Record<string, number> = { contacts: 0, releases: 0 };
    const records = new Proxy(ds.records, {
      get(target, key, receiver) {
        if (typeof key === 'string' && key in reads) reads[key]!++;
        return Reflect.get(target, key, receiver);
      },
    });
    return { ds: { ...ds, records }, reads };
  }
  const busy = () =>
    dataset(
      workbook({
        Women: Array.from({ length: 30 }, (_, i) => woman(`A${String(1000 + i)}AA`, 'Testa', '20/04/2021')),
        Contacts: [{ 'Contact date': '01/04/2021', 'Prison number': 'A1000AA', Scheme: 'Reconnect', 'Peer supporters': 'PS-001', 'Contact type': 'Emotional support', Minutes: '30', 'GP practice identified': 'Yes' }],
        Releases: [{ 'Prison number': 'A1029AA', 'Release date': '05/04/2021', 'Destination area': 'Norfolk', 'Release pack given': 'Yes' }],
        Services: [service('Norfolk', 'GP', 'Example Road Surgery', '01/03/2021')],
      }),
    );

  it('reads the Contacts and Releases tabs once for all the packs, not once per woman (25,000 packs took ten minutes)', () => {
    const { ds, reads } = counted(busy());
    const sources = packSources(ds, '2021-04-10');
    const packs = womenDue(ds, { asOf: '2021-04-10', withinDays: 42 }).map((w) => buildPack(w, sources));
    expect(packs).toHaveLength(29);
    expect(packs[0]!.gpPracticeIdentified).toBe('Yes');
    expect(reads.contacts).toBe(1);
    expect(reads.releases).toBeLessThanOrEqual(2); // women due (who is released) and the packs' sources
  });

  it("builds the Due for release view reading each tab a fixed number of times, whatever the women due (Apps Script's six minutes)", () => {
    const { ds, reads } = counted(busy());
    const rows = dueForReleaseView(ds, '2021-04-10');
    expect(rows).toHaveLength(1 + 29);
    expect(reads.contacts).toBe(1);
    expect(reads.releases).toBeLessThanOrEqual(3);
  });

  it('counts the women due per destination in one pass: 100,000 to one destination', () => {
    const packs = Array.from({ length: 100_000 }, () => ({ destinationArea: 'Norfolk', destinationKnown: true }));
    expect(gapsList(packs, readDirectory(busy(), '2021-04-10')).map((g) => [g.destination, g.womenDue])).toEqual([['Norfolk', 100_000]]);
  });

  it('writes the print file a pack at a time, the same as rendered whole (one string of 60,000 packs is past V8\'s longest)', () => {
    const ds = busy();
    const sources = packSources(ds, '2021-04-10');
    const packs = womenDue(ds, { asOf: '2021-04-10', withinDays: 42 }).map((w) => buildPack(w, sources));
    const context = packContext(makeSettings({}), DEFAULT_CONFIG, '2021-04-10');
    const renderer = createRenderer();
    const pieces = [...renderer.renderEach('packs-print', context, 'packs', 'pack-body', packs)];
    expect(pieces).toHaveLength(packs.length + 2);
    expect(pieces.join('')).toBe(renderer.render('packs-print', { ...context, packs }));
    // A print template of one's own that is not a frame around each pack's partial is rendered whole.
    const own = tempDir();
    writeFileSync(join(own, 'packs-print.hbs'), '<p>{{packs.length}} packs</p>{{#each packs}}<h2>{{firstName}}</h2>{{> pack-body}}{{/each}}');
    const mine = createRenderer(own);
    const whole = [...mine.renderEach('packs-print', context, 'packs', 'pack-body', packs)];
    expect(whole).toEqual([mine.render('packs-print', { ...context, packs })]);
    expect(whole[0]).toContain('<p>29 packs</p>');
  });
});

describe('low-code templates and progress', () => {
  it('lets a provider replace a partial with --templates, keeping the rest', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const own = tempDir();
    mkdirSync(join(own, 'partials'));
    writeFileSync(join(own, 'partials', 'service-fallback.hbs'), '<p>Ask at the Example Trust resettlement desk.</p>');
    const source = writeCsvWorkbook(packsWorkbook());
    const out = join(tempDir(), 'packs');
    const run = await runCli(['packs', '--source', source, '--as-of', '2021-04-10', '--out', out, '--format', 'html', '--templates', own]);
    expect(run.code).toBe(0);
    const html = readFileSync(join(out, 'pack-A1111AA.html'), 'utf8');
    expect(html).toContain('Ask at the Example Trust resettlement desk.');
    expect(html).not.toContain('We do not have a checked local crisis line');
    expect(html).toContain('Your first week'); // built-in template still used
  });

  it('uses the stale-after setting', async () => {
    const source = writeCsvWorkbook(packsWorkbook());
    const out = join(tempDir(), 'packs');
    // 2020-01-01 is 465 days before the as-of date: current only with a longer setting.
    await runCli(['packs', '--source', source, '--as-of', '2021-04-10', '--out', out, '--format', 'html', '--stale-after', '500']);
    expect(readFileSync(join(out, 'pack-A1111AA.html'), 'utf8')).not.toContain('Phone first to check');
  });

  it('draws a progress bar only for a person at a terminal', async () => {
    const { progress } = await import('../../generator/progress.js');
    const io = { out() {}, write() {}, error() {}, note() {} };
    let drawn = '';
    const bar = progress({ ...io, interactive: true }, 'Packs', 4, (t) => (drawn += t));
    for (let i = 0; i < 4; i++) bar.tick();
    bar.done();
    expect(drawn).toContain('4/4');
    let quiet = '';
    const none = progress({ ...io, interactive: false }, 'Packs', 4, (t) => (quiet += t));
    none.tick();
    none.done();
    expect(quiet).toBe('');
  });

  it('notes a long step only for a person at a terminal', async () => {
    const { step } = await import('../../generator/progress.js');
    const notes: string[] = [];
    const io = { out() {}, write() {}, error() {}, note: (l: string) => notes.push(l) };
    step({ ...io, interactive: false }, 'Reading quietly…');
    step({ ...io, interactive: true }, 'Reading the sample workbook…');
    expect(notes).toEqual(['Reading the sample workbook…']);
  });
});
