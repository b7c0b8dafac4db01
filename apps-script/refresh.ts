/**
 * A full check and the manager's views, rebuilt from the response tabs: every tab
 * read once, each view written with one setValues. Used by the menu, the daily
 * trigger, set-up, and a submission while the workbook is small.
 */
import { readDataset, type DataIssue } from '../core/dataset.js';
import { checkAsOf } from '../core/checks.js';
import { CONTRACT_FORMS } from '../core/forms/contract.js';
import { REPORTS } from '../core/schemes/index.js';
import { dashboardView } from '../core/views/dashboard.js';
import { releasePlanningView } from '../core/views/release-planning.js';
import { activeSupporterIds, supportersView } from '../core/views/supporters.js';
import { ensureTrendChart } from './chart.js';
import { rewriteIssueLog } from './issues-log.js';
import type { Run } from './run.js';
import { writeView } from './sheets.js';
import { updateSupporterChoices } from './supporter-choices.js';
import { readWorkbook } from './workbook.js';

export const DASHBOARD_TAB = 'Dashboard';
export const RELEASE_PLANNING_TAB = 'Release planning';
/** Not "Supporters": that is the registration form's response tab. */
export const SUPPORTERS_TAB = 'Supporter overview';

/** The reports this spreadsheet's forms answer (other schemes' reports need their own workbook). */
export const WORKBOOK_REPORTS = REPORTS.filter((report) => report.forms.every((form) => CONTRACT_FORMS.includes(form)));

export interface RefreshSummary {
  /** Tabs that are missing, renamed, or lack a column: said in a menu alert too. */
  tabProblems: string[];
  issues: number;
  rows: number;
}

/** A problem with a whole tab or its header row, rather than with one response. */
export function isTabProblem(issue: DataIssue): boolean {
  return issue.row === null || issue.row === 1;
}

export function refreshAll(run: Run): RefreshSummary {
  const read = readWorkbook(run, CONTRACT_FORMS);
  const dataset = readDataset(read.workbook, CONTRACT_FORMS, run.settings);
  const issues = [...read.issues, ...dataset.issues, ...checkAsOf(dataset, CONTRACT_FORMS, run.asOf)];

  rewriteIssueLog(run, issues);
  const dashboard = dashboardView(dataset, WORKBOOK_REPORTS, issues, run.asOf, run.now);
  ensureTrendChart(writeView(run.ss, DASHBOARD_TAB, dashboard.rows, run.timeZone), dashboard.trend);
  writeView(run.ss, RELEASE_PLANNING_TAB, releasePlanningView(dataset, run.asOf), run.timeZone);
  writeView(run.ss, SUPPORTERS_TAB, supportersView(dataset, run.asOf), run.timeZone);
  if (!dataset.unreadable.has('supporters')) updateSupporterChoices(run, activeSupporterIds(dataset, run.asOf));

  run.store.clearPending();
  run.store.setRowsAtLastRefresh(read.rows);
  return { tabProblems: issues.filter(isTabProblem).map((i) => `${i.tab}: ${i.reason}`), issues: issues.length, rows: read.rows };
}
