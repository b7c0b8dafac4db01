/**
 * The manager's dashboard: this quarter's and last quarter's lines of every report,
 * evaluated by the same engine as the quarterly reports, and the women supported
 * by each report that counts them over the last eight quarters (for a chart).
 */
import type { Dataset, DataIssue } from '../../core/dataset.js';
import type { LineResult } from '../../core/report-lines.js';
import { quartersEndingAt, type Period } from '../../core/quarters.js';
import { evaluateReport, type ReportResult } from '../../core/report.js';
import type { Scheme } from '../../core/scheme.js';
import { dateValue, rectangular, type ViewRow } from './view-values.js';

/** The line a report's chart series follows: its `trend`; reports without one are left out of the chart. */
const trendLine = (report: Scheme) => report.lines.find((i) => i.id === report.trend?.line);
const TREND_QUARTERS = 8;
/** Row 1 of the Dashboard tab. */
export const DASHBOARD_TITLE = 'Peer support dashboard';

export interface DashboardView {
  rows: ViewRow[];
  /** Where the chart's data sits in `rows` (1-based, header row included); null: no report has the trend line. */
  trend: { row: number; column: number; rows: number; columns: number } | null;
}

/**
 * A line's value as the dashboard shows it: a count as a number; a percentage as
 * text with its working, `67% (4/6)`, or `no answers (0/0)` when nobody is in
 * the denominator; a share of another line as `4/6 (67%)`, or `0/0` (as the
 * generator's reports write them).
 */
export function dashboardValue(metric: LineResult): number | string | null {
  if (metric.unavailable !== undefined) return `not counted: ${metric.unavailable}`;
  if (metric.percent !== undefined) return `${metric.numerator}/${metric.denominator}${metric.percent === null ? '' : ` (${metric.percent}%)`}`;
  if (metric.denominator === undefined) return metric.value;
  return metric.value === null ? `no answers (${metric.numerator ?? 0}/${metric.denominator})` : `${metric.value}% (${metric.numerator}/${metric.denominator})`;
}

/** A report's result, or the reason it cannot be counted (a tab missing or renamed). */
function evaluate(report: Scheme, dataset: Dataset, period: Period): ReportResult | string {
  try {
    return evaluateReport(report, dataset, period);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const shortName = (report: Scheme) => report.params.scheme ?? report.id;

function issueSummary(issues: readonly DataIssue[]): string {
  const excluded = new Set(issues.filter((i) => i.severity === 'error' && i.row !== null).map((i) => `${i.tab}\u241f${i.row}`)).size;
  const tabs = issues.filter((i) => i.severity === 'error' && (i.row === null || i.row === 1)).length;
  const warnings = issues.filter((i) => i.severity === 'warning' || i.severity === 'duplicate').length;
  const voided = issues.filter((i) => i.severity === 'voided').length;
  const parts = [`${excluded} row${excluded === 1 ? '' : 's'} left out of the counts`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
  if (voided > 0) parts.push(`${voided} row${voided === 1 ? '' : 's'} voided by staff`);
  if (tabs > 0) parts.unshift(`${tabs} tab problem${tabs === 1 ? '' : 's'}`);
  return `${parts.join(', ')}: see the Data issues tab`;
}

/**
 * @param asOf today in the spreadsheet's time zone (`yyyy-mm-dd`)
 * @param refreshedAt the wall-clock time of this refresh (`yyyy-mm-ddTHH:mm:ss`)
 * @param triggers when the views are rebuilt and whether the triggers that do it are there (triggers.ts)
 */
export function dashboardView(
  dataset: Dataset,
  reports: readonly Scheme[],
  issues: readonly DataIssue[],
  asOf: string,
  refreshedAt: string,
  triggers = '',
): DashboardView {
  const quarters = quartersEndingAt(asOf, TREND_QUARTERS, dataset.settings);
  // One evaluation per report and quarter; the last two quarters are the table's columns.
  const results = quarters.map((quarter) => reports.map((report) => evaluate(report, dataset, quarter)));
  const [last, current] = quarters.slice(-2) as [Period, Period];
  const [lastResults, currentResults] = results.slice(-2) as [(ReportResult | string)[], (ReportResult | string)[]];
  const rows: ViewRow[] = [
    [DASHBOARD_TITLE],
    // A manager sees at a glance whether the views are stale because a trigger is gone.
    ['Rebuilt', dateValue(refreshedAt), triggers],
    ['Data issues', issueSummary(issues)],
    [],
    ['Report', 'Line', last.label, current.label, 'Note'],
  ];
  reports.forEach((report, r) => {
    // A report that cannot be counted keeps its rows (the chart reads a fixed block below).
    const [before, now] = [lastResults[r]!, currentResults[r]!];
    const problem = typeof now === 'string' ? now : typeof before === 'string' ? before : null;
    report.lines.forEach((indicator, i) => {
      const value = (result: ReportResult | string) => (typeof result === 'string' ? null : dashboardValue(result.lines[i]!));
      // A line under a heading of its own (Also recorded) is said not to be a contract line, as the report says.
      const note = problem && i === 0 ? `Cannot be counted: ${problem}` : indicator.group !== undefined ? `${indicator.group}: not a contract line` : null;
      rows.push([report.title, indicator.label, value(before), value(now), note]);
    });
  });

  const trended = reports.flatMap((report, r) => (trendLine(report) ? [r] : []));
  if (trended.length === 0) return { rows: rectangular(rows), trend: null };
  rows.push([]);
  const trendRow = rows.length + 1;
  rows.push(['Quarter', ...trended.map((r) => `${shortName(reports[r]!)}: ${reports[r]!.trend!.label}`)]);
  quarters.forEach((quarter, q) => {
    const values = trended.map((r) => {
      const result = results[q]![r]!;
      return typeof result === 'string' ? null : (result.lines.find((m) => m.id === reports[r]!.trend?.line)?.value ?? null);
    });
    rows.push([quarter.label, ...values]);
  });
  return {
    rows: rectangular(rows),
    trend: { row: trendRow, column: 1, rows: quarters.length + 1, columns: trended.length + 1 },
  };
}
