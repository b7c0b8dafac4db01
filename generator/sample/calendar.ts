/**
 * The sample's calendar: days as integers counted from 1 January 2019, so that two
 * years of rows (a million at scale 100) need integer arithmetic and a table lookup
 * per date, never a Date object per cell. Here too the contract's period, quarters
 * and months, which every scheme's sample spans. Deterministic: no clock.
 */

const TABLE_FIRST_UTC = Date.UTC(2019, 0, 1);
const TABLE_DAYS = 8 * 366; // to the end of 2026: expected releases run well past the data
const DAY_MS = 86400000;
/** Each day's dd/mm/yyyy, built once. */
const DATE_TEXT: string[] = [];
export const WEEKDAY: number[] = []; // 0 Sunday … 6 Saturday
for (let d = 0; d < TABLE_DAYS; d++) {
  const t = new Date(TABLE_FIRST_UTC + d * DAY_MS);
  const dd = t.getUTCDate();
  const mm = t.getUTCMonth() + 1;
  DATE_TEXT.push(`${dd < 10 ? '0' : ''}${dd}/${mm < 10 ? '0' : ''}${mm}/${t.getUTCFullYear()}`);
  WEEKDAY.push(t.getUTCDay());
}

/** The day number of a calendar date. */
export function dayOf(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - TABLE_FIRST_UTC) / DAY_MS);
}

/** A day number as the sheet shows it, dd/mm/yyyy. */
export function dateText(day: number): string {
  const text = DATE_TEXT[day];
  if (text === undefined) throw new Error(`sample generator: day ${day} is outside its calendar`);
  return text;
}

/** The Monday of a day's week (weeks run Monday to Sunday). */
export const mondayOf = (day: number): number => day - ((WEEKDAY[day]! + 6) % 7);

/** Whether a day is Saturday or Sunday. */
export const isWeekend = (day: number): boolean => WEEKDAY[day] === 0 || WEEKDAY[day] === 6;

export const START = dayOf(2021, 1, 2); // the contract's first day
export const END = dayOf(2023, 1, 1); // its last (24 months)

/** NHS financial quarters that the data covers, clipped to the contract. */
export const QUARTERS: ReadonlyArray<readonly [number, number]> = [
  [START, dayOf(2021, 3, 31)],
  [dayOf(2021, 4, 1), dayOf(2021, 6, 30)],
  [dayOf(2021, 7, 1), dayOf(2021, 9, 30)],
  [dayOf(2021, 10, 1), dayOf(2021, 12, 31)],
  [dayOf(2022, 1, 1), dayOf(2022, 3, 31)],
  [dayOf(2022, 4, 1), dayOf(2022, 6, 30)],
  [dayOf(2022, 7, 1), dayOf(2022, 9, 30)],
  [dayOf(2022, 10, 1), dayOf(2022, 12, 31)],
];

/** Calendar months of the contract, clipped to it: [first day, last day]. */
export const MONTHS: Array<readonly [number, number]> = [];
for (let i = 0; i < 24; i++) {
  const y = 2021 + Math.floor(i / 12);
  const m = (i % 12) + 1;
  const first = Math.max(dayOf(y, m, 1), START);
  const last = dayOf(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - 1;
  MONTHS.push([first, last]);
}
