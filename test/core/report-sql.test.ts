/**
 * The report compiled to SQL (core/report-sql.ts): every line of every scheme
 * compiles in both dialects; a construct the SQL cannot reproduce is refused; the
 * dialects differ only where the registry (core/sql-dialects.ts) says; and the
 * BigQuery text, which cannot run here, is kept as snapshots. That the DuckDB text
 * computes what the engine does is test/generator/export-sql.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { compileReportSql } from '../../core/report-sql.js';
import { SQL_DIALECTS, type SqlDialect, type SqlDialectName } from '../../core/sql-dialects.js';
import { exportColumns, exportKey, tableKey, ROW_COLUMN, SITE_COLUMN } from '../../core/export-schema.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import type { ReportLine } from '../../core/report-lines.js';
import type { Scheme } from '../../core/scheme.js';

/**
 * A third dialect that writes each registry call as a token, `⟦name¦arg¦…⟧`, so a
 * test can render one query's tokens with either real dialect.
 */
vi.mock('../../core/sql-dialects.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../core/sql-dialects.js')>();
  const t = (...parts: (string | number)[]) => `⟦${parts.join('¦')}⟧`;
  const tokens: SqlDialect = {
    identifier: (name) => t('identifier', name),
    datasetProblem: () => undefined,
    table: (name, dataset) => t('table', name, ...(dataset === undefined ? [] : [dataset])),
    text: (value) => t('text', value),
    date: (iso) => t('date', iso),
    daysBefore: (date, days) => t('daysBefore', date, days),
    listContains: (list, item) => t('listContains', list, item),
    listHasAny: (list, items) => t('listHasAny', list, ...items),
    unnest: (list, alias) => t('unnest', list, alias),
    intDiv: (a, b) => t('intDiv', a, b),
    number: t('number'),
    wholeNumber: t('wholeNumber'),
  };
  return { ...original, SQL_DIALECTS: { ...original.SQL_DIALECTS, tokens } };
});

const Q1 = { label: '2021-22 Q1', start: '2021-04-01', end: '2021-06-30' };
const REAL: SqlDialectName[] = ['duckdb', 'bigquery'];

/** Renders the tokens of the token dialect with a real one, innermost first. */
function render(sql: string, d: SqlDialect): string {
  for (let before = ''; before !== sql; ) {
    before = sql;
    sql = sql.replace(/⟦([^⟦⟧]*)⟧/g, (_, body: string) => {
      const [name, ...args] = body.split('¦') as [string, ...string[]];
      const [a = '', b = ''] = args;
      switch (name) {
        case 'identifier':
          return d.identifier(a);
        case 'table':
          return args.length === 1 ? d.table(a) : d.table(a, b);
        case 'text':
          return d.text(a);
        case 'date':
          return d.date(a);
        case 'daysBefore':
          return d.daysBefore(a, Number(b));
        case 'listContains':
          return d.listContains(a, b);
        case 'listHasAny':
          return d.listHasAny(a, args.slice(1));
        case 'unnest':
          return d.unnest(a, b);
        case 'intDiv':
          return d.intDiv(a, b);
        case 'number':
          return d.number;
        case 'wholeNumber':
          return d.wholeNumber;
        default:
          throw new Error(`unknown token ${name}`);
      }
    });
  }
  return sql;
}

describe('the report as SQL', () => {
  it.each(SCHEMES.map((s) => [s.id, s] as const))('%s: every line compiles in both dialects, one row each, in order', (_, scheme) => {
    for (const dialect of REAL) {
      const sql = compileReportSql(scheme, Q1, { dialect });
      const ids = [...sql.matchAll(/^ {2}SELECT (?:'|`)?'?([a-z0-9_]+)'? AS id, (\d+) AS ord/gm)].map((m) => m[1]);
      expect(ids).toEqual(scheme.lines.map((l) => l.id));
    }
  });

  it.each(SCHEMES.map((s) => [s.id, s] as const))('%s: DuckDB and BigQuery differ only through the dialect registry', (_, scheme) => {
    for (const [site, dataset] of [[undefined, undefined], ['hmp_alpha', 'my-project.peerkit']]) {
      const options = { ...(site ? { site } : {}), ...(dataset ? { dataset } : {}) };
      const tokens = compileReportSql(scheme, Q1, { dialect: 'tokens' as SqlDialectName, ...options });
      // Every quote, literal and list function came from the registry.
      expect(tokens).not.toMatch(/["'`]|list_|UNNEST|DATE_SUB|INTERVAL|DIV|DOUBLE|FLOAT64|BIGINT|INT64/);
      for (const dialect of REAL) {
        const direct = compileReportSql(scheme, Q1, { dialect, ...options });
        expect(render(tokens, SQL_DIALECTS[dialect]).replace(', tokens,', `, ${dialect},`)).toBe(direct);
      }
    }
  });

  it.each(SCHEMES.map((s) => [s.id, s] as const))('%s in BigQuery matches its reviewed snapshot', async (_, scheme) => {
    await expect(compileReportSql(scheme, Q1, { dialect: 'bigquery' })).toMatchFileSnapshot(`./__snapshots__/report-sql/${scheme.id}.bigquery.sql`);
  });

  it('filters every table to the site asked for, and quotes it as a literal', () => {
    const sql = compileReportSql(SCHEMES[1], Q1, { dialect: 'bigquery', site: "o'brien" });
    const tables = [...sql.matchAll(/^t_([a-z0-9_]+) AS \(\n {2}SELECT \* FROM `[a-z0-9_]+` WHERE `site` = 'o\\'brien'\n\)/gm)].map((m) => m[1]);
    expect(tables.sort()).toEqual(['contacts', 'release_planning', 'releases', 'supervision', 'supporters', 'training']);
    expect(compileReportSql(SCHEMES[1], Q1, { dialect: 'duckdb', site: "o'brien" })).toContain(`WHERE "site" = 'o''brien'`);
  });

  it('names each table in the dataset given, as each dialect writes a full name', () => {
    expect(compileReportSql(SCHEMES[1], Q1, { dialect: 'bigquery', dataset: 'my-project.peerkit' })).toContain('t_contacts AS (\n  SELECT * FROM `my-project.peerkit.contacts`\n)');
    expect(compileReportSql(SCHEMES[1], Q1, { dialect: 'duckdb', dataset: 'peerkit' })).toContain('t_contacts AS (\n  SELECT * FROM "peerkit"."contacts"\n)');
  });

  it('refuses a construct it cannot compute as the engine does, naming the line', () => {
    const contract = SCHEMES[0];
    const scheme = (line: ReportLine): Scheme => ({ ...contract, lines: [line] });
    const count = (source: object, kind: 'rows' | 'distinct' | 'sum' = 'rows') =>
      compileReportSql(scheme({ id: 'x', label: 'x', definition: 'x', count: kind, sources: [{ form: 'training', date: 'sessionDate', ...source }] } as ReportLine), Q1, { dialect: 'duckdb' });
    expect(() => count({ where: [{ field: 'schemes', equals: 'Perinatal' }] })).toThrow('Scheme perinatal, line x: equals on "Schemes" (list) cannot be compiled as the engine counts it');
    expect(() => count({ where: [{ field: 'trainer', includes: 'Perinatal' }] })).toThrow(/includes on "Trainer" \(text\)/);
    expect(() => count({ value: 'trainer' }, 'sum')).toThrow('Scheme perinatal, line x: adds up "Trainer", which is not a number');
    expect(() => count({ date: 'timestamp' })).toThrow(/"Timestamp" of Training is not a date/);
    expect(() => count({ value: 'attendees', registered: { form: 'supporters', field: 'schemes', includes: 'Perinatal' } })).toThrow('only a distinct count filters its values');
    const mixed = { id: 'x', label: 'x', definition: 'x', count: 'distinct', sources: [{ form: 'contacts', date: 'contactDate', value: 'prisonNumber' }, { form: 'contacts', date: 'contactDate', value: 'peerSupporters' }] };
    expect(() => compileReportSql(scheme(mixed as ReportLine), Q1, { dialect: 'duckdb' })).toThrow('its sources count national and per-site identifiers together');
  });
});

describe('the export names (data contract §9)', () => {
  const forms = formsOf(SCHEMES);

  it("names tabs and columns as the contract's examples do", () => {
    expect(exportKey('Focus groups')).toBe('focus_groups');
    expect(exportKey('L&D peer workers')).toBe('l_d_peer_workers');
    expect(exportKey('Wellbeing follow-up')).toBe('wellbeing_follow_up');
    expect(exportColumns(CONTRACT_FORMS.find((f) => f.id === 'contacts')!).map((c) => c.name)).toContain('peer_supporters');
  });

  it('gives every tab its own table and every column of a tab its own name, never site or row', () => {
    expect(new Set(forms.map(tableKey)).size).toBe(forms.length);
    for (const form of forms) {
      const names = exportColumns(form).map((c) => c.name);
      expect(new Set([SITE_COLUMN, ROW_COLUMN, ...names]).size, form.tab).toBe(names.length + 2);
      for (const name of names) expect(name).toMatch(/^[a-z0-9_]+$/);
    }
  });

  it('names every table and column as BigQuery loads them and so that no name is taken by the query itself', () => {
    // https://cloud.google.com/bigquery/docs/schemas#column_names: a letter or "_" first, and none of the reserved prefixes.
    const reserved = /^(_table_|_file_|_partition|_row_timestamp|__root__|_colidentifier|_change_sequence_number|_change_type|_change_timestamp)/;
    for (const form of forms) {
      for (const name of [tableKey(form), ...exportColumns(form).map((c) => c.name)]) {
        expect(name, form.tab).toMatch(/^[a-z_][a-z0-9_]*$/);
        expect(name, form.tab).not.toMatch(reserved);
      }
      // The query's own names (core/report-sql.ts): a tab named so would be shadowed by them in a query without --dataset.
      expect(tableKey(form)).not.toMatch(/^(t|line|values|registered|preceding|cohort)_|^report_lines$/);
    }
  });
});
