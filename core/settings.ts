/** Site settings: what a spreadsheet's locale, time zone and reporting habits are. */
import { z } from 'zod';

export const settingsSchema = z.object({
  /** IANA time zone of the spreadsheet. */
  timeZone: z.string().default('Europe/London'),
  /** How text dates are written: en_GB is dd/mm/yyyy, en_US is m/d/yyyy. */
  locale: z.enum(['en_GB', 'en_US']).default('en_GB'),
  /** Which quarters reports use. */
  quarters: z.enum(['financial', 'calendar', 'contract']).default('financial'),
  /** First day of the contract (ISO date): contract quarters count from it. */
  contractStart: z.iso.date().default('2021-01-02'),
  /** Length of the contract in months. */
  contractMonths: z.number().int().positive().default(24),
  /** A services directory entry not verified for this many days is stale. */
  staleAfterDays: z.number().int().positive().default(180),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export function makeSettings(overrides: Partial<Settings> = {}): Settings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...defined });
}
