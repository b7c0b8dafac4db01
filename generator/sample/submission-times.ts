/**
 * When things happen and when their forms are submitted, drawn from a caller's own
 * random stream (each scheme's sample keeps its own, so adding one changes no other):
 * an event on a weekday, the form a few days later, stamped during the working day.
 */
import { dateText, isWeekend } from './calendar.js';
import type { Random } from './random.js';

/** Working-day times of a form submission, 08:30:00 to 17:29:59, as HH:mm:ss. */
const WORK_START = 8 * 3600 + 30 * 60;
const WORK_SECONDS = 9 * 3600;
const TIME_TEXT: string[] = [];
for (let s = 0; s < WORK_SECONDS; s++) {
  const t = WORK_START + s;
  const h = Math.floor(t / 3600);
  const m = Math.floor(t / 60) % 60;
  const sec = t % 60;
  TIME_TEXT.push(`${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${sec < 10 ? '0' : ''}${sec}`);
}

/** The day a form about `event` is submitted: on it or a few days after, on a weekday. */
export function submitDayWith(r: Random, event: number, maxLag = 3): number {
  const x = r.next();
  let d = event + (x < 0.55 ? 0 : x < 0.8 ? 1 : x < 0.9 ? 2 : r.int(2, maxLag));
  while (isWeekend(d)) d++;
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
    if (!isWeekend(d)) return d;
  }
  return a;
}
