/**
 * A write that fails midway (Google timing out, the 6-minute limit) leaves each
 * view as it was, never half-cleared: Data issues keeps its header and the dates
 * problems were first found. A shorter rewrite leaves no old rows behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, loadScript, type Harness } from './harness.js';

beforeAll(async () => {
  await buildOnce();
});

const TIMED_OUT = 'Service Spreadsheets timed out while accessing document with id 1.';

const fire = (h: Harness, form: string, answers: Record<string, string | string[] | null>) =>
  h.asTrigger(() => h.script.onFormSubmit(h.submit(form, answers)));

/** Every view with rows below its header: a problem logged, a woman due out, a supporter. */
async function withViews(): Promise<Harness> {
  const h = await loadScript('2021-06-10T09:00:00');
  h.script.setUp();
  fire(h, 'Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2021-01-04' });
  fire(h, 'Reception and intake', {
    'Prison number': 'A1234BC',
    'First name': 'Testa',
    'Last name': 'Example',
    'Date received': '2021-05-01',
    'Expected release date': '2021-07-01',
    'Consent to peer support': 'Yes',
  });
  fire(h, 'Support contact log', { 'Contact date': '2021-06-01', 'Prison number': 'A12', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] });
  h.script.refreshViews();
  return h;
}

describe('a failed write', () => {
  it.each(['Data issues', 'Dashboard', 'Due for release', 'Supporter overview'])('to %s leaves its previous content whole; the next refresh writes it', async (tab) => {
    const h = await withViews();
    const sheet = h.google.spreadsheet.sheet(tab)!;
    const before = sheet.dump();
    expect(before.length).toBeGreaterThan(1);

    // A day later: a new supporter, a problem found, another corrected by hand; every view would change.
    h.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify({ submitRefreshMaxRows: 0 })); // a submission checks its row only
    h.setNow('2021-06-11T09:00:00');
    fire(h, 'Peer supporter registration', { 'Supporter ID': 'PS-002', Name: 'Second Example', Schemes: ['Perinatal'], 'Start date': '2021-06-01' });
    fire(h, 'Support contact log', { 'Contact date': '2021-06-11', 'Prison number': 'B9', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] });
    h.google.spreadsheet.sheet('Contacts')!.rangeUncounted(2, 3, 1, 1).setValues([['A1234BC']]);
    const previous = sheet.dump();
    const loggedAt = () => h.records('Data issues').map((r) => [r.Row, r['When found']]);
    if (tab === 'Data issues') expect(loggedAt()).toEqual([[2, h.google.env.wallClock(2021, 6, 10, 9)], [3, h.google.env.wallClock(2021, 6, 11, 9)]]);

    h.google.env.failNext('Range.setValues', tab, TIMED_OUT);
    h.script.refreshViews();
    expect(h.google.env.alerts.at(-1)).toBe(`Peer support: Peer support could not finish: ${TIMED_OUT}`);
    expect(sheet.dump()).toEqual(previous); // header and every row as they were
    expect(h.google.lock.holder).toBeNull();

    h.script.refreshViews();
    expect(sheet.dump()).not.toEqual(previous);
    // The corrected row drops out; the other problem keeps the date it was first found.
    if (tab === 'Data issues') expect(loggedAt()).toEqual([[3, h.google.env.wallClock(2021, 6, 11, 9)]]);
  });

  it('a shorter rewrite blanks the rows it no longer needs', async () => {
    const h = await withViews();
    const log = h.google.spreadsheet.sheet('Data issues')!;
    expect(log.dump()).toHaveLength(2);
    // The manager corrects the prison number: the problem drops out, and its row with it.
    h.google.spreadsheet.sheet('Contacts')!.rangeUncounted(2, 3, 1, 1).setValues([['A1234BC']]);
    h.script.refreshViews();
    expect(log.dump()).toEqual([['Tab', 'Row', 'Severity', 'What is wrong', 'When found']]);
  });
});
