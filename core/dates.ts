/**
 * Reading dates the way data contract §1 says: en_GB text (or en_US where that is the
 * setting), ISO text, real date cells and spreadsheet serial numbers, always as
 * wall-clock readings in the spreadsheet's time zone. Never `new Date(text)`.
 *
 * Dates travel as ISO text: a date is `yyyy-mm-dd`, a timestamp
 * `yyyy-mm-ddTHH:mm:ss`. Both compare and sort as strings, and reading them needs
 * no date object per cell (a 10-million-cell workbook is read in seconds).
 */
import { DateTime } from 'luxon';
import type { Cell } from './workbook.js';
import type { Settings } from './settings.js';
import { UserError } from './errors.js';

/** Days between the spreadsheet epoch (30 Dec 1899) and the Unix epoch. */
const SERIAL_EPOCH_OFFSET = 25569;
const DAY_MS = 86400000;

const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export type DateSettings = Pick<Settings, 'timeZone' | 'locale'>;

/**
 * Reads a cell as a wall-clock timestamp `yyyy-mm-ddTHH:mm:ss` in the spreadsheet's
 * time zone, or null when it cannot be read (31/02/2021, "next week", 13/13/2021).
 */
export function readTimestamp(cell: Cell, settings: DateSettings): string | null {
  return readWallClock(cell, settings, true);
}

/** Whether readTimestamp reads the cell, without making its text (for a timestamp no record keeps). */
export function isTimestamp(cell: Cell, settings: DateSettings): boolean {
  return readWallClock(cell, settings, null) !== null;
}

/** Reads a cell as a calendar date `yyyy-mm-dd` (a time of day, if any, is dropped). */
export function readDate(cell: Cell, settings: DateSettings): string | null {
  return readWallClock(cell, settings, false);
}

/** `withTime` null: only whether the cell can be read (a readable one gives VALID, no text made). */
function readWallClock(cell: Cell, settings: DateSettings, withTime: boolean | null): string | null {
  if (cell instanceof DateTime) {
    if (!cell.isValid) return null;
    const local = cell.setZone(settings.timeZone);
    return format(local.year, local.month, local.day, local.hour, local.minute, local.second, withTime);
  }
  if (typeof cell === 'number') return fromSerial(cell, withTime);
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  if (isSlashedTimestamp(text)) {
    // dd/mm/yyyy hh:mm:ss, as Google Forms writes every Timestamp: read without a regular expression.
    const [first, second] = [twoDigits(text, 0), twoDigits(text, 3)];
    const [day, month] = settings.locale === 'en_US' ? [second, first] : [first, second];
    const year = twoDigits(text, 6) * 100 + twoDigits(text, 8);
    return checked(year, month, day, twoDigits(text, 11), twoDigits(text, 14), twoDigits(text, 17), withTime);
  }
  let m = ISO.exec(text);
  if (m) {
    if (!m[7]) return checked(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), withTime);
    const local = checked(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), true);
    if (local === null) return null;
    // An explicit offset (Z, +01:00) makes it an instant: read it at the spreadsheet's wall clock.
    const offset = m[7] === 'Z' ? 'UTC' : `UTC${m[7].slice(0, 3)}:${m[7].slice(-2)}`;
    return readWallClock(DateTime.fromISO(local, { zone: offset }), settings, withTime);
  }
  m = SLASHED.exec(text);
  if (m) {
    const [first, second] = [+m[1]!, +m[2]!];
    const [day, month] = settings.locale === 'en_US' ? [second, first] : [first, second];
    return checked(+m[3]!, month, day, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), withTime);
  }
  return null;
}

/** Whether the text is exactly dd/mm/yyyy hh:mm:ss (digits where the pattern has them), a form SLASHED reads the same way. */
function isSlashedTimestamp(text: string): boolean {
  if (text.length !== 19) return false;
  for (let i = 0; i < 19; i++) {
    const c = text.charCodeAt(i);
    const expected = TIMESTAMP_SHAPE.charCodeAt(i);
    if (expected === 100 ? c < 48 || c > 57 : c !== expected) return false; // 'd' stands for a digit
  }
  return true;
}

const TIMESTAMP_SHAPE = 'dd/dd/dddd dd:dd:dd';

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

function checked(year: number, month: number, day: number, h = 0, mi = 0, s = 0, withTime: boolean | null = true): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (h > 23 || mi > 59 || s > 59 || year < 1900) return null;
  return format(year, month, day, h, mi, s, withTime);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function fromSerial(serial: number, withTime: boolean | null): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  // A serial is a wall-clock reading: its UTC fields are the local fields. It is a
  // float (00:30 can arrive as 00:29:59.9999), so round to the nearest second.
  const d = new Date(Math.round((serial - SERIAL_EPOCH_OFFSET) * 86400) * 1000);
  return format(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), withTime);
}

/** The spreadsheet serial number of an ISO date (for writing real date cells). */
export function serialFromIsoDate(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS + SERIAL_EPOCH_OFFSET;
}

/** "00" to "59": formatting a million dates should not build a million small strings. */
const TWO = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/**
 * Dates and times of day already formatted, shared: a timestamp is then one small
 * joint of two shared strings, not a new string of 19 characters and the pieces
 * it was built from (a million timestamps held that way cost a hundred megabytes).
 */
const DATES = new Map<number, string>();
const TIMES: (string | undefined)[] = Array.from({ length: 86400 }, () => undefined);

const VALID = '';

function format(y: number, mo: number, d: number, h: number, mi: number, s: number, withTime: boolean | null): string {
  if (withTime === null) return VALID;
  const day = y * 10000 + mo * 100 + d;
  let date = DATES.get(day);
  if (date === undefined) {
    date = `${y}-${TWO[mo]}-${TWO[d]}`;
    if (DATES.size < 100_000) DATES.set(day, date);
  }
  if (!withTime) return date;
  const second = h * 3600 + mi * 60 + s;
  return date + (TIMES[second] ??= `T${TWO[h]}:${TWO[mi]}:${TWO[s]}`);
}

/** Today in the spreadsheet's time zone, as `yyyy-mm-dd`. */
export function today(zone: string): string {
  return DateTime.now().setZone(zone).toISODate()!;
}

/** Parses an ISO date given on the command line or in settings; throws a UserError. */
export function parseIsoDateOption(text: string, what: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const iso = m ? checked(+m[1]!, +m[2]!, +m[3]!) : null;
  if (!iso) throw new UserError(`${what} must be a real date written yyyy-mm-dd, not "${text}"`);
  return iso.slice(0, 10);
}

/** Adds days to an ISO date. */
export function addDays(iso: string, days: number): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).plus({ days }).toISODate()!;
}

/** Whole days from `from` to `to` (ISO dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = DateTime.fromISO(from, { zone: 'utc' });
  const b = DateTime.fromISO(to, { zone: 'utc' });
  return Math.round(b.diff(a, 'days').days);
}

/** "2 January 2021": how reports and packs show a date. */
export function longDate(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setLocale('en-GB').toFormat('d MMMM yyyy');
}
