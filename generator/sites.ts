/**
 * The sites a configuration lists (data contract §9), above the sources: which ones
 * `--site` chooses, and reading them, each once per command and all at once (those
 * on disk in worker threads, generator/site-workers.ts). A site
 * whose workbook cannot be read stops the command with one line naming it: a
 * roll-up without it would be a partial total that reads as a whole one.
 */
import { dirname, resolve } from 'node:path';
import { ALL_SITES, type Config, type SiteConfig } from '../core/config.js';
import type { Dataset } from '../core/dataset.js';
import { today } from '../core/dates.js';
import { UserError } from '../core/errors.js';
import type { FormDefinition } from '../core/form.js';
import type { Settings } from '../core/settings.js';
import type { Output } from './command.js';
import { shownPath } from './output.js';
import { step } from './progress.js';
import type { Projection } from '../core/projection.js';
import { isLocalSource, readInWorkers, readSiteSource, siteWorkerCount, workerScriptBuilt, type SiteSource, type SourceRead } from './site-workers.js';

/** A site as a command uses it: its configuration, settings, dataset and as-of date. */
export interface SiteRead {
  id: string;
  name: string;
  config: SiteConfig;
  settings: Settings;
  dataset: Dataset;
  asOf: string;
}

/** The sites `--site` names: one by its id, or every one for `all` (the default). */
export function chooseSites(sites: readonly SiteConfig[], option: string | undefined): SiteConfig[] {
  if (option === undefined || option === ALL_SITES) return [...sites];
  const site = sites.find((s) => s.id === option);
  if (!site) throw new UserError(`--site ${JSON.stringify(option)}: the configuration lists ${sites.map((s) => `"${s.id}"`).join(', ')} (or give --site ${ALL_SITES})`);
  return [site];
}

/** A site's source as --source would take it: a path from the configuration file's folder. */
function sourceOf(site: SiteConfig, configFile: string | undefined): string {
  if (site.source.startsWith('sheets:') || configFile === undefined) return site.source;
  return shownPath(resolve(dirname(configFile), site.source));
}

interface SiteReading {
  config: Config;
  configFile: string | undefined;
  flags: Partial<Settings>;
  asOf: string | undefined;
}

/**
 * Reads the sites' workbooks concurrently, each for these forms only, then each
 * one's dataset with its own settings (the flags, its own, the file's, its
 * spreadsheet's, the defaults), its records keeping what `projection` names. Sites
 * on disk are read in worker threads when there are several sites (one alone has
 * nothing to wait for), Google spreadsheets in this thread.
 */
export async function readSites(sites: readonly SiteConfig[], forms: readonly FormDefinition[], how: SiteReading, io: Output, projection?: Projection): Promise<SiteRead[]> {
  step(io, `Reading ${sites.length === 1 ? `site "${sites[0]!.id}"` : `${sites.length} sites`}…`);
  const sources = sites.map(
    (site): SiteSource => ({ source: sourceOf(site, how.configFile), forms, flags: how.flags, configured: { ...how.config.settings, ...site.settings }, ...(projection ? { projection } : {}) }),
  );
  const local = sources.filter((s) => isLocalSource(s.source));
  const count = siteWorkerCount(process.env, local.length); // checked even where unused: a bad value is said at once
  const workers = sites.length > 1 && workerScriptBuilt() ? count : 0;
  const inWorker = (s: SiteSource) => workers > 0 && isLocalSource(s.source);
  const pooled = readInWorkers(workers > 0 ? local : [], workers);
  const here = await Promise.allSettled(sources.map((s) => (inWorker(s) ? undefined : readSiteSource(s, io))));
  const fromWorkers = (await pooled).values();
  const reads = sources.map((s, i) => (inWorker(s) ? fromWorkers.next().value! : (here[i] as PromiseSettledResult<SourceRead>)));
  if (process.env.PEERKIT_DEBUG_SITES === '1') {
    const why = workerScriptBuilt() ? '' : ' (no compiled worker next to this module: run from build/)';
    io.note(`PEERKIT_DEBUG_SITES: ${workers > 0 ? local.length : 0} of ${sites.length} sites read in ${workers} worker threads${why}`);
  }
  const failed = reads.flatMap((r, i) => (r.status === 'rejected' ? [{ site: sites[i]!, error: r.reason as unknown }] : []));
  const unexpected = failed.find((f) => !(f.error instanceof UserError));
  if (unexpected) throw unexpected.error;
  if (failed.length > 0) {
    const why = failed.map(({ site, error }) => `site "${site.id}" (${site.name}): ${(error as Error).message}`).join('; ');
    throw new UserError(`${why}; nothing was written${sites.length > 1 ? ': a total without every site would mislead' : ''}`);
  }
  return reads.map((r, i) => {
    const { settings, dataset } = (r as PromiseFulfilledResult<SourceRead>).value;
    const site = sites[i]!;
    return { id: site.id, name: site.name, config: site, settings, dataset: { ...dataset, origin: `${site.name}: ${dataset.origin}` }, asOf: how.asOf ?? today(settings.timeZone) };
  });
}
