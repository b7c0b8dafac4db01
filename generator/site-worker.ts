/**
 * A worker thread of generator/site-workers.ts: reads each site it is sent from disk
 * and posts back its dataset (packed, generator/dataset-transfer.ts) and settings, or
 * the reason it cannot be read.
 */
import { parentPort } from 'node:worker_threads';
import { UserError } from '../core/errors.js';
import { readSiteSource, type SiteOutcome, type SiteSource } from './site-workers.js';
import { packDataset } from './dataset-transfer.js';

const port = parentPort!;

port.on('message', async (site: SiteSource) => {
  let outcome: SiteOutcome;
  let transfer: ArrayBuffer[] = [];
  try {
    const { settings, dataset } = await readSiteSource(site);
    const packing = packDataset(dataset);
    outcome = { settings, packed: packing.packed };
    transfer = packing.transfer; // moved, not copied: the worker's own are gone once posted
  } catch (error) {
    outcome = error instanceof UserError ? { userError: error.message } : { error };
  }
  try {
    port.postMessage(outcome, transfer);
  } catch (cloneError) {
    // The outcome holds something that is not data: an unexpected error, said as a plain one.
    const { message, stack } = cloneError as Error;
    port.postMessage({ error: Object.assign(new Error(message), { stack }) } satisfies SiteOutcome);
  }
});
