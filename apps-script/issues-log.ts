/**
 * The Data issues tab. A full check rewrites it (corrected rows drop out, each
 * remaining problem keeps the time it was first found); a submission appends only
 * what is new, so a trigger that fires twice lists a problem once.
 */
import type { DataIssue } from '../core/dataset.js';
import { DATA_ISSUES_HEADER, DATA_ISSUES_TAB, issueRows, issuesView, mergeIssueLog, newIssues, readIssueLog } from './views/data-issues.js';
import type { Execution } from './execution.js';
import { appendRows, readSheet, replaceContents } from './sheets.js';
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

/** Adds the issues not yet listed; returns how many were new. */
export function appendToIssueLog(run: Execution, found: readonly DataIssue[]): number {
  const tab = recordedViewTab(run, DATA_ISSUES_VIEW);
  const { empty, log } = readLog(run, tab.sheet);
  const fresh = issueRows(newIssues(log, tab.issue ? [tab.issue, ...found] : found, run.now));
  if (fresh.length > 0) appendRows(tab.sheet, empty ? [DATA_ISSUES_HEADER, ...fresh] : fresh, run.timeZone);
  return fresh.length;
}
