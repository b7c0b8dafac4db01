/**
 * `npm run bench`: whole-process time and peak memory of `peerkit report` on the
 * sample workbook and on generated workbooks 10× and 100× its size (100× is about
 * the 10-million-cell ceiling of one Google spreadsheet); on the 100× workbook the
 * same figures for DuckDB computing the same Reconnect lines from the same CSV
 * files with the SQL `peerkit sql` compiles (duckdb-run.ts), as ratios. (20 sites
 * rolled up: sites-bench.ts.) A benchmark, not a test:
 * it prints figures (and says whether peerkit and DuckDB agree), it asserts nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../paths.js';
import { fastest, runNode, type Run } from './child-run.js';
import { SAMPLE_WORKBOOK } from '../sources/index.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { collidingTexts } from './fnv-collisions.js';
import { cpSync, writeFileSync } from 'node:fs';
import { toWorkbookCsv } from '../sources/csv.js';
import duckdb from '@duckdb/node-api';
import { parseQuarter } from '../../core/quarters.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';

const DUCKDB_RUN = packagePath('build', 'generator', 'bench', 'duckdb-run.js');
const DUCKDB_LIGHT = packagePath('build', 'generator', 'bench', 'duckdb-report.js');
const DUCKDB_VERSION = duckdb.version();

const BIN = packagePath('bin', 'peerkit.js');
const QUARTER = '2021-22-Q1';


const runPeerkit = (args: string[]) => runNode(BIN, args);

const best = (run: () => Run, times: number): Run => fastest(Array.from({ length: times }, run));

const reportArgs = (source?: string) => [
  'report', '--scheme', 'reconnect', '--quarter', QUARTER, '--format', 'json', '--out', '-',
  ...(source ? ['--source', source] : []),
];

/** Data rows of the tabs a contract report reads (lines less each header), to show the cost per row. */
const CONTRACT_FILES = new Set(CONTRACT_FORMS.map((f) => `${f.tab}.csv`));
function dataRows(dir: string): number {
  return readdirSync(dir)
    .filter((f) => CONTRACT_FILES.has(f))
    .reduce((sum, f) => sum + readFileSync(join(dir, f), 'latin1').split('\n').filter((l) => l.trim()).length - 1, 0);
}

const row = (name: string, scale: number, rows: number, run: Run) =>
  `| ${name} | ${scale}× | ${rows.toLocaleString('en-GB')} | ${run.seconds.toFixed(2)} s | ${((run.seconds * 1e6) / rows).toFixed(1)} µs | ${run.peakMb.toFixed(0)} MB |`;

/**
 * Repeat detection on rows crafted to share one FNV-1a fingerprint (an attack on
 * its hash table) against as many ordinary rows: the ratio should stay near 1.
 */
function collidingRows(work: string): void {
  const contacts = CONTRACT_FORMS.find((f) => f.id === 'contacts')!;
  const header = contacts.questions.map((q) => q.title);
  const notes = header.indexOf('Notes');
  const fixed = ['01/04/2021 10:00:00', '01/04/2021', 'A1234BC', 'Reconnect', 'PS-001'];
  const cells = header.map((_, i) => fixed[i] ?? '');
  const prefix = cells.slice(0, notes).join('\u241f') + '\u241f';
  const crafted = collidingTexts(prefix, 15); // 32,768 different rows, one fingerprint
  const ordinary = crafted.map((_, i) => `note ${String(i).padStart(35, '0')}`);
  const timeCheck = (name: string, texts: string[]): Run => {
    const dir = join(work, name);
    cpSync(SAMPLE_WORKBOOK, dir, { recursive: true });
    const rows = texts.map((text) => cells.map((cell, i) => (i === notes ? text : cell)));
    writeFileSync(join(dir, 'Contacts.csv'), toWorkbookCsv([header, ...rows]));
    return best(() => runPeerkit(['check', '--source', dir, '--format', 'json', '--as-of', '2023-01-01']), 3);
  };
  const attacked = timeCheck('colliding', crafted);
  const plain = timeCheck('ordinary', ordinary);
  console.log(`\npeerkit check with ${crafted.length.toLocaleString('en-GB')} Contacts rows (whole process, best of 3)\n`);
  console.log('| Contacts rows | time | peak memory |\n|---|---|---|');
  console.log(`| crafted to share one fingerprint | ${attacked.seconds.toFixed(2)} s | ${attacked.peakMb.toFixed(0)} MB |`);
  console.log(`| ordinary, as many and as long | ${plain.seconds.toFixed(2)} s | ${plain.peakMb.toFixed(0)} MB |`);
  console.log(`\nCrafted ÷ ordinary: ${(attacked.seconds / plain.seconds).toFixed(2)}× (repeat detection linear whatever the values).`);
}

/**
 * peerkit against DuckDB on the same CSV folder, each in its own process, taking
 * turns (best of `times` each, so a busy machine hurts all alike); the values
 * they compute must agree for a ratio to mean anything. Two DuckDB runs: the query
 * `peerkit sql` compiles over views keeping exactly peerkit's rows (the comparison
 * the issue asks for), and a hand-written query over views that check less.
 */
function againstDuckDb(folder: string, times: number): { run: Run; lines: string[] } {
  const lines: string[] = [];
  const runs = { peerkit: [] as Run[], compiled: [] as Run[], light: [] as Run[] };
  const period = parseQuarter(QUARTER, DEFAULT_SETTINGS);
  for (let i = 0; i < times; i++) {
    runs.peerkit.push(runPeerkit(reportArgs(folder)));
    runs.compiled.push(runNode(DUCKDB_RUN, [folder, 'reconnect', QUARTER]));
    runs.light.push(runNode(DUCKDB_LIGHT, [folder, period.start, period.end]));
  }
  const [ours, compiled, light] = [fastest(runs.peerkit), fastest(runs.compiled), fastest(runs.light)];
  const report = JSON.parse(ours.stdout) as { metrics: { id: string; value: number | null }[] };
  const values = {
    compiled: (JSON.parse(compiled.stdout) as { values: Record<string, string | number | null> }).values,
    light: JSON.parse(light.stdout) as Record<string, string | number | null>,
  };
  const ratio = (theirs: Run) => `**${(ours.seconds / theirs.seconds).toFixed(2)}×** | **${(ours.peakMb / theirs.peakMb).toFixed(2)}×**`;
  lines.push(`\nThe Reconnect report for ${QUARTER} on the 100× CSVs: peerkit against DuckDB ${DUCKDB_VERSION} (each in its own process, taking turns, best of ${times})\n`);
  lines.push('| | time | peak memory | peerkit ÷ it: time | memory |\n|---|---|---|---|---|');
  lines.push(`| peerkit report --format json | ${ours.seconds.toFixed(2)} s | ${ours.peakMb.toFixed(0)} MB | | |`);
  lines.push(`| DuckDB: the query \`peerkit sql\` compiles, over views keeping exactly the rows peerkit counts | ${compiled.seconds.toFixed(2)} s | ${compiled.peakMb.toFixed(0)} MB | ${ratio(compiled)} |`);
  lines.push(`| DuckDB: a hand-written query over views that check less (duckdb-reconnect.ts) | ${light.seconds.toFixed(2)} s | ${light.peakMb.toFixed(0)} MB | ${ratio(light)} |`);
  for (const [name, duck] of Object.entries(values)) {
    const differ = report.metrics.filter((m) => String(m.value) !== String(duck[m.id]));
    lines.push(
      differ.length === 0
        ? `\nDuckDB (${name}) agrees with peerkit on all ${report.metrics.length} lines (${report.metrics.map((m) => `${m.id} ${m.value}`).join(', ')}).`
        : `\nDuckDB (${name}) DISAGREES, so its ratio compares different work: ${differ.map((m) => `${m.id} peerkit ${m.value}, DuckDB ${duck[m.id]}`).join('; ')}.`,
    );
  }
  return { run: ours, lines };
}

const work = mkdtempSync(join(tmpdir(), 'peerkit-bench-'));
try {
  const rows: string[] = [];
  const sample = best(() => runPeerkit(reportArgs()), 5);
  rows.push(row('sample (bundled CSVs)', 1, dataRows(SAMPLE_WORKBOOK), sample));
  const sizes: { scale: number; dir: string }[] = [];
  for (const scale of [10, 100]) {
    const dir = join(work, `x${scale}`);
    process.stderr.write(`Generating a workbook ${scale}× the sample…\n`);
    runPeerkit(['sample', '--scale', String(scale), '--format', 'csv', '--out', dir]);
    sizes.push({ scale, dir: join(dir, 'csv') });
  }
  const [x10, x100] = sizes as [(typeof sizes)[0], (typeof sizes)[0]];
  rows.push(row('generated CSVs', 10, dataRows(x10.dir), best(() => runPeerkit(reportArgs(x10.dir)), 3)));
  const duckDb = againstDuckDb(x100.dir, 2);
  rows.push(row('generated CSVs', 100, dataRows(x100.dir), duckDb.run));
  console.log('peerkit report --scheme reconnect --quarter 2021-22-Q1 --format json (whole process, best run)\n');
  console.log('| workbook | size | data rows | time | per row | peak memory |\n|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  for (const line of duckDb.lines) console.log(line);
  collidingRows(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
