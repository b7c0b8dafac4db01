/**
 * What every part of the sample workbook generator shares: a calendar of day
 * numbers formatted as an en_GB export shows them, a seeded PRNG, the tabs as the
 * form declarations define them, and the small helpers for submission times.
 * Everything here is deterministic: no clock, never Math.random.
 */
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { EWB_FORMS } from '../../core/schemes/ewb/forms.js';
import { BUDDY_FORMS } from '../../core/schemes/buddies/forms.js';
import { LIAISON_FORMS } from '../../core/schemes/liaison/forms.js';
import { HCV_FORMS } from '../../core/schemes/hcv/forms.js';
import type { FormDefinition } from '../../core/form.js';
import type { Tab } from '../../core/workbook.js';

// ---------------------------------------------------------------------------
// Days: integers counted from 1 January 2019, formatted through a lookup table.

const TABLE_FIRST_UTC = Date.UTC(2019, 0, 1);
const TABLE_DAYS = 8 * 366; // to the end of 2026: expected releases run well past the data
const DAY_MS = 86400000;
export const DATE_TEXT: string[] = [];
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

/** Working-day times of a form submission, 08:30:00 to 17:29:59, as HH:mm:ss. */
export const WORK_START = 8 * 3600 + 30 * 60;
export const WORK_SECONDS = 9 * 3600;
export const TIME_TEXT: string[] = [];
for (let s = 0; s < WORK_SECONDS; s++) {
  const t = WORK_START + s;
  const h = Math.floor(t / 3600);
  const m = Math.floor(t / 60) % 60;
  const sec = t % 60;
  TIME_TEXT.push(`${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${sec < 10 ? '0' : ''}${sec}`);
}

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

// ---------------------------------------------------------------------------
// Randomness: mulberry32, seeded; never Math.random.

export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer from a to b inclusive. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** An index drawn with the given weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  /** x rounded down or up at random so that the mean is x (volumes at any scale). */
  round(x: number): number {
    const whole = Math.floor(x);
    return whole + (this.next() < x - whole ? 1 : 0);
  }
  /** k distinct items (k at most items.length), in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = items.slice();
    const n = Math.min(k, pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (pool.length - i));
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
    }
    return pool.slice(0, n);
  }
}

// ---------------------------------------------------------------------------
// The declarations: tabs, columns and vocabularies are read from them, never retyped.

/** Every tab of the sample workbook, in its order: the contract's, then each other scheme's. */
export const SAMPLE_FORMS: readonly FormDefinition[] = [...CONTRACT_FORMS, ...EWB_FORMS, ...BUDDY_FORMS, ...LIAISON_FORMS, ...HCV_FORMS];

export function formById(id: string): FormDefinition {
  const form = SAMPLE_FORMS.find((f) => f.id === id);
  if (!form) throw new Error(`sample generator: no form "${id}" among the sample's forms`);
  return form;
}

export function choicesOf(formId: string, key: string): readonly string[] {
  const q = formById(formId).questions.find((x) => x.key === key);
  if (!q?.choices) throw new Error(`sample generator: ${formId}.${key} has no choices`);
  return q.choices;
}

/** Collects one tab's rows with their submission times, then sorts them as a response tab is. */
export class TabRows {
  readonly form: FormDefinition;
  readonly width: number;
  readonly col: Record<string, number>;
  readonly rows: string[][] = [];
  readonly keys: number[] = [];
  constructor(formId: string) {
    this.form = formById(formId);
    this.width = this.form.questions.length;
    this.col = Object.fromEntries(this.form.questions.map((q, i) => [q.key, i]));
  }
  /** A new blank row, appended; `key` orders it (seconds since the calendar's first day). */
  add(key: number): string[] {
    const row = new Array<string>(this.width).fill('');
    this.rows.push(row);
    this.keys.push(key);
    return row;
  }
  /** An exact copy of a row, submitted twice: it lands just after the original. */
  repeat(index: number): void {
    this.rows.push(this.rows[index]!.slice());
    this.keys.push(this.keys[index]!);
  }
  /** The tab, rows in submission order (ties in the order they were added). */
  tab(sort = true): Tab {
    const header = this.form.questions.map((q) => q.title);
    if (!sort) return { name: this.form.tab, header, rows: this.rows };
    // One number per row: seconds (< 2^28) * 2^24 + index, sorted without a comparator.
    const n = this.rows.length;
    if (n >= 2 ** 24) throw new Error('sample generator: too many rows in one tab');
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = this.keys[i]! * 16777216 + i;
    packed.sort();
    const rows = new Array<string[]>(n);
    for (let i = 0; i < n; i++) rows[i] = this.rows[packed[i]! % 16777216]!;
    return { name: this.form.tab, header, rows };
  }
}


// ---------------------------------------------------------------------------
// Checkbox cells and numbers as text, built once.

export function subsetTexts(choices: readonly string[]): string[] {
  const out: string[] = [];
  for (let mask = 0; mask < 1 << choices.length; mask++) {
    out.push(choices.filter((_, i) => mask & (1 << i)).join(', '));
  }
  return out;
}

export const NUMBER_TEXT: string[] = Array.from({ length: 601 }, (_, i) => String(i));

// ---------------------------------------------------------------------------
// Fictional names, obviously so: made-up words and compounds of a real surname with a made-up one.

export const FIRST_NAMES = [
  'Testa', 'Samplina', 'Demora', 'Fictia', 'Exempla', 'Mockette', 'Dummina', 'Inventa', 'Protota', 'Templia',
  'Specima', 'Fauxine', 'Notrea', 'Pretendia', 'Imaginella', 'Surrogata', 'Fillerina', 'Stubbina', 'Lorema', 'Ipsumina',
  'Simulara', 'Draftina', 'Mockaila', 'Fabulina', 'Placeholda', 'Examplette', 'Trialla', 'Pilotina', 'Mockwyn', 'Dummelle',
] as const;

export const LAST_NAMES = [
  'Example', 'Placeholder', 'Sampleton', 'Madeup-Jones', 'Testington', 'Fictitious', 'Specimen', 'Dummyworth', 'Mockley',
  'Notreal', 'Pretendington', 'Imaginary', 'Exampleby', 'Samplesworth', 'Testcase', 'Madeup-Smith', 'Fakename',
  'Inventley', 'Lorem-Ipsum', 'Fillerton', 'Notreally-Brown', 'Example-Williams', 'Mockington', 'Dummysdale',
  'Trialworth', 'Draftley', 'Protoson', 'Sampleford', 'Testbury', 'Placeholder-Lee',
] as const;

// ---------------------------------------------------------------------------
// Submission times and prison numbers, for any part of the generator with its own stream.

/** The day a form about `event` is submitted: on it or a few days after, on a weekday. */
export function submitDayWith(r: Random, event: number, maxLag = 3): number {
  const x = r.next();
  let d = event + (x < 0.55 ? 0 : x < 0.8 ? 1 : x < 0.9 ? 2 : r.int(2, maxLag));
  while (WEEKDAY[d] === 0 || WEEKDAY[d] === 6) d++;
  return d;
}

/** A working-day time on `day`: [Timestamp text, sort key]. */
export function stampWith(r: Random, day: number): [string, number] {
  const s = Math.floor(r.next() * WORK_SECONDS);
  return [`${dateText(day)} ${TIME_TEXT[s]}`, day * 86400 + WORK_START + s];
}

/** A weekday in [a, b] (a if there is none). */
export function weekdayWith(r: Random, a: number, b: number): number {
  for (let i = 0; i < 12; i++) {
    const d = r.int(a, b);
    if (WEEKDAY[d] !== 0 && WEEKDAY[d] !== 6) return d;
  }
  return a;
}

/** The Monday of a day's week (weeks run Monday to Sunday). */
export const mondayOf = (day: number): number => day - ((WEEKDAY[day]! + 6) % 7);

/** Whether a day is Saturday or Sunday. */
export const isWeekend = (day: number): boolean => WEEKDAY[day] === 0 || WEEKDAY[day] === 6;

/**
 * The i-th prison number of a seed: a bijection of 0 … 26·10⁴·26² − 1 (multiplier
 * coprime to it), so different indexes never give the same number. The women take
 * indexes from 0; other schemes take theirs from bases far above (PRISON_NUMBER_BASES).
 */
export function prisonNumberAt(i: number, seed: number): string {
  const space = 26 * 10000 * 676;
  const n = (i * 104729 + (((seed % space) + space) % space) * 7919) % space;
  const letter = String.fromCharCode(65 + (n % 26));
  const digits = String(Math.floor(n / 26) % 10000).padStart(4, '0');
  const pair = Math.floor(n / 260000);
  return `${letter}${digits}${String.fromCharCode(65 + Math.floor(pair / 26))}${String.fromCharCode(65 + (pair % 26))}`;
}

/** Where each scheme's people start among the prison number indexes: no two schemes share one. */
export const PRISON_NUMBER_BASES = { mentees: 100_000_000, recipients: 110_000_000, hcv: 120_000_000 } as const;
