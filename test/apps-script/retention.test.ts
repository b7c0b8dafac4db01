/**
 * Retention (data contract §8) in the spreadsheet, run in the bundle against the
 * fakes: Peer support → Retention review lists what core's retentionReview lists,
 * by tab and row only; Delete reviewed rows deletes exactly those rows and their
 * form responses once confirmed, refuses when the data changed since the review,
 * records counts (never names) in Data issues, and carries on across runs when the
 * time limit stops it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { retentionReview } from '../../core/retention.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { makeSettings } from '../../core/settings.js';
import type { Stored } from './fakes/spreadsheet.js';
import { buildOnce, coreWorkbook, loadScript, type Harness } from './harness.js';

beforeAll(async () => {
  await buildOnce();
});

const REVIEW_DAY = '2027-06-15';
const QUESTION = /^Peer support: Delete (\d+) rows? listed in Retention review from the response tabs and their Google Forms responses\? This cannot be undone\.$/;
const STALE = 'Peer support: Nothing was deleted: the data changed since the review (rows added or edited): run Retention review again.';
const NO_REVIEW = 'Peer support: There is no retention review listing rows to delete: choose Peer support → Retention review first.';
/** Every name and identifier the history holds: none may reach the review, an alert or Data issues. */
const PERSONAL = ['Testa', 'Pia', 'Ann', 'Bea', 'Cat', 'PS-001', 'PS-002', 'A1234BC', 'B2345CD', 'C3456DE', 'Trainer Example', 'wrong woman'];
const TABS = CONTRACT_FORMS.filter((f) => !f.manual).map((f) => f.tab);

let second = 0;
/** A response sent on `day` (a second after the last one), its trigger fired. */
function fire(h: Harness, form: string, answers: Record<string, string | string[] | null>, day: string) {
  second++;
  h.setNow(`${day}T09:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}`);
  const event = h.submit(form, answers);
  h.asTrigger(() => h.script.onFormSubmit(event));
  return event;
}

const contact = (prisonNumber: string, date: string) => ({ 'Contact date': date, 'Prison number': prisonNumber, Scheme: 'Perinatal', 'Peer supporters': ['PS-002'], Minutes: '30' });
const training = (date: string) => ({ 'Session date': date, Schemes: ['Perinatal'], Trainer: 'Trainer Example', Attendees: ['PS-001', 'PS-002'] });
const linkOf = (h: Harness, tab: string, row: number) => String(h.records(tab)[row - 2]!['Edit link']);

/**
 * Six years of history, reviewed on 15 June 2027 (records kept 72 months: due when
 * dated before 15 June 2021). Due: PS-001 (left 1 March 2021: both registration
 * rows), Ann (A1234BC: her intake and two contacts, one edited since, one voided),
 * Cat (C3456DE: intake, and a contact whose Edit link is gone, as if sent before
 * set-up), the February 2021 training session (about nobody). Kept: PS-002 (in
 * role), Bea (B2345CD, a contact in 2022), the 2022 training session. Ann's intake
 * response was deleted from its form by hand.
 */
async function withHistory(): Promise<Harness> {
  const h = await loadScript('2021-01-04T08:00:00');
  h.script.setUp();
  h.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify({ submitRefreshMaxRows: 0 }));
  fire(h, 'Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2020-01-06' }, '2021-01-04');
  fire(h, 'Peer supporter registration', { 'Supporter ID': 'PS-002', Name: 'Pia Example', Schemes: ['Perinatal'], 'Start date': '2021-01-04' }, '2021-01-04');
  fire(h, 'Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2020-01-06', 'End date': '2021-03-01' }, '2021-03-01');
  fire(h, 'Reception and intake', { 'Prison number': 'A1234BC', 'First name': 'Ann', 'Last name': 'Example', 'Date received': '2021-01-05' }, '2021-01-05');
  fire(h, 'Reception and intake', { 'Prison number': 'B2345CD', 'First name': 'Bea', 'Last name': 'Example', 'Date received': '2021-01-06' }, '2021-01-06');
  fire(h, 'Reception and intake', { 'Prison number': 'C3456DE', 'First name': 'Cat', 'Last name': 'Example', 'Date received': '2021-02-01' }, '2021-02-01');
  fire(h, 'Support contact log', contact('A1234BC', '2021-02-01'), '2021-02-01'); // Contacts row 2
  fire(h, 'Support contact log', contact('B2345CD', '2021-02-02'), '2021-02-02'); // 3
  fire(h, 'Support contact log', contact('C3456DE', '2021-02-03'), '2021-02-03'); // 4
  fire(h, 'Support contact log', contact('A1234BC', '2021-03-01'), '2021-03-01'); // 5
  fire(h, 'Training session log', training('2021-02-10'), '2021-02-10');
  fire(h, 'Support contact log', contact('B2345CD', '2022-01-10'), '2022-01-10'); // 6
  fire(h, 'Training session log', training('2022-01-12'), '2022-01-12');

  // Ann's second contact corrected through its link a month later (a new Timestamp, the same row).
  h.setNow('2021-04-01T10:00:00');
  h.asTrigger(() => h.script.onFormSubmit(h.edit(linkOf(h, 'Contacts', 5), { Minutes: '45' })));
  // Void added by hand: Ann's first contact (listed all the same: a withdrawn row is still held).
  const contacts = h.google.spreadsheet.sheet('Contacts')!;
  const voidColumn = contacts.lastColumn() + 1;
  contacts.put(1, voidColumn, { value: 'Void', formula: '' });
  contacts.put(2, voidColumn, { value: 'entered for the wrong woman', formula: '' });
  // Cat's contact lost its link (as a row sent before set-up added the column).
  contacts.put(4, contacts.dump()[0]!.indexOf('Edit link') + 1, { value: '', formula: '' });
  // Ann's intake deleted from its form by hand.
  const intake = h.google.formApp.byTitle('Reception and intake');
  intake.responses.splice(intake.responses.findIndex((r) => r.row === 2), 1);
  h.setNow(`${REVIEW_DAY}T09:00:00`);
  return h;
}

const EXPECTED = [
  { tab: 'Supporters', row: 2 },
  { tab: 'Supporters', row: 4 },
  { tab: 'Women', row: 2 },
  { tab: 'Women', row: 4 },
  { tab: 'Contacts', row: 2 },
  { tab: 'Contacts', row: 4 },
  { tab: 'Contacts', row: 5 },
  { tab: 'Training', row: 2 },
];

/** Core's own review of the fake spreadsheet: the oracle. */
function coreReview(h: Harness) {
  return retentionReview(coreWorkbook(h.google), CONTRACT_FORMS, makeSettings({ timeZone: h.google.env.timeZone }), REVIEW_DAY);
}

/** The Retention review tab's list of rows (below its "Tab | Row" header). */
function listedInTab(h: Harness): { tab: string; row: number }[] {
  const dump = h.google.spreadsheet.sheet('Retention review')!.dump();
  const at = dump.findIndex((r) => r[0] === 'Tab' && r[1] === 'Row');
  return at === -1 ? [] : dump.slice(at + 1).map((r) => ({ tab: String(r[0]), row: Number(r[1]) }));
}

const dumps = (h: Harness) => Object.fromEntries(TABS.map((tab) => [tab, h.google.spreadsheet.sheet(tab)!.dump()]));
const responseIds = (h: Harness) => Object.fromEntries(CONTRACT_FORMS.filter((f) => !f.manual).map((f) => [f.title, h.google.formApp.byTitle(f.title).responses.map((r) => r.id)]));
const retentionProperties = (h: Harness) => [...h.google.properties.document.data.keys()].filter((k) => k.startsWith('retentionReview'));
const issueLines = (h: Harness) => h.records('Data issues').map((r) => `${r.Tab}|${r.Row}|${r.Severity}|${r['What is wrong']}`);

function personalShown(h: Harness): string[] {
  const shown: Stored[] = [...h.google.spreadsheet.sheet('Retention review')!.dump().flat(), ...h.google.spreadsheet.sheet('Data issues')!.dump().flat(), ...h.google.env.alerts, ...h.google.env.logs];
  return PERSONAL.filter((p) => shown.some((v) => String(v).includes(p)));
}

/** What deleting `listed` leaves: each tab without those rows; each form without those rows' responses. */
function expectedAfter(h: Harness, listed: readonly { tab: string; row: number }[]) {
  const tabs = dumps(h);
  for (const tab of TABS) tabs[tab] = tabs[tab]!.filter((_, i) => !listed.some((r) => r.tab === tab && r.row === i + 1));
  const forms = Object.fromEntries(
    CONTRACT_FORMS.filter((f) => !f.manual).map((f) => {
      const form = h.google.formApp.byTitle(f.title);
      return [f.title, form.responses.filter((r) => !listed.some((l) => l.tab === f.tab && l.row === r.row)).map((r) => r.id)];
    }),
  );
  return { tabs, forms };
}

describe('Retention review', () => {
  it('lists what core lists, by tab and row, with counts, the rule and when it was made, never a name or identifier; nothing is deleted', async () => {
    const h = await withHistory();
    const before = dumps(h);
    const core = coreReview(h);
    expect(core.rows).toEqual(EXPECTED);

    h.script.retentionReview();
    expect(listedInTab(h)).toEqual(core.rows);
    const dump = h.google.spreadsheet.sheet('Retention review')!.dump();
    expect(dump[0]![0]).toBe('Retention review');
    expect(dump[1]!.slice(0, 2)).toEqual(['Made', h.google.env.wallClock(2027, 6, 15, 9)]);
    expect(String(dump[2]![1])).toContain('Records are kept for 72 months. As of 15 June 2027, listed are every row about a person whose latest row in any tab is dated before 15 June 2021');
    const counts = dump.slice(dump.findIndex((r) => r[0] === 'Tab' && r[1] === 'Rows listed') + 1).slice(0, TABS.length);
    expect(Object.fromEntries(counts.map((r) => [r[0], r[1]]))).toEqual(core.counts);
    expect(h.google.env.alerts.at(-1)).toMatch(/^Peer support: Retention review written to its tab: 8 rows due for deletion \(Supporters 2, Women 2, Contacts 3, Training 1\), as of 15 June 2027, records being kept for 72 months\. Nothing has been deleted/);
    expect(personalShown(h)).toEqual([]);
    expect(dumps(h)).toEqual(before);
    expect(retentionProperties(h).length).toBeGreaterThan(0);
    // A view: its tab is recorded by id, like the others.
    expect(h.google.properties.document.data.get('view:Retention review')).toBe(String(h.google.spreadsheet.sheet('Retention review')!.sheetId));
  });

  it('with a retentionMonths setting, and nothing due, says so and records nothing to delete', async () => {
    const h = await withHistory();
    h.google.properties.script.data.set('PEERKIT_SETTINGS', JSON.stringify({ submitRefreshMaxRows: 0, settings: { retentionMonths: 120 } }));
    h.script.retentionReview();
    expect(h.google.env.alerts.at(-1)).toBe('Peer support: Retention review: no row is due for deletion, as of 15 June 2027, records being kept for 120 months.');
    expect(listedInTab(h)).toEqual([]);
    expect(retentionProperties(h)).toEqual([]);
    h.script.deleteReviewedRows();
    expect(h.google.env.alerts.at(-1)).toBe(NO_REVIEW);
  });
});

describe('Delete reviewed rows', () => {
  it('deletes exactly the listed rows and their form responses, bottom-up in few calls, logs counts only, and clears the review', async () => {
    const h = await withHistory();
    h.script.retentionReview();
    // Staff void a kept row after the review: neither a listed row nor the list changes, so the deletion goes ahead.
    const contacts = h.google.spreadsheet.sheet('Contacts')!;
    contacts.put(3, contacts.dump()[0]!.indexOf('Void') + 1, { value: 'duplicate', formula: '' });
    const expected = expectedAfter(h, EXPECTED);

    h.google.env.resetCounts();
    h.answer('YES');
    h.script.deleteReviewedRows();
    const alerts = h.google.env.alerts.slice(-2);
    expect(alerts[0]).toMatch(QUESTION);
    expect(alerts[0]).toContain('Delete 8 rows listed');
    const record = 'Retention: 2 rows deleted from Supporters, 2 from Women, 3 from Contacts, 1 from Training; 7 form responses deleted; 1 row had no form response to delete';
    expect(alerts[1]).toBe(
      `Peer support: Retention review's rows deleted: ${record.slice('Retention: '.length)}. The review is cleared; Data issues records these counts, and the views are refreshed.`,
    );

    expect(dumps(h)).toEqual(expected.tabs);
    expect(responseIds(h)).toEqual(expected.forms);
    // One deleteRows per run of adjacent rows: Supporters 4 and 2, Women 4 and 2, Contacts 4–5 and 2, Training 2.
    expect(h.google.env.calls.count('Sheet.deleteRows')).toBe(7);
    expect(h.google.env.calls.count('Form.deleteResponse')).toBe(7);

    // Counts only, in Data issues, kept by later refreshes; the other issues renumbered by the refresh.
    expect(issueLines(h)).toContain(`Retention review||Deleted|${record}`);
    expect(issueLines(h)).toContain('Contacts|2|Voided by staff|left out of every count ("Void" is filled in)'); // Bea's, once row 3
    h.script.refreshViews();
    expect(issueLines(h).filter((l) => l.startsWith('Retention review'))).toEqual([`Retention review||Deleted|${record}`]);
    expect(personalShown(h)).toEqual([]);

    // The review is cleared: tab and record.
    expect(listedInTab(h)).toEqual([]);
    expect(String(h.google.spreadsheet.sheet('Retention review')!.dump()[2]![1])).toMatch(/^The rows the last review listed have been deleted/);
    expect(retentionProperties(h)).toEqual([]);
    h.script.deleteReviewedRows();
    expect(h.google.env.alerts.at(-1)).toBe(NO_REVIEW);

    // The form keeps writing after the last row, and a kept response can still be corrected in place.
    fire(h, 'Support contact log', contact('B2345CD', '2027-06-14'), REVIEW_DAY);
    expect(h.records('Contacts').map((r) => r['Prison number'])).toEqual(['B2345CD', 'B2345CD', 'B2345CD']);
    const bea = linkOf(h, 'Contacts', 3);
    h.asTrigger(() => h.script.onFormSubmit(h.edit(bea, { Minutes: '50' })));
    expect(h.records('Contacts')[1]).toMatchObject({ Minutes: 50, 'Edit link': bea });
  });

  it('answering No (or closing the question) deletes nothing and keeps the review', async () => {
    const h = await withHistory();
    h.script.retentionReview();
    const [tabs, forms, props] = [dumps(h), responseIds(h), retentionProperties(h)];
    for (const answer of ['NO', 'CLOSE'] as const) {
      h.answer(answer);
      h.script.deleteReviewedRows();
      expect(h.google.env.alerts.at(-1)).toMatch(QUESTION);
      expect(dumps(h)).toEqual(tabs);
      expect(responseIds(h)).toEqual(forms);
      expect(retentionProperties(h)).toEqual(props);
    }
    expect(h.google.env.calls.count('Sheet.deleteRows') + h.google.env.calls.count('Form.deleteResponse')).toBe(0);
    // Still there to act on.
    h.answer('YES');
    h.script.deleteReviewedRows();
    expect(h.records('Contacts')).toHaveLength(2);
  });

  it('with no review, says so in one line and asks nothing', async () => {
    const h = await loadScript();
    h.script.setUp();
    h.script.deleteReviewedRows(); // the fake Ui throws if asked a question nobody answers
    expect(h.google.env.alerts.at(-1)).toBe(NO_REVIEW);
  });

  const changes: [string, (h: Harness) => void][] = [
    ['a response added after the review', (h) => fire(h, 'Support contact log', contact('B2345CD', '2027-06-14'), REVIEW_DAY)],
    ['a listed row edited through its link', (h) => h.asTrigger(() => h.script.onFormSubmit(h.edit(linkOf(h, 'Contacts', 2), { Minutes: '35' })))],
    ['a listed row typed over by hand', (h) => h.google.spreadsheet.sheet('Women')!.put(4, 4, { value: 'Example-Smith', formula: '' })],
    ['a kept row above listed ones deleted by hand (their numbers moved)', (h) => h.google.spreadsheet.sheet('Contacts')!.deleteRows(3, 1)],
    [
      'a kept row corrected to name a listed woman (her record is recent again)',
      (h) => h.asTrigger(() => h.script.onFormSubmit(h.edit(linkOf(h, 'Contacts', 6), { 'Prison number': 'A1234BC' }))),
    ],
  ];
  it.each(changes)('refuses when the data changed since the review: %s; a new review then deletes', async (_, change) => {
    const h = await withHistory();
    h.script.retentionReview();
    change(h);
    const [tabs, forms] = [dumps(h), responseIds(h)];
    h.answer('YES');
    h.script.deleteReviewedRows();
    expect(h.google.env.alerts.at(-1)).toBe(STALE);
    expect(dumps(h)).toEqual(tabs);
    expect(responseIds(h)).toEqual(forms);

    h.script.retentionReview();
    const listed = listedInTab(h);
    expect(listed).toEqual(coreReview(h).rows);
    const expected = expectedAfter(h, listed);
    h.answer('YES');
    h.script.deleteReviewedRows();
    expect(h.google.env.alerts.at(-1)).toMatch(/^Peer support: Retention review's rows deleted: /);
    expect(dumps(h)).toEqual(expected.tabs);
    expect(responseIds(h)).toEqual(expected.forms);
  });

  it('refuses when a new review was made while the question was open', async () => {
    const h = await withHistory();
    h.script.retentionReview();
    const tabs = dumps(h);
    // The person answers the question late; meanwhile someone else ran a review (another day, the same rows).
    h.google.ui.answers.push('YES');
    const ui = h.google.ui as unknown as { alert: (...args: string[]) => string };
    const ask = ui.alert.bind(ui);
    ui.alert = (...args: string[]) => {
      ui.alert = ask;
      h.setNow('2027-06-16T09:00:00');
      h.script.retentionReview();
      return ask(...args);
    };
    h.script.deleteReviewedRows();
    expect(h.google.env.alerts.at(-1)).toBe('Peer support: Nothing was deleted: the retention review changed while the question was open: choose Delete reviewed rows again.');
    expect(dumps(h)).toEqual(tabs);
  });
});

describe('a large deletion', () => {
  /**
   * `count` contacts on 1 February 2021, a second apart, sent before set-up could
   * write their links (no trigger), for as many women; every tenth is K1000KK's,
   * who has a contact in 2022 too, so hers are kept.
   */
  async function manyOldContacts(count: number): Promise<Harness> {
    const h = await loadScript('2021-01-04T08:00:00');
    h.script.setUp();
    const start = DateTime.fromISO('2021-02-01T08:00:00');
    for (let i = 0; i < count; i++) {
      const prisonNumber = i % 10 === 0 ? 'K1000KK' : `A${String(1000 + i).padStart(4, '0')}BC`;
      const at = start.plus({ seconds: i }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
      h.submit('Support contact log', { ...contact(prisonNumber, '2021-02-01'), Minutes: String(10 + (i % 50)) }, at);
    }
    h.submit('Support contact log', contact('K1000KK', '2022-01-10'), '2022-01-10T09:00:00');
    h.setNow(`${REVIEW_DAY}T09:00:00`);
    h.script.retentionReview();
    return h;
  }

  it('stops before the 6-minute limit saying how many were done, and each run carries on until exactly the list is deleted', async () => {
    const h = await manyOldContacts(150);
    const listed = listedInTab(h);
    expect(listed).toHaveLength(135);
    const expected = expectedAfter(h, listed);

    h.setCallLatency(500); // the README's figure for a round trip
    const runs: string[] = [];
    for (let run = 0; run < 10 && retentionProperties(h).length > 0; run++) {
      const started = h.clock();
      h.answer('YES');
      h.script.deleteReviewedRows();
      expect(h.clock() - started, `run ${run + 1}`).toBeLessThan(6 * 60 * 1000);
      runs.push(h.google.env.alerts.at(-1)!);
    }
    h.setCallLatency(0);
    expect(runs.length).toBeGreaterThan(1);
    for (const message of runs.slice(0, -1)) {
      expect(message).toMatch(/^Peer support: Delete reviewed rows stopped before Apps Script's time limit: \d+ rows deleted from Contacts; \d+ form responses deleted\. \d+ rows are still listed: choose Peer support → Delete reviewed rows again to carry on\.$/);
    }
    expect(runs.at(-1)).toMatch(/^Peer support: Retention review's rows deleted: /);
    expect(dumps(h)).toEqual(expected.tabs);
    expect(responseIds(h)).toEqual(expected.forms);
    expect(h.records('Contacts').map((r) => r['Prison number'])).toEqual(Array(16).fill('K1000KK'));
    // One record per run, adding up to the list.
    const records = issueLines(h).filter((l) => l.startsWith('Retention review||Deleted|'));
    expect(records).toHaveLength(runs.length);
    const sum = (pattern: RegExp) => records.reduce((n, l) => n + Number(pattern.exec(l)![1]), 0);
    expect(sum(/(\d+) rows? deleted from Contacts/)).toBe(135);
    expect(sum(/(\d+) form responses? deleted/)).toBe(135);
  }, 120_000);

  it('a review of over a thousand rows is stored in parts, and deleted in the runs that Apps Script\'s time limit allows', async () => {
    const h = await manyOldContacts(1300);
    const listed = listedInTab(h);
    expect(listed).toHaveLength(1170);
    expect(retentionProperties(h).length).toBeGreaterThan(2);
    const expected = expectedAfter(h, listed);
    // The script's clock runs with the runtime meter: each run stops in time, as it must on Google.
    h.clockFollowsMeter(true);
    const runs: string[] = [];
    for (let run = 0; run < 30 && retentionProperties(h).length > 0; run++) {
      h.answer('YES');
      h.script.deleteReviewedRows();
      runs.push(h.google.env.alerts.at(-1)!);
    }
    h.clockFollowsMeter(false);
    expect(runs.at(-1)).toMatch(/^Peer support: Retention review's rows deleted: /);
    expect(h.google.env.meter.executions.filter((e) => e.kind === 'menu').every((e) => e.failed === null)).toBe(true);
    expect(dumps(h)).toEqual(expected.tabs);
    expect(responseIds(h)).toEqual(expected.forms);
    expect(retentionProperties(h)).toEqual([]);
    const records = issueLines(h).filter((l) => l.startsWith('Retention review||Deleted|'));
    expect(records.reduce((n, l) => n + Number(/(\d+) rows? deleted from Contacts/.exec(l)![1]), 0)).toBe(1170);
  }, 120_000);
});
