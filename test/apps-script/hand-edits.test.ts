/**
 * What people do to a spreadsheet by hand: rename a tab, insert a column, rename
 * a header, delete a tab; and what happens when two runs meet. Each is reported in
 * Data issues (and in an alert when run from the menu), never thrown unexplained.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, loadScript, type Harness } from './harness.js';

beforeAll(async () => {
  await buildOnce();
});

const contact = (prisonNumber: string, date = '2021-06-01') => ({
  'Contact date': date,
  'Prison number': prisonNumber,
  Scheme: 'Perinatal',
  'Peer supporters': ['PS-001'],
});

async function withData(): Promise<Harness> {
  const h = await loadScript('2021-06-10T09:00:00');
  h.script.setUp();
  const fire = (form: string, answers: Record<string, string | string[] | null>) => h.asTrigger(() => h.script.onFormSubmit(h.submit(form, answers)));
  fire('Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2021-01-04' });
  fire('Reception and intake', { 'Prison number': 'A1234BC', 'First name': 'Testa', 'Last name': 'Example', 'Date received': '2021-05-01' });
  fire('Support contact log', contact('A1234BC'));
  return h;
}

const issues = (h: Harness) => h.records('Data issues').map((r) => `${r.Tab}|${r.Row}|${r.Severity}|${r['What is wrong']}`);
const womenSupported = (h: Harness) =>
  h.google.spreadsheet.sheet('Dashboard')!.dump().find((r) => r[0] === 'Perinatal peer support scheme report' && String(r[1]).startsWith('ii.'))![3];

describe('hand edits', () => {
  it('a tab renamed by hand is still read, and the renaming is reported (alert from the menu only)', async () => {
    const h = await withData();
    h.google.spreadsheet.sheet('Contacts')!.name = 'Contact log';
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Support contact log', contact('A12'))));
    h.script.refreshViews();
    expect(womenSupported(h)).toBe(1);
    expect(issues(h)).toEqual([
      'Contacts||Warning|the "Support contact log" responses are in a tab now called "Contact log"; rename it back to "Contacts" (or run Peer support → Set up): exported workbooks are read by tab name',
      'Contacts|3|Left out|excluded: "Prison number" does not match the pattern A1234BC',
    ]);
    expect(h.google.env.alerts.at(-1)).toMatch(/Tabs that need attention[\s\S]*now called "Contact log"/);

    const alerts = h.google.env.alerts.length;
    expect(() => h.asTrigger(() => h.script.dailyRefresh())).not.toThrow();
    expect(h.google.env.alerts).toHaveLength(alerts);
  });

  it('a column inserted by hand changes nothing: responses land in their columns and are read by header', async () => {
    const h = await withData();
    h.google.spreadsheet.sheet('Contacts')!.insertColumnByHand(3, 'Manager note');
    h.google.spreadsheet.sheet('Women')!.insertColumnByHand(2, '');
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Support contact log', contact('A1234BC', '2021-06-02'))));
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Reception and intake', { 'Prison number': 'B2345CD', 'First name': 'B', 'Last name': 'Example', 'Date received': '2021-05-02' })));
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Support contact log', contact('B2345CD', '2021-06-03'))));
    h.script.refreshViews();
    const rows = h.records('Contacts');
    expect(rows.map((r) => [r['Prison number'], r['Manager note']])).toEqual([
      ['A1234BC', ''],
      ['A1234BC', ''],
      ['B2345CD', ''],
    ]);
    expect(issues(h)).toEqual([]);
    expect(womenSupported(h)).toBe(2);
  });

  it('an edit by hand marks its tab (onEdit): a submission to it leaves its check to the rebuild, which that hour runs', async () => {
    const h = await withData();
    h.asTrigger(() => h.script.hourlyRefresh());
    const contacts = h.google.spreadsheet.sheet('Contacts')!;
    h.editByHand('Contacts', 2, contacts.dump()[0]!.indexOf('Minutes') + 1, '45');
    expect(h.google.properties.document.data.get(`editedByHand:${contacts.sheetId}`)).toBe('1');
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Support contact log', contact('A12'))));
    expect(issues(h)).toEqual([]); // not checked from a cache the edit may have made wrong
    expect([...h.google.properties.document.data.keys()].filter((k) => k.startsWith('pending:'))).toHaveLength(1);
    h.asTrigger(() => h.script.hourlyRefresh());
    expect(issues(h)).toEqual(['Contacts|3|Left out|excluded: "Prison number" does not match the pattern A1234BC']);
    expect(h.records('Contacts')[1]!['Edit link']).toMatch(/^https:/);
    expect(h.google.properties.document.data.get(`editedByHand:${contacts.sheetId}`)).toBeUndefined();
  });

  it('a register edited by hand is not trusted from the cache: no warning about an identifier typed into it', async () => {
    const h = await withData();
    h.asTrigger(() => h.script.hourlyRefresh());
    const women = h.google.spreadsheet.sheet('Women')!;
    const header = women.dump()[0]!;
    const row = women.lastRow() + 1;
    h.editByHand('Women', row, header.indexOf('Prison number') + 1, 'C3456DE');
    h.editByHand('Women', row, header.indexOf('Timestamp') + 1, '10/06/2021');
    h.editByHand('Women', row, header.indexOf('First name') + 1, 'Cee');
    h.editByHand('Women', row, header.indexOf('Last name') + 1, 'Example');
    h.editByHand('Women', row, header.indexOf('Date received') + 1, '03/05/2021');
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Support contact log', contact('C3456DE'))));
    expect(issues(h)).toEqual([]);
    h.asTrigger(() => h.script.hourlyRefresh());
    expect(issues(h)).toEqual([]);
    // With the register as the rebuild cached it, an identifier nobody registered is said at once.
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Support contact log', contact('D4567EF'))));
    expect(issues(h)).toEqual(['Contacts|4|Warning|"Prison number" names a Prison number that no Women row registers; still counted']);
  });

  it('a renamed header is reported, and the report says it cannot be counted', async () => {
    const h = await withData();
    h.google.spreadsheet.sheet('Contacts')!.rangeUncounted(1, 3, 1, 1).setValues([['Prison no']]);
    h.script.refreshViews();
    expect(issues(h)).toContain('Contacts|1|Left out|tab "Contacts" has no column "Prison number" (was it renamed?)');
    expect(h.google.env.alerts.at(-1)).toMatch(/Contacts: tab "Contacts" has no column "Prison number" \(was it renamed\?\)/);
    const dashboard = h.google.spreadsheet.sheet('Dashboard')!.dump();
    expect(dashboard.find((r) => String(r[4]).startsWith('Cannot be counted'))![4]).toBe(
      'Cannot be counted: this spreadsheet: tab "Contacts" has no column "Prison number" (was it renamed?)',
    );
    // A submission to that tab says so too, instead of failing.
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Support contact log', contact('A1234BC'))));
  });

  it('a missing tab is reported, not thrown', async () => {
    const h = await withData();
    const services = h.google.spreadsheet.sheet('Services')!;
    h.google.spreadsheet.sheets.splice(h.google.spreadsheet.sheets.indexOf(services), 1);
    h.script.refreshViews();
    expect(issues(h)).toContain('Services||Left out|tab "Services" not found');
    expect(h.google.env.alerts.at(-1)).toMatch(/Services: tab "Services" not found/);
    // Set up puts it back.
    h.script.setUp();
    expect(h.google.spreadsheet.sheet('Services')).toBeDefined();
  });

  it('a menu command that meets another run says so in an alert', async () => {
    const h = await withData();
    h.google.lock.heldElsewhere = true;
    h.script.refreshViews();
    expect(h.google.env.alerts.at(-1)).toBe('Peer support: Another Peer support run is still working. Try again in a minute.');
    expect(() => h.asTrigger(() => h.script.dailyRefresh())).not.toThrow();
    expect(h.google.env.logs.at(-1)).toMatch(/Daily refresh skipped/);
    h.google.lock.heldElsewhere = false;
  });

  it('an unexpected failure from the menu is an alert naming what failed, with no personal data', async () => {
    const h = await withData();
    // Google failing mid-run (a time-out): the alert says what failed, and the lock is released.
    const dashboard = h.google.spreadsheet.sheet('Dashboard')!;
    dashboard.getRange = () => h.google.env.fail('Service Spreadsheets timed out while accessing document with id 1.');
    h.script.refreshViews();
    expect(h.google.env.alerts.at(-1)).toBe('Peer support: Peer support could not finish: Service Spreadsheets timed out while accessing document with id 1.');
    expect(h.google.lock.holder).toBeNull();
  });
});
