/**
 * CSV reading and writing (RFC 4180): quoted fields, doubled quotes, newlines
 * inside quotes, CRLF or LF, an optional UTF-8 byte-order mark.
 */

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // Quoted field: read to the closing quote, "" standing for one quote.
      i++;
      let start = i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) throw new CsvError('a quoted field is never closed');
        if (text[q + 1] === '"') {
          field += text.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        field += text.slice(start, q);
        i = q + 1;
        break;
      }
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      // Plain run up to the next delimiter.
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13 || c === 34) break;
        j++;
      }
      if (j === i) {
        field += ch; // a stray quote inside an unquoted field is kept as text
        i++;
      } else {
        field += text.slice(i, j);
        i = j;
      }
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export class CsvError extends Error {}

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

type Rows = ReadonlyArray<ReadonlyArray<string | number | null | undefined>>;

/**
 * Writes a report's rows as CSV with CRLF line ends and a byte-order mark (so Excel
 * reads UTF-8), any formula-like text neutralised.
 */
export function toCsv(rows: Rows): string {
  return '\ufeff' + rows.map((r) => r.map((v) => csvField(v, true)).join(',')).join('\r\n') + '\r\n';
}

/** Writes a workbook tab as Google's own CSV download does: cells exactly as they are, no byte-order mark. */
export function toWorkbookCsv(rows: Rows): string {
  return rows.map((r) => r.map((v) => csvField(v, false)).join(',')).join('\r\n') + '\r\n';
}
