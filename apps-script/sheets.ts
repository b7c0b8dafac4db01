/**
 * The spreadsheet adapter: the one place where Apps Script values become core
 * cells and view values become Apps Script values. A tab is read with one
 * getValues() and a view written with one setValues(); never cell by cell.
 */
import { DateTime } from 'luxon';
import type { Cell } from '../core/workbook.js';
import type { CellBudget } from './cell-budget.js';
import { isDateValue, rectangular, type ViewRow, type ViewValue } from './views/view-values.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type SheetValue = string | number | boolean | Date;

/** True for a Date from any realm (Apps Script hands dates over as Date objects). */
function isJsDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/**
 * A date cell comes back as the instant of its wall-clock reading in the
 * spreadsheet's time zone: reading it in that zone gives back the date typed.
 */
function toCell(value: unknown, timeZone: string): Cell {
  if (isJsDate(value)) return DateTime.fromJSDate(value, { zone: timeZone });
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

/**
 * A whole tab, header row first, in one getValues() (an empty tab reads as one
 * blank cell). Dates repeat down a column, so each instant is converted once.
 */
export function readSheet(sheet: Sheet, timeZone: string): Cell[][] {
  return toCells(sheet.getDataRange().getValues(), timeZone);
}

/** Rows `first`… of a tab, `width` columns, in one getValues (a submission's window). */
export function readRows(sheet: Sheet, first: number, count: number, width: number, timeZone: string): Cell[][] {
  return toCells(sheet.getRange(first, 1, count, Math.max(width, 1)).getValues(), timeZone);
}

function toCells(values: unknown[][], timeZone: string): Cell[][] {
  const dates = new Map<number, Cell>();
  const cell = (value: unknown): Cell => {
    if (!isJsDate(value)) return toCell(value, timeZone);
    const time = value.getTime();
    let converted = dates.get(time);
    if (converted === undefined) dates.set(time, (converted = toCell(value, timeZone)));
    return converted;
  };
  return values.map((row) => row.map(cell));
}

/**
 * Text that setValues() would not keep as typed: a formula (= + - @), a leading
 * apostrophe (Sheets' own text marker, which it would swallow), or something Sheets
 * would turn into a number or a date (leading digit or space). A leading apostrophe
 * makes Sheets store the rest as plain text, shown without the apostrophe.
 */
const REINTERPRETED = /^[=+\-@'\d\s]/;

function toSheetValue(value: ViewValue, timeZone: string): SheetValue {
  if (value === null) return '';
  if (isDateValue(value)) return DateTime.fromISO(value.date, { zone: timeZone }).toJSDate();
  if (typeof value === 'string') return REINTERPRETED.test(value) ? `'${value}` : value;
  return value;
}

function toSheetValues(rows: readonly ViewRow[], timeZone: string): SheetValue[][] {
  return rectangular(rows).map((row) => row.map((v) => toSheetValue(v, timeZone)));
}

/** Grows a sheet so that a block of rows × columns fits (getRange() beyond the grid throws). */
export function ensureSize(sheet: Sheet, rows: number, columns: number): void {
  const maxRows = sheet.getMaxRows();
  if (maxRows < rows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  const maxColumns = sheet.getMaxColumns();
  if (maxColumns < columns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
}

/** How far a tab's content reaches (getLastRow × getLastColumn), when a read already told. */
interface Extent {
  rows: number;
  columns: number;
}

/**
 * Replaces a tab's contents with a view in one setValues over the old content and
 * the new together, blanks where the new rows end: never clear then write. Sheets
 * applies a setValues as one edit, so a failure (a time-out, the 6-minute limit)
 * leaves the previous content whole, the Data issues history included. Writing a
 * new tab and swapping it in would cost several more calls per view and move the
 * Dashboard's chart; this costs getLastRow and getLastColumn in place of the clear.
 */
export function replaceContents(sheet: Sheet, rows: readonly ViewRow[], timeZone: string, old?: Extent): Sheet {
  writeValues(sheet, 1, 1, over(toSheetValues(rows, timeZone), old ?? { rows: sheet.getLastRow(), columns: sheet.getLastColumn() }));
  return sheet;
}

/** The new values over the old content: blanks where the new rows and columns end. */
function over(values: SheetValue[][], old: Extent): SheetValue[][] {
  const width = Math.max(values[0]!.length, old.columns);
  return Array.from({ length: Math.max(values.length, old.rows) }, (_, r) => {
    const row = values[r] ?? [];
    return row.length === width ? row : [...row, ...Array<SheetValue>(width - row.length).fill('')];
  });
}

export interface BoundedView {
  /** The view's width in columns (its header's). */
  width: number;
  /** The view in at most `fits` rows (header included), saying what it leaves out. */
  rows(fits: number): readonly ViewRow[];
}

/**
 * replaceContents for a rebuild's view, within Google's cell limit (cell-budget.ts):
 * the view is bounded to the rows its tab has room for, the tab grown only as far
 * as it needs before the one setValues, and rows (and columns, with
 * `trimColumns`) it no longer needs deleted after, giving their cells back.
 * Returns the rows written, header included.
 */
export function replaceView(
  sheet: Sheet,
  view: BoundedView,
  timeZone: string,
  budget: CellBudget,
  options: { spare?: number; trimColumns?: boolean; old?: Extent } = {},
): number {
  const { spare = 0, trimColumns = true } = options;
  const old = options.old ?? { rows: sheet.getLastRow(), columns: sheet.getLastColumn() };
  const values = toSheetValues(view.rows(budget.rowsRoom(sheet, view.width, old.columns, spare, trimColumns)), timeZone);
  const block = over(values, old);
  budget.grow(sheet, Math.max(block.length, values.length + spare), block[0]!.length);
  writeValues(sheet, 1, 1, block, true);
  budget.shrink(sheet, values.length + spare, trimColumns ? values[0]!.length : null);
  return values.length;
}

/** Appends rows below a tab's last row with one setValues. */
export function appendRows(sheet: Sheet, rows: readonly ViewRow[], timeZone: string): void {
  if (rows.length > 0) writeBlock(sheet, sheet.getLastRow() + 1, rows, timeZone);
}

/** Writes rows from column A of `firstRow` down, growing the sheet if needed: one setValues. */
export function writeBlock(sheet: Sheet, firstRow: number, rows: readonly ViewRow[], timeZone: string): void {
  writeValues(sheet, firstRow, 1, toSheetValues(rows, timeZone));
}

/**
 * Writes rows from (`row`, `column`) with one setValues. `inside`: the block lies
 * within what a read just returned, so the sheet is known to be big enough (two
 * calls fewer).
 */
export function writeAt(sheet: Sheet, row: number, column: number, rows: readonly ViewRow[], timeZone: string, inside: boolean): void {
  writeValues(sheet, row, column, toSheetValues(rows, timeZone), inside);
}

function writeValues(sheet: Sheet, firstRow: number, firstColumn: number, values: SheetValue[][], inside = false): void {
  const width = values[0]!.length;
  if (!inside) ensureSize(sheet, firstRow + values.length - 1, firstColumn + width - 1);
  sheet.getRange(firstRow, firstColumn, values.length, width).setValues(values);
}
