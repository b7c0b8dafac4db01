/** Site settings: what a spreadsheet's locale, time zone and reporting habits are. */
import { z } from 'zod';

/** Each setting, described for the configuration file's JSON Schema. */
const fields = {
  timeZone: z.string().describe("The spreadsheet's time zone (IANA name), e.g. Europe/London."),
  locale: z.enum(['en_GB', 'en_US']).describe('How dates are written in text cells: en_GB is dd/mm/yyyy, en_US is m/d/yyyy.'),
  quarters: z.enum(['financial', 'calendar', 'contract']).describe('Which quarters reports use: NHS financial (from April), calendar, or contract quarters from contractStart.'),
  contractStart: z.iso.date().describe('First day of the contract, yyyy-mm-dd: contract quarters count from it.'),
  contractMonths: z.number().int().positive().describe('Length of the contract in months.'),
  staleAfterDays: z.number().int().positive().describe('A services directory entry not verified for this many days is stale.'),
  buddyWeeklyHoursLimit: z
    .number()
    .positive()
    .describe('Social care buddies: a buddy logged for more hours than this in a week (Monday to Sunday) is flagged by peerkit check, a risk of overwork or exploitation.'),
  peerWorkerLimitMonths: z
    .number()
    .int()
    .positive()
    .describe('Liaison and Diversion: a peer support worker in role longer than this is flagged by peerkit check (2 years as a guiding principle, so that lived experience stays recent).'),
};

export const settingsSchema = z.object({
  timeZone: fields.timeZone.default('Europe/London'),
  locale: fields.locale.default('en_GB'),
  quarters: fields.quarters.default('financial'),
  contractStart: fields.contractStart.default('2021-01-02'),
  contractMonths: fields.contractMonths.default(24),
  staleAfterDays: fields.staleAfterDays.default(180),
  buddyWeeklyHoursLimit: fields.buddyWeeklyHoursLimit.default(15),
  peerWorkerLimitMonths: fields.peerWorkerLimitMonths.default(24),
});

/** Settings as a configuration file gives them: any of them, no defaults filled in. */
export const partialSettingsSchema = z.object(fields).partial().strict();

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export function makeSettings(overrides: Partial<Settings> = {}): Settings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...defined });
}
