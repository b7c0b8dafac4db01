/** Reading and writing .xlsx workbooks (File → Download → Microsoft Excel). */
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { tabFromGrid, type Cell, type RawWorkbook } from '../../core/workbook.js';
import { serialFromIsoDate } from '../../core/dates.js';

const DAY_MS = 86400000;
const SERIAL_EPOCH_OFFSET = 25569;

/**
 * Real date cells arrive as Dates whose UTC fields hold the wall-clock reading; they
 * become spreadsheet serial numbers, which core reads as dates in date columns.
 */
function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime() / DAY_MS + SERIAL_EPOCH_OFFSET;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

export async function readXlsxWorkbook(file: string, origin: string): Promise<RawWorkbook> {
  const sheets = await readXlsxFile(file);
  const tabs = sheets.map(({ sheet, data }) => tabFromGrid(sheet, data as unknown[][], toCell));
  return { origin, tabs };
}

export interface XlsxColumn {
  /** How to write the column's text cells: as real dates, timestamps, numbers or text. */
  kind: 'date' | 'timestamp' | 'number' | 'text';
}

/**
 * Writes tabs as an .xlsx file. Cells of date and timestamp columns that hold ISO or
 * en_GB text are written as real date cells, as Google Sheets would export them.
 */
export async function writeXlsxWorkbook(
  file: string,
  tabs: ReadonlyArray<{ name: string; header: string[]; rows: ReadonlyArray<ReadonlyArray<string>>; columns: XlsxColumn[] }>,
): Promise<void> {
  const sheets = tabs.map((tab) => ({
    sheet: tab.name,
    stickyRowsCount: 1,
    data: [
      tab.header.map((h) => ({ value: h, fontWeight: 'bold' as const })),
      ...tab.rows.map((row) => row.map((text, i) => xlsxCell(text, tab.columns[i]?.kind ?? 'text'))),
    ],
  }));
  await writeXlsxFile(sheets as never).toFile(file);
}

const DMY = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

function xlsxCell(text: string, kind: XlsxColumn['kind']) {
  if (text === '') return null;
  if (kind === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return { value: Number(text), type: Number };
  if (kind === 'date' || kind === 'timestamp') {
    const m = DMY.exec(text);
    // Only well-formed, real dates become date cells; anything else stays text, as a person typed it.
    if (m) {
      const iso = `${m[3]}-${m[2]}-${m[1]}`;
      const serial = serialFromIsoDate(iso);
      const d = new Date((serial - SERIAL_EPOCH_OFFSET) * DAY_MS);
      if (d.toISOString().slice(0, 10) === iso) {
        const seconds = m[4] ? +m[4] * 3600 + +m[5]! * 60 + +m[6]! : 0;
        return {
          value: new Date(d.getTime() + seconds * 1000),
          type: Date,
          format: kind === 'date' ? 'dd/mm/yyyy' : 'dd/mm/yyyy hh:mm:ss',
        };
      }
    }
  }
  return { value: text, type: String };
}
