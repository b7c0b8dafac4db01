/**
 * Report lines as data (in the manner of DHIS2 indicators): each line says what it
 * counts (rows, or distinct identifiers), from which forms, dated by which
 * column, with which filter. One engine evaluates them all, and keeps the tab and
 * row numbers behind each number so the working can be shown.
 */
import type { Dataset, DataRecord } from './dataset.js';
import type { Period } from './quarters.js';
import type { Value } from './validate.js';

/** A literal, or the value of one of the report's parameters (e.g. the scheme). */
export type Operand = string | { param: string };

export type Condition =
  /** A choice answer equals the operand. */
  | { field: string; equals: Operand }
  /** A checkbox answer includes the operand. */
  | { field: string; includes: Operand };

export interface Source {
  /** Form id, e.g. `contacts`. */
  form: string;
  /** The date column that places a row in the period. */
  date: string;
  where?: readonly Condition[];
  /** For `distinct` counts: the column whose values (one, or a checkbox list) are counted. */
  value?: string;
}

export interface Indicator {
  id: string;
  label: string;
  /** Rows: the number of rows matched across all sources. Distinct: the number of different values. */
  count: 'rows' | 'distinct';
  sources: readonly Source[];
  /** One line on how it is counted, shown in the audit file. */
  definition: string;
}

export type Params = Record<string, string>;

export interface Evidence {
  tab: string;
  rows: number[];
}

export interface IndicatorResult {
  id: string;
  label: string;
  value: number;
  definition: string;
  evidence: Evidence[];
}

function resolve(operand: Operand, params: Params): string {
  if (typeof operand === 'string') return operand;
  const value = params[operand.param];
  if (value === undefined) throw new Error(`Indicator needs parameter "${operand.param}"`);
  return value;
}

function matches(value: Value | undefined, condition: Condition, params: Params): boolean {
  if ('equals' in condition) return value === resolve(condition.equals, params);
  return Array.isArray(value) && value.includes(resolve(condition.includes, params));
}

function selectRows(dataset: Dataset, source: Source, period: Period, params: Params): DataRecord[] {
  const records = dataset.records[source.form];
  if (!records) throw new Error(`Indicator reads form "${source.form}", which the dataset does not have`);
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

export function evaluateIndicator(indicator: Indicator, dataset: Dataset, period: Period, params: Params): IndicatorResult {
  const evidence: Evidence[] = [];
  let rows = 0;
  const distinct = new Set<string>();
  for (const source of indicator.sources) {
    let matched = selectRows(dataset, source, period, params);
    if (indicator.count === 'distinct') {
      if (!source.value) throw new Error(`Indicator ${indicator.id} counts distinct values but a source names no column`);
      // A row that names no value (a session with no attendees listed) is not behind the number.
      matched = matched.filter((r) => valuesOf(r.values[source.value!]).length > 0);
    }
    const tab = matched[0]?.tab;
    if (tab) {
      const existing = evidence.find((e) => e.tab === tab);
      const rowNumbers = matched.map((r) => r.row);
      if (existing) existing.rows = [...new Set([...existing.rows, ...rowNumbers])].sort((a, b) => a - b);
      else evidence.push({ tab, rows: rowNumbers });
    }
    rows += matched.length;
    if (indicator.count === 'distinct') for (const r of matched) valuesOf(r.values[source.value!]).forEach((x) => distinct.add(x));
  }
  return {
    id: indicator.id,
    label: indicator.label,
    definition: indicator.definition,
    value: indicator.count === 'rows' ? rows : distinct.size,
    evidence,
  };
}

/** The forms an indicator list reads. */
export function formsRead(indicators: readonly Indicator[]): string[] {
  return [...new Set(indicators.flatMap((i) => i.sources.map((s) => s.form)))];
}
