/**
 * The Data issues tab. A full check rewrites it (corrected rows drop out, each
 * remaining problem keeps the time it was first found); a submission appends only
 * what is new, so a trigger that fires twice lists a problem once, and drops what
 * an edit of its row corrected.
 */
import type { DataIssue } from '../core/dataset.js';
import {
  boundedIssuesView,
  DATA_ISSUES_HEADER,
  DATA_ISSUES_TAB,
  deletionRecord,
  issueKey,
  issueRows,
  issuesView,
  mergeIssueLog,
  newIssues,
  readIssueLog,
  withSetupFindings,
  type SetupSeverity,
} from './views/data-issues.js';
import type { Execution } from './execution.js';
import type { CellBudget } from './cell-budget.js';
import { appendRows, readSheet, replaceContents, replaceView, writeAt, writeBlock } from './sheets.js';
import { recordedViewTab, type ViewTab } from './view-tabs.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const DATA_ISSUES_VIEW: ViewTab = { name: DATA_ISSUES_TAB, mark: DATA_ISSUES_HEADER.slice(0, 2) };

function readLog(run: Execution, sheet: Sheet) {
  const grid = readSheet(sheet, run.timeZone);
  const [header = [], ...rows] = grid;
  const empty = rows.length === 0 && header.every((cell) => cell === null || cell === '');
  return { empty, log: readIssueLog(rows, run.settings), extent: { rows: grid.length, columns: header.length } };
}

/**
 * Rewrites the log in its tab (the refresh finds it with the other views' tabs),
 * within the cells the workbook has room for, `spare` blank rows below it for
 * submissions to append to. Returns its length in rows, header included, and how
 * many issues it does not list (0 unless the workbook is near the limit).
 */
export function rewriteIssueLog(run: Execution, sheet: Sheet, found: readonly DataIssue[], budget: CellBudget, spare: number): { rows: number; unlisted: number } {
  const { log, extent } = readLog(run, sheet);
  const merged = mergeIssueLog(log, found, run.now);
  const view = { width: DATA_ISSUES_HEADER.length, rows: (fits: number) => boundedIssuesView(merged, fits, run.now) };
  const rows = replaceView(sheet, view, run.timeZone, budget, { spare, old: extent });
  // Cut short, the view has a note in place of the issues it leaves out.
  return { rows, unlisted: rows === merged.length + 1 ? 0 : merged.length - (rows - 2) };
}

/**
 * A submission's new issues, written from `nextRow` (the row after the log's last,
 * as the submission cache says) with one setValues: 4 calls, the log unread.
 * Returns the row after them, or null when the tab is gone or too short (the
 * rebuild keeps rows to spare), and then nothing is written.
 */
export function appendIssuesAt(run: Execution, sheetId: number, nextRow: number, found: readonly DataIssue[]): number | null {
  const sheet = run.ss.getSheetById(sheetId);
  if (!sheet) return null;
  const rows = issueRows(newIssues([], found, run.now));
  try {
    writeAt(sheet, nextRow, 1, rows, run.timeZone, true);
  } catch {
    return null; // past the grid's last row: the rebuild lists them
  }
  return nextRow + rows.length;
}

/**
 * After a submission: the listed issues of the submitted rows become those found
 * now (a response edited through its link may have corrected one), the new ones
 * added: an append while none of theirs is gone, else the log rewritten (one write
 * either way).
 */
export function updateRowIssues(run: Execution, found: readonly DataIssue[], rows: { tab: string; first: number; last: number }): number {
  const tab = recordedViewTab(run, DATA_ISSUES_VIEW);
  const { empty, log, extent } = readLog(run, tab.sheet);
  const all = tab.issue ? [tab.issue, ...found] : found;
  const now = new Set(all.map(issueKey));
  const gone = (i: Pick<DataIssue, 'tab' | 'row' | 'reason'>) => i.tab === rows.tab && i.row !== null && i.row >= rows.first && i.row <= rows.last && !now.has(issueKey(i));
  if (!log.some(gone)) {
    const fresh = issueRows(newIssues(log, all, run.now));
    const added = empty ? [DATA_ISSUES_HEADER, ...fresh] : fresh;
    const at = empty ? 1 : extent.rows + 1;
    if (fresh.length > 0) {
      try {
        writeAt(tab.sheet, at, 1, added, run.timeZone, true); // into the rows the rebuild keeps to spare
      } catch {
        writeBlock(tab.sheet, at, added, run.timeZone); // none left: the tab grows first
      }
    }
    return fresh.length > 0 ? at - 1 + added.length : extent.rows;
  }
  const kept = log.filter((i) => !gone(i));
  const view = issuesView([...kept, ...newIssues(kept, all, run.now)]);
  replaceContents(tab.sheet, view, run.timeZone, extent);
  return view.length;
}

/** Adds the issues not yet listed; returns the log's length in rows then, header included. */
export function appendToIssueLog(run: Execution, found: readonly DataIssue[]): number {
  const tab = recordedViewTab(run, DATA_ISSUES_VIEW);
  const { empty, log, extent } = readLog(run, tab.sheet);
  const fresh = issueRows(newIssues(log, tab.issue ? [tab.issue, ...found] : found, run.now));
  if (fresh.length === 0) return extent.rows;
  const added = empty ? [DATA_ISSUES_HEADER, ...fresh] : fresh;
  appendRows(tab.sheet, added, run.timeZone);
  return (empty ? 0 : extent.rows) + added.length;
}

/** Appends a record of rows deleted (counts only): every later rewrite of the log keeps it. */
export function recordDeletion(run: Execution, tab: string, reason: string): void {
  const { sheet } = recordedViewTab(run, DATA_ISSUES_VIEW);
  const last = sheet.getLastRow();
  const line = issueRows([deletionRecord(tab, reason, run.now)]);
  writeBlock(sheet, last + 1, last === 0 ? [DATA_ISSUES_HEADER, ...line] : line, run.timeZone);
}

/** Puts Check set-up's findings first in the log, in place of its last ones (one write). */
export function writeSetupFindings(run: Execution, findings: readonly { tab: string; severity: SetupSeverity; reason: string }[]): void {
  const { sheet } = recordedViewTab(run, DATA_ISSUES_VIEW);
  const { log, extent } = readLog(run, sheet);
  replaceContents(sheet, issuesView(withSetupFindings(log, findings, run.now)), run.timeZone, extent);
}
