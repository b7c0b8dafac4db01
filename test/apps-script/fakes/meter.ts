/**
 * The runtime meter: how long Apps Script would take to run what the script asks
 * of the fakes, in simulated time (nothing sleeps). Each execution — a menu
 * command, a trigger — is charged the load of the bundle, every service call's
 * latency (LATENCY_MS, by kind of call, getValues/setValues also by cells), and
 * the time waitLock() spends blocked behind another execution. It fails where
 * Google does (https://developers.google.com/apps-script/guides/services/quotas):
 * "Script runtime 6 min / execution", and "Triggers total runtime 90 min / day"
 * on a consumer account (6 hr on Workspace), per user, the day starting at the
 * first request ("Quotas are per user and reset 24 hours after the first request").
 *
 * The latencies are estimates: Google publishes none. They sit in the 50–300 ms a
 * round trip that issue 13 takes (and Apps Script's best-practices guide warns of:
 * "calls to other services ... are slow", https://developers.google.com/apps-script/guides/support/best-practices),
 * and make a getValues of 100,000 cells cost about 1.1 s, the low end of the 1–2 s
 * measured by hand for the bench's earlier model. The script's own computing time
 * is not charged (it is small beside the calls: see the README's bench figures).
 */

/** Milliseconds a call costs, by the fake's call name ("Range.getValues") or its class ("Range."). */
export const LATENCY_MS: readonly (readonly [prefix: string, ms: number])[] = [
  ['SpreadsheetApp.flush', 200],
  ['SpreadsheetApp.', 100],
  ['Range.getValues', 100],
  ['Range.setValues', 150],
  ['Range.setValue', 150],
  ['Range.clearContent', 150],
  ['Range.setDataValidation', 150],
  ['Sheet.appendRow', 200],
  ['Spreadsheet.insertSheet', 300],
  ['Spreadsheet.deleteSheet', 300],
  ['Sheet.insertRowsAfter', 300],
  ['Sheet.insertColumnsAfter', 300],
  ['Sheet.deleteRow', 300],
  ['Sheet.setName', 300],
  ['Sheet.insertChart', 300],
  ['Sheet.updateChart', 300],
  ['FormApp.', 300],
  ['Form.getResponses', 200],
  ['Form.', 150],
  ['ScriptApp.', 150],
  ['TriggerBuilder.create', 300],
  ['Properties(', 50],
  ['Lock.', 50],
  ['LockService.', 50],
  // Getters of an object already fetched (Sheet.getName, Range.getRow…) and everything else.
  ['', 50],
];
/** Per cell read by getValues, and written by setValues/appendRow. */
export const READ_MS_PER_CELL = 0.01;
export const WRITE_MS_PER_CELL = 0.02;
/** Per response Form.getResponses returns. */
export const MS_PER_RESPONSE = 0.5;
/** Loading Code.js at the start of every execution: a fixed part and a part per kilobyte. */
export const BUNDLE_LOAD_MS = 200;
export const BUNDLE_LOAD_MS_PER_KB = 1;

export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;
export const CONSUMER_TRIGGER_MS_PER_DAY = 90 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Google's messages for the two limits. */
export const EXCEEDED_TIME = 'Exceeded maximum execution time';
export const TOO_MUCH_COMPUTER_TIME = 'Service using too much computer time for one day';

export function latencyOf(call: string): number {
  return LATENCY_MS.find(([prefix]) => call.startsWith(prefix))![1];
}

interface Execution {
  kind: 'trigger' | 'menu';
  user: string;
  /** When it started, in the simulated clock (ms since the epoch). */
  start: number;
  elapsed: number;
}

export interface ExecutionRecord {
  kind: 'trigger' | 'menu';
  user: string;
  start: number;
  ms: number;
  /** Google's message if it failed for time, else null. */
  failed: string | null;
}

export class RuntimeMeter {
  private current: Execution | null = null;
  /** Each user's trigger runtime in their quota day. */
  private readonly days = new Map<string, { start: number; ms: number }>();
  readonly executions: ExecutionRecord[] = [];
  /** Size of the loaded bundle in bytes (the harness sets it from Code.js). */
  bundleBytes = 0;
  /** Trigger runtime allowed a day: the consumer account's, unless a test says Workspace. */
  triggerMsPerDay = CONSUMER_TRIGGER_MS_PER_DAY;

  constructor(private readonly fail: (message: string) => never) {}

  /** The simulated time now: the running execution's start plus what it has been charged. */
  now(): number | null {
    return this.current ? this.current.start + this.current.elapsed : null;
  }

  running(): boolean {
    return this.current !== null;
  }

  /**
   * Starts an execution at `start`. A trigger execution of a user whose day's
   * trigger runtime is spent fails at once, as Google's does.
   */
  begin(kind: 'trigger' | 'menu', user: string, start: number): void {
    this.current = { kind, user, start, elapsed: 0 };
    if (kind === 'trigger') {
      const day = this.dayOf(user, start);
      if (day.ms >= this.triggerMsPerDay) {
        this.executions.push({ kind, user, start, ms: 0, failed: TOO_MUCH_COMPUTER_TIME });
        this.current = null;
        this.fail(TOO_MUCH_COMPUTER_TIME);
      }
    }
    this.charge(BUNDLE_LOAD_MS + (BUNDLE_LOAD_MS_PER_KB * this.bundleBytes) / 1024);
  }

  /** Ends the running execution; returns its runtime. */
  end(failed: string | null = null): number {
    const run = this.current;
    if (!run) return 0;
    this.current = null;
    if (run.kind === 'trigger') this.dayOf(run.user, run.start).ms += run.elapsed;
    this.executions.push({ kind: run.kind, user: run.user, start: run.start, ms: run.elapsed, failed });
    return run.elapsed;
  }

  private dayOf(user: string, at: number): { start: number; ms: number } {
    let day = this.days.get(user);
    if (!day || at >= day.start + DAY_MS) this.days.set(user, (day = { start: at, ms: 0 }));
    return day;
  }

  /** A user's trigger runtime in the quota day that includes `at` (ms). */
  triggerMs(user: string, at: number): number {
    const day = this.days.get(user);
    return day && at < day.start + DAY_MS ? day.ms : 0;
  }

  /** Charges time to the running execution (none: nothing is charged); past 6 minutes the execution fails. */
  charge(ms: number): void {
    const run = this.current;
    if (!run) return;
    run.elapsed += ms;
    if (run.elapsed > EXECUTION_LIMIT_MS) this.fail(EXCEEDED_TIME);
  }

  call(name: string): void {
    this.charge(latencyOf(name));
  }

  cellsRead(n: number): void {
    this.charge(n * READ_MS_PER_CELL);
  }

  cellsWritten(n: number): void {
    this.charge(n * WRITE_MS_PER_CELL);
  }

  responses(n: number): void {
    this.charge(n * MS_PER_RESPONSE);
  }
}
