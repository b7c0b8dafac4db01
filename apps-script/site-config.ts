/**
 * The site's configuration inside Apps Script: the script property
 * PEERKIT_SETTINGS, JSON in the shape of peerkit.config.json (`schemes`,
 * `settings`; `site` and `$schema` are accepted too). `submitRefreshMaxRows`, which
 * earlier versions read, is accepted and ignored: submissions no longer refresh. Settings may also stand at the top level, as they
 * did before `settings` was read. `schemes` is validated by the configuration
 * file's own zod declaration (core/config.ts).
 *
 * Reading never throws: what cannot be used is said, one line per field, and the
 * rest is used. Set up refuses to build from a configuration with a problem; the
 * checks and views carry on (see run.ts).
 */
import { configSchema } from '../core/config.js';
import { SCHEMES } from '../core/schemes/index.js';
import { settingsSchema, type Settings } from '../core/settings.js';

/** Script property: the site's configuration (see the README, "Settings in Apps Script"). */
export const SETTINGS_PROPERTY = 'PEERKIT_SETTINGS';

export interface SiteConfig {
  /** The schemes the property names (each once), or null when it names none or they cannot be used. */
  schemes: string[] | null;
  /** True when the property may name schemes that could not be read (bad JSON, a bad `schemes`). */
  schemesUnreadable: boolean;
  /** The settings that could be read; the time zone and locale are always the spreadsheet's. */
  settings: Partial<Settings>;
  /** What could not be used, one line each, naming the field; empty when all is well. */
  problems: string[];
}

/** The keys of peerkit.config.json, and one earlier versions of the Apps Script read (ignored now). (`sites` is the generator's: a spreadsheet is one site.) */
export const CONFIG_KEYS = new Set(['$schema', 'site', 'provider', 'contractReference', 'team', 'publication', 'schemes', 'sites', 'settings', 'submitRefreshMaxRows']);
/** The spreadsheet's own (File → Settings) always win over these. */
export const SPREADSHEET_OWN = new Set(['timeZone', 'locale']);
const SETTING_FIELDS = settingsSchema.shape as Record<string, (typeof settingsSchema.shape)[keyof typeof settingsSchema.shape]>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The configuration file's check of `schemes`, its first problem in one line. */
function readSchemes(value: unknown): { schemes: string[] } | { problem: string } {
  const parsed = configSchema.shape.schemes.safeParse(value);
  if (parsed.success) return { schemes: [...new Set(parsed.data)] };
  const issue = parsed.error.issues[0]!;
  const index = issue.path[0];
  if (issue.code === 'invalid_value' && typeof index === 'number' && Array.isArray(value)) {
    const named = value[index];
    return { problem: `schemes: unknown scheme ${JSON.stringify(named)}: choose from ${SCHEMES.map((r) => r.id).join(', ')}` };
  }
  return { problem: `schemes${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}` };
}

function readSetting(key: string, value: unknown, where: string, into: Record<string, unknown>, problems: string[]): void {
  const field = SETTING_FIELDS[key];
  if (!field) {
    problems.push(`${where}${key}: not a setting peerkit knows`);
    return;
  }
  if (SPREADSHEET_OWN.has(key)) return;
  const parsed = field.safeParse(value);
  if (parsed.success) into[key] = parsed.data;
  else problems.push(`${where}${key}: ${parsed.error.issues[0]!.message}; the default is used`);
}

/** Reads the property's text (null when the property is not set). */
export function readSiteConfig(text: string | null): SiteConfig {
  const config: SiteConfig = { schemes: null, schemesUnreadable: false, settings: {}, problems: [] };
  if (text === null || text.trim() === '') return config;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    config.schemesUnreadable = true;
    config.problems.push(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    return config;
  }
  if (!isObject(json)) {
    config.schemesUnreadable = true;
    config.problems.push('not a JSON object: write it like {"schemes": ["perinatal", "reconnect"]}');
    return config;
  }

  const settings: Record<string, unknown> = {};
  if ('settings' in json) {
    if (isObject(json.settings)) for (const [key, value] of Object.entries(json.settings)) readSetting(key, value, 'settings.', settings, config.problems);
    else config.problems.push('settings: not a JSON object');
  }
  // Top-level settings, as before `settings` was read; they win over the same key in `settings`.
  for (const [key, value] of Object.entries(json)) if (!CONFIG_KEYS.has(key)) readSetting(key, value, '', settings, config.problems);
  config.settings = settings as Partial<Settings>;

  if ('schemes' in json) {
    const read = readSchemes(json.schemes);
    if ('schemes' in read) config.schemes = read.schemes;
    else {
      config.schemesUnreadable = true;
      config.problems.push(read.problem);
    }
  }
  if ('site' in json && !configSchema.shape.site.safeParse(json.site).success) config.problems.push('site: not a name (write it like "HMP Example")');
  return config;
}
