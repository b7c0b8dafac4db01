/**
 * Where DuckDB's SQL and BigQuery's (GoogleSQL) differ, and nothing else: quoting,
 * list functions, date arithmetic, integer division, type names. The compiler
 * (core/report-sql.ts) writes everything else once for both.
 */

export interface SqlDialect {
  /** A quoted column name. */
  identifier(name: string): string;
  /** Why `--dataset` cannot name where the tables are in this dialect, or undefined when it can. */
  datasetProblem(dataset: string): string | undefined;
  /** A table, in a dataset (BigQuery: `project.dataset`) or schema (DuckDB: `schema` or `catalog.schema`) when one is given. */
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
  /** A 64-bit whole-number type, which sums exactly. */
  wholeNumber: string;
}

/**
 * DuckDB reads a query as C text: a NUL character ends it there, whatever quotes it
 * (a literal or name holding one would cut the query short), so none is written.
 */
function noNul(text: string): string {
  if (text.includes('\u0000')) throw new Error('A NUL character cannot be written into DuckDB SQL');
  return text;
}

/** One name of a catalog or schema: letters, digits, "_" and "-" (each part is quoted). */
const DUCKDB_NAME = /^[A-Za-z0-9_-]+$/;

const DUCKDB: SqlDialect = {
  identifier: (name) => `"${noNul(name).replace(/"/g, '""')}"`,
  datasetProblem: (dataset) => {
    const parts = dataset.split('.');
    if (parts.length <= 2 && parts.every((p) => DUCKDB_NAME.test(p))) return undefined;
    return 'a DuckDB schema is schema or catalog.schema, each of letters, digits, "_" and "-"';
  },
  // Each part quoted on its own: "catalog.schema" in one pair of quotes would name a schema with a dot in it.
  table: (name, dataset) => [...(dataset === undefined ? [] : dataset.split('.')), name].map(DUCKDB.identifier).join('.'),
  // A line end is written as an escape (an E'' string, https://duckdb.org/docs/stable/sql/data_types/literal_types):
  // raw in the query, it would be re-indented with the query's lines and the text changed.
  text: (value) =>
    /[\r\n]/.test(noNul(value))
      ? `E'${value.replace(/[\\']/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`
      : `'${value.replace(/'/g, "''")}'`,
  date: (iso) => `DATE '${iso}'`,
  daysBefore: (date, days) => `CAST(${date} - INTERVAL ${days} DAY AS DATE)`,
  listContains: (list, item) => `list_contains(${list}, ${item})`,
  listHasAny: (list, items) => `list_has_any(${list}, [${items.join(', ')}])`,
  unnest: (list, alias) => `CROSS JOIN UNNEST(${list}) AS ${alias}_list(${alias})`,
  intDiv: (a, b) => `((${a}) // (${b}))`,
  number: 'DOUBLE',
  wholeNumber: 'BIGINT',
};

/**
 * The body of a GoogleSQL quoted string or identifier: a backslash, the quote and
 * the backtick escaped, and every control character (line ends above all, which a
 * quoted string may not hold) and Unicode line or paragraph separator written as a
 * \uhhhh escape, so the text stays on its line.
 */
const googleSqlQuoted = (text: string) =>
  text.replace(/[\\'`"]/g, (c) => `\\${c}`).replace(/[\p{Cc}\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A BigQuery project id (6 to 30 lower-case letters, digits and "-", from a letter, not ending in "-"), then a dataset (letters, digits and "_", up to 1,024). */
const BIGQUERY_DATASET = /^(?:[a-z][a-z0-9-]{4,28}[a-z0-9]\.)?[A-Za-z0-9_]{1,1024}$/;

/**
 * GoogleSQL: https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical
 * (quoted identifiers take the escapes of string literals), arrays, DIV, DATE_SUB;
 * dataset and project names: https://cloud.google.com/bigquery/docs/datasets#dataset-naming.
 */
const BIGQUERY: SqlDialect = {
  identifier: (name) => `\`${googleSqlQuoted(name)}\``,
  datasetProblem: (dataset) =>
    BIGQUERY_DATASET.test(dataset) ? undefined : 'a BigQuery dataset is dataset or project.dataset: a project id is 6 to 30 lower-case letters, digits and "-", a dataset name letters, digits and "_"',
  // One quoted path, as BigQuery writes a table's full name: `project.dataset.table`.
  table: (name, dataset) => BIGQUERY.identifier(dataset === undefined ? name : `${dataset}.${name}`),
  text: (value) => `'${googleSqlQuoted(value)}'`,
  date: (iso) => `DATE '${iso}'`,
  daysBefore: (date, days) => `DATE_SUB(${date}, INTERVAL ${days} DAY)`,
  listContains: (list, item) => `${item} IN UNNEST(${list})`,
  listHasAny: (list, items) => `EXISTS (SELECT 1 FROM UNNEST(${list}) AS element WHERE element IN (${items.join(', ')}))`,
  unnest: (list, alias) => `CROSS JOIN UNNEST(${list}) AS ${alias}`,
  intDiv: (a, b) => `DIV(${a}, ${b})`,
  number: 'FLOAT64',
  wholeNumber: 'INT64',
};

export const SQL_DIALECTS = { duckdb: DUCKDB, bigquery: BIGQUERY } as const;

export type SqlDialectName = keyof typeof SQL_DIALECTS;
