/** Runs the peerkit command line in-process, capturing what it prints. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tempDir } from './temp-dirs.js';
import { join } from 'node:path';
import { main } from '../../generator/cli.js';
import type { Output } from '../../generator/command.js';
import type { RawWorkbook } from '../../core/workbook.js';
import { toWorkbookCsv } from '../../generator/sources/csv.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Output = {
    out: (line) => (stdout += line + '\n'),
    write: (text) => (stdout += text),
    error: (line) => (stderr += line + '\n'),
    note: (line) => (stderr += line + '\n'),
    interactive: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export { tempDir } from './temp-dirs.js';

/** Writes a workbook as a folder of "<Tab name>.csv" files, as Google's CSV download would. */
export function writeCsvWorkbook(wb: RawWorkbook, dir = tempDir()): string {
  mkdirSync(dir, { recursive: true });
  for (const tab of wb.tabs) {
    const rows = [tab.header, ...tab.rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
    writeFileSync(join(dir, `${tab.name}.csv`), toWorkbookCsv(rows));
  }
  return dir;
}
