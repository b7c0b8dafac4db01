/**
 * Fakes of the smaller services, after Google's reference: ScriptApp's triggers
 * (each owned by the user who created it, listed only to that user), Session (the
 * user the script runs as), LockService (a lock held by another execution makes waitLock() throw after its
 * time-out, as documented), PropertiesService (string values), the Ui, Logger and
 * the Charts enums. The Ui records its alerts and modal dialogs.
 */
import { MANIFEST_SCOPES, type GoogleEnv } from './env.js';
import { FakeHtmlOutput } from './html.js';
import type { FakeSpreadsheet } from './spreadsheet.js';

export const EventType = { CLOCK: 'CLOCK', ON_OPEN: 'ON_OPEN', ON_EDIT: 'ON_EDIT', ON_FORM_SUBMIT: 'ON_FORM_SUBMIT', ON_CHANGE: 'ON_CHANGE' } as const;
const AuthMode = { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' } as const;
const TriggerSource = { SPREADSHEETS: 'SPREADSHEETS', CLOCK: 'CLOCK', FORMS: 'FORMS' } as const;
const AuthorizationStatus = { REQUIRED: 'REQUIRED', NOT_REQUIRED: 'NOT_REQUIRED' } as const;

/**
 * Google: AuthorizationInfo "checks if the user has granted authorization for the
 * required scopes of the script": getAuthorizationStatus() (REQUIRED or
 * NOT_REQUIRED), getAuthorizationUrl() ("null if no authorization is required") and
 * getAuthorizedScopes() ("If authorization info is requested for a specified list
 * of scopes, returns the authorized scopes from the specified list")
 * (https://developers.google.com/apps-script/reference/script/authorization-info).
 */
class FakeAuthorizationInfo {
  constructor(
    private readonly env: GoogleEnv,
    private readonly granted: readonly string[],
    private readonly asked: readonly string[] | undefined,
    private readonly required: boolean,
  ) {}

  getAuthorizationStatus(): string {
    this.env.calls.hit('AuthorizationInfo.getAuthorizationStatus');
    return this.required ? AuthorizationStatus.REQUIRED : AuthorizationStatus.NOT_REQUIRED;
  }

  getAuthorizationUrl(): string | null {
    this.env.calls.hit('AuthorizationInfo.getAuthorizationUrl');
    return this.required ? 'https://script.google.com/macros/d/fake-script-id/authorize' : null;
  }

  getAuthorizedScopes(): string[] {
    this.env.calls.hit('AuthorizationInfo.getAuthorizedScopes');
    return this.asked === undefined ? [...this.granted] : this.asked.filter((s) => this.granted.includes(s));
  }
}

class FakeTrigger {
  constructor(
    private readonly env: GoogleEnv,
    readonly uid: string,
    /** The account that created it: installable triggers run as their creator. */
    readonly owner: string,
    readonly handler: string,
    readonly eventType: string,
    readonly source: string,
    readonly sourceId: string | null,
    readonly schedule: string,
  ) {}

  getHandlerFunction(): string {
    this.env.calls.hit('Trigger.getHandlerFunction');
    return this.handler;
  }

  getEventType(): string {
    this.env.calls.hit('Trigger.getEventType');
    return this.eventType;
  }

  getTriggerSource(): string {
    this.env.calls.hit('Trigger.getTriggerSource');
    return this.source;
  }

  getTriggerSourceId(): string | null {
    this.env.calls.hit('Trigger.getTriggerSourceId');
    return this.sourceId;
  }

  getUniqueId(): string {
    this.env.calls.hit('Trigger.getUniqueId');
    return this.uid;
  }
}

class TriggerBuilder {
  private eventType = '';
  private source = '';
  private sourceId: string | null = null;
  private schedule = '';

  constructor(
    private readonly env: GoogleEnv,
    private readonly app: FakeScriptApp,
    private readonly handler: string,
  ) {}

  private hit(method: string): this {
    this.env.calls.hit(`TriggerBuilder.${method}`);
    return this;
  }

  forSpreadsheet(spreadsheet: FakeSpreadsheet): this {
    this.source = TriggerSource.SPREADSHEETS;
    this.sourceId = spreadsheet.id;
    return this.hit('forSpreadsheet');
  }

  onFormSubmit(): this {
    if (this.source !== TriggerSource.SPREADSHEETS) this.env.fail('onFormSubmit() needs forSpreadsheet() or forForm() first.');
    this.eventType = EventType.ON_FORM_SUBMIT;
    return this.hit('onFormSubmit');
  }

  onOpen(): this {
    this.eventType = EventType.ON_OPEN;
    return this.hit('onOpen');
  }

  timeBased(): this {
    this.source = TriggerSource.CLOCK;
    this.eventType = EventType.CLOCK;
    return this.hit('timeBased');
  }

  everyDays(n: number): this {
    if (this.source !== TriggerSource.CLOCK) this.env.fail('everyDays() is a method of a clock trigger builder.');
    this.schedule = `every ${n} day(s)${this.schedule}`;
    return this.hit('everyDays');
  }

  /**
   * Google: "Specifies to run the trigger every n hours"
   * (https://developers.google.com/apps-script/reference/script/clock-trigger-builder#everyHours(Integer)).
   * A clock builder's method; n a whole number of hours from 1 (atHour does not go with it).
   */
  everyHours(n: number): this {
    if (this.source !== TriggerSource.CLOCK) this.env.fail('everyHours() is a method of a clock trigger builder.');
    if (!Number.isInteger(n) || n < 1) this.env.fail('The number of hours must be a whole number of at least 1.');
    this.schedule = `every ${n} hour(s)`;
    return this.hit('everyHours');
  }

  atHour(hour: number): this {
    if (hour < 0 || hour > 23) this.env.fail('The hour must be between 0 and 23.');
    this.schedule += ` at ${hour}h`;
    return this.hit('atHour');
  }

  create(): FakeTrigger {
    this.hit('create');
    if (!this.eventType) this.env.fail('The trigger has no event: call onFormSubmit(), timeBased()… before create().');
    // Google's quota: 20 triggers per user per script.
    if (this.app.triggers.filter((t) => t.owner === this.env.user).length >= 20) {
      this.env.fail('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
    }
    const trigger = new FakeTrigger(this.env, this.env.id('trigger-'), this.env.user, this.handler, this.eventType, this.source, this.sourceId, this.schedule);
    this.app.triggers.push(trigger);
    return trigger;
  }
}

export class FakeScriptApp {
  readonly EventType = EventType;
  readonly AuthMode = AuthMode;
  readonly TriggerSource = TriggerSource;
  readonly AuthorizationStatus = AuthorizationStatus;
  /** False: AuthorizationInfo has no getAuthorizedScopes(), only its status (see getAuthorizationInfo). */
  listsAuthorizedScopes = true;
  /** Every installable trigger of the project, whoever owns it (a test's view; the script sees only its user's). */
  readonly triggers: FakeTrigger[] = [];

  constructor(private readonly env: GoogleEnv) {}

  /**
   * Google: getAuthorizationInfo(authMode) and getAuthorizationInfo(authMode,
   * oAuthScopes) (https://developers.google.com/apps-script/reference/script/script-app#getAuthorizationInfo(AuthMode,String)):
   * whether the current user must still allow some of the manifest's scopes (the
   * list given, if one is), and which of them they have allowed.
   */
  getAuthorizationInfo(authMode: string, oAuthScopes?: string[]): FakeAuthorizationInfo {
    this.env.calls.hit('ScriptApp.getAuthorizationInfo');
    if (!Object.values(AuthMode).includes(authMode as keyof typeof AuthMode)) this.env.fail(`Invalid argument: authMode`);
    if (oAuthScopes !== undefined && !Array.isArray(oAuthScopes)) this.env.fail('The parameters don\'t match the method signature for ScriptApp.getAuthorizationInfo.');
    const granted = this.env.grantedScopes();
    const needed = oAuthScopes ?? MANIFEST_SCOPES;
    const info = new FakeAuthorizationInfo(this.env, granted, oAuthScopes, needed.some((s) => !granted.includes(s)));
    // An AuthorizationInfo from before getAuthorizedScopes() (the typings still lack it): a test may stand for one.
    if (!this.listsAuthorizedScopes) Object.defineProperty(info, 'getAuthorizedScopes', { value: undefined });
    return info;
  }

  newTrigger(handler: string): TriggerBuilder {
    this.env.calls.hit('ScriptApp.newTrigger');
    return new TriggerBuilder(this.env, this, handler);
  }

  /**
   * Google: "Gets all installable triggers associated with the current project and
   * current user" (https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()):
   * another manager's triggers of the same project are not listed.
   */
  getProjectTriggers(): FakeTrigger[] {
    this.env.calls.hit('ScriptApp.getProjectTriggers');
    return this.triggers.filter((t) => t.owner === this.env.user);
  }

  /** Only the current user's own triggers can be deleted: another's is never in their hands. */
  deleteTrigger(trigger: FakeTrigger): void {
    this.env.calls.hit('ScriptApp.deleteTrigger');
    if (trigger.owner !== this.env.user) this.env.fail('You do not have permission to delete this trigger.');
    const at = this.triggers.indexOf(trigger);
    if (at !== -1) this.triggers.splice(at, 1);
  }
}

/**
 * Session. Google: getEffectiveUser() "Gets information about the user under whose
 * authority the script is running" — the one who runs a menu item, or the owner of
 * an installable trigger (https://developers.google.com/apps-script/reference/base/session#getEffectiveUser()).
 * Here that is env.user (Harness.asUser changes it).
 */
export class FakeSession {
  constructor(private readonly env: GoogleEnv) {}

  getEffectiveUser(): { getEmail(): string } {
    this.env.calls.hit('Session.getEffectiveUser');
    const email = this.env.user;
    return {
      getEmail: () => {
        this.env.calls.hit('User.getEmail');
        return email;
      },
    };
  }
}

/** One lock for the whole script, shared by every "execution". */
export class LockState {
  holder: object | null = null;
  /** Stands for another execution holding the lock longer than anyone waits. */
  heldElsewhere = false;
  waits: number[] = [];
  /**
   * In the meter's simulated time: when the last execution that held the lock let
   * it go. Executions run one after another here; with `overlap` set (a day's
   * bursts), one that started before that time waits for it, and the wait is
   * runtime. Without it (most tests), each execution is taken to start after the
   * last one ended.
   */
  freeAt = 0;
  overlap = false;
  /** How long each waitLock()/tryLock() was blocked, in simulated ms. */
  blocked: number[] = [];
}

class FakeLock {
  constructor(
    private readonly env: GoogleEnv,
    private readonly state: LockState,
  ) {}

  /**
   * Blocks until the lock is free or the time-out passes (then throws, as Google
   * documents: https://developers.google.com/apps-script/reference/lock/lock#waitLock(Integer)).
   * The time blocked is charged to the execution: it is runtime.
   */
  waitLock(timeoutInMillis: number): void {
    this.env.calls.hit('Lock.waitLock');
    if (!this.acquire(timeoutInMillis)) this.env.fail('Lock timeout: another process was holding the lock for too long.');
  }

  tryLock(timeoutInMillis: number): boolean {
    this.env.calls.hit('Lock.tryLock');
    return this.acquire(timeoutInMillis);
  }

  private acquire(timeoutInMillis: number): boolean {
    this.state.waits.push(timeoutInMillis);
    if (this.state.heldElsewhere || (this.state.holder && this.state.holder !== this)) {
      this.env.meter.charge(timeoutInMillis);
      return false;
    }
    const now = this.env.meter.now();
    const wait = now === null || !this.state.overlap ? 0 : Math.max(0, this.state.freeAt - now);
    if (wait > timeoutInMillis) {
      this.state.blocked.push(timeoutInMillis);
      this.env.meter.charge(timeoutInMillis);
      return false;
    }
    this.state.blocked.push(wait);
    this.env.meter.charge(wait);
    this.state.holder = this;
    return true;
  }

  hasLock(): boolean {
    this.env.calls.hit('Lock.hasLock');
    return this.state.holder === this;
  }

  releaseLock(): void {
    this.env.calls.hit('Lock.releaseLock');
    if (this.state.holder !== this) return;
    this.state.holder = null;
    this.state.freeAt = Math.max(this.state.freeAt, this.env.meter.now() ?? 0);
  }
}

export class FakeLockService {
  constructor(
    private readonly env: GoogleEnv,
    readonly state: LockState,
  ) {}

  getScriptLock(): FakeLock {
    this.env.calls.hit('LockService.getScriptLock');
    return new FakeLock(this.env, this.state);
  }

  getDocumentLock(): FakeLock {
    this.env.calls.hit('LockService.getDocumentLock');
    return new FakeLock(this.env, this.state);
  }
}

/**
 * Google's quotas page (https://developers.google.com/apps-script/guides/services/quotas)
 * lists "Properties value size 9 kB / val" and "Properties total storage 500 kB /
 * property store". The fake counts conservatively: a property's key and value
 * together, in UTF-8 bytes, against 9,000 bytes, and the store's keys and values
 * against 500,000 bytes, so code that passes here stays within Google's limits.
 */
export const PROPERTY_VALUE_BYTES = 9000;
export const PROPERTY_STORE_BYTES = 500_000;
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

class FakeProperties {
  readonly data = new Map<string, string>();

  /** Throws as Google does when a value is too large or the store would be full; nothing is written then. */
  private write(values: Map<string, string>, deleteAllOthers: boolean): void {
    for (const [k, v] of values) {
      if (utf8Bytes(k) + utf8Bytes(v) > PROPERTY_VALUE_BYTES) this.env.fail('Argument too large: value');
    }
    const after = new Map(deleteAllOthers ? [] : this.data);
    for (const [k, v] of values) after.set(k, v);
    let total = 0;
    for (const [k, v] of after) total += utf8Bytes(k) + utf8Bytes(v);
    if (total > PROPERTY_STORE_BYTES) this.env.fail('You have exceeded the property storage quota. Please remove some properties and try again.');
    if (deleteAllOthers) this.data.clear();
    for (const [k, v] of values) this.data.set(k, v);
  }

  constructor(
    private readonly env: GoogleEnv,
    private readonly kind: string,
  ) {}

  private hit(method: string): void {
    this.env.calls.hit(`Properties(${this.kind}).${method}`);
  }

  getProperty(key: string): string | null {
    this.hit('getProperty');
    return this.data.get(key) ?? null;
  }

  getProperties(): Record<string, string> {
    this.hit('getProperties');
    return Object.fromEntries(this.data);
  }

  getKeys(): string[] {
    this.hit('getKeys');
    return [...this.data.keys()];
  }

  setProperty(key: string, value: unknown): this {
    this.hit('setProperty');
    this.write(new Map([[key, String(value)]]), false);
    return this;
  }

  setProperties(properties: Record<string, unknown>, deleteAllOthers = false): this {
    this.hit('setProperties');
    this.write(new Map(Object.entries(properties).map(([k, v]) => [k, String(v)])), deleteAllOthers);
    return this;
  }

  deleteProperty(key: string): this {
    this.hit('deleteProperty');
    this.data.delete(key);
    return this;
  }
}

export class FakePropertiesService {
  readonly document: FakeProperties;
  readonly script: FakeProperties;
  readonly user: FakeProperties;

  constructor(env: GoogleEnv) {
    this.document = new FakeProperties(env, 'document');
    this.script = new FakeProperties(env, 'script');
    this.user = new FakeProperties(env, 'user');
  }

  getDocumentProperties(): FakeProperties {
    return this.document;
  }

  getScriptProperties(): FakeProperties {
    return this.script;
  }

  getUserProperties(): FakeProperties {
    return this.user;
  }
}

const ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' } as const;
const Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' } as const;

export class FakeUi {
  readonly ButtonSet = ButtonSet;
  readonly Button = Button;
  readonly menus: { caption: string; items: [string, string][] }[] = [];
  /** The buttons the person will click, in order, for alerts that ask (a test sets them: see Harness.answer). */
  readonly answers: string[] = [];
  /** The dialogs shown with showModalDialog, in order: what a test renders and works. */
  readonly dialogs: { title: string; output: FakeHtmlOutput }[] = [];

  constructor(private readonly env: GoogleEnv) {}

  createMenu(caption: string) {
    this.env.calls.hit('Ui.createMenu');
    const items: [string, string][] = [];
    const menu = {
      addItem: (itemCaption: string, functionName: string) => {
        items.push([itemCaption, functionName]);
        return menu;
      },
      addSeparator: () => menu,
      addToUi: () => {
        this.menus.push({ caption, items });
      },
    };
    return menu;
  }

  /**
   * alert(prompt), alert(prompt, buttons) or alert(title, prompt, buttons). Google:
   * it "suspends the server-side script while the dialog is open" and returns "the
   * button the user clicked" (Button.CLOSE for the dialog's close button)
   * (https://developers.google.com/apps-script/reference/base/ui#alert(String,String,ButtonSet)).
   * With OK alone the answer is OK; with a choice, the next one the test gave.
   */
  alert(...args: string[]): string {
    this.env.calls.hit('Ui.alert');
    const text = args.length === 3 ? `${args[0]}: ${args[1]}` : String(args[0]);
    this.env.alerts.push(text);
    const buttons = (args.length === 3 ? args[2] : args.length === 2 ? args[1] : ButtonSet.OK) ?? '';
    if (!Object.values(ButtonSet).includes(buttons as keyof typeof ButtonSet)) this.env.fail(`The parameters don't match the method signature for Ui.alert.`);
    if (buttons === ButtonSet.OK) return Button.OK;
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`The test gave no answer to the alert "${text}"`);
    const allowed: Record<string, string[]> = { OK_CANCEL: ['OK', 'CANCEL'], YES_NO: ['YES', 'NO'], YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'] };
    if (answer !== Button.CLOSE && !allowed[buttons]!.includes(answer)) throw new Error(`"${answer}" is not a button of ${buttons}`);
    return answer;
  }

  /**
   * Google: showModalDialog(userInterface, title) "opens a modal dialog box in the
   * user's editor with custom client-side content", userInterface being "an
   * HtmlOutput representing the interface to display"; it "does not suspend the
   * server-side script while the dialog is open" — the page calls the server back
   * through google.script.run (https://developers.google.com/apps-script/reference/base/ui#showModalDialog(Object,String)).
   */
  showModalDialog(userInterface: unknown, title: unknown): void {
    this.env.calls.hit('Ui.showModalDialog');
    if (!(userInterface instanceof FakeHtmlOutput) || typeof title !== 'string') this.env.fail("The parameters don't match the method signature for Ui.showModalDialog.");
    this.dialogs.push({ title, output: userInterface });
  }
}

export class FakeLogger {
  constructor(private readonly env: GoogleEnv) {}

  log(format: unknown, ...values: unknown[]): this {
    this.env.logs.push([format, ...values].map(String).join(' '));
    return this;
  }
}

/** console in Apps Script goes to the execution log (Cloud Logging). */
export function fakeConsole(env: GoogleEnv) {
  const record = (level: string) => (...args: unknown[]) => {
    env.logs.push(`${level}: ${args.map(String).join(' ')}`);
  };
  return { log: record('log'), info: record('info'), warn: record('warn'), error: record('error') };
}

export const Charts = {
  ChartType: { AREA: 'AREA', BAR: 'BAR', COLUMN: 'COLUMN', LINE: 'LINE', PIE: 'PIE', SCATTER: 'SCATTER', TABLE: 'TABLE' },
};
