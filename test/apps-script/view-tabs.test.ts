/**
 * The views' tabs are known by the sheet id recorded when each was made, never by
 * name: a response tab given a view's name is never written, a view tab renamed by
 * hand is still written, and a spreadsheet set up before ids were recorded keeps
 * its views (and the Data issues history) without adopting a stranger's tab.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, loadScript, type Harness } from './harness.js';

beforeAll(async () => {
  await buildOnce();
});

const VIEWS = ['Dashboard', 'Data issues', 'Due for release', 'Supporter overview'] as const;

async function withData(): Promise<Harness> {
  const h = await loadScript('2021-06-10T09:00:00');
  h.script.setUp();
  const fire = (form: string, answers: Record<string, string | string[] | null>) => h.asTrigger(() => h.script.onFormSubmit(h.submit(form, answers)));
  fire('Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2021-01-04' });
  fire('Reception and intake', { 'Prison number': 'A1234BC', 'First name': 'Testa', 'Last name': 'Example', 'Date received': '2021-05-01' });
  fire('Support contact log', { 'Contact date': '2021-06-01', 'Prison number': 'A12', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] });
  return h;
}

/** A person deleting a tab (Google frees its name). */
function deleteByHand(h: Harness, name: string): void {
  const { sheets } = h.google.spreadsheet;
  sheets.splice(sheets.indexOf(h.google.spreadsheet.sheet(name)!), 1);
}

const recordedId = (h: Harness, view: string) => h.google.properties.document.data.get(`view:${view}`);
const clashLines = (h: Harness, logTab: string, view: string) => h.records(logTab).filter((r) => r.Tab === view).map((r) => String(r['What is wrong']));

describe('view tabs', () => {
  it.each(VIEWS)('a response tab renamed "%s" is never written: the view moves to a free name, says why, and takes its name back', async (view) => {
    const h = await withData();
    const ss = h.google.spreadsheet;
    deleteByHand(h, view);
    const responses = ss.sheet('Contacts')!;
    responses.name = view;
    const before = responses.dump();

    h.script.refreshViews();
    expect(responses.dump()).toEqual(before);
    const moved = ss.sheet(`${view} (2)`)!;
    expect(moved).toBeDefined();
    expect(recordedId(h, view)).toBe(String(moved.sheetId));
    const logTab = view === 'Data issues' ? 'Data issues (2)' : 'Data issues';
    const lines = clashLines(h, logTab, view);
    expect(lines).toEqual([`the tab called "${view}" holds form responses, so no view is written there: this view is in the tab "${view} (2)". Rename that tab (Peer support → Set up names its forms' tabs back)`]);
    expect(h.google.env.alerts.at(-1)).toContain(`Tabs that need attention (also in Data issues):`);
    expect(h.google.env.alerts.at(-1)).toContain(`• ${view}: the tab called "${view}" holds form responses`);
    // The responses are still read through their linked tab, which is said to be misnamed.
    expect(h.records(logTab).filter((r) => r.Tab === 'Contacts').map((r) => String(r['What is wrong']))).toEqual([
      `the "Support contact log" responses are in a tab now called "${view}"; rename it back to "Contacts" (or run Peer support → Set up): exported workbooks are read by tab name`,
      'excluded: "Prison number" does not match the pattern A1234BC',
    ]);

    // Found again by id: no third tab, the responses still untouched, the clash listed once.
    h.asTrigger(() => h.script.dailyRefresh());
    expect(ss.sheets.filter((s) => s.name.startsWith(view))).toEqual([responses, moved]);
    expect(responses.dump()).toEqual(before);
    expect(clashLines(h, logTab, view)).toHaveLength(1);

    // Set up names the response tab back; the view then takes its own name again.
    h.script.setUp();
    expect(responses.name).toBe('Contacts');
    expect(moved.name).toBe(view);
    expect(clashLines(h, 'Data issues', view)).toEqual([]);
  });

  it('a tab of a form set-up did not make (getFormUrl) is never written either', async () => {
    const h = await withData();
    const ss = h.google.spreadsheet;
    const staffSurvey = h.google.formApp.create('Staff survey');
    staffSurvey.setDestination('SPREADSHEET', ss.id);
    ss.showLinkedTabs();
    const foreign = ss.sheets[0]!;
    deleteByHand(h, 'Supporter overview');
    foreign.name = 'Supporter overview';
    const before = foreign.dump();

    h.script.refreshViews();
    expect(foreign.dump()).toEqual(before);
    expect(h.records('Supporter overview (2)').map((r) => r['Supporter ID'])).toEqual(['PS-001']);
    expect(clashLines(h, 'Data issues', 'Supporter overview')[0]).toMatch(/^the tab called "Supporter overview" holds form responses/);
  });

  it('a view tab renamed by hand is still found by id and written, under its new name', async () => {
    const h = await withData();
    const ss = h.google.spreadsheet;
    const dashboard = ss.sheet('Dashboard')!;
    const log = ss.sheet('Data issues')!;
    dashboard.name = 'Our dashboard';
    log.name = 'Problems';
    h.setNow('2021-06-11T08:00:00');
    h.script.refreshViews();
    expect(dashboard.dump()[1]).toEqual(['Rebuilt', h.google.env.wallClock(2021, 6, 11, 8), '(hourly when something changed, daily at least, and from the menu); triggers: installed for 2 of 2', ...Array<string>(2).fill('')]);
    expect(dashboard.charts).toHaveLength(1);
    expect(h.records('Problems').map((r) => r.Tab)).toEqual(['Contacts']);
    expect(ss.sheet('Dashboard')).toBeUndefined();
    expect(ss.sheet('Data issues')).toBeUndefined();
    // A submission finds the log by id too.
    h.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify({ submitRefreshMaxRows: 0 }));
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Support contact log', { 'Contact date': '2021-06-11', 'Prison number': 'B9', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] })));
    expect(h.records('Problems').map((r) => [r.Tab, r.Row])).toEqual([
      ['Contacts', 2],
      ['Contacts', 3],
    ]);
    expect(ss.sheet('Data issues')).toBeUndefined();
  });

  it('a spreadsheet set up before ids were recorded keeps its view tabs and history; a stranger\'s tab of a view\'s name is left alone', async () => {
    const h = await withData();
    const ss = h.google.spreadsheet;
    const props = h.google.properties.document.data;
    for (const view of VIEWS) props.delete(`view:${view}`);
    const [dashboard, log] = [ss.sheet('Dashboard')!, ss.sheet('Data issues')!];
    const history = log.dump();
    expect(history).toHaveLength(2); // header and the line for row 2 of Contacts, with when it was found
    deleteByHand(h, 'Due for release');
    const notes = ss.insertSheet('Due for release');
    notes.getRange(1, 1, 2, 1).setValues([['Our own planning notes'], ['Call probation on Monday']]);

    h.setNow('2021-06-12T09:00:00');
    h.script.refreshViews();
    expect(ss.sheet('Dashboard')).toBe(dashboard);
    expect(log.dump()[0]).toEqual(history[0]);
    expect(log.dump()).toContainEqual(history[1]); // the same problem, still dated when first found
    expect(notes.dump()).toEqual([['Our own planning notes'], ['Call probation on Monday']]);
    expect(h.records('Due for release (2)')).toEqual([]);
    expect(clashLines(h, 'Data issues', 'Due for release')).toEqual([
      'a tab called "Due for release" is not this view\'s, so it is left as it is: this view is in the tab "Due for release (2)". Rename or remove that tab to give the view its name',
    ]);
    for (const view of ['Dashboard', 'Data issues', 'Supporter overview']) expect(recordedId(h, view)).toBe(String(ss.sheet(view)!.sheetId));
    expect(recordedId(h, 'Due for release')).toBe(String(ss.sheet('Due for release (2)')!.sheetId));
  });

  it('a spreadsheet whose view was called "Release planning" (before the form of that name): Set up renames the view\'s tab and gives the form its tab', async () => {
    const h = await withData();
    const ss = h.google.spreadsheet;
    const props = h.google.properties.document.data;
    // As an earlier version left it: the view in a tab called "Release planning", its id recorded under that name, no such form.
    const view = ss.sheet('Due for release')!;
    const form = ss.sheet('Release planning')!;
    form.name = 'Form responses 10';
    view.name = 'Release planning';
    props.set('view:Release planning', props.get('view:Due for release')!);
    props.delete('view:Due for release');

    h.script.setUp();
    expect(ss.sheet('Due for release')).toBe(view);
    expect(ss.sheet('Release planning')).toBe(form);
    expect(recordedId(h, 'Due for release')).toBe(String(view.sheetId));
    expect(h.google.env.alerts.at(-1)).not.toContain('already exists');
    expect(h.records('Data issues').filter((r) => r.Tab === 'Due for release' || r.Tab === 'Release planning')).toEqual([]);
  });
});
