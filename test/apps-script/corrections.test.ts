/**
 * Corrections (data contract §2), run in the bundle against the fakes: set-up lets
 * responses be edited and gives each response tab an Edit link column; each
 * submission writes its response's edit link once; a response edited through that
 * link replaces its row, which is checked and counted once; a link typed by a person
 * is replaced by the real one; a row with anything in a Void column is left out of
 * every count and listed as voided by staff, its reason never shown.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import type { Stored } from './fakes/spreadsheet.js';
import { buildOnce, coreDataset, loadScript, type Harness } from './harness.js';

beforeAll(async () => {
  await buildOnce();
});

const contact = (prisonNumber: string, date = '2021-06-01', extra: Record<string, string | string[]> = {}) => ({
  'Contact date': date,
  'Prison number': prisonNumber,
  Scheme: 'Perinatal',
  'Peer supporters': ['PS-001'],
  ...extra,
});

/** Set up, one supporter and two women registered. */
async function withData(settings: Record<string, unknown> = {}): Promise<Harness> {
  const h = await loadScript('2021-06-10T09:00:00');
  h.script.setUp();
  h.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify(settings));
  fire(h, 'Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2021-01-04' });
  fire(h, 'Reception and intake', { 'Prison number': 'A1234BC', 'First name': 'Testa', 'Last name': 'Example', 'Date received': '2021-05-01' });
  fire(h, 'Reception and intake', { 'Prison number': 'B2345CD', 'First name': 'Bea', 'Last name': 'Example', 'Date received': '2021-05-02' });
  return h;
}

let clock = 0;
/** A response sent a few seconds after the last, and its trigger fired. */
function fire(h: Harness, form: string, answers: Record<string, string | string[] | null>) {
  h.setNow(`2021-06-10T09:${String(Math.floor(++clock / 60) % 60).padStart(2, '0')}:${String(clock % 60).padStart(2, '0')}`);
  const event = h.submit(form, answers);
  h.asTrigger(() => h.script.onFormSubmit(event));
  return event;
}

const issues = (h: Harness) => h.records('Data issues').map((r) => `${r.Tab}|${r.Row}|${r.Severity}|${r['What is wrong']}`);
const dashboardLine = (h: Harness, report: string, line: string) =>
  h.google.spreadsheet.sheet('Dashboard')!.dump().find((r) => r[0] === report && String(r[1]).startsWith(line))![3];
const womenSupported = (h: Harness) => dashboardLine(h, 'Perinatal peer support scheme report', 'ii.');
const linkOf = (h: Harness, tab: string, row: number) => String(h.records(tab)[row - 2]!['Edit link']);
/** The real edit URL of the response in a tab's row, as the fake form knows it. */
function responseUrl(h: Harness, formTitle: string, row: number): string {
  const form = h.google.formApp.byTitle(formTitle);
  return form.editUrlOf(form.responses.find((r) => r.row === row)!);
}

describe('set-up for corrections', () => {
  it('allows response edits on every form and heads an Edit link column after each form’s columns, keeping a person’s own', async () => {
    const h = await loadScript();
    h.script.setUp();
    for (const definition of CONTRACT_FORMS.filter((f) => !f.manual)) {
      expect(h.google.formApp.byTitle(definition.title).allowResponseEdits, definition.title).toBe(true);
      expect(h.google.spreadsheet.sheet(definition.tab)!.dump()[0]!.at(-1), definition.tab).toBe('Edit link');
    }
    expect(h.google.spreadsheet.sheet('Services')!.dump()[0]).not.toContain('Edit link'); // no form, no link

    // A tab from before: no Edit link, a person's own column after the form's, and a blank column after that.
    const contacts = h.google.spreadsheet.sheet('Contacts')!;
    const width = contacts.lastColumn();
    contacts.put(1, width, { value: 'Checked by', formula: '' });
    contacts.put(2, width, { value: 'AB', formula: '' });
    // One moved by hand: still found by its header, not made twice.
    const women = h.google.spreadsheet.sheet('Women')!;
    women.insertColumnByHand(2, 'Manager note');
    h.script.setUp();
    expect(contacts.dump()[0]!.slice(width - 1)).toEqual(['Checked by', 'Edit link']);
    expect(contacts.dump()[1]![width - 1]).toBe('AB');
    expect(women.dump()[0]!.filter((title) => title === 'Edit link')).toHaveLength(1);
  });
});

describe('the edit link', () => {
  it('is written once for each response: a trigger that fires again writes nothing', async () => {
    const h = await withData();
    const event = fire(h, 'Support contact log', contact('A1234BC'));
    expect(linkOf(h, 'Contacts', 2)).toBe(responseUrl(h, 'Support contact log', 2));
    h.google.env.resetCounts();
    h.asTrigger(() => h.script.onFormSubmit(event));
    expect(h.google.env.writes.byName()).toEqual({}); // nothing written: not the link, not Data issues
    expect(linkOf(h, 'Contacts', 2)).toBe(responseUrl(h, 'Support contact log', 2));
    // Handled already (the row unchanged since): the form is not even opened.
    expect(h.google.env.calls.matching('FormApp.') + h.google.env.calls.matching('Form.') + h.google.env.calls.matching('FormResponse.')).toBe(0);
  });

  it('a link typed into the cell by a person, or another row’s, is replaced by the real one at the next rebuild', async () => {
    const h = await withData();
    const first = fire(h, 'Support contact log', contact('A1234BC'));
    const second = fire(h, 'Support contact log', contact('B2345CD'));
    const contacts = h.google.spreadsheet.sheet('Contacts')!;
    const column = contacts.dump()[0]!.indexOf('Edit link') + 1;
    contacts.put(2, column, { value: 'ask Jane Example', formula: '' });
    contacts.put(3, column, { value: responseUrl(h, 'Support contact log', 2), formula: '' }); // copied from row 2
    h.asTrigger(() => h.script.onFormSubmit(second));
    h.asTrigger(() => h.script.onFormSubmit(first));
    // Text where links belong: the submissions trust nothing they read there, and leave the rows to the rebuild.
    expect(linkOf(h, 'Contacts', 2)).toBe('ask Jane Example');
    h.asTrigger(() => h.script.hourlyRefresh());
    expect([linkOf(h, 'Contacts', 2), linkOf(h, 'Contacts', 3)]).toEqual([responseUrl(h, 'Support contact log', 2), responseUrl(h, 'Support contact log', 3)]);
    h.script.refreshViews();
    expect(issues(h)).toEqual([]);
    expect(womenSupported(h)).toBe(2);
  });

  it('responses sent within the same second (a double click, two people at once) each get their own link from the rebuild, whichever trigger fires first', async () => {
    const h = await withData();
    h.setNow('2021-06-10T10:00:00');
    const events = [
      h.submit('Support contact log', contact('A1234BC')),
      h.submit('Support contact log', contact('B2345CD')),
      h.submit('Support contact log', contact('A1234BC')), // the first, sent again
    ];
    for (const event of [events[2]!, events[0]!, events[1]!]) h.asTrigger(() => h.script.onFormSubmit(event));
    // Several responses from that moment on: a submission cannot tell them apart in its 15 calls.
    expect([2, 3, 4].map((row) => linkOf(h, 'Contacts', row))).toEqual(['', '', '']);
    h.asTrigger(() => h.script.hourlyRefresh());
    expect([2, 3, 4].map((row) => linkOf(h, 'Contacts', row))).toEqual([2, 3, 4].map((row) => responseUrl(h, 'Support contact log', row)));
    // The double click is one row: its repeat was listed by its submission, and is counted once.
    expect(issues(h)).toEqual(['Contacts|4|Duplicate|repeats row 2 exactly; counted once']);
    h.script.refreshViews();
    expect(issues(h)).toEqual(['Contacts|4|Duplicate|repeats row 2 exactly; counted once']);
    expect(womenSupported(h)).toBe(2);
  });
});

describe('a response edited through its link', () => {
  it.each([
    ['the edit handled before the next rebuild', false],
    ['after a rebuild', true],
  ])('replaces its row, is checked again and counted once: %s', async (_, rebuiltBefore) => {
    const h = await withData();
    fire(h, 'Support contact log', contact('A12', '2021-06-01', { Minutes: '20' }));
    if (rebuiltBefore) h.asTrigger(() => h.script.hourlyRefresh());
    expect(issues(h)).toEqual(['Contacts|2|Left out|excluded: "Prison number" does not match the pattern A1234BC']);
    const link = linkOf(h, 'Contacts', 2);
    expect(link).toBe(responseUrl(h, 'Support contact log', 2));

    h.setNow('2021-06-11T08:30:00');
    h.google.env.resetCounts();
    const event = h.edit(link, { 'Prison number': 'B2345CD' });
    // Google's event for an edit: the same row, blanks for what did not change.
    expect((event.range as { row: number }).row).toBe(2);
    expect(event.namedValues['Contact date']).toEqual(['']);
    h.asTrigger(() => h.script.onFormSubmit(event));

    const rows = h.records('Contacts');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ 'Prison number': 'B2345CD', Minutes: 20, 'Edit link': link });
    expect(h.google.env.writes.byName().Contacts).toBeUndefined(); // the link was there: not rewritten
    // Checked from the sheet, not from e.values: the unchanged answers are not "blank".
    expect(issues(h)).toEqual([]);
    const core = coreDataset(h.google);
    expect(core.records.contacts!.map((r) => [r.row, r.values.prisonNumber])).toEqual([[2, 'B2345CD']]);
    h.script.refreshViews();
    expect(womenSupported(h)).toBe(1);
    expect(issues(h)).toEqual([]);
  });

  it('an edit that breaks a row lists it, and one that mends it again clears it', async () => {
    const h = await withData();
    fire(h, 'Support contact log', contact('A1234BC'));
    const link = linkOf(h, 'Contacts', 2);
    h.asTrigger(() => h.script.onFormSubmit(h.edit(link, { Minutes: '900' })));
    expect(issues(h)).toEqual(['Contacts|2|Left out|excluded: "Minutes" must be a number from 1 to 600']);
    h.asTrigger(() => h.script.onFormSubmit(h.edit(link, { Minutes: '45' })));
    expect(issues(h)).toEqual([]);
    expect(h.records('Contacts')).toHaveLength(1);
  });
});

describe('Void', () => {
  it('a row with anything in Void leaves every count and is listed as voided by staff, never quoting the reason; spaces void nothing', async () => {
    const h = await withData();
    fire(h, 'Support contact log', contact('A1234BC'));
    fire(h, 'Support contact log', contact('B2345CD'));
    fire(h, 'Support contact log', contact('B2345CD', '2021-06-02', { Minutes: '900' })); // wrong, but voided: no error listed
    fire(h, 'Support contact log', contact('A1234BC', '2021-06-03'));
    h.script.refreshViews();
    expect(womenSupported(h)).toBe(2);

    // A manager adds a Void column by hand (after Edit link) and voids rows 3 and 4; row 5 gets only spaces.
    const contacts = h.google.spreadsheet.sheet('Contacts')!;
    const column = contacts.lastColumn() + 1;
    const reason = 'entered for the wrong woman, ask Bea Example';
    contacts.put(1, column, { value: ' void ', formula: '' });
    contacts.put(3, column, { value: reason, formula: '' });
    contacts.put(4, column, { value: 'duplicate', formula: '' });
    contacts.put(5, column, { value: '   ', formula: '' });
    h.script.refreshViews();

    expect(womenSupported(h)).toBe(1);
    expect(issues(h)).toEqual([
      'Contacts|3|Voided by staff|left out of every count ("Void" is filled in)',
      'Contacts|4|Voided by staff|left out of every count ("Void" is filled in)',
    ]);
    expect(h.google.spreadsheet.sheet('Dashboard')!.dump().find((r) => r[0] === 'Data issues')![1]).toBe(
      '0 rows left out of the counts, 0 warnings, 2 rows voided by staff: see the Data issues tab',
    );
    const shown: Stored[] = [
      ...h.google.spreadsheet.sheet('Dashboard')!.dump().flat(),
      ...h.google.spreadsheet.sheet('Data issues')!.dump().flat(),
      ...h.google.env.logs,
      ...h.google.env.alerts,
    ];
    expect(shown.some((v) => String(v).includes('wrong woman'))).toBe(false);
    // Core on the sheet agrees.
    expect(coreDataset(h.google).records.contacts!.map((r) => r.row)).toEqual([2, 5]);

    // A submission to the tab lists a voided row like any other issue, once.
    fire(h, 'Support contact log', contact('A1234BC', '2021-06-04'));
    expect(issues(h).filter((i) => i.includes('Voided'))).toHaveLength(2);
  });
});
