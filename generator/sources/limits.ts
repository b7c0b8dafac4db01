/**
 * Google Sheets' own limits. A workbook beyond them cannot have come from a
 * spreadsheet, and refusing it keeps memory bounded by what a spreadsheet holds.
 */

/** Cells in a spreadsheet (rows × columns in use). */
export const MAX_CELLS = 10_000_000;

/** Columns in a tab (A to ZZZ). */
export const MAX_COLUMNS = 18_278;

/** Characters in a cell: a quoted CSV field that runs on longer over line ends is a quote never closed. */
export const MAX_CELL_TEXT = 50_000;

/** 1234567 → "1,234,567", for messages. */
export const count = (n: number): string => n.toLocaleString('en-GB');
