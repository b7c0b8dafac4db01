/**
 * A site's configuration file (peerkit.config.json): which schemes it runs on its
 * spreadsheet, and its settings. Validated with zod; its JSON Schema is generated
 * from the same declaration so editors can complete the file.
 */
import { z } from 'zod';
import { partialSettingsSchema } from './settings.js';
import { SCHEMES } from './schemes/index.js';
import { UserError } from './errors.js';
import { DEFAULT_SUPPRESS_BELOW } from './publication.js';

const schemeIds = SCHEMES.map((r) => r.id) as [string, ...string[]];

/** The schemes of the contract peerkit was built for, run when no configuration says otherwise. */
export const DEFAULT_SCHEMES = ['perinatal', 'reconnect'];

const teamSchema = z
  .object({
    name: z.string().trim().min(1).optional().describe('What women call the team, e.g. "the Reconnect peer support team". Default: "the peer support team".'),
    phone: z
      .string()
      .trim()
      .refine((text) => /^\+?[\d\s()-]+$/.test(text) && text.replace(/\D/g, '').length >= 6, 'not a phone number (write it like "01632 960123")')
      .optional()
      .describe("The peer support team's own phone number, printed on page 1 of every release pack. Without it, packs say to ask the team for it before she leaves."),
  })
  .strict();

/** The id of the roll-up of every site (`--site all`), which no site may take. */
export const ALL_SITES = 'all';

/** One prison of a provider running schemes in several (data contract §9). */
const siteSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'write it in lower-case letters, digits and hyphens, e.g. "peterborough"')
      .refine((id) => id !== ALL_SITES, `"${ALL_SITES}" names the roll-up of every site: choose another id`)
      .describe('How --site names it, and the folder its reports are written to: lower-case letters, digits and hyphens, e.g. "peterborough".'),
    name: z.string().trim().min(1).describe('The prison, shown on its reports, e.g. "HMP Peterborough".'),
    source: z
      .string()
      .trim()
      .min(1)
      .describe("Its workbook, in any form --source takes: an .xlsx file, a folder of CSVs (a path is read from this file's folder), or sheets:<spreadsheetId>."),
    settings: partialSettingsSchema.optional().describe("This site's own settings, over the file's: a roll-up needs every site in one time zone with the same quarters."),
    team: teamSchema.optional().describe("This site's peer support team, as its release packs name it (else the file's team)."),
  })
  .strict();

export type SiteConfig = z.infer<typeof siteSchema>;

export const configSchema = z
  .object({
    $schema: z.string().optional().describe("Where editors find this schema: the path of peerkit's docs/peerkit.config.schema.json."),
    site: z.string().min(1).optional().describe('The prison or site, shown on reports, e.g. "HMP Example".'),
    provider: z.string().min(1).optional().describe('The organisation providing the schemes, shown at the head of each report, e.g. "Example Peer Support CIC".'),
    contractReference: z.string().min(1).optional().describe('The commissioner\'s reference for the contract, shown at the head of each report, e.g. "NHSE-HJ-0042".'),
    publication: z
      .object({
        suppressBelow: z
          .number()
          .int()
          .min(2)
          .default(DEFAULT_SUPPRESS_BELOW)
          .describe('Counts from 1 to one below this are shown as "<5" (for 5), and percentages whose n, N or N − n are that small are withheld.'),
      })
      .strict()
      .optional()
      .describe('Makes every report a publication copy, with small numbers hidden as NHS statistics hide them (as `peerkit report --for publication`); `--for commissioner` gives the full copy.'),
    schemes: z
      .array(z.enum(schemeIds))
      .min(1)
      .default(DEFAULT_SCHEMES)
      .describe(`The schemes this site runs on its spreadsheet: ${schemeIds.join(', ')}.`),
    team: teamSchema.optional().describe('The peer support team, as release packs name it.'),
    sites: z
      .array(siteSchema)
      .min(1)
      .superRefine((sites, context) => {
        const seen = new Set<string>();
        sites.forEach((site, i) => {
          if (seen.has(site.id)) context.addIssue({ code: 'custom', path: [i, 'id'], message: `two sites have the id "${site.id}": give each its own` });
          seen.add(site.id);
        });
      })
      .optional()
      .describe('For a provider running schemes in several prisons: each site and its workbook. `--site <id>` reports one, `--site all` each and a roll-up, "All sites" (data contract §9).'),
    settings: partialSettingsSchema.default({}).describe('Settings; command-line options override them.'),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG: Config = configSchema.parse({});

/** Parses a configuration file's text; a problem is one clear line naming the file and the field. */
export function parseConfig(text: string, file: string): Config {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = configSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : 'the file';
  throw new UserError(`${file}: ${where}: ${issue.message}`);
}

/** The JSON Schema of the configuration file. */
export function configJsonSchema(): object {
  return {
    title: 'peerkit configuration',
    ...z.toJSONSchema(configSchema, { io: 'input' }),
  };
}
