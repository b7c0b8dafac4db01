/**
 * From a raw workbook to a dataset: valid records per form, registrations merged,
 * and every data issue (data contract §2). Nothing is dropped silently: an excluded row is
 * listed with its tab, row number and reason, and a row staff voided (anything in a
 * `Void` column) as voided.
 */
import { DateTime } from 'luxon';
import { SYSTEM_COLUMNS, type FormDefinition, type Question } from './form.js';
import type { Settings } from './settings.js';
import { normaliseHeader, type Cell, type RawWorkbook, type Tab } from './workbook.js';
import { compileRowReader, isBlank, type RowValues } from './validate.js';
import { readDate } from './dates.js';

/** 'voided': a row staff withdrew through its Void column, left out on purpose (not a problem to correct). */
export type IssueSeverity = 'error' | 'duplicate' | 'warning' | 'voided';

export interface DataIssue {
  tab: string;
  /** The spreadsheet's row number (header = 1), or null for a problem with the whole tab. */
  row: number | null;
  severity: IssueSeverity;
  /** What is wrong, never quoting an answer: reasons reach reports. */
  reason: string;
  /**
   * The answer as typed, for staff (`peerkit check`) only: set where its column
   * cannot hold free text (a date, a number, a choice) and it is at most 20
   * characters. Reports and anything that leaves the provider leave it out.
   */
  answer?: string;
}

export interface DataRecord {
  form: string;
  tab: string;
  /** The spreadsheet's row number (header = 1). */
  row: number;
  values: RowValues;
}

export interface Dataset {
  settings: Settings;
  origin: string;
  /** Valid rows of each form, by form id, in sheet order. */
  records: Record<string, DataRecord[]>;
  /**
   * For registration forms (upsertBy): one merged record per identifier, each
   * non-blank answer of a later row winning. `row` is the latest row merged.
   */
  registered: Record<string, Map<string, DataRecord>>;
  issues: DataIssue[];
  /** Forms whose tab is missing or lacks a required column: their records are empty. */
  unreadable: Map<string, string>;
  /**
   * The dates of the rows left out (excluded, repeats, voided), by issueRowKey: each
   * date question's answer read as a date, or null where it cannot be read. A report
   * lists only the issues of rows dated in its period (data contract §2), and a row
   * left out has no record to say its date.
   */
  leftOutDates?: Map<string, Record<string, string | null>>;
}

/** The key of a row in Dataset.leftOutDates. */
export const issueRowKey = (tab: string, row: number) => `${tab}\u0000${row}`;

/** Identifiers that registration forms define, by pattern kind. */
const REGISTERS: Record<string, string> = { supporter: 'Supporter ID', woman: 'Prison number', mentor: 'Mentor ID' };

export function readDataset(workbook: RawWorkbook, forms: readonly FormDefinition[], settings: Settings): Dataset {
  const dataset: Dataset = {
    settings,
    origin: workbook.origin,
    records: {},
    registered: {},
    issues: [],
    unreadable: new Map(),
    leftOutDates: new Map(),
  };
  for (const form of forms) {
    dataset.records[form.id] = readForm(workbook, form, settings, dataset);
    if (form.upsertBy) dataset.registered[form.id] = mergeRegistrations(dataset.records[form.id]!, form.upsertBy);
  }
  warnUnknownIdentifiers(dataset, forms);
  // By tab in form order, then row; sort is stable, so a row's issues keep their order.
  const tabOrder = new Map(forms.map((f, i) => [f.tab, i]));
  dataset.issues.sort((a, b) => tabOrder.get(a.tab)! - tabOrder.get(b.tab)! || (a.row ?? 0) - (b.row ?? 0));
  return dataset;
}

function readForm(workbook: RawWorkbook, form: FormDefinition, settings: Settings, dataset: Dataset): DataRecord[] {
  const wanted = normaliseHeader(form.tab);
  const tabs = workbook.tabs.filter((t) => normaliseHeader(t.name) === wanted);
  const tab = tabs[0];
  if (!tab || tabs.length > 1) {
    // Two tabs of one name ("Contacts.csv" and "contacts.csv" in a folder): reading
    // either would leave the other's rows out unseen, so neither is read.
    const reason = tab ? `tab "${form.tab}" is there ${tabs.length} times (${tabs.map((t) => `"${t.name}"`).join(', ')}); keep one` : `tab "${form.tab}" not found`;
    dataset.unreadable.set(form.id, reason);
    dataset.issues.push({ tab: form.tab, row: null, severity: 'error', reason });
    return [];
  }
  for (const issue of tab.issues ?? []) dataset.issues.push({ tab: form.tab, ...issue });
  const columns = mapColumns(tab, form, dataset);
  if (!columns) return [];

  const readRow = compileRowReader(form, settings);
  const dateColumns = form.questions.flatMap((q, i) => (q.type === 'date' && columns[i] !== -1 ? [{ key: q.key, column: columns[i]! }] : []));
  // Read only for rows left out, which are few: a valid row's record has its dates.
  const noteDates = (cells: readonly Cell[], row: number) =>
    dataset.leftOutDates?.set(issueRowKey(form.tab, row), Object.fromEntries(dateColumns.map((d) => [d.key, readDate(cells[d.column] ?? null, settings)])));
  const system = systemColumns(tab);
  const repeats = new RepeatFinder(tab.rows, system.all);
  const out: DataRecord[] = [];
  for (let i = 0; i < tab.rows.length; i++) {
    const cells = tab.rows[i]!;
    const row = i + 2;
    if (isBlankRow(cells, system.all)) continue;
    // Before the repeat check: a voided row is neither a repeat nor the row others repeat.
    if (isVoided(cells, system.void)) {
      noteDates(cells, row);
      dataset.issues.push({ tab: form.tab, row, severity: 'voided', reason: VOIDED });
      continue;
    }
    const first = repeats.earlier(i);
    if (first !== undefined) {
      noteDates(cells, row);
      dataset.issues.push({ tab: form.tab, row, severity: 'duplicate', reason: `repeats row ${first + 2} exactly; counted once` });
      continue;
    }
    const result = readRow(cells, columns);
    if (result.ok) out.push({ form: form.id, tab: form.tab, row, values: result.values });
    else {
      noteDates(cells, row);
      for (const { reason, answer } of result.problems) {
        dataset.issues.push({ tab: form.tab, row, severity: 'error', reason: `excluded: ${reason}`, ...(answer !== undefined ? { answer } : {}) });
      }
    }
  }
  return out;
}

/** The column index of each question, in declaration order; a missing optional column reads as blank (-1). */
function mapColumns(tab: Tab, form: FormDefinition, dataset: Dataset): number[] | null {
  const byHeader = new Map<string, number[]>();
  tab.header.forEach((h, i) => {
    const name = normaliseHeader(String(h ?? ''));
    if (name) byHeader.set(name, [...(byHeader.get(name) ?? []), i]);
  });
  const columns: number[] = [];
  const missingRequired: Question[] = [];
  const twice: string[] = [];
  for (const q of form.questions) {
    const found = byHeader.get(normaliseHeader(q.title));
    // Which of two same-named columns holds the answers cannot be known: reading either could count zeros.
    if (found && found.length > 1) twice.push(`"${q.title}" (columns ${found.map(columnLetters).join(' and ')})`);
    if (found) columns.push(found[0]!);
    else if (q.required) missingRequired.push(q);
    else {
      columns.push(-1);
      dataset.issues.push({ tab: form.tab, row: 1, severity: 'warning', reason: `no column "${q.title}": read as blank` });
    }
  }
  const problems: string[] = [];
  if (missingRequired.length > 0) problems.push(`has no column ${missingRequired.map((q) => `"${q.title}"`).join(', ')} (was it renamed?)`);
  if (twice.length > 0) problems.push(`has ${twice.length === 1 ? 'a column' : 'columns'} twice: ${twice.join(', ')}; remove or rename one of each`);
  if (problems.length === 0) return columns;
  const reason = `tab "${tab.name}" ${problems.join(', and ')}`;
  dataset.unreadable.set(form.id, reason);
  dataset.issues.push({ tab: form.tab, row: 1, severity: 'error', reason });
  return null;
}

/** Never the reason typed in Void: that may name a person, and reasons reach reports. */
const VOIDED = 'left out of every count ("Void" is filled in)';

interface SystemColumns {
  /** The columns headed Void (a person may add one twice). */
  void: number[];
  /** By column index, true for Void and Edit link: they are left out when telling blank rows and repeats. */
  all: boolean[] | null;
}

function systemColumns(tab: Tab): SystemColumns {
  const voidHeader = normaliseHeader(SYSTEM_COLUMNS.void);
  const editLinkHeader = normaliseHeader(SYSTEM_COLUMNS.editLink);
  const out: SystemColumns = { void: [], all: null };
  tab.header.forEach((h, i) => {
    const name = normaliseHeader(String(h ?? ''));
    if (name !== voidHeader && name !== editLinkHeader) return;
    if (name === voidHeader) out.void.push(i);
    (out.all ??= [])[i] = true;
  });
  return out;
}

/** Anything in a Void cell voids the row; spaces are blank, and an unticked tick box (false) voids nothing. */
function isVoided(cells: readonly Cell[], columns: readonly number[]): boolean {
  for (const i of columns) {
    const cell = cells[i];
    if (!isBlank(cell) && cell !== false) return true;
  }
  return false;
}

/** A column's letters as the spreadsheet shows them: 0 → A, 25 → Z, 26 → AA. */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function cellKey(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  // The instant identifies a date cell; toMillis is far cheaper than formatting it.
  if (cell instanceof DateTime) return cell.isValid ? `@${cell.toMillis()}` : 'invalid';
  return typeof cell === 'string' ? cell.trim() : String(cell);
}

/** Blank apart from the system columns (an Edit link or a Void alone is no record). */
function isBlankRow(cells: readonly Cell[], skip: readonly boolean[] | null): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlank(cells[i]) && !skip?.[i]) return false;
  return true;
}

/**
 * The row's text for comparing: trimmed cells, trailing blanks left off, the
 * system columns read as blank (each response has its own edit link, so a double
 * submission would otherwise never be a repeat).
 */
export function rowKey(cells: readonly Cell[], skip: readonly boolean[] | null): string {
  let end = cells.length;
  while (end > 0 && (skip?.[end - 1] || isBlank(cells[end - 1]))) end--;
  let key = '';
  for (let i = 0; i < end; i++) key += (i ? '\u241f' : '') + (skip?.[i] ? '' : cellKey(cells[i]));
  return key;
}

/**
 * Finds rows identical in every column, in time linear in the rows whatever their
 * values. It keeps a 32-bit hash of each row rather than the row's text (a million
 * rows' keys would cost hundreds of megabytes); rows whose hashes meet — by chance,
 * or crafted to — go into a map of their own keyed by the full text, so a flood of
 * colliding rows costs one lookup each, never a scan of the others.
 */
class RepeatFinder {
  /** Hash → index of the first row with it, or, once two different rows share it, a map from row text to index. */
  private readonly byHash = new Map<number, number | Map<string, number>>();

  constructor(
    private readonly rows: readonly (readonly Cell[])[],
    private readonly skip: readonly boolean[] | null,
  ) {}

  /** The index of an earlier identical row, or undefined (and this one is remembered). */
  earlier(index: number): number | undefined {
    const key = rowKey(this.rows[index]!, this.skip);
    const hash = fnv1a(key);
    const seen = this.byHash.get(hash);
    if (seen === undefined) {
      this.byHash.set(hash, index);
      return undefined;
    }
    if (typeof seen === 'number') {
      const firstKey = rowKey(this.rows[seen]!, this.skip);
      if (firstKey === key) return seen;
      this.byHash.set(hash, new Map([[firstKey, seen], [key, index]]));
      return undefined;
    }
    const match = seen.get(key);
    if (match === undefined) seen.set(key, index);
    return match;
  }
}

/** A 32-bit FNV-1a hash of a text. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

export function mergeRegistrations(records: DataRecord[], idKey: string): Map<string, DataRecord> {
  // Later means a later Timestamp; rows with equal timestamps keep sheet order.
  const ordered = [...records].sort((a, b) => String(a.values.timestamp ?? '').localeCompare(String(b.values.timestamp ?? '')) || a.row - b.row);
  const merged = new Map<string, DataRecord>();
  for (const record of ordered) {
    const id = record.values[idKey] as string;
    const earlier = merged.get(id);
    if (!earlier) {
      merged.set(id, { ...record, values: { ...record.values } });
      continue;
    }
    for (const [key, value] of Object.entries(record.values)) if (value !== null) earlier.values[key] = value;
    earlier.row = record.row;
  }
  return merged;
}

/**
 * The register of each kind of identifier: the first form upserted by it (Women for
 * prison numbers); a later one (Release planning) is checked against it like any other.
 */
export function registersOf(forms: readonly FormDefinition[]): Map<string, string> {
  const registerOf = new Map<string, string>();
  for (const form of forms) {
    const kind = form.questions.find((q) => q.key === form.upsertBy)?.pattern?.kind;
    if (kind !== undefined && !registerOf.has(kind)) registerOf.set(kind, form.id);
  }
  return registerOf;
}

/**
 * The warnings of `form`'s records naming an identifier its register does not know
 * (data contract §2). `known` gives a register's identifiers, or undefined where they
 * cannot be told (its tab unreadable, or not read): then nothing is said.
 */
export function unknownIdentifierIssues(
  form: FormDefinition,
  records: readonly DataRecord[],
  forms: readonly FormDefinition[],
  known: (registerId: string) => { has(id: string): boolean } | undefined,
): DataIssue[] {
  const registerOf = registersOf(forms);
  const issues: DataIssue[] = [];
  for (const q of form.questions) {
    const registerId = q.pattern && registerOf.get(q.pattern.kind);
    if (!registerId || registerId === form.id) continue;
    const ids = known(registerId);
    if (!ids) continue;
    const register = forms.find((f) => f.id === registerId)!;
    // Other schemes' identifiers are named by their register's own question ("Buddy ID").
    const what = REGISTERS[q.pattern!.kind] ?? register.questions.find((x) => x.key === register.upsertBy)!.title;
    for (const record of records) {
      const value = record.values[q.key];
      let unknown = 0;
      if (Array.isArray(value)) for (const id of value) unknown += ids.has(id) ? 0 : 1;
      else if (typeof value === 'string' && !ids.has(value)) unknown = 1;
      if (unknown > 0) {
        const count = unknown === 1 ? `a ${what}` : `${unknown} ${what}s`;
        issues.push({ tab: form.tab, row: record.row, severity: 'warning', reason: `"${q.title}" names ${count} that no ${register.tab} row registers; still counted` });
      }
    }
  }
  return issues;
}

/** A Supporter ID or Prison number that no registration row knows is a warning (data contract §2). */
function warnUnknownIdentifiers(dataset: Dataset, forms: readonly FormDefinition[]): void {
  const known = (registerId: string) => (dataset.unreadable.has(registerId) ? undefined : dataset.registered[registerId]);
  for (const form of forms) dataset.issues.push(...unknownIdentifierIssues(form, dataset.records[form.id]!, forms, known));
}
