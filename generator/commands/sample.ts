/** `peerkit sample`: the synthetic sample workbook, as .xlsx and as a folder of CSVs. */
import { join, resolve } from 'node:path';
import type { Command } from '../command.js';
import { UserError } from '../../core/errors.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import type { RawWorkbook } from '../../core/workbook.js';
import { ensureFolder, shownPath, writeOutput } from '../output.js';
import { toWorkbookCsv } from '../sources/csv.js';
import { writeXlsxWorkbook, type XlsxColumn } from '../sources/xlsx.js';
import { stringOption as str } from '../options.js';

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'write the synthetic sample workbook as .xlsx and as CSVs',
  help: `Usage: peerkit sample [--out DIR] [--scale N] [--seed N] [--format xlsx,csv]

Writes the sample workbook (fictional people, two years of a women's prison's
peer support from 2 January 2021, with a few deliberate mistakes) to
DIR/peerkit-sample.xlsx and DIR/csv/<Tab name>.csv. It holds every scheme's
tabs. --scale multiplies its volumes (at 100 the contract's tabs are about 9
million cells, near the 10-million-cell limit of one Google spreadsheet).

  --out DIR             folder to write to (default: sample-workbook)
  --scale N             size, as a multiple of the sample (default 1)
  --seed N              another seed gives other fictional data (default 20210102)
  --format F            xlsx,csv (default), or one of them`,
  options: {
    out: { type: 'string', default: 'sample-workbook' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string' },
    format: { type: 'string', default: 'xlsx,csv' },
  },
  async run(values, io) {
    const scale = Number(str(values.scale));
    if (!Number.isFinite(scale) || scale <= 0 || scale > 200) throw new UserError(`--scale must be a number above 0, at most 200, not "${str(values.scale)}"`);
    const seedText = str(values.seed);
    const seed = seedText === undefined ? undefined : Number(seedText);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UserError(`--seed must be a whole number, not "${seedText}"`);
    const formats = str(values.format)!.split(',').map((f) => f.trim());
    if (formats.some((f) => f !== 'xlsx' && f !== 'csv')) throw new UserError(`--format must be xlsx, csv or xlsx,csv`);
    const dir = resolve(str(values.out)!);
    io.note(`Generating the sample workbook (scale ${scale})…`);
    // Loaded only here: the other commands start faster without the generator.
    const { generateSampleWorkbook } = await import('../sample/sample-workbook.js');
    const workbook = generateSampleWorkbook({ scale, ...(seed !== undefined ? { seed } : {}) });
    ensureFolder(dir);
    if (formats.includes('csv')) {
      writeCsvFolder(workbook, join(dir, 'csv'));
      io.out(`Wrote ${workbook.tabs.length} CSV files to ${shownPath(join(dir, 'csv'))}/`);
    }
    if (formats.includes('xlsx')) {
      const file = join(dir, 'peerkit-sample.xlsx');
      await writeXlsxWorkbook(file, workbook.tabs.map((tab) => ({ ...tab, rows: tab.rows as string[][], columns: columnKinds(tab.header) })));
      io.out(`Wrote ${shownPath(file)}`);
    }
  },
};

function writeCsvFolder(workbook: RawWorkbook, dir: string): void {
  ensureFolder(dir);
  for (const tab of workbook.tabs) {
    writeOutput(dir, `${tab.name}.csv`, toWorkbookCsv([tab.header, ...(tab.rows as string[][])]));
  }
}

function columnKinds(header: string[]): XlsxColumn[] {
  const types = new Map(formsOf(SCHEMES).flatMap((f) => f.questions).map((q) => [q.title, q.type]));
  return header.map((h) => {
    const type = types.get(h);
    return { kind: type === 'date' ? 'date' : type === 'timestamp' ? 'timestamp' : type === 'number' ? 'number' : 'text' };
  });
}
