/**
 * The settings on the command line: each setting's flag, --help line and check come
 * from its declaration in core/settings.ts, so a new setting has them without more code.
 */
import { makeSettings, settingOf, SETTING_KEYS, type Settings } from '../core/settings.js';
import { UserError } from '../core/errors.js';
import type { OptionSpec, OptionValues } from './command.js';
import type { RawWorkbook } from '../core/workbook.js';

export const stringOption = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/** parseArgs options: one string flag per setting. */
export const SETTING_OPTIONS: OptionSpec = Object.fromEntries(SETTING_KEYS.map((key) => [settingOf(key).flag, { type: 'string' }]));

const HELP_COLUMN = 24;
const HELP_WIDTH = 80;

/** One option's --help entry: the option at the left, its text wrapped in a column beside it. */
export function helpEntry(option: string, text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && HELP_COLUMN + line.length + 1 + word.length > HELP_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  const head = `  ${option}`;
  // An option too long for its column has its text on the lines below.
  const first = head.length < HELP_COLUMN - 1 ? [head.padEnd(HELP_COLUMN) + lines.shift()!] : [head];
  return [...first, ...lines.map((l) => ' '.repeat(HELP_COLUMN) + l)].join('\n');
}

/** The --help lines of every setting's flag. */
export const SETTINGS_HELP = SETTING_KEYS.map((key) => {
  const s = settingOf(key);
  const fallback = s.fromWorkbook ? `a live spreadsheet's own, else ${s.default}` : String(s.default);
  return helpEntry(`--${s.flag} ${s.arg}`, `${s.help} Default: ${fallback}.`);
}).join('\n');

/** The settings the flags give, each checked by its own schema; a bad one is one line naming its flag. */
export function settingsFromFlags(values: OptionValues): Partial<Settings> {
  const given: Partial<Record<keyof Settings, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const s = settingOf(key);
    const text = stringOption(values[s.flag]);
    if (text === undefined) continue;
    const parsed = s.schema.safeParse(s.fromText(text));
    if (!parsed.success) throw new UserError(`--${s.flag} must be ${s.expects}, not "${text}"`);
    given[key] = parsed.data;
  }
  return given as Partial<Settings>;
}

/**
 * The settings of a run: the command line first, then the configuration file, then
 * what the workbook says of itself (a live spreadsheet's time zone and locale, where
 * peerkit can use them), then the defaults.
 */
export function resolveSettings(flags: Partial<Settings>, configured: Partial<Settings>, workbook?: Pick<RawWorkbook, 'timeZone' | 'locale'>): Settings {
  const own: Partial<Record<keyof Settings, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const s = settingOf(key);
    const value = s.fromWorkbook && workbook ? (workbook as Partial<Record<keyof Settings, unknown>>)[key] : undefined;
    if (value !== undefined && s.schema.safeParse(value).success) own[key] = value;
  }
  return makeSettings({ ...(own as Partial<Settings>), ...configured, ...flags });
}
