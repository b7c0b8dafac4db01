/**
 * Estimates the daily refresh of a 50,000-row workbook in Apps Script. Not a test:
 * it prints figures. The built dist/Code.js runs in a vm against the fakes, holding
 * the synthetic sample workbook scaled to about 50,000 response rows (typed into the
 * fake tabs as text, so dates become date cells as in Sheets). The estimate adds,
 * conservatively:
 *   - every Google service call at PER_CALL_S (real calls take about 0.05-0.3 s);
 *   - every cell read or written at PER_CELL_S (getValues of 100,000 cells takes
 *     about 1-2 s);
 *   - the script's own computing time measured here, times CPU_FACTOR (Apps Script's
 *     V8 is slower than a laptop's).
 * Execution with `node apps-script/bench.mjs`.
 */
import { performance } from 'node:perf_hooks';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { loadScript } from './harness.js';

const PER_CALL_S = 0.5;
const PER_CELL_S = 20e-6;
const CPU_FACTOR = 5;
const LIMIT_S = 360;
const TARGET_ROWS = 50_000;

export async function benchDailyRefresh(codePath: string): Promise<void> {
  const h = await loadScript('2023-01-02T06:00:00', codePath);
  h.script.setUp();

  // The sample has ~9,700 rows at scale 1: scale it to about 50,000.
  const workbook = generateSampleWorkbook({ scale: TARGET_ROWS / 9733 });
  let rows = 0;
  let cells = 0;
  for (const tab of workbook.tabs) {
    const sheet = h.google.spreadsheet.sheet(tab.name);
    if (!sheet || tab.rows.length === 0) continue;
    const header = sheet.dump()[0]!.map(String);
    const values = tab.rows.map((row) => header.map((title) => row[tab.header.indexOf(title)] ?? ''));
    sheet.maxRows = Math.max(sheet.maxRows, values.length + 1);
    sheet.rangeUncounted(2, 1, values.length, header.length).setValues(values);
    rows += values.length;
    cells += values.length * header.length;
  }

  h.google.env.resetCounts();
  const started = performance.now();
  h.asTrigger(() => h.script.dailyRefresh());
  const cpuSeconds = (performance.now() - started) / 1000;
  const calls = h.google.env.calls.total();
  const written = h.google.spreadsheet.sheets
    .filter((s) => ['Dashboard', 'Data issues', 'Due for release', 'Supporter overview'].includes(s.name))
    .reduce((n, s) => n + s.lastRow() * Math.max(s.lastColumn(), 1), 0);
  const moved = cells + written;
  const estimate = calls * PER_CALL_S + moved * PER_CELL_S + cpuSeconds * CPU_FACTOR;

  console.log(`Daily refresh in Apps Script, estimated (dist/Code.js run against the fakes)\n`);
  console.log('| | |\n|---|---|');
  console.log(`| response rows | ${rows.toLocaleString('en-GB')} (${cells.toLocaleString('en-GB')} cells) |`);
  console.log(`| Google service calls | ${calls} × ${PER_CALL_S} s = ${(calls * PER_CALL_S).toFixed(0)} s |`);
  console.log(`| cells read and written | ${moved.toLocaleString('en-GB')} × ${PER_CELL_S * 1e6} µs = ${(moved * PER_CELL_S).toFixed(0)} s |`);
  console.log(`| script's own work | ${cpuSeconds.toFixed(2)} s here × ${CPU_FACTOR} = ${(cpuSeconds * CPU_FACTOR).toFixed(0)} s |`);
  console.log(`| **estimate** | **${estimate.toFixed(0)} s** of the ${LIMIT_S} s an execution may run (${((estimate / LIMIT_S) * 100).toFixed(0)}%) |`);
  if (estimate > LIMIT_S / 2) process.exitCode = 1;
}
