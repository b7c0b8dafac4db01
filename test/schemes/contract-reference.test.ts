/**
 * Spec §4 computed a second way. Seeded random workbooks (dates bunched at the quarter
 * edges and at the ends of the 42 days before a release, written as text, ISO, serials
 * and London date cells; identifiers in stray case; supporters registered, re-registered
 * out of sheet order, or not at all; some invalid rows and exact repeats) are counted by
 * a plain reference that reads the definitions literally (lines i and v as revised
 * 2026-11-29, and the Reconnect report's Also recorded lines), and by the report engine.
 * Every value, n/N and evidence row must agree, for both schemes and several quarters.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { serialFromIsoDate } from '../../core/dates.js';
import { evidenceByTab, report, workbook, type RowSpec } from '../helpers/build-workbook.js';
import type { Cell } from '../../core/workbook.js';
import { Random } from '../../generator/sample/random.js';

const DATES = ['2020-12-31', '2021-01-01', '2021-02-14', '2021-03-31', '2021-04-01', '2021-05-15', '2021-06-30', '2021-07-01', '2021-09-30', '2021-10-01'];
const WOMEN = ['A1234BC', 'B2345CD', 'C3456DE', 'D4567EF', 'E5678FG'];
const SUPPORTERS = ['PS-001', 'PS-002', 'PS-003', 'PS-004', 'PS-005', 'PS-006', 'PS-1000'];
const SCHEMES = ['Perinatal', 'Reconnect'];
/** Whole days since 1970, by the calendar alone: the reference's own date arithmetic. */
const dayOf = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
/** Dates for preparation rows: the quarter edges, and each edge's release window's first day, the day before it, and the day after the release. */
const WINDOW_DATES = [...new Set(DATES.flatMap((d) => [d, isoOf(dayOf(d) - 41), isoOf(dayOf(d) - 42), isoOf(dayOf(d) + 1)]))];
const CONTACT_TYPES = ['Emotional support', 'Release planning', 'Practical help'];

/** What the reference knows about a row: its canonical answers, or that it must not count. */
interface Truth {
  counts: boolean;
  date: string;
  scheme?: string;
  schemes?: string[];
  ids?: string[];
  prisonNumber?: string;
  yes?: boolean;
  /** Supporters: the order of the row's Timestamp (later wins). */
  order?: number;
  contactTypes?: string[];
  gp?: boolean;
  pack?: boolean;
}

function generate(seed: number) {
  const random = new Random(seed);
  const rnd = () => random.next();
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const some = <T,>(xs: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(rnd() * max) }, () => pick(xs)))];
  const messy = (id: string) => pick([id, id.toLowerCase(), ` ${id}`, `${id} `, id.toLowerCase() + '  ']);
  const dateCell = (iso: string): Cell => {
    const [y, m, d] = iso.split('-');
    return pick<() => Cell>([
      () => `${d}/${m}/${y}`,
      () => iso,
      () => serialFromIsoDate(iso),
      () => DateTime.fromISO(iso, { zone: 'Europe/London' }).set({ hour: pick([0, 12, 23]), minute: 30 }),
      () => `${d}/${m}/${y} ${pick(['00:00:00', '23:59:59'])}`,
    ])();
  };
  const schemesCell = (xs: string[]) => xs.map((x) => pick([x, x.toLowerCase(), x.toUpperCase()])).join(', ');

  const tabs: Record<string, RowSpec[]> = {};
  const truth: Record<string, Truth[]> = {};
  const add = (tab: string, spec: RowSpec, t: Truth) => {
    (tabs[tab] ??= []).push(spec);
    (truth[tab] ??= []).push(t);
    if (rnd() < 0.08) {
      // An exact repeat, Timestamp included: listed as a duplicate, never counted.
      (tabs[tab] ??= []).push({ ...spec }); // the same Timestamp and answers
      truth[tab]!.push({ ...t, counts: false });
    }
  };
  let stamp = 0;
  const timestamp = () => `01/08/2021 ${String(Math.floor(stamp / 60)).padStart(2, '0')}:${String(stamp++ % 60).padStart(2, '0')}:00`;
  /** One time in ten, spoil one answer so the row is excluded. */
  const spoil = (spec: RowSpec, t: Truth, options: [string, Cell][]): void => {
    if (rnd() < 0.1) {
      const [column, value] = pick(options);
      spec[column] = value;
      t.counts = false;
    }
  };

  // Registrations: most supporters once or more (Timestamps out of sheet order, the latest wins), two never.
  let minute = 0;
  for (const id of SUPPORTERS.slice(0, 5)) {
    for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
      const day = 1 + Math.floor(rnd() * 28);
      const at = minute++;
      const schemes = some(SCHEMES, 2);
      const spec: RowSpec = {
        Timestamp: `${String(day).padStart(2, '0')}/07/2021 10:${String(at).padStart(2, '0')}:00`,
        'Supporter ID': messy(id),
        Name: 'Sam Placeholder',
        Schemes: schemesCell(schemes),
        'Start date': dateCell('2021-01-01'),
      };
      const t: Truth = { counts: true, date: '', ids: [id], schemes, order: day * 100 + at };
      spoil(spec, t, [['Name', ''], ['Schemes', 'Perinatl'], ['Start date', 'soon']]);
      add('Supporters', spec, t);
    }
  }
  for (let i = 0; i < 40; i++) {
    const date = pick(rnd() < 0.6 ? DATES : WINDOW_DATES);
    const scheme = pick(SCHEMES);
    const ids = some(SUPPORTERS, 3);
    const woman = pick(WOMEN);
    const contactTypes = rnd() < 0.3 ? [] : some(CONTACT_TYPES, 2);
    const spec: RowSpec = {
      Timestamp: timestamp(),
      'Contact date': dateCell(date),
      'Prison number': messy(woman),
      Scheme: pick([scheme, scheme.toLowerCase(), ` ${scheme.toUpperCase()} `]),
      'Peer supporters': ids.map(messy).join(', '),
      'Contact type': schemesCell(contactTypes),
    };
    const t: Truth = { counts: true, date, scheme, ids, prisonNumber: woman, contactTypes };
    spoil(spec, t, [['Prison number', 'A12345'], ['Scheme', 'Perinatl'], ['Contact date', '31/02/2021'], ['Peer supporters', 'PS-07'], ['Minutes', 0], ['Scheme', '']]);
    add('Contacts', spec, t);
  }
  for (const [tab, people] of [['Training', 'Trainer'], ['Supervision', 'Supervisor']] as const) {
    for (let i = 0; i < 15; i++) {
      const date = pick(DATES);
      const schemes = some(SCHEMES, 2);
      const ids = rnd() < 0.15 ? [] : some(SUPPORTERS, 4);
      const spec: RowSpec = {
        Timestamp: timestamp(),
        'Session date': dateCell(date),
        Schemes: schemesCell(schemes),
        [people]: 'Someone',
        Attendees: ids.map(messy).join(', '),
      };
      const t: Truth = { counts: true, date, schemes, ids };
      spoil(spec, t, [[people, ''], ['Schemes', 'Perinatal, Reconect'], ['Session date', 'next week'], ['Attendees', 'PS-1']]);
      add(tab, spec, t);
    }
  }
  for (let i = 0; i < 15; i++) {
    const date = pick(DATES);
    const scheme = pick(SCHEMES);
    const spec: RowSpec = { Timestamp: timestamp(), 'Date completed': dateCell(date), Scheme: scheme, Stage: pick(['Pregnant', 'Other', '']) };
    const t: Truth = { counts: true, date, scheme };
    spoil(spec, t, [['Scheme', 'Both'], ['Stage', 'Unknown'], ['Date completed', '']]);
    add('Questionnaires', spec, t);
  }
  for (let i = 0; i < 10; i++) {
    const date = pick(DATES);
    const scheme = pick(SCHEMES);
    const spec: RowSpec = { Timestamp: timestamp(), 'Date held': dateCell(date), Scheme: scheme, Participants: 1 + Math.floor(rnd() * 9), Facilitator: 'F' };
    const t: Truth = { counts: true, date, scheme };
    spoil(spec, t, [['Participants', 0], ['Facilitator', ''], ['Date held', '29/02/2021']]);
    add('Focus groups', spec, t);
  }
  for (let i = 0; i < 20; i++) {
    const date = pick(DATES);
    const woman = pick(WOMEN);
    const answer = pick(['Yes', 'No', '', 'yes', 'YES ']);
    const gp = pick(['Registered before release', 'registered before release', 'Registration started', 'Not registered', '']);
    const pack = pick(['Yes', 'No', '', ' yes']);
    const spec: RowSpec = {
      Timestamp: timestamp(),
      'Prison number': messy(woman),
      'Release date': dateCell(date),
      'Destination area': 'Leeds',
      'GP registration': gp,
      'Release pack given': pack,
      'Supported to reconnect with healthcare': answer,
    };
    const t: Truth = {
      counts: true,
      date,
      prisonNumber: woman,
      yes: answer.trim().toLowerCase() === 'yes',
      gp: gp.toLowerCase() === 'registered before release',
      pack: pack.trim().toLowerCase() === 'yes',
    };
    spoil(spec, t, [['Prison number', 'AB1234C'], ['Destination area', ''], ['Supported to reconnect with healthcare', 'Maybe'], ['GP registration', 'Registered']]);
    add('Releases', spec, t);
  }
  for (let i = 0; i < 15; i++) {
    const date = pick(WINDOW_DATES);
    const woman = pick(WOMEN);
    const spec: RowSpec = { Timestamp: timestamp(), 'Prison number': messy(woman), Date: dateCell(date), 'GP registration': pick(['Registered', 'Not started', '']) };
    const t: Truth = { counts: true, date, prisonNumber: woman };
    spoil(spec, t, [['Date', ''], ['Prison number', 'AB1234C'], ['GP registration', 'Registered before release']]);
    add('Release planning', spec, t);
  }
  return { tabs, truth };
}

/** Spec §4, read literally. Returns each line's value and the rows behind it, by tab. */
function reference(truth: Record<string, Truth[]>, S: string, start: string, end: string) {
  const rows = (tab: string, keep: (t: Truth) => boolean) =>
    (truth[tab] ?? []).flatMap((t, i) => (t.counts && t.date >= start && t.date <= end && keep(t) ? [{ t, row: i + 2 }] : []));
  const distinct = (parts: { tab: string; found: { t: Truth; row: number }[]; values: (t: Truth) => string[] }[]) => {
    const set = new Set<string>();
    const evidence: Record<string, number[]> = {};
    for (const { tab, found, values } of parts) {
      for (const { t, row } of found) {
        const vs = values(t);
        if (vs.length === 0) continue;
        vs.forEach((v) => set.add(v));
        (evidence[tab] ??= []).push(row);
      }
    }
    return { value: set.size, evidence };
  };
  const counted = (tab: string, found: { row: number }[]) => ({ value: found.length, evidence: found.length ? { [tab]: found.map((f) => f.row) } : {} });

  // Lines i and v (revised): an attendee counts unless her registration, the latest valid Supporters row, leaves S out.
  const latest = new Map<string, Truth>();
  for (const t of truth.Supporters ?? []) {
    const seen = latest.get(t.ids![0]!);
    if (t.counts && (!seen || t.order! > seen.order!)) latest.set(t.ids![0]!, t);
  }
  const attendees = (t: Truth) => t.ids!.filter((id) => latest.get(id)?.schemes!.includes(S) ?? true);

  const contacts = rows('Contacts', (t) => t.scheme === S);
  const training = rows('Training', (t) => t.schemes!.includes(S));
  const supervision = rows('Supervision', (t) => t.schemes!.includes(S));
  const releases = rows('Releases', () => true);
  const lines: Record<string, Line> = {
    active_supporters: distinct([
      { tab: 'Contacts', found: contacts, values: (t) => t.ids! },
      { tab: 'Training', found: training, values: attendees },
      { tab: 'Supervision', found: supervision, values: attendees },
    ]),
    women_supported: distinct([{ tab: 'Contacts', found: contacts, values: (t) => [t.prisonNumber!] }]),
    training_sessions: counted('Training', training),
    supervision_sessions: counted('Supervision', supervision),
    supervision_attendees: distinct([{ tab: 'Supervision', found: supervision, values: attendees }]),
  };
  if (S === 'Perinatal') {
    lines.questionnaires = counted('Questionnaires', rows('Questionnaires', (t) => t.scheme === S));
    lines.focus_groups = counted('Focus groups', rows('Focus groups', (t) => t.scheme === S));
  } else {
    lines.women_released = distinct([{ tab: 'Releases', found: releases, values: (t) => [t.prisonNumber!] }]);
    lines.women_reconnected = distinct([{ tab: 'Releases', found: releases, values: (t) => (t.yes ? [t.prisonNumber!] : []) }]);
    // Also recorded: of line vi's women, n of N = line vi, the percentage rounded half up.
    const N = lines.women_released.value;
    const share = (line: Line): Line => {
      const whole = Math.floor((line.value * 100) / N);
      const rest = line.value * 100 - whole * N;
      return { ...line, numerator: line.value, denominator: N, percent: N === 0 ? null : 2 * rest >= N ? whole + 1 : whole };
    };
    lines.gp_registered_before_release = share(distinct([{ tab: 'Releases', found: releases, values: (t) => (t.gp ? [t.prisonNumber!] : []) }]));
    // Preparation: any valid Release planning row, or Contacts row of a Release planning type, dated 0 to 41 days before one of her releases in Q.
    const preparation = [
      ...(truth['Release planning'] ?? []).map((t, i) => ({ tab: 'Release planning', t, row: i + 2 })),
      ...(truth.Contacts ?? []).map((t, i) => ({ tab: 'Contacts', t, row: i + 2 })).filter((p) => p.t.contactTypes!.includes('Release planning')),
    ].filter((p) => p.t.counts);
    const prepared = new Set<string>();
    const evidence: Record<string, number[]> = {};
    for (const { t, row } of releases) {
      const before = preparation.filter((p) => p.t.prisonNumber === t.prisonNumber && dayOf(t.date) - dayOf(p.t.date) >= 0 && dayOf(t.date) - dayOf(p.t.date) <= 41);
      if (before.length === 0) continue;
      prepared.add(t.prisonNumber!);
      (evidence.Releases ??= []).push(row);
      for (const p of before) (evidence[p.tab] ??= []).push(p.row);
    }
    lines.prepared_before_release = share({ value: prepared.size, evidence });
    lines.release_packs_given = share(distinct([{ tab: 'Releases', found: releases, values: (t) => (t.pack ? [t.prisonNumber!] : []) }]));
  }
  for (const line of Object.values(lines)) for (const tab of Object.keys(line.evidence)) line.evidence[tab] = [...new Set(line.evidence[tab])].sort((a, b) => a - b);
  return lines;
}

interface Line {
  value: number;
  evidence: Record<string, number[]>;
  numerator?: number;
  denominator?: number;
  percent?: number | null;
}

const QUARTERS: [string, string, string][] = [
  ['2020-21 Q4', '2021-01-01', '2021-03-31'],
  ['2021-22 Q1', '2021-04-01', '2021-06-30'],
  ['2021-22 Q2', '2021-07-01', '2021-09-30'],
];

describe.each([1, 2, 3, 4, 5, 6, 7, 8])('random workbook, seed %i', (seed) => {
  const { tabs, truth } = generate(seed);
  const wb = workbook(tabs);

  it.each(QUARTERS.flatMap(([q, start, end]) => (['perinatal', 'reconnect'] as const).map((scheme) => [scheme, q, start, end] as const)))(
    '%s %s: every line and its evidence match the spec read literally',
    (scheme, quarter, start, end) => {
      const run = report(scheme, quarter, wb);
      const expected = reference(truth, scheme === 'perinatal' ? 'Perinatal' : 'Reconnect', start, end);
      expect(Object.keys(run.value)).toEqual(Object.keys(expected));
      for (const [id, line] of Object.entries(expected)) {
        expect(run.value[id], id).toBe(line.value);
        expect(evidenceByTab(run.evidence[id]!), id).toEqual(line.evidence);
        const { numerator, denominator, percent } = run.metric[id]!;
        expect({ numerator, denominator, percent }, id).toEqual({ numerator: line.numerator, denominator: line.denominator, percent: line.percent });
      }
      if (scheme === 'reconnect') expect(run.value.women_reconnected!).toBeLessThanOrEqual(run.value.women_released!);
    },
  );

  it('every invalid row and every repeat is listed with its tab and row, and nothing else is an error', () => {
    const run = report('perinatal', '2021-22 Q1', wb);
    const notCounted = Object.entries(truth).flatMap(([tab, ts]) => ts.flatMap((t, i) => (t.counts ? [] : [`${tab}:${i + 2}`])));
    const listed = [...new Set(run.dataset.issues.filter((i) => i.severity !== 'warning').map((i) => `${i.tab}:${i.row}`))];
    expect(listed.sort()).toEqual(notCounted.sort());
  });
});

describe('the random workbooks probe what the revised and new lines turn on', () => {
  const all = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => generate(seed).truth);
  const supporterSchemes = (truth: Record<string, Truth[]>) => {
    const latest = new Map<string, Truth>();
    for (const t of truth.Supporters ?? []) if (t.counts && (t.order! > (latest.get(t.ids![0]!)?.order ?? -1))) latest.set(t.ids![0]!, t);
    return latest;
  };

  it('attendees registered for the other scheme only, and attendees not registered, both turn up at sessions', () => {
    let excluded = 0;
    let unregistered = 0;
    for (const truth of all) {
      const latest = supporterSchemes(truth);
      for (const t of [...(truth.Training ?? []), ...(truth.Supervision ?? [])].filter((t) => t.counts)) {
        for (const id of t.ids!) {
          const schemes = latest.get(id)?.schemes;
          if (!schemes) unregistered++;
          else if (t.schemes!.some((s) => !schemes.includes(s))) excluded++;
        }
      }
    }
    expect(excluded).toBeGreaterThan(10);
    expect(unregistered).toBeGreaterThan(10);
  });

  it('preparation falls on the 42nd day before a release, on the 43rd, and on the day after, as well as inside the window', () => {
    const gaps = new Set<number>();
    for (const truth of all) {
      const preparation = [...(truth['Release planning'] ?? []), ...(truth.Contacts ?? []).filter((t) => t.contactTypes!.includes('Release planning'))];
      for (const r of (truth.Releases ?? []).filter((t) => t.counts)) {
        for (const p of preparation.filter((p) => p.counts && p.prisonNumber === r.prisonNumber)) gaps.add(dayOf(r.date) - dayOf(p.date));
      }
    }
    for (const gap of [-1, 0, 41, 42]) expect(gaps.has(gap), `a preparation row ${gap} days before a release`).toBe(true);
    expect([...gaps].some((g) => g > 0 && g < 41)).toBe(true);
  });
});
