/**
 * Report lines as data (in the manner of DHIS2 indicators): each line says what it
 * counts (rows, distinct identifiers, a sum, a cohort or a percentage of one), from
 * which forms, dated by which column, with which filter. One engine evaluates them
 * all, and keeps the tab and row numbers behind each number so the working can be
 * shown.
 */
import { mergeRegistrations, type Dataset, type DataRecord } from './dataset.js';
import type { FormDefinition } from './form.js';
import type { Period } from './quarters.js';
import type { Value } from './validate.js';
import { addDays } from './dates.js';
import { append } from './arrays.js';

/**
 * Several sites' rows pooled for a roll-up (data contract §9): each site's own
 * dataset, by its id. The engine counts the pooled rows as it counts one site's,
 * telling values apart by what their column's identifier declares
 * (IdentifierPattern.identity): a national one (a prison number) by the value
 * alone, any other by site and value (PS-007 at two prisons is two people).
 */
export interface PooledSites {
  sites: readonly { id: string; dataset: Dataset }[];
}

/** What the engine counts: one workbook's dataset, or several sites' pooled. */
export type ReportData = Dataset | PooledSites;

/** A literal, or the value of one of the report's parameters (e.g. the scheme). */
export type Operand = string | { param: string };

type Condition =
  /** A choice answer equals the operand. */
  | { field: string; equals: Operand }
  /** A checkbox answer includes the operand. */
  | { field: string; includes: Operand }
  /** A choice answer is one of the operands (a checkbox answer includes one of them). */
  | { field: string; in: readonly Operand[] };

/**
 * Keeps a value only if its merged record on an upserted form is missing or its
 * `field` includes the operand (a checkbox answer; a choice answer must be it):
 * joint training does not make a supporter registered for another scheme one of
 * this scheme's. A missing registration is already a warning of the dataset's
 * own, so such a value still counts.
 */
interface Registered {
  /** A form with `upsertBy`, looked up by the value. */
  form: string;
  field: string;
  includes: Operand;
}

/** A row of another form that, matched on the source's value, must fall in the window before a source row. */
interface PrecedingRows {
  form: string;
  date: string;
  /** The column holding the source's value (e.g. the Prison number). */
  by: string;
  where?: readonly Condition[];
}

/**
 * Keeps a value only if one of `rows` names it and is dated in the `days` days
 * that end on the source row's date, that day included (42: the six weeks up to a
 * release). Rows of any date may match: the window reaches back past the period.
 */
interface PrecededBy {
  days: number;
  rows: readonly PrecedingRows[];
}

interface Source {
  /** Form id, e.g. `contacts`. */
  form: string;
  /** The date column that places a row in the period. */
  date: string;
  where?: readonly Condition[];
  /** For `distinct` counts: the column whose values (one, or a checkbox list) are counted. */
  value?: string;
  /** For `distinct` counts: which values count, by their registration (see Registered). */
  registered?: Registered;
  /** For `distinct` counts: which values count, by rows before this one (see PrecededBy). */
  precededBy?: PrecededBy;
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
  /**
   * The id of an earlier line this one is a share of: that line's value is the
   * denominator N, this line's value n, shown as n/N with a percentage. A distinct
   * count counts only values that line counted too ("of those, …").
   */
  of?: string;
  /** The heading of the section apart from the report's numbered lines that this line is shown under (Scheme.groups). */
  group?: string;
  /**
   * Where the line stands in a long report, as data: `section` is the heading of the
   * part of the report it opens or belongs to (a line without one continues the
   * section before it); `parent` the id of an earlier line it breaks down or narrows,
   * under which it is shown indented (support by kind under the times support was given).
   */
  section?: string;
  parent?: string;
  /**
   * With `parent`: this line counts some of what its parent counts (of the women
   * released, those reconnected), so it is also shown as a share of it, n/N and a
   * percentage. Unlike `of`, nothing is narrowed and the line stays a plain count.
   */
  shareOfParent?: true;
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
  /** As CountLine.group. */
  group?: string;
  /** As CountLine.section and CountLine.parent. */
  section?: string;
  parent?: string;
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
  /** The `by` value; in a roll-up of a per-site identifier, prefixed by its site. */
  id: string;
  first: DataRecord;
  followUp: DataRecord | null;
  /** The sites of the two rows (by index in the pool): a national member may follow up at another site. */
  firstSite: number;
  followUpSite: number;
}

export type Params = Record<string, string>;

export interface Evidence {
  /** The site whose tab it is, where the report is a site's or a roll-up (data contract §9). */
  site?: string;
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
  /** For percentages and shares of another line: n of N. */
  numerator?: number;
  denominator?: number;
  /**
   * For a share of another line (CountLine.of), whose value is the count n: n/N as
   * a whole percentage rounded half up, null when N is 0. (A percentage line's
   * value is itself the percentage.)
   */
  percent?: number | null;
  /** The heading it is shown under, apart from the numbered lines (CountLine.group). */
  group?: string;
  /** As the line declares them (CountLine.section, CountLine.parent). */
  section?: string;
  parent?: string;
  /**
   * For a line shown as a share of its parent (CountLine.shareOfParent): the parent's
   * value N and n/N as a whole percentage rounded half up (null when N is 0).
   */
  share?: { of: string; denominator: number; percent: number | null };
  /**
   * In a publication copy (core/publication.ts), why the value is hidden (it is then
   * null): `small`, a count from 1 to below the threshold, shown as `<5`; `withheld`,
   * a percentage whose n, N or N − n is that small.
   */
  suppressed?: 'small' | 'withheld';
  /** Why a line apart from the numbered ones could not be counted (a tab it reads is missing); its value is then null. */
  unavailable?: string;
  definition: string;
  evidence: Evidence[];
}

interface Evaluation {
  dataset: ReportData;
  period: Period;
  params: Params;
  cohorts?: Readonly<Record<string, CohortDefinition>>;
  /** The forms the lines read: their identifier patterns say how a roll-up of several sites tells values apart. */
  forms?: readonly FormDefinition[];
}

/** A site's rows as the engine walks them: its id (none for a workbook read alone) and its dataset. */
interface Site {
  id: string | undefined;
  dataset: Dataset;
}

/** The sites of what is counted, each with its dataset: one without an id for a workbook read alone. */
export const sitesOf = (data: ReportData): readonly Site[] => ('sites' in data ? data.sites : [{ id: undefined, dataset: data }]);

/**
 * How values of a column are told apart across the pool (data contract §9): by the
 * value alone where its identifier is national or only one site is counted, else
 * by site and value. A column without a pattern is per site.
 */
type KeyOf = (site: number, value: string) => string;
function keyOf(sites: readonly Site[], forms: readonly FormDefinition[] | undefined, form: string, column: string): KeyOf {
  if (sites.length <= 1 || identityOf(forms, form, column) === 'national') return (_, value) => value;
  return (site, value) => `${sites[site]!.id}\u0000${value}`;
}

function identityOf(forms: readonly FormDefinition[] | undefined, form: string, column: string): 'national' | 'site' {
  if (!forms) throw new Error('A roll-up of several sites needs the forms, whose identifiers say how to count them');
  const definition = forms.find((f) => f.id === form);
  if (!definition) throw new Error(`A report line reads form "${form}", which the forms given do not have`);
  return definition.questions.find((q) => q.key === column)?.pattern?.identity ?? 'site';
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

/**
 * A form's dated rows sorted by one date column, made once per records and column:
 * a report compares each line over up to 10 periods, and a run has many reports, so
 * each period finds its rows by binary search rather than a scan of every row.
 */
const byDate = new WeakMap<readonly DataRecord[], Map<string, { length: number; rows: DataRecord[] }>>();
function sortedByDate(records: readonly DataRecord[], key: string): DataRecord[] {
  let columns = byDate.get(records);
  if (!columns) byDate.set(records, (columns = new Map()));
  const known = columns.get(key);
  if (known && known.length === records.length) return known.rows;
  // By day, then the few thousand days sorted: far cheaper than sorting every row. Rows of one day keep sheet order.
  const days = new Map<string, DataRecord[]>();
  for (const r of records) {
    const date = r.values[key];
    if (typeof date !== 'string') continue;
    const day = days.get(date);
    if (day) day.push(r);
    else days.set(date, [r]);
  }
  const rows = [...days.keys()].sort().flatMap((d) => days.get(d)!);
  columns.set(key, { length: records.length, rows });
  return rows;
}

/** The index of the first row whose date is at or after `date`. */
function firstFrom(rows: readonly DataRecord[], key: string, date: string): number {
  let [low, high] = [0, rows.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((rows[mid]!.values[key] as string) < date) low = mid + 1;
    else high = mid;
  }
  return low;
}

function selectRows(dataset: Dataset, source: Source, period: Period, params: Params): DataRecord[] {
  const records = dataset.records[source.form];
  if (!records) throw new Error(`A report line reads form "${source.form}", which the dataset does not have`);
  const sorted = sortedByDate(records, source.date);
  const out: DataRecord[] = [];
  for (let i = firstFrom(sorted, source.date, period.start); i < sorted.length; i++) {
    const r = sorted[i]!;
    if ((r.values[source.date] as string) > period.end) break;
    if ((source.where ?? []).every((c) => matches(r.values[c.field], c, params))) out.push(r);
  }
  return out;
}

/** The values a cell contributes to a distinct count: none, one, or a checkbox list. */
function valuesOf(v: Value | undefined): string[] {
  if (Array.isArray(v)) return v;
  return v === null || v === undefined ? [] : [String(v)];
}

/** Adds a site's rows to the evidence, by site and tab. */
function addEvidence(evidence: Evidence[], site: string | undefined, records: readonly DataRecord[]): void {
  for (const r of records) {
    let entry = evidence.find((e) => e.tab === r.tab && e.site === site);
    if (!entry) evidence.push((entry = { ...(site !== undefined ? { site } : {}), tab: r.tab, rows: [] }));
    entry.rows.push(r.row);
  }
  for (const e of evidence) e.rows = [...new Set(e.rows)].sort((a, b) => a - b);
}

/** Each site's rows behind a number (by index in the pool), as evidence. */
function evidenceOf(sites: readonly Site[], behind: readonly (readonly DataRecord[])[]): Evidence[] {
  const evidence: Evidence[] = [];
  behind.forEach((records, s) => addEvidence(evidence, sites[s]!.id, records));
  return evidence;
}

/** What a line counted, for the lines that are shares of it: the result and, for a distinct count, its values. */
interface Counted {
  result: LineResult;
  values?: ReadonlySet<string>;
}

type Preceding = Map<string, { date: string; record: DataRecord }[]>;
/** By declaration, dataset and parameters: every period of every report of a run asks for the same rows. */
const precedingCache = new WeakMap<PrecededBy, WeakMap<Dataset, Map<string, Preceding>>>();

/** The rows that may precede a source's rows, by the value they name, gathered once rather than per row or per period. */
function precedingRows(precededBy: PrecededBy, dataset: Dataset, params: Params): Preceding {
  let byDataset = precedingCache.get(precededBy);
  if (!byDataset) precedingCache.set(precededBy, (byDataset = new WeakMap()));
  let byParams = byDataset.get(dataset);
  if (!byParams) byDataset.set(dataset, (byParams = new Map()));
  const key = JSON.stringify(params);
  const known = byParams.get(key);
  if (known) return known;
  const preceding: Preceding = new Map();
  for (const rows of precededBy.rows) {
    const records = dataset.records[rows.form];
    if (!records) throw new Error(`A report line reads form "${rows.form}", which the dataset does not have`);
    for (const r of records) {
      const date = r.values[rows.date];
      if (typeof date !== 'string' || !(rows.where ?? []).every((c) => matches(r.values[c.field], c, params))) continue;
      for (const v of valuesOf(r.values[rows.by])) {
        let list = preceding.get(v);
        if (!list) preceding.set(v, (list = []));
        list.push({ date, record: r });
      }
    }
  }
  byParams.set(key, preceding);
  return preceding;
}

/**
 * The registrations of a pool keyed by a national identifier: every site's rows of
 * the form merged as one site's are (a later Timestamp's answers winning; equal
 * timestamps by row number, then site id), once per pool.
 */
const pooledRegistrations = new WeakMap<PooledSites, Map<string, Map<string, DataRecord>>>();
function nationalRegistrations(pool: PooledSites, form: string, upsertBy: string): Map<string, DataRecord> {
  let byForm = pooledRegistrations.get(pool);
  if (!byForm) pooledRegistrations.set(pool, (byForm = new Map()));
  let merged = byForm.get(form);
  if (!merged) {
    const bySiteId = [...pool.sites].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    byForm.set(form, (merged = mergeRegistrations(bySiteId.flatMap((s) => s.dataset.records[form] ?? []), upsertBy)));
  }
  return merged;
}

/**
 * The registrations a source's values are looked up in, for the site at `s`: that
 * site's own, or where the value column's identifier is national, every site's merged.
 */
function registrationsFor(source: Source, evaluation: Evaluation, sites: readonly Site[], s: number): Map<string, DataRecord> | undefined {
  const { registered } = source;
  if (!registered) return undefined;
  const own = sites[s]!.dataset.registered[registered.form];
  if (!own) throw new Error(`A report line reads the registrations of form "${registered.form}", which is not upserted`);
  if (sites.length <= 1 || identityOf(evaluation.forms, source.form, source.value!) !== 'national') return own;
  const upsertBy = evaluation.forms!.find((f) => f.id === registered.form)?.upsertBy;
  return nationalRegistrations(evaluation.dataset as PooledSites, registered.form, upsertBy!);
}

/**
 * The value filters of a source (registered, among another line's values, preceded
 * by) for the rows of the site at `s`, each value's preceding rows kept as evidence
 * by their own site: a national value is preceded by rows of any site, another by
 * rows of its own.
 */
function valueFilter(source: Source, evaluation: Evaluation, sites: readonly Site[], s: number, among: ReadonlySet<string> | undefined) {
  const { registered, precededBy } = source;
  const { params } = evaluation;
  const registrations = registrationsFor(source, evaluation, sites, s);
  const wanted = registered && resolve(registered.includes, params);
  const key = keyOf(sites, evaluation.forms, source.form, source.value!);
  // One site's values are their own keys: a workbook read alone pays nothing for sites.
  const plain = sites.length <= 1;
  const national = precededBy !== undefined && !plain && identityOf(evaluation.forms, source.form, source.value!) === 'national';
  const searched = national ? sites.map((_, i) => i) : [s];
  const preceding = precededBy ? searched.map((i) => precedingRows(precededBy, sites[i]!.dataset, params)) : [];
  /** The keys of a row's values that count; the preceding rows behind them go to `behind`, by site. */
  return (record: DataRecord, values: string[], behind: DataRecord[][]): string[] => {
    let kept = values;
    if (registrations) {
      kept = kept.filter((v) => {
        const registration = registrations.get(v);
        if (!registration) return true;
        const answer = registration.values[registered!.field];
        return Array.isArray(answer) ? answer.includes(wanted!) : answer === wanted;
      });
    }
    if (among) kept = kept.filter((v) => among.has(key(s, v)));
    if (precededBy) {
      const end = String(record.values[source.date]);
      const start = addDays(end, 1 - precededBy.days);
      kept = kept.filter((v) => {
        let found = false;
        preceding.forEach((map, m) => {
          const rows = (map.get(v) ?? []).filter((p) => p.date >= start && p.date <= end).map((p) => p.record);
          if (rows.length === 0) return;
          found = true;
          append(behind[searched[m]!]!, rows);
        });
        return found;
      });
    }
    return plain ? kept : kept.map((v) => key(s, v));
  };
}

/** A count over the pooled rows: rows and sums add up across sites; distinct values are keyed as keyOf says. */
function evaluateCount(indicator: CountLine, evaluation: Evaluation, base: Counted | undefined): Counted {
  const { period, params } = evaluation;
  const sites = sitesOf(evaluation.dataset);
  const behind: DataRecord[][] = sites.map(() => []);
  let total = 0;
  const distinct = new Set<string>();
  for (const source of indicator.sources) {
    if (indicator.count !== 'distinct' && (source.registered || source.precededBy)) throw new Error(`Report line ${indicator.id}: only a distinct count filters its values`);
    if (indicator.count !== 'rows' && !source.value) throw new Error(`Report line ${indicator.id} counts values but a source names no column`);
    sites.forEach(({ dataset }, s) => {
      const matched = selectRows(dataset, source, period, params);
      if (indicator.count === 'rows') {
        append(behind[s]!, matched);
        total += matched.length;
        return;
      }
      if (indicator.count === 'sum') {
        for (const r of matched) {
          const v = r.values[source.value!];
          // A row that names no value is not behind the number.
          if (valuesOf(v).length === 0) continue;
          behind[s]!.push(r);
          total += typeof v === 'number' ? millionths(v) : 0;
        }
        return;
      }
      const filter = valueFilter(source, evaluation, sites, s, base?.values);
      // The rows before each row (precededBy), by site: kept as evidence after the row itself, as it was found.
      const before = sites.map((): DataRecord[] => []);
      for (const r of matched) {
        for (const rows of before) rows.length = 0;
        const kept = filter(r, valuesOf(r.values[source.value!]), before);
        // A row none of whose values count (no attendees listed, or only another scheme's) is not behind the number.
        if (kept.length === 0) continue;
        behind[s]!.push(r);
        before.forEach((rows, b) => append(behind[b]!, rows));
        kept.forEach((x) => distinct.add(x));
      }
    });
  }
  const evidence = evidenceOf(sites, behind);
  const value = indicator.count === 'distinct' ? distinct.size : indicator.count === 'sum' ? hundredthsHalfUp(total) : total;
  const result: LineResult = {
    id: indicator.id,
    label: indicator.label,
    definition: indicator.definition,
    value,
    evidence,
    ...(indicator.format ? { format: indicator.format } : {}),
    ...structureOf(indicator),
  };
  if (indicator.of !== undefined) {
    const denominator = base?.result.value;
    if (typeof denominator !== 'number') throw new Error(`Report line ${indicator.id} is a share of "${indicator.of}", which is not a count earlier in the report`);
    Object.assign(result, { numerator: value, denominator, percent: denominator === 0 ? null : percentHalfUp(value, denominator) });
  }
  return indicator.count === 'distinct' ? { result, values: distinct } : { result };
}

/**
 * A sum adds whole millionths (each answer to the millionth, halves up), never the
 * answers as floating point: 27.206 + 33.421 + 4.588 is 65.215 exactly, where adding
 * the doubles gives 65.21499999999999 in one order and 65.215 in another. Integers
 * add the same in any order, so the roll-up and the SQL (core/report-sql.ts, which
 * writes the same two steps) agree with a site's own report.
 */
const millionths = (value: number) => Math.floor(value * 1_000_000 + 0.5);

/** A total of millionths to two decimal places, halves up (to the penny, for money). */
const hundredthsHalfUp = (millionthsTotal: number) => Math.floor((millionthsTotal + 5_000) / 10_000) / 100;

/** A row of the pool with the index of its site. */
interface SiteRecord {
  site: number;
  record: DataRecord;
}

/**
 * The members of a cohort for a period (see CohortDefinition), over the pooled rows
 * of every site: a member is keyed as keyOf says, so someone with a national
 * identifier has one first row across sites (her first at any site) and her
 * follow-ups at any site. Rows of one date are taken by site id, then row.
 */
export function cohortMembers(definition: CohortDefinition, data: ReportData, period: Period, forms?: readonly FormDefinition[]): CohortMember[] {
  const sites = sitesOf(data);
  const byDate = (key: string) => (a: SiteRecord, b: SiteRecord) => {
    const [x, y] = [sites[a.site]!.id ?? '', sites[b.site]!.id ?? ''];
    return String(a.record.values[key]).localeCompare(String(b.record.values[key])) || (x < y ? -1 : x > y ? 1 : 0) || a.record.row - b.record.row;
  };
  const inPeriod = (r: DataRecord) => {
    const date = String(r.values[definition.date]);
    return date >= period.start && date <= period.end;
  };
  const pooled = (form: string) => sites.flatMap(({ dataset }, site) => (dataset.records[form] ?? []).map((record) => ({ site, record })));
  const latest = definition.member === 'latestInPeriod';
  const key = keyOf(sites, forms, definition.form, definition.by);
  const firsts = new Map<string, SiteRecord>();
  const rows = latest ? pooled(definition.form).filter((r) => inPeriod(r.record)) : pooled(definition.form);
  for (const r of rows.sort(byDate(definition.date))) {
    const id = r.record.values[definition.by];
    // In date order: the first row wins, or with latestInPeriod each later row replaces it.
    if (typeof id === 'string' && (latest || !firsts.has(key(r.site, id)))) firsts.set(key(r.site, id), r);
  }
  const f = definition.followUp;
  const followUps = new Map<string, SiteRecord[]>();
  if (f) {
    const followUpKey = keyOf(sites, forms, f.form, f.by);
    for (const r of pooled(f.form)) {
      const id = r.record.values[f.by];
      if (typeof id === 'string') followUps.set(followUpKey(r.site, id), [...(followUps.get(followUpKey(r.site, id)) ?? []), r]);
    }
  }
  const members: CohortMember[] = [];
  for (const [id, first] of firsts) {
    if (!inPeriod(first.record)) continue;
    const date = String(first.record.values[definition.date]);
    const later = f ? (followUps.get(id) ?? []).filter((r) => String(r.record.values[f.date]) >= date).sort(byDate(f.date)) : [];
    const followUp = later.at(-1);
    members.push({ id, first: first.record, followUp: followUp?.record ?? null, firstSite: first.site, followUpSite: followUp?.site ?? first.site });
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
  const sites = sitesOf(evaluation.dataset);
  const members = cohortMembers(definition, evaluation.dataset, evaluation.period, evaluation.forms).filter((m) =>
    (indicator.among ?? []).every((c) => answerOf(m, c.answer) === c.equals),
  );
  const behind: DataRecord[][] = sites.map(() => []);
  const base = { id: indicator.id, label: indicator.label, definition: indicator.definition, ...structureOf(indicator) };
  if (indicator.count === 'cohort') {
    for (const m of members) behind[m.firstSite]!.push(m.first);
    return { ...base, evidence: evidenceOf(sites, behind), value: members.length };
  }
  if (!indicator.answer || !indicator.yes) throw new Error(`Percentage ${indicator.id} needs an answer and the answers that count as yes`);
  const counted = members.filter((m) => {
    const a = answerOf(m, indicator.answer!);
    return typeof a === 'string' && !(indicator.exclude ?? []).includes(a);
  });
  const n = counted.filter((m) => indicator.yes!.includes(answerOf(m, indicator.answer!) as string)).length;
  for (const m of counted) {
    behind[m.firstSite]!.push(m.first);
    if (indicator.answer.from === 'followUp') behind[m.followUpSite]!.push(m.followUp!);
  }
  return { ...base, evidence: evidenceOf(sites, behind), value: counted.length === 0 ? null : percentHalfUp(n, counted.length), numerator: n, denominator: counted.length };
}

/** The fields that place a line in the report (its heading, section and parent), as its result carries them. */
function structureOf(line: ReportLine): Pick<LineResult, 'group' | 'section' | 'parent'> {
  return {
    ...(line.group !== undefined ? { group: line.group } : {}),
    ...(line.section !== undefined ? { section: line.section } : {}),
    ...(line.parent !== undefined ? { parent: line.parent } : {}),
  };
}

/** Evaluates a report's lines in order; a line that is a share of another (CountLine.of, shareOfParent) reads that line's result. */
export function evaluateLines(lines: readonly ReportLine[], evaluation: Evaluation): LineResult[] {
  const done = new Map<string, Counted>();
  return lines.map((line) => {
    const counted = 'sources' in line ? evaluateCount(line, evaluation, line.of === undefined ? undefined : done.get(line.of)) : { result: evaluateCohort(line, evaluation) };
    if ('shareOfParent' in line && line.shareOfParent && line.parent !== undefined) {
      const n = counted.result.value;
      const total = done.get(line.parent)?.result.value;
      if (typeof total !== 'number' || typeof n !== 'number') throw new Error(`Report line ${line.id} is shown as a share of "${line.parent}", which is not a count earlier in the report`);
      counted.result.share = { of: line.parent, denominator: total, percent: total === 0 ? null : percentHalfUp(n, total) };
    }
    done.set(line.id, counted);
    return counted.result;
  });
}

export function evaluateLine(indicator: ReportLine, evaluation: Evaluation): LineResult {
  return evaluateLines([indicator], evaluation)[0]!;
}

/** The forms a report's lines read, cohorts included. */
export function formsRead(indicators: readonly ReportLine[], cohorts: Readonly<Record<string, CohortDefinition>> = {}): string[] {
  const forms = indicators.flatMap((i) => {
    if ('sources' in i) return i.sources.flatMap((s) => [s.form, ...(s.registered ? [s.registered.form] : []), ...(s.precededBy?.rows.map((r) => r.form) ?? [])]);
    const c = cohorts[i.cohort];
    return c ? [c.form, ...(c.followUp ? [c.followUp.form] : [])] : [];
  });
  return [...new Set(forms)];
}
