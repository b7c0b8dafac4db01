/**
 * What the script remembers between runs, in the spreadsheet's document
 * properties (read once per run): the Google Form and response tab of each form
 * declaration, the submissions waiting to be checked, the supporter choices last
 * written to the forms. Settings are a script property instead, because the
 * Apps Script editor lets a manager edit those (Project Settings → Script properties).
 */
import { settingsSchema, type Settings } from '../core/settings.js';

const FORM = 'form:';
const SHEET = 'sheet:';
const PENDING = 'pending:';
const ROWS_AT_LAST_REFRESH = 'rowsAtLastRefresh';
const SUPPORTER_CHOICES = 'supporterChoices';
/** Script property: JSON of site settings (quarters, contractStart, staleAfterDays, …) and `submitRefreshMaxRows`. */
export const SETTINGS_PROPERTY = 'PEERKIT_SETTINGS';

/** A submission refreshes every view while the workbook has at most this many rows. */
export const DEFAULT_SUBMIT_REFRESH_MAX_ROWS = 5000;

export interface StoredSettings {
  site: Partial<Settings>;
  submitRefreshMaxRows: number;
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

  /**
   * Notes a submission that could not be checked now (the lock was busy). One key
   * per row, so two executions never overwrite each other's note.
   */
  addPending(sheetName: string, row: number, at: string): void {
    this.set(`${PENDING}${sheetName}:${row}`, at);
  }

  pendingCount(): number {
    return Object.keys(this.values).filter((k) => k.startsWith(PENDING)).length;
  }

  /** A full refresh checks every row, so it settles every pending note. */
  clearPending(): void {
    for (const key of Object.keys(this.values).filter((k) => k.startsWith(PENDING))) {
      delete this.values[key];
      this.props.deleteProperty(key);
    }
  }

  rowsAtLastRefresh(): number | null {
    const n = this.get(ROWS_AT_LAST_REFRESH);
    return n === null ? null : Number(n);
  }

  setRowsAtLastRefresh(rows: number): void {
    this.set(ROWS_AT_LAST_REFRESH, String(rows));
  }

  supporterChoices(): string | null {
    return this.get(SUPPORTER_CHOICES);
  }

  setSupporterChoices(choices: string): void {
    this.set(SUPPORTER_CHOICES, choices);
  }

  /**
   * The settings a manager stored; anything unreadable falls back to the defaults
   * (a typo in a setting must not stop submissions being checked).
   */
  static settings(): StoredSettings {
    const fallback = { site: {}, submitRefreshMaxRows: DEFAULT_SUBMIT_REFRESH_MAX_ROWS };
    const text = PropertiesService.getScriptProperties().getProperty(SETTINGS_PROPERTY);
    if (!text) return fallback;
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const site: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(settingsSchema.shape)) {
        if (key === 'timeZone' || key === 'locale' || !(key in json)) continue; // the spreadsheet's own always win
        const parsed = field.safeParse(json[key]);
        if (parsed.success) site[key] = parsed.data;
      }
      const max = Number(json.submitRefreshMaxRows);
      return {
        site: site as Partial<Settings>,
        submitRefreshMaxRows: 'submitRefreshMaxRows' in json && Number.isFinite(max) && max >= 0 ? max : DEFAULT_SUBMIT_REFRESH_MAX_ROWS,
      };
    } catch {
      return fallback;
    }
  }
}
