/**
 * `peerkit export` at its edges (data contract §9), every file read back with DuckDB:
 * an empty tab, a tab whose every row is left out, a column absent from the sheet, a
 * number column all blank, cells of 50,000 characters, control characters and emoji,
 * checkbox answers written with commas, dates at both ends of what peerkit reads, a tab
 * of more rows than one row group across two sites; and where it writes: an existing
 * file or a folder holding other files, and `--out -`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readDataset, type Dataset, type DataRecord } from '../../core/dataset.js';
import { exportColumns, tableKey } from '../../core/export-schema.js';
import type { FormDefinition } from '../../core/form.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import { makeSettings } from '../../core/settings.js';
import type { Value } from '../../core/validate.js';
import { parquetTable } from '../../generator/export/parquet.js';
import { readSource } from '../../generator/sources/index.js';
import { workbook } from '../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';

const FORMS = formsOf(SCHEMES.slice(0, 2));
const form = (id: string) => CONTRACT_FORMS.find((f) => f.id === id)!;

let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  db = await instance.connect();
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

/** A file's rows as records hold them (dates and timestamps as ISO text, lists as arrays), in the file's order. */
async function readBack(file: string, f: FormDefinition): Promise<{ site: string; row: number; values: Record<string, Value> }[]> {
  const columns = exportColumns(f).map((c) => {
    const name = `"${c.name}"`;
    if (c.type === 'date') return `strftime(${name}, '%Y-%m-%d') AS ${name}`;
    if (c.type === 'timestamp') return `strftime(${name}, '%Y-%m-%dT%H:%M:%S') AS ${name}`;
    return name;
  });
  const rows = (await db.runAndReadAll(`SELECT site, "row", ${columns.join(', ')} FROM read_parquet('${file}')`)).getRowObjectsJS();
  return rows.map((r) => ({ site: String(r.site), row: Number(r.row), values: Object.fromEntries(exportColumns(f).map((c) => [c.key, (r[c.name] ?? null) as Value])) }));
}

/** The records as the export must hold them: every column, a blank or absent answer null. */
const expected = (records: readonly DataRecord[], f: FormDefinition, site: string) =>
  records.map((r) => ({ site, row: r.row, values: Object.fromEntries(exportColumns(f).map((c) => [c.key, r.values[c.key] ?? null])) }));

async function types(file: string): Promise<string[]> {
  return (await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS().map((r) => `${r.column_name} ${r.column_type}`);
}

describe('peerkit export at the edges of its input', () => {
  /** 50,000 characters on one line: quotes, commas, accents and emoji, no emoji cut in two. */
  const long = (() => {
    const unit = 'Zoë said "yes", then \'no\'; 😀 ';
    const text = unit.repeat(Math.ceil(50_000 / unit.length));
    return text.slice(0, 50_000 - 1) + (/[\ud800-\udbff]/.test(text[50_000 - 2]!) ? '' : '.');
  })();
  const control = 'tab\there \u0001\u001f\u007f bell\u0007 nul\u0000 after 👩🏽‍⚕️ café\u200b\ufeff "q", \'a\', end';
  let source: string;
  let out: string;
  let dataset: Dataset;

  beforeAll(async () => {
    const contact = { 'Prison number': 'A1234BC', Scheme: 'Perinatal', 'Peer supporters': 'PS-001, PS-002' };
    const book = workbook({
      Contacts: [
        { ...contact, 'Contact date': '01/01/1900', Notes: long, 'Contact type': 'Emotional support, Practical help' },
        { ...contact, 'Contact date': '31/12/9999', Notes: control, 'Contact type': 'practical help,EMOTIONAL SUPPORT , ,' },
        { ...contact, 'Contact date': '02/04/2021', Timestamp: '31/12/9999 23:59:59' },
        { ...contact, 'Contact date': '03/04/2021', Timestamp: '01/01/1900 00:00:00', 'Peer supporters': 'ps-003' },
      ],
      // Every row left out: a date that is no date, and a required answer blank.
      Supervision: [
        { 'Session date': '31/02/2021', Schemes: 'Perinatal', Supervisor: 'A', Attendees: 'PS-001' },
        { 'Session date': '01/04/2021', Schemes: 'Perinatal', Supervisor: null, Attendees: 'PS-001' },
      ],
      'Focus groups': [{ 'Date held': '05/05/2021', Scheme: 'Reconnect', Participants: 4, Facilitator: 'B', Themes: 'dropped below' }],
    });
    // "Themes" (optional) absent from the sheet.
    const focus = book.tabs.find((t) => t.name === 'Focus groups')!;
    const at = focus.header.indexOf('Themes');
    focus.header.splice(at, 1);
    for (const row of focus.rows) row.splice(at, 1);
    source = writeCsvWorkbook(book);
    out = join(tempDir(), 'export');
    const run = await runCli(['export', '--scheme', 'perinatal,reconnect', '--source', source, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    dataset = readDataset(await readSource(source), FORMS, makeSettings());
  });

  it('writes every tab, each value exactly as peerkit read it', async () => {
    expect(readdirSync(out).sort()).toEqual(FORMS.map((f) => `${tableKey(f)}.parquet`).sort());
    for (const f of FORMS) expect(await readBack(join(out, `${tableKey(f)}.parquet`), f), f.tab).toEqual(expected(dataset.records[f.id]!, f, 'site'));
    // The comparison is of the planted values, as read.
    const contacts = dataset.records.contacts!;
    expect(contacts.map((r) => r.values.contactDate)).toEqual(['1900-01-01', '9999-12-31', '2021-04-02', '2021-04-03']);
    expect(contacts.map((r) => r.values.timestamp).slice(2)).toEqual(['9999-12-31T23:59:59', '1900-01-01T00:00:00']);
    expect(contacts[0]!.values.notes).toBe(long);
    expect(long).toHaveLength(50_000);
    expect(contacts[1]!.values.notes).toBe(control);
    expect(contacts.map((r) => r.values.contactType)).toEqual([['Emotional support', 'Practical help'], ['Practical help', 'Emotional support'], null, null]);
    expect(contacts.every((r) => r.values.minutes === null || r.values.minutes === undefined)).toBe(true);
  });

  it('types every column, an empty tab, an all-blank column and an absent one included', async () => {
    expect(dataset.records.training).toEqual([]);
    expect(dataset.records.supervision).toEqual([]);
    expect(dataset.issues.filter((i) => i.tab === 'Supervision' && i.severity === 'error')).toHaveLength(2);
    const file = (id: string) => join(out, `${tableKey(form(id))}.parquet`);
    expect(await types(file('training'))).toEqual(['site VARCHAR', 'row INTEGER', 'timestamp TIMESTAMP', 'session_date DATE', 'schemes VARCHAR[]', 'topics VARCHAR[]', 'trainer VARCHAR', 'attendees VARCHAR[]', 'hours DOUBLE']);
    expect(await types(file('supervision'))).toContain('concerns_raised VARCHAR');
    expect(await types(file('contacts'))).toContain('minutes DOUBLE');
    expect(await types(file('focusGroups'))).toEqual(['site VARCHAR', 'row INTEGER', 'timestamp TIMESTAMP', 'date_held DATE', 'scheme VARCHAR', 'participants DOUBLE', 'facilitator VARCHAR', 'themes VARCHAR']);
    for (const id of ['training', 'supervision']) expect((await db.runAndReadAll(`SELECT COUNT(*) AS n FROM read_parquet('${file(id)}')`)).getRowObjectsJS()).toEqual([{ n: 0n }]);
    expect((await db.runAndReadAll(`SELECT participants, themes, minutes FROM read_parquet('${file('focusGroups')}'), (SELECT max(minutes) AS minutes FROM read_parquet('${file('contacts')}'))`)).getRowObjectsJS()).toEqual([
      { participants: 4, themes: null, minutes: null },
    ]);
  });

  it('compares and filters the planted texts in SQL as values, not as text of the query', async () => {
    const [row] = (await db.runAndReadAll(`SELECT length(notes) AS n, notes LIKE '%"yes", then ''no''%' AS quoted FROM read_parquet('${join(out, 'contacts.parquet')}') WHERE contact_date = DATE '1900-01-01'`)).getRowObjectsJS();
    // DuckDB counts characters as Unicode code points; JavaScript's length counts UTF-16 units.
    expect(row).toEqual({ n: BigInt([...long].length), quoted: true });
  });
});

describe('a tab of more rows than one row group, two sites', () => {
  it('keeps every row, its site, number and values, in order', async () => {
    const f = form('contacts');
    const make = (n: number, site: string) =>
      Array.from({ length: n }, (_, i): DataRecord => ({
        form: 'contacts',
        tab: 'Contacts',
        row: i + 2,
        values: { timestamp: null, contactDate: `2021-0${1 + (i % 9)}-1${i % 10}`, prisonNumber: `A${String(i % 10_000).padStart(4, '0')}BC`, scheme: i % 2 ? 'Perinatal' : 'Reconnect', peerSupporters: [`PS-${site.length}${i % 100}`], contactType: i % 3 ? null : ['Emotional support'], minutes: i % 5 ? i % 600 : null, gpPracticeIdentified: null, notes: `${site} ${i}` },
      }));
    const north = make(25_003, 'north');
    const south = make(7, 'south');
    const file = join(tempDir(), 'contacts.parquet');
    writeFileSync(file, parquetTable(f, [{ site: 'north', records: north }, { site: 'south', records: south }]));
    const back = await readBack(file, f);
    expect(back.length).toBe(25_010);
    const wanted = [...expected(north, f, 'north'), ...expected(south, f, 'south')];
    if (JSON.stringify(back) !== JSON.stringify(wanted)) expect(back).toEqual(wanted);
    // Written 10,000 rows at a time (generator/export/parquet.ts), so no whole-tab copy of a column is ever made.
    const groups = (await db.runAndReadAll(`SELECT DISTINCT row_group_id, row_group_num_rows AS n FROM parquet_metadata('${file}') ORDER BY row_group_id`)).getRowObjectsJS();
    expect(groups.map((g) => Number(g.n))).toEqual([10_000, 10_000, 5_003, 7]);
  });
});

describe('where peerkit export writes', () => {
  const args = (out: string) => ['export', '--scheme', 'reconnect', '--out', out];

  it('refuses --out - and an existing file, in one line (exit 2), touching nothing', async () => {
    expect(await runCli(args('-'))).toEqual({ code: 2, stdout: '', stderr: 'peerkit export: --out - cannot hold several files: give a folder\n' });
    const file = join(tempDir(), 'report.txt');
    writeFileSync(file, 'mine');
    const run = await runCli(args(file));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`peerkit export: cannot write into "${file}": it is not a folder\n`);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it("into a folder holding other files, replaces only the tab files it writes: the user's own files, and other tabs' files, are left", async () => {
    const dir = join(tempDir(), 'mixed');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'mentors.parquet'), 'an earlier export of another scheme');
    writeFileSync(join(dir, 'contacts.parquet'), 'an earlier export');
    const run = await runCli(args(dir));
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'mentors.parquet'), 'utf8')).toBe('an earlier export of another scheme');
    expect(readFileSync(join(dir, 'contacts.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    // The folder was the user's: its mode is left as it was; the files are the owner's alone.
    expect(statSync(dir).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'contacts.parquet')).mode & 0o777).toBe(0o600);
    expect(run.stderr).toMatch(/is a folder others can open/);
    // No temporary file is left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('stops, in one line, at a folder of the user\'s standing where a file goes, and leaves it as it was', async () => {
    const dir = join(tempDir(), 'blocked');
    mkdirSync(dir, { mode: 0o700 });
    mkdirSync(join(dir, 'training.parquet'));
    writeFileSync(join(dir, 'training.parquet', 'kept.txt'), 'mine');
    const run = await runCli(args(dir));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^peerkit export: cannot write ".*training\.parquet": [A-Z]+\n$/);
    expect(readFileSync(join(dir, 'training.parquet', 'kept.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
