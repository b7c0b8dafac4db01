/**
 * The call budget: every SpreadsheetApp/FormApp/… call is a round trip, so a
 * handler reads each tab with at most one getValues(), writes each view with one
 * setValues(), and the number of calls does not grow with the number of rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import { buildOnce, loadScript, type Harness } from './harness.js';

/** The bounds stated in the README, for the contract's two schemes (nine tabs). */
export const SUBMISSION_CALLS_CHECK_ONLY = 60;
export const SUBMISSION_CALLS_WITH_REFRESH = 160;
export const DAILY_REFRESH_CALLS = 160;
/**
 * Responses to one form sent within the same second (a double click) are told apart
 * by their answers: at most this many responses, each costing its answers + 2 calls.
 */
export const SAME_SECOND_RESPONSES_COMPARED = 3;
/** Each form beyond the contract's (one more tab listed and read in a refresh) adds at most this many calls. */
export const CALLS_PER_FURTHER_FORM = 5;

/** A refresh's bound when the configured schemes have `forms` forms (manual tabs included). */
export function refreshBound(base: number, forms: number): number {
  return base + CALLS_PER_FURTHER_FORM * Math.max(0, forms - CONTRACT_FORMS.length);
}

beforeAll(async () => {
  await buildOnce();
});

async function workbookOf(rows: number, settings: Record<string, unknown>): Promise<Harness> {
  const h = await loadScript('2021-06-10T09:00:00');
  // The schemes are set-up's to build: the property is set first when it names them.
  if ('schemes' in settings) h.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify(settings));
  h.script.setUp();
  h.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify(settings));
  h.asTrigger(() => h.script.onFormSubmit(h.submit('Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2021-01-04' })));
  for (let i = 0; i < rows; i++) {
    const prisonNumber = `A${String(1000 + (i % 9000)).padStart(4, '0')}BC`;
    // A second apart, as people send them (responses within one second cost more to tell apart: see below).
    const at = DateTime.fromISO('2021-06-10T08:00:00').plus({ seconds: i }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    h.submit('Support contact log', { 'Contact date': '2021-05-01', 'Prison number': i % 50 === 0 ? 'bad' : prisonNumber, Scheme: 'Perinatal', 'Peer supporters': ['PS-001'], Notes: `n${i}` }, at);
  }
  h.asTrigger(() => h.script.dailyRefresh()); // what the next submission finds: a refreshed workbook of this size
  return h;
}

interface Cost {
  calls: number;
  /** Calls that grow a sheet (insertRowsAfter/insertColumnsAfter): at most one per tab written. */
  growth: number;
  maxReadsOfATab: number;
  maxWritesOfATab: number;
  byName: Record<string, number>;
}

function cost(h: Harness, work: () => void, fromMenu = false): Cost {
  h.google.env.resetCounts();
  if (fromMenu) work();
  else h.asTrigger(work);
  const most = (c: Record<string, number>) => Math.max(0, ...Object.values(c));
  const growth = h.google.env.calls.matching('Sheet.insertRowsAfter') + h.google.env.calls.matching('Sheet.insertColumnsAfter');
  return {
    calls: h.google.env.calls.total() - growth,
    growth,
    maxReadsOfATab: most(h.google.env.reads.byName()),
    maxWritesOfATab: most(h.google.env.writes.byName()),
    byName: h.google.env.calls.byName(),
  };
}

const submitOne = (h: Harness) => () =>
  h.script.onFormSubmit(h.submit('Support contact log', { 'Contact date': '2021-06-09', 'Prison number': 'A12', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] }));

describe('call budget', () => {
  it('a submission on a big workbook reads one tab and the issue log, whatever the number of rows', async () => {
    const settings = { submitRefreshMaxRows: 0 }; // 0: never refresh on a submission
    const [small, large] = [await workbookOf(10, settings), await workbookOf(3000, settings)];
    const [a, b] = [cost(small, submitOne(small)), cost(large, submitOne(large))];
    expect(b.calls).toBe(a.calls);
    expect(b.growth).toBeLessThanOrEqual(1);
    expect(b.calls + b.growth).toBeLessThanOrEqual(SUBMISSION_CALLS_CHECK_ONLY);
    expect(b.maxReadsOfATab).toBe(1);
    expect(b.maxWritesOfATab).toBe(1);
    expect(large.google.env.reads.byName()).toEqual({ Contacts: 1, 'Data issues': 1 });
  }, 60_000);

  it('a submission on a small workbook refreshes everything in a bounded number of calls', async () => {
    const settings = { submitRefreshMaxRows: 1_000_000 };
    const [small, large] = [await workbookOf(10, settings), await workbookOf(3000, settings)];
    const [a, b] = [cost(small, submitOne(small)), cost(large, submitOne(large))];
    expect(b.calls).toBe(a.calls);
    expect(b.growth).toBeLessThanOrEqual(4);
    expect(b.calls + b.growth).toBeLessThanOrEqual(SUBMISSION_CALLS_WITH_REFRESH);
    expect(b.maxReadsOfATab).toBe(1);
    expect(b.maxWritesOfATab).toBe(1);
    // Contacts: the new row's Edit link cell.
    expect(large.google.env.writes.byName()).toEqual({ Contacts: 1, Dashboard: 1, 'Data issues': 1, 'Due for release': 1, 'Supporter overview': 1 });
  }, 60_000);

  it('the daily refresh costs the same number of calls on 10 rows as on 3000', async () => {
    // (Growing a view past the sheet's 1000 rows costs one more call per view, once.)
    const [small, large] = [await workbookOf(10, {}), await workbookOf(3000, {})];
    const [a, b] = [cost(small, () => small.script.dailyRefresh()), cost(large, () => large.script.dailyRefresh())];
    expect(b.calls).toBe(a.calls);
    expect(b.byName['Sheet.clearContents']).toBeUndefined(); // a view is replaced in its one setValues, never cleared first
    expect(b.growth).toBeLessThanOrEqual(4);
    expect(b.calls + b.growth).toBeLessThanOrEqual(DAILY_REFRESH_CALLS);
    expect(b.maxReadsOfATab).toBe(1);
    expect(b.maxWritesOfATab).toBe(1);
  }, 60_000);

  it('with every registered scheme on one spreadsheet, a refresh grows by a few calls per further form, still not with rows', async () => {
    const schemes = SCHEMES.map((r) => r.id);
    const forms = formsOf(SCHEMES).length;
    const bound = (base: number) => refreshBound(base, forms);

    const [small, large] = [await workbookOf(10, { schemes, submitRefreshMaxRows: 1_000_000 }), await workbookOf(3000, { schemes, submitRefreshMaxRows: 1_000_000 })];
    const [a, b] = [cost(small, submitOne(small)), cost(large, submitOne(large))];
    expect(b.calls).toBe(a.calls);
    expect(b.calls + b.growth).toBeLessThanOrEqual(bound(SUBMISSION_CALLS_WITH_REFRESH));
    expect(b.maxReadsOfATab).toBe(1);
    expect(Object.keys(large.google.env.reads.byName())).toHaveLength(forms + 1); // every configured tab and Data issues

    const [c, d] = [cost(small, () => small.script.dailyRefresh()), cost(large, () => large.script.dailyRefresh())];
    expect(d.calls).toBe(c.calls);
    expect(d.calls + d.growth).toBeLessThanOrEqual(bound(DAILY_REFRESH_CALLS));
    expect(d.maxReadsOfATab).toBe(1);
    expect(d.maxWritesOfATab).toBe(1);

    // A submission on a big workbook still reads only its own tab and the issue log.
    large.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify({ schemes, submitRefreshMaxRows: 0 }));
    const e = cost(large, submitOne(large));
    expect(e.calls + e.growth).toBeLessThanOrEqual(SUBMISSION_CALLS_CHECK_ONLY);
    expect(large.google.env.reads.byName()).toEqual({ Contacts: 1, 'Data issues': 1 });
  }, 60_000);

  it('responses sent within the same second cost a bounded number of calls more to tell apart, whatever the rows', async () => {
    const answers = {
      'Contact date': '2021-06-09',
      'Prison number': 'A1234BC',
      Scheme: 'Perinatal',
      'Peer supporters': ['PS-001'],
      'Contact type': ['Emotional support'],
      Minutes: '30',
      'GP practice identified': 'Yes',
      Notes: 'sent three times',
    };
    const bound = SUBMISSION_CALLS_CHECK_ONLY + SAME_SECOND_RESPONSES_COMPARED * (Object.keys(answers).length + 2);
    for (const rows of [10, 3000]) {
      const h = await workbookOf(rows, { submitRefreshMaxRows: 0 });
      h.setNow('2021-06-10T10:00:00');
      const events = [1, 2, 3].map(() => h.submit('Support contact log', answers));
      for (const event of events) {
        const c = cost(h, () => h.script.onFormSubmit(event));
        expect(c.calls + c.growth).toBeLessThanOrEqual(bound);
        expect(c.maxReadsOfATab).toBe(1);
      }
      const form = h.google.formApp.byTitle('Support contact log');
      const links = h.records('Contacts').slice(-3).map((r) => r['Edit link']);
      expect(links).toEqual(form.responses.slice(-3).map((r) => form.editUrlOf(r)));
    }
  }, 60_000);

  it('set up reads the Services header to prepare it, and every tab once more to refresh', async () => {
    const h = await workbookOf(10, {});
    const c = cost(h, () => h.script.setUp(), true);
    const reads = h.google.env.reads.byName();
    expect(reads.Services).toBe(2);
    expect(Object.entries(reads).filter(([tab]) => tab !== 'Services').every(([, n]) => n === 1)).toBe(true);
    expect(c.maxWritesOfATab).toBe(1);
  }, 60_000);
});
