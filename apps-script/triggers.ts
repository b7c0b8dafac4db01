/**
 * The two installable triggers set-up needs (form submit, and hourly), each created once, and owned by one
 * account. An installable trigger runs as the account that created it, and
 * ScriptApp.getProjectTriggers() "gets all installable triggers associated with
 * the current project and current user"
 * (https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()):
 * a second manager cannot see the first one's triggers, nor delete them. So the
 * owner's email is recorded in the document properties, and Set up by anyone else
 * installs nothing; Take over triggers moves them on purpose.
 */
import type { Store } from './store.js';

const SUBMIT_HANDLER = 'onFormSubmit';
/** Rebuilds the views when something changed, and once a day whatever (refresh.ts, rebuildDue). */
const HOURLY_HANDLER = 'hourlyRefresh';
/** The daily trigger of earlier versions: replaced by the hourly one when its owner runs Set up or Take over triggers. */
const FORMER_DAILY_HANDLER = 'dailyRefresh';
/** The handlers of the triggers set-up installs, one trigger each. */
const HANDLERS = [SUBMIT_HANDLER, HOURLY_HANDLER];

export interface TriggerOutcome {
  /** The handlers whose trigger was created now. */
  installed: string[];
  /** Set when another account owns the triggers: nothing was installed. */
  ownedBy: string | null;
}

/**
 * The account the script runs as. Google: Session.getEffectiveUser() is "the user
 * under whose authority the script is running" — the manager at the menu, or a
 * trigger's creator (https://developers.google.com/apps-script/reference/base/session#getEffectiveUser()).
 * Its email can be blank where Google withholds it; that reads as nobody known.
 */
export function currentUser(): string {
  return Session.getEffectiveUser().getEmail().trim();
}

const sameAccount = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Creates this user's missing triggers, and deletes their daily trigger of an
 * earlier version (the hourly one does its work), so that one pair stays; returns
 * the handlers whose trigger it created.
 */
function installOwn(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): string[] {
  const existing = ScriptApp.getProjectTriggers().map((trigger) => ({ trigger, handler: trigger.getHandlerFunction(), type: trigger.getEventType() }));
  const has = (handler: string, type: GoogleAppsScript.Script.EventType) => existing.some((t) => t.handler === handler && t.type === type);
  for (const t of existing) if (t.handler === FORMER_DAILY_HANDLER) ScriptApp.deleteTrigger(t.trigger);
  const created: string[] = [];
  if (!has(SUBMIT_HANDLER, ScriptApp.EventType.ON_FORM_SUBMIT)) {
    ScriptApp.newTrigger(SUBMIT_HANDLER).forSpreadsheet(ss).onFormSubmit().create();
    created.push(SUBMIT_HANDLER);
  }
  if (!has(HOURLY_HANDLER, ScriptApp.EventType.CLOCK)) {
    ScriptApp.newTrigger(HOURLY_HANDLER).timeBased().everyHours(1).create();
    created.push(HOURLY_HANDLER);
  }
  return created;
}

/** Set up: installs the triggers unless another account owns them (then every submission would be handled twice). */
export function ensureTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, store: Store): TriggerOutcome {
  const me = currentUser();
  const owner = store.triggerOwner();
  if (owner !== null && !sameAccount(owner, me)) return { installed: [], ownedBy: owner };
  const installed = installOwn(ss);
  if (me !== '') store.setTriggerOwner(me);
  return { installed, ownedBy: null };
}

/** Take over triggers: installs this user's triggers and records them as the owner; returns the previous owner, if another. */
export function takeOverTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, store: Store): { installed: string[]; me: string; previous: string | null } {
  const me = currentUser();
  // Without an email the next Set up could not tell who owns them: nothing is moved on a guess.
  if (me === '') throw new Error('Google did not give this account\'s email, so the triggers cannot be recorded as yours; nothing was changed');
  const owner = store.triggerOwner();
  const installed = installOwn(ss);
  store.setTriggerOwner(me);
  return { installed, me, previous: owner !== null && !sameAccount(owner, me) ? owner : null };
}

/**
 * The Dashboard's word on the triggers: how many of the two this account has
 * (one getProjectTriggers() a refresh, and one call per trigger listed, at most 20).
 * Another account's triggers are invisible to this one (see above), so when the
 * recorded owner is someone else that is said instead of "missing".
 */
export function triggerHealth(store: Store): string {
  const handlers = new Set(ScriptApp.getProjectTriggers().map((t) => t.getHandlerFunction()));
  const n = HANDLERS.filter((h) => handlers.has(h)).length;
  const schedule = '(hourly when something changed, daily at least, and from the menu)';
  if (n === 2) return `${schedule}; triggers: installed for 2 of 2`;
  const owner = store.triggerOwner();
  if (owner !== null && !sameAccount(owner, currentUser())) return `${schedule}; triggers: owned by ${owner}, who can check them`;
  return `${schedule}; triggers ${n === 0 ? 'missing' : `installed for ${n} of 2`}: run Peer support → Set up`;
}

export interface TriggerStatus {
  /** The account recorded as owning the triggers, or null when none is. */
  owner: string | null;
  /** The account running now ('' when Google withholds its email). */
  me: string;
  /** True when the recorded owner is another account: its triggers are invisible to this one. */
  ownedByOther: boolean;
  /** Each trigger set-up installs, and how many of it this account has (1 is right). */
  mine: { handler: string; count: number }[];
}

/** Check set-up's view of the triggers, from this account (one getProjectTriggers(), one call per trigger). */
export function triggerStatus(store: Store): TriggerStatus {
  const handlers = ScriptApp.getProjectTriggers().map((t) => t.getHandlerFunction());
  const owner = store.triggerOwner();
  const me = currentUser();
  return {
    owner,
    me,
    ownedByOther: owner !== null && !sameAccount(owner, me),
    mine: HANDLERS.map((handler) => ({ handler, count: handlers.filter((h) => h === handler).length })),
  };
}
