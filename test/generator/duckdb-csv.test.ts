/**
 * DuckDB over the CSV files (generator/bench/duckdb-csv.ts), what `npm run bench`
 * times peerkit against: its views hold the rows and values peerkit reads from the same
 * folder, and `peerkit sql` over them equals `evaluateReport` for every scheme and
 * quarter of the sample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readDataset, type Dataset } from '../../core/dataset.js';
import { exportColumns, tableKey } from '../../core/export-schema.js';
import type { FormDefinition } from '../../core/form.js';
import { contractPeriod, quartersBetween } from '../../core/quarters.js';
import { compileReportSql } from '../../core/report-sql.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import { makeSettings } from '../../core/settings.js';
import type { Value } from '../../core/validate.js';
import { csvViewsSql, duckdbCsvScript } from '../../generator/bench/duckdb-csv.js';
import { duckdbCsvReport } from '../../generator/bench/duckdb-run.js';
import { readCsvFolder, SAMPLE_WORKBOOK } from '../../generator/sources/index.js';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { headerOf, workbook, type RowSpec } from '../helpers/build-workbook.js';
import { runCli, writeCsvWorkbook } from '../helpers/run-cli.js';
import { TWO_SITES_QUARTER, writeTwoSites } from '../helpers/two-sites.js';
import { engineLines } from '../helpers/engine-lines.js';

const FORMS = formsOf(SCHEMES);
const settings = makeSettings();
const QUARTERS = (() => {
  const contract = contractPeriod(settings);
  return quartersBetween(contract.start, contract.end, settings);
})();

let instance: DuckDBInstance;
let db: DuckDBConnection;

/** Creates the views over a folder in a schema of their own. */
async function views(schema: string, folder: string, forms: readonly FormDefinition[] = FORMS): Promise<void> {
  await db.run(`CREATE SCHEMA ${schema}`);
  await db.run(`SET schema = '${schema}'`);
  for (const statement of csvViewsSql([{ id: 'site', folder }], forms, settings.locale)) await db.run(statement);
}

/** A view's rows as peerkit's records hold them: row number and values (dates as ISO text, lists as arrays). */
async function viewRecords(schema: string, form: FormDefinition): Promise<{ row: number; values: Record<string, Value> }[]> {
  const columns = exportColumns(form).map((c) => {
    const name = `"${c.name}"`;
    if (c.type === 'date') return `strftime(${name}, '%Y-%m-%d') AS ${name}`;
    if (c.type === 'timestamp') return `strftime(${name}, '%Y-%m-%dT%H:%M:%S') AS ${name}`;
    return name;
  });
  const rows = (await db.runAndReadAll(`SELECT "row", ${columns.join(', ')} FROM ${schema}."${tableKey(form)}" ORDER BY "row"`)).getRowObjectsJS();
  return rows.map((r) => ({ row: Number(r.row), values: Object.fromEntries(exportColumns(form).map((c) => [c.key, (r[c.name] ?? null) as Value])) }));
}

const recordsOf = (dataset: Dataset, form: FormDefinition) => dataset.records[form.id]!.map((r) => ({ row: r.row, values: r.values }));

async function sqlLines(schema: string, sql: string) {
  await db.run(`SET schema = '${schema}'`);
  return (await db.runAndReadAll(sql)).getRowObjectsJS().map((r) => ({ id: String(r.id), value: r.value, numerator: r.numerator, denominator: r.denominator }));
}

let sample: Dataset;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  db = await instance.connect();
  sample = readDataset(readCsvFolder(SAMPLE_WORKBOOK, 'sample'), FORMS, settings);
  await views('sample', SAMPLE_WORKBOOK);
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

describe('DuckDB views over the sample CSV files', () => {
  it('have exactly the export\'s typed columns, after site and row', async () => {
    const columns = (await db.runAndReadAll(`DESCRIBE sample.contacts`)).getRowObjectsJS().map((r) => `${r.column_name} ${r.column_type}`);
    expect(columns).toEqual(['site VARCHAR', 'row INTEGER', 'timestamp TIMESTAMP', 'contact_date DATE', 'prison_number VARCHAR', 'scheme VARCHAR', 'peer_supporters VARCHAR[]', 'contact_type VARCHAR[]', 'minutes DOUBLE', 'gp_practice_identified VARCHAR', 'notes VARCHAR']);
  });

  it.each(FORMS.map((f) => [f.tab, f] as const))('%s: the rows peerkit keeps, with its row numbers and values', async (_, form) => {
    const expected = recordsOf(sample, form);
    expect(expected.length).toBeGreaterThan(0);
    expect(await viewRecords('sample', form)).toEqual(expected);
  });

  it('hold what peerkit reads from a workbook of the sample generator at another scale and seed, as the bench\'s 100× workbook is made', async () => {
    const folder = writeCsvWorkbook(generateSampleWorkbook({ scale: 1.5, seed: 11 }));
    const generated = readDataset(readCsvFolder(folder, 'generated'), FORMS, settings);
    await views('generated', folder);
    for (const form of FORMS) expect(await viewRecords('generated', form), form.tab).toEqual(recordsOf(generated, form));
  });

  it('leave out what peerkit leaves out in the sample (a repeat, an invalid row), so the equality above is not of unfiltered files', () => {
    const leftOut = new Set(sample.issues.filter((i) => i.row !== null && i.severity !== 'warning').map((i) => i.severity));
    expect([...leftOut].sort()).toEqual(['duplicate', 'error']);
  });
});

describe('peerkit sql over the CSV views', () => {
  it.each(SCHEMES.map((s) => [s.id, s] as const))('%s: every quarter of the sample equals evaluateReport', async (_, scheme) => {
    for (const period of QUARTERS) {
      expect(await sqlLines('sample', compileReportSql(scheme, period, { dialect: 'duckdb' })), `${scheme.id} ${period.label}`).toEqual(engineLines(scheme, sample, period));
    }
  });

  it('duckdb-run runs the script (views, then peerkit sql) and gives what `peerkit report --format json` gives', async () => {
    const script = duckdbCsvScript([{ id: 'site', folder: SAMPLE_WORKBOOK }], SCHEMES[1], QUARTERS[1]!, settings.locale);
    expect(script).toHaveLength(SCHEMES[1].forms.length + 1);
    expect(script.at(-1)).toBe(compileReportSql(SCHEMES[1], QUARTERS[1]!, { dialect: 'duckdb' }));
    const report = await runCli(['report', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-']);
    expect(report.code, report.stderr).toBe(0);
    const metrics = (JSON.parse(report.stdout) as { metrics: { id: string; value: number; numerator?: number; denominator?: number }[] }).metrics;
    expect(await duckdbCsvReport(SAMPLE_WORKBOOK, 'reconnect', '2021-22-Q1')).toEqual(metrics.map((m) => ({ id: m.id, value: m.value, numerator: m.numerator ?? null, denominator: m.denominator ?? null })));
  });
});

describe('over the sites of a configuration', () => {
  it('duckdb-run computes the roll-up `peerkit report --site all` gives (the sites\' rows in one view each, the planted overlaps counted once)', async () => {
    const sites = writeTwoSites();
    for (const scheme of ['reconnect', 'ewb']) {
      const report = await runCli(['report', '--config', sites.config, '--site', 'all', '--scheme', scheme, '--quarter', TWO_SITES_QUARTER, '--format', 'json', '--out', '-']);
      expect(report.code, report.stderr).toBe(0);
      const results = JSON.parse(report.stdout) as { site: string; metrics: { id: string; value: number; numerator?: number; denominator?: number }[] }[];
      const all = results.find((r) => r.site === 'all')!;
      const expected = all.metrics.map((m) => ({ id: m.id, value: m.value, numerator: m.numerator ?? null, denominator: m.denominator ?? null }));
      expect(await duckdbCsvReport(sites.config, scheme, TWO_SITES_QUARTER), scheme).toEqual(expected);
    }
  });
});

describe('the views on awkward cells, against peerkit reading the same files', () => {
  const contacts = CONTRACT_FORMS.find((f) => f.id === 'contacts')!;
  const row = (cells: RowSpec): RowSpec => ({ Timestamp: '01/04/2021 10:00:00', 'Contact date': '01/04/2021', 'Prison number': 'A1234BC', Scheme: 'Reconnect', 'Peer supporters': 'PS-001', 'Contact type': 'Emotional support', Minutes: '30', ...cells });
  const rows: RowSpec[] = [
    row({}),
    row({}), // an exact repeat: kept once
    row({ 'Prison number': '  a1234bc ', Scheme: 'reconnect', 'Peer supporters': 'ps-002, PS-002 ,, ps-003', 'Contact type': 'EMOTIONAL SUPPORT, practical help' }),
    row({ 'Contact date': '1/4/2021', Timestamp: '2021-04-01T09:05' }),
    row({ 'Contact date': '31/04/2021' }), // no such day
    row({ 'Contact date': '01/04/21' }), // a two-digit year
    row({ 'Contact date': '2021-04-02', Timestamp: '2/4/2021, 9:30' }),
    row({ 'Prison number': 'A1234B' }), // not the pattern
    row({ Scheme: 'Reconect' }), // not a choice
    row({ 'Contact type': 'Emotional support, Juggling' }), // one part not a choice
    row({ Minutes: '0' }), // under the minimum
    row({ Minutes: '30.5' }), // a decimal: Minutes need not be whole
    row({ Minutes: '0x1F' }),
    row({ Minutes: '' }), // optional, blank
    row({ 'Peer supporters': ' , ' }), // required, only separators
    row({ Notes: 'Something   ' }),
    {}, // a blank row: no record, later rows keep their numbers
    row({ Scheme: '' }), // required, blank
    row({ Notes: 'last' }),
  ];

  it('keep the same rows, numbered alike, with the same values', async () => {
    const folder = writeCsvWorkbook(workbook({ Contacts: rows }));
    const expected = readDataset(readCsvFolder(folder, 'edge'), CONTRACT_FORMS, settings);
    await views('edge', folder, CONTRACT_FORMS);
    const records = recordsOf(expected, contacts);
    expect(records.map((r) => r.row)).toEqual([2, 4, 5, 8, 13, 15, 17, 20]);
    expect(await viewRecords('edge', contacts)).toEqual(records);
  });

  it('leave voided rows out, and tell repeats without the Edit link; a missing tab is an empty view', async () => {
    const header = [...headerOf('Contacts'), 'Edit link', 'Void'];
    const line = (date: string, link: string, voided: string) => [`01/04/2021 10:00:00`, date, 'A1234BC', 'Reconnect', 'PS-001', 'Emotional support', '30', '', '', link, voided].map((c) => (c.includes(',') ? `"${c}"` : c)).join(',');
    const folder = writeCsvWorkbook(workbook({}));
    writeFileSync(join(folder, 'Contacts.csv'), [header.join(','), line('01/04/2021', 'https://a', ''), line('01/04/2021', 'https://b', ''), line('02/04/2021', 'https://c', 'entered twice'), ''].join('\n'));
    writeFileSync(join(folder, 'Releases.csv'), 'Nothing,here\n');
    const expected = readDataset(readCsvFolder(folder, 'void'), CONTRACT_FORMS, settings);
    await views('void', folder, CONTRACT_FORMS);
    expect(recordsOf(expected, contacts).map((r) => r.row)).toEqual([2]);
    expect(await viewRecords('void', contacts)).toEqual(recordsOf(expected, contacts));
    const releases = CONTRACT_FORMS.find((f) => f.id === 'releases')!;
    expect(expected.unreadable.has('releases')).toBe(true);
    expect(await viewRecords('void', releases)).toEqual([]);
  });

  it('refuse a date with a time-zone offset, which peerkit moves to the wall clock (documented; the sample generator writes none)', async () => {
    const folder = writeCsvWorkbook(workbook({ Contacts: [row({ Timestamp: '2021-04-01T09:00:00Z' })] }));
    await views('zoned', folder, CONTRACT_FORMS);
    expect(readDataset(readCsvFolder(folder, 'offset'), CONTRACT_FORMS, settings).records.contacts).toHaveLength(1);
    expect(await viewRecords('zoned', contacts)).toEqual([]);
  });
});
