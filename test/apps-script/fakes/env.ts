/**
 * What every fake shares: the call counter (each Google service method call is a
 * round trip in Apps Script, so the tests count them), the runtime meter that
 * charges each call its simulated latency (meter.ts), the log of what the script
 * said (logs, alerts, toasts), and the spreadsheet's time zone and locale.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { RuntimeMeter } from './meter.js';

class Calls {
  private readonly counts = new Map<string, number>();

  /** @param onHit told of every call, by name (scopes are checked there; the meter charges it; the harness may let the script's clock run) */
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

const AUTH = 'https://www.googleapis.com/auth/';
const SHEETS = [`${AUTH}spreadsheets.currentonly`, `${AUTH}spreadsheets`];
const FORMS = [`${AUTH}forms.currentonly`, `${AUTH}forms`];
const TRIGGERS = [`${AUTH}script.scriptapp`];
const EMAIL = [`${AUTH}userinfo.email`];

/**
 * The scopes a call needs, by the start of its name, as each method's
 * "Authorization" section in Google's reference lists them ("Scripts that use this
 * method require authorization with one or more of the following scopes"): e.g.
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#getActiveSpreadsheet(),
 * https://developers.google.com/apps-script/reference/forms/form-app#openById(String),
 * https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers(),
 * https://developers.google.com/apps-script/reference/base/session#getEffectiveUser().
 * SpreadsheetApp.getUi(), the Ui's alerts and menus, PropertiesService, LockService,
 * Logger and ScriptApp.getAuthorizationInfo need none here.
 */
const SCOPES_BY_CALL: readonly [prefix: string, scopes: readonly string[]][] = [
  ['SpreadsheetApp.getUi', []],
  ['SpreadsheetApp.', SHEETS],
  ['Spreadsheet.', SHEETS],
  ['Sheet.', SHEETS],
  ['Range.', SHEETS],
  ['DataValidationBuilder.', SHEETS],
  ['EmbeddedChart', SHEETS],
  ['FormApp.', FORMS],
  ['Form.', FORMS],
  ['Item.', FORMS],
  ['FormResponse.', FORMS],
  ['ItemResponse.', FORMS],
  ['TextValidationBuilder.', FORMS],
  ['ScriptApp.getAuthorizationInfo', []],
  ['ScriptApp.', TRIGGERS],
  ['Trigger.', TRIGGERS],
  ['TriggerBuilder.', TRIGGERS],
  ['Session.getEffectiveUser', EMAIL],
  ['User.getEmail', EMAIL],
];

/** The scopes appsscript.json asks for: what each account has allowed, until a test withdraws one. */
export const MANIFEST_SCOPES: readonly string[] = (JSON.parse(readFileSync(new URL('../../../appsscript.json', import.meta.url), 'utf8')) as { oauthScopes: string[] }).oauthScopes;

export class GoogleEnv {
  /** Called on every Google service call: by default nothing; a test may let the script's clock run. */
  onCall: () => void = () => {};
  /** Simulated runtime of each execution, and Google's time limits (meter.ts). */
  readonly meter = new RuntimeMeter((message) => this.fail(message));
  readonly calls = new Calls((name) => {
    this.requireScopes(name);
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
  /** Scopes an account has not allowed (granular consent lets a person untick some), by account. */
  private readonly withheld = new Map<string, Set<string>>();

  /**
   * Failure injection: `user` has not allowed `scope` (as when they untick it on
   * Google's consent screen), so every call needing it throws Google's own text
   * (see requireScopes).
   */
  withdrawScope(scope: string, user = this.user): void {
    if (!this.withheld.has(user)) this.withheld.set(user, new Set());
    this.withheld.get(user)!.add(scope);
  }

  /** The scopes the current account has allowed: the manifest's, less any withdrawn. */
  grantedScopes(): string[] {
    const withheld = this.withheld.get(this.user) ?? new Set<string>();
    return MANIFEST_SCOPES.filter((s) => !withheld.has(s));
  }

  /** Scopes a test says a call needs, in place of SCOPES_BY_CALL's (see needScopes). */
  private readonly needed: [prefix: string, scopes: readonly string[]][] = [];

  /**
   * Failure injection: calls whose name starts with `prefix` need one of `scopes`,
   * as when Google needs a scope the manifest lacks (whether Form.setDestination
   * needs the full spreadsheets scope is not documented).
   */
  needScopes(prefix: string, scopes: readonly string[]): void {
    this.needed.unshift([prefix, scopes]);
  }

  /**
   * Throws as Apps Script does when a call needs a scope the account has not
   * allowed: "You do not have permission to call FormApp.openById. Required
   * permissions: https://www.googleapis.com/auth/forms", the alternatives in
   * parentheses joined by " || " where there are several, as users report it
   * (github.com/peterherrmann/BetterLog/issues/29, github.com/Iku/Google-Forms-to-Discord/issues/13).
   */
  private requireScopes(call: string): void {
    const scopes = [...this.needed, ...SCOPES_BY_CALL].find(([prefix]) => call.startsWith(prefix))?.[1] ?? [];
    if (scopes.length === 0) return;
    const granted = this.grantedScopes();
    if (scopes.some((s) => granted.includes(s))) return;
    this.fail(`You do not have permission to call ${call}. Required permissions: ${scopes.length === 1 ? scopes[0] : `(${scopes.join(' || ')})`}`);
  }

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
