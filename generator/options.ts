/** Options several commands share, and the settings they make. */
import { existsSync, readFileSync } from 'node:fs';
import { makeSettings, type Settings } from '../core/settings.js';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../core/config.js';
import { UserError } from '../core/errors.js';
import type { OptionSpec, OptionValues } from './command.js';
import type { RawWorkbook } from '../core/workbook.js';

export const SOURCE_OPTIONS: OptionSpec = {
  source: { type: 'string' },
  locale: { type: 'string' },
  'time-zone': { type: 'string' },
  quarters: { type: 'string' },
  'contract-start': { type: 'string' },
  'stale-after': { type: 'string' },
  config: { type: 'string' },
};

export const SOURCE_HELP = `
  --source S            an .xlsx file, a folder of <Tab name>.csv files, or
                        sheets:<spreadsheetId> (live Google Sheets; see README)
                        (default: the bundled sample workbook)
  --locale L            how dates are written in text cells: en_GB (dd/mm/yyyy)
                        or en_US (m/d/yyyy); default: a live spreadsheet's own, else en_GB
  --time-zone Z         the spreadsheet's time zone; default: a live spreadsheet's
                        own, else Europe/London
  --quarters K          financial (default: 2021-22-Q1 = Apr-Jun 2021),
                        calendar (2021-Q1) or contract (C1, C2, ... from --contract-start)
  --contract-start D    first day of the contract, yyyy-mm-dd (default 2021-01-02)
  --stale-after N       days after which a services directory entry not verified
                        again is stale (default 180)
  --config FILE         the site's configuration (default: peerkit.config.json
                        in this folder, if there is one)
  --debug               show a stack trace when something fails`;

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/**
 * Settings from the options; what they leave out comes from the workbook's own
 * time zone and locale, where its source knows them (a live spreadsheet does).
 */
export function settingsFrom(values: OptionValues, workbook?: Pick<RawWorkbook, 'timeZone' | 'locale'>): Settings {
  const configured = loadConfig(values).settings;
  const locale = str(values.locale);
  if (locale !== undefined && locale !== 'en_GB' && locale !== 'en_US') {
    throw new UserError(`--locale must be en_GB or en_US, not "${locale}"`);
  }
  const quarters = str(values.quarters);
  if (quarters !== undefined && !['financial', 'calendar', 'contract'].includes(quarters)) {
    throw new UserError(`--quarters must be financial, calendar or contract, not "${quarters}"`);
  }
  const timeZone = str(values['time-zone']);
  if (timeZone !== undefined && !isTimeZone(timeZone)) throw new UserError(`--time-zone "${timeZone}" is not a known time zone (e.g. Europe/London)`);
  const contractStart = str(values['contract-start']);
  if (contractStart !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(contractStart)) {
    throw new UserError(`--contract-start must be a date written yyyy-mm-dd, not "${contractStart}"`);
  }
  const staleText = str(values['stale-after']);
  const staleAfterDays = staleText === undefined ? undefined : Number(staleText);
  if (staleAfterDays !== undefined && !(Number.isInteger(staleAfterDays) && staleAfterDays > 0)) {
    throw new UserError(`--stale-after must be a whole number of days, not "${staleText}"`);
  }
  // Options first, then the configuration file, then what the workbook says of itself.
  return makeSettings({
    ...configured,
    ...defined({
      staleAfterDays,
      locale: (locale ?? configured.locale ?? readableLocale(workbook?.locale)) as Settings['locale'] | undefined,
      quarters: quarters as Settings['quarters'] | undefined,
      timeZone: timeZone ?? configured.timeZone ?? (workbook?.timeZone !== undefined && isTimeZone(workbook.timeZone) ? workbook.timeZone : undefined),
      contractStart,
    }),
  });
}

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const DEFAULT_CONFIG_FILE = 'peerkit.config.json';

/** The configuration named by --config, or peerkit.config.json here if there is one, or the defaults. */
export function loadConfig(values: OptionValues): Config {
  const named = str(values.config);
  const file = named ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (file === undefined) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read configuration "${file}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return parseConfig(text, file);
}

/** A workbook's locale where peerkit reads it; anything else is left to the default. */
function readableLocale(locale: string | undefined): string | undefined {
  return locale === 'en_GB' || locale === 'en_US' ? locale : undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export { str as stringOption };
