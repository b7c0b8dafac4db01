/**
 * One execution's context: the spreadsheet, its time zone and settings, the
 * stored ids, and "now" read once, so every part of a run agrees on the date.
 */
import { DateTime } from 'luxon';
import { makeSettings, type Settings } from '../core/settings.js';
import { Store } from './store.js';

export interface Run {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  timeZone: string;
  settings: Settings;
  store: Store;
  /** A submission refreshes every view while the workbook is at most this many rows (0: never). */
  submitRefreshMaxRows: number;
  /** Today in the spreadsheet's time zone, `yyyy-mm-dd`. */
  asOf: string;
  /** Now, wall-clock in the spreadsheet's time zone, `yyyy-mm-ddTHH:mm:ss`. */
  now: string;
}

/** Where core's messages say the data came from. */
export const ORIGIN = 'this spreadsheet';

export function startRun(): Run {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const timeZone = ss.getSpreadsheetTimeZone() || 'Europe/London';
  const locale = ss.getSpreadsheetLocale() === 'en_US' ? 'en_US' : 'en_GB';
  const stored = Store.settings();
  const clock = DateTime.now().setZone(timeZone);
  return {
    ss,
    timeZone,
    settings: makeSettings({ ...stored.site, timeZone, locale }),
    store: new Store(),
    submitRefreshMaxRows: stored.submitRefreshMaxRows,
    asOf: clock.toISODate()!,
    now: clock.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
  };
}
