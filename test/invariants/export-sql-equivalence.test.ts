/**
 * `peerkit export` + `peerkit sql` in DuckDB equal `peerkit report --format json` on
 * hostile workbooks (data contract §9): for every scheme, workbooks of its tabs
 * drawn by hostile-workbook.ts (quotes, line ends, formulas, wrong types, far and
 * huge cells, repeated headers, encodings, unclosed quotes), written as CSV or
 * .xlsx. Each is exported (where its tabs can all be read: else the export must
 * refuse it in one line), the compiled query run over the Parquet files, and every
 * line's value, numerator and denominator must be the report's, for a period
 * covering every generated date and for one quarter.
 *
 * CI runs 10 cases a scheme from a fixed seed; `npm run fuzz` runs PEERKIT_FUZZ_RUNS
 * / 50 a scheme (each case runs five commands and DuckDB) from its PEERKIT_FUZZ_SEED.
 * A failure prints its seed and path: PEERKIT_FUZZ_SEED=<seed> PEERKIT_FUZZ_PATH=<path>
 * replays it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SCHEMES } from '../../core/schemes/index.js';
import type { Scheme } from '../../core/scheme.js';
import { runCli } from '../helpers/run-cli.js';
import type { LineValues } from '../helpers/engine-lines.js';
import { schemeWorkbookArb, writeCsvFolder, writeXlsx, writtenTabs, type WorkbookSpec } from './hostile-workbook.js';

const seedText = process.env.PEERKIT_FUZZ_SEED;
const SEED = seedText === undefined || seedText === '' ? 20261130 : seedText === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedText);
const RUNS = process.env.PEERKIT_FUZZ_RUNS ? Math.max(1, Math.ceil(Number(process.env.PEERKIT_FUZZ_RUNS) / 50)) : 10;
const PATH = process.env.PEERKIT_FUZZ_PATH || undefined;
/** Two-site cases, each two workbooks and three queries a period. */
const SITE_RUNS = RUNS;
const TIMEOUT = 30_000 + RUNS * 2_000;
/** Shrinking a failure runs many cases: fast-check stops in time to print what it has rather than the test timing out. */
const OPTIONS = { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIMEOUT - 15_000, markInterruptAsFailure: true, ...(PATH ? { path: PATH } : {}) };

/** Every generated date and timestamp is in 2021; a quarter also puts rows on both sides of its ends. */
const PERIODS = [
  ['--from', '2021-01-01', '--to', '2021-12-31'],
  ['--quarter', '2021-22-Q1'],
];

let instance: DuckDBInstance;
let db: DuckDBConnection;
let config: string;
let schemas = 0;
/** Cases compared, by scheme, and the lines counted above zero in one: the property must not hold by refusing everything or comparing zeros. */
const compared = new Map<string, number>();
const comparedSites = new Map<string, number>();
const counted = new Set<string>();

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  db = await instance.connect();
  const dir = mkdtempSync(join(tmpdir(), 'peerkit-sqlfuzz-config-'));
  config = join(dir, 'peerkit.config.json');
  writeFileSync(config, JSON.stringify({ site: 'HMP Fuzz' }));
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

/** Loads the export folder's tables into a schema of their own; returns its name, for `peerkit sql --dataset`. */
async function loadSchema(folder: string): Promise<string> {
  const schema = `case_${++schemas}`;
  await db.run(`CREATE SCHEMA ${schema}`);
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.parquet'))) {
    await db.run(`CREATE TABLE ${schema}."${file.slice(0, -'.parquet'.length)}" AS SELECT * FROM read_parquet('${join(folder, file)}')`);
  }
  return schema;
}

async function runSql(sql: string): Promise<LineValues[]> {
  const rows = (await db.runAndReadAll(sql)).getRowObjectsJS();
  return rows.map((r) => ({ id: String(r.id), value: r.value as number | null, numerator: r.numerator as number | null, denominator: r.denominator as number | null }));
}

/** Writes a workbook into a folder, as CSV files or an .xlsx; returns its source. */
async function writeWorkbook(dir: string, spec: WorkbookSpec, format: 'csv' | 'xlsx'): Promise<string> {
  const tabs = writtenTabs(spec, format);
  const source = join(dir, format === 'csv' ? 'csv' : 'book.xlsx');
  mkdirSync(dir, { recursive: true });
  if (format === 'csv') {
    mkdirSync(source);
    writeCsvFolder(source, tabs, spec.stray);
  } else await writeXlsx(source, tabs, spec.stray);
  return source;
}

type Metrics = { id: string; value: number | null; numerator?: number; denominator?: number }[];
const lineValues = (metrics: Metrics): LineValues[] => metrics.map((m) => ({ id: m.id, value: m.value, numerator: m.numerator ?? null, denominator: m.denominator ?? null }));

/** Whether the export was written; where not, it must be refused as a whole (a tab missing, unreadable, or a source no spreadsheet holds), in one line. */
function exported(run: { code: number; stderr: string }): boolean {
  if (run.code === 0) return true;
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return false;
}

/** Writes the workbook, then export, sql and report through the command line, and compares. */
async function checkWorkbook(scheme: Scheme, spec: WorkbookSpec, format: 'csv' | 'xlsx'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'peerkit-sqlfuzz-'));
  try {
    const source = await writeWorkbook(dir, spec, format);
    const out = join(dir, 'export');
    const common = ['--config', config, '--source', source];
    if (!exported(await runCli(['export', '--scheme', scheme.id, '--out', out, ...common]))) return;
    // Each query names its schema (--dataset): no default schema is shared with another case.
    const schema = await loadSchema(out);
    for (const period of PERIODS) {
      const report = await runCli(['report', '--scheme', scheme.id, '--format', 'json', '--out', '-', ...period, ...common]);
      expect(report.code, report.stderr).toBe(0);
      const expected = lineValues((JSON.parse(report.stdout) as { metrics: Metrics }).metrics);
      const sql = await runCli(['sql', '--scheme', scheme.id, ...period, '--dataset', schema, '--config', config]);
      expect(sql.code, sql.stderr).toBe(0);
      const got = await runSql(sql.stdout);
      for (const line of expected) if (line.value) counted.add(`${scheme.id} ${line.id}`);
      if (JSON.stringify(got) !== JSON.stringify(expected)) expect(got, `${scheme.id} ${period.join(' ')} (${format})`).toEqual(expected);
    }
    compared.set(scheme.id, (compared.get(scheme.id) ?? 0) + 1);
    await db.run(`DROP SCHEMA ${schema} CASCADE`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Two sites, each a hostile workbook (their identifiers drawn from the same few, so
 * the same prison number and the same Supporter ID turn up at both): `export` writes
 * both into one set of tables, and the query for each site and for the roll-up must
 * equal `report --site all`.
 */
async function checkTwoSites(scheme: Scheme, north: WorkbookSpec, south: WorkbookSpec, format: 'csv' | 'xlsx'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'peerkit-sqlfuzz-sites-'));
  try {
    const sites = [
      { id: 'north', name: 'HMP North', source: await writeWorkbook(join(dir, 'north'), north, format) },
      { id: 'south', name: 'HMP South', source: await writeWorkbook(join(dir, 'south'), south, format === 'csv' ? 'xlsx' : 'csv') },
    ];
    const sitesConfig = join(dir, 'peerkit.config.json');
    writeFileSync(sitesConfig, JSON.stringify({ sites }));
    const out = join(dir, 'export');
    if (!exported(await runCli(['export', '--scheme', scheme.id, '--out', out, '--config', sitesConfig]))) return;
    const schema = await loadSchema(out);
    for (const period of PERIODS) {
      const report = await runCli(['report', '--config', sitesConfig, '--site', 'all', '--scheme', scheme.id, '--format', 'json', '--out', '-', ...period]);
      expect(report.code, report.stderr).toBe(0);
      const results = JSON.parse(report.stdout) as { site: string; metrics: Metrics }[];
      expect(results.map((r) => r.site)).toEqual(['north', 'south', 'all']);
      for (const result of results) {
        const sql = await runCli(['sql', '--config', sitesConfig, '--scheme', scheme.id, ...period, '--dataset', schema, '--site', result.site]);
        expect(sql.code, sql.stderr).toBe(0);
        const got = await runSql(sql.stdout);
        const expected = lineValues(result.metrics);
        if (JSON.stringify(got) !== JSON.stringify(expected)) expect(got, `${scheme.id} ${result.site} ${period.join(' ')}`).toEqual(expected);
      }
    }
    await db.run(`DROP SCHEMA ${schema} CASCADE`);
    comparedSites.set(scheme.id, (comparedSites.get(scheme.id) ?? 0) + 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(`export + sql in DuckDB equal the report on hostile workbooks (seed ${SEED}, ${RUNS} cases a scheme)`, () => {
  it.each(SCHEMES.map((s) => [s.id, s] as const))(
    '%s, CSV or .xlsx: every line has the value, numerator and denominator the report gives',
    async (_, scheme) => {
      await fc.assert(
        fc.asyncProperty(schemeWorkbookArb(scheme.forms), fc.constantFrom('csv' as const, 'xlsx' as const), (spec, format) => checkWorkbook(scheme, spec, format)),
        OPTIONS,
      );
      // Most cases must have been compared, not refused, and most lines have counted something.
      expect(compared.get(scheme.id) ?? 0).toBeGreaterThan(RUNS / 3);
      const lines = scheme.lines.filter((l) => counted.has(`${scheme.id} ${l.id}`));
      expect(lines.length, `lines above zero: ${lines.map((l) => l.id).join(', ')}`).toBeGreaterThan(scheme.lines.length / 2);
    },
    TIMEOUT,
  );

  it.each(SCHEMES.map((s) => [s.id, s] as const))(
    '%s, two sites: each site and the roll-up equal report --site all',
    async (_, scheme) => {
      const workbook = schemeWorkbookArb(scheme.forms);
      await fc.assert(
        fc.asyncProperty(workbook, workbook, fc.constantFrom('csv' as const, 'xlsx' as const), (north, south, format) => checkTwoSites(scheme, north, south, format)),
        { ...OPTIONS, numRuns: SITE_RUNS },
      );
      // Two workbooks are refused more often (either may miss a tab): a fifth must still be compared.
      expect(comparedSites.get(scheme.id) ?? 0).toBeGreaterThan(SITE_RUNS / 5);
    },
    TIMEOUT,
  );
});
