/**
 * No value that reaches the text of `peerkit sql` can break out of its literal or
 * name (data contract §9): a site id, a scheme's parameters and the choice texts its
 * lines compare with, column and tab keys, and `--dataset`. Each dialect's quoting
 * is checked against the language's own rules — DuckDB by running it, GoogleSQL (which
 * cannot run here) by a reader of its documented lexical structure
 * (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical: quoted
 * strings and identifiers, their escapes, no line end inside) — and whole queries by
 * their skeleton: with every literal and comment taken out, a hostile value leaves
 * the same text as a plain one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readDataset, type Dataset, type DataRecord } from '../../core/dataset.js';
import { customPeriod } from '../../core/quarters.js';
import { compileReportSql } from '../../core/report-sql.js';
import type { Scheme } from '../../core/scheme.js';
import { SQL_DIALECTS, type SqlDialectName } from '../../core/sql-dialects.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import { makeSettings } from '../../core/settings.js';
import type { Value } from '../../core/validate.js';
import { tableKey } from '../../core/export-schema.js';
import { parquetTable } from '../../generator/export/parquet.js';
import { readSource } from '../../generator/sources/index.js';
import { engineLines, type LineValues } from '../helpers/engine-lines.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { writeTwoSites } from '../helpers/two-sites.js';

const FORMS = formsOf(SCHEMES);
const PERIOD = customPeriod('2021-01-02', '2022-12-31');
/** Texts that end a literal or a statement, or a line, in one SQL or another. */
const HOSTILE = [
  "o'brien",
  "'; DROP TABLE contacts; --",
  '"; DROP TABLE contacts; --',
  '`; DROP TABLE contacts; --',
  '\\',
  "\\'",
  '\\`',
  "''",
  'a\nb',
  'a\r\nb',
  'a\rb',
  '-- comment',
  '/* open',
  '*/',
  ';',
  'x\u2028y\u2029z',
  'x\u0085y',
  '\t\v\f\b',
  'é 😀 \u200b \ufeff',
  '${x}',
  "E'\\x27'",
];

let instance: DuckDBInstance;
let db: DuckDBConnection;
let sample: Dataset;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  db = await instance.connect();
  sample = readDataset(await readSource(undefined), FORMS, makeSettings());
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS();
}

/** Loads a dataset's records, as `peerkit export` writes them, into a DuckDB schema. */
async function load(schema: string, dataset: Dataset, site = 'site'): Promise<void> {
  const dir = tempDir('peerkit-injection-');
  for (const form of FORMS) writeFileSync(join(dir, `${tableKey(form)}.parquet`), parquetTable(form, [{ site, records: dataset.records[form.id] ?? [] }]));
  await db.run(`CREATE SCHEMA ${schema}`);
  for (const file of readdirSync(dir)) await db.run(`CREATE TABLE ${schema}."${file.slice(0, -8)}" AS FROM read_parquet('${join(dir, file)}')`);
}

async function lines(schema: string, sql: string): Promise<LineValues[]> {
  await db.run(`SET schema = '${schema}'`);
  const out = (await rows(sql)).map((r) => ({ id: String(r.id), value: r.value as number | null, numerator: r.numerator as number | null, denominator: r.denominator as number | null }));
  await db.run(`SET schema = 'main'`);
  return out;
}

// --- GoogleSQL, as its lexical structure documents it ---------------------------

const ESCAPES: Record<string, string> = { a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '?': '?', '"': '"', "'": "'", '`': '`' };

/** Reads one quoted string or identifier at `at` (its quote there); returns its value and where it ends. */
function readGoogleSqlQuoted(sql: string, at: number): { value: string; end: number } {
  const quote = sql[at]!;
  let value = '';
  for (let i = at + 1; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === quote) return { value, end: i + 1 };
    // "Quoted strings cannot contain newlines, even when preceded by a backslash."
    if (c === '\n' || c === '\r') throw new Error(`a line end inside a quoted ${quote}`);
    if (c !== '\\') {
      value += c;
      continue;
    }
    const e = sql[++i]!;
    if (e in ESCAPES) value += ESCAPES[e];
    else if (e === 'x' || e === 'X') value += String.fromCharCode(parseInt(sql.slice(i + 1, (i += 2) + 1), 16));
    else if (e === 'u') value += String.fromCharCode(parseInt(sql.slice(i + 1, (i += 4) + 1), 16));
    else if (e === 'U') value += String.fromCodePoint(parseInt(sql.slice(i + 1, (i += 8) + 1), 16));
    else if (/[0-7]/.test(e)) value += String.fromCharCode(parseInt(sql.slice(i, (i += 2) + 1), 8));
    else throw new Error(`"\\${e}" is no escape of GoogleSQL`);
  }
  throw new Error(`a quoted ${quote} never closed`);
}

/**
 * A query with every string literal made '?' and every comment taken out (GoogleSQL's
 * `--`, `#` and block comments; DuckDB's `--` and block comments, and '' inside a
 * literal): what is left is what the query does.
 */
function skeleton(sql: string, dialect: SqlDialectName): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    const c = sql[i]!;
    const two = sql.slice(i, i + 2);
    if (two === '--' || (dialect === 'bigquery' && c === '#')) {
      while (i < sql.length && sql[i] !== '\n' && sql[i] !== '\r') i++;
    } else if (two === '/*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) throw new Error('a comment never closed');
      i = end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      let end: number;
      let value: string;
      if (dialect === 'bigquery') ({ end, value } = readGoogleSqlQuoted(sql, i));
      else if (c === "'" && out.endsWith('E') && !/[A-Za-z0-9_]/.test(out.at(-2) ?? '')) {
        // DuckDB's escape string, E'…': a backslash escapes the character after it.
        out = out.slice(0, -1);
        ({ end, value } = readGoogleSqlQuoted(sql, i));
      } else {
        // SQL standard quoting: the quote doubled inside.
        end = i + 1;
        for (;;) {
          const next = sql.indexOf(c, end);
          if (next === -1) throw new Error(`a quoted ${c} never closed`);
          if (sql[next + 1] === c) end = next + 2;
          else {
            end = next + 1;
            break;
          }
        }
        value = sql.slice(i + 1, end - 1).split(c + c).join(c);
      }
      out += c === "'" ? "'?'" : `${c}${value}${c}`;
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

describe('literals and names, each dialect', () => {
  it('DuckDB reads back every text and name exactly, however hostile (DuckDB itself)', async () => {
    const d = SQL_DIALECTS.duckdb;
    const texts = [...HOSTILE, ...fc.sample(fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\u0000')), { seed: 14, numRuns: 100 })];
    for (const text of texts) {
      const [row] = await rows(`SELECT ${d.text(text)} AS ${d.identifier(text || 'x')}, 2 AS after`);
      expect(row, JSON.stringify(text)).toEqual({ [text || 'x']: text, after: 2 });
    }
  });

  it('DuckDB: a NUL, which would end the query where it stands, is never written', async () => {
    // DuckDB reads a query up to a NUL: the rest is gone without an error.
    expect(await rows(`SELECT 1 AS v -- \u0000\nUNION ALL SELECT 2`)).toEqual([{ v: 1 }]);
    expect(() => SQL_DIALECTS.duckdb.text('a\u0000b')).toThrow('NUL');
    expect(() => SQL_DIALECTS.duckdb.identifier('a\u0000b')).toThrow('NUL');
    // In the comment naming the site, control characters become spaces.
    const sql = compileReportSql(SCHEMES[1], PERIOD, { dialect: 'bigquery', site: 'a\u0000\u000b\u2028b' });
    expect(sql.split('\n')[1]).toMatch(/^-- over site a {3}b\. /);
  });

  it('GoogleSQL: every text and name reads back exactly, on one line, by the documented escapes', () => {
    const d = SQL_DIALECTS.bigquery;
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 20 })), (text) => {
        for (const quoted of [d.text(text), d.identifier(text)]) {
          expect(quoted).not.toMatch(/[\r\n\u2028\u2029]/);
          const { value, end } = readGoogleSqlQuoted(quoted, 0);
          expect([value, end]).toEqual([text, quoted.length]);
        }
      }),
      { seed: 14, numRuns: 500 },
    );
  });
});

describe('whole queries', () => {
  it.each(SCHEMES.map((s) => [s.id, s] as const))('%s: a hostile --site stays a literal (the skeleton is a plain site\'s) in both dialects', (_, scheme) => {
    for (const dialect of ['duckdb', 'bigquery'] as const) {
      const plain = skeleton(compileReportSql(scheme, PERIOD, { dialect, site: 'north' }), dialect);
      for (const site of HOSTILE) expect(skeleton(compileReportSql(scheme, PERIOD, { dialect, site }), dialect), `${dialect} ${JSON.stringify(site)}`).toBe(plain);
    }
  });

  it('a hostile site run in DuckDB counts nothing and drops nothing', async () => {
    await load('plain', sample, 'north');
    for (const site of HOSTILE) {
      const got = await lines('plain', compileReportSql(SCHEMES[1], PERIOD, { dialect: 'duckdb', site }));
      expect(got.map((l) => l.value)).toEqual(SCHEMES[1].lines.map(() => 0));
    }
    expect(await rows(`SELECT COUNT(*) > 0 AS kept FROM plain.contacts`)).toEqual([{ kept: true }]);
    // The same query for the site written counts it.
    expect((await lines('plain', compileReportSql(SCHEMES[1], PERIOD, { dialect: 'duckdb', site: 'north' }))).some((l) => (l.value ?? 0) > 0)).toBe(true);
  });

  /**
   * Every text a scheme's lines compare answers with (its parameters, `equals`, `in`,
   * `includes`, `yes`, `exclude`), made hostile in the declarations and in the data
   * alike: the query must count what the engine counts, which is what it counted
   * before (the comparison is not of zeros).
   */
  it.each(SCHEMES.map((s) => [s.id, s] as const))('%s: hostile choice texts and parameters in the declarations count as the engine counts them', async (_, scheme) => {
    const hostile = (text: string) => `${text}'; DROP TABLE contacts; --\n"\`\\ /* é 😀`;
    const compared = new Set<string>();
    const mapDeclaration = (value: unknown, key = ''): unknown => {
      if (typeof value === 'string') {
        if (!['equals', 'in', 'includes', 'yes', 'exclude', 'param-value'].includes(key)) return value;
        compared.add(value);
        return hostile(value);
      }
      if (Array.isArray(value)) return value.map((v) => mapDeclaration(v, key));
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapDeclaration(v, k === 'param' ? 'param' : k)]));
      return value;
    };
    const params = Object.fromEntries(Object.entries(scheme.params).map(([k, v]) => [k, mapDeclaration(v, 'param-value') as string]));
    const lines_ = mapDeclaration(scheme.lines) as Scheme['lines'];
    const cohorts = scheme.cohorts;
    const changed: Scheme = { ...scheme, params, lines: lines_, ...(cohorts ? { cohorts } : {}) };
    const mapValue = (v: Value): Value => (typeof v === 'string' && compared.has(v) ? hostile(v) : Array.isArray(v) ? v.map((x) => (compared.has(x) ? hostile(x) : x)) : v);
    const mapRecord = (r: DataRecord): DataRecord => ({ ...r, values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, mapValue(v as Value)])) });
    const data: Dataset = {
      ...sample,
      records: Object.fromEntries(Object.entries(sample.records).map(([form, records]) => [form, records.map(mapRecord)])),
      registered: Object.fromEntries(Object.entries(sample.registered).map(([form, merged]) => [form, new Map([...merged].map(([id, r]) => [id, mapRecord(r)]))])),
    };
    expect(compared.size, 'texts made hostile').toBeGreaterThan(0);
    const schema = `hostile_${scheme.id}`;
    await load(schema, data);
    const expected = engineLines(changed, data, PERIOD);
    expect(expected).toEqual(engineLines(scheme, sample, PERIOD));
    expect(expected.some((l) => (l.value ?? 0) > 0)).toBe(true);
    expect(await lines(schema, compileReportSql(changed, PERIOD, { dialect: 'duckdb' }))).toEqual(expected);
    // And in BigQuery's text, every one of them stays inside its literal.
    const plainSkeleton = skeleton(compileReportSql(scheme, PERIOD, { dialect: 'bigquery' }), 'bigquery');
    expect(skeleton(compileReportSql(changed, PERIOD, { dialect: 'bigquery' }), 'bigquery')).toBe(plainSkeleton);
  });
});

describe('--dataset and --site on the command line', () => {
  const sql = (...args: string[]) => runCli(['sql', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', ...args]);

  it.each([
    ['duckdb', 'a;DROP TABLE contacts'],
    ['duckdb', 'a"b'],
    ['duckdb', 'a.b.c'],
    ['duckdb', 'a..b'],
    ['duckdb', '.a'],
    ['duckdb', 'a b'],
    ['duckdb', 'a\nb'],
    ['duckdb', 'schéma'],
    ['bigquery', 'my-project.peer-kit'],
    ['bigquery', 'My-Project.peerkit'],
    ['bigquery', 'proj.peerkit'],
    ['bigquery', 'my-project-.peerkit'],
    ['bigquery', 'a`b'],
    ['bigquery', 'my-project.peerkit.contacts'],
    ['bigquery', 'my-project.peerkit;'],
    ['bigquery', 'example.com:my-project.peerkit'],
  ])('%s refuses --dataset %j in one line (exit 2)', async (dialect, dataset) => {
    const run = await sql('--dialect', dialect, '--dataset', dataset);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^peerkit sql: --dataset ${JSON.stringify(dataset).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}: a ${dialect === 'duckdb' ? 'DuckDB schema' : 'BigQuery dataset'} is [^\n]+\n$`));
  });

  it('writes an accepted --dataset as each dialect names a table in it', async () => {
    expect((await sql('--dialect', 'bigquery', '--dataset', 'my-project.peerkit')).stdout).toContain('FROM `my-project.peerkit.contacts`');
    expect((await sql('--dialect', 'bigquery', '--dataset', 'Peer_Kit_2')).stdout).toContain('FROM `Peer_Kit_2.contacts`');
    // DuckDB: catalog.schema, each part quoted on its own (one pair of quotes round both would name a schema "reports.peerkit").
    const run = await sql('--dataset', 'reports.peerkit');
    expect(run.stdout).toContain('FROM "reports"."peerkit"."contacts"');
    await load('catalog_source', sample);
    await db.run(`ATTACH ':memory:' AS reports`);
    await db.run(`CREATE SCHEMA reports.peerkit`);
    for (const form of SCHEMES[1].forms) await db.run(`CREATE TABLE reports.peerkit.${tableKey(form)} AS FROM catalog_source.${tableKey(form)}`);
    const viaCatalog = (await rows(run.stdout)).map((r) => r.value);
    expect(viaCatalog).toEqual((await lines('catalog_source', (await sql()).stdout)).map((l) => l.value));
    expect(viaCatalog.some((v) => (v as number) > 0)).toBe(true);
  });

  it('refuses a --site the configuration does not list in one line, however it is written; --site all is the roll-up', async () => {
    const { config } = writeTwoSites();
    for (const site of ['North', "o'brien", 'a b', 'a\nb', 'a\rb', '"; --']) {
      const run = await sql('--config', config, '--site', site);
      expect([run.code, run.stdout], site).toEqual([2, '']);
      expect(run.stderr).toBe(`peerkit sql: --site ${JSON.stringify(site)}: the configuration lists "north", "south" (or give --site all)\n`);
    }
    const north = await sql('--config', config, '--site', 'north');
    expect(north.stdout).toContain(`WHERE "site" = 'north'`);
    const all = await sql('--config', config, '--site', 'all');
    expect(all.stdout).toBe((await sql('--config', config)).stdout);
    expect(all.stdout).not.toContain('WHERE "site"');
  });
});
