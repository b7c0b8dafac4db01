/**
 * Spec §4 computed a second way. Seeded random workbooks (dates bunched at the quarter
 * edges, written as text, ISO, serials and London date cells; identifiers in stray case;
 * some invalid rows and exact repeats) are counted by a plain reference that reads the
 * definitions literally, and by the report engine. Every value and every evidence row
 * must agree, for both schemes and several quarters.
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

/** What the reference knows about a row: its canonical answers, or that it must not count. */
interface Truth {
  counts: boolean;
  date: string;
  scheme?: string;
  schemes?: string[];
  ids?: string[];
  prisonNumber?: string;
  yes?: boolean;
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

  for (let i = 0; i < 40; i++) {
    const date = pick(DATES);
    const scheme = pick(SCHEMES);
    const ids = some(SUPPORTERS, 3);
    const woman = pick(WOMEN);
    const spec: RowSpec = {
      Timestamp: timestamp(),
      'Contact date': dateCell(date),
      'Prison number': messy(woman),
      Scheme: pick([scheme, scheme.toLowerCase(), ` ${scheme.toUpperCase()} `]),
      'Peer supporters': ids.map(messy).join(', '),
    };
    const t: Truth = { counts: true, date, scheme, ids, prisonNumber: woman };
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
    const spec: RowSpec = {
      Timestamp: timestamp(),
      'Prison number': messy(woman),
      'Release date': dateCell(date),
      'Destination area': 'Leeds',
      'Supported to reconnect with healthcare': answer,
    };
    const t: Truth = { counts: true, date, prisonNumber: woman, yes: answer.trim().toLowerCase() === 'yes' };
    spoil(spec, t, [['Prison number', 'AB1234C'], ['Destination area', ''], ['Supported to reconnect with healthcare', 'Maybe']]);
    add('Releases', spec, t);
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

  const contacts = rows('Contacts', (t) => t.scheme === S);
  const training = rows('Training', (t) => t.schemes!.includes(S));
  const supervision = rows('Supervision', (t) => t.schemes!.includes(S));
  const releases = rows('Releases', () => true);
  const lines: Record<string, { value: number; evidence: Record<string, number[]> }> = {
    active_supporters: distinct([
      { tab: 'Contacts', found: contacts, values: (t) => t.ids! },
      { tab: 'Training', found: training, values: (t) => t.ids! },
      { tab: 'Supervision', found: supervision, values: (t) => t.ids! },
    ]),
    women_supported: distinct([{ tab: 'Contacts', found: contacts, values: (t) => [t.prisonNumber!] }]),
    training_sessions: counted('Training', training),
    supervision_sessions: counted('Supervision', supervision),
    supervision_attendees: distinct([{ tab: 'Supervision', found: supervision, values: (t) => t.ids! }]),
  };
  if (S === 'Perinatal') {
    lines.questionnaires = counted('Questionnaires', rows('Questionnaires', (t) => t.scheme === S));
    lines.focus_groups = counted('Focus groups', rows('Focus groups', (t) => t.scheme === S));
  } else {
    lines.women_released = distinct([{ tab: 'Releases', found: releases, values: (t) => [t.prisonNumber!] }]);
    lines.women_reconnected = distinct([{ tab: 'Releases', found: releases, values: (t) => (t.yes ? [t.prisonNumber!] : []) }]);
  }
  return lines;
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
