/**
 * Reporting periods (data contract §3). NHS financial-year quarters by default
 * (`2021-22 Q1` = 1 Apr – 30 Jun 2021); calendar quarters and contract quarters
 * (counted from the contract's start date) are settings. Both ends are inclusive
 * calendar dates, written as ISO text.
 */
import { DateTime } from 'luxon';
import type { Settings } from './settings.js';
import { UserError } from './errors.js';
import { parseIsoDateOption } from './dates.js';

export interface Period {
  label: string;
  /** First day, `yyyy-mm-dd`, inclusive. */
  start: string;
  /** Last day, `yyyy-mm-dd`, inclusive. */
  end: string;
}

type QuarterSettings = Pick<Settings, 'quarters' | 'contractStart'>;

const iso = (d: DateTime) => d.toISODate()!;
const utcDate = (text: string) => DateTime.fromISO(text, { zone: 'utc' });

function financial(startYear: number, q: number): Period {
  const start = DateTime.utc(startYear, 4, 1).plus({ months: 3 * (q - 1) });
  const yy = String((startYear + 1) % 100).padStart(2, '0');
  return { label: `${startYear}-${yy} Q${q}`, start: iso(start), end: iso(start.plus({ months: 3 }).minus({ days: 1 })) };
}

function calendar(year: number, q: number): Period {
  const start = DateTime.utc(year, 1, 1).plus({ months: 3 * (q - 1) });
  return { label: `${year} Q${q}`, start: iso(start), end: iso(start.plus({ months: 3 }).minus({ days: 1 })) };
}

function contract(contractStart: string, n: number): Period {
  // Both ends count from the contract start (not from this quarter's start), so that a
  // start late in the month (31 January) leaves no day between one quarter and the next.
  const first = utcDate(contractStart);
  const start = first.plus({ months: 3 * (n - 1) });
  // Quarters before the contract (0, -1, …) exist so every date has one, but are named as such.
  const label = n >= 1 ? `Contract Q${n}` : `Before the contract (Q${n})`;
  return { label, start: iso(start), end: iso(first.plus({ months: 3 * n }).minus({ days: 1 })) };
}

const EXAMPLES: Record<Settings['quarters'], string> = {
  financial: '2021-22-Q1 (financial year 2021-22, quarter 1: April to June 2021)',
  calendar: '2021-Q1 (January to March 2021)',
  contract: 'C1 (the first three months of the contract)',
};

/** Reads a quarter as written on the command line, by the settings' kind of quarter. */
export function parseQuarter(text: string, settings: QuarterSettings): Period {
  const t = text.trim().toUpperCase();
  const bad = () => new UserError(`"${text}" is not a ${settings.quarters} quarter: write it like ${EXAMPLES[settings.quarters]}`);
  if (settings.quarters === 'financial') {
    const m = /^(\d{4})[-/](\d{2})[- ]?Q([1-4])$/.exec(t);
    if (!m || (+m[1]! + 1) % 100 !== +m[2]!) throw bad();
    return financial(+m[1]!, +m[3]!);
  }
  if (settings.quarters === 'calendar') {
    const m = /^(\d{4})[- ]?Q([1-4])$/.exec(t);
    if (!m) throw bad();
    return calendar(+m[1]!, +m[2]!);
  }
  const m = /^(?:C|CONTRACT[- ]?Q?)(\d{1,2})$/.exec(t);
  if (!m || +m[1]! < 1) throw bad();
  return contract(settings.contractStart, +m[1]!);
}

/** The quarter that contains a date. */
export function quarterContaining(date: string, settings: QuarterSettings): Period {
  const d = utcDate(date);
  if (settings.quarters === 'financial') {
    const startYear = d.month >= 4 ? d.year : d.year - 1;
    return financial(startYear, Math.floor(((d.month + 8) % 12) / 3) + 1);
  }
  if (settings.quarters === 'calendar') return calendar(d.year, Math.floor((d.month - 1) / 3) + 1);
  const months = Math.floor(d.diff(utcDate(settings.contractStart), 'months').months);
  return contract(settings.contractStart, Math.floor(months / 3) + 1);
}

/** The quarters that overlap [start, end], in order. */
export function quartersBetween(start: string, end: string, settings: QuarterSettings): Period[] {
  const out: Period[] = [];
  let q = quarterContaining(start, settings);
  while (q.start <= end) {
    out.push(q);
    q = quarterContaining(iso(utcDate(q.end).plus({ days: 1 })), settings);
  }
  return out;
}

/** The last `count` quarters up to and including the one containing `date`. */
export function quartersEndingAt(date: string, count: number, settings: QuarterSettings): Period[] {
  const out: Period[] = [quarterContaining(date, settings)];
  while (out.length < count) out.unshift(quarterContaining(iso(utcDate(out[0]!.start).minus({ days: 1 })), settings));
  return out;
}

/** The contract's whole period: its start date for `contractMonths` months. */
export function contractPeriod(settings: Pick<Settings, 'contractStart' | 'contractMonths'>): Period {
  const start = utcDate(settings.contractStart);
  return { label: 'Contract', start: settings.contractStart, end: iso(start.plus({ months: settings.contractMonths }).minus({ days: 1 })) };
}

/** A period given as `--from` and `--to` dates. */
export function customPeriod(from: string, to: string): Period {
  const start = parseIsoDateOption(from, '--from');
  const end = parseIsoDateOption(to, '--to');
  if (end < start) throw new UserError(`--to (${end}) is before --from (${start})`);
  return { label: `${start} to ${end}`, start, end };
}

/** True when the period is one of the settings' quarters (not a --from/--to range of other days). */
export function isQuarter(period: Pick<Period, 'start' | 'end'>, settings: QuarterSettings): boolean {
  const q = quarterContaining(period.start, settings);
  return q.start === period.start && q.end === period.end;
}

const rangeLabel = (start: string, end: string) => `${start} to ${end}`;

/** The period a report compares with: the quarter before, or for a range of other days the range of the same length just before it. */
export function previousPeriod(period: Period, settings: QuarterSettings): Period {
  const dayBefore = iso(utcDate(period.start).minus({ days: 1 }));
  if (isQuarter(period, settings)) return quarterContaining(dayBefore, settings);
  const days = utcDate(period.end).diff(utcDate(period.start), 'days').days;
  const start = iso(utcDate(dayBefore).minus({ days }));
  return { label: rangeLabel(start, dayBefore), start, end: dayBefore };
}

/**
 * The same quarter a year before (whatever the kind of quarter: four quarters back);
 * for a range of other days, the same days a year before, or null when the range is
 * longer than a year (it would overlap itself).
 */
export function periodAYearBefore(period: Period, settings: QuarterSettings): Period | null {
  // Stepping back, not a year's dates: a contract starting on the 31st has quarters starting on the 30th.
  if (isQuarter(period, settings)) return periodsEndingWith(period, 5, settings)[0]!;
  const start = iso(utcDate(period.start).minus({ years: 1 }));
  const end = iso(utcDate(period.end).minus({ years: 1 }));
  return end < period.start ? { label: rangeLabel(start, end), start, end } : null;
}

/** The `count` periods ending with this one, each the previousPeriod of the next, oldest first. */
export function periodsEndingWith(period: Period, count: number, settings: QuarterSettings): Period[] {
  const out = [period];
  while (out.length < count) out.unshift(previousPeriod(out[0]!, settings));
  return out;
}
