/**
 * Site settings: what a spreadsheet's locale, time zone and reporting habits are.
 *
 * Each setting is declared once, in SETTINGS: its zod schema validates it wherever
 * it comes from (the configuration file, Apps Script's property, a command-line
 * flag) and, with its help text, makes the JSON Schema; the command line's flag,
 * --help line and one-line error come from the same entry (generator/options.ts).
 */
import { z } from 'zod';

/** Everything about one setting. Leaving a field out of a new setting is a compile error. */
interface Setting<T> {
  schema: z.ZodType<T>;
  default: NoInfer<T>;
  /** What a person calls it: the label of its field in Apps Script's Settings dialog. */
  label: string;
  /** One text for the JSON Schema's description, the --help line and the Settings dialog. */
  help: string;
  /** The command-line flag without its dashes, and the placeholder of its value in --help. */
  flag: string;
  arg: string;
  /** What a flag's text must be, for its error: `--<flag> must be <expects>, not "…"`. */
  expects: string;
  /** How a flag's text becomes a value for the schema (`--stale-after 180` → 180). */
  fromText: (text: string) => unknown;
  /** A live spreadsheet knows its own (File → Settings): used when neither flag nor file gives one. */
  fromWorkbook?: true;
}

const setting = <T>(declaration: Setting<T>): Setting<T> => declaration;

const asText = (text: string): unknown => text;
// Number('') is 0: an empty flag must fail as "not a number", not pass as zero.
const asNumber = (text: string): unknown => (text.trim() === '' ? Number.NaN : Number(text));

/** One of a list: the schema, and the list as a flag's error says it ("a, b or c"). */
function choice<const V extends readonly [string, ...string[]]>(values: V) {
  return { schema: z.enum(values), expects: `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`, fromText: asText };
}

function wholeNumber(unit: string) {
  return { schema: z.number().int().positive(), expects: `a whole number of ${unit}`, fromText: asNumber };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const SETTINGS = {
  timeZone: setting({
    label: 'Time zone',
    schema: z.string().refine(isTimeZone, 'not a known time zone (an IANA name such as Europe/London)'),
    expects: 'a known time zone (an IANA name such as Europe/London)',
    fromText: asText,
    default: 'Europe/London',
    fromWorkbook: true,
    flag: 'time-zone',
    arg: 'Z',
    help: "The spreadsheet's time zone (IANA name), e.g. Europe/London.",
  }),
  locale: setting({
    label: 'Date format',
    ...choice(['en_GB', 'en_US']),
    default: 'en_GB',
    fromWorkbook: true,
    flag: 'locale',
    arg: 'L',
    help: 'How dates are written in text cells: en_GB is dd/mm/yyyy, en_US is m/d/yyyy. Never guessed.',
  }),
  quarters: setting({
    label: 'Quarters',
    ...choice(['financial', 'calendar', 'contract']),
    default: 'financial',
    flag: 'quarters',
    arg: 'K',
    help: 'Which quarters reports use: NHS financial (from April: 2021-22-Q1 is April to June 2021), calendar (2021-Q1), or contract quarters (C1, C2, …) counted from the contract start.',
  }),
  contractStart: setting({
    label: 'Contract start',
    schema: z.iso.date(),
    expects: 'a real date written yyyy-mm-dd',
    fromText: asText,
    default: '2021-01-02',
    flag: 'contract-start',
    arg: 'D',
    help: 'First day of the contract, yyyy-mm-dd: contract quarters count from it.',
  }),
  contractMonths: setting({
    label: 'Contract length (months)',
    ...wholeNumber('months'),
    default: 24,
    flag: 'contract-months',
    arg: 'N',
    help: 'Length of the contract in months: reports without a period cover every quarter of it.',
  }),
  staleAfterDays: setting({
    label: 'Directory entry stale after (days)',
    ...wholeNumber('days'),
    default: 180,
    flag: 'stale-after',
    arg: 'N',
    help: 'A services directory entry not verified for this many days is stale.',
  }),
  buddyWeeklyHoursLimit: setting({
    label: 'Buddy weekly hours limit',
    schema: z.number().positive(),
    expects: 'a number of hours above 0',
    fromText: asNumber,
    default: 15,
    flag: 'buddy-weekly-hours-limit',
    arg: 'H',
    help: 'Social care buddies: a buddy logged for more hours than this in a week (Monday to Sunday) is flagged by peerkit check, a risk of overwork or exploitation.',
  }),
  peerWorkerLimitMonths: setting({
    label: 'Peer support worker limit (months in role)',
    ...wholeNumber('months'),
    default: 24,
    flag: 'peer-worker-limit-months',
    arg: 'M',
    help: 'Liaison and Diversion: a peer support worker in role longer than this is flagged by peerkit check (2 years as a guiding principle, so that lived experience stays recent).',
  }),
  retentionMonths: setting({
    label: 'Keep records for (months)',
    ...wholeNumber('months'),
    default: 72,
    flag: 'retention-months',
    arg: 'M',
    help: "How long records are kept: peerkit retention lists the rows about each person whose latest row (a supporter's End date) is older than this, and the rows about nobody older than this.",
  }),
  packTextSize: setting({
    label: 'Release pack text size (points)',
    schema: z.literal([16, 18]),
    expects: '16 or 18',
    fromText: asNumber,
    default: 16,
    flag: 'pack-text-size',
    arg: 'P',
    help: 'Release packs: the size of their text in points, 16 or 18 (large print: 16 at least, 18 preferred).',
  }),
  packAbuseHeading: setting({
    label: 'Release pack domestic abuse heading',
    ...choice(['discreet', 'plain']),
    default: 'discreet',
    flag: 'pack-abuse-heading',
    arg: 'H',
    help: 'Release packs: the heading of the domestic abuse section, discreet ("If you feel unsafe at home"), since someone else may read her pack, or plain ("Domestic abuse support").',
  }),
};

export type Settings = { [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K] extends Setting<infer T> ? T : never };

type SettingKey = keyof Settings;

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The declaration of one setting, its value's type kept. */
export function settingOf<K extends SettingKey>(key: K): Setting<Settings[K]> {
  return SETTINGS[key] as Setting<Settings[K]>;
}

type Schemas = { [K in SettingKey]: z.ZodType<Settings[K]> };

/** A zod schema for each setting, made from its declaration. */
function schemas(make: <T>(declaration: Setting<T>) => z.ZodType<T>): Schemas {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, make(settingOf(key))])) as Schemas;
}

/** Every setting, defaults filled in. (No default is undefined: the cast says so to zod's NoUndefined<T>.) */
export const settingsSchema = z.object(schemas((s) => s.schema.default(s.default as z.core.util.NoUndefined<typeof s.default>)));

/** Settings as a configuration file gives them: any of them, no defaults filled in (the JSON Schema shows them). */
export const partialSettingsSchema = z.object(schemas((s) => s.schema.meta({ description: s.help, default: s.default }))).partial().strict();

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export function makeSettings(overrides: Partial<Settings> = {}): Settings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...defined });
}
