/**
 * Reading CSV as Google Sheets downloads it, and as people break it: a quote left
 * open, text that is not UTF-8, a file too large for one string, a folder where a
 * file should be.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { neutraliseFormula, readCsvBytes, readCsvFile, toCsv, toWorkbookCsv } from '../../../generator/sources/csv.js';
import { readCsvFolder } from '../../../generator/sources/index.js';
import { readDataset } from '../../../core/dataset.js';
import { CONTRACT_FORMS } from '../../../core/schemes/contract/forms.js';
import { DEFAULT_SETTINGS } from '../../../core/settings.js';
import { UserError } from '../../../core/errors.js';
import type { Tab } from '../../../core/workbook.js';
import { runCli, tempDir } from '../../helpers/run-cli.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Reads bytes given in pieces of `size` bytes (all at once without it). */
function read(bytes: Uint8Array | string, size = Infinity, fileName = 'Tab.csv'): Tab {
  const data = typeof bytes === 'string' ? utf8(bytes) : bytes;
  return readCsvBytes('Tab', fileName, function* () {
    for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
  });
}

const grid = (tab: Tab) => [tab.header, ...tab.rows];

/** One line, exit 2: what a person sees for a file that cannot be read. */
async function oneLine(args: string[]): Promise<string> {
  const run = await runCli(args);
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return run.stderr;
}

describe('reading CSV (RFC 4180, as Google Sheets downloads it)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'Name,Notes\r\n"Example, Testa","She said ""hello""\nthen left"\r\n';
    expect(grid(read(text))).toEqual([
      ['Name', 'Notes'],
      ['Example, Testa', 'She said "hello"\nthen left'],
    ]);
  });

  it('drops a byte-order mark, reads LF or CRLF, keeps empty fields and a last line without a break', () => {
    expect(grid(read('\ufeffa,b,c\n1,,3\r\n,,\nx,y,z'))).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
      ['x', 'y', 'z'],
    ]);
  });

  it('keeps a stray quote inside an unquoted field as text, and pads short rows to the header', () => {
    expect(grid(read('a,b\nx,5" tall\ny\n'))).toEqual([
      ['a', 'b'],
      ['x', '5" tall'],
      ['y', null],
    ]);
  });

  it('counts rows by record: a cell holding a line break is still one spreadsheet row', () => {
    const tab = read('Name,Notes\nA,"line one\nline two"\nB,plain\n');
    expect(tab.rows).toEqual([
      ['A', 'line one\nline two'],
      ['B', 'plain'],
    ]);
    expect(tab.issues).toBeUndefined();
  });
});

describe('a quote opened and never closed', () => {
  const header = 'Timestamp,Contact date,Prison number,Scheme,Peer supporters,Minutes';
  const row = (n: number) => `01/04/2021 10:00:0${n % 10},01/04/2021,A1234BC,Perinatal,PS-00${n % 10},30`;
  const lines = (...rows: string[]) => [header, ...rows].join('\r\n') + '\r\n';

  it('leaves out only that row, naming its column; the rows after keep their own numbers', () => {
    // Row 4 opens a quote in Peer supporters and never closes it; row 6 holds a quoted cell of its own.
    const text = lines(row(2), row(3), '01/04/2021 10:00:04,01/04/2021,A1234BC,Perinatal,"PS-004,30', row(5), '01/04/2021 10:00:06,01/04/2021,A1234BC,Perinatal,"PS-001, PS-002",30', row(7));
    const tab = read(text);
    expect(tab.issues).toEqual([{ row: 4, severity: 'error', reason: 'excluded: a quote opened in "Peer supporters" is never closed' }]);
    expect(tab.rows.map((r) => r[4])).toEqual(['PS-002', 'PS-003', null, 'PS-005', 'PS-001, PS-002', 'PS-007']);
  });

  it('is found when the quote runs to the end of the file, on the last line or past full rows', () => {
    expect(read(lines(row(2), 'x,y,z,w,"never closed,30')).issues).toEqual([expect.objectContaining({ row: 3, severity: 'error' })]);
    const swallowing = read(lines(row(2), 'x,y,z,"Perinatal,PS-001,30', row(4), row(5)));
    expect(swallowing.issues).toEqual([{ row: 3, severity: 'error', reason: 'excluded: a quote opened in "Scheme" is never closed' }]);
    expect(swallowing.rows.map((r) => r[0])).toEqual([row(2).split(',')[0], null, row(4).split(',')[0], row(5).split(',')[0]]);
  });

  it('is found when the record it makes has more cells than the header, or stray text follows its closing quote', () => {
    const a = read('a,b,c\n1,"2\n3",4,5\n6,7,8\n');
    expect(a.issues).toEqual([{ row: 2, severity: 'error', reason: 'excluded: a quote opened in "b" is never closed' }]);
    expect(a.rows.at(-1)).toEqual(['6', '7', '8']);
    const b = read('a,b,c\n1,"2\n"x",8\n9,9,9\n');
    expect(b.issues).toEqual([expect.objectContaining({ row: 2 })]);
    expect(b.rows.at(-1)).toEqual(['9', '9', '9']);
  });

  it('is found when a quoted cell runs over line ends past what a spreadsheet cell holds', () => {
    const long = Array.from({ length: 6000 }, (_, i) => `note line ${i}`).join('\n'); // > 50,000 characters, no full rows
    const tab = read(`a,b\n1,"${long}\n`, 4096);
    expect(tab.issues).toEqual([expect.objectContaining({ row: 2, reason: 'excluded: a quote opened in "b" is never closed' })]);
  });

  it('lists the row in peerkit check and reads the rows after it (rows counted by record, not by line)', async () => {
    const dir = tempDir();
    const titles = CONTRACT_FORMS.find((f) => f.id === 'contacts')!.questions.map((q) => q.title);
    const cells = (i: number, supporters: string, notes = '') => [`01/04/2021 10:00:${String(i).padStart(2, '0')}`, '01/04/2021', 'A1234BC', 'Perinatal', supporters, '', '30', '', notes];
    const body = [
      toWorkbookCsv([titles, cells(2, 'PS-001', 'first line\nsecond line'), cells(3, 'PS-001')]),
      cells(4, '"PS-001').join(',') + '\r\n', // the quote opened here never closes
      toWorkbookCsv([cells(5, 'PS-001'), cells(6, 'PS-001, PS-002', 'a, b'), cells(7, 'PS-001')]),
    ].join('');
    writeFileSync(join(dir, 'Contacts.csv'), body);
    const workbook = readCsvFolder(dir, dir);
    const dataset = readDataset(workbook, CONTRACT_FORMS.filter((f) => f.id === 'contacts'), DEFAULT_SETTINGS);
    expect(dataset.records.contacts!.map((r) => r.row)).toEqual([2, 3, 5, 6, 7]);
    const run = await runCli(['check', '--source', dir, '--format', 'json', '--as-of', '2022-01-01']);
    const issues = JSON.parse(run.stdout).issues.filter((i: { tab: string }) => i.tab === 'Contacts');
    expect(issues).toContainEqual({ tab: 'Contacts', row: 4, severity: 'error', reason: 'excluded: a quote opened in "Peer supporters" is never closed' });
    expect(issues.filter((i: { severity: string }) => i.severity === 'error')).toHaveLength(1);
  });

  it('in the header row, stops with one line', async () => {
    expect(() => read('a,"b\nc,d\n')).toThrow(/a quote opened in the header row is never closed/);
    const dir = tempDir();
    writeFileSync(join(dir, 'Contacts.csv'), 'Timestamp,"Contact date\n1,2\n');
    expect(await oneLine(['check', '--source', dir])).toMatch(/cannot read ".*Contacts\.csv": a quote opened in the header row is never closed/);
  });
});

describe('text that is not UTF-8', () => {
  it('reads Windows-1252 (Excel\'s plain "CSV") as such, with one warning naming the file, never replacement characters', () => {
    const latin1 = Uint8Array.from([...utf8('Name,Notes\r\nZo'), 0xe9, ...utf8(',caf'), 0xe9, 0x20, 0x80, 0x35, ...utf8('\r\n')]);
    for (const size of [Infinity, 1, 2, 5]) {
      const tab = read(latin1, size, 'Women.csv');
      expect(tab.rows).toEqual([['Zoé', 'café €5']]);
      expect(tab.issues).toEqual([{ row: null, severity: 'warning', reason: 'Women.csv is not UTF-8: read as Windows-1252; save it as CSV UTF-8' }]);
    }
  });

  it('reads UTF-16, little- or big-endian, by its byte-order mark (or the zero bytes of a header without one)', () => {
    const text = 'Name,Notes\r\nZoé,"a, 😀"\r\n';
    const le = Uint8Array.from(Buffer.from(text, 'utf16le'));
    const be = Uint8Array.from(le).map((_, i, a) => a[i ^ 1]!);
    for (const bytes of [Uint8Array.from([0xff, 0xfe, ...le]), Uint8Array.from([0xfe, 0xff, ...be]), le, be]) {
      for (const size of [Infinity, 1, 3]) {
        const tab = read(bytes, size);
        expect(grid(tab)).toEqual([
          ['Name', 'Notes'],
          ['Zoé', 'a, 😀'],
        ]);
        expect(tab.issues).toBeUndefined();
      }
    }
  });

  it('says which file in peerkit check, and reads its names right', async () => {
    const dir = tempDir();
    const titles = CONTRACT_FORMS.find((f) => f.id === 'women')!.questions.map((q) => q.title);
    const answers: Record<string, string> = { 'Prison number': 'A1234BC', 'First name': 'Zoé', 'Last name': 'Example', 'Date received': '01/02/2021', Timestamp: '01/02/2021 10:00:00' };
    const row = titles.map((t) => answers[t] ?? '');
    writeFileSync(join(dir, 'Women.csv'), Buffer.from(toWorkbookCsv([titles, row]), 'latin1'));
    const women = readCsvFolder(dir, dir).tabs[0]!;
    expect(women.rows[0]).toContain('Zoé');
    const run = await runCli(['check', '--source', dir, '--format', 'json', '--as-of', '2022-01-01']);
    expect(JSON.parse(run.stdout).issues).toContainEqual({ tab: 'Women', row: null, severity: 'warning', reason: 'Women.csv is not UTF-8: read as Windows-1252; save it as CSV UTF-8' });
  });
});

describe('reading a file a chunk at a time', () => {
  /** Cells that make chunk boundaries awkward: quotes, commas, CR and LF, multi-byte characters. */
  const awkward = fc.array(
    fc.array(fc.oneof(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '\r\n', 'é', '€', '😀', ' ') }), fc.string()), { minLength: 3, maxLength: 3 }),
    { maxLength: 12 },
  );

  it('reads the same whatever the chunks, however the bytes fall', () => {
    fc.assert(
      fc.property(awkward, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }), (rows, sizes) => {
        const bytes = utf8(toWorkbookCsv([['a', 'b', 'c'], ...rows]));
        const whole = read(bytes);
        const chunked = readCsvBytes('Tab', 'Tab.csv', function* () {
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const size = sizes[k % sizes.length]!;
            yield bytes.subarray(at, at + size);
            at += size;
          }
        });
        expect(chunked).toEqual(whole);
        if (!whole.issues) expect(whole.rows).toEqual(rows.map((r) => [...r]));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a generated file the same with chunks of 1 byte to 64 KB (CRLF, quotes and UTF-8 split between chunks)', () => {
    const dir = tempDir();
    const rows = Array.from({ length: 1500 }, (_, i) => [`${i}`, `Zoé ${i}, "quoted" 😀`, i % 7 === 0 ? `line one\r\nline two ${i}` : `plain ${i}`]);
    const file = join(dir, 'Notes.csv');
    writeFileSync(file, toWorkbookCsv([['N', 'Name', 'Notes'], ...rows]));
    const whole = readCsvFile(file, 'Notes');
    expect(whole.rows).toEqual(rows);
    for (const size of [1, 2, 3, 7, 64, 1000, 65536]) expect(readCsvFile(file, 'Notes', size)).toEqual(whole);
  });

  it('refuses a tab over the 10,000,000 cells a Google spreadsheet holds, in one line', () => {
    const dir = tempDir();
    const header = Array.from({ length: 1000 }, (_, i) => `c${i}`).join(',');
    writeFileSync(join(dir, 'Contacts.csv'), header + '\n' + (','.repeat(999) + '\n').repeat(10_001));
    expect(() => readCsvFolder(dir, 'big')).toThrow(/cannot read "big\/Contacts\.csv": too large: over 10,000,000 cells/);
  });

  it('refuses a line that never ends, rather than growing one string without bound', () => {
    expect(() => read('a,b\n' + 'x'.repeat(1_100_000), 65536)).toThrow(/row 2 runs on for over 1,000,000 characters/);
  });
});

describe('files that are not files', () => {
  it('says so in one line for a folder named like a CSV file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Contacts.csv'), 'Timestamp\n');
    mkdirSync(join(dir, 'Training.csv'));
    expect(await oneLine(['check', '--source', dir])).toMatch(/cannot read ".*Training\.csv": it is a folder, not a CSV file/);
  });

  it('says so in one line for a file that cannot be opened', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Contacts.csv'), 'Timestamp\n');
    symlinkSync(join(dir, 'gone.csv'), join(dir, 'Training.csv'));
    expect(await oneLine(['check', '--source', dir])).toMatch(/cannot read ".*Training\.csv": no such file or folder/);
    expect(() => readCsvFolder(join(dir, 'Contacts.csv'), 'not a folder')).toThrow(UserError);
  });
});

describe('two files for one tab', () => {
  it('lists the tab as unreadable, naming both files, rather than reading one and leaving the other unseen', async () => {
    const dir = tempDir();
    const titles = CONTRACT_FORMS.find((f) => f.id === 'contacts')!.questions.map((q) => q.title);
    const row = ['01/04/2021 10:00:00', '01/04/2021', 'A1234BC', 'Perinatal', 'PS-001', '', '30', '', ''];
    writeFileSync(join(dir, 'Contacts.csv'), toWorkbookCsv([titles, row]));
    writeFileSync(join(dir, 'Contacts .CSV'), toWorkbookCsv([titles, row, row]));
    const run = await runCli(['check', '--source', dir, '--format', 'json', '--as-of', '2022-01-01']);
    expect(JSON.parse(run.stdout).issues).toContainEqual({ tab: 'Contacts', row: null, severity: 'error', reason: 'tab "Contacts" is there 2 times ("Contacts ", "Contacts"); keep one' });
  });
});

describe('writing CSV', () => {
  it('never lets text a person typed run as a formula when a report CSV is opened', () => {
    for (const text of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx']) expect(neutraliseFormula(text)).toBe(`'${text}`);
    expect(neutraliseFormula('Example Road Surgery')).toBe('Example Road Surgery');
    const csv = toCsv([['Name'], ['=1+2'], ['a,"b"']]);
    expect(csv).toBe('\ufeffName\r\n\'=1+2\r\n"a,""b"""\r\n');
  });

  it('writes a workbook tab exactly as it is, so it reads back the same', () => {
    const rows = [
      ['Timestamp', 'Notes'],
      ['01/04/2021 10:00:00', '-not a formula here: a workbook export keeps cells as typed'],
      ['02/04/2021 10:00:00', 'line one\nline "two"'],
    ];
    const csv = toWorkbookCsv(rows);
    expect(csv.startsWith('\ufeff')).toBe(false);
    expect(grid(read(csv))).toEqual(rows);
  });
});
