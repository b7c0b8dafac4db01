/** Handlebars helpers, registered by name: small, pure, and safe with what staff typed. */
import Handlebars, { type HelperDelegate } from 'handlebars';
import { longDate } from '../../core/dates.js';
import { barChart, sparkline, type ChartPoint } from './charts.js';

export const HELPERS: Record<string, HelperDelegate> = {
  /** 2021-04-01 → 1 April 2021. */
  longDate: (iso: unknown) => (typeof iso === 'string' && iso ? longDate(iso) : ''),
  /** Singular or plural: {{plural n "row" "rows"}}. */
  plural: (n: unknown, one: string, many: string) => (n === 1 ? one : many),
  eq: (a: unknown, b: unknown) => a === b,
  /** True if any argument is: (or entries.length unlistedChoice). The last argument is Handlebars' options. */
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  /** Joins strings: (concat title " — " label). The last argument is Handlebars' options. */
  concat: (...args: unknown[]) => args.slice(0, -1).join(''),
  /** A UK phone number grouped as people say it: 01632960123 → 01632 960123. */
  phone: (value: unknown) => (typeof value === 'string' ? formatPhone(value) : ''),
  /** A tel: link for a phone number. */
  telHref: (value: unknown) => (typeof value === 'string' ? telHref(value) : ''),
  /** A list of row numbers as ranges: 2, 3, 4, 9 → "2–4, 9". */
  rowRanges: (rows: unknown) => (Array.isArray(rows) ? rowRanges(rows as number[]) : ''),
  /** An inline SVG sparkline of a line's periods (ChartPoint[], oldest first), with its text alternative. */
  sparkline: (points: unknown) => (Array.isArray(points) ? new Handlebars.SafeString(sparkline(points as ChartPoint[])) : ''),
  /** An inline SVG bar chart: {{barChart title bars}}. */
  barChart: (title: unknown, bars: unknown) => (Array.isArray(bars) ? new Handlebars.SafeString(barChart(String(title), bars as ChartPoint[])) : ''),
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

/** Groups a UK number by its kind (London 020, mobiles and freephone 07/08, other areas 01). */
export function formatPhone(raw: string): string {
  const digits = raw.replace(/[^\d+]/g, '').replace(/^\+44/, '0');
  if (!/^0\d{9,10}$/.test(digits)) return raw.trim();
  if (/^0(20|23|24|28|29)/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  if (/^0[3789]/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  return `${digits.slice(0, 5)} ${digits.slice(5)}`;
}

function telHref(raw: string): string {
  const digits = raw.replace(/[^\d+]/g, '');
  return `tel:${digits.startsWith('0') ? '+44' + digits.slice(1) : digits}`;
}
