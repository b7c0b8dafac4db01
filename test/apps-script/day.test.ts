/**
 * A day of a busy site, against the runtime meter (fakes/meter.ts): 20 staff × 10
 * submissions in bursts, and the hourly trigger, on a 50,000-row workbook. The day
 * must leave most of a consumer account's 90 minutes of trigger runtime unused.
 * Simulated time: it runs in well under a minute.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SUBMISSION_CALLS } from './bounds.js';
import { bigWorkbook, runDay } from './day.js';
import { buildOnce } from './harness.js';

/** The bound the README states for such a day. */
const DAY_TRIGGER_MINUTES = 30;

beforeAll(async () => {
  await buildOnce();
});

describe('a day on a 50,000-row workbook', () => {
  it('20 staff × 10 submissions in bursts, and the hourly rebuild: under 30 minutes of trigger runtime, every submission ≤ 15 calls', async () => {
    const big = await bigWorkbook(50_000);
    expect(big.rows).toBeGreaterThan(50_000);
    const day = runDay(big);
    expect(day.failed).toEqual([]);
    expect(day.submissions).toBe(200);
    expect(day.maxSubmissionCalls).toBeLessThanOrEqual(SUBMISSION_CALLS);
    expect(day.triggerMs / 60_000).toBeLessThan(DAY_TRIGGER_MINUTES);
    // The bursts made executions wait for the lock, and that wait was charged as runtime.
    expect(day.lockWaitMs).toBeGreaterThan(0);
    // Hours without a submission cost next to nothing; those with some rebuilt once.
    expect(day.rebuilds.runs).toBe(24);
    expect(day.rebuilds.rebuilt).toBeGreaterThan(0);
    expect(day.rebuilds.rebuilt).toBeLessThanOrEqual(12);

    // The day's work is all there: every row checked (no check left waiting), linked, and counted.
    const { h } = big;
    h.setNow('2023-03-01T23:59:00');
    h.script.refreshViews();
    expect([...h.google.properties.document.data.keys()].filter((k) => k.startsWith('pending:'))).toEqual([]);
    const contacts = h.records('Contacts');
    expect(contacts.filter((r) => r['Edit link'] === '')).toEqual([]);
  }, 300_000);
});
