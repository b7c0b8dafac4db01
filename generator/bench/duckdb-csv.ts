/**
 * DuckDB over a workbook's CSV files, for `npm run bench` to time peerkit against:
 * one view per tab, named by its tab key, with exactly the export's typed columns
 * (core/export-schema.ts), so that the query `peerkit sql` prints runs over the CSV
 * files as it runs over the Parquet export. The views read `read_csv(...)`, every column as text,
 * and keep the rows peerkit counts (data contract §2), every filter derived from the
 * form declarations: blank and voided rows left out, exact repeats kept once, required
 * answers present, dates, numbers, identifiers and choices as core/validate.ts reads them.
 *
 * What SQL here does not do (test/generator/duckdb-csv.test.ts checks the bench's
 * workbook has none of it): a date with a time-zone offset (`2021-04-01T10:00Z`) is
 * refused rather than moved to the spreadsheet's wall clock; text is trimmed of
 * spaces, tabs, line breaks and no-break spaces, not of every Unicode space; files
 * must be UTF-8 (peerkit also reads Windows-1252 and UTF-16); and a row's number is
 * its place in DuckDB's reading order, which is the file's for a file read whole.
 */
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { FormDefinition, Question } from '../../core/form.js';
import { SYSTEM_COLUMNS } from '../../core/form.js';
import { exportColumns, tableKey, ROW_COLUMN, SITE_COLUMN, type ExportColumn } from '../../core/export-schema.js';
import type { Period } from '../../core/quarters.js';
import { compileReportSql } from '../../core/report-sql.js';
import type { Scheme } from '../../core/scheme.js';
import type { Settings } from '../../core/settings.js';
import { normaliseHeader } from '../../core/workbook.js';
import { readCsvBytes } from '../sources/csv.js';

const text = (value: string) => `'${value.replace(/'/g, "''")}'`;
const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What JavaScript's trim() removes that matters in a spreadsheet: spaces, tabs, line breaks, no-break spaces. */
const SPACE = text(' \t\n\r\u00a0');

/**
 * `body` with `name` bound to `value`, evaluated once. DuckDB's optimiser inlines a
 * column's expression wherever the column is used (a choice's `CASE x WHEN` once per
 * choice, a list once per item in a lambda), which made reading the 100× workbook's
 * Contacts several times slower; a one-item list's lambda binds the value instead.
 */
const bind = (value: string, name: string, body: string) => `list_transform([${value}], ${name} -> ${body})[1]`;

/** A cell as text, trimmed, NULL when blank (core/validate.ts isBlank). */
const trimmed = (column: string) => `nullif(trim(${column}, ${SPACE}), '')`;

/** A site's CSV folder and the id its rows carry in the `site` column (its export site id). */
export interface CsvSite {
  id: string;
  folder: string;
}

/** Whether 03/04/2021 is 3 April (en_GB) or 4 March (en_US). */
type Locale = Settings['locale'];

/**
 * The statements creating one view per form over `<Tab name>.csv` in each site's folder,
 * the sites' rows one after another (one site: a workbook; several: a roll-up).
 */
export function csvViewsSql(sites: readonly CsvSite[], forms: readonly FormDefinition[], locale: Locale): string[] {
  const files = sites.map((site) => readdirSync(site.folder).filter((f) => extname(f).toLowerCase() === '.csv'));
  return forms.map((form) => {
    const bodies = sites.map((site, i) => {
      // As peerkit reads a folder: the tab's file matched by name, trimmed and case-insensitively; two of one name are read as neither.
      const matches = files[i]!.filter((f) => normaliseHeader(basename(f, extname(f))) === normaliseHeader(form.tab));
      const body = matches.length === 1 ? tabView(join(site.folder, matches[0]!), form, site.id, locale) : null;
      return `(${body ?? emptyView(form)})`;
    });
    return `CREATE OR REPLACE VIEW ${identifier(tableKey(form))} AS ${bodies.join('\nUNION ALL\n')}`;
  });
}

/** The script a bench times: the views, then the scheme's report as `peerkit sql --dialect duckdb` prints it (the last statement). */
export function duckdbCsvScript(sites: readonly CsvSite[], scheme: Scheme, period: Period, locale: Locale): string[] {
  return [...csvViewsSql(sites, scheme.forms, locale), compileReportSql(scheme, period, { dialect: 'duckdb' })];
}

/** The header of a CSV file, read as peerkit reads it (from the first record only: the file may be large). */
function csvHeader(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let quoted = false;
    for (;;) {
      const buffer = Buffer.alloc(1 << 16);
      const size = readSync(fd, buffer, 0, buffer.length, null);
      if (size === 0) break;
      for (let i = 0; i < size; i++) {
        if (buffer[i] === 0x22) quoted = !quoted;
        else if (buffer[i] === 0x0a && !quoted) {
          chunks.push(buffer.subarray(0, i));
          return readCsvBytes('header', basename(path), () => chunks).header;
        }
      }
      chunks.push(buffer.subarray(0, size));
    }
    return readCsvBytes('header', basename(path), () => chunks).header;
  } finally {
    closeSync(fd);
  }
}

/**
 * One tab's view. `cells`: each column trimmed (NULL when blank) with its spreadsheet row
 * number; `kept`: blank and voided rows out, the first of identical rows kept; `typed`:
 * each question's value, NULL where it cannot be read; then the rows whose every answer
 * is valid.
 */
function tabView(path: string, form: FormDefinition, site: string, locale: Locale): string | null {
  const header = csvHeader(path).map((h) => normaliseHeader(h));
  const names = header.map((_, i) => `c${i}`);
  const system = new Set([normaliseHeader(SYSTEM_COLUMNS.void), normaliseHeader(SYSTEM_COLUMNS.editLink)]);
  const data = names.filter((_, i) => !system.has(header[i]!));
  const voids = names.filter((_, i) => header[i] === normaliseHeader(SYSTEM_COLUMNS.void));

  const cellOf = new Map<string, string>();
  for (const q of form.questions) {
    const found = header.flatMap((h, i) => (h === normaliseHeader(q.title) ? [names[i]!] : []));
    // A column twice, or a required one missing, makes the tab unreadable: no rows (core/dataset.ts mapColumns).
    if (found.length > 1 || (found.length === 0 && q.required)) return null;
    cellOf.set(q.key, found[0] ?? 'NULL::VARCHAR');
  }
  const columns = exportColumns(form);
  // The dialect given, not sniffed: sniffing costs more than reading a sample-sized file.
  const csv = `read_csv(${text(path)}, auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', null_padding = true, columns = {${names.map((c) => `${text(c)}: 'VARCHAR'`).join(', ')}})`;
  return `
WITH cells AS (
  SELECT CAST(row_number() OVER () + 1 AS INTEGER) AS "row", ${names.map((c) => `${trimmed(c)} AS ${c}`).join(', ')} FROM ${csv}
), kept AS (
  SELECT * FROM cells
  WHERE ${data.length > 0 ? `NOT (${data.map((c) => `${c} IS NULL`).join(' AND ')})` : 'false'}${voids.map((c) => ` AND ${c} IS NULL`).join('')}
  QUALIFY row_number() OVER (PARTITION BY ${data.length > 0 ? data.join(', ') : '1'} ORDER BY "row") = 1
), typed AS (
  SELECT "row", ${columns.map((c, i) => `${cellOf.get(c.key)} AS a${i}, ${valueOf(c.question, cellOf.get(c.key)!, locale)} AS v${i}`).join(',\n    ')}
  FROM kept
)
SELECT ${text(site)} AS ${identifier(SITE_COLUMN)}, "row" AS ${identifier(ROW_COLUMN)}, ${columns.map((c, i) => `${exported(c, `v${i}`)} AS ${identifier(c.name)}`).join(', ')}
FROM typed
WHERE ${columns.map((c, i) => `(${valid(c.question, `a${i}`, `v${i}`)})`).join('\n  AND ') || 'true'}`;
}

/** A tab peerkit cannot read has no records: the view has the export's columns and no rows. */
function emptyView(form: FormDefinition): string {
  const columns = exportColumns(form).map((c) => `CAST(NULL AS ${SQL_TYPES[c.type]}) AS ${identifier(c.name)}`);
  return `SELECT CAST(NULL AS VARCHAR) AS ${identifier(SITE_COLUMN)}, CAST(NULL AS INTEGER) AS ${identifier(ROW_COLUMN)}, ${columns.join(', ')} WHERE false`;
}

const SQL_TYPES: Readonly<Record<ExportColumn['type'], string>> = { date: 'DATE', timestamp: 'TIMESTAMP', number: 'DOUBLE', text: 'VARCHAR', list: 'VARCHAR[]' };

/** The typed value as the export holds it: a checkbox list with each item once, in the order first given, and NULL when empty. */
function exported(column: ExportColumn, value: string): string {
  if (column.type !== 'list') return value;
  return bind(value, 'l', `CASE WHEN len(l) > 0 THEN list_filter(l, (y, i) -> list_position(l, y) = i) END`);
}

/**
 * True when the answer is one peerkit keeps: a blank one only if optional; else its
 * value read (for a checkbox list, every part), in range for a number, not empty for a
 * required checkbox list.
 */
function valid(q: Question, cell: string, value: string): string {
  // A checkbox list is read when every part is (list_count counts those not NULL).
  const checks = [q.type === 'checkboxes' ? `list_count(v) = len(v)` : `v IS NOT NULL`];
  if (q.type === 'number') {
    if (q.min !== undefined) checks.push(`v >= ${q.min}`);
    if (q.max !== undefined) checks.push(`v <= ${q.max}`);
    if (q.integer) checks.push(`v = trunc(v)`);
  }
  if (q.type === 'checkboxes' && q.required) checks.push(`len(v) > 0`);
  const read = checks.length === 1 && q.type !== 'checkboxes' ? `${value} IS NOT NULL` : bind(value, 'v', checks.join(' AND '));
  return q.required ? read : `${cell} IS NULL OR (${read})`;
}

/** A question's value from its trimmed cell: NULL where it cannot be read (core/validate.ts answerReader). */
function valueOf(q: Question, cell: string, locale: Locale): string {
  switch (q.type) {
    case 'date':
      return `CAST(${wallClock(cell, locale)} AS DATE)`;
    case 'timestamp':
      return `date_trunc('second', ${wallClock(cell, locale)})`;
    case 'number':
      return number(q.money ? pounds(cell) : cell);
    case 'choice':
    case 'scale':
      return choice(q.choices!, cell);
    case 'checkboxes': {
      const parts = `list_filter(list_transform(string_split(${cell}, ','), x -> trim(x, ${SPACE})), x -> x <> '')`;
      // Each part read, NULL where it cannot be (valid() asks for none, exported() keeps each once).
      return `list_transform(${parts}, x -> ${q.choices ? choice(q.choices, 'x') : identifierOf(q, 'x')})`;
    }
    case 'text':
    case 'paragraph':
      return q.pattern ? identifierOf(q, cell) : cell;
  }
}

/** An identifier upper-cased, if it matches its pattern (a JavaScript regex source, which RE2 reads alike: \d, anchors, counts). */
function identifierOf(q: Question, cell: string): string {
  return q.pattern ? bind(`upper(${cell})`, 'u', `CASE WHEN regexp_matches(u, ${text(q.pattern.regex)}) THEN u END`) : `upper(${cell})`;
}

/** A choice matched case-insensitively, as its declared spelling. */
function choice(choices: readonly string[], cell: string): string {
  return bind(`lower(${cell})`, 'k', `CASE k ${choices.map((c) => `WHEN ${text(c.toLowerCase())} THEN ${text(c)}`).join(' ')} END`);
}

/** A number as a person types it: sign, digits, decimals; nothing else (core/validate.ts decimal). */
function number(cell: string): string {
  return bind(cell, 'n', `CASE WHEN regexp_full_match(n, '[+-]?\\d+(\\.\\d+)?') THEN CAST(n AS DOUBLE) END`);
}

/** "£1,200.50" as "1200.50"; anything else left to fail as a number (core/validate.ts poundsText). */
function pounds(cell: string): string {
  return `CASE WHEN regexp_full_match(${cell}, '£?\\s*(\\d{1,3}(,\\d{3})+|\\d*)(\\.\\d+)?') AND regexp_matches(${cell}, '\\d') THEN replace(regexp_replace(${cell}, '^£\\s*', ''), ',', '') ELSE ${cell} END`;
}

/**
 * A date or timestamp cell as a wall-clock TIMESTAMP (core/dates.ts): dd/mm/yyyy (mm/dd
 * in en_US) with an optional time after a space, `T` or a comma, or ISO yyyy-mm-dd with
 * an optional time; a year from 1900; impossible days and times NULL.
 */
function wallClock(cell: string, locale: Locale): string {
  const day = locale === 'en_US' ? '%m/%d/%Y' : '%d/%m/%Y';
  const times = ['%H:%M:%S', '%H:%M'];
  const formats = [day, ...[' ', 'T', ', ', ',T'].flatMap((sep) => times.map((t) => `${day}${sep}${t}`)), '%Y-%m-%d', ...[' ', 'T'].flatMap((sep) => [...times, '%H:%M:%S.%f'].map((t) => `%Y-%m-%d${sep}${t}`))];
  const year = '(19|[2-9]\\d)\\d\\d';
  const shape = `(\\d{1,2}/\\d{1,2}/${year}(,?[ T]\\d{1,2}:\\d{2}(:\\d{2})?)?|${year}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?)`;
  return bind(cell, 'd', `CASE WHEN regexp_full_match(d, ${text(shape)}) THEN try_strptime(d, [${formats.map(text).join(', ')}]) END`);
}
