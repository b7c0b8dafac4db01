/**
 * `npm run bench` (through apps-script/bench.mjs): a busy day's trigger runtime in
 * Apps Script, simulated against the fakes' runtime meter (fakes/meter.ts: a
 * latency per call by kind, per cell read and written, the bundle's load per
 * execution, the time spent waiting for the lock). Not a test: it prints figures.
 * The day is day.ts's: 20 staff × 10 submissions in bursts and the hourly trigger,
 * on the synthetic sample scaled to about 50,000 response rows. It is run twice,
 * each time on a fresh copy: as peerkit does it (each submission checks its own row,
 * the hourly trigger rebuilds), and as the earlier design did while a workbook had
 * under 5,000 rows (a full rebuild in every submission's execution), the latter
 * on its first submissions only, scaled to the day.
 */
import { CONSUMER_TRIGGER_MS_PER_DAY } from './fakes/meter.js';
import { bigWorkbook, runDay, type DayFigures } from './day.js';

const TARGET_ROWS = 50_000;
/** The bound the README states. */
const DAY_LIMIT_MINUTES = 30;
/** Submissions of the earlier design simulated (each rebuilds 50,000 rows: slow to simulate). */
const OLD_DESIGN_SAMPLE = 12;

const minutes = (ms: number) => ms / 60_000;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function line(design: string, day: DayFigures, note: string): string {
  const mean = day.submissionMs.total / Math.max(1, day.submissions);
  const quota = minutes(day.triggerMs) / minutes(CONSUMER_TRIGGER_MS_PER_DAY);
  return `| ${design} | **${minutes(day.triggerMs).toFixed(1)} min** | ${(quota * 100).toFixed(0)}% | ${seconds(mean)} / ${seconds(day.submissionMs.max)} | ${note} |`;
}

export async function benchDay(codePath: string): Promise<void> {
  const fresh = await bigWorkbook(TARGET_ROWS, codePath);
  const now = runDay(fresh);
  const old = runDay(await bigWorkbook(TARGET_ROWS, codePath), { design: 'refresh-each', sample: OLD_DESIGN_SAMPLE });

  console.log(`A day in Apps Script, simulated: 20 staff × 10 submissions in bursts, on ${fresh.rows.toLocaleString('en-GB')} response rows (${fresh.cells.toLocaleString('en-GB')} cells)\n`);
  console.log('| design | trigger runtime a day | of 90 min (consumer) | a submission, mean / max | |');
  console.log('|---|---|---|---|---|');
  console.log(
    line(
      'each submission checks its row, the hourly trigger rebuilds (peerkit)',
      now,
      `${now.submissions} submissions, at most ${now.maxSubmissionCalls} Spreadsheet/Forms calls each; ${now.rebuilds.rebuilt} of ${now.rebuilds.runs} hourly runs rebuilt (${seconds(now.rebuilds.totalMs)}, at most ${seconds(now.rebuilds.maxMs)}); ${seconds(now.lockWaitMs)} waiting for the lock${now.failed.length ? `; FAILED: ${now.failed.join('; ')}` : ''}`,
    ),
  );
  console.log(
    line(
      'a full rebuild in every submission (the earlier design under 5,000 rows)',
      old,
      `measured on ${old.submissions} submissions, scaled to ${now.submissions}${old.failed.length ? `; FAILED: ${[...new Set(old.failed)].join('; ')}` : ''}`,
    ),
  );
  console.log(`\nThe earlier design would use ${(old.triggerMs / now.triggerMs).toFixed(1)}× the trigger runtime of this one.`);
  if (minutes(now.triggerMs) >= DAY_LIMIT_MINUTES || now.failed.length > 0) process.exitCode = 1;
}
