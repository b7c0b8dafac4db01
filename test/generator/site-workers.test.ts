/**
 * Reading sites in worker threads (generator/site-workers.ts): how many workers, and
 * that what a worker posts back (a dataset packed, then cloned) comes back unchanged. The workers
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
import { packDataset, unpackDataset } from '../../generator/dataset-transfer.js';
import type { Dataset } from '../../core/dataset.js';
import { makeSettings } from '../../core/settings.js';
import { SAMPLE_WORKBOOK } from '../../generator/sources/index.js';
import { tempDir } from '../helpers/run-cli.js';

describe('siteWorkerCount', () => {
  it('is one a core by default on more than two cores, never more than the sites on disk; none on one or two cores', () => {
    expect(siteWorkerCount({}, 50, 8)).toBe(8);
    expect(siteWorkerCount({}, 3, 8)).toBe(3);
    expect(siteWorkerCount({ PEERKIT_SITE_WORKERS: '' }, 50, 4)).toBe(4);
    expect(siteWorkerCount({}, 50, 2)).toBe(0);
    expect(siteWorkerCount({}, 50, 1)).toBe(0);
    // This machine's cores by default.
    expect(siteWorkerCount({}, 50)).toBe(availableParallelism() <= 2 ? 0 : availableParallelism());
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

describe('what a worker posts back: the dataset packed (generator/dataset-transfer.ts)', () => {
  /** As a worker posts it: packed, cloned with its typed arrays moved, unpacked. */
  function handedBack(dataset: Dataset): { back: Dataset; moved: ArrayBuffer[] } {
    const { packed, transfer } = packDataset(dataset);
    const back = unpackDataset(structuredClone(packed, { transfer }));
    return { back, moved: transfer };
  }

  it('comes back equal: records, registrations (Maps), issues, rows left out, tabs not read, settings', async () => {
    // The sample without its Training tab: a tab not read, besides the sample's own issues.
    const folder = join(tempDir(), 'site');
    cpSync(SAMPLE_WORKBOOK, folder, { recursive: true });
    rmSync(join(folder, 'Training.csv'));
    const projection = reportProjection(SCHEMES.filter((s) => s.id === 'reconnect'));
    for (const { dataset } of [
      await readSiteSource({ source: folder, forms: CONTRACT_FORMS, flags: { locale: 'en_GB' }, configured: { quarters: 'financial' } }),
      await readSiteSource({ source: folder, forms: CONTRACT_FORMS, flags: {}, configured: {}, projection }),
    ]) {
      // Each part that could be lost is there to lose.
      expect(Object.values(dataset.records).some((records) => records.length > 0)).toBe(true);
      expect(Object.values(dataset.registered).some((merged) => merged instanceof Map && merged.size > 0)).toBe(true);
      expect(dataset.unreadable.size).toBe(1);
      expect(dataset.leftOutDates!.size).toBeGreaterThan(0);
      expect(dataset.issues.some((i) => i.answer !== undefined)).toBe(true);
      const { back, moved } = handedBack(dataset);
      expect(back).toStrictEqual(dataset);
      expect(Object.keys(back)).toEqual(Object.keys(dataset));
      for (const [form, records] of Object.entries(dataset.records)) expect(Object.keys(back.records[form]![0]?.values ?? {})).toEqual(Object.keys(records[0]?.values ?? {}));
      expect(Object.getPrototypeOf(back.records.contacts![0]!.values)).toBe(Object.prototype);
      // Moved, not copied: the worker's buffers are empty once posted.
      expect(moved.length).toBeGreaterThan(0);
      expect(moved.every((buffer) => buffer.byteLength === 0)).toBe(true);
    }
  });

  it('shares what the dataset shared, and nothing more: a list of identifiers read once is one array in every record', async () => {
    const { dataset } = await readSiteSource({ source: SAMPLE_WORKBOOK, forms: CONTRACT_FORMS, flags: {}, configured: {} });
    const { back } = handedBack(dataset);
    const lists = (ds: Dataset) => ds.records.supervision!.map((r) => r.values.attendees);
    const [before, after] = [lists(dataset), lists(back)];
    const sharing = (all: unknown[]) => all.map((list) => all.indexOf(list));
    expect(new Set(sharing(before)).size).toBeLessThan(before.length); // some list is shared, so the test can fail
    expect(sharing(after)).toEqual(sharing(before));
    // A registration is merged into a copy of its values: not the record's own object, there or here.
    const [register, id] = [dataset.registered.supporters!, dataset.records.supporters![0]!.values.supporterId as string];
    expect(register.get(id)!.values).not.toBe(dataset.records.supporters!.find((r) => r.values.supporterId === id)!.values);
    expect(back.registered.supporters!.get(id)!.values).not.toBe(back.records.supporters!.find((r) => r.values.supporterId === id)!.values);
  });

  it('comes back equal where a form\'s records do not share their answers\' keys, and keeps -0, NaN and null apart from 0', () => {
    const dataset: Dataset = {
      ...emptyDataset,
      records: {
        odd: [
          { form: 'odd', tab: 'Odd', row: 2, values: { a: 0, b: null } },
          { form: 'odd', tab: 'Odd', row: 3, values: { b: -0, a: Number.NaN } },
        ],
        even: [
          { form: 'even', tab: 'Even', row: 2, values: { a: -0, b: 'x' } },
          { form: 'even', tab: 'Even', row: 4, values: { a: 0, b: null } },
          { form: 'even', tab: 'Even', row: 5, values: { a: Number.NaN, b: ['x', 'y'] } },
        ],
        none: [],
      },
    };
    const { back } = handedBack(dataset);
    expect(back).toStrictEqual(dataset);
    expect(Object.is(back.records.even![0]!.values.a, -0)).toBe(true);
    expect(Object.is(back.records.even![1]!.values.a, 0)).toBe(true);
    expect(Object.is(back.records.odd![1]!.values.b, -0)).toBe(true);
  });
});

const emptyDataset: Dataset = { settings: makeSettings(), origin: 'test', records: {}, registered: {}, issues: [], unreadable: new Map(), leftOutDates: new Map() };
