/** The synthetic sample workbook (generator/sample/sample-workbook.ts and each scheme's generator beside it): shape, volumes, planted mistakes, fiction. */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { readDataset, type Dataset, type DataRecord } from '../../core/dataset.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import { SERVICE_TYPES } from '../../core/schemes/contract/vocabulary.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import { parseQuarter } from '../../core/quarters.js';
import { addDays } from '../../core/dates.js';
import type { RawWorkbook, Tab } from '../../core/workbook.js';
import { evaluateReport } from '../../core/report.js';
import { findScheme } from '../../core/schemes/index.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/run-cli.js';

/** Every registered scheme's forms, each once, in the registry's order: the sample's tabs. */
const FORMS = formsOf(SCHEMES);

let wb: RawWorkbook;
let ds: Dataset;

beforeAll(() => {
  wb = generateSampleWorkbook();
  ds = readDataset(wb, CONTRACT_FORMS, DEFAULT_SETTINGS);
});

function tab(name: string): Tab {
  const t = wb.tabs.find((x) => x.name === name);
  if (!t) throw new Error(`no tab ${name}`);
  return t;
}

/** A column's raw cells, by its title. */
function column(name: string, title: string): string[] {
  const t = tab(name);
  const i = t.header.indexOf(title);
  if (i < 0) throw new Error(`no column ${title} in ${name}`);
  return t.rows.map((r) => String(r[i] ?? ''));
}

const records = (form: string): DataRecord[] => ds.records[form]!;
const str = (r: DataRecord, key: string) => r.values[key] as string;
const list = (r: DataRecord, key: string) => (r.values[key] as string[] | null) ?? [];
const inPeriod = (date: unknown, p: { start: string; end: string }) => typeof date === 'string' && date >= p.start && date <= p.end;
const isoOf = (ddmmyyyy: string) => `${ddmmyyyy.slice(6, 10)}-${ddmmyyyy.slice(3, 5)}-${ddmmyyyy.slice(0, 2)}`;

const QUARTERS = ['2020-21-Q4', '2021-22-Q1', '2021-22-Q2', '2021-22-Q3', '2021-22-Q4', '2022-23-Q1', '2022-23-Q2', '2022-23-Q3'].map((q) =>
  parseQuarter(q, DEFAULT_SETTINGS),
);

describe('the sample workbook', () => {
  it('is deterministic: the same options give the same workbook, another seed another', () => {
    expect(generateSampleWorkbook()).toEqual(wb);
    expect(generateSampleWorkbook({ seed: 20210102, scale: 1 })).toEqual(wb);
    const other = generateSampleWorkbook({ seed: 7 });
    expect(other.tabs.map((t) => t.header)).toEqual(wb.tabs.map((t) => t.header));
    expect(other.tabs.find((t) => t.name === 'Women')!.rows).not.toEqual(tab('Women').rows);
    expect(other.tabs.find((t) => t.name === 'Contacts')!.rows).not.toEqual(tab('Contacts').rows);
  });

  it('has exactly one tab for every form of every registered scheme, in formsOf(SCHEMES) order', () => {
    for (const scheme of SCHEMES) {
      for (const form of scheme.forms) expect(wb.tabs.filter((t) => t.name === form.tab), `${scheme.id}: ${form.tab}`).toHaveLength(1);
    }
    expect(wb.tabs.map((t) => t.name)).toEqual(FORMS.map((f) => f.tab));
  });

  it('puts the contract’s tabs first, each headed by its declared question titles', () => {
    expect(wb.origin).toBe('sample workbook');
    expect(FORMS.slice(0, CONTRACT_FORMS.length)).toEqual(CONTRACT_FORMS);
    for (const form of FORMS) {
      const t = tab(form.tab);
      expect(t.header).toEqual(form.questions.map((q) => q.title));
      expect(t.rows.filter((row) => row.length !== t.header.length || row.some((cell) => typeof cell !== 'string'))).toEqual([]);
    }
    expect(ds.unreadable.size).toBe(0);
    expect(ds.issues.filter((i) => i.row === 1 || i.row === null)).toEqual([]);
    const all = readDataset(wb, FORMS, DEFAULT_SETTINGS);
    expect(all.unreadable.size).toBe(0);
    expect(all.issues.filter((i) => i.row === 1 || i.row === null)).toEqual([]);
  });

  it('writes cells as an en_GB export shows them', () => {
    const oddDates: string[] = [];
    for (const form of FORMS) {
      form.questions.forEach((q) => {
        if (q.type !== 'date' && q.type !== 'timestamp') return;
        for (const cell of column(form.tab, q.title)) {
          if (cell === '') continue;
          if (q.type === 'timestamp') {
            expect(cell).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
            // Submitted during the working day.
            expect(cell.slice(11) >= '08:30:00' && cell.slice(11) < '17:30:00').toBe(true);
          } else if (!/^\d{2}\/\d{2}\/\d{4}$/.test(cell)) oddDates.push(cell);
        }
      });
    }
    expect(oddDates).toEqual(['2021-06-14']); // the one date typed ISO, on purpose
    for (const cell of column('Contacts', 'Minutes')) expect(cell).toMatch(/^(\d+)?$/);
    for (const cell of column('Training', 'Hours')) expect(cell).toMatch(/^\d+(\.\d)?$/);
    // Checkbox answers joined by ", ".
    expect(column('Contacts', 'Contact type').some((c) => c.includes(', '))).toBe(true);
    expect(column('Training', 'Schemes')).toContain('Perinatal, Reconnect');
  });

  it('submits each form on or a few days after the event it records', () => {
    const pairs: Array<[string, string]> = [
      ['Contacts', 'Contact date'],
      ['Releases', 'Release date'],
      ['Women', 'Date received'],
      ['Training', 'Session date'],
      ['Questionnaires', 'Date completed'],
      ['Release planning', 'Date'],
    ];
    for (const [name, title] of pairs) {
      const stamps = column(name, 'Timestamp');
      const dates = column(name, title);
      const intake = name === 'Women' ? column(name, 'Prison number') : [];
      stamps.forEach((stamp, i) => {
        const date = dates[i]!;
        if (!/^\d{2}\/\d{2}\/\d{4}$/.test(date) || date === '31/02/2021') return;
        if (name === 'Women' && intake.indexOf(intake[i]!) !== i) return; // a later update of her record
        const lag = (Date.parse(isoOf(stamp)) - Date.parse(isoOf(date))) / 86400000;
        expect(lag).toBeGreaterThanOrEqual(0);
        expect(lag).toBeLessThanOrEqual(16);
      });
      // A response tab is in submission order.
      const keys = stamps.map((s) => `${isoOf(s)} ${s.slice(11)}`);
      expect([...keys].sort()).toEqual(keys);
    }
  });
});

describe('volumes at scale 1', () => {
  it('has about forty peer supporters over the two years, some of whom leave', () => {
    const supporters = ds.registered.supporters!;
    expect(supporters.size).toBeGreaterThanOrEqual(35);
    expect(supporters.size).toBeLessThanOrEqual(45);
    const all = [...supporters.values()];
    expect(all.filter((s) => s.values.endDate !== null).length).toBeGreaterThanOrEqual(5);
    expect(all.filter((s) => (s.values.schemes as string[]).length === 2).length).toBeGreaterThan(0);
    expect(new Set(all.map((s) => s.values.role))).toEqual(new Set(['Volunteer', 'Paid']));
    // Leaving is a later row with the same ID, the End date and the required answers only.
    const t = tab('Supporters');
    const [id, end, role] = ['Supporter ID', 'End date', 'Role'].map((h) => t.header.indexOf(h)) as [number, number, number];
    const leaving = t.rows.filter((r) => r[end] !== '');
    expect(leaving.length).toBe(all.filter((s) => s.values.endDate !== null).length);
    for (const row of leaving) {
      expect(row[role]).toBe('');
      expect(t.rows.findIndex((r) => r[id] === row[id])).toBeLessThan(t.rows.indexOf(row));
    }
  });

  it('receives several hundred women a year, with unique, well-formed prison numbers', () => {
    const women = [...ds.registered.women!.values()];
    const year1 = women.filter((w) => inPeriod(w.values.dateReceived, { start: '2021-01-02', end: '2022-01-01' }));
    const year2 = women.filter((w) => inPeriod(w.values.dateReceived, { start: '2022-01-02', end: '2023-01-01' }));
    for (const year of [year1, year2]) {
      expect(year.length).toBeGreaterThanOrEqual(500);
      expect(year.length).toBeLessThanOrEqual(700);
    }
    const numbers = column('Women', 'Prison number');
    for (const n of numbers) expect(n).toMatch(/^[A-Z]\d{4}[A-Z]{2}$/);
    expect(new Set(numbers).size).toBe(women.length);
    // Some records are updated by a later row (the upsert).
    expect(numbers.length - women.length).toBeGreaterThan(50);

    const share = (f: (w: DataRecord) => boolean) => women.filter(f).length / women.length;
    for (const status of ['Pregnant', 'Pregnant in the last 12 months']) {
      expect(share((w) => w.values.perinatalStatus === status)).toBeGreaterThanOrEqual(0.05);
      expect(share((w) => w.values.perinatalStatus === status)).toBeLessThanOrEqual(0.08);
    }
    expect(share((w) => w.values.consentPeerSupport === 'Yes')).toBeGreaterThanOrEqual(0.85);
    expect(share((w) => w.values.consentPeerSupport === 'Yes')).toBeLessThanOrEqual(0.95);
    expect(share((w) => w.values.consentShareHealthcare === 'Yes')).toBeGreaterThanOrEqual(0.75);
    expect(share((w) => w.values.expectedReleaseDate === null)).toBeGreaterThan(0);
    expect(share((w) => w.values.expectedReleaseDate === null)).toBeLessThan(0.15);
    expect(share((w) => w.values.destinationArea === 'Not known')).toBeGreaterThan(0);
    expect(share((w) => w.values.destinationArea === 'Not known')).toBeLessThan(0.06);
  });

  it('logs thousands of contacts, training and supervision every month, feedback every quarter', () => {
    expect(records('contacts').length).toBeGreaterThanOrEqual(6000);
    expect(records('contacts').length).toBeLessThanOrEqual(10000);
    const training = records('training');
    expect(training.length).toBeGreaterThanOrEqual(48);
    expect(training.length).toBeLessThanOrEqual(96);
    for (let m = 0; m < 24; m++) {
      const month = `${2021 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      const inMonth = (r: DataRecord) => str(r, 'sessionDate').startsWith(month);
      expect(training.filter(inMonth).length, month).toBeGreaterThanOrEqual(1);
      for (const scheme of ['Perinatal', 'Reconnect']) {
        const groups = records('supervision').filter((r) => inMonth(r) && r.values.format === 'Group' && list(r, 'schemes').includes(scheme));
        // One Supervision row is planted with its Supervisor blank, so that month may lack one.
        if (groups.length === 0) expect(ds.issues.some((i) => i.tab === 'Supervision' && i.severity === 'error')).toBe(true);
      }
    }
    expect(records('supervision').filter((r) => r.values.format === 'One-to-one').length).toBeGreaterThan(24);
    for (const q of QUARTERS) {
      const n = records('questionnaires').filter((r) => inPeriod(r.values.dateCompleted, q)).length;
      expect(n, q.label).toBeGreaterThanOrEqual(20);
      expect(n, q.label).toBeLessThanOrEqual(60);
      for (const scheme of ['Perinatal', 'Reconnect']) {
        const groups = records('focusGroups').filter((r) => r.values.scheme === scheme && inPeriod(r.values.dateHeld, q)).length;
        expect(groups, `${q.label} ${scheme}`).toBeGreaterThanOrEqual(1);
        expect(groups, `${q.label} ${scheme}`).toBeLessThanOrEqual(2);
      }
    }
    // Each core topic is taught over time.
    const topics = new Set(training.flatMap((r) => list(r, 'topics')));
    for (const t of ['Confidentiality', 'Active listening', 'Own emotional response', 'Practical issues']) expect(topics).toContain(t);
  });

  it('logs the release of most women whose expected release has passed', () => {
    const releases = records('releases');
    expect(releases.length).toBeGreaterThanOrEqual(600);
    expect(releases.length).toBeLessThanOrEqual(1200);
    const released = new Set(releases.map((r) => str(r, 'prisonNumber')));
    const due = [...ds.registered.women!.values()].filter((w) => typeof w.values.expectedReleaseDate === 'string' && str(w, 'expectedReleaseDate') < '2022-12-01');
    expect(due.filter((w) => released.has(str(w, 'prisonNumber'))).length / due.length).toBeGreaterThan(0.85);
    expect(releases.filter((r) => r.values.supportedToReconnect === 'Yes').length / releases.length).toBeGreaterThan(0.6);
    // Some are logged after their quarter has ended, though dated inside it.
    const late = releases.filter((r) => {
      const q = QUARTERS.find((p) => inPeriod(r.values.releaseDate, p));
      return q !== undefined && str(r, 'timestamp').slice(0, 10) > q.end;
    });
    expect(late.length).toBeGreaterThanOrEqual(5);
  });

  it('names peer supporters who are registered, on that scheme and active on the day', () => {
    const supporters = ds.registered.supporters!;
    let unknown = 0;
    const wrong: string[] = [];
    for (const r of records('contacts')) {
      const ids = list(r, 'peerSupporters');
      if (ids.length < 1 || ids.length > 2) wrong.push(`row ${r.row}: ${ids.length} supporters`);
      for (const id of ids) {
        const s = supporters.get(id);
        if (!s) {
          unknown++;
          continue;
        }
        const date = str(r, 'contactDate');
        if (!list(s, 'schemes').includes(str(r, 'scheme'))) wrong.push(`row ${r.row}: ${id} is not on ${str(r, 'scheme')}`);
        if (str(s, 'startDate') > date || (s.values.endDate !== null && str(s, 'endDate') < date)) wrong.push(`row ${r.row}: ${id} not active`);
      }
    }
    expect(wrong).toEqual([]);
    expect(unknown).toBe(1); // the planted one
    for (const form of ['training', 'supervision']) {
      for (const r of records(form)) {
        for (const id of list(r, 'attendees')) {
          const s = supporters.get(id);
          const date = str(r, 'sessionDate');
          if (!s || str(s, 'startDate') > date || (s.values.endDate !== null && str(s, 'endDate') < date)) wrong.push(`${form} row ${r.row}: ${id}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    const minutes = records('contacts').map((r) => r.values.minutes).filter((m): m is number => typeof m === 'number');
    expect(minutes.filter((m) => m >= 10 && m <= 90).length / minutes.length).toBeGreaterThan(0.8);
  });

  it('has, in every quarter of the contract, both schemes at work and releases', () => {
    for (const q of QUARTERS) {
      for (const scheme of ['Perinatal', 'Reconnect']) {
        const label = `${q.label} ${scheme}`;
        expect(records('contacts').filter((r) => r.values.scheme === scheme && inPeriod(r.values.contactDate, q)).length, label).toBeGreaterThan(0);
        expect(records('training').filter((r) => list(r, 'schemes').includes(scheme) && inPeriod(r.values.sessionDate, q)).length, label).toBeGreaterThan(0);
        expect(records('supervision').filter((r) => list(r, 'schemes').includes(scheme) && inPeriod(r.values.sessionDate, q)).length, label).toBeGreaterThan(0);
        expect(records('questionnaires').filter((r) => r.values.scheme === scheme && inPeriod(r.values.dateCompleted, q)).length, label).toBeGreaterThan(0);
      }
      expect(records('releases').filter((r) => inPeriod(r.values.releaseDate, q)).length, q.label).toBeGreaterThan(0);
    }
  });
});

describe('planted mistakes', () => {
  it('appear as the right kind of data issue, and only they', () => {
    const summary = ds.issues.map((i) => `${i.tab} ${i.severity}: ${i.reason}`);
    const errors = ds.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => i.tab).sort()).toEqual(['Contacts', 'Contacts', 'Questionnaires', 'Supervision', 'Training']);
    const has = (tab: string, severity: string, text: string) =>
      expect(summary.filter((s) => s.startsWith(`${tab} ${severity}:`) && s.includes(text)), `${tab} ${severity} ${text}`).toHaveLength(1);
    has('Contacts', 'error', '"Prison number" does not match the pattern');
    has('Contacts', 'error', '"Minutes" must be a number from 1 to 600');
    has('Training', 'error', '"Session date" is not a date that can be read');
    // The answers staff may see beside the reason: a number and a date, never free text.
    expect(errors.map((i) => i.answer).filter((a) => a !== undefined).sort()).toEqual(['31/02/2021', '900', 'Perinatl']);
    has('Supervision', 'error', '"Supervisor" is required but blank');
    has('Questionnaires', 'error', '"Scheme" has an answer that is not one of');
    has('Contacts', 'duplicate', 'repeats row');
    has('Releases', 'duplicate', 'repeats row');
    has('Contacts', 'warning', '"Peer supporters" names a Supporter ID that no Supporters row registers');
    has('Release planning', 'warning', '"Prison number" names a Prison number that no Women row registers');
    expect(ds.issues).toHaveLength(9);
    expect(column('Questionnaires', 'Scheme')).toContain('Perinatl');

    // Each duplicate is identical to the row before it in every cell, Timestamp included.
    for (const i of ds.issues.filter((x) => x.severity === 'duplicate')) {
      const rows = tab(i.tab).rows;
      expect(rows[i.row! - 2]).toEqual(rows[i.row! - 3]);
    }
    // A tiny fraction of the rows.
    const total = wb.tabs.reduce((n, t) => n + t.rows.length, 0);
    expect(errors.length / total).toBeLessThan(0.002);
  });

  it('include identifiers typed with stray case and spaces, and an ISO date, which are valid', () => {
    const typed = (name: string, title: string, pattern: RegExp) =>
      column(name, title)
        .map((cell, i) => ({ cell, row: i + 2 }))
        .filter(({ cell }) => cell !== '' && cell !== cell.trim().toUpperCase() && pattern.test(cell.trim().toUpperCase()));
    const stray = [
      ...typed('Contacts', 'Peer supporters', /^PS-\d{3,}$/).map((x) => ({ ...x, tab: 'Contacts', form: 'contacts' })),
      ...typed('Contacts', 'Prison number', /^[A-Z]\d{4}[A-Z]{2}$/).map((x) => ({ ...x, tab: 'Contacts', form: 'contacts' })),
      ...typed('Releases', 'Prison number', /^[A-Z]\d{4}[A-Z]{2}$/).map((x) => ({ ...x, tab: 'Releases', form: 'releases' })),
    ];
    expect(stray.map((s) => s.tab)).toEqual(['Contacts', 'Contacts', 'Releases']);
    for (const s of stray) {
      expect(ds.issues.filter((i) => i.tab === s.tab && i.row === s.row)).toEqual([]);
      const record = records(s.form).find((r) => r.row === s.row)!;
      const id = s.cell.trim().toUpperCase();
      expect([record.values.peerSupporters, record.values.prisonNumber].flat()).toContain(id);
      if (/^PS-/.test(id)) expect(ds.registered.supporters!.has(id)).toBe(true);
      else expect(ds.registered.women!.has(id)).toBe(true);
    }
    const isoRow = column('Contacts', 'Contact date').indexOf('2021-06-14') + 2;
    expect(records('contacts').find((r) => r.row === isoRow)?.values.contactDate).toBe('2021-06-14');
  });
});

describe('fiction', () => {
  const COMMON_SURNAMES = `Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright
    Walker White Edwards Hughes Green Hall Lewis Harris Clarke Clark Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore
    Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook
    Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum
    Wilkinson Foster Chapman Powell Webb Rogers Gray Grey Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes
    Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham`
    .split(/\s+/)
    .map((s) => s.toLowerCase());
  const FICTIONAL = /example|sample|madeup|notreally|placeholder|fiction|test|mock|dummy|fake|lorem/i;

  it('names nobody with a common real surname, except in obviously fictional compounds', () => {
    const cells = [
      ...column('Women', 'First name'),
      ...column('Women', 'Last name'),
      ...column('Supporters', 'Name'),
      ...column('Training', 'Trainer'),
      ...column('Supervision', 'Supervisor'),
      ...column('Focus groups', 'Facilitator'),
      ...column('Services', 'Verified by'),
      ...column('Mentors', 'Name'),
    ].filter((c) => c !== '');
    const offending = new Set<string>();
    for (const cell of cells) {
      for (const token of cell.split(/\s+/)) {
        const parts = token.split('-');
        const real = parts.some((p) => COMMON_SURNAMES.includes(p.toLowerCase()));
        if (real && (parts.length === 1 || !parts.some((p) => FICTIONAL.test(p)))) offending.add(cell);
      }
    }
    expect([...offending]).toEqual([]);
    // The compounds are there, and obviously fictional.
    expect(column('Women', 'Last name')).toContain('Madeup-Jones');
  });

  it('gives only drama-range phone numbers and example web addresses in the services directory', () => {
    const drama = [/^01632 960\d{3}$/, /^020 7946 0\d{3}$/, /^0808 157 0\d{3}$/, /^011[3-8] 496 0\d{3}$/, /^0121 496 0\d{3}$/, /^07700 900\d{3}$/];
    const phones = column('Services', 'Phone');
    expect(phones.filter((p) => p !== '').length).toBeGreaterThan(80);
    for (const p of phones.filter((x) => x !== '')) expect(drama.some((d) => d.test(p)), p).toBe(true);
    for (const w of column('Services', 'Website').filter((x) => x !== '')) expect(w).toMatch(/^https:\/\/([a-z0-9-]+\.)*example\.(org|com)\//);
  });

  it('keeps a services directory for every destination, with gaps, national helplines and some stale entries', () => {
    const services = records('services');
    expect(services.length).toBeGreaterThanOrEqual(80);
    expect(services.length).toBeLessThanOrEqual(130);
    const areas = new Set(services.map((s) => str(s, 'area')));
    for (const w of ds.registered.women!.values()) {
      if (w.values.destinationArea !== 'Not known') expect(areas).toContain(w.values.destinationArea);
    }
    const national = services.filter((s) => s.values.area === 'National');
    expect(national.length).toBeGreaterThanOrEqual(3);
    for (const n of national) expect(n.values.phone).toMatch(/^0808 157 0\d{3}$/);
    const local = [...areas].filter((a) => a !== 'National');
    const gaps = local.flatMap((a) => SERVICE_TYPES.filter((t) => !services.some((s) => s.values.area === a && s.values.serviceType === t)));
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(gaps.length).toBeLessThanOrEqual(10);
    const staleBefore = addDays('2021-04-10', -DEFAULT_SETTINGS.staleAfterDays);
    const stale = services.filter((s) => str(s, 'lastVerified') < staleBefore).length;
    expect(stale).toBeGreaterThan(0);
    expect(stale / services.length).toBeLessThan(0.35);
    for (const s of services) expect(str(s, 'lastVerified') >= '2020-10-15' || str(s, 'lastVerified') < staleBefore).toBe(true);
  });
});

describe('the release packs demonstration', () => {
  it('has 5 to 15 consenting women due out in the six weeks after 10 April 2021, not yet released', () => {
    const asOf = '2021-04-10';
    const until = addDays(asOf, 42);
    const releasedBefore = new Set(records('releases').filter((r) => str(r, 'releaseDate') <= asOf).map((r) => str(r, 'prisonNumber')));
    const due = [...ds.registered.women!.values()].filter(
      (w) =>
        w.values.consentPeerSupport === 'Yes' &&
        typeof w.values.expectedReleaseDate === 'string' &&
        str(w, 'expectedReleaseDate') >= asOf &&
        str(w, 'expectedReleaseDate') <= until &&
        !releasedBefore.has(str(w, 'prisonNumber')),
    );
    expect(due.length).toBeGreaterThanOrEqual(5);
    expect(due.length).toBeLessThanOrEqual(15);
  });

  it('names chosen practices in the packs, one the directory lacks, and leaves out the woman who withdrew', async () => {
    const out = tempDir();
    const run = await runCli(['packs', '--as-of', '2021-04-10', '--due-within', '6w', '--out', out, '--format', 'html']);
    expect(run.code).toBe(0);
    const packs = readdirSync(out).filter((f) => /^pack-.*\.html$/.test(f)).map((f) => readFileSync(join(out, f), 'utf8'));
    expect(packs.filter((html) => html.includes('(your chosen surgery)')).length).toBeGreaterThanOrEqual(3);
    expect(packs.filter((html) => html.includes('Ask us for its phone number and address.'))).toHaveLength(1);
    const withdrawnByThen = [...ds.registered.women!.values()].filter(
      (w) => typeof w.values.consentWithdrawnDate === 'string' && str(w, 'consentWithdrawnDate') <= '2021-04-10' && str(w, 'expectedReleaseDate') >= '2021-04-10',
    );
    expect(withdrawnByThen).toHaveLength(1);
    expect(readdirSync(out)).not.toContain(`pack-${str(withdrawnByThen[0]!, 'prisonNumber')}.html`);
  });
});

describe('release planning and consent withdrawn', () => {
  const plans = () => [...ds.registered.releasePlanning!.values()];
  const woman = (pn: string) => ds.registered.women!.get(pn);

  it('plans the release of most consenting women, in the six weeks before it, recorded by a supporter in role', () => {
    const expecting = [...ds.registered.women!.values()].filter(
      (w) => w.values.consentPeerSupport === 'Yes' && typeof w.values.expectedReleaseDate === 'string' && str(w, 'expectedReleaseDate') <= '2022-12-01',
    );
    const planned = plans().filter((p) => woman(str(p, 'prisonNumber')) !== undefined);
    expect(planned.length / expecting.length).toBeGreaterThan(0.5);
    expect(records('releasePlanning').length - planned.length).toBeGreaterThan(50); // some recorded twice (the upsert)
    const wrong: string[] = [];
    for (const r of records('releasePlanning')) {
      const w = woman(str(r, 'prisonNumber'));
      if (!w) continue; // the planted unregistered one
      const date = str(r, 'date');
      if (date < addDays(str(w, 'expectedReleaseDate'), -42) || date > str(w, 'expectedReleaseDate') || date < str(w, 'dateReceived')) wrong.push(`row ${r.row}: ${date}`);
      const id = r.values.peerSupporter;
      if (typeof id === 'string') {
        const s = ds.registered.supporters!.get(id);
        if (!s || !list(s, 'schemes').includes('Reconnect') || str(s, 'startDate') > date || (s.values.endDate !== null && str(s, 'endDate') < date)) wrong.push(`row ${r.row}: ${id}`);
      }
    }
    expect(wrong).toEqual([]);
    const share = (key: string, value: string) => plans().filter((p) => p.values[key] === value).length;
    for (const status of ['Registered', 'Registration started', 'Not started']) expect(share('gpRegistration', status), status).toBeGreaterThan(20);
    for (const printed of ['Yes', 'No']) expect(share('releasePackPrinted', printed)).toBeGreaterThan(20);
    for (const type of SERVICE_TYPES) expect(plans().filter((p) => list(p, 'servicesNeeded').includes(type)).length, type).toBeGreaterThan(10);
  });

  it('chooses practices as the directory names them for her destination, and a few it lacks', () => {
    const gps = records('services').filter((s) => s.values.serviceType === 'GP');
    const listed = (p: DataRecord) => gps.some((g) => str(g, 'name').toLowerCase() === str(p, 'gpPractice').trim().toLowerCase());
    const chosen = plans().filter((p) => typeof p.values.gpPractice === 'string');
    const unlisted = chosen.filter((p) => !listed(p));
    expect(chosen.length).toBeGreaterThan(300);
    expect(unlisted.length).toBeGreaterThanOrEqual(3);
    expect(unlisted.length / chosen.length).toBeLessThan(0.08);
    for (const p of chosen.filter(listed)) {
      const w = woman(str(p, 'prisonNumber'));
      if (w) expect(gps.some((g) => g.values.area === w.values.destinationArea && str(g, 'name').toLowerCase() === str(p, 'gpPractice').toLowerCase())).toBe(true);
    }
    // One typed in lower case with stray spaces, on purpose: still matched.
    expect(column('Release planning', 'GP practice').filter((c) => c !== c.trim() && c === c.toLowerCase())).toHaveLength(1);
  });

  it('has a few women who withdrew their consent, after their last contact; their earlier contacts still count', () => {
    const withdrawn = [...ds.registered.women!.values()].filter((w) => typeof w.values.consentWithdrawnDate === 'string');
    expect(withdrawn.length).toBeGreaterThanOrEqual(3);
    expect(withdrawn.length).toBeLessThanOrEqual(8);
    for (const w of withdrawn) {
      const theirs = records('contacts').filter((r) => r.values.prisonNumber === w.values.prisonNumber);
      expect(theirs.length).toBeGreaterThan(0);
      expect(theirs.filter((r) => str(r, 'contactDate') >= str(w, 'consentWithdrawnDate'))).toEqual([]);
      expect(records('releasePlanning').filter((r) => r.values.prisonNumber === w.values.prisonNumber && str(r, 'date') >= str(w, 'consentWithdrawnDate'))).toEqual([]);
      // Line ii of the quarter of her last contact still counts her.
      const last = theirs.reduce((a, b) => (str(a, 'contactDate') >= str(b, 'contactDate') ? a : b));
      const quarter = QUARTERS.find((q) => inPeriod(last.values.contactDate, q))!;
      const scheme = findScheme(str(last, 'scheme') === 'Perinatal' ? 'perinatal' : 'reconnect');
      const line = evaluateReport(scheme, ds, quarter).lines.find((l) => l.id === 'women_supported')!;
      expect(line.evidence.flatMap((e) => e.rows)).toContain(last.row);
    }
  });
});

describe('the bundled sample workbook (generator/sample/workbook)', () => {
  it('is exactly what the generator makes (regenerate with "npm run sample:refresh")', async () => {
    const { readCsvFolder, SAMPLE_WORKBOOK } = await import('../../generator/sources/index.js');
    const bundled = readCsvFolder(SAMPLE_WORKBOOK, 'bundled');
    const generated = generateSampleWorkbook();
    expect(bundled.tabs.map((t) => t.name).sort()).toEqual(generated.tabs.map((t) => t.name).sort());
    for (const tab of generated.tabs) {
      const file = bundled.tabs.find((t) => t.name === tab.name)!;
      expect(file.header).toEqual(tab.header);
      expect(file.rows).toEqual(tab.rows);
    }
  });
});
