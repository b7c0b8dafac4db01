/** Handlebars helpers, registered by name: small, pure, and safe with what staff typed. */
import type { HelperDelegate } from 'handlebars';
import { longDate } from '../../core/dates.js';

export const HELPERS: Record<string, HelperDelegate> = {
  /** 2021-04-01 → 1 April 2021. */
  longDate: (iso: unknown) => (typeof iso === 'string' && iso ? longDate(iso) : ''),
  /** Singular or plural: {{plural n "row" "rows"}}. */
  plural: (n: unknown, one: string, many: string) => (n === 1 ? one : many),
  eq: (a: unknown, b: unknown) => a === b,
  /** Joins strings: (concat title " — " label). The last argument is Handlebars' options. */
  concat: (...args: unknown[]) => args.slice(0, -1).join(''),
  /** A list of row numbers as ranges: 2, 3, 4, 9 → "2–4, 9". */
  rowRanges: (rows: unknown) => (Array.isArray(rows) ? rowRanges(rows as number[]) : ''),
};

/** Row numbers as ranges (an en dash, which no spreadsheet mistakes for a date). */
export function rowRanges(rows: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    parts.push(j === i ? String(rows[i]) : `${rows[i]}–${rows[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
