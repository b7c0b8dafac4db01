/**
 * Opening the workspace, the same way for every command that reads a workbook:
 * the flags checked, the configuration read once, then the source's tabs, the
 * settings with the workbook's own time zone and locale, the dataset, the as-of date.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ALL_SITES, DEFAULT_CONFIG, parseConfig, type Config, type SiteConfig } from '../core/config.js';
import type { Dataset } from '../core/dataset.js';
import { parseIsoDateOption, today } from '../core/dates.js';
import { UserError } from '../core/errors.js';
import type { FormDefinition } from '../core/form.js';
import type { Settings } from '../core/settings.js';
import type { Projection } from '../core/projection.js';
import type { RawWorkbook } from '../core/workbook.js';
import type { OptionSpec, OptionValues, Output } from './command.js';
import { helpEntry, resolveSettings, SETTING_OPTIONS, SETTINGS_HELP, settingsFromFlags, stringOption as str } from './options.js';
import { step } from './progress.js';
import { readSource, readSourceDataset } from './sources/index.js';
import { chooseSites, readSites, type SiteRead } from './sites.js';

const CONFIG_FILE = 'peerkit.config.json';
const CONFIG_VARIABLE = 'PEERKIT_CONFIG';

export const WORKSPACE_OPTIONS: OptionSpec = { source: { type: 'string' }, ...SETTING_OPTIONS, config: { type: 'string' } };

export const WORKSPACE_HELP = [
  '',
  helpEntry(
    '--source S',
    'An .xlsx file, a folder of <Tab name>.csv files, or sheets:<spreadsheetId> (live Google Sheets; see README). Default: the bundled sample workbook.',
  ),
  SETTINGS_HELP,
  helpEntry('--config FILE', `The site's configuration. Default: $${CONFIG_VARIABLE}, else the nearest ${CONFIG_FILE} in this folder or one above it.`),
  helpEntry('--debug', 'Show a stack trace when something fails.'),
].join('\n');

/** `--site`, for the commands that read a configuration's sites (report, check, packs). */
export const SITE_OPTIONS: OptionSpec = { site: { type: 'string' } };

export const SITE_HELP = helpEntry(
  '--site ID|all',
  `Where the configuration lists "sites" (data contract §9): the site to read, or ${ALL_SITES} (the default) for every site. Each site's source is the configuration's, so --site and --source do not go together.`,
);

/** Where the configuration comes from: --config, else $PEERKIT_CONFIG, else the nearest peerkit.config.json upwards (as git finds its folder). */
function findConfigFile(named: string | undefined, env: NodeJS.ProcessEnv, cwd: string): { file: string; by: string } | undefined {
  if (named !== undefined) return { file: named, by: '' };
  const fromEnv = env[CONFIG_VARIABLE];
  if (fromEnv) return { file: fromEnv, by: ` (named by ${CONFIG_VARIABLE})` };
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE);
    if (existsSync(file)) return { file: relative(cwd, file), by: '' };
    if (dirname(dir) === dir) return undefined;
  }
}

/** The site's configuration and the file it was read from (none: the defaults). */
export function loadConfig(named: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): { config: Config; file?: string } {
  const found = findConfigFile(named, env, cwd);
  if (found === undefined) return { config: DEFAULT_CONFIG };
  let text: string;
  try {
    text = readFileSync(resolve(cwd, found.file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UserError(`cannot read configuration "${found.file}"${found.by}: ${reason}`);
  }
  return { config: parseConfig(text, found.file), file: found.file };
}

interface Workspace {
  config: Config;
  /** The configuration's sites this run reads (--site; every one by default), or undefined: one workbook, as without sites. */
  sites: readonly SiteConfig[] | undefined;
  /** Each chosen site's workbook, read concurrently, each once (see generator/sites.ts). */
  readSites(forms: readonly FormDefinition[], io: Output, projection?: Projection): Promise<SiteRead[]>;
  /** From the flags and the configuration: final but for the time zone and locale a live spreadsheet may give. */
  settings: Settings;
  /** Reads the source's tabs for these forms (and no others) into the dataset, its records keeping what `projection` names (by default every answer). */
  read(forms: readonly FormDefinition[], io: Output, projection?: Projection): Promise<{ settings: Settings; dataset: Dataset; asOf: string }>;
  /** The same tabs as they are, every row kept (subject access and retention read rows the dataset leaves out). */
  readRaw(forms: readonly FormDefinition[], io: Output): Promise<{ settings: Settings; workbook: RawWorkbook; asOf: string }>;
}

/**
 * Checks the flags, before anything is read, and reads the configuration once. The
 * command then checks its own options against it and calls read().
 */
export function openWorkspace(values: OptionValues): Workspace {
  const flags = settingsFromFlags(values);
  const asOfText = str(values['as-of']);
  const asOfOption = asOfText === undefined ? undefined : parseIsoDateOption(asOfText, '--as-of');
  const source = str(values.source);
  const { config, file } = loadConfig(str(values.config));
  const siteOption = str(values.site);
  if (siteOption !== undefined && source !== undefined) {
    throw new UserError("--site reads that site's workbook as the configuration names it, and --source names another: give one or the other");
  }
  if (siteOption !== undefined && !config.sites) throw new UserError(`--site needs "sites" in the configuration${file ? ` (${file})` : ''}: each site's id, name and source`);
  const sites = config.sites && source === undefined ? chooseSites(config.sites, siteOption) : undefined;
  const readRaw: Workspace['readRaw'] = async (forms, io) => {
    // A command of one workbook (person, retention) would otherwise read the bundled sample in their place.
    if (sites) throw new UserError(`the configuration lists ${config.sites!.length} sites and this command reads one workbook: give --source`);
    step(io, `Reading ${source ?? 'the sample workbook'}…`);
    const workbook = await readSource(source, io, forms.map((f) => f.tab));
    const settings = resolveSettings(flags, config.settings, workbook);
    return { settings, workbook, asOf: asOfOption ?? today(settings.timeZone) };
  };
  return {
    config,
    settings: resolveSettings(flags, config.settings),
    sites,
    readSites: (forms, io, projection) => {
      if (!sites) throw new Error('readSites: the configuration lists no sites');
      return readSites(sites, forms, { config, configFile: file, flags, asOf: asOfOption }, io, projection);
    },
    readRaw,
    async read(forms, io, projection) {
      step(io, `Reading ${source ?? 'the sample workbook'}…`);
      const { settings, dataset } = await readSourceDataset(source, io, forms, (workbook) => resolveSettings(flags, config.settings, workbook), projection);
      return { settings, dataset, asOf: asOfOption ?? today(settings.timeZone) };
    },
  };
}
