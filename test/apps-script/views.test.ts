/**
 * The manager's views, rebuilt from the response tabs by the bundle: Dashboard
 * (the same engine as the reports, and a chart), Due for release, Supporter
 * overview, and the supporter choices on the forms.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { quartersEndingAt } from '../../core/quarters.js';
import { evaluateReport } from '../../core/report.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { SCHEMES as ALL_SCHEMES } from '../../core/schemes/index.js';
import { dashboardValue } from '../../apps-script/views/dashboard.js';
import { buildOnce, coreDataset, loadScript, type Harness } from './harness.js';

/** The contract's schemes (Perinatal, Reconnect): the ones this spreadsheet's forms answer. */
const SCHEMES = ALL_SCHEMES.filter((r) => r.forms === CONTRACT_FORMS);

beforeAll(async () => {
  await buildOnce();
});

const supporter = (id: string, name: string, start: string, extra: Record<string, string | string[] | null> = {}) => ({
  'Supporter ID': id,
  Name: name,
  Schemes: ['Perinatal', 'Reconnect'],
  Role: 'Volunteer',
  'Start date': start,
  ...extra,
});

const woman = (id: string, first: string, expected: string, extra: Record<string, string | null> = {}) => ({
  'Prison number': id,
  'First name': first,
  'Last name': 'Example',
  'Date received': '2021-01-10',
  'Expected release date': expected,
  'Destination area': 'Norfolk',
  'Consent to peer support': 'Yes',
  ...extra,
});

/** A person typing rows into the Services tab (text as typed: Sheets reads the dates). */
function typeServices(h: Harness, rows: string[][]): void {
  const sheet = h.google.spreadsheet.sheet('Services')!;
  sheet.rangeUncounted(2, 1, rows.length, rows[0]!.length).setValues(rows);
}

async function scheme(): Promise<Harness> {
  const h = await loadScript('2021-06-01T09:00:00');
  h.script.setUp();
  const fire = (form: string, answers: Record<string, string | string[] | null>) => h.asTrigger(() => h.script.onFormSubmit(h.submit(form, answers)));
  fire('Peer supporter registration', supporter('PS-001', '=Long Serving', '2019-05-01'));
  fire('Peer supporter registration', supporter('PS-002', '+44 Newcomer', '2021-03-01'));
  fire('Peer supporter registration', supporter('PS-003', 'Leaver Example', '2020-01-01', { 'End date': '2021-05-31' }));
  fire('Training session log', { 'Session date': '2021-04-10', Schemes: ['Perinatal'], Topics: ['Confidentiality', 'Active listening', 'Own emotional response', 'Practical issues'], Trainer: 'T', Attendees: ['PS-001'] });
  fire('Training session log', { 'Session date': '2021-04-20', Schemes: ['Reconnect'], Topics: ['Confidentiality'], Trainer: 'T', Attendees: ['PS-002'] });
  fire('Supervision session log', { 'Session date': '2021-05-20', Schemes: ['Perinatal'], Format: 'Group', Supervisor: 'S', Attendees: ['PS-001', 'PS-002'] });
  fire('Reception and intake', woman('A1111AA', '=SUM(A1:A9)', '2021-06-10'));
  fire('Reception and intake', woman('B2222BB', '-Minus', '2021-07-10', { 'Destination area': '@Suffolk' }));
  fire('Reception and intake', woman('C3333CC', 'Declined', '2021-06-20', { 'Consent to peer support': 'No' }));
  fire('Reception and intake', woman('D4444DD', 'Later', '2021-09-01'));
  fire('Reception and intake', woman('E5555EE', 'Soon', '2021-06-08', { 'Destination area': 'Not known', 'Consent to peer support': null }));
  fire('Support contact log', { 'Contact date': '2021-05-02', 'Prison number': 'A1111AA', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'], 'GP practice identified': 'Yes' });
  fire('Support contact log', { 'Contact date': '2021-03-02', 'Prison number': 'B2222BB', Scheme: 'Reconnect', 'Peer supporters': ['PS-002'] });
  fire('Release and reconnect log', {
    'Prison number': 'A1111AA',
    'Release date': '2021-06-10',
    'Destination area': 'Norfolk',
    'GP registration': 'Registration started',
    'Release pack given': 'Yes',
    'Supported to reconnect with healthcare': 'Yes',
  });
  const types = ['GP', 'Dental', 'Talking therapies (IAPT)', 'Crisis mental health', "Women's centre", 'Domestic abuse support'];
  typeServices(h, [
    ...types.map((t) => ['Norfolk', t, `${t} Norfolk`, '', '', '', '', '01/05/2021', 'Staff']),
    ['National', 'Crisis mental health', 'Helpline', '', '', '', '', '01/01/2020', 'Staff'], // stale
  ]);
  h.script.refreshViews();
  return h;
}

describe('manager views', () => {
  it('Dashboard: this and last quarter of both reports, from the same engine, and a chart of eight quarters', async () => {
    const h = await scheme();
    const dataset = coreDataset(h.google);
    const [last, current] = quartersEndingAt('2021-06-01', 2, dataset.settings);
    const rows = h.google.spreadsheet.sheet('Dashboard')!.dump();
    expect(SCHEMES.map((r) => r.id)).toEqual(['perinatal', 'reconnect']);
    const table = rows.filter((r) => ALL_SCHEMES.some((rep) => rep.title === r[0]));
    const expected = SCHEMES.flatMap((report) => {
      const [before, now] = [evaluateReport(report, dataset, last!), evaluateReport(report, dataset, current!)];
      return now.lines.map((m, i) => [report.title, m.label, dashboardValue(before.lines[i]!) ?? '', dashboardValue(m) ?? '', m.group ? `${m.group}: not a contract line` : '']);
    });
    expect(table).toEqual(expected);
    // The Also recorded lines show n/N and the percentage; none last quarter (0/0). A1111AA's release in June had a pack, not a GP registration.
    const also = (id: string) => table.find((r) => r[1] === SCHEMES[1]!.lines.find((l) => l.id === id)!.label)!.slice(2);
    expect(also('gp_registered_before_release')).toEqual(['0/0', '0/1 (0%)', 'Also recorded: not a contract line']);
    expect(also('release_packs_given')).toEqual(['0/0', '1/1 (100%)', 'Also recorded: not a contract line']);
    expect(rows.find((r) => r[0] === 'Report')!.slice(2, 4)).toEqual(['2020-21 Q4', '2021-22 Q1']);
    // Women supported this quarter: A1111AA (Perinatal, May); last quarter B2222BB (Reconnect, March).
    expect(table.find((r) => r[0] === SCHEMES[0]!.title && String(r[1]).startsWith('ii.'))!.slice(2, 4)).toEqual([0, 1]);
    expect(table.find((r) => r[0] === SCHEMES[1]!.title && String(r[1]).startsWith('ii.'))!.slice(2, 4)).toEqual([1, 0]);

    const trendHeader = rows.findIndex((r) => r[0] === 'Quarter');
    expect(rows.slice(trendHeader + 1, trendHeader + 9).map((r) => r[0])).toEqual(quartersEndingAt('2021-06-01', 8, dataset.settings).map((q) => q.label));
    const [chart] = h.google.spreadsheet.sheet('Dashboard')!.charts;
    expect(chart!.type).toBe('LINE');
    expect(chart!.ranges.map((r) => [r.row, r.column, r.numRows, r.numColumns])).toEqual([[trendHeader + 1, 1, 9, 3]]);
    h.script.refreshViews();
    expect(h.google.spreadsheet.sheet('Dashboard')!.charts).toHaveLength(1);
  });

  it('Due for release: women due in six weeks, what is missing, red/amber/green; names as typed, never formulas', async () => {
    const h = await scheme();
    const due = h.records('Due for release');
    // C3333CC declined peer support; D4444DD is due after the six weeks.
    expect(due.map((r) => r['Prison number'])).toEqual(['E5555EE', 'A1111AA', 'B2222BB']);
    const [e, a, b] = due;
    expect(e).toMatchObject({ Status: 'Red', 'Days left': 7, Name: 'Soon Example', Destination: 'Not known', GP: 'None', 'Pack given': '' });
    expect(e!['Still to do']).toBe('record consent to peer support; find out where she is going; identify a GP practice; start GP registration; give the release pack');
    expect(a).toMatchObject({
      Status: 'Green',
      'Expected release': h.google.env.wallClock(2021, 6, 10),
      'Days left': 9,
      Name: '=SUM(A1:A9) Example',
      Destination: 'Norfolk',
      'GP practice identified': 'Yes',
      'GP registration': 'Registration started',
      GP: 'Current',
      'Crisis mental health': 'Current',
      'Pack given': 'Yes',
      'Still to do': '',
    });
    expect(b).toMatchObject({
      Status: 'Amber',
      'Days left': 39,
      Name: '-Minus Example',
      Destination: '@Suffolk',
      GP: 'None',
      'Crisis mental health': 'Stale',
    });
    expect(String(b!['Still to do'])).toMatch(/^identify a GP practice; start GP registration; find current entries for: GP, Dental/);
    expect(h.google.spreadsheet.sheet('Due for release')!.formulas()).toEqual([]);
    // Once her release date has passed, she is off the list.
    h.setNow('2021-06-11T09:00:00');
    h.script.refreshViews();
    expect(h.records('Due for release').map((r) => r['Prison number'])).toEqual(['B2222BB']);
  });

  it('Due for release: her Release planning record beside what it showed; what is missing reflects it', async () => {
    const h = await scheme();
    const fire = (form: string, answers: Record<string, string | string[] | null>) => h.asTrigger(() => h.script.onFormSubmit(h.submit(form, answers)));
    fire('Reception and intake', woman('F6666FF', 'Planned', '2021-06-20'));
    fire('Release planning', { 'Prison number': 'F6666FF', Date: '2021-05-20', 'GP practice': 'Unlisted Surgery', 'GP registration': 'Not started' });
    // Submitted again: each non-blank answer wins; the practice is matched to the directory trimmed, in any case.
    fire('Release planning', {
      'Prison number': 'F6666FF',
      Date: '2021-05-27',
      'GP practice': ' gp NORFOLK ',
      'GP registration': 'Registered',
      'Services she will need': ['Dental', 'Crisis mental health'],
      'Peer supporter': 'PS-002',
    });
    fire('Release planning', { 'Prison number': 'B2222BB', Date: '2021-05-28', 'GP practice': 'Unlisted Surgery', 'GP registration': 'Not started' });
    h.script.refreshViews();
    const due = h.records('Due for release');
    expect(due.map((r) => r['Prison number'])).toEqual(['E5555EE', 'A1111AA', 'F6666FF', 'B2222BB']);
    const [e, a, f, b] = due;
    expect(f).toMatchObject({
      Status: 'Amber',
      'Days left': 19,
      Name: 'Planned Example',
      'GP practice identified': 'Yes',
      'Chosen GP practice': 'GP Norfolk',
      'GP registration': 'Registered',
      'Services she will need': 'Dental, Crisis mental health',
      GP: 'Current',
      'Still to do': 'give the release pack',
    });
    // A practice the directory lacks still counts as identified; registration not started is still to do.
    expect(b).toMatchObject({ 'GP practice identified': 'Yes', 'Chosen GP practice': 'Unlisted Surgery', 'GP registration': 'Not started', 'Services she will need': '' });
    expect(String(b!['Still to do'])).toMatch(/^start GP registration; find current entries for: GP, Dental/);
    // Without a Release planning row, as before.
    expect(e).toMatchObject({ 'Chosen GP practice': '', 'Services she will need': '' });
    expect(a).toMatchObject({ 'GP practice identified': 'Yes', 'Chosen GP practice': '', 'GP registration': 'Registration started', Status: 'Green' });
  });

  it('Due for release: a woman who withdrew her consent is not listed from that day, by name or by number', async () => {
    const h = await scheme();
    const fire = (form: string, answers: Record<string, string | string[] | null>) => h.asTrigger(() => h.script.onFormSubmit(h.submit(form, answers)));
    // Her record updated through the intake form, as staff would: withdrawn a day ago.
    fire('Reception and intake', woman('A1111AA', '=SUM(A1:A9)', '2021-06-10', { 'Consent withdrawn date': '2021-05-31' }));
    fire('Reception and intake', woman('G7777GG', 'Goingsoon', '2021-06-25', { 'Consent withdrawn date': '2021-06-05' }));
    fire('Release planning', { 'Prison number': 'A1111AA', Date: '2021-05-20', 'GP practice': 'GP Norfolk', 'GP registration': 'Registered' });
    h.script.refreshViews();
    expect(h.records('Due for release').map((r) => r['Prison number'])).toEqual(['E5555EE', 'G7777GG', 'B2222BB']);
    const cells = () => h.google.spreadsheet.sheet('Due for release')!.dump().flat().map(String);
    expect(cells().filter((c) => c.includes('A1111AA') || c.includes('SUM(A1'))).toEqual([]);
    // From the day she withdrew, G7777GG leaves too.
    h.setNow('2021-06-05T09:00:00');
    h.script.refreshViews();
    expect(h.records('Due for release').map((r) => r['Prison number'])).toEqual(['E5555EE', 'B2222BB']);
    expect(cells().filter((c) => c.includes('G7777GG') || c.includes('Goingsoon'))).toEqual([]);
  });

  it('Supporter overview: months in role flagged at 24, core training, last supervision', async () => {
    const h = await scheme();
    const rows = h.records('Supporter overview');
    expect(rows.map((r) => [r['Supporter ID'], r.Name, r['In role'], r['Months in role']])).toEqual([
      ['PS-001', '=Long Serving', 'Yes', 25],
      ['PS-002', '+44 Newcomer', 'Yes', 3],
      ['PS-003', 'Leaver Example', 'No', 16],
    ]);
    expect(rows[0]!.Flags).toBe('24 months or more in role: review');
    expect(rows[1]!.Flags).toBe('core training not attended: Active listening, Own emotional response, Practical issues');
    expect(rows[0]!['Last supervision']).toEqual(h.google.env.wallClock(2021, 5, 20));
    expect(rows[1]!['Trained: Confidentiality']).toEqual(h.google.env.wallClock(2021, 4, 20));
    expect(h.google.spreadsheet.sheet('Supporter overview')!.formulas()).toEqual([]);
  });

  it('the supporter lists on the forms offer only the supporters in role', async () => {
    const h = await scheme();
    const choices = () => ({
      contacts: h.google.formApp.byTitle('Support contact log').item('Peer supporters').choices,
      training: h.google.formApp.byTitle('Training session log').item('Attendees').choices,
      supervision: h.google.formApp.byTitle('Supervision session log').item('Attendees').choices,
    });
    expect(choices()).toEqual({ contacts: ['PS-001', 'PS-002'], training: ['PS-001', 'PS-002'], supervision: ['PS-001', 'PS-002'] });
    // A leaving date recorded by submitting again with the same ID: off the list once it has passed.
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Peer supporter registration', supporter('PS-002', '+44 Newcomer', '2021-03-01', { 'End date': '2021-06-05' }))));
    expect(choices().training).toEqual(['PS-001', 'PS-002']);
    h.setNow('2021-06-06T06:30:00');
    h.asTrigger(() => h.script.dailyRefresh());
    expect(choices()).toEqual({ contacts: ['PS-001'], training: ['PS-001'], supervision: ['PS-001'] });
    // Unchanged lists are not rewritten.
    h.google.env.resetCounts();
    h.asTrigger(() => h.script.dailyRefresh());
    expect(h.google.env.calls.count('Item.setChoiceValues')).toBe(0);
  });

  it('reads the settings a manager stored as a script property, and ignores one it cannot read', async () => {
    const h = await scheme();
    h.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify({ quarters: 'calendar', staleAfterDays: 'soon' }));
    h.script.refreshViews();
    expect(h.google.spreadsheet.sheet('Dashboard')!.dump().find((r) => r[0] === 'Report')!.slice(2, 4)).toEqual(['2021 Q1', '2021 Q2']);
    h.google.properties.script.data.set('PEERKIT_SETTINGS', '{not json');
    h.script.refreshViews();
    expect(h.google.spreadsheet.sheet('Dashboard')!.dump().find((r) => r[0] === 'Report')!.slice(2, 4)).toEqual(['2020-21 Q4', '2021-22 Q1']);
  });
});
