/**
 * Reading and writing .xlsx workbooks (File → Download → Microsoft Excel).
 *
 * Reading holds only the cells that hold a value: the zip is unpacked a piece at a
 * time (fflate) and its XML read as a stream (saxen), so memory follows the data,
 * never the size a sheet declares, and a zip bomb stops at a limit.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { Inflate } from 'fflate';
import { Parser } from 'saxen';
import writeXlsxFile from 'write-excel-file/node';
import { normaliseHeader, type Cell, type RawWorkbook, type Tab } from '../../core/workbook.js';
import { UserError } from '../../core/errors.js';
import { serialFromIsoDate } from '../../core/dates.js';
import { count, MAX_CELL_TEXT, MAX_CELLS, MAX_COLUMNS } from './limits.js';

const DAY_MS = 86400000;
const SERIAL_EPOCH_OFFSET = 25569;
/** Day 0 of the 1904 date system (old Mac workbooks) is day 1462 of the 1900 one. */
const DATE_1904_OFFSET = 1462;

/** The most rows an .xlsx sheet holds. */
const MAX_ROWS = 1_048_576;
/** XML unpacked in all: a zip bomb stops here. */
const MAX_UNPACKED = 512 * 1024 * 1024;
/** A part held whole in memory: the shared strings, the styles, the list of sheets. */
const MAX_HELD_PART = 128 * 1024 * 1024;
/** Characters one tag or text may run to (saxen holds an unfinished one until it ends). */
const MAX_TOKEN = 8 * 1024 * 1024;
/** Elements open at once; a spreadsheet's XML nests a handful deep. */
const MAX_DEPTH = 100;
/** Compressed bytes inflated at a time: each piece unpacks to at most about a thousand times as much. */
const INFLATE_STEP = 4 * 1024;

/** A file that is damaged or no workbook at all (the caller names the file). */
class XlsxError extends Error {}

/**
 * Reads the worksheets named in `only` (all without it), in the workbook's order.
 * `maxUnpacked` is lowered only in tests.
 */
export function readXlsxWorkbook(file: string, origin: string, only?: readonly string[], maxUnpacked = MAX_UNPACKED): RawWorkbook {
  const zip = new Zip(readFileSync(file), origin, maxUnpacked);
  const workbookPath = readRelationships(zip, '').find((r) => r.type === 'officeDocument')?.target ?? 'xl/workbook.xml';
  const { sheets, date1904 } = readSheetList(zip, workbookPath);
  const parts = readRelationships(zip, workbookPath);
  const wanted = only && new Set(only.map(normaliseHeader));
  const toRead = sheets.filter((s) => !wanted || wanted.has(normaliseHeader(s.name)));
  const tabs: Tab[] = [];
  if (toRead.length === 0) return { origin, tabs };
  const partOf = (type: string, fallback: string) => parts.find((r) => r.type === type)?.target ?? fallback;
  const context: SheetContext = {
    origin,
    strings: readSharedStrings(zip, partOf('sharedStrings', 'xl/sharedStrings.xml')),
    dateStyles: readDateStyles(zip, partOf('styles', 'xl/styles.xml')),
    date1904,
  };
  let cells = 0;
  for (const sheet of toRead) {
    const part = parts.find((r) => r.id === sheet.id);
    if (part?.type !== 'worksheet') continue; // a chart sheet holds no cells
    const read = readSheet(zip, part.target, sheet.name, context);
    cells += read.cells;
    if (cells > MAX_CELLS) {
      throw new UserError(`"${origin}" is too large: its tabs use ${count(cells)} cells (rows × columns up to each tab's last value); a Google spreadsheet holds at most ${count(MAX_CELLS)}`);
    }
    tabs.push(read.tab);
  }
  return { origin, tabs };
}

interface ZipEntry {
  flags: number;
  method: number;
  /** Unpacked size as the directory declares it (a zip bomb may lie; it is counted too). */
  size: number;
  compressedSize: number;
  localHeader: number;
}

/** The parts of a zip file, unpacked on demand a piece at a time, with a running total against the limit. */
class Zip {
  private readonly entries = new Map<string, ZipEntry>();
  private readonly view: DataView;
  private unpacked = 0;

  constructor(
    private readonly data: Uint8Array,
    readonly origin: string,
    private readonly maxUnpacked: number,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    // The end-of-directory record closes the file, after a comment of up to 64 KB.
    let end = -1;
    for (let at = data.length - 22; at >= 0 && at >= data.length - 22 - 0xffff; at--) {
      if (this.u32(at) === 0x06054b50) {
        end = at;
        break;
      }
    }
    if (end === -1) throw new XlsxError('it is not a zip file');
    const total = this.u16(end + 10);
    let at = this.u32(end + 16);
    if (total === 0xffff || at === 0xffffffff) throw new XlsxError('it is a ZIP64 archive, which is not read');
    const names = new TextDecoder();
    for (let i = 0; i < total; i++) {
      if (at + 46 > data.length || this.u32(at) !== 0x02014b50) throw new XlsxError('its zip directory is damaged');
      const nameLength = this.u16(at + 28);
      const name = names.decode(data.subarray(at + 46, at + 46 + nameLength));
      this.entries.set(name.replace(/^\//, '').toLowerCase(), {
        flags: this.u16(at + 8),
        method: this.u16(at + 10),
        compressedSize: this.u32(at + 20),
        size: this.u32(at + 24),
        localHeader: this.u32(at + 42),
      });
      at += 46 + nameLength + this.u16(at + 30) + this.u16(at + 32);
    }
  }

  private u16(at: number): number {
    return this.view.getUint16(at, true);
  }

  private u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  /** Streams a part's text to `sink`; false when the zip has no such part. */
  read(path: string, sink: (text: string) => void, maxPart: number): boolean {
    const entry = this.entries.get(path.toLowerCase());
    if (!entry) return false;
    const partTooLarge = () => new UserError(`"${this.origin}" is too large: ${path} unpacks to more than ${megabytes(maxPart)}`);
    const tooLarge = () => new UserError(`"${this.origin}" is too large: the workbook unpacks to more than ${megabytes(this.maxUnpacked)} of XML`);
    if (entry.size > maxPart) throw partTooLarge();
    if (this.unpacked + entry.size > this.maxUnpacked) throw tooLarge();
    if (entry.flags & 1) throw new XlsxError('it is encrypted');
    const at = entry.localHeader;
    if (at + 30 > this.data.length || this.u32(at) !== 0x04034b50) throw new XlsxError(`${path} is damaged`);
    const start = at + 30 + this.u16(at + 26) + this.u16(at + 28);
    if (start + entry.compressedSize > this.data.length) throw new XlsxError(`${path} is damaged`);
    const packed = this.data.subarray(start, start + entry.compressedSize);

    const decoder = new TextDecoder();
    let partSize = 0;
    const take = (bytes: Uint8Array) => {
      partSize += bytes.length;
      this.unpacked += bytes.length;
      if (partSize > maxPart) throw partTooLarge();
      if (this.unpacked > this.maxUnpacked) throw tooLarge();
      if (bytes.length > 0) sink(decoder.decode(bytes, { stream: true }));
    };
    if (entry.method === 0) {
      for (let i = 0; i < packed.length; i += INFLATE_STEP) take(packed.subarray(i, i + INFLATE_STEP));
    } else if (entry.method === 8) {
      const inflate = new Inflate((bytes) => take(bytes));
      try {
        let i = 0;
        do {
          inflate.push(packed.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= packed.length);
          i += INFLATE_STEP;
        } while (i < packed.length);
      } catch (error) {
        if (error instanceof UserError || error instanceof XlsxError) throw error;
        throw new XlsxError(`${path} is damaged (${(error as Error).message})`);
      }
    } else {
      throw new XlsxError(`${path} is packed by a method (${entry.method}) that is not read`);
    }
    sink(decoder.decode());
    return true;
  }
}

const megabytes = (bytes: number) => `${count(Math.round(bytes / (1024 * 1024)))} MB`;

interface XmlHandlers {
  open(name: string, attributes: () => Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * Reads a part's XML as a stream; false when the part is missing. Element names
 * come without a prefix ("x:row" is "row"), text with its entities decoded.
 */
function readXml(zip: Zip, path: string, handlers: XmlHandlers, maxPart: number): boolean {
  const parser = new Parser();
  let held = 0; // characters written since saxen last finished a token
  let depth = 0; // saxen keeps a stack of the open elements
  parser.on('openTag', (name, attributes) => {
    held = 0;
    if (++depth > MAX_DEPTH) throw new XlsxError(`${path} nests elements over ${MAX_DEPTH} deep`);
    handlers.open(localName(name), attributes);
  });
  parser.on('closeTag', (name) => {
    held = 0;
    depth--;
    handlers.close?.(localName(name));
  });
  parser.on('text', (text) => {
    held = 0;
    handlers.text?.(decodeXml(text));
  });
  parser.on('cdata', (text) => {
    held = 0;
    handlers.text?.(text);
  });
  for (const event of ['comment', 'question', 'attention'] as const) parser.on(event, () => (held = 0));
  parser.on('error', (error) => {
    throw new XlsxError(`${path} is not well-formed XML (${error.message})`);
  });
  const found = zip.read(
    path,
    (text) => {
      held += text.length;
      parser.write(text);
      if (held > MAX_TOKEN) throw new UserError(`"${zip.origin}" is too large: ${path} holds a tag or text over ${count(MAX_TOKEN)} characters long`);
    },
    maxPart,
  );
  if (found) parser.end();
  return found;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (entity, decimal?: string, hex?: string, name?: string) => {
    if (name) return NAMED[name]!;
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** Text as a cell holds it: `_x000D_` escapes decoded, trimmed (as the reader used before did), null when empty. */
function cellText(text: string | undefined): string | null {
  if (text === undefined) return null;
  const decoded = text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
  const trimmed = decoded.trim();
  return trimmed === '' ? null : trimmed;
}

/** A cell's text, refused past what a spreadsheet cell holds (pieces of it between comments would add up without bound). */
function longest(text: string, path: string): string {
  if (text.length > MAX_CELL_TEXT) throw new XlsxError(`${path} has a cell over ${count(MAX_CELL_TEXT)} characters long, more than a spreadsheet cell holds`);
  return text;
}

interface Relationship {
  id: string;
  /** The last part of the type's URI: worksheet, sharedStrings, styles, officeDocument. */
  type: string;
  /** The part it points at, from the zip's root. */
  target: string;
}

/** The relationships of a part ('' for the package itself), from its _rels file. */
function readRelationships(zip: Zip, part: string): Relationship[] {
  const folder = posix.dirname(part);
  const relationships: Relationship[] = [];
  readXml(
    zip,
    posix.join(folder, '_rels', `${posix.basename(part)}.rels`),
    {
      open(tag, attributes) {
        if (tag !== 'Relationship') return;
        const { Id: id, Type: type = '', Target: target, TargetMode: mode } = attributes();
        if (id === undefined || target === undefined || mode === 'External') return;
        const path = decodeXml(target);
        relationships.push({
          id: decodeXml(id),
          type: type.slice(type.lastIndexOf('/') + 1),
          target: path.startsWith('/') ? path.slice(1) : posix.normalize(posix.join(folder, path)),
        });
      },
    },
    MAX_HELD_PART,
  );
  return relationships;
}

function readSheetList(zip: Zip, path: string): { sheets: { name: string; id: string }[]; date1904: boolean } {
  const sheets: { name: string; id: string }[] = [];
  let date1904 = false;
  const found = readXml(
    zip,
    path,
    {
      open(tag, attributes) {
        if (tag === 'workbookPr') {
          const value = attributes().date1904;
          date1904 = value === '1' || value === 'true';
        } else if (tag === 'sheet') {
          const attrs = attributes();
          const idKey = Object.keys(attrs).find((k) => k.endsWith(':id'));
          const name = cellText(decodeXml(attrs.name ?? ''));
          if (name !== null && idKey) sheets.push({ name, id: decodeXml(attrs[idKey]!) });
        }
      },
    },
    MAX_HELD_PART,
  );
  if (!found) throw new XlsxError(`it has no ${path}: is it an .xlsx workbook?`);
  return { sheets, date1904 };
}

/** The shared strings, as cells hold them (null for an empty one). */
function readSharedStrings(zip: Zip, path: string): (string | null)[] {
  const strings: (string | null)[] = [];
  let text: string | undefined; // of the <si> being read
  let inText = false;
  let phonetic = 0; // inside <rPh>: a reading guide, not the text
  readXml(
    zip,
    path,
    {
      open(tag) {
        if (tag === 'si') text = '';
        else if (tag === 't') inText = true;
        else if (tag === 'rPh') phonetic++;
      },
      close(tag) {
        if (tag === 'si') {
          strings.push(cellText(text));
          text = undefined;
        } else if (tag === 't') inText = false;
        else if (tag === 'rPh') phonetic--;
      },
      text(t) {
        if (text !== undefined && inText && phonetic === 0) text = longest(text + t, path);
      },
    },
    MAX_HELD_PART,
  );
  return strings;
}

/** Built-in number formats that show a date or time (ECMA-376 §18.8.30, with the East Asian and Thai ones). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81]);
const DATE_TOKENS = new Set(['s', 'ss', 'm', 'mm', 'h', 'hh', 'am', 'pm', 'a', 'p', 'd', 'dd', 'ddd', 'dddd', 'aaa', 'aaaa', 'aaaaa', 'mmm', 'mmmm', 'mmmmm', 'y', 'yy', 'yyyy', 'e', 'ee', 'eeee']);

/**
 * Whether a custom format shows a date: some section of it, once quoted text,
 * escaped characters and [colour]/[$-locale] prefixes are left out, is made of
 * date and time tokens only ("dd/mm/yyyy", "h:mm AM/PM"; not "0.00" or "#,##0 \"days\"").
 */
function isDateTemplate(template: string): boolean {
  const sections = template.toLowerCase().replace(/;@$/, '').replace(/\\./g, ' ').split(';');
  return sections.some((section) => {
    const tokens = section
      .replace(/"[^"]*"/g, ' ')
      .replace(/(\[?[smhd]{1,2}\]?)[.,]00?0?/g, '$1') // fractions of a second
      .replace(/\[([smhd]{1,2})\]/g, '$1') // elapsed time, [h]:mm
      .replace(/\[[^\]]*\]/g, '')
      .split(/[^a-z0#?%]+/)
      .filter(Boolean);
    return tokens.length > 0 && tokens.every((t) => DATE_TOKENS.has(t));
  });
}

/** For each cell style (the `s` of a cell), whether its number format shows a date. */
function readDateStyles(zip: Zip, path: string): boolean[] {
  const templates = new Map<number, string>();
  const baseFormats: (number | undefined)[] = []; // cellStyleXfs, which a cell style without a format inherits from
  const styles: { format: number | undefined; base: number | undefined }[] = [];
  let section: 'base' | 'cell' | undefined;
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  readXml(
    zip,
    path,
    {
      open(tag, attributes) {
        if (tag === 'numFmt') {
          const { numFmtId, formatCode } = attributes();
          if (numFmtId !== undefined && formatCode !== undefined) templates.set(Number(numFmtId), decodeXml(formatCode));
        } else if (tag === 'cellStyleXfs') section = 'base';
        else if (tag === 'cellXfs') section = 'cell';
        else if (tag === 'xf' && section) {
          const { numFmtId, xfId } = attributes();
          if (section === 'base') baseFormats.push(number(numFmtId));
          else styles.push({ format: number(numFmtId), base: number(xfId) });
        }
      },
      close(tag) {
        if (tag === 'cellStyleXfs' || tag === 'cellXfs') section = undefined;
      },
    },
    MAX_HELD_PART,
  );
  return styles.map(({ format, base }) => {
    const id = format ?? (base === undefined ? undefined : baseFormats[base]);
    if (id === undefined) return false;
    const template = templates.get(id);
    return DATE_FORMAT_IDS.has(id) || (template !== undefined && isDateTemplate(template));
  });
}

interface SheetContext {
  origin: string;
  strings: (string | null)[];
  dateStyles: boolean[];
  date1904: boolean;
}

/**
 * Reads a worksheet holding only the cells with a value, by row; the tab is then
 * built up to the last row holding a value, each row up to its own last value
 * (padded to the header's width). `cells` is rows × columns up to the last value,
 * as Google Sheets counts a tab against its limit.
 */
function readSheet(zip: Zip, path: string, name: string, context: SheetContext): { tab: Tab; cells: number } {
  const { strings, dateStyles, date1904, origin } = context;
  const cells = new CellList();
  let lastRow = 0;
  let lastColumn = 0;
  let inData = false;
  let rowNumber = 0;
  let column = 0;
  // The cell being read.
  let inCell = false;
  let cellRow = 0;
  let type = '';
  let style = -1;
  let value: string | undefined;
  let inline: string | undefined;
  let inValue = false;
  let inInlineText = false;
  let phonetic = 0;

  const tooLarge = (why: string) => new UserError(`tab "${name}" of "${origin}" is too large: ${why}`);
  const store = (cell: Cell) => {
    if (column > MAX_COLUMNS) throw tooLarge(`it has a value in column ${count(column)}; a Google spreadsheet holds at most ${count(MAX_COLUMNS)} columns (A to ZZZ)`);
    if (cellRow > MAX_ROWS) throw tooLarge(`it has a value in row ${count(cellRow)}, past the ${count(MAX_ROWS)} rows an .xlsx sheet holds`);
    if (cellRow > lastRow || column > lastColumn) {
      lastRow = Math.max(lastRow, cellRow);
      lastColumn = Math.max(lastColumn, column);
      const cells = lastRow * lastColumn;
      if (cells > MAX_CELLS) {
        throw tooLarge(`its values reach row ${count(lastRow)} and column ${columnName(lastColumn)}, ${count(cells)} cells; a Google spreadsheet holds at most ${count(MAX_CELLS)}: delete the stray values beyond your data (Ctrl+End finds the last one) and save again`);
      }
    }
    cells.add(cellRow, column, cell);
  };
  const cellValue = (): Cell => {
    switch (type) {
      case 's': {
        if (!value) return null;
        const index = Number(value);
        if (!Number.isInteger(index) || index < 0 || index >= strings.length) {
          throw new XlsxError(`tab "${name}", cell ${columnName(column)}${cellRow}, points at a shared string that is not there`);
        }
        return strings[index] ?? null;
      }
      case 'str':
        return cellText(value);
      case 'inlineStr':
        return cellText(inline ?? value);
      case 'b':
        return value === '1' ? true : value === '0' ? false : null;
      case 'e':
        return null; // #N/A, #REF!: no value
      case 'd': {
        // An ISO date: its wall-clock reading, as a serial number.
        if (!value) return null;
        const ms = Date.parse(/T.*(Z|[+-]\d\d:?\d\d)$/i.test(value) || !value.includes('T') ? value : `${value}Z`);
        return Number.isNaN(ms) ? cellText(value) : ms / DAY_MS + SERIAL_EPOCH_OFFSET;
      }
      default: {
        if (!value) return null;
        const n = Number(value);
        if (Number.isNaN(n)) return cellText(value);
        return dateStyles[style] ? dateSerial(n, date1904) : n;
      }
    }
  };

  const found = readXml(
    zip,
    path,
    {
      open(tag, attributes) {
        if (!inData) {
          inData = tag === 'sheetData';
          return;
        }
        if (tag === 'c') {
          const { r, t, s } = attributes();
          const ref = r === undefined ? null : parseRef(r);
          inCell = true;
          cellRow = ref ? ref.row : rowNumber;
          column = ref ? ref.column : column + 1;
          type = t ?? '';
          style = s === undefined ? -1 : Number(s);
          value = inline = undefined;
        } else if (tag === 'row') {
          const r = Number(attributes().r);
          rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
          column = 0;
        } else if (!inCell) {
          return;
        } else if (tag === 'v') {
          inValue = true;
          value ??= '';
        } else if (tag === 'is') {
          inline = '';
        } else if (tag === 't') {
          inInlineText = inline !== undefined;
        } else if (tag === 'rPh') {
          phonetic++;
        }
      },
      close(tag) {
        if (tag === 'sheetData') inData = false;
        else if (tag === 'c' && inCell) {
          const cell = cellValue();
          if (cell !== null) store(cell);
          inCell = inValue = inInlineText = false;
          phonetic = 0;
        } else if (tag === 'v') inValue = false;
        else if (tag === 't') inInlineText = false;
        else if (tag === 'rPh') phonetic--;
      },
      text(text) {
        if (inValue) value = longest(value + text, path);
        else if (inInlineText && phonetic === 0) inline = longest(inline + text, path);
      },
    },
    MAX_UNPACKED,
  );
  if (!found) throw new XlsxError(`tab "${name}" has no ${path}`);

  return { tab: { name, ...cells.grid(lastRow) }, cells: lastRow * lastColumn };
}

/**
 * The cells with a value, in the order read: row and column numbers in typed
 * arrays, a few bytes a cell, so that a sheet refused part way never built rows.
 */
class CellList {
  private rows = new Int32Array(1024);
  private columns = new Int32Array(1024);
  private readonly values: Cell[] = [];
  private inOrder = true;

  add(row: number, column: number, value: Cell): void {
    const n = this.values.length;
    if (n === this.rows.length) {
      const rows = new Int32Array(n * 2);
      rows.set(this.rows);
      this.rows = rows;
      const columns = new Int32Array(n * 2);
      columns.set(this.columns);
      this.columns = columns;
    }
    if (n > 0 && (row < this.rows[n - 1]! || (row === this.rows[n - 1] && column <= this.columns[n - 1]!))) this.inOrder = false;
    this.rows[n] = row;
    this.columns[n] = column;
    this.values.push(value);
  }

  /** Row 1 as the header; rows 2 to `lastRow`, each as wide as the header or its own last value. */
  grid(lastRow: number): { header: string[]; rows: Cell[][] } {
    const n = this.values.length;
    const { rows: rowOf, columns: columnOf, values } = this;
    let order: number[] | undefined;
    if (!this.inOrder) {
      // Cells out of order, or one cell twice (the later wins): sorted, stable.
      order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rowOf[a]! - rowOf[b]! || columnOf[a]! - columnOf[b]! || a - b);
    }
    const at = (i: number) => (order ? order[i]! : i);
    let i = 0;
    const header: string[] = [];
    for (; i < n && rowOf[at(i)] === 1; i++) {
      const k = at(i);
      while (header.length < columnOf[k]! - 1) header.push('');
      header[columnOf[k]! - 1] = String(values[k]);
    }
    const rows: Cell[][] = [];
    for (let row = 2; row <= lastRow; row++) {
      let end = i;
      while (end < n && rowOf[at(end)] === row) end++;
      const width = Math.max(header.length, end > i ? columnOf[at(end - 1)]! : 0);
      const cells = new Array<Cell>(width).fill(null);
      for (; i < end; i++) cells[columnOf[at(i)]! - 1] = values[at(i)]!;
      rows.push(cells);
    }
    return { header, rows };
  }
}

/** "B7" as row 7, column 2; null if it is not a cell reference. Numbers past the limits stay large, to be refused. */
function parseRef(ref: string): { row: number; column: number } | null {
  let i = 0;
  let column = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    column = Math.min(column * 26 + c - 64, 1e9);
  }
  if (i === 0 || i === ref.length) return null;
  let row = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    row = Math.min(row * 10 + c - 48, 1e12);
  }
  return row > 0 ? { row, column } : null;
}

/** 16384 → "XFD", for messages. */
function columnName(column: number): string {
  if (column > MAX_COLUMNS * 26) return count(column);
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * A date cell's serial number exactly as the reader before this one made it: the
 * instant in whole milliseconds (a 1904 workbook shifted to the 1900 system),
 * counted in days from 30 December 1899.
 */
function dateSerial(n: number, date1904: boolean): number {
  const ms = Math.floor((n + (date1904 ? DATE_1904_OFFSET : 0) - SERIAL_EPOCH_OFFSET) * DAY_MS);
  return ms / DAY_MS + SERIAL_EPOCH_OFFSET;
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
