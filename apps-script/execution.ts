/**
 * One execution's context: the spreadsheet, its time zone and settings, the
 * schemes this site runs and their forms, the stored ids, and "now" read once, so
 * every part of a run agrees on the date.
 */
import { DateTime } from 'luxon';
import { DEFAULT_SCHEMES } from '../core/config.js';
import type { DataIssue } from '../core/dataset.js';
import type { FormDefinition } from '../core/form.js';
import { formsOf, SCHEMES } from '../core/schemes/index.js';
import type { Scheme } from '../core/scheme.js';
import { makeSettings, type Settings } from '../core/settings.js';
import { SETTINGS_PROPERTY, type SiteConfig } from './site-config.js';
import { Store } from './store.js';

export interface Execution {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  timeZone: string;
  settings: Settings;
  store: Store;
  /** The reports of the schemes this site runs, in the order configured. */
  schemes: readonly Scheme[];
  /** The forms those schemes read, each once, in order (manual tabs included). */
  forms: readonly FormDefinition[];
  /** The configuration as read, with what could not be used in it. */
  config: SiteConfig;
  /** Today in the spreadsheet's time zone, `yyyy-mm-dd`. */
  asOf: string;
  /** Now, wall-clock in the spreadsheet's time zone, `yyyy-mm-ddTHH:mm:ss`. */
  now: string;
}

/** Where core's messages say the data came from. */
export const ORIGIN = 'this spreadsheet';

/** The Data issues "tab" of a problem with the configuration. */
export const SETTINGS_ISSUE_TAB = `Script property ${SETTINGS_PROPERTY}`;

const reportsNamed = (ids: readonly string[]) => ids.flatMap((id) => SCHEMES.filter((r) => r.id === id));

/**
 * The schemes a run serves: those configured; while the configuration names
 * schemes that cannot be read, those the last Set up built (so a typo never
 * silently drops a scheme's checks); else the contract's two.
 */
function schemesOf(config: SiteConfig, store: Store): Scheme[] {
  if (config.schemes) return reportsNamed(config.schemes);
  const built = config.schemesUnreadable ? reportsNamed(store.builtSchemes() ?? []) : [];
  return built.length > 0 ? built : reportsNamed(DEFAULT_SCHEMES);
}

/**
 * @param known the spreadsheet's time zone and locale as the last rebuild read them
 *   (a submission's, to save two calls); the spreadsheet itself is then opened only
 *   when first used
 */
export function startExecution(store = new Store(), known?: { timeZone: string; locale: string }): Execution {
  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet | undefined;
  const spreadsheet = () => (ss ??= SpreadsheetApp.getActiveSpreadsheet());
  const timeZone = known?.timeZone ?? (spreadsheet().getSpreadsheetTimeZone() || 'Europe/London');
  const locale = (known?.locale ?? spreadsheet().getSpreadsheetLocale()) === 'en_US' ? 'en_US' : 'en_GB';
  const config = Store.siteConfig();
  const schemes = schemesOf(config, store);
  const clock = DateTime.now().setZone(timeZone);
  return {
    get ss() {
      return spreadsheet();
    },
    timeZone,
    settings: makeSettings({ ...config.settings, timeZone, locale }),
    store,
    schemes,
    forms: formsOf(schemes),
    config,
    asOf: clock.toISODate()!,
    now: clock.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
  };
}

/**
 * The configuration's problems as Data issues (no row: the whole configuration),
 * saying which schemes are served meanwhile.
 */
export function configIssues(run: Execution): DataIssue[] {
  if (run.config.problems.length === 0) return [];
  const serving = run.config.schemesUnreadable ? ` (meanwhile the checks and views serve ${run.schemes.map((s) => s.id).join(', ')})` : '';
  return run.config.problems.map((problem) => ({ tab: SETTINGS_ISSUE_TAB, row: null, severity: 'warning', reason: `${problem}${serving}` }));
}
