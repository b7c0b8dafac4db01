/**
 * One Google request: retried with exponential backoff on quota errors (429) and
 * Google's passing troubles (500, 503), any failure then turned into one line for
 * the user. Google asks clients to wait and retry with growing, slightly random
 * delays; a per-minute quota clears within about half a minute, so four waits
 * (about 2, 4, 8 and 16 s) cover it. Each try is bounded by the request timeout
 * (auth.ts), and the retrying by `totalMs`, so a run never waits without end.
 */
import { explainGoogleError, isWorthRetrying, type ErrorWording } from './errors.js';

export interface Backoff {
  /** The waits before each retry, in milliseconds: as many retries as entries. */
  delaysMs: readonly number[];
  /** No retry whose wait would end more than this long after the first try began (60 s by default). */
  totalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The clock `totalMs` is measured by (tests give one that `sleep` moves on). */
  now?: () => number;
}

/** The four waits (about 31 s) and the tries between them fit, unless Google is slow to answer too. */
const DEFAULT_TOTAL_MS = 60_000;

export function defaultBackoff(): Backoff {
  return { delaysMs: [2000, 4000, 8000, 16000].map((ms) => ms + Math.floor(Math.random() * 1000)), totalMs: DEFAULT_TOTAL_MS };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `send`, which must start a fresh request each time it is called. */
export async function googleRequest<T>(send: () => Promise<T>, wording: ErrorWording, backoff: Backoff = defaultBackoff()): Promise<T> {
  const { sleep = wait, now = Date.now, totalMs = DEFAULT_TOTAL_MS } = backoff;
  const start = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const delay = backoff.delaysMs[attempt];
      const inTime = delay !== undefined && now() - start + delay <= totalMs;
      if (!isWorthRetrying(error) || !inTime) throw explainGoogleError(error, wording, attempt + 1);
      await sleep(delay);
    }
  }
}
