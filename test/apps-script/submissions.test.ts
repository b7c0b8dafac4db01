/**
 * Every submission is checked (dist/Code.js in a vm, fake services): 500 responses
 * across every form, triggers fired out of order, some twice, some while another
 * execution holds the lock. Each problem is listed once in Data issues; nothing is
 * lost (a busy lock leaves a note the next refresh settles); no answer in a response
 * row is changed, only its Edit link cell written with that response's own link;
 * nothing typed becomes a formula; no personal answer reaches a log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { checkDataset } from '../../core/check-dataset.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { DEFAULT_SCHEMES } from '../../core/config.js';
import { findScheme } from '../../core/schemes/index.js';
import { issueKey } from '../../apps-script/views/data-issues.js';
import type { FormSubmitEvent } from './fakes/forms.js';
import type { Stored } from './fakes/spreadsheet.js';
import { buildOnce, coreDataset, loadScript, type Harness } from './harness.js';
import { generateSubmissions, prng } from './responses.js';

beforeAll(async () => {
  await buildOnce();
});

const responseTabs = CONTRACT_FORMS.filter((f) => !f.manual).map((f) => f.tab);

interface LogRow {
  tab: string;
  row: number | '';
  severity: string;
  reason: string;
  found: Stored;
}

function issueLog(h: Harness): LogRow[] {
  return h.records('Data issues').map((r) => ({
    tab: String(r.Tab),
    row: r.Row as number | '',
    severity: String(r.Severity),
    reason: String(r['What is wrong']),
    found: r['When found']!,
  }));
}

const keyOf = (i: LogRow) => issueKey({ tab: i.tab, row: i.row === '' ? null : i.row, reason: i.reason });

/** What core says about the spreadsheet as it now is: the full check a refresh makes. */
function oracleKeys(h: Harness, asOf: string): Set<string> {
  const dataset = coreDataset(h.google);
  // The daily refresh runs the configured schemes' own checks too (a release not logged); a submission does not.
  return new Set(checkDataset(dataset, { forms: CONTRACT_FORMS, schemes: DEFAULT_SCHEMES.map(findScheme), asOf }).map(issueKey));
}

/** A tab's cells without its Edit link column, the one column the script writes to. */
function answersOf(rows: Stored[][]): Stored[][] {
  const link = rows[0]?.indexOf('Edit link') ?? -1;
  return rows.map((row) => row.filter((_, i) => i !== link));
}

/** Each response's edit URL by tab and row, as the fake form knows them. */
function editUrls(h: Harness): Map<string, string> {
  const urls = new Map<string, string>();
  for (const form of h.google.formApp.forms.values()) {
    const tab = form.destination?.sheet.name;
    for (const response of form.responses) if (tab && response.row !== null) urls.set(`${tab}\u241f${response.row}`, form.editUrlOf(response));
  }
  return urls;
}

function expectNoFormulas(h: Harness): void {
  for (const sheet of h.google.spreadsheet.sheets) expect(sheet.formulas(), sheet.name).toEqual([]);
}

function expectNoPersonalDataInLogs(h: Harness, personal: readonly string[]): void {
  const said = [...h.google.env.logs, ...h.google.env.alerts].join('\n');
  for (const value of personal) expect(said.includes(value), `"${value}" appears in a log or alert`).toBe(false);
}

async function setUpWith(settings: Record<string, unknown>): Promise<Harness> {
  const h = await loadScript('2021-04-01T08:00:00');
  h.script.setUp();
  h.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify(settings));
  return h;
}

describe('every submission', () => {
  it('500 submissions across every form, fired out of order, twice, or while the lock is busy', async () => {
    // Each submission checks its own row; the views and the links it could not tell wait for the rebuild.
    const h = await setUpWith({});
    const { submissions, personal } = generateSubmissions(500);
    const random = prng(11);
    const written = new Map<string, Stored[][]>(); // each tab's rows as the form wrote them
    const pendingEvents: FormSubmitEvent[] = [];
    const lockedOut: FormSubmitEvent[] = [];
    let fired = 0;

    const fire = (event: FormSubmitEvent) => {
      h.asTrigger(() => h.script.onFormSubmit(event));
      fired++;
      expect(h.google.lock.holder).toBeNull();
    };

    for (const submission of submissions) {
      h.setNow(submission.at);
      const event = h.submit(submission.form, submission.answers);
      const sheet = h.google.spreadsheet.sheets.find((s) => s.name === (event.range as { sheet: { name: string } }).sheet.name)!;
      written.set(sheet.name, sheet.dump());
      pendingEvents.push(event);
      // Triggers fire late and out of order: up to three responses wait, then one fires at random.
      while (pendingEvents.length > (random() < 0.5 ? 0 : 3)) {
        const [event] = pendingEvents.splice(Math.floor(random() * pendingEvents.length), 1);
        const roll = random();
        if (roll < 0.05) {
          // Another execution holds the lock past the wait.
          h.google.lock.heldElsewhere = true;
          fire(event!);
          h.google.lock.heldElsewhere = false;
          lockedOut.push(event!);
        } else {
          fire(event!);
          if (roll > 0.9) fire(event!); // Google fires the trigger again for the same response
          if (roll > 0.85 && roll <= 0.9) pendingEvents.push(event!); // …or much later
        }
      }
    }
    for (const event of pendingEvents) fire(event);
    expect(fired).toBeGreaterThan(500);
    expect(lockedOut.length).toBeGreaterThan(5);

    // No answer was touched by the script.
    for (const tab of responseTabs) expect(answersOf(h.google.spreadsheet.sheet(tab)!.dump()), tab).toEqual(answersOf(written.get(tab)!));
    const urls = editUrls(h);
    const tabOfSheet = new Map(h.google.spreadsheet.sheets.map((sheet) => [String(sheet.sheetId), sheet.name]));

    // Each problem listed once, and each one is core's verdict on that row, but for an identifier
    // whose registration's trigger had not run yet (out of order): the rebuild drops that warning.
    const log = issueLog(h);
    const keys = log.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    const asOf = '2021-06-09';
    const oracle = oracleKeys(h, asOf);
    for (const key of keys) if (!/names (a|\d+) .* that no .* row registers/.test(key)) expect(oracle.has(key), key).toBe(true);
    // Every row left out is listed, except those whose check waits for the rebuild (a busy lock, a cache it could not trust).
    const notes = () => [...h.google.properties.document.data.keys()].filter((k) => k.startsWith('pending:'));
    const waiting = new Set(notes().map((k) => { const [, sheetId, row] = k.split(':'); return `${tabOfSheet.get(sheetId!)}\u241f${row}`; }));
    const lockedRows = new Set(lockedOut.map((e) => `${(e.range as { sheet: { name: string } }).sheet.name}\u241f${(e.range as { row: number }).row}`));
    for (const row of lockedRows) expect(waiting.has(row), row).toBe(true);
    const listed = new Set(keys);
    const missing = [...oracle].filter((k) => k.includes('\u241fexcluded: ') && !listed.has(k) && !waiting.has(k.split('\u241f').slice(0, 2).join('\u241f')));
    expect(missing).toEqual([]);
    expect(log.filter((i) => i.severity === 'Left out').length).toBeGreaterThan(30);

    // The hourly rebuild checks everything, clears the notes, and links every row its submission could not.
    h.setNow('2021-06-09T23:00:00');
    h.asTrigger(() => h.script.hourlyRefresh());
    expect(notes()).toEqual([]);
    expect(new Set(issueLog(h).map(keyOf))).toEqual(oracle);
    for (const tab of responseTabs) {
      h.records(tab).forEach((record, i) => expect(record['Edit link'], `${tab}\u241f${i + 2}`).toBe(urls.get(`${tab}\u241f${i + 2}`)));
    }
    // A problem found by a submission keeps the time it was first found.
    const firstFound = new Map(log.map((i) => [keyOf(i), (i.found as Date).getTime()]));
    for (const row of issueLog(h)) {
      if (firstFound.has(keyOf(row))) expect((row.found as Date).getTime()).toBe(firstFound.get(keyOf(row)));
    }

    for (const tab of responseTabs) expect(answersOf(h.google.spreadsheet.sheet(tab)!.dump()), tab).toEqual(answersOf(written.get(tab)!));
    expectNoFormulas(h);
    expectNoPersonalDataInLogs(h, personal);
    expect(h.google.env.logs.filter((l) => l.startsWith('error'))).toEqual([]);
  }, 120_000);

  it('the views wait for the hourly rebuild, which runs only when something changed, and once a day', async () => {
    const h = await setUpWith({});
    const { submissions, personal } = generateSubmissions(60, 3);
    const overview = () => h.google.spreadsheet.sheet('Supporter overview')!.lastRow();
    const before = overview();
    for (const submission of submissions) {
      h.setNow(submission.at);
      const event = h.submit(submission.form, submission.answers);
      h.asTrigger(() => h.script.onFormSubmit(event));
      if (submission.form === 'Support contact log') h.asTrigger(() => h.script.onFormSubmit(event)); // fired twice
    }
    expect(overview()).toBe(before); // no view rebuilt by a submission
    const last = submissions.at(-1)!.at;
    h.setNow(last);
    h.asTrigger(() => h.script.hourlyRefresh());
    const log = issueLog(h);
    expect(new Set(log.map(keyOf))).toEqual(oracleKeys(h, last.slice(0, 10)));
    expect(log.length).toBe(new Set(log.map(keyOf)).size);
    expect(overview()).toBeGreaterThan(5);
    // An hour with nothing new: the trigger reads the document properties and stops (no Spreadsheet call).
    h.google.env.resetCounts();
    h.asTrigger(() => h.script.hourlyRefresh());
    expect(Object.keys(h.google.env.calls.byName())).toEqual(['Properties(document).getProperties']);
    // A new day: it rebuilds whatever (dates move on: who is due for release, who has left).
    h.setNow(`${DateTime.fromISO(last).plus({ days: 1 }).toISODate()}T00:30:00`);
    h.google.env.resetCounts();
    h.asTrigger(() => h.script.hourlyRefresh());
    expect(h.google.env.writes.byName()).toMatchObject({ Dashboard: 1 });
    expectNoFormulas(h);
    expectNoPersonalDataInLogs(h, personal);
  }, 60_000);

  it('a submission that fails validation is kept and reported, never dropped', async () => {
    const h = await setUpWith({});
    const event = h.submit('Support contact log', { 'Contact date': '2021-04-02', 'Prison number': 'A12', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'], Minutes: '900' });
    h.asTrigger(() => h.script.onFormSubmit(event));
    h.asTrigger(() => h.script.onFormSubmit(event));
    expect(h.records('Contacts')).toHaveLength(1);
    expect(issueLog(h).map((i) => [i.tab, i.row, i.severity, i.reason])).toEqual([
      ['Contacts', 2, 'Left out', 'excluded: "Prison number" does not match the pattern A1234BC'],
      ['Contacts', 2, 'Left out', 'excluded: "Minutes" must be a number from 1 to 600'],
    ]);
  });

  it('a response in a tab no declaration knows is noted, not thrown', async () => {
    const h = await setUpWith({});
    const other = h.google.formApp.create('Tea rota', true);
    other.addTextItem().setTitle('Who');
    other.setDestination('SPREADSHEET', h.google.spreadsheet.id);
    const event = other.submit({ Who: 'Someone' }, new Date());
    h.asTrigger(() => h.script.onFormSubmit(event!));
    expect(issueLog(h).map((i) => [i.tab, i.row, i.severity])).toEqual([['Form responses 1', 2, 'Warning']]);
  });
});
