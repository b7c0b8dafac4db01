/**
 * The tabs the views are written to (Dashboard, Data issues, Release planning,
 * Supporter overview). Each is found by the sheet id recorded in the document
 * properties when it was made, never by its name: anyone can rename a tab, and a
 * response tab renamed "Dashboard" must not be overwritten by the dashboard. A tab
 * holding form responses is never a view's. While another tab has a view's name,
 * the view's tab has a free one ("Dashboard (2)") and the clash is a Data issue.
 */
import type { DataIssue } from '../core/dataset.js';
import type { Execution } from './execution.js';
import { listSheets, sameName, type SheetEntry } from './workbook.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface ViewTab {
  name: string;
  /** The name an earlier version gave this view: its tab is taken over and renamed (a form's tab now has that name). */
  formerly?: string;
  /** The cells row 1 of the view begins with, in every version: how a tab made before ids were recorded is recognised. */
  mark: readonly string[];
}

interface FoundTab {
  sheet: Sheet;
  /** The clash with another tab's name, to list in Data issues (null: none). */
  issue: DataIssue | null;
}

/** Google links a form only to a tab it makes; getFormUrl() also catches a form set-up did not make. */
function holdsResponses(run: Execution, entry: SheetEntry): boolean {
  return run.store.formKeyOfSheet(entry.id) !== null || entry.sheet.getFormUrl() !== null;
}

const named = (sheets: readonly SheetEntry[], name: string) => sheets.find((s) => sameName(s.name, name));

/** The view's name if no tab has it, else "Dashboard (2)", "Dashboard (3)", … */
function freeName(sheets: readonly SheetEntry[], name: string): string {
  if (!named(sheets, name)) return name;
  let n = 2;
  while (named(sheets, `${name} (${n})`)) n++;
  return `${name} (${n})`;
}

/** A name freeName gave during a clash: given back once the view's own name is free. */
function isStandIn(tabName: string, view: ViewTab): boolean {
  return tabName.startsWith(`${view.name} (`) && /^\(\d+\)$/.test(tabName.slice(view.name.length + 1));
}

/** Row 1 begins as the view writes it, or the tab is blank. Read once, on the first run after an upgrade. */
function looksLikeView(sheet: Sheet, view: ViewTab): boolean {
  if (sheet.getLastRow() === 0) return true;
  const width = Math.min(view.mark.length, Math.max(sheet.getLastColumn(), 1));
  const [first = []] = sheet.getRange(1, 1, 1, width).getValues();
  return view.mark.every((cell, i) => String(first[i] ?? '').trim() === cell);
}

function insert(run: Execution, sheets: SheetEntry[], name: string): SheetEntry {
  const sheet = run.ss.insertSheet(name);
  sheet.setFrozenRows(1);
  const entry = { sheet, name, id: sheet.getSheetId() };
  sheets.push(entry);
  return entry;
}

function clashIssue(run: Execution, view: ViewTab, holder: SheetEntry, entry: SheetEntry): DataIssue {
  const reason = holdsResponses(run, holder)
    ? `the tab called "${holder.name}" holds form responses, so no view is written there: this view is in the tab "${entry.name}". Rename that tab (Peer support → Set up names its forms' tabs back)`
    : `a tab called "${holder.name}" is not this view's, so it is left as it is: this view is in the tab "${entry.name}". Rename or remove that tab to give the view its name`;
  return { tab: view.name, row: null, severity: 'warning', reason };
}

/**
 * The view's tab: the recorded one; else (nothing recorded yet: a spreadsheet set
 * up by an earlier version) the tab of its name if it holds no responses and looks
 * like the view; else a new tab with a free name. Its id is recorded.
 * @param sheets every tab, listed once per run; a tab made or renamed here is updated in it
 */
export function viewTab(run: Execution, view: ViewTab, sheets: SheetEntry[]): FoundTab {
  const id = run.store.viewSheetId(view.name) ?? (view.formerly === undefined ? null : run.store.viewSheetId(view.formerly));
  let entry = id === null ? undefined : sheets.find((s) => s.id === id);
  // Never true by Google's own doing (see holdsResponses); one call buys the certainty that no view overwrites responses.
  if (entry && holdsResponses(run, entry)) entry = undefined;
  if (!entry && id === null) {
    const candidates = [view.name, ...(view.formerly === undefined ? [] : [view.formerly])].flatMap((name) => named(sheets, name) ?? []);
    entry = candidates.find((candidate) => !holdsResponses(run, candidate) && looksLikeView(candidate.sheet, view));
  }
  entry ??= insert(run, sheets, freeName(sheets, view.name));
  run.store.setViewSheetId(view.name, entry.id);

  // A tab renamed by hand keeps its name; a stand-in name is given back once the view's is free.
  if (sameName(entry.name, view.name)) return { sheet: entry.sheet, issue: null };
  const holder = named(sheets, view.name);
  if (holder) return { sheet: entry.sheet, issue: clashIssue(run, view, holder, entry) };
  if (isStandIn(entry.name, view) || (view.formerly !== undefined && sameName(entry.name, view.formerly))) {
    entry.sheet.setName(view.name);
    entry.name = view.name;
  }
  return { sheet: entry.sheet, issue: null };
}

/**
 * The same without listing every tab when the recorded one is there (two calls):
 * a submission's path, where clashes are left for the next refresh to list.
 */
export function recordedViewTab(run: Execution, view: ViewTab): FoundTab {
  const id = run.store.viewSheetId(view.name);
  const sheet = id === null || run.store.formKeyOfSheet(id) !== null ? null : run.ss.getSheetById(id);
  if (sheet && sheet.getFormUrl() === null) return { sheet, issue: null };
  return viewTab(run, view, listSheets(run.ss));
}
