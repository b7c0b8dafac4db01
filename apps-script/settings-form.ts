/**
 * What Peer support → Settings edits, apart from Apps Script's services so that
 * tests and `npm run screenshots` can use it anywhere: the dialog's fields (the
 * scheme registry, and each setting's declaration in core/settings.ts), the script
 * property read into them, and what the dialog sends back, checked by the
 * configuration file's own zod schema (core/config.ts) and written back in the shape
 * site-config.ts reads.
 */
import { z } from 'zod';
import { configSchema, DEFAULT_SCHEMES } from '../core/config.js';
import { SCHEMES } from '../core/schemes/index.js';
import { SETTING_KEYS, settingOf } from '../core/settings.js';
import { CONFIG_KEYS, readSiteConfig, SETTINGS_PROPERTY, SPREADSHEET_OWN } from './site-config.js';

type SettingKey = (typeof SETTING_KEYS)[number];

/** One setting as the dialog shows it; `name` is its path in the property, e.g. `settings.quarters`. */
export interface SettingField {
  key: SettingKey;
  name: string;
  label: string;
  help: string;
  /** Shown as the placeholder (or the first choice): what an empty field means. */
  default: string;
  /** A list to choose from, or null for text. */
  choices: string[] | null;
}

/** The values a setting chooses from (z.enum's options, z.literal's values), or null. */
function choicesOf(schema: z.ZodType): string[] | null {
  if (schema instanceof z.ZodEnum) return schema.options.map(String);
  if (schema instanceof z.ZodLiteral) return [...schema.values].map(String);
  return null;
}

/** Every setting but the spreadsheet's own (time zone, locale), in SETTINGS order. */
export const SETTING_FIELDS: readonly SettingField[] = SETTING_KEYS.filter((key) => !SPREADSHEET_OWN.has(key)).map((key) => {
  const setting = settingOf(key);
  return { key, name: `settings.${key}`, label: setting.label, help: setting.help, default: String(setting.default), choices: choicesOf(setting.schema) };
});

const fieldOf = (name: string): SettingField | undefined => SETTING_FIELDS.find((f) => f.name === name);

/** The scheme checkboxes, in the registry's order. */
export const SCHEME_CHOICES = SCHEMES.map((s) => ({ id: s.id, title: s.title, subtitle: s.subtitle }));

/** Keys of the configuration file the dialog does not show but keeps as they are (reports' and packs' own). */
const KEPT_KEYS = [...CONFIG_KEYS].filter((key) => key !== 'schemes' && key !== 'settings');

export interface SettingsFormState {
  /** The schemes ticked: those this spreadsheet runs now. */
  schemes: string[];
  /** Each field's text by name, as stored ('' when not set: the default applies). */
  values: Record<string, string>;
  /** What cannot be used in the property now, one line each (site-config.ts's words). */
  problems: string[];
  /** Keys kept as they are, present in the property (e.g. `site`, `team`). */
  kept: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The property as a JSON object ({} when it is not set or cannot be read: its problems say so). */
function storedObject(text: string | null): Record<string, unknown> {
  if (text === null || text.trim() === '') return {};
  try {
    const json: unknown = JSON.parse(text);
    return isObject(json) ? json : {};
  } catch {
    return {};
  }
}

/** A setting as stored: at the top level (the older way, which wins) or under `settings`. */
function storedSetting(json: Record<string, unknown>, key: string): unknown {
  if (key in json) return json[key];
  return isObject(json.settings) ? json.settings[key] : undefined;
}

const asText = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The dialog's fields filled from the property's text. The schemes ticked are those
 * the checks serve now (see execution.ts): the property's, or while it names none,
 * those the last Set up built when it cannot be read, else the contract's two.
 */
export function readSettingsForm(text: string | null, built: readonly string[] | null): SettingsFormState {
  const config = readSiteConfig(text);
  const json = storedObject(text);
  const values: Record<string, string> = {};
  for (const field of SETTING_FIELDS) values[field.name] = asText(storedSetting(json, field.key));
  const schemes = config.schemes ?? (config.schemesUnreadable && built && built.length > 0 ? [...built] : DEFAULT_SCHEMES);
  return { schemes, values, problems: config.problems, kept: KEPT_KEYS.filter((key) => key in json) };
}

/** A message beside the field it is about (`schemes`, `settings.quarters`), or about the whole form (`''`). */
interface FieldError {
  field: string;
  message: string;
}

/** What saveSettings returns to the dialog: plain data, as google.script.run requires. */
export type SettingsFormResult = { saved: true; message: string } | { saved: false; message: string; errors: FieldError[] };

const NOT_SAVED = 'Not saved: correct the fields marked, then save again.';

const refused = (errors: FieldError[], message = NOT_SAVED): { result: SettingsFormResult } => ({ result: { saved: false, message, errors } });

/** What google.script.run delivers: a copy of { schemes: string[], settings: { name: text } }. */
function readInput(input: unknown): { schemes: string[]; texts: Map<string, string> } | null {
  if (!isObject(input) || !Array.isArray(input.schemes) || !isObject(input.settings)) return null;
  if (!input.schemes.every((s): s is string => typeof s === 'string')) return null;
  const texts = new Map<string, string>();
  for (const [key, text] of Object.entries(input.settings)) {
    if (typeof text !== 'string') return null;
    texts.set(key, text.trim());
  }
  return { schemes: input.schemes, texts };
}

function schemesMessage(issue: z.core.$ZodIssue, schemes: readonly string[]): string {
  const at = issue.path[1];
  if (typeof at === 'number') return `Unknown scheme "${schemes[at]}": choose from ${SCHEMES.map((s) => s.id).join(', ')}.`;
  if (issue.code === 'too_small') return 'Choose at least one scheme.';
  return issue.message;
}

/**
 * Checks what the dialog sent against the property's current text. When it is
 * valid, returns the property's new text: the schemes (in their stored order, new
 * ones after), the settings given (an empty field is left out, so its default
 * applies), and the keys kept as they are; settings at the top level move under
 * `settings`, and what peerkit does not read here (unknown keys, the spreadsheet's
 * own time zone and locale) is left out. Otherwise, errors by field, nothing to store.
 */
export function checkSettingsForm(input: unknown, text: string | null, built: readonly string[] | null): { result: SettingsFormResult; text?: string } {
  const read = readInput(input);
  if (read === null) return refused([], 'Not saved: the dialog sent something peerkit cannot read. Close it and choose Peer support → Settings again.');
  const json = storedObject(text);

  const errors: FieldError[] = [];
  const settings: Record<string, unknown> = {};
  for (const [name, value] of read.texts) {
    const field = fieldOf(name);
    if (!field) errors.push({ field: '', message: `${name} is not a setting this dialog edits.` });
    else if (value !== '') settings[field.key] = settingOf(field.key).fromText(value);
  }
  if (errors.length > 0) return refused(errors, 'Not saved: the dialog sent a setting peerkit does not know.');

  const stored = Array.isArray(json.schemes) ? json.schemes : [];
  const rank = (id: string) => (stored.includes(id) ? stored.indexOf(id) : stored.length);
  const schemes = [...new Set(read.schemes)].sort((a, b) => rank(a) - rank(b));

  const kept = Object.fromEntries(KEPT_KEYS.filter((key) => key in json).map((key) => [key, json[key]]));
  const { submitRefreshMaxRows, ...fileKeys } = kept;
  // The configuration file's own schema: what peerkit.config.json accepts, the property accepts.
  const parsed = configSchema.safeParse({ ...fileKeys, schemes, settings });
  if (!parsed.success) {
    // One message a field (its first), as the dialog has one place for it beside the field.
    const add = (error: FieldError) => {
      if (error.field === '' || !errors.some((e) => e.field === error.field)) errors.push(error);
    };
    for (const issue of parsed.error.issues) {
      const [head, key] = issue.path;
      const field = head === 'settings' ? fieldOf(`settings.${String(key)}`) : undefined;
      if (head === 'schemes') add({ field: 'schemes', message: schemesMessage(issue, schemes) });
      else if (field) add({ field: field.name, message: `"${read.texts.get(field.name) ?? ''}" is not ${settingOf(field.key).expects}.` });
      else add({ field: '', message: `${issue.path.join('.')}: ${issue.message} (edit it in the script property ${SETTINGS_PROPERTY}).` });
    }
    return refused(errors);
  }

  const property: Record<string, unknown> = { schemes, ...(Object.keys(settings).length > 0 && { settings }), ...fileKeys };
  if (submitRefreshMaxRows !== undefined) property.submitRefreshMaxRows = submitRefreshMaxRows;
  return { result: { saved: true, message: savedMessage(schemes, json, built) }, text: JSON.stringify(property) };
}

/** What happens next: when the new settings take effect, and whether Set up must run. */
function savedMessage(schemes: readonly string[], before: Record<string, unknown>, built: readonly string[] | null): string {
  const lines = ['Saved. Submissions are checked with these settings from now on; the Dashboard and the other views use them from the next refresh (Peer support → Refresh does it now).'];
  const toBuild = schemes.filter((id) => !(built ?? []).includes(id));
  if (toBuild.length > 0) lines.push(`Choose Peer support → Set up to build the forms of ${toBuild.join(', ')}.`);
  const dropped = Object.keys(before).filter((key) => !CONFIG_KEYS.has(key) && !fieldOf(`settings.${key}`));
  const droppedNested = isObject(before.settings) ? Object.keys(before.settings).filter((key) => !fieldOf(`settings.${key}`)) : [];
  const left = [...new Set([...dropped, ...droppedNested])];
  if (left.length > 0) lines.push(`Left out, as peerkit does not read them here: ${left.join(', ')}.`);
  return lines.join(' ');
}
