/**
 * Reads the response tabs into core's RawWorkbook, each tab with one getValues().
 * A form's tab is the one set-up linked it to (remembered by sheet id), so a tab
 * renamed by hand is still read, with a warning: exported workbooks are read by
 * tab name, and the contract fixes the names.
 */
import type { DataIssue } from '../core/dataset.js';
import type { FormDefinition } from '../core/form.js';
import { normaliseHeader, tabFromGrid, type Cell, type RawWorkbook, type Tab } from '../core/workbook.js';
import { ORIGIN, type Execution } from './execution.js';
import { readSheet } from './sheets.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SheetEntry {
  sheet: Sheet;
  name: string;
  id: number;
}

/** Every tab of the spreadsheet with its name and id (read once per run). */
export function listSheets(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): SheetEntry[] {
  return ss.getSheets().map((sheet) => ({ sheet, name: sheet.getName(), id: sheet.getSheetId() }));
}

export function sameName(a: string, b: string): boolean {
  return normaliseHeader(a) === normaliseHeader(b);
}

/** The tab a form's responses are in: the linked one if set-up remembers it, else by name. */
function tabOf(run: Execution, form: FormDefinition, sheets: readonly SheetEntry[]): SheetEntry | undefined {
  const linkedId = run.store.sheetId(form.id);
  const linked = linkedId === null ? undefined : sheets.find((s) => s.id === linkedId);
  return linked ?? sheets.find((s) => sameName(s.name, form.tab));
}

export function renamedTabIssue(form: FormDefinition, actualName: string): DataIssue {
  return {
    tab: form.tab,
    row: null,
    severity: 'warning',
    reason: `the "${form.title}" responses are in a tab now called "${actualName}"; rename it back to "${form.tab}" (or run Peer support → Set up): exported workbooks are read by tab name`,
  };
}

interface ReadWorkbook {
  workbook: RawWorkbook;
  /** Problems only the host can see (a renamed tab). */
  issues: DataIssue[];
  /** Data rows read, all tabs together. */
  rows: number;
  /** The tab each form's rows were read from, by the form's declared tab name. */
  entries: Map<string, SheetEntry>;
  /** Each tab as read, by sheet id. */
  grids: Map<number, Cell[][]>;
}

/**
 * @param sheets every tab (listSheets), listed once per run
 * @param grids tabs this run has read already, by sheet id: not read again
 */
export function readWorkbook(run: Execution, forms: readonly FormDefinition[], sheets: readonly SheetEntry[], grids?: ReadonlyMap<number, Cell[][]>): ReadWorkbook {
  const tabs: Tab[] = [];
  const issues: DataIssue[] = [];
  const entries = new Map<string, SheetEntry>();
  const read = new Map<number, Cell[][]>();
  let rows = 0;
  for (const form of forms) {
    const entry = tabOf(run, form, sheets);
    if (!entry) continue; // core reports the missing tab
    entries.set(form.tab, entry);
    if (!sameName(entry.name, form.tab)) issues.push(renamedTabIssue(form, entry.name));
    const grid = read.get(entry.id) ?? grids?.get(entry.id) ?? readSheet(entry.sheet, run.timeZone);
    read.set(entry.id, grid);
    const tab = tabFromGrid(form.tab, grid, (cell) => cell);
    rows += tab.rows.length;
    tabs.push(tab);
  }
  return { workbook: { origin: ORIGIN, tabs, timeZone: run.timeZone, locale: run.settings.locale }, issues, rows, entries, grids: read };
}
