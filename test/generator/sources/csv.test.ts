import { describe, expect, it } from 'vitest';
import { CsvError, neutraliseFormula, parseCsv, toCsv, toWorkbookCsv } from '../../../generator/sources/csv.js';

describe('reading CSV (RFC 4180, as Google Sheets downloads it)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'Name,Notes\r\n"Example, Testa","She said ""hello""\nthen left"\r\n';
    expect(parseCsv(text)).toEqual([
      ['Name', 'Notes'],
      ['Example, Testa', 'She said "hello"\nthen left'],
    ]);
  });

  it('drops a byte-order mark, reads LF or CRLF, keeps empty fields and a last line without a break', () => {
    expect(parseCsv('\ufeffa,b,c\n1,,3\r\n,,\nx,y,z')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
      ['x', 'y', 'z'],
    ]);
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    expect(parseCsv('a,5" tall\n')).toEqual([['a', '5" tall']]);
  });

  it('says when a quoted field is never closed', () => {
    expect(() => parseCsv('a,"never closed\n')).toThrow(CsvError);
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
    expect(parseCsv(csv)).toEqual(rows);
  });
});
