/**
 * What every fake shares: the call counter (each Google service method call is a
 * round trip in Apps Script, so the tests count them), the runtime meter that
 * charges each call its simulated latency (meter.ts), the log of what the script
 * said (logs, alerts, toasts), and the spreadsheet's time zone and locale.
 */
import { DateTime } from 'luxon';
import { RuntimeMeter } from './meter.js';

class Calls {
  private readonly counts = new Map<string, number>();

  /** @param onHit told of every call (the meter charges it; the harness may let the script's clock run) */
  constructor(private readonly onHit: (name: string) => void = () => {}) {}

  hit(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.onHit(name);
  }

  total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** Calls whose name starts with a prefix, e.g. "Range.getValues". */
  matching(prefix: string): number {
    let n = 0;
    for (const [name, c] of this.counts) if (name.startsWith(prefix)) n += c;
    return n;
  }

  reset(): void {
    this.counts.clear();
  }

  byName(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort((a, b) => b[1] - a[1]));
  }
}

export class GoogleEnv {
  /** Called on every Google service call: by default nothing; a test may let the script's clock run. */
  onCall: () => void = () => {};
  /** Simulated runtime of each execution, and Google's time limits (meter.ts). */
  readonly meter = new RuntimeMeter((message) => this.fail(message));
  readonly calls = new Calls((name) => {
    this.meter.call(name);
    this.onCall();
  });
  /** getValues()/setValues() per tab name: a handler reads a tab at most once and writes a view once. */
  readonly reads = new Calls();
  readonly writes = new Calls();
  readonly logs: string[] = [];
  readonly alerts: string[] = [];
  readonly toasts: string[] = [];
  /** The account the script runs as: the one at the menu, or a trigger's owner (see Harness.asUser). */
  user = 'manager@example.org';
  /** False inside a trigger: SpreadsheetApp.getUi() then throws, as in Apps Script. */
  uiAvailable = true;
  timeZone = 'Europe/London';
  locale = 'en_GB';
  /** The Error class of the script's realm, so that errors the fakes throw look like Apps Script's. */
  ErrorClass: ErrorConstructor = Error;
  private nextId = 1;
  private readonly failures: { call: string; tab: string; message: string }[] = [];

  resetCounts(): void {
    this.calls.reset();
    this.reads.reset();
    this.writes.reset();
  }

  fail(message: string): never {
    throw new this.ErrorClass(message);
  }

  /**
   * Failure injection: the next `call` (e.g. "Range.setValues") on the tab named
   * `tab` throws `message` before it changes anything, as a Google service error
   * or a time-out does (the round trip is still counted).
   */
  failNext(call: string, tab: string, message = 'Service Spreadsheets timed out while accessing document with id 1.'): void {
    this.failures.push({ call, tab, message });
  }

  /** Counts a call on a tab, then throws the failure injected for it, if any (once). */
  hitOn(call: string, tab: string): void {
    this.calls.hit(call);
    const at = this.failures.findIndex((f) => f.call === call && f.tab === tab);
    if (at === -1) return;
    const [failure] = this.failures.splice(at, 1);
    this.fail(failure!.message);
  }

  id(prefix: string): string {
    return `${prefix}${String(this.nextId++).padStart(6, '0')}`;
  }

  numericId(): number {
    return 100000 + this.nextId++ * 7919;
  }

  /** A wall-clock reading in the spreadsheet's zone, as the instant Apps Script hands over. */
  wallClock(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
    return DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: this.timeZone }).toJSDate();
  }

  /** How a date cell reads in the sheet (dd/mm/yyyy [HH:mm:ss]), for e.values and e.namedValues. */
  display(value: unknown): string {
    if (isDate(value)) {
      const local = DateTime.fromJSDate(value, { zone: this.timeZone });
      return local.hour || local.minute || local.second ? local.toFormat('dd/MM/yyyy HH:mm:ss') : local.toFormat('dd/MM/yyyy');
    }
    return value === null || value === undefined ? '' : String(value);
  }
}

/** A Date from any realm: the script runs in its own V8 context. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
