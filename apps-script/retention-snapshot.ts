/**
 * What Retention review records for Delete reviewed rows (in the document
 * properties, not in its tab, which anyone can edit or sort), so that a deletion
 * can tell whether the review still describes the data: for every tab reviewed,
 * its sheet id and how many rows it had; for every row listed, its row number and a
 * fingerprint of its content. A row added, removed or edited anywhere above a
 * listed row, or in it, then shows as a different count or fingerprint.
 *
 * Compact, because document properties hold 500 kB in all: row numbers as ranges
 * ("2-40,52"), fingerprints as 7 characters each, one after another.
 */
import { DateTime } from 'luxon';
import type { Cell } from '../core/workbook.js';

export interface ReviewedTab {
  /** The form's declared tab name (Contacts, …). */
  tab: string;
  /** The form declaration's id, to find its linked form and tab. */
  form: string;
  sheet: number;
  /** Rows the tab had with its header (what a read returns): rows added or deleted change it. */
  rows: number;
  /** The rows still to delete, ascending, each with its fingerprint. */
  listed: { row: number; print: string }[];
}

export interface Snapshot {
  /** Wall-clock time the review was made, `yyyy-mm-ddTHH:mm:ss`: tells one review from the next. */
  madeAt: string;
  asOf: string;
  retentionMonths: number;
  /** Dates before this day were older than the period. */
  before: string;
  /** Rows the review found due; more than were listed when it hit MAX_LISTED_ROWS. */
  due: number;
  /** Rows deleted by earlier runs of Delete reviewed rows (stopped for time). */
  deleted: number;
  /** What the review could not read in full, in words (never a person's answer). */
  notes: string[];
  /** Every tab reviewed, in the forms' order. */
  tabs: ReviewedTab[];
}

/**
 * Rows one review lists for deletion at most: with their fingerprints they take
 * about 150 kB of the document properties' 500 kB. Beyond, the review lists the
 * first ones, and a review made after they are deleted lists the rest.
 */
export const MAX_LISTED_ROWS = 20_000;

const PRINT_CHARS = 7;
const PRINT_RANGE = 36 ** PRINT_CHARS;

/** cyrb53 (a public-domain 53-bit string hash): no Utilities call per row, and the same in Node and Apps Script. */
function hash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A row's fingerprint: every cell as read (a date by its instant), trailing blanks
 * left out so that a column added to the tab after the review changes no row it
 * leaves blank. The Timestamp and Edit link make rows differ from each other.
 */
export function fingerprint(cells: readonly Cell[] | undefined): string {
  const parts = (cells ?? []).map((c) => (c === null || c === '' ? '' : c instanceof DateTime ? `d${c.toMillis()}` : `${typeof c}:${String(c)}`));
  while (parts.length > 0 && parts.at(-1) === '') parts.pop();
  return (hash(parts.join('\u241f')) % PRINT_RANGE).toString(36).padStart(PRINT_CHARS, '0');
}

/** Ascending row numbers as ranges: [2, 3, 4, 9] → "2-4,9". */
function ranges(rows: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    out.push(i === j ? String(rows[i]) : `${rows[i]}-${rows[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

function unranges(text: string): number[] | null {
  if (text === '') return [];
  const rows: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const [first, last] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (last < first || (rows.length > 0 && first <= rows.at(-1)!)) return null;
    for (let row = first; row <= last; row++) rows.push(row);
  }
  return rows;
}

interface StoredTab {
  tab: string;
  form: string;
  sheet: number;
  rows: number;
  listed: string;
  prints: string;
}

export function encodeSnapshot(snapshot: Snapshot): string {
  const tabs: StoredTab[] = snapshot.tabs.map((t) => ({
    tab: t.tab,
    form: t.form,
    sheet: t.sheet,
    rows: t.rows,
    listed: ranges(t.listed.map((r) => r.row)),
    prints: t.listed.map((r) => r.print).join(''),
  }));
  return JSON.stringify({ v: 1, ...snapshot, tabs });
}

/** The record as stored, or null when it cannot be read (never guessed at: it decides what is deleted). */
export function decodeSnapshot(text: string): Snapshot | null {
  try {
    const s = JSON.parse(text) as Partial<Snapshot & { v: number; tabs: StoredTab[] }>;
    const isText = (v: unknown): v is string => typeof v === 'string';
    const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
    if (s.v !== 1 || !isText(s.madeAt) || !isText(s.asOf) || !isText(s.before) || !isCount(s.retentionMonths) || !isCount(s.due) || !isCount(s.deleted)) return null;
    if (!Array.isArray(s.notes) || !s.notes.every(isText) || !Array.isArray(s.tabs)) return null;
    const tabs: ReviewedTab[] = [];
    for (const t of s.tabs) {
      if (!isText(t.tab) || !isText(t.form) || !isCount(t.sheet) || !isCount(t.rows) || !isText(t.listed) || !isText(t.prints)) return null;
      const rows = unranges(t.listed);
      if (rows === null || t.prints.length !== rows.length * PRINT_CHARS) return null;
      tabs.push({ tab: t.tab, form: t.form, sheet: t.sheet, rows: t.rows, listed: rows.map((row, i) => ({ row, print: t.prints.slice(i * PRINT_CHARS, (i + 1) * PRINT_CHARS) })) });
    }
    return { madeAt: s.madeAt, asOf: s.asOf, retentionMonths: s.retentionMonths, before: s.before, due: s.due, deleted: s.deleted, notes: s.notes, tabs };
  } catch {
    return null;
  }
}

/** Rows still to delete, all tabs together. */
export function listedRows(snapshot: Snapshot): number {
  return snapshot.tabs.reduce((n, t) => n + t.listed.length, 0);
}
