/**
 * The .xlsx path (File → Download → Microsoft Excel): real date cells, numbers and
 * text read back into the same reports as the CSV export of the same workbook; and
 * workbooks made to hurt: a value in the last cell a sheet has, zip bombs, damage.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import writeXlsxFile from 'write-excel-file/node';
import { runCli, tempDir } from '../../helpers/run-cli.js';
import { readSource } from '../../../generator/sources/index.js';
import { readXlsxWorkbook } from '../../../generator/sources/xlsx.js';
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

/** One line, exit 2: what a person sees for a workbook that cannot be read. */
async function oneLine(args: string[]): Promise<string> {
  const run = await runCli(args);
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return run.stderr.trim();
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook from its parts: sheets by name (in this order) with their sheet XML, plus any other parts. */
function workbookParts(sheets: [string, string][], parts: Record<string, string> = {}, workbookPr = ''): Record<string, Uint8Array> {
  const files: Record<string, string> = {
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook ${NS}>${workbookPr}<sheets>${sheets.map(([name], i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('')}</Relationships>`,
    ...Object.fromEntries(sheets.map(([, xml], i) => [`xl/worksheets/sheet${i + 1}.xml`, xml])),
    ...parts,
  };
  return Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]));
}

const sheetXml = (rows: string) => `<?xml version="1.0"?><worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;

function writeZip(files: Record<string, Uint8Array>, name = 'book.xlsx'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, zipSync(files));
  return file;
}

/** Sets the unpacked size a zip's directory declares for one part, as a zip bomb may (either way). */
function declareSize(zip: Uint8Array, part: string, size: number): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = 0; at + 46 < zip.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + view.getUint16(at + 28, true)));
    if (name === part) view.setUint32(at + 24, size, true);
  }
  return zip;
}

describe('reading an .xlsx workbook by its parts', () => {
  const sharedStrings = `<sst ${NS}><si><t>Name</t></si><si><t xml:space="preserve">  Zoé &amp; Ann  </t></si><si><r><t>Rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh><t>reading</t></rPh></si><si><t>line_x000D_ end</t></si></sst>`;
  const styles = `<styleSheet ${NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="[$-809]dd mmmm yyyy;@"/><numFmt numFmtId="165" formatCode="0.00&quot; days&quot;"/></numFmts><cellStyleXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" xfId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf xfId="1"/></cellXfs></styleSheet>`;
  // Prefixed elements, rows and cells without references, an error, a boolean, text only spaces, a row with nothing in it last.
  const first = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
    <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>When</x:t></x:is></x:c><x:c r="C1" t="str"><x:v>Count</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>
    <x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="B3" s="1"><x:v>44197</x:v></x:c><x:c r="C3" s="3"><x:v>12.5</x:v></x:c><x:c r="E3" t="b"><x:v>1</x:v></x:c></x:row>
    <x:row><x:c t="s"><x:v>2</x:v></x:c><x:c s="2"><x:v>44197.5</x:v></x:c><x:c t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c><x:c s="4"><x:v>2</x:v></x:c></x:row>
    <x:row r="6"><x:c r="B6"/><x:c r="C6" t="str"><x:v>   </x:v></x:c></x:row>
  </x:sheetData></x:worksheet>`;
  const second = sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Only</t></is></c></row>');
  const book = (workbookPr = '') =>
    writeZip(workbookParts([['Women &amp; babies', first], ['Second', second]], { 'xl/sharedStrings.xml': sharedStrings, 'xl/styles.xml': styles }, workbookPr));

  it('reads shared, inline and formula text, numbers, booleans and date cells; rows up to the last value', () => {
    const { tabs } = readXlsxWorkbook(book(), 'book');
    expect(tabs.map((t) => t.name)).toEqual(['Women & babies', 'Second']);
    expect(tabs[0]!.header).toEqual(['Name', 'When', 'Count', 'line\r end']);
    expect(tabs[0]!.rows).toEqual([
      [null, null, null, null],
      ['Zoé & Ann', 44197, 12.5, null, true],
      ['Rich text', 44197.5, null, 2],
    ]);
    expect(tabs[1]).toEqual({ name: 'Second', header: ['Only'], rows: [] });
  });

  it('shifts date cells, and only those, of a workbook counting from 1904', () => {
    const { tabs } = readXlsxWorkbook(book('<workbookPr date1904="1"/>'), 'book');
    expect(tabs[0]!.rows.slice(1)).toEqual([
      ['Zoé & Ann', 44197 + 1462, 12.5, null, true],
      ['Rich text', 44197.5 + 1462, null, 2 + 1462],
    ]);
  });

  it('reads only the sheets a command needs', () => {
    expect(readXlsxWorkbook(book(), 'book', ['second']).tabs.map((t) => t.name)).toEqual(['Second']);
  });

  it('says in one line what is wrong with a damaged workbook', async () => {
    const whole = readFileSync(book());
    const truncated = join(tempDir(), 'cut.xlsx');
    writeFileSync(truncated, whole.subarray(0, whole.length - 30));
    expect(await oneLine(['check', '--source', truncated])).toMatch(/as an \.xlsx workbook \(it is not a zip file\)/);
    const noWorkbook = writeZip({ 'word/document.xml': strToU8('<document/>') });
    expect(await oneLine(['check', '--source', noWorkbook])).toMatch(/as an \.xlsx workbook \(it has no xl\/workbook\.xml: is it an \.xlsx workbook\?\)/);
    const badXml = writeZip(workbookParts([['Contacts', '<worksheet><sheetData><row></sheetData>']]));
    expect(await oneLine(['check', '--source', badXml])).toMatch(/xl\/worksheets\/sheet1\.xml is not well-formed XML/);
  });
});

describe('an .xlsx workbook made to exhaust memory', () => {
  it('refuses a tab with a value in the last cell a sheet has, naming the tab, at once', () => {
    const file = writeZip(workbookParts([['Contacts', sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Timestamp</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')]]));
    expect(() => readXlsxWorkbook(file, 'book.xlsx')).toThrow(
      'tab "Contacts" of "book.xlsx" is too large: its values reach row 1,048,576 and column XFD, 17,179,869,184 cells; a Google spreadsheet holds at most 10,000,000',
    );
  });

  it('refuses a column past ZZZ and a row past the last an .xlsx sheet has', () => {
    const wide = writeZip(workbookParts([['Contacts', sheetXml('<row r="1"><c r="AAAA1"><v>1</v></c></row>')]]));
    expect(() => readXlsxWorkbook(wide, 'wide.xlsx')).toThrow(/tab "Contacts" of "wide\.xlsx" is too large: it has a value in column 18,279; a Google spreadsheet holds at most 18,278 columns/);
    const deep = writeZip(workbookParts([['Contacts', sheetXml('<row r="5000000"><c r="A5000000"><v>1</v></c></row>')]]));
    expect(() => readXlsxWorkbook(deep, 'deep.xlsx')).toThrow(/is too large: it has a value in row 5,000,000, past the 1,048,576 rows an \.xlsx sheet holds/);
  });

  it('refuses tabs that together pass the 10,000,000 cells of a spreadsheet, each far from one value to the next', () => {
    const far = sheetXml('<row r="3000"><c r="BXX3000"><v>1</v></c></row>'); // 3,000 rows × 2,000 columns
    const file = writeZip(workbookParts([['Contacts', far], ['Women', far]]));
    expect(readXlsxWorkbook(file, 'far.xlsx', ['Contacts']).tabs[0]!.rows).toHaveLength(2999);
    expect(() => readXlsxWorkbook(file, 'far.xlsx')).toThrow('"far.xlsx" is too large: its tabs use 12,000,000 cells (rows × columns up to each tab\'s last value); a Google spreadsheet holds at most 10,000,000');
  });

  it('refuses a zip bomb of rows: a million rows and more, none with a row number', () => {
    const rows = '<row><c><v>1</v></c></row>'.repeat(1_048_577);
    const file = writeZip(workbookParts([['Contacts', sheetXml(rows)]]));
    expect(() => readXlsxWorkbook(file, 'rows.xlsx')).toThrow(/is too large: it has a value in row 1,048,577/);
  });

  it('refuses a part that says it unpacks to gigabytes before unpacking it', async () => {
    const zip = declareSize(zipSync(workbookParts([['Contacts', sheetXml('')]])), 'xl/worksheets/sheet1.xml', 0xfffffff0);
    const file = join(tempDir(), 'bomb.xlsx');
    writeFileSync(file, zip);
    expect(await oneLine(['check', '--source', file])).toMatch(/^peerkit check: ".*bomb\.xlsx" is too large: xl\/worksheets\/sheet1\.xml unpacks to more than 512 MB$/);
  });

  it('counts what a part unpacks to whatever size it declares, and stops at the limit', () => {
    const xml = sheetXml('<row><c t="b"><v>1</v></c></row>'.repeat(100_000)); // 3 MB
    const zip = declareSize(zipSync(workbookParts([['Contacts', xml]])), 'xl/worksheets/sheet1.xml', 100);
    const file = join(tempDir(), 'liar.xlsx');
    writeFileSync(file, zip);
    expect(() => readXlsxWorkbook(file, 'liar.xlsx', undefined, 1024 * 1024)).toThrow('"liar.xlsx" is too large: the workbook unpacks to more than 1 MB of XML');
    expect(readXlsxWorkbook(file, 'liar.xlsx').tabs[0]!.rows).toHaveLength(99_999);
  });

  it('refuses elements nested without end, and the text of a cell pieced together past what a cell holds', () => {
    const deep = writeZip(workbookParts([['Contacts', sheetXml('<a>'.repeat(1_000_000))]]));
    expect(() => readXlsxWorkbook(deep, 'deep.xlsx')).toThrow('xl/worksheets/sheet1.xml nests elements over 100 deep');
    const pieces = writeZip(workbookParts([['Contacts', sheetXml(`<row><c><v>${'1234567890<!---->'.repeat(6000)}</v></c></row>`)]]));
    expect(() => readXlsxWorkbook(pieces, 'pieces.xlsx')).toThrow('xl/worksheets/sheet1.xml has a cell over 50,000 characters long');
  });

  it('refuses text megabytes long that the XML reader would hold whole', () => {
    const file = writeZip(workbookParts([['Contacts', sheetXml(`<row><c><v>${'9'.repeat(40 * 1024 * 1024)}</v></c></row>`)]]));
    expect(() => readXlsxWorkbook(file, 'long.xlsx')).toThrow(/"long\.xlsx" is too large: xl\/worksheets\/sheet1\.xml holds a tag or text over 8,388,608 characters long/);
  });
});

/** The sample workbook as `peerkit sample` writes it, with one more value put in a tab at a cell. */
function withValue(sample: string, tab: string, ref: string): string {
  const files = unzipSync(readFileSync(sample));
  const decoder = new TextDecoder();
  const id = new RegExp(`<sheet [^>]*name="${tab}"[^>]*>`).exec(decoder.decode(files['xl/workbook.xml']))![0].match(/r:id="([^"]+)"/)![1];
  const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(decoder.decode(files['xl/_rels/workbook.xml.rels']))![1];
  const part = `xl/${target}`;
  const row = ref.replace(/^[A-Z]+/, '');
  const cell = `<c r="${ref}"><v>1</v></c>`;
  let xml = decoder.decode(files[part]);
  const existing = new RegExp(`(<row r="${row}"[^>]*>.*?)(</row>)`).exec(xml);
  xml = existing ? xml.replace(existing[0], `${existing[1]}${cell}</row>`) : xml.replace('</sheetData>', `<row r="${row}">${cell}</row></sheetData>`);
  files[part] = strToU8(xml);
  const file = join(tempDir(), `${tab}-${ref}.xlsx`);
  writeFileSync(file, zipSync(files));
  return file;
}

describe('the sample workbook with one value far out', () => {
  let sample = '';
  beforeAll(async () => {
    const dir = tempDir();
    expect((await runCli(['sample', '--out', dir])).code).toBe(0);
    sample = join(dir, 'peerkit-sample.xlsx');
  }, 60000);

  const check = async (source: string) => {
    const run = await runCli(['check', '--source', source, '--as-of', '2023-01-01', '--format', 'json']);
    return { code: run.code, issues: run.code === 0 ? JSON.parse(run.stdout).issues : run.stderr };
  };

  it('refuses a value in XFD1048576 of Contacts in one line, naming the tab', async () => {
    expect(await oneLine(['check', '--source', withValue(sample, 'Contacts', 'XFD1048576')])).toMatch(
      /tab "Contacts" of ".*" is too large: its values reach row 1,048,576 and column XFD, 17,179,869,184 cells; a Google spreadsheet holds at most 10,000,000: delete the stray values beyond your data \(Ctrl\+End finds the last one\) and save again$/,
    );
  });

  it('refuses a value in column XFD of Contacts (7,000 rows), as soon as its rows × 16,384 columns pass the limit, and reads one in a short tab as if it were not there', async () => {
    expect(await oneLine(['check', '--source', withValue(sample, 'Contacts', 'XFD2')])).toMatch(/tab "Contacts" of ".*" is too large: its values reach row 611 and column XFD, 10,010,624 cells/);
    const plain = await check(sample);
    expect(plain.code).toBe(0);
    expect(await check(withValue(sample, 'Supporters', 'XFD2'))).toEqual(plain);
  });
});
