/**
 * Reading sites in worker threads (generator/site-workers.ts): how many workers, and
 * that what a worker posts back survives structured clone unchanged. The workers
 * themselves run from build/, so the command line's runs with and without them are
 * compared in test/generator/bin.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../core/errors.js';
import { reportProjection } from '../../core/projection.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { SCHEMES } from '../../core/schemes/index.js';
import { readSiteSource, siteWorkerCount } from '../../generator/site-workers.js';
import { SAMPLE_WORKBOOK } from '../../generator/sources/index.js';
import { tempDir } from '../helpers/run-cli.js';

describe('siteWorkerCount', () => {
  it('is one a core by default, at least one, never more than the sites on disk', () => {
    expect(siteWorkerCount({}, 50)).toBe(Math.max(1, availableParallelism()));
    expect(siteWorkerCount({}, 1)).toBe(1);
    expect(siteWorkerCount({ PEERKIT_SITE_WORKERS: '' }, 50)).toBe(Math.max(1, availableParallelism()));
  });

  it('is PEERKIT_SITE_WORKERS where set, 0 reading every site in the main thread', () => {
    expect(siteWorkerCount({ PEERKIT_SITE_WORKERS: '0' }, 3)).toBe(0);
    expect(siteWorkerCount({ PEERKIT_SITE_WORKERS: ' 2 ' }, 3)).toBe(2);
    expect(siteWorkerCount({ PEERKIT_SITE_WORKERS: '8' }, 3)).toBe(3);
  });

  it.each(['two', '-1', '1.5', '1e3', '99999'])('refuses PEERKIT_SITE_WORKERS=%s in one line', (text) => {
    expect(() => siteWorkerCount({ PEERKIT_SITE_WORKERS: text }, 3)).toThrow(UserError);
    expect(() => siteWorkerCount({ PEERKIT_SITE_WORKERS: text }, 3)).toThrow(`PEERKIT_SITE_WORKERS must be a whole number of worker threads (0 reads every site in the main thread), not "${text}"`);
  });
});

describe('what a worker posts back', () => {
  it('survives structured clone: records, registrations (Maps), issues, rows left out, tabs not read, settings', async () => {
    // The sample without its Training tab: a tab not read, besides the sample's own issues.
    const folder = join(tempDir(), 'site');
    cpSync(SAMPLE_WORKBOOK, folder, { recursive: true });
    rmSync(join(folder, 'Training.csv'));
    const projection = reportProjection(SCHEMES.filter((s) => s.id === 'reconnect'));
    for (const read of [
      await readSiteSource({ source: folder, forms: CONTRACT_FORMS, flags: { locale: 'en_GB' }, configured: { quarters: 'financial' } }),
      await readSiteSource({ source: folder, forms: CONTRACT_FORMS, flags: {}, configured: {}, projection }),
    ]) {
      const { dataset } = read;
      // Each part that could be lost in the clone is there to lose.
      expect(Object.values(dataset.records).some((records) => records.length > 0)).toBe(true);
      expect(Object.values(dataset.registered).some((merged) => merged instanceof Map && merged.size > 0)).toBe(true);
      expect(dataset.unreadable.size).toBe(1);
      expect(dataset.leftOutDates!.size).toBeGreaterThan(0);
      expect(dataset.issues.some((i) => i.answer !== undefined)).toBe(true);
      const back = structuredClone(read);
      expect(back).toStrictEqual(read);
      // One object in the read is one in the copy: the dataset's settings are the read's.
      expect(back.dataset.settings).toBe(back.settings);
      expect(Object.getPrototypeOf(back.dataset.records.contacts![0]!.values)).toBe(Object.prototype);
    }
  });
});
