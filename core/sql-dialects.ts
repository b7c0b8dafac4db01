/**
 * Where DuckDB's SQL and BigQuery's (GoogleSQL) differ, and nothing else: quoting,
 * list functions, date arithmetic, integer division, type names. The compiler
 * (core/report-sql.ts) writes everything else once for both.
 */

export interface SqlDialect {
  /** A quoted column name. */
  identifier(name: string): string;
  /** A table, in a dataset (BigQuery: `project.dataset`) or schema (DuckDB) when one is given. */
  table(name: string, dataset?: string): string;
  /** A string literal. */
  text(value: string): string;
  /** A DATE literal, from `yyyy-mm-dd`. */
  date(iso: string): string;
  /** The DATE `days` days before a DATE expression. */
  daysBefore(date: string, days: number): string;
  /** True when a list of text holds the item (NULL for a NULL list). */
  listContains(list: string, item: string): string;
  /** True when a list of text holds any of the items. */
  listHasAny(list: string, items: readonly string[]): string;
  /** A FROM-clause join giving one row per element of a list, the element named `alias`. */
  unnest(list: string, alias: string): string;
  /** Whole-number division rounding down, of non-negative integers. */
  intDiv(a: string, b: string): string;
  /** The type of the result's number columns. */
  number: string;
}

const DUCKDB: SqlDialect = {
  identifier: (name) => `"${name.replace(/"/g, '""')}"`,
  table: (name, dataset) => (dataset === undefined ? DUCKDB.identifier(name) : `${DUCKDB.identifier(dataset)}.${DUCKDB.identifier(name)}`),
  text: (value) => `'${value.replace(/'/g, "''")}'`,
  date: (iso) => `DATE '${iso}'`,
  daysBefore: (date, days) => `CAST(${date} - INTERVAL ${days} DAY AS DATE)`,
  listContains: (list, item) => `list_contains(${list}, ${item})`,
  listHasAny: (list, items) => `list_has_any(${list}, [${items.join(', ')}])`,
  unnest: (list, alias) => `CROSS JOIN UNNEST(${list}) AS ${alias}_list(${alias})`,
  intDiv: (a, b) => `((${a}) // (${b}))`,
  number: 'DOUBLE',
};

/** GoogleSQL: https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical (literals, quoting), arrays, DIV, DATE_SUB. */
const BIGQUERY: SqlDialect = {
  identifier: (name) => `\`${name.replace(/[\\`]/g, (c) => `\\${c}`)}\``,
  // One quoted path, as BigQuery writes a table's full name: `project.dataset.table`.
  table: (name, dataset) => BIGQUERY.identifier(dataset === undefined ? name : `${dataset}.${name}`),
  text: (value) => `'${value.replace(/[\\']/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`,
  date: (iso) => `DATE '${iso}'`,
  daysBefore: (date, days) => `DATE_SUB(${date}, INTERVAL ${days} DAY)`,
  listContains: (list, item) => `${item} IN UNNEST(${list})`,
  listHasAny: (list, items) => `EXISTS (SELECT 1 FROM UNNEST(${list}) AS element WHERE element IN (${items.join(', ')}))`,
  unnest: (list, alias) => `CROSS JOIN UNNEST(${list}) AS ${alias}`,
  intDiv: (a, b) => `DIV(${a}, ${b})`,
  number: 'FLOAT64',
};

export const SQL_DIALECTS = { duckdb: DUCKDB, bigquery: BIGQUERY } as const;

export type SqlDialectName = keyof typeof SQL_DIALECTS;
