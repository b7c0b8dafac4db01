/**
 * `npm run bench` (sites part): the roll-up of 20 sample-sized sites, each the sample
 * generator's workbook from its own seed (fictional people), as a CSV folder named in
 * one configuration. Times `peerkit report --site all` in a child process (wall time
 * and peak memory) against the target of 10 s, against the same command reading every
 * site in its main thread (PEERKIT_SITE_WORKERS=0, as before sites were read in worker
 * threads), and against DuckDB computing the same roll-up from the same CSV files with
 * the query `peerkit sql` prints (./duckdb-run.ts).
 * Prints figures, and whether the two agree; asserts nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import duckdb from '@duckdb/node-api';
import { generateSampleWorkbook } from '../sample/sample-workbook.js';
import { toWorkbookCsv } from '../sources/csv.js';
import { packagePath } from '../paths.js';
import { fastest, runNode, type Run } from './child-run.js';
import { siteWorkerCount } from '../site-workers.js';

const SITES = 20;
const SCHEME = 'reconnect';
const QUARTER = '2021-22-Q1';
const TARGET_SECONDS = 10;
const TIMES = 3;
const BIN = packagePath('bin', 'peerkit.js');
const DUCKDB_RUN = packagePath('build', 'generator', 'bench', 'duckdb-run.js');
/** The worker threads measured: one a core, at least two (so that a two-core machine measures them too). */
const WORKERS = Math.max(2, availableParallelism());


/** Writes the sites' CSV folders and their configuration; returns the configuration file. */
function writeSites(dir: string): string {
  const sites = Array.from({ length: SITES }, (_, i) => {
    const id = `site-${String(i + 1).padStart(2, '0')}`;
    const folder = join(dir, id);
    mkdirSync(folder);
    for (const tab of generateSampleWorkbook({ seed: 1000 + i }).tabs) writeFileSync(join(folder, `${tab.name}.csv`), toWorkbookCsv([tab.header, ...(tab.rows as string[][])]));
    return { id, name: `HMP Site ${i + 1}`, source: id };
  });
  const config = join(dir, 'peerkit.config.json');
  writeFileSync(config, JSON.stringify({ schemes: [SCHEME], sites }, null, 2));
  return config;
}


const work = mkdtempSync(join(tmpdir(), 'peerkit-sites-bench-'));
try {
  process.stderr.write(`Generating ${SITES} sample-sized sites…\n`);
  const config = writeSites(work);
  const runs = { peerkit: [] as Run[], oneThread: [] as Run[], duckdb: [] as Run[] };
  const report = ['report', '--config', config, '--site', 'all', '--scheme', SCHEME, '--quarter', QUARTER, '--format', 'json', '--out', '-'];
  // Taking turns, best of each: a busy machine hurts all alike.
  for (let i = 0; i < TIMES; i++) {
    runs.peerkit.push(runNode(BIN, report, { PEERKIT_SITE_WORKERS: String(WORKERS) }));
    runs.oneThread.push(runNode(BIN, report, { PEERKIT_SITE_WORKERS: '0' }));
    runs.duckdb.push(runNode(DUCKDB_RUN, [config, SCHEME, QUARTER]));
  }
  const [workers, oneThread, theirs] = [fastest(runs.peerkit), fastest(runs.oneThread), fastest(runs.duckdb)];
  // What peerkit does by default on this machine (generator/site-workers.ts siteWorkerCount).
  const byDefault = siteWorkerCount({}, SITES) === 0 ? oneThread : workers;
  const sameAsOneThread = workers.stdout === oneThread.stdout;
  const results = JSON.parse(byDefault.stdout) as { site: string; metrics: { id: string; value: number | null }[] }[];
  const rollUp = results.find((r) => r.site === 'all')!;
  const values = (JSON.parse(theirs.stdout) as { values: Record<string, number | null> }).values;
  const differ = rollUp.metrics.filter((m) => m.value !== values[m.id]).map((m) => m.id);

  console.log(`\nThe ${SCHEME} report for ${QUARTER}, ${SITES} sample-sized sites and their roll-up (\`peerkit report --site all\`), against DuckDB ${duckdb.version()} computing the roll-up from the same CSV files with \`peerkit sql\` (each in its own process, best of ${TIMES})\n`);
  console.log('| | time | peak memory | CPU time (every thread) |\n|---|---|---|---|');
  const row = (name: string, run: Run) => console.log(`| ${name} | ${run.seconds.toFixed(2)} s | ${run.peakMb.toFixed(0)} MB | ${run.cpuSeconds.toFixed(2)} s |`);
  const isDefault = (run: Run) => (run === byDefault ? ' (the default here)' : '');
  row(`peerkit (${results.length - 1} sites and the roll-up), sites read in ${WORKERS} worker threads (PEERKIT_SITE_WORKERS=${WORKERS})${isDefault(workers)}`, workers);
  row(`peerkit, every site read in the main thread (PEERKIT_SITE_WORKERS=0)${isDefault(oneThread)}`, oneThread);
  row('DuckDB (the roll-up)', theirs);
  console.log(`\nWorker threads ÷ the main thread: ${(workers.seconds / oneThread.seconds).toFixed(2)}× the time, ${(workers.peakMb / oneThread.peakMb).toFixed(2)}× the memory, ${(workers.cpuSeconds / oneThread.cpuSeconds).toFixed(2)}× the CPU time; ${sameAsOneThread ? 'the same output, byte for byte' : 'the outputs DIFFER: a bug'}.`);
  console.log(`peerkit as by default ÷ DuckDB: ${(byDefault.seconds / theirs.seconds).toFixed(2)}× the time, ${(byDefault.peakMb / theirs.peakMb).toFixed(2)}× the memory; target under ${TARGET_SECONDS} s: ${byDefault.seconds < TARGET_SECONDS ? 'met' : 'not met'}.`);
  console.log(differ.length === 0 ? `The roll-up's ${rollUp.metrics.length} lines agree.` : `They disagree on ${differ.join(', ')}: the ratio means nothing until they agree.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
