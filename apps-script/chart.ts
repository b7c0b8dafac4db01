/**
 * The Dashboard's chart of the last eight quarters. The chart reads a fixed block
 * of the tab, so a refresh that rewrites the values updates it; it is rebuilt only
 * when that block moves (or on the first refresh), and removed when no configured
 * report has the line it follows.
 */
import type { DashboardView } from './views/dashboard.js';

const TITLE = 'Women supported, last eight quarters';

export function ensureTrendChart(sheet: GoogleAppsScript.Spreadsheet.Sheet, trend: DashboardView['trend']): void {
  const [chart, ...extra] = sheet.getCharts();
  extra.forEach((c) => sheet.removeChart(c));
  if (!trend) {
    if (chart) sheet.removeChart(chart);
    return;
  }
  const range = sheet.getRange(trend.row, trend.column, trend.rows, trend.columns);
  if (chart) {
    const [current] = chart.getRanges();
    if (current && current.getA1Notation() === range.getA1Notation()) return;
    sheet.updateChart(chart.modify().clearRanges().addRange(range).setPosition(trend.row, trend.column + trend.columns + 1, 0, 0).build());
    return;
  }
  const built = sheet
    .newChart()
    .setChartType(Charts.ChartType.LINE)
    .addRange(range)
    .setPosition(trend.row, trend.column + trend.columns + 1, 0, 0)
    .setOption('title', TITLE)
    .build();
  sheet.insertChart(built);
}
