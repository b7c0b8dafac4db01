/**
 * The call budget: every SpreadsheetApp/FormApp/… call is a round trip. A
 * submission does only its own work, in a number of Spreadsheet and Forms calls
 * that does not grow with the workbook; the rebuild (hourly, the menu, set-up)
 * reads each tab with at most one getValues(), writes each view with one
 * setValues(), and its calls do not grow with the number of rows either.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import { OTHER_SERVICES, REBUILD_CALLS, refreshBound, SAME_SECOND_RESPONSES_COMPARED, SUBMISSION_CALLS, SUBMISSION_OTHER_CALLS } from './bounds.js';
import { buildOnce, loadScript, type Harness } from './harness.js';


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
    // A second apart, as people send them.
    const at = DateTime.fromISO('2021-06-10T08:00:00').plus({ seconds: i }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    const event = h.submit('Support contact log', { 'Contact date': '2021-05-01', 'Prison number': i % 50 === 0 ? 'bad' : prisonNumber, Scheme: 'Perinatal', 'Peer supporters': ['PS-001'], Notes: `n${i}` }, at);
    if (i >= rows - 25) h.asTrigger(() => h.script.onFormSubmit(event)); // the latest rows as their triggers left them (linked)
  }
  h.script.refreshViews(); // what the next submission finds: a rebuilt workbook of this size
  return h;
}

interface Cost {
  /** Spreadsheet and Forms calls, growing a sheet included. */
  calls: number;
  /** Calls that grow a sheet (insertRowsAfter/insertColumnsAfter): once in a while, when a tab passes its grid. */
  growth: number;
  other: number;
  maxReadsOfATab: number;
  maxWritesOfATab: number;
  byName: Record<string, number>;
}

function cost(h: Harness, work: () => void, fromMenu = false): Cost {
  h.google.env.resetCounts();
  if (fromMenu) work();
  else h.asTrigger(work);
  const most = (c: Record<string, number>) => Math.max(0, ...Object.values(c));
  const byName = h.google.env.calls.byName();
  const other = Object.entries(byName).reduce((n, [name, c]) => n + (OTHER_SERVICES.test(name) ? c : 0), 0);
  return {
    calls: h.google.env.calls.total() - other,
    growth: h.google.env.calls.matching('Sheet.insertRowsAfter') + h.google.env.calls.matching('Sheet.insertColumnsAfter'),
    other,
    maxReadsOfATab: most(h.google.env.reads.byName()),
    maxWritesOfATab: most(h.google.env.writes.byName()),
    byName,
  };
}

/** A contact whose prison number is wrong: its check lists an issue, so every step of a submission is taken. */
const badContact = (h: Harness, at?: string) =>
  h.submit('Support contact log', { 'Contact date': '2021-06-09', 'Prison number': 'A12', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] }, at);

describe('call budget', () => {
  it('a submission costs at most 15 Spreadsheet and Forms calls, the same on 10 rows as on 3,000, reading its own tab once', async () => {
    const [small, large] = [await workbookOf(10, {}), await workbookOf(3000, {})];
    const [a, b] = [cost(small, () => small.script.onFormSubmit(badContact(small))), cost(large, () => large.script.onFormSubmit(badContact(large)))];
    expect(b.calls).toBe(a.calls);
    expect(b.calls).toBeLessThanOrEqual(SUBMISSION_CALLS);
    expect(b.other).toBeLessThanOrEqual(SUBMISSION_OTHER_CALLS);
    // Its row checked and linked, its issue listed: nothing left for later.
    expect(large.google.env.reads.byName()).toEqual({ Contacts: 1 });
    expect(large.google.env.writes.byName()).toEqual({ Contacts: 1, 'Data issues': 1 });
    expect(large.records('Contacts').at(-1)!['Edit link']).toMatch(/^https:\/\/docs\.google\.com\/forms\//);
    expect(large.records('Data issues').at(-1)).toMatchObject({ Tab: 'Contacts', Row: 3002, Severity: 'Left out' });
    expect([...large.google.properties.document.data.keys()].filter((k) => k.startsWith('pending:'))).toEqual([]);
    // A row counts its cells: the submission read a window of rows, not the tab.
    expect(b.byName['Range.getValues']).toBe(1);
  }, 60_000);

  it('handled twice, a submission reads its row and stops; an edit of the response stays within the budget too', async () => {
    const h = await workbookOf(3000, {});
    const event = badContact(h);
    h.asTrigger(() => h.script.onFormSubmit(event));
    const again = cost(h, () => h.script.onFormSubmit(event));
    expect(again.calls).toBeLessThanOrEqual(6);
    expect(h.google.env.writes.byName()).toEqual({});

    h.setNow('2021-06-10T12:00:00');
    const link = String(h.records('Contacts').at(-1)!['Edit link']);
    const edit = h.edit(link, { 'Prison number': 'A1234BC' });
    const c = cost(h, () => h.script.onFormSubmit(edit));
    expect(c.calls).toBeLessThanOrEqual(SUBMISSION_CALLS);
    expect(h.google.env.reads.byName()).toEqual({ Contacts: 1, 'Data issues': 1 });
    // The corrected answer's issue is gone; the prison number is one no Women row registers (a warning).
    expect(h.records('Data issues').filter((r) => r.Row === 3002).map((r) => r['What is wrong'])).toEqual(['"Prison number" names a Prison number that no Women row registers; still counted']);
  }, 60_000);

  it('with every registered scheme on one spreadsheet, a submission stays within 15 calls, and a rebuild grows by a few calls per further form', async () => {
    const schemes = SCHEMES.map((r) => r.id);
    const forms = formsOf(SCHEMES).length;
    const [small, large] = [await workbookOf(10, { schemes }), await workbookOf(3000, { schemes })];
    const [a, b] = [cost(small, () => small.script.onFormSubmit(badContact(small))), cost(large, () => large.script.onFormSubmit(badContact(large)))];
    expect(b.calls).toBe(a.calls);
    expect(b.calls).toBeLessThanOrEqual(SUBMISSION_CALLS);
    expect(large.google.env.reads.byName()).toEqual({ Contacts: 1 });

    const [c, d] = [cost(small, () => small.script.refreshViews(), true), cost(large, () => large.script.refreshViews(), true)];
    expect(d.calls - d.growth).toBe(c.calls - c.growth);
    expect(d.calls).toBeLessThanOrEqual(refreshBound(REBUILD_CALLS, forms));
    expect(d.maxReadsOfATab).toBe(1);
    expect(d.maxWritesOfATab).toBe(1);
    expect(Object.keys(large.google.env.reads.byName())).toHaveLength(forms + 1); // every configured tab and Data issues
  }, 60_000);

  it('the rebuild costs the same number of calls on 10 rows as on 3,000, and an hour with nothing new costs no Spreadsheet call', async () => {
    // (Growing a view past the sheet's 1000 rows costs one more call per view, once.)
    const [small, large] = [await workbookOf(10, {}), await workbookOf(3000, {})];
    for (const h of [small, large]) h.asTrigger(() => h.script.onFormSubmit(badContact(h)));
    const [a, b] = [cost(small, () => small.script.hourlyRefresh()), cost(large, () => large.script.hourlyRefresh())];
    expect(b.calls - b.growth).toBe(a.calls - a.growth);
    expect(b.growth).toBeLessThanOrEqual(4);
    expect(b.byName['Sheet.clearContents']).toBeUndefined(); // a view is replaced in its one setValues, never cleared first
    expect(b.calls).toBeLessThanOrEqual(REBUILD_CALLS);
    expect(b.maxReadsOfATab).toBe(1);
    expect(b.maxWritesOfATab).toBe(1);

    const idle = cost(large, () => large.script.hourlyRefresh());
    expect(idle.calls).toBe(0);
    expect(idle.byName).toEqual({ 'Properties(document).getProperties': 1 });
  }, 60_000);

  it('responses sent within the same second: each submission stays within 15 calls, and the rebuild links them in a bounded number more', async () => {
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
    const costs: number[] = [];
    for (const rows of [10, 3000]) {
      const h = await workbookOf(rows, {});
      h.setNow('2021-06-10T10:00:00');
      const events = [1, 2, 3].map(() => h.submit('Support contact log', answers));
      for (const event of events) {
        const c = cost(h, () => h.script.onFormSubmit(event));
        expect(c.calls).toBeLessThanOrEqual(SUBMISSION_CALLS);
        expect(c.maxReadsOfATab).toBe(1);
      }
      const rebuild = cost(h, () => h.script.hourlyRefresh());
      expect(rebuild.calls).toBeLessThanOrEqual(REBUILD_CALLS + SAME_SECOND_RESPONSES_COMPARED * 3 * (Object.keys(answers).length + 2));
      costs.push(rebuild.calls - rebuild.growth);
      const form = h.google.formApp.byTitle('Support contact log');
      const links = h.records('Contacts').slice(-3).map((r) => r['Edit link']);
      expect(links).toEqual(form.responses.slice(-3).map((r) => form.editUrlOf(r)));
    }
    expect(costs[1]).toBe(costs[0]);
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
