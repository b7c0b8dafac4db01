/**
 * A full check and the manager's views, rebuilt from the response tabs of the
 * schemes this site runs: every tab read once, each view written with one
 * setValues to the tab recorded for it (view-tabs.ts). Used by the menu, the daily
 * trigger, set-up, and a submission while the workbook is small.
 */
import { readDataset, type Dataset, type DataIssue } from '../core/dataset.js';
import { checkDataset } from '../core/check-dataset.js';
import type { ViewRow } from './views/view-values.js';
import { DASHBOARD_TITLE, dashboardView } from './views/dashboard.js';
import { DUE_FOR_RELEASE_HEADER, dueForReleaseView } from './views/due-for-release.js';
import { SUPPORTERS_HEADER, supportersView } from './views/supporters.js';
import { ensureTrendChart } from './chart.js';
import { updateListChoices } from './id-choices.js';
import { triggerHealth } from './triggers.js';
import { DATA_ISSUES_VIEW, rewriteIssueLog } from './issues-log.js';
import { configIssues, SETTINGS_ISSUE_TAB, type Execution } from './execution.js';
import type { SchemeView } from '../core/scheme.js';
import type { Cell } from '../core/workbook.js';
import { replaceContents } from './sheets.js';
import { viewTab, type ViewTab } from './view-tabs.js';
import { listSheets, readWorkbook, type SheetEntry } from './workbook.js';

const DASHBOARD: ViewTab = { name: 'Dashboard', mark: [DASHBOARD_TITLE] };

/** The builder of each view a scheme can ask for (Scheme.views): a missing one is a compile error. */
const VIEWS: Readonly<Record<SchemeView, ViewTab & { rows: (dataset: Dataset, asOf: string) => ViewRow[] }>> = {
  // "Release planning" is now the Release planning form's tab (data contract §1).
  dueForRelease: {
    name: 'Due for release',
    formerly: 'Release planning',
    mark: DUE_FOR_RELEASE_HEADER.slice(0, 2),
    rows: (dataset, asOf) => dueForReleaseView(dataset, asOf),
  },
  /** Not "Supporters": that is the registration form's response tab. */
  supporterOverview: { name: 'Supporter overview', mark: SUPPORTERS_HEADER.slice(0, 2), rows: supportersView },
};

/** The views of the configured schemes, each once, in the order the schemes ask for them. */
function viewsOf(execution: Execution): SchemeView[] {
  return [...new Set(execution.schemes.flatMap((s) => s.views ?? []))];
}

/** Every tab a refresh writes (Data issues, Dashboard, the schemes' views): Check set-up looks for each. */
export function viewTabsOf(run: Execution): ViewTab[] {
  return [DATA_ISSUES_VIEW, DASHBOARD, ...viewsOf(run).map((id) => VIEWS[id])];
}

/**
 * Gives a view's tab its new name before Set up names the forms' tabs: the tab an
 * earlier version called "Release planning" must make way for the form of that name.
 */
export function renameFormerViewTabs(run: Execution, sheets: SheetEntry[]): void {
  for (const id of viewsOf(run)) if (VIEWS[id].formerly !== undefined) viewTab(run, VIEWS[id], sheets);
}

export interface RefreshSummary {
  /** Tabs that are missing, renamed, lack a column, or have a view's name: said in a menu alert too. */
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

/** @param grids tabs the caller has just read (and may have written an edit link to), by sheet id: not read again */
export function refreshAll(run: Execution, grids?: ReadonlyMap<number, Cell[][]>): RefreshSummary {
  const sheets = listSheets(run.ss);
  const read = readWorkbook(run, run.forms, sheets, grids);
  const dataset = readDataset(read.workbook, run.forms, run.settings);
  // The views' tabs before anything is written: a clash over a view's name is a Data issue too.
  const logTab = viewTab(run, DATA_ISSUES_VIEW, sheets);
  const dashboardTab = viewTab(run, DASHBOARD, sheets);
  const views = viewsOf(run).map((id) => ({ view: VIEWS[id], tab: viewTab(run, VIEWS[id], sheets) }));
  const settingsIssues = configIssues(run);
  const issues = [
    ...settingsIssues,
    ...read.issues,
    ...[logTab, dashboardTab, ...views.map((v) => v.tab)].flatMap((t) => (t.issue ? [t.issue] : [])),
    ...checkDataset(dataset, { forms: run.forms, schemes: run.schemes, asOf: run.asOf }),
  ];

  rewriteIssueLog(run, logTab.sheet, issues);
  const dashboard = dashboardView(dataset, run.schemes, issues, run.asOf, run.now, triggerHealth(run.store));
  ensureTrendChart(replaceContents(dashboardTab.sheet, dashboard.rows, run.timeZone), dashboard.trend);
  for (const { view, tab } of views) replaceContents(tab.sheet, view.rows(dataset, run.asOf), run.timeZone);
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
