/**
 * A full check and the manager's views, rebuilt from the response tabs of the
 * schemes this site runs: every tab read once, each view written with one
 * setValues. Used by the menu, the daily trigger, set-up, and a submission while
 * the workbook is small.
 */
import { readDataset, type Dataset, type DataIssue } from '../core/dataset.js';
import { checkDataset } from '../core/check-dataset.js';
import type { ViewRow } from './views/view-values.js';
import { dashboardView } from './views/dashboard.js';
import { releasePlanningView } from './views/release-planning.js';
import { supportersView } from './views/supporters.js';
import { ensureTrendChart } from './chart.js';
import { updateListChoices } from './id-choices.js';
import { rewriteIssueLog } from './issues-log.js';
import { configIssues, SETTINGS_ISSUE_TAB, type Execution } from './execution.js';
import type { SchemeView } from '../core/scheme.js';
import { writeView } from './sheets.js';
import { readWorkbook } from './workbook.js';

const DASHBOARD_TAB = 'Dashboard';
const RELEASE_PLANNING_TAB = 'Release planning';
/** Not "Supporters": that is the registration form's response tab. */
const SUPPORTERS_TAB = 'Supporter overview';

/** The builder of each view a scheme can ask for (Scheme.views): a missing one is a compile error. */
const VIEWS: Readonly<Record<SchemeView, { tab: string; rows: (dataset: Dataset, asOf: string) => ViewRow[] }>> = {
  releasePlanning: { tab: RELEASE_PLANNING_TAB, rows: (dataset, asOf) => releasePlanningView(dataset, asOf) },
  supporterOverview: { tab: SUPPORTERS_TAB, rows: supportersView },
};

/** The views of the configured schemes, each once, in the order the schemes ask for them. */
function viewsOf(execution: Execution): SchemeView[] {
  return [...new Set(execution.schemes.flatMap((s) => s.views ?? []))];
}

export interface RefreshSummary {
  /** Tabs that are missing, renamed, or lack a column: said in a menu alert too. */
  tabProblems: string[];
  /** What in PEERKIT_SETTINGS could not be used: said in a menu alert too. */
  settingsProblems: string[];
  /** Configured schemes whose forms Set up has not built yet. */
  notBuilt: string[];
  issues: number;
  rows: number;
}

/** A problem with a whole tab or its header row, rather than with one response. */
function isTabProblem(issue: DataIssue): boolean {
  return (issue.row === null || issue.row === 1) && issue.tab !== SETTINGS_ISSUE_TAB;
}

export function refreshAll(run: Execution): RefreshSummary {
  const read = readWorkbook(run, run.forms);
  const dataset = readDataset(read.workbook, run.forms, run.settings);
  const settingsIssues = configIssues(run);
  const issues = [
    ...settingsIssues,
    ...read.issues,
    ...checkDataset(dataset, { forms: run.forms, schemes: run.schemes, asOf: run.asOf }),
  ];

  rewriteIssueLog(run, issues);
  const dashboard = dashboardView(dataset, run.schemes, issues, run.asOf, run.now);
  ensureTrendChart(writeView(run.ss, DASHBOARD_TAB, dashboard.rows, run.timeZone), dashboard.trend);
  for (const id of viewsOf(run)) writeView(run.ss, VIEWS[id].tab, VIEWS[id].rows(dataset, run.asOf), run.timeZone);
  updateListChoices(run, dataset);

  run.store.clearPending();
  run.store.setRowsAtLastRefresh(read.rows);
  return {
    tabProblems: issues.filter(isTabProblem).map((i) => `${i.tab}: ${i.reason}`),
    settingsProblems: settingsIssues.map((i) => i.reason),
    notBuilt: run.schemes.filter((s) => s.forms.some((f) => !f.manual && run.store.formId(f.id) === null)).map((s) => s.id),
    issues: issues.length,
    rows: read.rows,
  };
}
