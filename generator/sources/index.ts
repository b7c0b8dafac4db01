/**
 * Where a workbook comes from: `--source` names an .xlsx file, a folder of CSVs or
 * sheets:<spreadsheetId> (live, through the Sheets API); without it, the bundled
 * sample workbook is read.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { normaliseHeader, type RawWorkbook } from '../../core/workbook.js';
import { UserError } from '../../core/errors.js';
import { CsvError, readCsvFile, streamCsvFile } from './csv.js';
import { DatasetReader, readDataset, type Dataset } from '../../core/dataset.js';
import type { FormDefinition } from '../../core/form.js';
import type { Settings } from '../../core/settings.js';
import type { Projection } from '../../core/projection.js';
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

/**
 * The forms' dataset from a source, and the settings it was read with (given the
 * workbook's own time zone and locale by `settingsOf`); its records keep the
 * answers `projection` names (by default all). A folder of CSVs is
 * validated as it is read, never held whole; other sources are read, then validated.
 */
export async function readSourceDataset(
  source: string | undefined,
  io: Pick<Output, 'note'> | undefined,
  forms: readonly FormDefinition[],
  settingsOf: (workbook: Pick<RawWorkbook, 'timeZone' | 'locale'>) => Settings,
  projection?: Projection,
): Promise<{ dataset: Dataset; settings: Settings }> {
  const folder = source === undefined ? SAMPLE_WORKBOOK : csvFolder(source);
  if (folder !== undefined) {
    const settings = settingsOf({}); // a CSV file holds no time zone or locale
    return { settings, dataset: readCsvFolderDataset(folder, source ?? 'the sample workbook', forms, settings, projection) };
  }
  const workbook = await readSource(source, io, forms.map((f) => f.tab));
  const settings = settingsOf(workbook);
  return { settings, dataset: readDataset(workbook, forms, settings, projection) };
}

/** The folder a source names, or undefined (not a folder, or not there: readSource says why). */
function csvFolder(source: string): string | undefined {
  if (source.startsWith('sheets:')) return undefined;
  try {
    return statSync(resolve(source)).isDirectory() ? resolve(source) : undefined;
  } catch {
    return undefined;
  }
}

export function readCsvFolder(folder: string, origin: string, only?: readonly string[]): RawWorkbook {
  const tabs = csvFiles(folder, origin, only).map((file) => readCsvTab(folder, origin, file, (path, name) => readCsvFile(path, name)));
  return { origin, tabs };
}

/**
 * The forms' dataset straight from a folder of CSVs: each file's rows are
 * validated as they are read, so no file is ever held whole (the same dataset
 * as readDataset(readCsvFolder(…)), in a fraction of the memory).
 */
export function readCsvFolderDataset(folder: string, origin: string, forms: readonly FormDefinition[], settings: Settings, projection?: Projection): Dataset {
  const files = csvFiles(folder, origin, forms.map((f) => f.tab));
  const tabOf = (file: string) => normaliseHeader(basename(file, extname(file)));
  const reading = new DatasetReader(origin, forms, settings, projection);
  const formsOfFile = new Map<string, FormDefinition[]>();
  for (const form of forms) {
    const matching = files.filter((file) => tabOf(file) === normaliseHeader(form.tab));
    if (matching.length === 1) formsOfFile.set(matching[0]!, [...(formsOfFile.get(matching[0]!) ?? []), form]);
    else reading.tabNotRead(form, matching.map((file) => basename(file, extname(file))));
  }
  // Every file is read, in name order as readCsvFolder does, so a file that cannot be read is named the same way.
  for (const file of files) {
    readCsvTab(folder, origin, file, (path, name) =>
      streamCsvFile(path, () => {
        const sinks = (formsOfFile.get(file) ?? []).map((form) => reading.form(form, name));
        return {
          header: (header) => sinks.forEach((s) => s.header(header)),
          row: (cells, index) => sinks.forEach((s) => s.row(cells, index)),
          end: (header, issues) => sinks.forEach((s) => s.end(header, issues)),
        };
      }),
    );
  }
  return reading.finish();
}

/** The folder's .csv files (of the tabs named in `only`), in name order. */
function csvFiles(folder: string, origin: string, only?: readonly string[]): string[] {
  let files: string[];
  try {
    files = readdirSync(folder).filter((f) => extname(f).toLowerCase() === '.csv');
  } catch (error) {
    throw new UserError(`cannot read source "${origin}": ${fileProblem(error)}`);
  }
  if (files.length === 0) throw new UserError(`cannot read source "${origin}": the folder holds no .csv files (one "<Tab name>.csv" per tab)`);
  const wanted = only && new Set(only.map(normaliseHeader));
  return files.sort().filter((file) => !wanted || wanted.has(normaliseHeader(basename(file, extname(file)))));
}

/** Reads one file of the folder as the tab named by its file name, naming the file in any error. */
function readCsvTab<T>(folder: string, origin: string, file: string, read: (path: string, name: string) => T): T {
  const path = join(folder, file);
  try {
    if (statSync(path).isDirectory()) throw new CsvError('it is a folder, not a CSV file');
    return read(path, basename(file, extname(file)));
  } catch (error) {
    if (error instanceof CsvError) throw new UserError(`cannot read "${join(origin, file)}": ${error.message}`);
    if (isFileError(error)) throw new UserError(`cannot read "${join(origin, file)}": ${fileProblem(error)}`);
    throw error;
  }
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
