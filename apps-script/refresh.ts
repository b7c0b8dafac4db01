/**
 * A full check and the manager's views, rebuilt from the response tabs of the
 * schemes this site runs: every tab read once, each view written with one
 * setValues to the tab recorded for it (view-tabs.ts). Used by the menu, the
 * hourly trigger (when something changed, and once a day whatever: dates move on),
 * set-up and Delete reviewed rows. A rebuild also gives rows the edit links their
 * submissions left, and caches what submissions need (submission-cache.ts).
 */
import { DateTime } from 'luxon';
import { readDataset, registersOf, type Dataset, type DataIssue } from '../core/dataset.js';
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
import { replaceView, type BoundedView } from './sheets.js';
import { viewTab, type ViewTab } from './view-tabs.js';
import { listSheets, readWorkbook, type SheetEntry } from './workbook.js';
import { linkWantedRows } from './edit-links.js';
import { CellBudget } from './cell-budget.js';
import { boundRows, cutShortNote } from './views/cut-short.js';
import { Store } from './store.js';
import { readSubmissionCache, writeSubmissionCache } from './submission-cache.js';

const DASHBOARD: ViewTab = { name: 'Dashboard', mark: [DASHBOARD_TITLE] };

/** The builder of each view a scheme can ask for (Scheme.views): a missing one is a compile error. */
const VIEWS: Readonly<Record<SchemeView, ViewTab & { what: string; rows: (dataset: Dataset, asOf: string) => ViewRow[] }>> = {
  // "Release planning" is now the Release planning form's tab (data contract §1).
  dueForRelease: {
    name: 'Due for release',
    formerly: 'Release planning',
    mark: DUE_FOR_RELEASE_HEADER.slice(0, 2),
    what: 'women due for release are',
    rows: (dataset, asOf) => dueForReleaseView(dataset, asOf),
  },
  /** Not "Supporters": that is the registration form's response tab. */
  supporterOverview: { name: 'Supporter overview', mark: SUPPORTERS_HEADER.slice(0, 2), what: 'peer supporters are', rows: supportersView },
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
  /** Views that list only what fits under Google's cell limit, each saying so at its top. */
  cutShort: string[];
}

/** A problem with a whole tab or its header row, rather than with one response. */
function isTabProblem(issue: DataIssue): boolean {
  return (issue.row === null || issue.row === 1) && issue.tab !== SETTINGS_ISSUE_TAB;
}

/**
 * A view after its header within the rows that fit (Google's cell limit,
 * cell-budget.ts), a line after the header saying how many are not listed.
 */
function bounded(rows: readonly ViewRow[], what: string): BoundedView {
  const [header = [], ...body] = rows;
  const rest = 'To make room, delete responses past their retention period: Peer support → Retention review, then Delete reviewed rows.';
  return { width: header.length, rows: (fits) => boundRows([header], body, fits, (left): ViewRow => [cutShortNote(left, what, rest)]) };
}

/** Blank rows kept below Data issues, so that submissions append there without growing the tab (a call more). */
const SPARE_ISSUE_ROWS = 200;

/**
 * Whether the hourly trigger has work: a submission or an edit by hand since the
 * last rebuild, a check waiting, no rebuild yet today, or nothing cached. Reads
 * the document properties only, so an hour with nothing new costs a fraction of a
 * second of the day's trigger time.
 */
export function rebuildDue(): boolean {
  const store = new Store();
  const cache = readSubmissionCache(store);
  const today = DateTime.now().setZone(cache?.timeZone ?? 'Europe/London').toISODate();
  return cache === null || store.viewsOutOfDate() !== null || store.pendingCount() > 0 || store.lastRebuildDay() !== today;
}

/** The edit links submissions left to the rebuild (several responses in the same moments, or a check that waited). */
function linkWanted(run: Execution, read: ReturnType<typeof readWorkbook>): void {
  const bySheet = new Map<number, number[]>();
  for (const key of Object.keys(run.store.linksWanted())) {
    const [sheetId, row] = key.split(':').map(Number) as [number, number];
    bySheet.set(sheetId, [...(bySheet.get(sheetId) ?? []), row]);
  }
  if (bySheet.size === 0) return;
  for (const form of run.forms) {
    const entry = form.manual ? undefined : read.entries.get(form.tab);
    const rows = entry && bySheet.get(entry.id);
    if (entry && rows) linkWantedRows(run, form, entry.sheet, entry.id, read.grids.get(entry.id)!, rows);
  }
}

/** What submissions need until the next rebuild: see submission-cache.ts. */
function cacheForSubmissions(run: Execution, read: ReturnType<typeof readWorkbook>, dataset: Dataset, issuesRows: number): void {
  const headers: Record<string, string[]> = {};
  for (const form of run.forms) {
    const entry = form.manual ? undefined : read.entries.get(form.tab);
    const header = entry && read.grids.get(entry.id)?.[0];
    if (entry && header) headers[String(entry.id)] = header.map((h) => (h === null ? '' : String(h)));
  }
  const registers: Record<string, string[]> = {};
  for (const id of registersOf(run.forms).values()) {
    const known = dataset.registered[id];
    if (known && !dataset.unreadable.has(id)) registers[id] = [...known.keys()];
  }
  const issuesId = run.store.viewSheetId(DATA_ISSUES_VIEW.name);
  writeSubmissionCache(run.store, {
    timeZone: run.timeZone,
    locale: run.settings.locale,
    headers,
    registers,
    issues: issuesId === null ? null : { sheetId: issuesId, nextRow: issuesRows + 1 },
  });
}

/** @param grids tabs the caller has just read (and may have written an edit link to), by sheet id: not read again */
export function refreshAll(run: Execution, grids?: ReadonlyMap<number, Cell[][]>): RefreshSummary {
  const sheets = listSheets(run.ss);
  const read = readWorkbook(run, run.forms, sheets, grids);
  linkWanted(run, read);
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

  // What each view may take of Google's 10,000,000 cells, worked out before anything is written (cell-budget.ts).
  const budget = new CellBudget(sheets);
  const log = rewriteIssueLog(run, logTab.sheet, issues, budget, SPARE_ISSUE_ROWS);
  const issuesRows = log.rows;
  const cutShort = log.unlisted > 0 ? [`Data issues: ${log.unlisted} of ${issues.length} issues not listed`] : [];
  const dashboard = dashboardView(dataset, run.schemes, issues, run.asOf, run.now, triggerHealth(run.store));
  // The chart floats over the Dashboard's columns: they are kept. Cut short, it loses its chart's block (the last rows).
  const dashboardRows = replaceView(dashboardTab.sheet, bounded(dashboard.rows, 'Dashboard lines are'), run.timeZone, budget, { trimColumns: false });
  ensureTrendChart(dashboardTab.sheet, dashboardRows === dashboard.rows.length ? dashboard.trend : null);
  if (dashboardRows < dashboard.rows.length) cutShort.push(DASHBOARD.name);
  for (const { view, tab } of views) {
    const rows = view.rows(dataset, run.asOf);
    if (replaceView(tab.sheet, bounded(rows, view.what), run.timeZone, budget) < rows.length) cutShort.push(view.name);
  }
  updateListChoices(run, dataset);

  cacheForSubmissions(run, read, dataset, issuesRows);
  run.store.clearPending();
  run.store.rebuilt(run.asOf);
  return {
    tabProblems: issues.filter(isTabProblem).map((i) => `${i.tab}: ${i.reason}`),
    settingsProblems: settingsIssues.map((i) => i.reason),
    notBuilt: run.schemes.filter((s) => s.forms.some((f) => !f.manual && run.store.formId(f.id) === null)).map((s) => s.id),
    issues: issues.length,
    rows: read.rows,
    cutShort,
  };
}
