/**
 * CSV reading and writing (RFC 4180): quoted fields, doubled quotes, newlines
 * inside quotes, CRLF or LF. A file is read a chunk at a time (it may be longer
 * than the longest string JavaScript holds), as UTF-8, as UTF-16 where its first
 * bytes say so, and otherwise as Windows-1252 with a warning.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import type { Cell, SourceIssue, Tab } from '../../core/workbook.js';
import { count, MAX_CELL_TEXT, MAX_CELLS, MAX_COLUMNS } from './limits.js';

/** A file that cannot be read as a tab at all; the caller names the file. */
export class CsvError extends Error {}

/**
 * Bytes read at a time. Small enough that each chunk's text is a young object the
 * collector frees at once (text of 1 MB goes to the large-object space, freed only by
 * a full collection), large enough that reading costs few system calls.
 */
const CHUNK_SIZE = 1 << 16;

/** Reads a CSV file as the tab `name`; `chunkSize` (bytes) is small only in tests. */
export function readCsvFile(path: string, name: string, chunkSize = CHUNK_SIZE): Tab {
  return readCsvBytes(name, basename(path), () => fileChunks(path, chunkSize));
}

/**
 * Reads CSV bytes, given as chunks split anywhere, as the tab `name`. Text that
 * is not UTF-8 is read again from the start as Windows-1252 (what Excel's plain
 * "CSV" saves on Windows), never with replacement characters.
 */
export function readCsvBytes(name: string, fileName: string, chunks: () => Iterable<Uint8Array>): Tab {
  let tab!: Tab;
  streamCsvBytes(fileName, chunks, () => {
    const rows: Cell[][] = [];
    return {
      header: () => {},
      row: (cells) => void rows.push(cells),
      end: (header, issues) => {
        tab = { name, header, rows };
        if (issues.length > 0) tab.issues = issues;
      },
    };
  });
  return tab;
}

/**
 * Where a CSV file's rows go as they are read, so a large file need not be held
 * whole. `row(cells, index)`: data row `index` is spreadsheet row `index + 2`; a
 * row that could not be read comes as no cells. `end` gives what the reader met.
 */
interface CsvSink {
  header(header: string[]): void;
  row(cells: Cell[], index: number): void;
  end(header: string[], issues: SourceIssue[]): void;
}

/** Streams a CSV file to a sink; `start` gives a fresh sink for each pass (a file that is not UTF-8 is read twice). */
export function streamCsvFile(path: string, start: () => CsvSink, chunkSize = CHUNK_SIZE): void {
  streamCsvBytes(basename(path), () => fileChunks(path, chunkSize), start);
}

function streamCsvBytes(fileName: string, chunks: () => Iterable<Uint8Array>, start: () => CsvSink): void {
  try {
    readRecords(decode(chunks(), false), start());
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error;
  }
  const warning: SourceIssue = { row: null, severity: 'warning', reason: `${fileName} is not UTF-8: read as Windows-1252; save it as CSV UTF-8` };
  readRecords(decode(chunks(), true), start(), warning);
}

function* fileChunks(path: string, chunkSize: number): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      const size = readSync(fd, buffer, 0, chunkSize, null);
      if (size === 0) return;
      yield buffer.subarray(0, size); // decoded before the next read reuses the buffer
    }
  } finally {
    closeSync(fd);
  }
}

/** Text from bytes, the encoding chosen by the first bytes; the decoder keeps a character split between chunks. */
function* decode(chunks: Iterable<Uint8Array>, windows1252: boolean): Generator<string> {
  let decoder: TextDecoder | undefined;
  let head = new Uint8Array(0);
  for (const chunk of chunks) {
    if (decoder) {
      yield decoder.decode(chunk, { stream: true });
      continue;
    }
    const joined = new Uint8Array(head.length + chunk.length);
    joined.set(head);
    joined.set(chunk, head.length);
    head = joined;
    if (head.length >= 3) {
      decoder = decoderFor(head, windows1252);
      yield decoder.decode(skipUtf8Mark(head, windows1252), { stream: true });
    }
  }
  if (!decoder) {
    decoder = decoderFor(head, windows1252);
    yield decoder.decode(skipUtf8Mark(head, windows1252), { stream: true });
  }
  yield decoder.decode();
}

function decoderFor(head: Uint8Array, windows1252: boolean): TextDecoder {
  const [a, b] = head;
  // A byte-order mark says UTF-16 (the decoder drops the mark, as the UTF-8 one drops its own).
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le');
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be');
  // Without one, a header starting with a letter in UTF-16 has a zero byte beside it.
  if (head.length >= 2 && a !== 0 && b === 0) return new TextDecoder('utf-16le');
  if (head.length >= 2 && a === 0 && b !== 0) return new TextDecoder('utf-16be');
  return windows1252 ? new TextDecoder('windows-1252') : new TextDecoder('utf-8', { fatal: true });
}

/** Windows-1252 would read a UTF-8 byte-order mark as three letters. */
function skipUtf8Mark(head: Uint8Array, windows1252: boolean): Uint8Array {
  return windows1252 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
}

function readRecords(texts: Iterable<string>, sink: CsvSink, warning?: SourceIssue): void {
  const reader = new RecordReader(sink, warning);
  for (const text of texts) reader.push(text);
  reader.end();
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** A record read: its cells and where the next begins, or the cell where a quote opened that never closes. */
type Scan = { cells: string[]; end: number } | { unclosed: number };

/**
 * Reads rows from text pushed a chunk at a time and hands each to the sink. One
 * record is one spreadsheet row, whatever line breaks its quoted cells hold. A
 * record whose quote never closes is left out (a blank row, so the rows after
 * keep their numbers) and reading goes on at the next line.
 */
class RecordReader {
  private text = '';
  private at = 0;
  private header: string[] | undefined;
  private rows = 0;
  private readonly issues: SourceIssue[] = [];
  private cells = 0;

  constructor(
    private readonly sink: CsvSink,
    warning?: SourceIssue,
  ) {
    if (warning) this.issues.push(warning);
  }

  push(chunk: string): void {
    this.text = this.at < this.text.length ? this.text.slice(this.at) + chunk : chunk;
    this.at = 0;
    this.drain(false);
  }

  end(): void {
    this.drain(true);
    this.sink.end(this.header ?? [], this.issues);
  }

  private drain(eof: boolean): void {
    while (this.at < this.text.length) {
      const width = this.header?.length ?? 0;
      const row = this.rows + 2;
      const scan = scanRecord(this.text, this.at, eof, width);
      if (scan === null) {
        // A record is held whole until it ends; one this long is not a spreadsheet row.
        const limit = MAX_CELL_TEXT * Math.max(width, 20);
        if (this.text.length - this.at > limit) throw new CsvError(`${this.header ? `row ${row}` : 'the header row'} runs on for over ${count(limit)} characters: is it a CSV file?`);
        return;
      }
      if ('unclosed' in scan) {
        if (!this.header) throw new CsvError('a quote opened in the header row is never closed');
        const next = lineEnd(this.text, this.at, eof);
        if (next === -1) return; // a CR last: wait to see whether an LF follows
        const title = this.header[scan.unclosed]?.trim();
        const column = title ? `"${title}"` : `column ${scan.unclosed + 1}`;
        this.issues.push({ row, severity: 'error', reason: `excluded: a quote opened in ${column} is never closed` });
        this.add([]);
        this.at = next;
        continue;
      }
      this.at = scan.end;
      if (this.header) this.add(scan.cells);
      else if (scan.cells.length > MAX_COLUMNS) throw new CsvError(`too large: ${count(scan.cells.length)} columns; a Google spreadsheet holds at most ${count(MAX_COLUMNS)}`);
      else {
        this.header = scan.cells;
        this.sink.header(this.header);
      }
    }
  }

  private add(cells: Cell[]): void {
    const width = this.header!.length;
    this.cells += Math.max(cells.length, width);
    if (this.cells > MAX_CELLS) throw new CsvError(`too large: over ${count(MAX_CELLS)} cells (rows × columns), the most a Google spreadsheet holds`);
    while (cells.length < width) cells.push(null);
    this.sink.row(cells, this.rows++);
  }
}

/** Where the line starting at `at` ends, past its line break; -1 when the text so far ends on a CR. */
function lineEnd(text: string, at: number, eof: boolean): number {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c !== CR) continue;
    if (i + 1 === text.length && !eof) return -1;
    return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  }
  return text.length;
}

/**
 * Reads the record at `start`; null when the text so far ends inside it. `width`
 * is the header's (0 while reading the header). A quoted cell may hold line
 * breaks, so a quote never closed would swallow the rows after it: a quoted cell
 * running over a line end counts as never closed when the evidence says so (it
 * runs to the end of the file, or past the 50,000 characters a spreadsheet cell
 * holds, or past a whole line that reads as a full row, or stray text follows
 * its closing quote, or the record ends up with more cells than the header).
 */
function scanRecord(text: string, start: number, eof: boolean, width: number): Scan | null {
  const n = text.length;
  const cells: string[] = [];
  let spanning = -1; // the first cell whose quotes hold a line break
  let i = start;
  for (;;) {
    if (i >= n) {
      if (!eof) return null;
      cells.push('');
      break;
    }
    if (text.charCodeAt(i) === QUOTE) {
      const open = cells.length;
      let field = '';
      let from = i + 1;
      let close: number;
      for (;;) {
        close = text.indexOf('"', from);
        if (close === -1 || (close + 1 === n && !eof)) {
          // The text so far ends inside the quotes: decide now if the evidence is in, else wait.
          const end = close === -1 ? n : close;
          if (eof || (crossesLine(text, i + 1, end) && (end - i > MAX_CELL_TEXT || holdsFullRow(text, i + 1, end, width)))) return { unclosed: open };
          return null;
        }
        if (text.charCodeAt(close + 1) !== QUOTE) break;
        field += text.slice(from, close + 1); // "" is one quote
        from = close + 2;
      }
      field += text.slice(from, close);
      const spans = crossesLine(text, i + 1, close);
      if (spans && (close - i > MAX_CELL_TEXT || holdsFullRow(text, i + 1, close, width))) return { unclosed: open };
      let k = close + 1;
      while (k < n && !isDelimiter(text.charCodeAt(k))) k++;
      if (k === n && !eof) return null;
      if (spans && k > close + 1) return { unclosed: open };
      if (spans && spanning === -1) spanning = open;
      cells.push(k > close + 1 ? field + text.slice(close + 1, k) : field); // a single-line cell keeps stray text, as typed
      i = k;
    } else {
      let k = i;
      while (k < n && !isDelimiter(text.charCodeAt(k))) k++;
      if (k === n && !eof) return null;
      cells.push(text.slice(i, k)); // a quote inside an unquoted cell is kept as text
      i = k;
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    if (c === CR) {
      if (i + 1 === n && !eof) return null;
      i += text.charCodeAt(i + 1) === LF ? 2 : 1;
    } else i++;
    break;
  }
  if (spanning !== -1 && width > 0 && cells.length > width) return { unclosed: spanning };
  return { cells, end: Math.min(i, n) };
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}

function crossesLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return true;
  }
  return false;
}

/** Whether a whole line between `from` and `to` reads on its own as a row of the header's width (2 columns or more). */
function holdsFullRow(text: string, from: number, to: number, width: number): boolean {
  if (width < 2) return false;
  let lineStart = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== LF && c !== CR) continue;
    if (lineStart !== -1 && i > lineStart) {
      const line = text.slice(lineStart, i);
      const scan = scanRecord(line, 0, true, 0);
      if (scan && 'cells' in scan && scan.end === line.length && scan.cells.length === width) return true;
    }
    lineStart = i + 1;
  }
  return false;
}

/**
 * A cell that a spreadsheet would take for a formula (=, +, -, @, or a tab or
 * carriage return first) is written with a leading apostrophe, so text a person
 * typed never runs as a formula when the file is opened.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value: string | number | null | undefined, neutralise: boolean): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' || !neutralise ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Row = ReadonlyArray<string | number | null | undefined>;
type Rows = ReadonlyArray<Row>;

/**
 * Writes a report's rows as CSV with CRLF line ends and a byte-order mark (so Excel
 * reads UTF-8), any formula-like text neutralised.
 */
export function toCsv(rows: Rows): string {
  return [...csvPieces(rows)].join('');
}

/** toCsv's text a row at a time, for rows too many to be one string (generator/text-pieces.ts). */
export function* csvPieces(rows: Iterable<Row>): Generator<string> {
  yield '\ufeff';
  let none = true;
  for (const r of rows) {
    none = false;
    yield r.map((v) => csvField(v, true)).join(',') + '\r\n';
  }
  if (none) yield '\r\n';
}

/** Writes a workbook tab as Google's own CSV download does: cells exactly as they are, no byte-order mark. */
export function toWorkbookCsv(rows: Rows): string {
  return rows.map((r) => r.map((v) => csvField(v, false)).join(',')).join('\r\n') + '\r\n';
}
