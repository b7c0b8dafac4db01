/**
 * From a raw workbook to a dataset: valid records per form, registrations merged,
 * and every data issue (spec §2). Nothing is dropped silently: an excluded row is
 * listed with its tab, row number and reason.
 */
import { DateTime } from 'luxon';
import type { FormDefinition, Question } from './forms/types.js';
import type { Settings } from './settings.js';
import { findTab, normaliseHeader, type Cell, type RawWorkbook, type Tab } from './workbook.js';
import { isBlank, rowSchema, validateRow, type RowValues } from './validate.js';

export type IssueSeverity = 'error' | 'duplicate' | 'warning';

export interface DataIssue {
  tab: string;
  /** The spreadsheet's row number (header = 1), or null for a problem with the whole tab. */
  row: number | null;
  severity: IssueSeverity;
  reason: string;
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
}

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
  const tab = findTab(workbook, form.tab);
  if (!tab) {
    const reason = `tab "${form.tab}" not found`;
    dataset.unreadable.set(form.id, reason);
    dataset.issues.push({ tab: form.tab, row: null, severity: 'error', reason });
    return [];
  }
  const columns = mapColumns(tab, form, dataset);
  if (!columns) return [];

  const schema = rowSchema(form, settings);
  const seen = new Map<string, number>();
  const out: DataRecord[] = [];
  tab.rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => isBlank(c))) return;
    const key = rowKey(cells);
    const first = seen.get(key);
    if (first !== undefined) {
      dataset.issues.push({ tab: form.tab, row, severity: 'duplicate', reason: `repeats row ${first} exactly; counted once` });
      return;
    }
    seen.set(key, row);
    const input: Record<string, Cell> = {};
    for (const [key, index] of columns) input[key] = index === -1 ? null : (cells[index] ?? null);
    const result = validateRow(schema, input);
    if (result.ok) out.push({ form: form.id, tab: form.tab, row, values: result.values });
    else for (const reason of result.reasons) dataset.issues.push({ tab: form.tab, row, severity: 'error', reason: `excluded: ${reason}` });
  });
  return out;
}

/** Maps question keys to column indexes; a missing optional column reads as blank (-1). */
function mapColumns(tab: Tab, form: FormDefinition, dataset: Dataset): Map<string, number> | null {
  const byHeader = new Map<string, number>();
  tab.header.forEach((h, i) => {
    const name = normaliseHeader(String(h ?? ''));
    if (name && !byHeader.has(name)) byHeader.set(name, i);
  });
  const columns = new Map<string, number>();
  const missingRequired: Question[] = [];
  for (const q of form.questions) {
    const index = byHeader.get(normaliseHeader(q.title));
    if (index !== undefined) columns.set(q.key, index);
    else if (q.required) missingRequired.push(q);
    else {
      columns.set(q.key, -1);
      dataset.issues.push({ tab: form.tab, row: 1, severity: 'warning', reason: `no column "${q.title}": read as blank` });
    }
  }
  if (missingRequired.length === 0) return columns;
  const names = missingRequired.map((q) => `"${q.title}"`).join(', ');
  const reason = `tab "${tab.name}" has no column ${names} (was it renamed?)`;
  dataset.unreadable.set(form.id, reason);
  dataset.issues.push({ tab: form.tab, row: 1, severity: 'error', reason });
  return null;
}

function cellKey(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof DateTime) return cell.toISO() ?? 'invalid';
  return typeof cell === 'string' ? cell.trim() : String(cell);
}

function rowKey(cells: Cell[]): string {
  let end = cells.length;
  while (end > 0 && isBlank(cells[end - 1])) end--;
  return cells.slice(0, end).map(cellKey).join('\u241f');
}

function mergeRegistrations(records: DataRecord[], idKey: string): Map<string, DataRecord> {
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

/** A Supporter ID or Prison number that no registration row knows is a warning (spec §2). */
function warnUnknownIdentifiers(dataset: Dataset, forms: readonly FormDefinition[]): void {
  const registerOf = new Map<string, string>();
  for (const form of forms) {
    const idQuestion = form.questions.find((q) => q.key === form.upsertBy);
    if (idQuestion?.pattern && !dataset.unreadable.has(form.id)) registerOf.set(idQuestion.pattern.kind, form.id);
  }
  for (const form of forms) {
    if (form.upsertBy) continue;
    for (const q of form.questions) {
      const registerId = q.pattern && registerOf.get(q.pattern.kind);
      if (!registerId) continue;
      const known = dataset.registered[registerId]!;
      const registerTab = forms.find((f) => f.id === registerId)!.tab;
      for (const record of dataset.records[form.id]!) {
        const value = record.values[q.key];
        const ids = Array.isArray(value) ? value : value === null || value === undefined ? [] : [String(value)];
        const unknown = ids.filter((id) => !known.has(id)).length;
        if (unknown > 0) {
          const what = REGISTERS[q.pattern!.kind] ?? 'identifier';
          const count = unknown === 1 ? `a ${what}` : `${unknown} ${what}s`;
          dataset.issues.push({
            tab: form.tab,
            row: record.row,
            severity: 'warning',
            reason: `"${q.title}" names ${count} that no ${registerTab} row registers; still counted`,
          });
        }
      }
    }
  }
}
