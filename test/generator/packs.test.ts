import { describe, expect, it } from 'vitest';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { workbook, dataset, report, type RowSpec } from '../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';
import { buildPack, gapsList, readDirectory, womanByPrisonNumber, womenDue } from '../../core/packs.js';
import { findBrowser, openPrinter } from '../../generator/render/pdf.js';
import { createRenderer } from '../../generator/render/templates.js';
import { formatPhone } from '../../generator/render/helpers.js';
import { parseWindow } from '../../generator/commands/packs.js';

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
  const directory = readDirectory(ds, '2021-04-10');
  const pack = buildPack(ds.registered.women!.get('A1111AA')!, ds, directory, '2021-04-10');
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
    const packs = womenDue(ds, { asOf: '2021-04-10', withinDays: 42 }).map((w) => buildPack(w, ds, directory, '2021-04-10'));
    const gaps = gapsList(packs, directory);
    const norfolk = gaps.find((g) => g.destination === 'Norfolk')!;
    expect(norfolk.womenDue).toBe(2);
    expect(norfolk.missing).toEqual(['Talking therapies (IAPT)', 'Crisis mental health', "Women's centre"]);
    expect(norfolk.stale.map((e) => e.name)).toEqual(['Old Example Therapies']);
    expect(gaps.find((g) => g.destination === 'Not known')!.missing).toContain('GP');
  });

  it('renders plain HTML that escapes what staff typed and falls back where nothing is current', () => {
    const html = createRenderer().render('pack', { pack, asOf: '2021-04-10', origin: 'test', preparedOn: '2021-04-10' });
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('Prepared for Testa Example');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toMatch(/Last checked 1 January 2020: these details may have changed/);
    expect(html).toContain('You can refer yourself to NHS talking therapies'); // fallback beside the stale entry
    expect(html).toContain('Samaritans on 116 123'); // crisis: no entry at all
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
  const directory = readDirectory(ds, '2021-04-10');
  const packOf = (id: string, d = ds) => buildPack(d.registered.women!.get(id)!, d, readDirectory(d, '2021-04-10'), '2021-04-10');
  const render = (id: string) => createRenderer().render('pack', { pack: packOf(id), asOf: '2021-04-10', origin: 'test', preparedOn: '2021-04-10' });

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
    expect(html).toMatch(/Unlisted Example Health Centre <span class="note">\(your chosen surgery\)<\/span><\/h3>\s*<p>We have no details for it here: ask the peer support team for its address\.<\/p>/);
    expect(html.indexOf('Unlisted Example Health Centre</h3>')).toBe(-1);
    expect(html.indexOf('Unlisted Example Health Centre <span')).toBeLessThan(html.indexOf('Another Example Surgery'));
    expect(html).not.toContain('Chosen — ask the peer support team');
    expect(html).toMatch(/<dt>GP surgery<\/dt><dd>Unlisted Example Health Centre<\/dd>/);
    expect(html).toMatch(/<dt>GP registration<\/dt><dd>Registered<\/dd>/);
  });

  it('prints her practice first and marked, and her needed services first, without saying which she needs', () => {
    const html = render('A1111AA');
    expect(html).toMatch(/<h3>Example Road Surgery <span class="note">\(your chosen surgery\)<\/span><\/h3>/);
    const at = (heading: string) => html.indexOf(`<h2>${heading}`);
    expect(at('Dentist')).toBeGreaterThan(0);
    expect(at('Dentist')).toBeLessThan(at("Women's centre"));
    expect(at("Women's centre")).toBeLessThan(at('Your GP (family doctor)'));
    expect(at('Your GP (family doctor)')).toBeLessThan(at('Talking therapies'));
    expect(html).not.toMatch(/will need|\bneeds\b/i);
  });

  it('gives a woman with no Release planning row the pack she had before the form', () => {
    const pack = packOf('G7777GG');
    expect(pack.plan).toBeNull();
    expect(pack).toEqual(packOf('G7777GG', dataset(wb.without)));
    expect(render('G7777GG')).toContain('Chosen — ask the peer support team for its details');
  });

  it('keeps the gaps list about the destinations, whatever the packs put first', () => {
    const packs = womenDue(ds, { asOf: '2021-04-10', withinDays: 42 }).map((w) => buildPack(w, ds, directory, '2021-04-10'));
    const withoutPlans = dataset(wb.without);
    const before = womenDue(withoutPlans, { asOf: '2021-04-10', withinDays: 42 }).map((w) => buildPack(w, withoutPlans, directory, '2021-04-10'));
    expect(gapsList(packs, directory)).toEqual(gapsList(before, directory));
    expect(gapsList(packs, directory)[0]!.missing).toEqual(['Talking therapies (IAPT)', 'Crisis mental health', "Women's centre"]);
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

/** Page count from the PDF's page tree (Chromium writes /Type /Page objects uncompressed). */
function pdfPages(file: string): number {
  return (readFileSync(file).toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

/** The PDF's text, through poppler's pdftotext. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

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
    expect(html).not.toContain('Samaritans on 116 123');
    expect(html).toContain('Your health services after release'); // built-in template still used
  });

  it('uses the stale-after setting', async () => {
    const source = writeCsvWorkbook(packsWorkbook());
    const out = join(tempDir(), 'packs');
    // 2020-01-01 is 465 days before the as-of date: current only with a longer setting.
    await runCli(['packs', '--source', source, '--as-of', '2021-04-10', '--out', out, '--format', 'html', '--stale-after', '500']);
    expect(readFileSync(join(out, 'pack-A1111AA.html'), 'utf8')).not.toContain('these details may have changed');
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
