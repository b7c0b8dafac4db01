/**
 * `peerkit export` + `peerkit sql` run in DuckDB give what `peerkit report` gives
 * (data contract §9): for every scheme and every quarter of the sample, and for a
 * roll-up of two sites. The sample is exported once and loaded once into one
 * in-process DuckDB; each case is a schema of its own.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readDataset, type Dataset, type DataRecord } from '../../core/dataset.js';
import type { PooledSites } from '../../core/report-lines.js';
import { rollUp } from '../../core/roll-up.js';
import { addDays } from '../../core/dates.js';
import { exportKey, tableKey } from '../../core/export-schema.js';
import type { FormDefinition } from '../../core/form.js';
import { contractPeriod, customPeriod, quartersBetween, type Period } from '../../core/quarters.js';
import { compileReportSql } from '../../core/report-sql.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import { makeSettings } from '../../core/settings.js';
import { parquetTable } from '../../generator/export/parquet.js';
import { readSource } from '../../generator/sources/index.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';
import { schemeWorkbook, workbook, type RowSpec } from '../helpers/build-workbook.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { TWO_SITES_QUARTER, writeTwoSites } from '../helpers/two-sites.js';
import { engineLines, type LineValues } from '../helpers/engine-lines.js';

const FORMS = formsOf(SCHEMES);
const settings = makeSettings();
const contract = contractPeriod(settings);
const QUARTERS = quartersBetween(contract.start, contract.end, settings);
/** A period of other days than a quarter, long enough for cohorts with follow-ups. */
const PERIODS: Period[] = [...QUARTERS, customPeriod('2021-01-02', '2022-12-31')];


let instance: DuckDBInstance;
let db: DuckDBConnection;

/** Runs a query with `schema` as the schema its table names are looked up in. */
async function query(schema: string, sql: string): Promise<LineValues[]> {
  await db.run(`SET schema = '${schema}'`);
  const rows = (await db.runAndReadAll(sql)).getRowObjectsJS();
  return rows.map((r) => ({ id: String(r.id), value: r.value as number | null, numerator: r.numerator as number | null, denominator: r.denominator as number | null }));
}

/** Loads the Parquet files of one or more export folders into a schema, one table per tab key (sites' files appended). */
async function load(schema: string, folders: readonly string[]): Promise<void> {
  await db.run(`CREATE SCHEMA ${schema}`);
  for (const file of readdirSync(folders[0]!).filter((f) => f.endsWith('.parquet'))) {
    const paths = folders.map((f) => `'${join(f, file)}'`).join(', ');
    await db.run(`CREATE TABLE ${schema}."${file.slice(0, -'.parquet'.length)}" AS SELECT * FROM read_parquet([${paths}])`);
  }
}

/** Writes a dataset's records as an export folder for one site, as `peerkit export` would. */
function writeExport(dataset: Dataset, site: string, forms: readonly FormDefinition[] = FORMS): string {
  const dir = tempDir('peerkit-export-');
  for (const form of forms) writeFileSync(join(dir, `${tableKey(form)}.parquet`), parquetTable(form, [{ site, records: dataset.records[form.id] ?? [] }]));
  return dir;
}

let sample: Dataset;
let exported: string;

beforeAll(async () => {
  const config = join(tempDir(), 'peerkit.config.json');
  writeFileSync(config, JSON.stringify({ site: 'HMP Alpha' }));
  exported = join(tempDir(), 'export');
  const run = await runCli(['export', '--scheme', 'all', '--out', exported, '--config', config]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^Wrote 27 tables \([\d,]+ rows, site "hmp_alpha"\) to .* readable by you alone: they hold personal data\n$/);
  sample = readDataset(await readSource(undefined), FORMS, settings);
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await load('sample', [exported]);
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

describe('peerkit export', () => {
  it('writes one file per tab, named by its tab key, readable by its owner alone, in a folder only its owner can open', () => {
    expect(statSync(exported).mode & 0o777).toBe(0o700);
    const files = readdirSync(exported).sort();
    expect(files).toEqual(FORMS.map((f) => `${exportKey(f.tab)}.parquet`).sort());
    expect(files).toContain('l_d_peer_workers.parquet');
    expect(files).toContain('focus_groups.parquet');
    for (const file of files) expect(statSync(join(exported, file)).mode & 0o777).toBe(0o600);
  });

  it('types each column (DATE, TIMESTAMP, DOUBLE, lists of text, text) after site and row', async () => {
    const columns = (await db.runAndReadAll(`DESCRIBE sample.contacts`)).getRowObjectsJS().map((r) => `${r.column_name} ${r.column_type}`);
    expect(columns.slice(0, 2)).toEqual(['site VARCHAR', 'row INTEGER']);
    expect(columns).toEqual(expect.arrayContaining(['timestamp TIMESTAMP', 'contact_date DATE', 'prison_number VARCHAR', 'peer_supporters VARCHAR[]', 'minutes DOUBLE']));
  });

  it('writes every valid row with its spreadsheet row number and values as the dataset reads them', async () => {
    for (const form of FORMS) {
      const [count] = (await db.runAndReadAll(`SELECT COUNT(*) AS n FROM sample."${tableKey(form)}"`)).getRowObjectsJS();
      expect(Number(count!.n), form.tab).toBe(sample.records[form.id]!.length);
    }
    const first = sample.records.contacts![0]!;
    const [row] = (await db.runAndReadAll(`SELECT site, strftime(contact_date, '%Y-%m-%d') AS d, prison_number, peer_supporters, strftime("timestamp", '%Y-%m-%dT%H:%M:%S') AS ts FROM sample.contacts WHERE "row" = ${first.row}`)).getRowObjectsJS();
    expect(row).toEqual({ site: 'hmp_alpha', d: first.values.contactDate, prison_number: first.values.prisonNumber, peer_supporters: first.values.peerSupporters, ts: first.values.timestamp });
    // A repeat (row 420 repeats 419) and a row left out (row 1580) are not exported.
    const rows = (await db.runAndReadAll(`SELECT "row" FROM sample.contacts WHERE "row" IN (419, 420, 1580)`)).getRowObjectsJS().map((r) => r.row);
    expect(rows).toEqual([419]);
  });

  it('refuses another format, and a source missing a tab, in one line (exit 2), writing nothing', async () => {
    const out = join(tempDir(), 'none');
    const csv = await runCli(['export', '--format', 'csv', '--out', out]);
    expect([csv.code, csv.stderr]).toEqual([2, 'peerkit export: --format "csv": the only export format is parquet\n']);
    const source = writeCsvWorkbook({ ...workbook(), tabs: workbook().tabs.filter((t) => t.name !== 'Releases') });
    const missing = await runCli(['export', '--source', source, '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^peerkit export: .*tab "Releases" not found\n$/);
    const site = await runCli(['export', '--site', 'elsewhere', '--out', out]);
    expect([site.code, site.stderr]).toEqual([2, 'peerkit export: --site needs "sites" in the configuration: each site\'s id, name and source\n']);
    expect(() => statSync(out)).toThrow();
  });
});

describe('peerkit sql in DuckDB over the export of the sample', () => {
  it.each(SCHEMES.map((s) => [s.id, s] as const))('%s: every quarter, and a longer period, equal peerkit report', async (_, scheme) => {
    for (const period of PERIODS) {
      const expected = engineLines(scheme, sample, period);
      expect(await query('sample', compileReportSql(scheme, period, { dialect: 'duckdb' })), `${scheme.id} ${period.label}`).toEqual(expected);
    }
  });

  it('counts something in every line in some quarter (the comparison is not of zeros)', () => {
    for (const scheme of SCHEMES) {
      const lines = PERIODS.map((p) => engineLines(scheme, sample, p));
      for (const [i, line] of scheme.lines.entries()) expect(lines.some((l) => (l[i]!.value ?? 0) > 0), `${scheme.id} ${line.id}`).toBe(true);
    }
  });

  it('is what `peerkit sql` prints, and equals `peerkit report --format json`', async () => {
    const sql = await runCli(['sql', '--scheme', 'reconnect', '--quarter', '2021-22-Q1']);
    expect(sql.code, sql.stderr).toBe(0);
    const period = QUARTERS.find((q) => q.start === '2021-04-01')!;
    expect(sql.stdout).toBe(compileReportSql(SCHEMES[1], period, { dialect: 'duckdb' }));
    // Named by their schema, the tables need no default one.
    const inSchema = await runCli(['sql', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--dataset', 'sample']);
    await db.run(`SET schema = 'main'`);
    expect((await db.runAndReadAll(inSchema.stdout)).getRowObjectsJS().map((r) => r.value)).toEqual((await query('sample', sql.stdout)).map((l) => l.value));
    const report = await runCli(['report', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-']);
    const metrics = (JSON.parse(report.stdout) as { metrics: { id: string; value: number; numerator?: number; denominator?: number }[] }).metrics;
    expect(await query('sample', sql.stdout)).toEqual(metrics.map((m) => ({ id: m.id, value: m.value, numerator: m.numerator ?? null, denominator: m.denominator ?? null })));
  });

  it('adds a sum exactly and rounds it half up, whatever order the rows are added in (engine and SQL disagreed by the order they added rows in)', async () => {
    // 27.206 + 33.421 + 4.588 is 65.215: added as doubles, 65.21499999999999 in one order and 65.215 in another.
    const buddies = SCHEMES.find((s) => s.id === 'buddies')!;
    const pay = (week: string, amount: number): RowSpec => ({ 'Week ending': week, 'Buddy ID': 'B-001', 'Amount paid (£)': amount });
    const q1 = QUARTERS.find((q) => q.start === '2021-04-01')!;
    const cases: [number, RowSpec[]][] = [
      [65.22, [pay('30/04/2021', 27.206), pay('07/05/2021', 33.421), pay('14/05/2021', 4.588)]],
      [65.22, [pay('14/05/2021', 4.588), pay('07/05/2021', 33.421), pay('30/04/2021', 27.206)]],
      [65.22, [pay('07/05/2021', 33.421), pay('30/04/2021', 27.206), pay('14/05/2021', 4.588)]],
      // The counterexample the export + sql fuzz found (seed 90260137): 32.325, which the report made 32.33 and DuckDB 32.32.
      [32.33, [pay('01/04/2021', 0.294), { ...pay('01/05/2021', 0), 'Amount paid (£)': '7' }, { ...pay('01/04/2021', 0), 'Amount paid (£)': '£25.03' }, { ...pay('01/04/2021', 0), 'Amount paid (£)': '0.001' }]],
    ];
    for (const [i, [total, rows]] of cases.entries()) {
      const dataset = readDataset(schemeWorkbook('buddies', { 'Buddy pay': rows }), buddies.forms, settings);
      const expected = engineLines(buddies, dataset, q1).find((l) => l.id === 'buddy_pay');
      expect(expected, `engine, order ${i}`).toEqual({ id: 'buddy_pay', value: total, numerator: null, denominator: null });
      await load(`pay_${i}`, [writeExport(dataset, 'site', buddies.forms)]);
      expect((await query(`pay_${i}`, compileReportSql(buddies, q1, { dialect: 'duckdb' }))).find((l) => l.id === 'buddy_pay'), `DuckDB, order ${i}`).toEqual(expected);
    }
  });

  it('refuses a missing period, an unknown dialect and an unknown scheme in one line (exit 2)', async () => {
    expect(await runCli(['sql', '--scheme', 'reconnect'])).toEqual({ code: 2, stdout: '', stderr: 'peerkit sql: give a period: --quarter Q, or --from and --to\n' });
    expect((await runCli(['sql', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--dialect', 'oracle'])).stderr).toBe('peerkit sql: --dialect "oracle": choose duckdb or bigquery\n');
    expect((await runCli(['sql', '--scheme', 'nope', '--quarter', '2021-22-Q1'])).code).toBe(2);
  });
});

// --- Two sites ---------------------------------------------------------------

/** A copy of a dataset with every date moved by some days: the same people, at another time (timestamps keep their order). */
function shifted(dataset: Dataset, days: number, forms: readonly FormDefinition[]): Dataset {
  const move = (form: FormDefinition, r: DataRecord): DataRecord => {
    const values = { ...r.values };
    for (const q of form.questions) if (q.type === 'date' && typeof values[q.key] === 'string') values[q.key] = addDays(values[q.key] as string, days);
    return { ...r, values };
  };
  const records = Object.fromEntries(forms.map((f) => [f.id, (dataset.records[f.id] ?? []).map((r) => move(f, r))]));
  const registered = Object.fromEntries(forms.filter((f) => f.upsertBy).map((f) => [f.id, new Map([...dataset.registered[f.id]!].map(([k, r]) => [k, move(f, r)]))]));
  return { ...dataset, records, registered };
}

describe('peerkit sql over two sites', () => {
  /** Site b is the sample 45 days later: every woman and every ID is at both sites, at other times. */
  let later: Dataset;
  let pooled: PooledSites;
  beforeAll(async () => {
    later = shifted(sample, 45, FORMS);
    // The engine's own roll-up (core/roll-up.ts): the SQL must agree with it, not with a re-implementation here.
    pooled = rollUp([{ id: 'hmp_alpha', dataset: sample }, { id: 'hmp_beta', dataset: later }]);
    await load('two', [exported, writeExport(later, 'hmp_beta')]);
  });

  it.each(SCHEMES.map((s) => [s.id, s] as const))('%s: the roll-up equals the pooled count, and --site one site equals that site alone', async (_, scheme) => {
    for (const period of PERIODS) {
      expect(await query('two', compileReportSql(scheme, period, { dialect: 'duckdb' })), `${scheme.id} ${period.label}`).toEqual(engineLines(scheme, pooled, period));
    }
    const period = PERIODS.at(-1)!;
    expect(await query('two', compileReportSql(scheme, period, { dialect: 'duckdb', site: 'hmp_beta' }))).toEqual(engineLines(scheme, later, period));
  });

  it('a sites configuration: `peerkit export` writes both sites into one table each, and `peerkit sql` equals `peerkit report --site all`, each site and the roll-up', async () => {
    const sites = writeTwoSites();
    const out = join(tempDir(), 'export');
    const exported = await runCli(['export', '--config', sites.config, '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/rows, sites "north", "south"\)/);
    await load('sites', [out]);
    for (const scheme of ['perinatal', 'reconnect', 'ewb']) {
      const report = await runCli(['report', '--config', sites.config, '--site', 'all', '--scheme', scheme, '--quarter', TWO_SITES_QUARTER, '--format', 'json', '--out', '-']);
      expect(report.code, report.stderr).toBe(0);
      const results = JSON.parse(report.stdout) as { site: string; metrics: { id: string; value: number; numerator?: number; denominator?: number }[] }[];
      expect(results.map((r) => r.site)).toEqual(['north', 'south', 'all']);
      for (const result of results) {
        const sql = await runCli(['sql', '--config', sites.config, '--scheme', scheme, '--quarter', TWO_SITES_QUARTER, ...(result.site === 'all' ? [] : ['--site', result.site])]);
        expect(sql.code, sql.stderr).toBe(0);
        const expected = result.metrics.map((m) => ({ id: m.id, value: m.value, numerator: m.numerator ?? null, denominator: m.denominator ?? null }));
        expect(await query('sites', sql.stdout), `${scheme} ${result.site}`).toEqual(expected);
      }
    }
    // The planted overlaps make the roll-up differ from the sum of the sites.
    const reconnect = JSON.parse((await runCli(['report', '--config', sites.config, '--scheme', 'reconnect', '--quarter', TWO_SITES_QUARTER, '--format', 'json', '--out', '-'])).stdout) as { metrics: { id: string; value: number }[] }[];
    const women = reconnect.map((r) => r.metrics.find((m) => m.id === 'women_supported')!.value);
    expect(women[2]).toBe(women[0]! + women[1]! - 1);
  });

  it('counts a woman at both sites once and the same Supporter ID at both sites twice (hand-counted edge data)', async () => {
    const contact = (pn: string, ps: string): RowSpec => ({ 'Contact date': '15/05/2021', 'Prison number': pn, Scheme: 'Reconnect', 'Peer supporters': ps, 'Contact type': 'Emotional support', Minutes: 30 });
    const alpha = readDataset(workbook({ Contacts: [contact('A1234BC', 'PS-007'), contact('B2345CD', 'PS-007')] }), CONTRACT_FORMS, settings);
    const beta = readDataset(workbook({ Contacts: [contact('A1234BC', 'PS-007')] }), CONTRACT_FORMS, settings);
    await load('edge', [writeExport(alpha, 'alpha', CONTRACT_FORMS), writeExport(beta, 'beta', CONTRACT_FORMS)]);
    const q1 = QUARTERS.find((q) => q.start === '2021-04-01')!;
    const lines = await query('edge', compileReportSql(SCHEMES[1], q1, { dialect: 'duckdb' }));
    const value = (id: string) => lines.find((l) => l.id === id)!.value;
    expect([value('women_supported'), value('active_supporters')]).toEqual([2, 2]);
    const alone = await query('edge', compileReportSql(SCHEMES[1], q1, { dialect: 'duckdb', site: 'beta' }));
    expect(alone.filter((l) => l.id === 'women_supported' || l.id === 'active_supporters').map((l) => l.value)).toEqual([1, 1]);
  });

  it('breaks a tie between two sites as the engine does: first rows on the same day, and follow-ups on the same day', async () => {
    const ewb = SCHEMES.find((s) => s.id === 'ewb')!;
    const baseline = (harm: string): RowSpec => ({ 'Date completed': '10/04/2021', 'Prison number': 'A1234BC', 'Ever self-harmed': 'Yes', 'Currently self-harming': harm });
    const followUp = (since: string): RowSpec => ({ 'Date completed': '20/05/2021', 'Prison number': 'A1234BC', 'Self-harm since support': since });
    // Zeta's rows come first in each sheet and alpha's second: only the site decides the tie.
    const site = (harm: string, since: string, padding: number) =>
      readDataset(schemeWorkbook('ewb', { 'Wellbeing baseline': [...Array.from({ length: padding }, () => baseline('No')).map((r) => ({ ...r, 'Prison number': 'Z9999ZZ' })), baseline(harm)], 'Wellbeing follow-up': [followUp(since)] }), ewb.forms, settings);
    const alpha = site('Yes', 'Stopped', 3);
    const zeta = site('No', 'No change', 0);
    await load('tie', [writeExport(alpha, 'alpha', ewb.forms), writeExport(zeta, 'zeta', ewb.forms)]);
    const q1 = QUARTERS.find((q) => q.start === '2021-04-01')!;
    const pooled = rollUp([{ id: 'zeta', dataset: zeta }, { id: 'alpha', dataset: alpha }]);
    const sql = await query('tie', compileReportSql(ewb, q1, { dialect: 'duckdb' }));
    expect(sql).toEqual(engineLines(ewb, pooled, q1));
    expect(sql.find((l) => l.id === 'self_harm_stopped_or_reduced_pct')).toEqual({ id: 'self_harm_stopped_or_reduced_pct', value: 0, numerator: 0, denominator: 1 });
  });

  it("takes a mentee's first baseline at any site, and her follow-up from another site", async () => {
    const baseline = (date: string): RowSpec => ({ 'Date completed': date, 'Prison number': 'A1234BC', 'Ever self-harmed': 'Yes', 'Currently self-harming': 'Yes' });
    const ewb = SCHEMES.find((s) => s.id === 'ewb')!;
    const alpha = readDataset(schemeWorkbook('ewb', { 'Wellbeing baseline': [baseline('10/04/2021')] }), ewb.forms, settings);
    const beta = readDataset(
      schemeWorkbook('ewb', { 'Wellbeing baseline': [baseline('10/07/2021')], 'Wellbeing follow-up': [{ 'Date completed': '20/07/2021', 'Prison number': 'A1234BC', 'Self-harm since support': 'Stopped' }] }),
      ewb.forms,
      settings,
    );
    await load('mentee', [writeExport(alpha, 'alpha', ewb.forms), writeExport(beta, 'beta', ewb.forms)]);
    const [q1, q2] = QUARTERS.filter((q) => q.start === '2021-04-01' || q.start === '2021-07-01');
    const line = async (period: Period, id: string, site?: string) =>
      (await query('mentee', compileReportSql(ewb, period, { dialect: 'duckdb', ...(site ? { site } : {}) }))).find((l) => l.id === id)!;
    // Pooled: she is in Q1's sample (her first baseline, at alpha), not Q2's; her follow-up at beta says she stopped.
    expect((await line(q1!, 'sample_size')).value).toBe(1);
    expect(await line(q1!, 'self_harm_stopped_or_reduced_pct')).toEqual({ id: 'self_harm_stopped_or_reduced_pct', value: 100, numerator: 1, denominator: 1 });
    expect((await line(q2!, 'sample_size')).value).toBe(0);
    // Beta alone: her first baseline there is in Q2.
    expect((await line(q2!, 'sample_size', 'beta')).value).toBe(1);
  });
});
