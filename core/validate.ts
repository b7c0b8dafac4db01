/**
 * Row validation, compiled from a form declaration: each question's raw cell
 * becomes a typed value (dates as ISO text, checkboxes as lists, identifiers
 * trimmed and upper-cased, choices in their declared spelling) or a reason the row
 * is excluded. Reasons never repeat a personal answer. (Plain readers rather than a
 * zod object per row: on a million rows zod doubled the time and the memory.)
 */
import type { FormDefinition, Question } from './form.js';
import type { Cell } from './workbook.js';
import { isTimestamp, readDate, readTimestamp, type DateSettings } from './dates.js';

export type Value = string | number | string[] | null;
export type RowValues = Record<string, Value>;

export function isBlank(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A non-blank text answer, or null: how views read optional answers. */
export function textOf(value: Value | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function normaliseIdentifier(text: string): string {
  return text.trim().toUpperCase();
}

function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell.trim() : String(cell);
}

/**
 * Free text kept in a record as a string of its own. A source may hand over a
 * cell as a view into the whole chunk of the file it was read from (V8 slices
 * strings of 13 characters or more), and one such answer kept would keep the
 * chunk, so a large workbook's text would all stay in memory.
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Types whose answers cannot be free text: a wrong one is a mistyped date, number or choice. */
const QUOTABLE = new Set<Question['type']>(['timestamp', 'date', 'number', 'choice', 'scale']);
const QUOTABLE_LENGTH = 20;

/**
 * A wrong answer that staff may be shown (`peerkit check`), or undefined: only from
 * a column whose type cannot hold free text (a date, a number, a choice — a
 * checkbox list of choices too, but not of identifiers), never from a personal
 * question, and at most 20 characters. A reason never holds an answer: reports,
 * which leave the provider, never quote one.
 */
function quotable(q: Question, value: Cell): string | undefined {
  const text = cellText(value);
  const kind = QUOTABLE.has(q.type) || (q.type === 'checkboxes' && q.choices !== undefined);
  return kind && !q.personal && text !== '' && text.length <= QUOTABLE_LENGTH ? text : undefined;
}

/** Why an answer cannot be used (never quoting it), and the answer where staff may see it; a reader returns one instead of a value. */
class Problem {
  constructor(
    readonly reason: string,
    readonly answer?: string,
  ) {}
}

/** Reads one raw cell as a question's typed value, or says what is wrong with it. */
type AnswerReader = (cell: Cell | undefined) => Value | Problem;

/** Matches a choice trimmed and case-insensitively; returns the declared spelling. */
function choiceMatcher(choices: readonly string[]): (text: string) => string | undefined {
  const byLower = new Map(choices.map((c) => [c.toLowerCase(), c]));
  return (text) => byLower.get(text.trim().toLowerCase());
}

/**
 * The reader of one question's answers, built once from its declaration. Plain
 * functions, not a schema per cell: a 10-million-cell workbook is read in seconds.
 */
export function answerReader(q: Question, dates: DateSettings, stored = true): AnswerReader {
  const label = `"${q.title}"`;
  const requiredBlank = new Problem(`${label} is required but blank`);
  const pattern = q.pattern ? new RegExp(q.pattern.regex) : null;
  const badPattern = q.pattern ? new Problem(`${label} does not match the pattern ${q.pattern.example}`) : null;
  const matchChoice = q.choices ? choiceMatcher(q.choices) : null;
  const notAChoice = (answer: Cell) => new Problem(`${label} has an answer that is not one of: ${q.choices!.join(', ')}`, quotable(q, answer));
  const identifier = (text: string): string | Problem => {
    const id = normaliseIdentifier(text);
    return pattern && !pattern.test(id) ? badPattern! : id;
  };

  const read = (cell: Cell): Value | Problem => {
    switch (q.type) {
      case 'timestamp':
      case 'date': {
        const iso = q.type === 'date' ? readDate(cell, dates) : stored ? readTimestamp(cell, dates) : isTimestamp(cell, dates) ? NOT_STORED : null;
        return iso ?? new Problem(`${label} is not a date that can be read`, quotable(q, cell));
      }
      case 'number': {
        const n = typeof cell === 'number' ? cell : decimal(q.money ? poundsText(cellText(cell)) : cellText(cell));
        const ok =
          Number.isFinite(n) &&
          (q.min === undefined || n >= q.min) &&
          (q.max === undefined || n <= q.max) &&
          (!q.integer || Number.isInteger(n));
        if (ok) return n;
        const range = q.max !== undefined ? ` from ${q.min ?? 0} to ${q.max}` : q.min !== undefined ? ` of ${q.min} or more` : '';
        return new Problem(`${label} must be a${q.integer ? ' whole' : ''} number${range}`, quotable(q, cell));
      }
      case 'choice':
      case 'scale':
        return matchChoice!(cellText(cell)) ?? notAChoice(cell);
      case 'checkboxes': {
        const out: string[] = [];
        for (const raw of cellText(cell).split(',')) {
          const part = raw.trim();
          if (part === '') continue;
          const value = matchChoice ? (matchChoice(part) ?? notAChoice(part)) : identifier(part);
          if (value instanceof Problem) return value;
          if (!out.includes(value)) out.push(value);
        }
        return out.length > 0 ? out : q.required ? requiredBlank : null;
      }
      case 'text':
      case 'paragraph':
        // Free text that no record keeps is valid whatever it says: nothing to copy.
        if (pattern) {
          const id = identifier(cellText(cell));
          return typeof id === 'string' && stored ? ownCopy(id) : id;
        }
        return stored ? ownCopy(cellText(cell)) : NOT_STORED;
    }
  };
  const readCell = (cell: Cell | undefined) => (cell === undefined || isBlank(cell) ? (q.required ? requiredBlank : null) : read(cell));
  return REPEATING.has(q.type) ? memoised(readCell) : readCell;
}

/** What a reader of an answer no record keeps returns for a valid one (see compileRowReader's `kept`). */
const NOT_STORED = '';

/**
 * Answers that repeat across rows (dates, choices, lists of identifiers), worth
 * reading once each. Not a single identifier: a column of them holds as many
 * different ones as there are people, so a memo of them costs more to search (a
 * large map, a hash of every fresh cell) than reading each again, and a valid
 * one read again is the cell's own text, as small as the memo's copy.
 */
const REPEATING = new Set<Question['type']>(['date', 'choice', 'scale', 'checkboxes']);
const MEMO_LIMIT = 100_000;

/**
 * Remembers the answer read from each text: a workbook repeats a few thousand
 * dates and choices a million times, and sharing one value per text keeps a
 * large workbook's memory down. Values are never modified, so sharing is safe.
 * In front of the map, a small table of recent texts by a hash of a few of their
 * characters: a column's common answers are found by one comparison of the cell
 * with a text already held, without hashing every character of each fresh cell.
 */
function memoised(reader: AnswerReader): AnswerReader {
  // Each text kept is a copy (a cell cut from a file's chunk would keep the chunk), kept beside its value.
  let memo = new Map<string, { text: string; value: Value | Problem }>();
  let recentText: (string | undefined)[] | undefined;
  let recentValue: (Value | Problem)[] = [];
  return (cell) => {
    if (typeof cell !== 'string') return reader(cell);
    if (recentText === undefined) {
      // Made at the first text read: many forms' memos never read one (a tab not read, a column left blank).
      recentText = new Array<string | undefined>(RECENT).fill(undefined);
      recentValue = new Array<Value | Problem>(RECENT).fill(null);
    }
    const slot = recentSlot(cell);
    if (recentText[slot] === cell) return recentValue[slot]!;
    let known = memo.get(cell);
    if (known === undefined) {
      if (memo.size >= MEMO_LIMIT) memo = new Map();
      known = { text: ownCopy(cell), value: reader(cell) };
      memo.set(known.text, known);
    }
    recentText[slot] = known.text;
    recentValue[slot] = known.value;
    return known.value;
  };
}

/** Slots in a memo's table of recent texts (a power of two): room for a column's dates over a few years. */
const RECENT = 2048;

/**
 * A text's slot in a memo's table of recent texts, from its length and the
 * characters that tell a column's answers apart (a dd/mm/yyyy date's digits, a
 * choice's first letters and last): a few character reads, not a hash of them all.
 */
function recentSlot(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  const at = (i: number) => text.charCodeAt(i < n ? i : n - 1);
  let h = n;
  h = Math.imul(h, 31) + at(0);
  h = Math.imul(h, 31) + at(1);
  h = Math.imul(h, 31) + at(3);
  h = Math.imul(h, 31) + at(4);
  h = Math.imul(h, 31) + text.charCodeAt(n - 2 < 0 ? 0 : n - 2);
  h = Math.imul(h, 31) + text.charCodeAt(n - 1);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) & (RECENT - 1);
}

/**
 * A number as a person types it: an optional sign, digits, an optional decimal
 * point and digits; anything else is NaN. (Number() would also take "0x1F", "0b11",
 * "1e21" or "Infinity", which nobody means in a form.)
 */
function decimal(text: string): number {
  return /^[+-]?\d+(?:\.\d+)?$/.test(text) ? Number(text) : NaN;
}

/** An amount as staff type it, "£1,200.50" or "5.25", as plain number text; anything else is left to fail. */
function poundsText(text: string): string {
  const m = /^£?\s*(\d{1,3}(?:,\d{3})+|\d*)(\.\d+)?$/.exec(text);
  return m && (m[1] !== '' || m[2] !== undefined) ? `${m[1]!.replace(/,/g, '')}${m[2] ?? ''}` : text;
}

type RowResult = { ok: true; values: RowValues } | { ok: false; problems: Problem[] };

/**
 * Built by a constructor, a row's values are one object with its answers inside it
 * (an object literal keeps only four so, and puts the rest in a second object); its
 * prototype is Object's, so it is a plain object like any other. Made apart from the
 * row reader: every record's values refer to their constructor, and through it to
 * whatever its scope holds (the readers' memos would stay in memory).
 */
export function valuesConstructor(keys: readonly string[]): new () => RowValues {
  const Values = function (this: RowValues) {
    for (const key of keys) this[key] = null;
  } as unknown as new () => RowValues;
  Values.prototype = Object.prototype;
  return Values;
}

/**
 * A form's row reader: `read(cells, columns)` takes a sheet row and, for each
 * question in declaration order, the index of its column (-1 where the column is
 * missing and reads as blank). With `kept`, the values hold only those questions'
 * answers (what the command reads, see core/projection.ts); every answer is still
 * validated, so which rows are valid and every problem said stay the same.
 */
export function compileRowReader(form: FormDefinition, dates: DateSettings, kept?: ReadonlySet<string>) {
  const stored = form.questions.map((q) => !kept || kept.has(q.key));
  const readers = form.questions.map((q, i) => answerReader(q, dates, stored[i]));
  const keys = form.questions.map((q) => q.key);
  const Values = valuesConstructor(keys.filter((_, i) => stored[i]));
  return (cells: readonly Cell[], columns: readonly number[]): RowResult => {
    const values = new Values();
    let problems: Problem[] | null = null;
    for (let i = 0; i < readers.length; i++) {
      const column = columns[i]!;
      const value = readers[i]!(column === -1 ? null : cells[column]);
      if (value instanceof Problem) (problems ??= []).push(value);
      else if (stored[i]) values[keys[i]!] = value;
    }
    return problems ? { ok: false, problems } : { ok: true, values };
  };
}
