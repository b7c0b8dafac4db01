/**
 * The .xlsx path (File → Download → Microsoft Excel): real date cells, numbers and
 * text read back into the same reports as the CSV export of the same workbook.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import writeXlsxFile from 'write-excel-file/node';
import { runCli, tempDir } from '../../helpers/run-cli.js';
import { readSource } from '../../../generator/sources/index.js';
import { readDataset } from '../../../core/dataset.js';
import { CONTRACT_FORMS } from '../../../core/schemes/contract/forms.js';
import { DEFAULT_SETTINGS } from '../../../core/settings.js';

const json = async (args: string[]) => {
  const run = await runCli([...args, '--format', 'json', '--out', '-']);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
};

describe('reading an .xlsx workbook', () => {
  it('gives the same reports as the CSV export of the same sample workbook, for every scheme', async () => {
    const dir = tempDir();
    const made = await runCli(['sample', '--out', dir]);
    expect(made.code).toBe(0);
    const xlsx = join(dir, 'peerkit-sample.xlsx');
    const csv = join(dir, 'csv');
    for (const [scheme, period] of [
      ['reconnect', ['--quarter', '2021-22-Q1']],
      ['perinatal', ['--quarter', '2022-23-Q2']],
      ['ewb', ['--from', '2021-01-02', '--to', '2022-12-31']],
      ['buddies', ['--quarter', '2021-22-Q3']],
    ] as const) {
      const fromXlsx = await json(['report', '--scheme', scheme, ...period, '--source', xlsx]);
      const fromCsv = await json(['report', '--scheme', scheme, ...period, '--source', csv]);
      expect(fromXlsx.lines).toEqual(fromCsv.lines);
      expect(fromXlsx.issues).toEqual(fromCsv.issues);
    }
  }, 60000);

  it('reads real date cells by their wall-clock date, whatever the time of day', async () => {
    const dir = tempDir();
    const file = join(dir, 'book.xlsx');
    const header = CONTRACT_FORMS.find((f) => f.id === 'contacts')!.questions.map((q) => ({ value: q.title }));
    // 30 June 2021 23:30 and 1 July 2021 00:30, written as date cells (wall-clock, as Excel keeps them).
    const row = (date: Date) => [
      { value: date, type: Date, format: 'dd/mm/yyyy hh:mm' },
      { value: date, type: Date, format: 'dd/mm/yyyy' },
      { value: 'A1234BC' },
      { value: 'Reconnect' },
      { value: 'PS-001' },
      null,
      { value: 30, type: Number },
      null,
      null,
    ];
    const sheets = [{ sheet: 'Contacts', data: [header, row(new Date(Date.UTC(2021, 5, 30, 23, 30))), row(new Date(Date.UTC(2021, 6, 1, 0, 30)))] }];
    await writeXlsxFile(sheets as never).toFile(file);
    const workbook = await readSource(file);
    const dataset = readDataset(workbook, CONTRACT_FORMS.filter((f) => f.id === 'contacts'), DEFAULT_SETTINGS);
    expect(dataset.records.contacts!.map((r) => [r.values.contactDate, r.values.timestamp, r.values.minutes])).toEqual([
      ['2021-06-30', '2021-06-30T23:30:00', 30],
      ['2021-07-01', '2021-07-01T00:30:00', 30],
    ]);
  });

  it('says clearly when a file is not a workbook', async () => {
    const file = join(tempDir(), 'broken.xlsx');
    writeFileSync(file, 'this is not a zip file');
    const run = await runCli(['report', '--source', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read source ".*broken\.xlsx" as an \.xlsx workbook/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
