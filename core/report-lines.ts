/**
 * Report lines as data (in the manner of DHIS2 indicators): each line says what it
 * counts (rows, distinct identifiers, a sum, a cohort or a percentage of one), from
 * which forms, dated by which column, with which filter. One engine evaluates them
 * all, and keeps the tab and row numbers behind each number so the working can be
 * shown.
 */
import type { Dataset, DataRecord } from './dataset.js';
import type { Period } from './quarters.js';
import type { Value } from './validate.js';

/** A literal, or the value of one of the report's parameters (e.g. the scheme). */
export type Operand = string | { param: string };

type Condition =
  /** A choice answer equals the operand. */
  | { field: string; equals: Operand }
  /** A checkbox answer includes the operand. */
  | { field: string; includes: Operand }
  /** A choice answer is one of the operands (a checkbox answer includes one of them). */
  | { field: string; in: readonly Operand[] };

interface Source {
  /** Form id, e.g. `contacts`. */
  form: string;
  /** The date column that places a row in the period. */
  date: string;
  where?: readonly Condition[];
  /** For `distinct` counts: the column whose values (one, or a checkbox list) are counted. */
  value?: string;
}

/** A report line that counts rows, distinct values, or adds up a number, across sources. */
export interface CountLine {
  id: string;
  label: string;
  /**
   * rows: the rows matched across all sources; distinct: the different values of each
   * source's `value` column; sum: the total of each source's `value` column.
   */
  count: 'rows' | 'distinct' | 'sum';
  sources: readonly Source[];
  /** How a sum is shown: `money` as pounds and pence (the JSON keeps the number). */
  format?: 'money';
  /** One line on how it is counted, shown in the report and the audit file. */
  definition: string;
}

/**
 * Which answer of a cohort member: from the row that makes them a member (their
 * first row, or with `member: 'latestInPeriod'` their latest row in the period), or
 * from their latest follow-up.
 */
interface MemberField {
  from: 'first' | 'followUp';
  field: string;
}

/**
 * A line about a cohort (see CohortDefinition): its size, or the percentage of its
 * members whose answer is one of `yes`. The denominator leaves out members whose
 * answer is blank or one of `exclude`; `among` narrows the members first.
 */
export interface CohortLine {
  id: string;
  label: string;
  count: 'cohort' | 'percent';
  cohort: string;
  among?: readonly { answer: MemberField; equals: string }[];
  answer?: MemberField;
  yes?: readonly string[];
  exclude?: readonly string[];
  definition: string;
}

export type ReportLine = CountLine | CohortLine;

/**
 * A set of people for outcome lines: one member per distinct `by` value whose first
 * row of `form` (by `date`) falls in the period; with `followUp`, each member's
 * latest row of that form on or after the first row's date.
 */
export interface CohortDefinition {
  form: string;
  date: string;
  by: string;
  /**
   * Which row makes someone a member and speaks for them. `first` (the default): their
   * first row ever, which must fall in the period (a sample of people starting, as
   * data contract §5). `latestInPeriod`: everyone with a row in the period, by their latest
   * row in it (a quarter's reviews, each person once, their most recent answer).
   */
  member?: 'first' | 'latestInPeriod';
  followUp?: { form: string; date: string; by: string };
}

interface CohortMember {
  id: string;
  first: DataRecord;
  followUp: DataRecord | null;
}

export type Params = Record<string, string>;

export interface Evidence {
  tab: string;
  rows: number[];
}

export interface LineResult {
  id: string;
  label: string;
  /** The number; for a percentage, null when nobody is in the denominator. */
  value: number | null;
  /** How the value is shown, where not as a plain number. */
  format?: 'money';
  /** For percentages: n of N. */
  numerator?: number;
  denominator?: number;
  definition: string;
  evidence: Evidence[];
}

interface Evaluation {
  dataset: Dataset;
  period: Period;
  params: Params;
  cohorts?: Readonly<Record<string, CohortDefinition>>;
}

function resolve(operand: Operand, params: Params): string {
  if (typeof operand === 'string') return operand;
  const value = params[operand.param];
  if (value === undefined) throw new Error(`A report line needs parameter "${operand.param}"`);
  return value;
}

function matches(value: Value | undefined, condition: Condition, params: Params): boolean {
  if ('equals' in condition) return value === resolve(condition.equals, params);
  if ('in' in condition) {
    const wanted = condition.in.map((o) => resolve(o, params));
    return Array.isArray(value) ? value.some((v) => wanted.includes(v)) : typeof value === 'string' && wanted.includes(value);
  }
  return Array.isArray(value) && value.includes(resolve(condition.includes, params));
}

function selectRows(dataset: Dataset, source: Source, period: Period, params: Params): DataRecord[] {
  const records = dataset.records[source.form];
  if (!records) throw new Error(`A report line reads form "${source.form}", which the dataset does not have`);
  return records.filter((r) => {
    const date = r.values[source.date];
    if (typeof date !== 'string' || date < period.start || date > period.end) return false;
    return (source.where ?? []).every((c) => matches(r.values[c.field], c, params));
  });
}

/** The values a cell contributes to a distinct count: none, one, or a checkbox list. */
function valuesOf(v: Value | undefined): string[] {
  if (Array.isArray(v)) return v;
  return v === null || v === undefined ? [] : [String(v)];
}

function addEvidence(evidence: Evidence[], records: readonly DataRecord[]): void {
  for (const r of records) {
    let entry = evidence.find((e) => e.tab === r.tab);
    if (!entry) evidence.push((entry = { tab: r.tab, rows: [] }));
    entry.rows.push(r.row);
  }
  for (const e of evidence) e.rows = [...new Set(e.rows)].sort((a, b) => a - b);
}

function evaluateCount(indicator: CountLine, { dataset, period, params }: Evaluation): LineResult {
  const behind: DataRecord[] = [];
  let total = 0;
  const distinct = new Set<string>();
  for (const source of indicator.sources) {
    let matched = selectRows(dataset, source, period, params);
    if (indicator.count !== 'rows') {
      if (!source.value) throw new Error(`Report line ${indicator.id} counts values but a source names no column`);
      // A row that names no value (a session with no attendees listed) is not behind the number.
      matched = matched.filter((r) => valuesOf(r.values[source.value!]).length > 0);
    }
    behind.push(...matched);
    for (const r of matched) {
      const v = indicator.count === 'rows' ? null : r.values[source.value!];
      if (indicator.count === 'rows') total++;
      else if (indicator.count === 'sum') total += typeof v === 'number' ? v : 0;
      else valuesOf(v ?? null).forEach((x) => distinct.add(x));
    }
  }
  const evidence: Evidence[] = [];
  addEvidence(evidence, behind);
  const value = indicator.count === 'distinct' ? distinct.size : Math.round(total * 100) / 100;
  return { id: indicator.id, label: indicator.label, definition: indicator.definition, value, evidence, ...(indicator.format ? { format: indicator.format } : {}) };
}

/** The members of a cohort for a period (see CohortDefinition). */
export function cohortMembers(definition: CohortDefinition, dataset: Dataset, period: Period): CohortMember[] {
  const byDate = (key: string) => (a: DataRecord, b: DataRecord) => String(a.values[key]).localeCompare(String(b.values[key])) || a.row - b.row;
  const inPeriod = (r: DataRecord) => {
    const date = String(r.values[definition.date]);
    return date >= period.start && date <= period.end;
  };
  const latest = definition.member === 'latestInPeriod';
  const firsts = new Map<string, DataRecord>();
  const rows = latest ? (dataset.records[definition.form] ?? []).filter(inPeriod) : [...(dataset.records[definition.form] ?? [])];
  for (const r of rows.sort(byDate(definition.date))) {
    const id = r.values[definition.by];
    // In date order: the first row wins, or with latestInPeriod each later row replaces it.
    if (typeof id === 'string' && (latest || !firsts.has(id))) firsts.set(id, r);
  }
  const followUps = new Map<string, DataRecord[]>();
  if (definition.followUp) {
    for (const r of dataset.records[definition.followUp.form] ?? []) {
      const id = r.values[definition.followUp.by];
      if (typeof id === 'string') followUps.set(id, [...(followUps.get(id) ?? []), r]);
    }
  }
  const members: CohortMember[] = [];
  for (const [id, first] of firsts) {
    if (!inPeriod(first)) continue;
    const date = String(first.values[definition.date]);
    const f = definition.followUp;
    const later = f ? (followUps.get(id) ?? []).filter((r) => String(r.values[f.date]) >= date).sort(byDate(f.date)) : [];
    members.push({ id, first, followUp: later.at(-1) ?? null });
  }
  return members;
}

const answerOf = (member: CohortMember, field: MemberField): Value | undefined =>
  (field.from === 'first' ? member.first : member.followUp)?.values[field.field];

/** Rounds half up to a whole number, in integers so 2.5 never becomes 2 by floating point. */
export function percentHalfUp(n: number, total: number): number {
  return Math.floor((200 * n + total) / (2 * total));
}

function evaluateCohort(indicator: CohortLine, evaluation: Evaluation): LineResult {
  const definition = evaluation.cohorts?.[indicator.cohort];
  if (!definition) throw new Error(`Report line ${indicator.id} names cohort "${indicator.cohort}", which the report does not define`);
  const members = cohortMembers(definition, evaluation.dataset, evaluation.period).filter((m) =>
    (indicator.among ?? []).every((c) => answerOf(m, c.answer) === c.equals),
  );
  const evidence: Evidence[] = [];
  const base = { id: indicator.id, label: indicator.label, definition: indicator.definition, evidence };
  if (indicator.count === 'cohort') {
    addEvidence(evidence, members.map((m) => m.first));
    return { ...base, value: members.length };
  }
  if (!indicator.answer || !indicator.yes) throw new Error(`Percentage ${indicator.id} needs an answer and the answers that count as yes`);
  const counted = members.filter((m) => {
    const a = answerOf(m, indicator.answer!);
    return typeof a === 'string' && !(indicator.exclude ?? []).includes(a);
  });
  const n = counted.filter((m) => indicator.yes!.includes(answerOf(m, indicator.answer!) as string)).length;
  addEvidence(evidence, counted.flatMap((m) => (indicator.answer!.from === 'first' ? [m.first] : [m.first, m.followUp!])));
  return { ...base, value: counted.length === 0 ? null : percentHalfUp(n, counted.length), numerator: n, denominator: counted.length };
}

export function evaluateLine(indicator: ReportLine, evaluation: Evaluation): LineResult {
  return 'sources' in indicator ? evaluateCount(indicator, evaluation) : evaluateCohort(indicator, evaluation);
}

/** The forms a report's lines read, cohorts included. */
export function formsRead(indicators: readonly ReportLine[], cohorts: Readonly<Record<string, CohortDefinition>> = {}): string[] {
  const forms = indicators.flatMap((i) => {
    if ('sources' in i) return i.sources.map((s) => s.form);
    const c = cohorts[i.cohort];
    return c ? [c.form, ...(c.followUp ? [c.followUp.form] : [])] : [];
  });
  return [...new Set(forms)];
}
