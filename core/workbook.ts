/**
 * A workbook as every source delivers it: tabs of raw cells, before validation.
 * Sources (xlsx, CSV folder, Google Sheets, Apps Script) differ only in how they
 * fill this in.
 */
import type { DateTime } from 'luxon';

/**
 * A raw cell. A luxon DateTime is a real date cell (an XLSX date, a Sheets
 * date) already placed in the spreadsheet's time zone; a number in a date column
 * is a spreadsheet serial date; text is parsed by the locale's rules.
 */
export type Cell = string | number | boolean | DateTime | null;

export interface Tab {
  name: string;
  header: string[];
  /** Data rows; `rows[i]` is spreadsheet row `i + 2` (the header is row 1). */
  rows: Cell[][];
  /**
   * What the source met while reading the tab, listed with its data issues: a
   * row it could not read (left blank in `rows`, so later rows keep their
   * numbers), or a guess it made about the whole file.
   */
  issues?: SourceIssue[];
}

export interface SourceIssue {
  /** The spreadsheet's row number (header = 1), or null for the whole tab. */
  row: number | null;
  /** 'error' for a row left out. */
  severity: 'error' | 'warning';
  reason: string;
}

export interface RawWorkbook {
  /** Where it came from, for messages (a file name, never a person's data). */
  origin: string;
  tabs: Tab[];
  /** The spreadsheet's own time zone and locale, where the source knows them. */
  timeZone?: string;
  locale?: string;
}

export function findTab(workbook: RawWorkbook, name: string): Tab | undefined {
  const wanted = normaliseHeader(name);
  return workbook.tabs.find((t) => normaliseHeader(t.name) === wanted);
}

/** Headers and tab names are matched trimmed, case-insensitively, spaces collapsed. */
export function normaliseHeader(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A tab from a grid as every source reads it: the first row is the header (as
 * text), the rest are data rows, each cell through `toCell`. Short rows are padded
 * to the header's width, since some sources (the Sheets API, a hand-made CSV) leave
 * out trailing empty cells: every row then has a cell for every column.
 */
export function tabFromGrid<T>(name: string, grid: readonly (readonly T[] | undefined)[], toCell: (value: T) => Cell): Tab {
  const [headerRow = [], ...dataRows] = grid;
  const header = headerRow.map((h) => (h === null || h === undefined ? '' : String(h)));
  const rows = dataRows.map((row) => {
    const cells = (row ?? []).map(toCell);
    while (cells.length < header.length) cells.push(null);
    return cells;
  });
  return { name, header, rows };
}
