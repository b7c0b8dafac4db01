/**
 * What the script remembers between runs, in the spreadsheet's document
 * properties (read once per run): the Google Form and response tab of each form
 * declaration, the tab of each view, the schemes the last Set up built, the
 * submissions waiting to be checked, the identifier choices last written to the forms, the
 * retention review that Delete reviewed rows acts on, the account that owns the
 * triggers. The site's
 * configuration is a script property instead, because the Apps Script editor lets
 * a manager edit those (Project Settings → Script properties).
 */
import { readSiteConfig, SETTINGS_PROPERTY, type SiteConfig } from './site-config.js';

const FORM = 'form:';
const SHEET = 'sheet:';
const VIEW = 'view:';
const PENDING = 'pending:';
const BUILT_SCHEMES = 'builtSchemes';
const SETUP_PROGRESS = 'setupProgress';
const TRIGGER_OWNER = 'triggerOwner';
/** Set by a submission or an edit by hand, cleared by a rebuild: the views need rebuilding. */
const VIEWS_OUT_OF_DATE = 'viewsOutOfDate';
/** The day (yyyy-mm-dd) of the last rebuild: the hourly trigger rebuilds at least once a day. */
const LAST_REBUILD_DAY = 'lastRebuildDay';
/** What a submission needs of the last rebuild's reading (submission-cache.ts), as JSON. */
const SUBMISSION_CACHE = 'submissionCache';
/** Tabs edited by hand since the last rebuild (the onEdit simple trigger), by sheet id. */
const EDITED = 'editedByHand:';
/** The last rows submissions handled, each with a hash of its Timestamp and answers (JSON). */
const HANDLED = 'handledRows';
/** Rows whose edit link a submission left to the rebuild (several responses in the same moments), as JSON. */
const LINKS_WANTED = 'linksWanted';
/** The retention review's record: the number of parts under this key, each part under `retentionReview:<i>`. */
const RETENTION_REVIEW = 'retentionReview';
/**
 * Google's quotas page gives "Properties value size 9 kB / val"
 * (https://developers.google.com/apps-script/guides/services/quotas): text that
 * grows with the data is stored in parts of this many (ASCII) characters.
 */
const PART_CHARS = 8000;
/** The Supporter IDs' key predates lists of other identifiers; it is kept so a deployed script's lists are not rewritten. */
const choicesKey = (kind: string) => (kind === 'supporter' ? 'supporterChoices' : `choices:${kind}`);

function readObject(text: string | null): Record<string, number> {
  if (text === null) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return {};
  }
}

export class Store {
  private readonly props = PropertiesService.getDocumentProperties();
  private readonly values: Record<string, string> = this.props.getProperties();

  private get(key: string): string | null {
    return this.values[key] ?? null;
  }

  private set(key: string, value: string): void {
    if (this.values[key] === value) return;
    this.values[key] = value;
    this.props.setProperty(key, value);
  }

  private remove(key: string): void {
    if (!(key in this.values)) return;
    delete this.values[key];
    this.props.deleteProperty(key);
  }

  private getList(key: string): string[] | null {
    const text = this.get(key);
    if (text === null) return null;
    try {
      const ids: unknown = JSON.parse(text);
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : null;
    } catch {
      return null;
    }
  }

  formId(formKey: string): string | null {
    return this.get(FORM + formKey);
  }

  setFormId(formKey: string, googleFormId: string): void {
    this.set(FORM + formKey, googleFormId);
  }

  sheetId(formKey: string): number | null {
    const id = this.get(SHEET + formKey);
    return id === null ? null : Number(id);
  }

  setSheetId(formKey: string, sheetId: number): void {
    this.set(SHEET + formKey, String(sheetId));
  }

  /** The form declaration whose responses go to this sheet, if set-up linked it. */
  formKeyOfSheet(sheetId: number): string | null {
    const key = Object.keys(this.values).find((k) => k.startsWith(SHEET) && this.values[k] === String(sheetId));
    return key ? key.slice(SHEET.length) : null;
  }

  /** The tab a view (Dashboard, Data issues, …) is written to, by sheet id, once one was made or adopted. */
  viewSheetId(viewTab: string): number | null {
    const id = this.get(VIEW + viewTab);
    return id === null ? null : Number(id);
  }

  setViewSheetId(viewTab: string, sheetId: number): void {
    this.set(VIEW + viewTab, String(sheetId));
  }

  /**
   * Notes a submission that could not be checked now (the lock was busy). One key
   * per row, so two executions never overwrite each other's note.
   */
  addPending(tab: string, row: number, at: string): void {
    this.set(`${PENDING}${tab}:${row}`, at);
  }

  pendingCount(): number {
    return Object.keys(this.values).filter((k) => k.startsWith(PENDING)).length;
  }

  /** A full refresh checks every row, so it settles every pending note. */
  clearPending(): void {
    for (const key of Object.keys(this.values).filter((k) => k.startsWith(PENDING))) this.remove(key);
  }

  /** The identifiers last offered on the forms' lists of this kind (JSON), e.g. the Supporter IDs. */
  choices(kind: string): string | null {
    return this.getParts(choicesKey(kind));
  }

  /** In parts: a list grows with the register (2,000 Supporter IDs are about 20 kB of JSON). */
  setChoices(kind: string, choices: string): void {
    this.setParts(choicesKey(kind), choices);
  }

  /** The schemes whose forms the last Set up built, or null before the first. */
  builtSchemes(): string[] | null {
    return this.getList(BUILT_SCHEMES);
  }

  setBuiltSchemes(ids: readonly string[]): void {
    this.set(BUILT_SCHEMES, JSON.stringify(ids));
  }

  /** The form declarations a Set up that stopped for time had done, or null. */
  setupProgress(): string[] | null {
    return this.getList(SETUP_PROGRESS);
  }

  setSetupProgress(formKeys: readonly string[]): void {
    this.set(SETUP_PROGRESS, JSON.stringify(formKeys));
  }

  clearSetupProgress(): void {
    this.remove(SETUP_PROGRESS);
  }

  /**
   * The account whose triggers handle submissions and the hourly rebuild. Recorded
   * because ScriptApp lists only the running user's triggers: without it a second
   * manager's Set up cannot see the first one's and would install a second pair.
   */
  triggerOwner(): string | null {
    return this.get(TRIGGER_OWNER);
  }

  setTriggerOwner(email: string): void {
    this.set(TRIGGER_OWNER, email);
  }

  /** When the views went out of date (a submission, an edit by hand), or null when they are current. */
  viewsOutOfDate(): string | null {
    return this.get(VIEWS_OUT_OF_DATE);
  }

  /** Marks the views out of date, keeping the time of the first change since the last rebuild. */
  markViewsOutOfDate(at: string): void {
    if (this.get(VIEWS_OUT_OF_DATE) === null) this.set(VIEWS_OUT_OF_DATE, at);
  }

  lastRebuildDay(): string | null {
    return this.get(LAST_REBUILD_DAY);
  }

  /** A rebuild: the views are current, the hand edits and handled rows seen. */
  rebuilt(day: string): void {
    this.remove(VIEWS_OUT_OF_DATE);
    this.set(LAST_REBUILD_DAY, day);
    for (const key of Object.keys(this.values).filter((k) => k.startsWith(EDITED))) this.remove(key);
    this.remove(LINKS_WANTED);
  }

  /** A person changed a value in this tab (onEdit): what submissions cached of it is not trusted until the next rebuild. */
  markEditedByHand(sheetId: number): void {
    this.set(EDITED + sheetId, '1');
  }

  editedByHand(sheetId: number): boolean {
    return this.get(EDITED + sheetId) !== null;
  }

  submissionCache(): string | null {
    return this.getParts(SUBMISSION_CACHE);
  }

  setSubmissionCache(json: string | null): void {
    this.setParts(SUBMISSION_CACHE, json);
  }

  /** The rows handled recently: "sheetId:row" → a hash of the row as handled. */
  handledRows(): Record<string, number> {
    return readObject(this.get(HANDLED));
  }

  setHandledRows(rows: Record<string, number>): void {
    this.set(HANDLED, JSON.stringify(rows));
  }

  /** Rows whose edit link the rebuild is to find: "sheetId:row" → the row's Timestamp (ms). */
  linksWanted(): Record<string, number> {
    return readObject(this.get(LINKS_WANTED));
  }

  setLinksWanted(rows: Record<string, number>): void {
    this.set(LINKS_WANTED, JSON.stringify(rows));
  }

  /** The last retention review's record (retention-snapshot.ts), or null when there is none. */
  retentionReview(): string | null {
    return this.getParts(RETENTION_REVIEW);
  }

  setRetentionReview(text: string | null): void {
    this.setParts(RETENTION_REVIEW, text);
  }

  /**
   * Text that can grow with the data (an identifier list, the retention review),
   * read back from its parts: `key` holds the number of parts, each under `key:<i>`.
   * A value that is not a number was written whole by an earlier version and is
   * read as it is, so a deployed script's lists need not be rewritten.
   */
  private getParts(key: string): string | null {
    const head = this.get(key);
    if (head === null) return null;
    if (!/^\d+$/.test(head)) return head;
    const parts = Number(head);
    if (parts < 1) return null;
    let text = '';
    for (let i = 0; i < parts; i++) {
      const part = this.get(`${key}:${i}`);
      if (part === null) return null;
      text += part;
    }
    return text;
  }

  /**
   * Stores `text` in parts under 9 kB, all in one setProperties, so a reader never
   * sees half of an old value and half of a new one; null removes it.
   */
  private setParts(key: string, text: string | null): void {
    // \u escapes (as JSON reads them) keep it ASCII, so that a part's characters are its bytes.
    const ascii = text?.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) ?? null;
    if (ascii !== null && this.getParts(key) === ascii) return;
    const head = this.get(key);
    const before = head !== null && /^\d+$/.test(head) ? Number(head) : 0;
    let parts = 0;
    if (ascii !== null) {
      const values: Record<string, string> = {};
      for (let at = 0; at < ascii.length; at += PART_CHARS) values[`${key}:${parts++}`] = ascii.slice(at, at + PART_CHARS);
      values[key] = String(parts);
      this.props.setProperties(values);
      Object.assign(this.values, values);
    } else {
      this.remove(key);
    }
    for (let i = parts; i < before; i++) this.remove(`${key}:${i}`);
  }

  /** The site's configuration a manager stored (never throws: see site-config.ts). */
  static siteConfig(): SiteConfig {
    return readSiteConfig(PropertiesService.getScriptProperties().getProperty(SETTINGS_PROPERTY));
  }
}
