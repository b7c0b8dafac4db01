/**
 * Google Sheets' cell limit: a spreadsheet holds at most 10,000,000 cells, all its
 * tabs' grids together (max rows × max columns, empty cells included), and refuses
 * any change past it with "This action would increase the number of cells in the
 * workbook above the limit of 10000000 cells." (Google Drive Help, "Files you can
 * store in Google Drive": https://support.google.com/drive/answer/37603). A view
 * that grew past it would fail every hour and never update again, so a rebuild
 * works out first how many cells each view's tab may take, and the views are
 * bounded to that (with a note saying what is left out), never the other way round.
 */
import type { SheetEntry } from './workbook.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const CELL_LIMIT = 10_000_000;

/**
 * Left free for what arrives between rebuilds without asking: form responses
 * (Google appends their rows, about 20 cells each: 5,000 of them), Data issues'
 * spare rows filling up, a tab someone adds.
 */
const CELL_MARGIN = 100_000;

/** Above this share of the limit, Check set-up warns. */
export const CELL_WARNING_SHARE = 0.9;

/** Cells a view's grid may have beyond what it needs before it is shrunk: a new tab's grid (1,000 rows × 26 columns). */
const SLACK_CELLS = 26_000;

interface Grid {
  rows: number;
  columns: number;
}

/** Every tab's grid, read once per rebuild (two calls a tab) and kept up to date as the rebuild resizes the views. */
export class CellBudget {
  private readonly grids = new Map<Sheet, Grid>();

  constructor(sheets: readonly SheetEntry[]) {
    for (const { sheet } of sheets) this.grids.set(sheet, { rows: sheet.getMaxRows(), columns: sheet.getMaxColumns() });
  }

  /** Cells of the whole workbook, as Google counts them. */
  total(): number {
    let n = 0;
    for (const g of this.grids.values()) n += g.rows * g.columns;
    return n;
  }

  /** The grid of a tab the budget knows (a tab made since it was read is read now). */
  grid(sheet: Sheet): Grid {
    let grid = this.grids.get(sheet);
    if (!grid) this.grids.set(sheet, (grid = { rows: sheet.getMaxRows(), columns: sheet.getMaxColumns() }));
    return grid;
  }

  /** Cells `sheet` may take: the limit less the margin and every other tab's grid (never below a header and a note). */
  roomFor(sheet: Sheet): number {
    const own = this.grid(sheet);
    return Math.max(CELL_LIMIT - CELL_MARGIN - (this.total() - own.rows * own.columns), 0);
  }

  /**
   * Rows of a view `width` columns wide the tab has room for, `spare` rows kept
   * below it: what the view is bounded to. With `trimColumns`, columns the tab has
   * beyond the view's width and its old content (`oldColumns`) are deleted first,
   * so that rows added are only as wide as the view.
   */
  rowsRoom(sheet: Sheet, width: number, oldColumns: number, spare: number, trimColumns: boolean): number {
    const grid = this.grid(sheet);
    const keep = Math.max(width, oldColumns, 1);
    if (trimColumns && grid.columns > keep) {
      sheet.deleteColumns(keep + 1, grid.columns - keep);
      grid.columns = keep;
    }
    return Math.max(Math.floor(this.roomFor(sheet) / Math.max(grid.columns, width)) - spare, 2);
  }

  /** Grows the tab, before a write, to at least rows × columns. */
  grow(sheet: Sheet, rows: number, columns: number): void {
    const grid = this.grid(sheet);
    if (grid.columns < columns) {
      sheet.insertColumnsAfter(grid.columns, columns - grid.columns);
      grid.columns = columns;
    }
    if (grid.rows < rows) {
      sheet.insertRowsAfter(grid.rows, rows - grid.rows);
      grid.rows = rows;
    }
  }

  /**
   * After a write: deletes the rows (and, with `columns`, the columns) the tab
   * has beyond them when they hold more than SLACK_CELLS. Deleted, not cleared:
   * only deleting gives their cells back.
   */
  shrink(sheet: Sheet, rows: number, columns: number | null): void {
    const grid = this.grid(sheet);
    if (columns !== null && grid.columns > columns && (grid.columns - columns) * grid.rows > SLACK_CELLS) {
      sheet.deleteColumns(columns + 1, grid.columns - columns);
      grid.columns = columns;
    }
    // At least one row below the frozen header: Sheets will not delete every unfrozen row.
    const wanted = Math.max(rows, 2);
    if ((grid.rows - wanted) * grid.columns > SLACK_CELLS) {
      sheet.deleteRows(wanted + 1, grid.rows - wanted);
      grid.rows = wanted;
    }
  }
}
