/**
 * Where a workbook comes from: `--source` names an .xlsx file, a folder of CSVs or
 * sheets:<spreadsheetId> (live, through the Sheets API); without it, the bundled
 * sample workbook is read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { normaliseHeader, tabFromGrid, type RawWorkbook } from '../../core/workbook.js';
import { UserError } from '../../core/errors.js';
import { CsvError, parseCsv } from './csv.js';
import { readXlsxWorkbook } from './xlsx.js';
import { packagePath } from '../paths.js';
import type { Output } from '../command.js';

export const SAMPLE_WORKBOOK = packagePath('generator', 'sample', 'workbook');

/**
 * Reads a workbook. `only` names the tabs the command needs: a folder of CSVs then
 * parses just those files (a workbook holding several schemes need not be read whole).
 */
export async function readSource(source: string | undefined, io?: Pick<Output, 'note'>, only?: readonly string[]): Promise<RawWorkbook> {
  if (source === undefined) return readCsvFolder(SAMPLE_WORKBOOK, 'the sample workbook', only);
  if (source.startsWith('sheets:')) {
    // Loaded only when used: the Google client is large, and offline runs never need it.
    const { readSpreadsheet } = await import('../google/sheets.js');
    return readSpreadsheet(source.slice('sheets:'.length), { note: io?.note, ...(only ? { only } : {}) });
  }
  const path = resolve(source);
  if (!existsSync(path)) throw new UserError(`cannot read source "${source}": no such file or folder`);
  if (statSync(path).isDirectory()) return readCsvFolder(path, source, only);
  if (extname(path).toLowerCase() === '.xlsx') {
    try {
      return await readXlsxWorkbook(path, source);
    } catch (error) {
      throw new UserError(`cannot read source "${source}" as an .xlsx workbook (${(error as Error).message.split('\n')[0]})`);
    }
  }
  throw new UserError(`cannot read source "${source}": give an .xlsx file, a folder of CSV files, or sheets:<spreadsheetId>`);
}

export function readCsvFolder(folder: string, origin: string, only?: readonly string[]): RawWorkbook {
  const files = readdirSync(folder).filter((f) => extname(f).toLowerCase() === '.csv');
  if (files.length === 0) throw new UserError(`cannot read source "${origin}": the folder holds no .csv files (one "<Tab name>.csv" per tab)`);
  const wanted = only && new Set(only.map(normaliseHeader));
  const tabs = files.sort().filter((file) => !wanted || wanted.has(normaliseHeader(basename(file, extname(file))))).map((file) => {
    let rows: string[][];
    try {
      rows = parseCsv(readFileSync(join(folder, file), 'utf8'));
    } catch (error) {
      if (error instanceof CsvError) throw new UserError(`cannot read "${join(origin, file)}": ${error.message}`);
      throw error;
    }
    return tabFromGrid(basename(file, extname(file)), rows, (text) => text);
  });
  return { origin, tabs };
}
