/**
 * The shape of the export (data contract §9): each tab a table named by its tab key,
 * each question a typed column named the same way from its header, plus `site` and
 * `row`. The Parquet writer and the SQL compiler both read names and types from here,
 * so a query and the files it runs over cannot disagree.
 */
import type { FormDefinition, Question } from './form.js';

/**
 * A tab's or a header's name in the export: lower case, each run of other characters
 * than a–z and 0–9 made one `_` (`L&D peer workers` → `l_d_peer_workers`). Nothing is
 * trimmed: the contract says every run.
 */
export function exportKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/** The column naming the site a row comes from (an id: `peterborough`). */
export const SITE_COLUMN = 'site';
/** The column holding the row's number in its spreadsheet (header = row 1). */
export const ROW_COLUMN = 'row';

/** How a column is typed: Parquet DATE, TIMESTAMP (wall clock, no zone), DOUBLE, UTF-8 text, or a list of text. */
export type ExportType = 'date' | 'timestamp' | 'number' | 'text' | 'list';

export interface ExportColumn {
  /** The question's key in records (`prisonNumber`). */
  key: string;
  /** Its column name in the export (`prison_number`). */
  name: string;
  type: ExportType;
  question: Question;
}

const TYPES: Readonly<Record<Question['type'], ExportType>> = {
  timestamp: 'timestamp',
  date: 'date',
  number: 'number',
  checkboxes: 'list',
  text: 'text',
  paragraph: 'text',
  choice: 'text',
  scale: 'text',
};

/** A form's table name in the export and the SQL. */
export const tableKey = (form: Pick<FormDefinition, 'tab'>) => exportKey(form.tab);

/** A form's question columns, in declaration order (the export puts `site` and `row` first). */
export function exportColumns(form: FormDefinition): ExportColumn[] {
  return form.questions.map((question) => ({ key: question.key, name: exportKey(question.title), type: TYPES[question.type], question }));
}

/** One question's column, by its key; a key the form does not declare is a programming error. */
export function exportColumn(form: FormDefinition, key: string): ExportColumn {
  const column = exportColumns(form).find((c) => c.key === key);
  if (!column) throw new Error(`Form ${form.id} has no question "${key}"`);
  return column;
}
