/**
 * The Data issues tab. A full check rewrites it (corrected rows drop out, each
 * remaining problem keeps the time it was first found); a submission appends only
 * what is new, so a trigger that fires twice lists a problem once, and drops what
 * an edit of its row corrected.
 */
import type { DataIssue } from '../core/dataset.js';
import {
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
import { appendRows, readSheet, replaceContents, writeBlock } from './sheets.js';
import { recordedViewTab, type ViewTab } from './view-tabs.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const DATA_ISSUES_VIEW: ViewTab = { name: DATA_ISSUES_TAB, mark: DATA_ISSUES_HEADER.slice(0, 2) };

function readLog(run: Execution, sheet: Sheet) {
  const grid = readSheet(sheet, run.timeZone);
  const [header = [], ...rows] = grid;
  const empty = rows.length === 0 && header.every((cell) => cell === null || cell === '');
  return { empty, log: readIssueLog(rows, run.settings), extent: { rows: grid.length, columns: header.length } };
}

/** Rewrites the log in its tab (the refresh finds it with the other views' tabs). */
export function rewriteIssueLog(run: Execution, sheet: Sheet, found: readonly DataIssue[]): void {
  const { log, extent } = readLog(run, sheet);
  replaceContents(sheet, issuesView(mergeIssueLog(log, found, run.now)), run.timeZone, extent);
}

/**
 * After a submission: the listed issues of the submitted rows become those found
 * now (a response edited through its link may have corrected one), the new ones
 * added: an append while none of theirs is gone, else the log rewritten (one write
 * either way).
 */
export function updateRowIssues(run: Execution, found: readonly DataIssue[], rows: { tab: string; first: number; last: number }): void {
  const tab = recordedViewTab(run, DATA_ISSUES_VIEW);
  const { empty, log, extent } = readLog(run, tab.sheet);
  const all = tab.issue ? [tab.issue, ...found] : found;
  const now = new Set(all.map(issueKey));
  const gone = (i: Pick<DataIssue, 'tab' | 'row' | 'reason'>) => i.tab === rows.tab && i.row !== null && i.row >= rows.first && i.row <= rows.last && !now.has(issueKey(i));
  if (!log.some(gone)) {
    const fresh = issueRows(newIssues(log, all, run.now));
    if (fresh.length > 0) appendRows(tab.sheet, empty ? [DATA_ISSUES_HEADER, ...fresh] : fresh, run.timeZone);
    return;
  }
  const kept = log.filter((i) => !gone(i));
  replaceContents(tab.sheet, issuesView([...kept, ...newIssues(kept, all, run.now)]), run.timeZone, extent);
}

/** Adds the issues not yet listed; returns how many were new. */
export function appendToIssueLog(run: Execution, found: readonly DataIssue[]): number {
  const tab = recordedViewTab(run, DATA_ISSUES_VIEW);
  const { empty, log } = readLog(run, tab.sheet);
  const fresh = issueRows(newIssues(log, tab.issue ? [tab.issue, ...found] : found, run.now));
  if (fresh.length > 0) appendRows(tab.sheet, empty ? [DATA_ISSUES_HEADER, ...fresh] : fresh, run.timeZone);
  return fresh.length;
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
