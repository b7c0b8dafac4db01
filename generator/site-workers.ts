/**
 * Reading sites from disk in worker threads (data contract §9: the sites read
 * concurrently). A CSV folder or an .xlsx file is read synchronously, so on one
 * thread local sites would wait for each other; a small pool of workers reads them
 * side by side, each worker one site at a time, posting back the site's dataset
 * (packed: generator/dataset-transfer.ts) and settings. What a worker posts is a
 * structured clone, its typed arrays moved: what it keeps is garbage once posted,
 * freed as it reads its next site, or ends.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Dataset } from '../core/dataset.js';
import { UserError } from '../core/errors.js';
import type { FormDefinition } from '../core/form.js';
import type { Projection } from '../core/projection.js';
import type { Settings } from '../core/settings.js';
import type { Output } from './command.js';
import { resolveSettings } from './options.js';
import { readSourceDataset } from './sources/index.js';
import { unpackDataset, type PackedDataset } from './dataset-transfer.js';

const WORKERS_VARIABLE = 'PEERKIT_SITE_WORKERS';

/** What reading one site needs, all of it data a worker can be sent. */
export interface SiteSource {
  /** As --source takes it (a path already resolved from the configuration file's folder). */
  source: string;
  forms: readonly FormDefinition[];
  /** The command line's settings, then the configuration's and the site's own (over the workbook's and the defaults). */
  flags: Partial<Settings>;
  configured: Partial<Settings>;
  projection?: Projection;
}

export interface SourceRead {
  settings: Settings;
  dataset: Dataset;
}

/** What a worker posts back for a site: the read (its dataset packed), or why not (a UserError by its message, to be one again here). */
export type SiteOutcome = { settings: Settings; packed: PackedDataset } | { userError: string } | { error: unknown };

/** Reads one site's source, in whichever thread runs it. */
export function readSiteSource(site: SiteSource, io?: Pick<Output, 'note'>): Promise<SourceRead> {
  return readSourceDataset(site.source, io, site.forms, (workbook) => resolveSettings(site.flags, site.configured, workbook), site.projection);
}

/** True for a source read from disk (a Google spreadsheet is read through the network, on this thread). */
export const isLocalSource = (source: string) => !source.startsWith('sheets:');

/**
 * The compiled worker, next to this module in build/. Tests run the TypeScript
 * sources, where there is none: sites are then read in this thread, as with
 * PEERKIT_SITE_WORKERS=0 (the command line always runs from build/).
 */
const WORKER_SCRIPT = new URL('./site-worker.js', import.meta.url);
export const workerScriptBuilt = (): boolean => existsSync(fileURLToPath(WORKER_SCRIPT));

/**
 * How many workers read `local` sites: PEERKIT_SITE_WORKERS where set (0 reads them
 * in this thread), else one a core where there are more than two; never more than
 * there are sites. On two cores (`npm run bench`'s sites bench, and two 100× sites
 * by hand) the workers took longer or barely less time, and a third to a half more
 * memory, than this thread alone: each loads peerkit and warms up apart, and a
 * dataset handed back is unpacked here.
 */
export function siteWorkerCount(env: NodeJS.ProcessEnv, local: number, cores = availableParallelism()): number {
  const text = env[WORKERS_VARIABLE]?.trim();
  if (text === undefined || text === '') return cores <= 2 ? 0 : Math.min(cores, local);
  if (!/^\d{1,4}$/.test(text)) throw new UserError(`${WORKERS_VARIABLE} must be a whole number of worker threads (0 reads every site in the main thread), not "${text}"`);
  return Math.min(Number(text), local);
}

/** The outcome a worker posted, as the read or the error it was. */
function settled(outcome: SiteOutcome): PromiseSettledResult<SourceRead> {
  if ('userError' in outcome) return { status: 'rejected', reason: new UserError(outcome.userError) };
  if ('error' in outcome) return { status: 'rejected', reason: outcome.error };
  try {
    return { status: 'fulfilled', value: { settings: outcome.settings, dataset: unpackDataset(outcome.packed) } };
  } catch (error) {
    return { status: 'rejected', reason: error }; // thrown in a message handler, it would end the process unexplained
  }
}

/** Reads the sites in `size` workers, each taking the next site as it finishes one; the outcomes in the sites' order. */
export async function readInWorkers(sites: readonly SiteSource[], size: number): Promise<PromiseSettledResult<SourceRead>[]> {
  const outcomes: PromiseSettledResult<SourceRead>[] = new Array(sites.length);
  let next = 0;
  let notStarted: unknown;
  const work = () =>
    new Promise<void>((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(WORKER_SCRIPT);
      } catch (error) {
        notStarted = error;
        return resolve();
      }
      let reading: number | undefined;
      const stop = (reason: unknown) => {
        if (reading !== undefined) outcomes[reading] = { status: 'rejected', reason };
        reading = undefined;
        void worker.terminate().then(() => resolve());
      };
      const give = () => {
        if (next >= sites.length) return stop(undefined);
        reading = next++;
        try {
          worker.postMessage(sites[reading]);
        } catch (error) {
          stop(error); // a site that cannot be sent (not data): an unexpected error, as it would be here
        }
      };
      worker.on('message', (outcome: SiteOutcome) => {
        outcomes[reading!] = settled(outcome);
        reading = undefined;
        give();
      });
      // A worker that dies (out of memory, say) fails the site it was reading; the others take the rest.
      worker.on('error', stop);
      worker.on('exit', (code) => stop(new Error(`the worker thread reading a site stopped (exit code ${code})`)));
      give();
    });
  await Promise.all(Array.from({ length: Math.min(size, sites.length) }, work));
  // Sites no worker lived to read (every one died, or none could start).
  const reason = notStarted ?? new Error('no worker thread was left to read the site');
  for (let i = 0; i < sites.length; i++) outcomes[i] ??= { status: 'rejected', reason };
  return outcomes;
}
