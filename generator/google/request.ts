/**
 * One Google request: retried with exponential backoff on quota errors (429) and
 * Google's passing troubles (500, 503), any failure then turned into one line for
 * the user. Google asks clients to wait and retry with growing, slightly random
 * delays; a per-minute quota clears within about half a minute, so four waits
 * (about 2, 4, 8 and 16 s) cover it.
 */
import { explainGoogleError, isWorthRetrying, type ErrorWording } from './errors.js';

export interface Backoff {
  /** The waits before each retry, in milliseconds: as many retries as entries. */
  delaysMs: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export function defaultBackoff(): Backoff {
  return { delaysMs: [2000, 4000, 8000, 16000].map((ms) => ms + Math.floor(Math.random() * 1000)) };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `send`, which must start a fresh request each time it is called. */
export async function googleRequest<T>(send: () => Promise<T>, wording: ErrorWording, backoff: Backoff = defaultBackoff()): Promise<T> {
  const sleep = backoff.sleep ?? wait;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const delay = backoff.delaysMs[attempt];
      if (!isWorthRetrying(error) || delay === undefined) throw explainGoogleError(error, wording, attempt + 1);
      await sleep(delay);
    }
  }
}
