/**
 * The Data issues tab. A full check rewrites it (corrected rows drop out, each
 * remaining problem keeps the time it was first found); a submission appends only
 * what is new, so a trigger that fires twice lists a problem once.
 */
import type { DataIssue } from '../core/dataset.js';
import { DATA_ISSUES_HEADER, DATA_ISSUES_TAB, issueRows, issuesView, mergeIssueLog, newIssues, readIssueLog } from './views/data-issues.js';
import type { Execution } from './execution.js';
import { appendRows, readSheet, sheetNamed, writeSheet } from './sheets.js';

function openLog(run: Execution) {
  const sheet = sheetNamed(run.ss, DATA_ISSUES_TAB);
  const [header = [], ...rows] = readSheet(sheet, run.timeZone);
  const empty = rows.length === 0 && header.every((cell) => cell === null || cell === '');
  return { sheet, empty, log: readIssueLog(rows, run.settings) };
}

export function rewriteIssueLog(run: Execution, found: readonly DataIssue[]): void {
  const { sheet, log } = openLog(run);
  writeSheet(sheet, issuesView(mergeIssueLog(log, found, run.now)), run.timeZone);
}

/** Adds the issues not yet listed; returns how many were new. */
export function appendToIssueLog(run: Execution, found: readonly DataIssue[]): number {
  const { sheet, empty, log } = openLog(run);
  const fresh = issueRows(newIssues(log, found, run.now));
  if (fresh.length > 0) appendRows(sheet, empty ? [DATA_ISSUES_HEADER, ...fresh] : fresh, run.timeZone);
  return fresh.length;
}
