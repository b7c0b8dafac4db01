/**
 * Runs what clasp would push: dist/Code.js, built by apps-script/build.mjs, loaded
 * into its own V8 context (node:vm) whose only globals are the fakes. The script's
 * clock (Date.now, which luxon reads) is set by the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { DateTime } from 'luxon';
import { buildAppsScript } from '../../apps-script/build.mjs';
import { readDataset, type Dataset } from '../../core/dataset.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import type { FormDefinition } from '../../core/form.js';
import { makeSettings } from '../../core/settings.js';
import type { Cell, RawWorkbook } from '../../core/workbook.js';
import { createGoogle, type FakeGoogle } from './fakes/google.js';
import { isDate } from './fakes/env.js';
import type { FormSubmitEvent } from './fakes/forms.js';
import type { Stored } from './fakes/spreadsheet.js';

let built: Promise<string> | undefined;

/** Builds dist/ once per test worker (the build writes atomically, so workers may overlap). */
export function buildOnce(): Promise<string> {
  built ??= buildAppsScript().then((result) => join(result.outDir, 'Code.js'));
  return built;
}

interface Script {
  onOpen(e?: unknown): void;
  setUp(): void;
  refreshViews(): void;
  dailyRefresh(e?: unknown): void;
  hourlyRefresh(e?: unknown): void;
  onEdit(e: unknown): void;
  onFormSubmit(e: FormSubmitEvent): void;
  retentionReview(): void;
  deleteReviewedRows(): void;
  takeOverTriggers(): void;
  checkSetUp(): void;
  openSettings(): void;
  /** google.script.run's target from the Settings dialog. */
  saveSettings(form: unknown): { saved: boolean; message: string; errors?: { field: string; message: string }[] };
}

export interface Harness {
  google: FakeGoogle;
  script: Script;
  code: string;
  /** Sets the script's "now", a wall-clock time in the spreadsheet's zone (yyyy-mm-ddTHH:mm:ss). */
  setNow(wallClock: string): void;
  /** The script's clock now, in milliseconds (it runs on with setCallLatency). */
  clock(): number;
  /** Lets the script's clock run this many milliseconds on every Google service call (0: the clock stands still). */
  setCallLatency(ms: number): void;
  /** Lets the script's clock run with the runtime meter (fakes/meter.ts): the time it charges, the script sees pass. */
  clockFollowsMeter(on: boolean): void;
  /** Runs `work` (several script functions) as one execution for the runtime meter. */
  oneExecution<T>(work: () => T): T;
  /** Runs a trigger: no Ui, as in Apps Script. */
  asTrigger<T>(work: () => T): T;
  /** Runs `work` as another Google account (a second manager, or a trigger's owner): Session and ScriptApp then answer for it. */
  asUser<T>(email: string, work: () => T): T;
  /** A response through the named form; returns the event the trigger would get. */
  submit(formTitle: string, answers: Record<string, string | string[] | null>, at?: string): FormSubmitEvent;
  /**
   * A respondent correcting a response through its edit URL (the Edit link cell):
   * returns the event the trigger gets again, for the same row.
   */
  edit(editUrl: string, answers: Record<string, string | string[] | null>, at?: string): FormSubmitEvent;
  /** The button the person clicks in the next alert that asks (YES_NO…): YES, NO or CLOSE. */
  answer(button: 'YES' | 'NO' | 'CLOSE'): void;
  /** A tab's stored values as records keyed by its header. */
  records(tab: string): Record<string, Stored>[];
  /**
   * A person typing `value` into a cell: the cell changes as typed input does, then
   * the simple onEdit trigger runs, as Google runs it for edits by hand (never for
   * a script's or a form's writes: https://developers.google.com/apps-script/guides/triggers#onedite).
   */
  editByHand(tab: string, row: number, column: number, value: string): void;
}

/** Loads the bundle (built once per worker, unless a path to a built Code.js is given). */
export async function loadScript(now = '2021-06-15T10:00:00', codePath?: string): Promise<Harness> {
  const code = readFileSync(codePath ?? (await buildOnce()), 'utf8');
  const google = createGoogle();
  const context = vm.createContext({ ...google.globals });
  vm.runInContext(
    'globalThis.__setNow = (() => { let fixed = null; const real = Date.now; Date.now = () => (fixed === null ? real() : fixed); return (ms) => { fixed = ms; }; })();',
    context,
  );
  google.env.ErrorClass = vm.runInContext('Error', context) as ErrorConstructor;
  vm.runInContext(code, context, { filename: 'Code.js' });

  const toMillis = (wallClock: string) => DateTime.fromISO(wallClock, { zone: google.env.timeZone }).toMillis();
  let current = now;
  let clock = 0;
  /** Whether the test set the clock since the last execution began (else executions follow one another). */
  let clockSet = true;
  let lastEnd = 0;
  const setClock = (ms: number) => {
    clock = ms;
    (context.__setNow as (ms: number) => void)(ms);
  };
  const setNow = (wallClock: string) => {
    current = wallClock;
    clockSet = true;
    setClock(toMillis(wallClock));
  };
  setNow(now);
  const setCallLatency = (ms: number) => {
    google.env.onCall = ms > 0 ? () => setClock(clock + ms) : () => {};
  };
  const clockFollowsMeter = (on: boolean) => {
    google.env.onCall = on
      ? () => {
          const now = google.env.meter.now();
          if (now !== null) setClock(now);
        }
      : () => {};
  };

  const asTrigger = <T>(work: () => T): T => {
    google.env.uiAvailable = false;
    try {
      return work();
    } finally {
      google.env.uiAvailable = true;
    }
  };

  const asUser = <T>(email: string, work: () => T): T => {
    const before = google.env.user;
    google.env.user = email;
    try {
      return work();
    } finally {
      google.env.user = before;
    }
  };

  google.env.meter.bundleBytes = Buffer.byteLength(code, 'utf8');
  /**
   * Every call of a script function from a test is one execution for the meter
   * (fakes/meter.ts): a trigger inside asTrigger, else a menu command. It starts at
   * the script's clock when the test has just set it (executions set at the same
   * moments overlap, and wait for the lock), else when the last one ended. An
   * execution that dies lets go of the lock, as Google's do.
   */
  const execution = <T>(work: () => T): T => {
    const meter = google.env.meter;
    if (meter.running()) return work();
    const start = clockSet ? clock : Math.max(clock, lastEnd);
    clockSet = false;
    const ended = (ms: number) => {
      lastEnd = Math.max(lastEnd, start + ms);
    };
    meter.begin(google.env.uiAvailable ? 'menu' : 'trigger', google.env.user, start);
    try {
      const result = work();
      ended(meter.end());
      return result;
    } catch (error) {
      if (google.lock.holder) {
        google.lock.holder = null;
        google.lock.freeAt = Math.max(google.lock.freeAt, meter.now() ?? 0);
      }
      ended(meter.end(error && typeof error === 'object' && 'message' in error ? String((error as Error).message) : String(error)));
      throw error;
    }
  };
  const script = new Proxy(context, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name);
      return typeof value === 'function' ? (...args: unknown[]) => execution(() => (value as (...a: unknown[]) => unknown)(...args)) : value;
    },
  }) as unknown as Script;
  return {
    google,
    script,
    code,
    setNow,
    clock: () => clock,
    setCallLatency,
    clockFollowsMeter,
    oneExecution: execution,
    asTrigger,
    asUser,
    submit(formTitle, answers, at = current) {
      const event = google.formApp.byTitle(formTitle).submit(answers, new Date(toMillis(at)));
      if (!event) throw new Error(`Form "${formTitle}" is not linked to the spreadsheet`);
      return event;
    },
    edit(editUrl, answers, at = current) {
      const event = google.formApp.formOfEditUrl(editUrl).edit(editUrl, answers, new Date(toMillis(at)));
      if (!event) throw new Error('The edited response\'s form is not linked to the spreadsheet');
      return event;
    },
    answer(button) {
      google.ui.answers.push(button);
    },
    records(tab) {
      const sheet = google.spreadsheet.sheet(tab);
      if (!sheet) throw new Error(`No tab "${tab}"`);
      const [header = [], ...rows] = sheet.dump();
      return rows.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i]!])));
    },
    editByHand(tab, row, column, value) {
      const sheet = google.spreadsheet.sheet(tab);
      if (!sheet) throw new Error(`No tab "${tab}"`);
      sheet.typeByHand(row, column, value);
      asTrigger(() => script.onEdit({ authMode: 'LIMITED', range: sheet.rangeUncounted(row, column, 1, 1), source: google.spreadsheet, value, user: google.env.user }));
    },
  };
}

/** The fake spreadsheet's response tabs as core reads a workbook (by their declared names), every row as stored. */
export function coreWorkbook(google: FakeGoogle, forms: readonly FormDefinition[] = CONTRACT_FORMS): RawWorkbook {
  const zone = google.env.timeZone;
  const toCell = (v: Stored): Cell => (isDate(v) ? DateTime.fromJSDate(v, { zone }) : v);
  const tabs = forms.flatMap((form) => {
    const sheet = google.spreadsheet.sheet(form.tab);
    if (!sheet) return [];
    const [header = [], ...rows] = sheet.dump().map((r) => r.map(toCell));
    return [{ name: form.tab, header: header.map(String), rows }];
  });
  return { origin: 'this spreadsheet', tabs };
}

/** The oracle: core's own reading of the fake spreadsheet's response tabs (by their declared names). */
export function coreDataset(google: FakeGoogle, forms: readonly FormDefinition[] = CONTRACT_FORMS): Dataset {
  return readDataset(coreWorkbook(google, forms), forms, makeSettings({ timeZone: google.env.timeZone }));
}
