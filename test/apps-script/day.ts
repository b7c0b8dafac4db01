/**
 * A working day on a big workbook, in the runtime meter's simulated time
 * (fakes/meter.ts): the scenario test (day.test.ts) asserts its bounds and
 * `npm run bench` prints its figures (bench.ts). Nothing sleeps: a day runs in
 * seconds.
 *
 * The workbook: the synthetic sample scaled to about 50,000 response rows, typed
 * into the fake tabs (so dates become date cells, as in Sheets), each row with an
 * edit link as its own submission would have left it. The day: `staff` people
 * each send `perStaff` responses between 08:00 and 18:00, in bursts (a handful of
 * people within the same two minutes, a few seconds apart, so that executions
 * overlap and wait for the lock), plus the hourly trigger at 17 past every hour.
 * Every trigger runs as the account that owns the triggers.
 */
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { OTHER_SERVICES } from './bounds.js';
import { loadScript, type Harness } from './harness.js';
import { generateSubmissions, prng } from './responses.js';

/** The sample has about 9,700 rows at scale 1. */
const SAMPLE_ROWS = 9733;

export interface BigWorkbook {
  h: Harness;
  rows: number;
  cells: number;
}

/** Set up, the sample scaled to `targetRows` response rows, then one Refresh from the menu (which caches what submissions need). */
export async function bigWorkbook(targetRows: number, codePath?: string): Promise<BigWorkbook> {
  const h = await loadScript('2023-03-01T07:00:00', codePath);
  h.script.setUp();
  const workbook = generateSampleWorkbook({ scale: targetRows / SAMPLE_ROWS });
  let rows = 0;
  let cells = 0;
  for (const tab of workbook.tabs) {
    const sheet = h.google.spreadsheet.sheet(tab.name);
    if (!sheet || tab.rows.length === 0) continue;
    const header = sheet.dump()[0]!.map(String);
    const link = header.indexOf('Edit link');
    const values = tab.rows.map((row, r) =>
      header.map((title, c) => (c === link ? `https://docs.google.com/forms/d/e/sample/viewform?edit2=${tab.name}-${r}` : (row[tab.header.indexOf(title)] ?? ''))),
    );
    sheet.maxRows = Math.max(sheet.maxRows, values.length + 1);
    sheet.rangeUncounted(2, 1, values.length, header.length).setValues(values);
    rows += values.length;
    cells += values.length * header.length;
  }
  h.script.refreshViews();
  return { h, rows, cells };
}

export interface DayFigures {
  submissions: number;
  /** The owner's trigger runtime that day, ms (submissions and hourly triggers). */
  triggerMs: number;
  submissionMs: { total: number; max: number };
  /** The hourly triggers: how many rebuilt, and their runtime. */
  rebuilds: { runs: number; rebuilt: number; totalMs: number; maxMs: number };
  /** Spreadsheet and Forms calls of the costliest submission. */
  maxSubmissionCalls: number;
  /** Time executions spent waiting for the lock, ms, and how many gave up (their check waits for the rebuild). */
  lockWaitMs: number;
  lockedOut: number;
  /** Executions that failed (Google's message), if any. */
  failed: string[];
}

interface Event {
  at: string;
  kind: 'submit' | 'hourly';
  form?: string;
  answers?: Record<string, string | string[] | null>;
}

const pad = (n: number) => String(n).padStart(2, '0');
const wallClock = (day: string, seconds: number) => `${day}T${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;

/** The day's events in time order: bursts of submissions between 08:00 and 18:00, and the hourly trigger. */
function dayEvents(day: string, staff: number, perStaff: number, seed: number): Event[] {
  const random = prng(seed);
  const { submissions } = generateSubmissions(staff * perStaff, seed);
  const events: Event[] = [];
  let next = 0;
  while (next < submissions.length) {
    // A burst: 2 to 8 people within two minutes, a few seconds apart.
    const size = Math.min(submissions.length - next, 2 + Math.floor(random() * 7));
    let at = 8 * 3600 + Math.floor(random() * 10 * 3600);
    for (let i = 0; i < size; i++, next++) {
      at += 1 + Math.floor(random() * 20);
      const { form, answers } = submissions[next]!;
      events.push({ at: wallClock(day, at), kind: 'submit', form, answers });
    }
  }
  for (let hour = 0; hour < 24; hour++) events.push({ at: wallClock(day, hour * 3600 + 17 * 60), kind: 'hourly' });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * Runs the day. `design`: 'hourly' is peerkit's (each submission checks its row,
 * the hourly trigger rebuilds); 'refresh-each' is the earlier design's path for a
 * workbook under 5,000 rows, a full rebuild in every submission's execution,
 * measured on the first `sample` submissions only (a full day of it takes long to
 * simulate) and scaled to the day.
 */
export function runDay(big: BigWorkbook, options: { day?: string; staff?: number; perStaff?: number; seed?: number; design?: 'hourly' | 'refresh-each'; sample?: number } = {}): DayFigures {
  const { h } = big;
  const day = options.day ?? '2023-03-01';
  const design = options.design ?? 'hourly';
  const meter = h.google.env.meter;
  const user = h.google.env.user;
  const events = dayEvents(day, options.staff ?? 20, options.perStaff ?? 10, options.seed ?? 5);
  const submissions = events.filter((e) => e.kind === 'submit');
  const sample = design === 'refresh-each' ? Math.min(options.sample ?? submissions.length, submissions.length) : submissions.length;
  h.google.lock.overlap = true;
  const firstExecution = meter.executions.length;
  const blockedBefore = h.google.lock.blocked.length;
  const figures: DayFigures = {
    submissions: 0,
    triggerMs: 0,
    submissionMs: { total: 0, max: 0 },
    rebuilds: { runs: 0, rebuilt: 0, totalMs: 0, maxMs: 0 },
    maxSubmissionCalls: 0,
    lockWaitMs: 0,
    lockedOut: 0,
    failed: [],
  };
  const lastRun = () => meter.executions.at(-1)!;
  try {
    for (const event of events) {
      if (figures.submissions >= sample && (design === 'refresh-each' || event.kind === 'submit')) continue;
      h.setNow(event.at);
      try {
        if (event.kind === 'hourly') {
          if (design === 'refresh-each') continue;
          const writes = () => h.google.env.writes.total();
          const before = writes();
          h.asTrigger(() => h.script.hourlyRefresh());
          figures.rebuilds.runs++;
          if (writes() > before) figures.rebuilds.rebuilt++;
          figures.rebuilds.totalMs += lastRun().ms;
          figures.rebuilds.maxMs = Math.max(figures.rebuilds.maxMs, lastRun().ms);
          continue;
        }
        const submitted = h.submit(event.form!, event.answers!);
        h.google.env.resetCounts();
        h.asTrigger(() =>
          h.oneExecution(() => {
            h.script.onFormSubmit(submitted);
            if (design === 'refresh-each') h.script.dailyRefresh(); // in the same execution, as the earlier design refreshed
          }),
        );
        const calls = Object.entries(h.google.env.calls.byName()).reduce((n, [name, c]) => n + (OTHER_SERVICES.test(name) ? 0 : c), 0);
        figures.maxSubmissionCalls = Math.max(figures.maxSubmissionCalls, calls);
        figures.submissions++;
        figures.submissionMs.total += lastRun().ms;
        figures.submissionMs.max = Math.max(figures.submissionMs.max, lastRun().ms);
      } catch (error) {
        figures.failed.push(error instanceof Error ? error.message : String(error));
      }
    }
  } finally {
    h.google.lock.overlap = false;
  }
  const runs = meter.executions.slice(firstExecution).filter((e) => e.kind === 'trigger');
  figures.failed.push(...runs.flatMap((e) => (e.failed ? [e.failed] : [])).filter((m) => !figures.failed.includes(m)));
  figures.triggerMs = design === 'refresh-each' ? (runs.reduce((n, e) => n + e.ms, 0) * submissions.length) / Math.max(1, figures.submissions) : meter.triggerMs(user, h.clock());
  const blocked = h.google.lock.blocked.slice(blockedBefore);
  figures.lockWaitMs = blocked.reduce((n, ms) => n + ms, 0);
  figures.lockedOut = h.google.env.logs.filter((l) => l.startsWith('Another run held the lock')).length;
  return figures;
}
