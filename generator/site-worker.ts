/**
 * A worker thread of generator/site-workers.ts: reads each site it is sent from disk
 * and posts back its dataset and settings, or the reason it cannot be read.
 */
import { parentPort } from 'node:worker_threads';
import { UserError } from '../core/errors.js';
import { readSiteSource, type SiteOutcome, type SiteSource } from './site-workers.js';

const port = parentPort!;

port.on('message', async (site: SiteSource) => {
  let outcome: SiteOutcome;
  try {
    outcome = { read: await readSiteSource(site) };
  } catch (error) {
    outcome = error instanceof UserError ? { userError: error.message } : { error };
  }
  try {
    port.postMessage(outcome);
  } catch (cloneError) {
    // The outcome holds something that is not data: an unexpected error, said as a plain one.
    const { message, stack } = cloneError as Error;
    port.postMessage({ error: Object.assign(new Error(message), { stack }) } satisfies SiteOutcome);
  }
});
