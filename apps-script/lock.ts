/**
 * Two submissions can be handled at once, and a trigger can fire twice: every
 * handler that writes takes the script lock first.
 */

/** How long a handler waits for another execution to finish. */
const LOCK_WAIT_MS = 30000;

/** Runs `work` holding the script lock, or `busy` if the lock stayed taken for LOCK_WAIT_MS. */
export function withScriptLock<T>(work: () => T, busy: () => T): T {
  const lock = LockService.getScriptLock();
  try {
    lock.waitLock(LOCK_WAIT_MS);
  } catch {
    return busy();
  }
  try {
    return work();
  } finally {
    // Pending spreadsheet writes land before the next execution gets the lock.
    SpreadsheetApp.flush();
    lock.releaseLock();
  }
}
