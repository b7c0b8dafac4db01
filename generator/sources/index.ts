/**
 * Where a workbook comes from: `--source` names an .xlsx file, a folder of CSVs or
 * sheets:<spreadsheetId> (live, through the Sheets API); without it, the bundled
 * sample workbook is read.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { normaliseHeader, type RawWorkbook } from '../../core/workbook.js';
import { UserError } from '../../core/errors.js';
import { CsvError, readCsvFile } from './csv.js';
import { readXlsxWorkbook } from './xlsx.js';
import { packagePath } from '../paths.js';
import type { Output } from '../command.js';

export const SAMPLE_WORKBOOK = packagePath('generator', 'sample', 'workbook');

/**
 * Reads a workbook. `only` names the tabs the command needs: a folder of CSVs then
 * parses just those files, an .xlsx just those sheets (a workbook holding several
 * schemes need not be read whole).
 */
export async function readSource(source: string | undefined, io?: Pick<Output, 'note'>, only?: readonly string[]): Promise<RawWorkbook> {
  if (source === undefined) return readCsvFolder(SAMPLE_WORKBOOK, 'the sample workbook', only);
  if (source.startsWith('sheets:')) {
    // Loaded only when used: the Google client is large, and offline runs never need it.
    const { readSpreadsheet } = await import('../google/sheets.js');
    return readSpreadsheet(source.slice('sheets:'.length), { note: io?.note, ...(only ? { only } : {}) });
  }
  const path = resolve(source);
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (error) {
    throw new UserError(`cannot read source "${source}": ${fileProblem(error)}`);
  }
  if (isFolder) return readCsvFolder(path, source, only);
  if (extname(path).toLowerCase() === '.xlsx') {
    try {
      return readXlsxWorkbook(path, source, only);
    } catch (error) {
      if (error instanceof UserError) throw error;
      const reason = isFileError(error) ? fileProblem(error) : (error as Error).message.split('\n')[0];
      throw new UserError(`cannot read source "${source}" as an .xlsx workbook (${reason})`);
    }
  }
  throw new UserError(`cannot read source "${source}": give an .xlsx file, a folder of CSV files, or sheets:<spreadsheetId>`);
}

export function readCsvFolder(folder: string, origin: string, only?: readonly string[]): RawWorkbook {
  let files: string[];
  try {
    files = readdirSync(folder).filter((f) => extname(f).toLowerCase() === '.csv');
  } catch (error) {
    throw new UserError(`cannot read source "${origin}": ${fileProblem(error)}`);
  }
  if (files.length === 0) throw new UserError(`cannot read source "${origin}": the folder holds no .csv files (one "<Tab name>.csv" per tab)`);
  const wanted = only && new Set(only.map(normaliseHeader));
  const tabs = files.sort().filter((file) => !wanted || wanted.has(normaliseHeader(basename(file, extname(file))))).map((file) => {
    const path = join(folder, file);
    try {
      if (statSync(path).isDirectory()) throw new CsvError('it is a folder, not a CSV file');
      return readCsvFile(path, basename(file, extname(file)));
    } catch (error) {
      if (error instanceof CsvError) throw new UserError(`cannot read "${join(origin, file)}": ${error.message}`);
      if (isFileError(error)) throw new UserError(`cannot read "${join(origin, file)}": ${fileProblem(error)}`);
      throw error;
    }
  });
  return { origin, tabs };
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return typeof (error as NodeJS.ErrnoException | undefined)?.syscall === 'string';
}

/** A file system error in words, without the path Node puts in its message. */
function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'ELOOP') return 'a symbolic link that leads round in a loop';
  if (code === 'EIO') return 'the disk could not be read';
  return code ?? (error as Error).message.split('\n')[0]!;
}
