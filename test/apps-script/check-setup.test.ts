/**
 * Check set-up, run against the built bundle: after Set up every check passes and
 * nothing but Data issues changes; then each thing the fakes can break as Google
 * would (a permission withdrawn, a form unpublished or closed, a trigger doubled
 * or missing, settings corrupted, a tab deleted or its header renamed) is named in
 * Data issues, most serious first, with what to do, and counted in the alert.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { MANIFEST_SCOPES } from './fakes/env.js';
import { buildOnce, loadScript, type Harness } from './harness.js';

beforeAll(async () => {
  await buildOnce();
});

const AUTH = 'https://www.googleapis.com/auth/';
/** Checks with the contract's schemes: 5 permissions, 3 trigger checks, 9 forms, 10 form tabs, 4 views, the settings, the spreadsheet's size. */
const CHECKS = 5 + 3 + 9 + 10 + 4 + 1 + 1;

/** Data issues rows Check set-up wrote (first in the tab), as "Tab | Severity | What is wrong". */
function setupRows(h: Harness): string[] {
  return h
    .records('Data issues')
    .filter((r) => String(r.Severity).startsWith('Set-up'))
    .map((r) => `${r.Tab} | ${r.Severity} | ${r['What is wrong']}`);
}

/** Everything Check set-up must leave as it is. */
function snapshot(h: Harness) {
  return {
    forms: [...h.google.formApp.forms.values()].map((f) => [f.id, f.title, f.published, f.acceptingResponses, f.destination?.sheet.name ?? null]),
    tabs: h.google.spreadsheet.sheets.filter((s) => s.name !== 'Data issues').map((s) => [s.name, s.sheetId, s.dump()]),
    triggers: h.google.scriptApp.triggers.map((t) => [t.owner, t.handler, t.eventType]),
    document: Object.fromEntries(h.google.properties.document.data),
    script: Object.fromEntries(h.google.properties.script.data),
  };
}

async function setUp(): Promise<Harness> {
  const h = await loadScript('2021-06-15T10:00:00');
  h.script.setUp();
  return h;
}

describe('Check set-up', () => {
  it('is in the menu; after Set up every check passes, said in the alert and in Data issues, and nothing else changes', async () => {
    const h = await setUp();
    h.script.onOpen();
    expect(h.google.ui.menus[0]!.items).toContainEqual(['Check set-up', 'checkSetUp']);
    const before = snapshot(h);
    h.google.env.resetCounts();
    h.script.checkSetUp();
    expect(h.google.env.alerts.at(-1)).toBe(`Peer support: All ${CHECKS} checks passed.`);
    expect(snapshot(h)).toEqual(before);
    expect(h.records('Data issues')[0]).toMatchObject({ Tab: 'Check set-up', Severity: 'Set-up checked', 'What is wrong': `All ${CHECKS} checks passed: permissions, triggers, forms, tabs, the spreadsheet's size and settings` });
    // It made the calls set-up needs, or their read-only stand-ins, under each permission.
    for (const call of ['ScriptApp.getAuthorizationInfo', 'ScriptApp.getProjectTriggers', 'Session.getEffectiveUser', 'FormApp.openById', 'FormApp.openByUrl', 'Form.getDestinationId', 'Form.isPublished', 'Form.isAcceptingResponses']) {
      expect(h.google.env.calls.count(call), call).toBeGreaterThan(0);
    }
    expect(h.google.env.calls.matching('FormApp.create') + h.google.env.calls.matching('Form.set') + h.google.env.calls.matching('TriggerBuilder')).toBe(0);
    expect(h.google.lock.holder).toBeNull();
  });

  it('its rows stay first through a refresh and a submission; the next Check set-up replaces them', async () => {
    const h = await setUp();
    h.google.formApp.byTitle('Focus group log').published = false;
    h.script.checkSetUp();
    const found = setupRows(h);
    expect(found).toEqual(['Form: Focus group log | Set-up problem | not published: staff cannot open it. To fix: choose Peer support → Set up (it publishes the form), or open the form and press Publish.']);
    h.script.refreshViews();
    h.script.onFormSubmit(h.submit('Support contact log', { 'Contact date': '2021-06-01', 'Prison number': 'A12', Scheme: 'Perinatal' }));
    expect(setupRows(h)).toEqual(found);
    expect(h.records('Data issues')[0]!.Tab).toBe('Form: Focus group log');
    expect(h.records('Data issues').length).toBeGreaterThan(1); // the submission's own issues are kept too

    h.google.formApp.byTitle('Focus group log').published = true;
    h.script.checkSetUp();
    expect(setupRows(h)).toEqual([`Check set-up | Set-up checked | All ${CHECKS} checks passed: permissions, triggers, forms, tabs, the spreadsheet's size and settings`]);
    expect(h.records('Data issues').some((r) => r.Tab === 'Contacts')).toBe(true);
  });

  it('a permission withdrawn: names it in plain words and the appsscript.json line that grants it', async () => {
    const cases: [scope: string, words: RegExp, call: string | null][] = [
      [`${AUTH}forms`, /build and change your Google Forms/, 'FormApp.openById'],
      [`${AUTH}script.scriptapp`, /run the form-submit and refresh triggers while nobody is at the spreadsheet/, 'ScriptApp.getProjectTriggers'],
      [`${AUTH}userinfo.email`, /see your email address/, 'Session.getEffectiveUser'],
      [`${AUTH}script.container.ui`, /show the Peer support menu/, null], // no call refused: Google's list of allowed scopes says it
    ];
    for (const [scope, words, call] of cases) {
      const h = await setUp();
      const before = snapshot(h);
      h.google.env.withdrawScope(scope);
      h.script.checkSetUp();
      const [first, ...rest] = setupRows(h);
      expect(first, scope).toMatch(/^Permissions \| Set-up problem \| Peer support has not been allowed to /);
      expect(first).toMatch(words);
      expect(first).toContain(`appsscript.json asks for it with the line "${scope}" in "oauthScopes"`);
      expect(first).toContain(call === null ? 'allowed to' : `(Google refused ${call})`);
      expect(first).toMatch(/To fix: choose Peer support → Set up and allow everything Google asks/);
      expect(rest.filter((r) => r.startsWith('Permissions')), scope).toEqual([]); // named once
      expect(h.google.env.alerts.at(-1)).toMatch(/^Peer support: 1 problem in \d+ checks: see Data issues/);
      expect(snapshot(h)).toEqual(before);
    }
  });

  it('where Google says only that some permission is missing, says that', async () => {
    const h = await setUp();
    h.google.scriptApp.listsAuthorizedScopes = false;
    h.google.env.withdrawScope(`${AUTH}script.container.ui`); // no call here needs it: only the status tells
    h.script.checkSetUp();
    expect(setupRows(h)).toEqual([
      'Permissions | Set-up problem | Google says Peer support still needs you to allow some of the permissions appsscript.json asks for ("oauthScopes"). To fix: choose Peer support → Set up and allow everything Google asks, ticking every box; if Google does not ask, remove the script\'s access at https://myaccount.google.com/permissions and run Set up again.',
    ]);
  });

  it('a call needing a scope the manifest lacks: says which line to add', async () => {
    const h = await setUp();
    // Stands for Google needing the full spreadsheets scope for a form's link to a spreadsheet.
    h.google.env.needScopes('Form.getDestinationId', [`${AUTH}spreadsheets`]);
    h.script.checkSetUp();
    const rows = setupRows(h);
    expect(rows[0]).toBe(
      `Permissions | Set-up problem | Peer support needs permission to see and change your Google Sheets spreadsheets (Google may ask for it to link a form to this one) (Google refused Form.getDestinationId), which appsscript.json does not ask for. To fix: add the line "${AUTH}spreadsheets" to "oauthScopes" in appsscript.json, run npm run push, reload the spreadsheet and choose Set up, allowing it when Google asks.`,
    );
    expect(MANIFEST_SCOPES).not.toContain(`${AUTH}spreadsheets`);
  });

  it('without permission to the spreadsheet: the alert says so, since nothing can be written', async () => {
    const h = await setUp();
    h.google.env.withdrawScope(`${AUTH}spreadsheets.currentonly`);
    h.script.checkSetUp();
    const said = h.google.env.alerts.at(-1)!;
    expect(said).toMatch(/^Peer support: 1 problem in \d+ checks, not written to Data issues: Peer support has not been allowed to see and change this spreadsheet/);
    expect(said).toContain('(Google refused SpreadsheetApp.getActiveSpreadsheet)');
    expect(said).toContain(`"${AUTH}spreadsheets.currentonly" in "oauthScopes"`);
    expect(h.google.lock.holder).toBeNull();
  });

  it('reads without waiting for the script lock; while another run holds it, says Data issues was not updated', async () => {
    const h = await setUp();
    h.google.formApp.byTitle('Focus group log').published = false;
    h.google.lock.heldElsewhere = true;
    const waits = h.google.lock.waits.length;
    h.script.checkSetUp();
    expect(h.google.env.alerts.at(-1)).toMatch(/^Peer support: 1 problem in \d+ checks\. Another Peer support run was still working, so Data issues was not updated: choose Check set-up again in a minute\.$/);
    expect(setupRows(h)).toEqual([]);
    expect(h.google.lock.waits.length - waits).toBe(1); // one wait, for the write; the checks ran without it
    h.google.lock.heldElsewhere = false;
    h.script.checkSetUp();
    expect(setupRows(h)).toHaveLength(1);
  });

  it('forms: unpublished, not accepting responses, unlinked, deleted', async () => {
    const h = await setUp();
    h.google.formApp.byTitle('Focus group log').published = false;
    h.google.formApp.byTitle('Training session log').acceptingResponses = false;
    h.google.formApp.byTitle('Supervision session log').removeDestination();
    h.google.formApp.byTitle('Experience of care questionnaire').deleted = true;
    const before = snapshot(h);
    h.script.checkSetUp();
    expect(setupRows(h)).toEqual([
      'Form: Supervision session log | Set-up problem | its responses go to no spreadsheet. To fix: choose Peer support → Set up: it links the form to this spreadsheet.',
      'Form: Training session log | Set-up problem | published, but not accepting responses: staff see that it is closed. To fix: open the form, and in its Responses tab switch on "Accepting responses".',
      'Form: Focus group log | Set-up problem | not published: staff cannot open it. To fix: choose Peer support → Set up (it publishes the form), or open the form and press Publish.',
      'Form: Experience of care questionnaire | Set-up problem | the form Set up made cannot be opened: it was deleted, or your account cannot open it. To fix: ask its owner to add you as an editor of the form, or choose Set up to make a new one (the responses so far stay in their tab).',
    ].sort(byForm));
    expect(h.google.env.alerts.at(-1)).toMatch(/^Peer support: 4 problems in \d+ checks: see Data issues/);
    expect(snapshot(h)).toEqual(before);
    // Set up mends what it can: the form published again, the link made again.
    h.script.setUp();
    h.script.checkSetUp();
    // What it cannot mend it names: the form closed; and the forms linked again write to new tabs, the old ones keeping the names.
    expect(setupRows(h)).toEqual([
      'Form: Training session log | Set-up problem | published, but not accepting responses: staff see that it is closed. To fix: open the form, and in its Responses tab switch on "Accepting responses".',
      expect.stringMatching(/^Supervision \| Set-up warning \| the "Supervision session log" responses are in a tab now called "Form responses \d", and another tab is called "Supervision"\. To fix: copy anything "Supervision" holds/),
      expect.stringMatching(/^Questionnaires \| Set-up warning \| the "Experience of care questionnaire" responses are in a tab now called "Form responses \d", and another tab is called "Questionnaires"/),
    ]);
  });

  it('triggers: missing, doubled, and owned by another manager', async () => {
    const h = await setUp();
    const { scriptApp, spreadsheet } = h.google;
    scriptApp.newTrigger('onFormSubmit').forSpreadsheet(spreadsheet).onFormSubmit().create(); // doubled
    scriptApp.deleteTrigger(scriptApp.triggers.find((t) => t.handler === 'hourlyRefresh')!); // missing
    h.script.checkSetUp();
    expect(setupRows(h)).toEqual([
      'Triggers | Set-up problem | the form-submit trigger (onFormSubmit), which checks each submission is installed 2 times: its work is done 2 times. To fix: under Extensions → Apps Script → Triggers, delete all but one "onFormSubmit" trigger.',
      'Triggers | Set-up problem | the hourly trigger (hourlyRefresh) that rebuilds the views is missing. To fix: choose Peer support → Set up: it installs it.',
    ]);

    // A second manager sees none of the owner's triggers: said, not counted as missing.
    const second = 'manager2@example.org';
    h.asUser(second, () => h.script.checkSetUp());
    expect(setupRows(h)).toEqual([
      'Triggers | Set-up warning | the triggers are owned by manager@example.org; Google shows each account only its own triggers, so they cannot be checked from yours. To fix: ask manager@example.org to choose Check set-up, or choose Peer support → Take over triggers if they have left.',
    ]);
    expect(h.google.env.alerts.at(-1)).toMatch(/^Peer support: 1 warning in \d+ checks: see Data issues/);
    // …unless they have their own as well.
    h.asUser(second, () => scriptApp.newTrigger('onFormSubmit').forSpreadsheet(spreadsheet).onFormSubmit().create());
    h.asUser(second, () => h.script.checkSetUp());
    expect(setupRows(h)[1]).toMatch(/^Triggers \| Set-up warning \| you have the form-submit trigger \(onFormSubmit\), which checks each submission, as well as manager@example.org: its work is done twice/);
    expect(h.google.env.logs.join('\n')).not.toMatch(/example\.org/);
  });

  it('settings: a property that is not valid JSON, or names an unknown scheme, is a problem naming the field', async () => {
    const h = await setUp();
    h.google.properties.script.data.set('PEERKIT_SETTINGS', '{"schemes": ["perinatal", "ewbx"], "settings": {"staleAfterDays": "soon"}}');
    h.script.checkSetUp();
    const rows = setupRows(h);
    expect(rows[0]).toMatch(/^Script property PEERKIT_SETTINGS \| Set-up problem \| settings\.staleAfterDays: .*; the default is used\. To fix: correct it under Extensions → Apps Script → Project Settings → Script properties/);
    expect(rows[1]).toMatch(/^Script property PEERKIT_SETTINGS \| Set-up problem \| schemes: unknown scheme "ewbx": choose from perinatal, reconnect/);
    h.google.properties.script.data.set('PEERKIT_SETTINGS', '{"schemes": [');
    h.script.checkSetUp();
    expect(setupRows(h)).toEqual([expect.stringMatching(/^Script property PEERKIT_SETTINGS \| Set-up problem \| not valid JSON \(/)]);
  });

  it('tabs: a response tab deleted, one renamed, a header renamed, the Services tab and a view deleted', async () => {
    const h = await setUp();
    const ss = h.google.spreadsheet;
    ss.deleteSheet(ss.sheet('Women')!);
    ss.deleteSheet(ss.sheet('Services')!);
    ss.deleteSheet(ss.sheet('Supporter overview')!);
    ss.sheet('Training')!.name = 'Training 2021';
    const minutes = ss.sheet('Contacts')!.dump()[0]!.indexOf('Minutes') + 1;
    ss.sheet('Contacts')!.put(1, minutes, { value: 'Mins', formula: '' });
    const before = snapshot(h);
    h.script.checkSetUp();
    const rows = setupRows(h);
    expect(rows).toEqual([
      expect.stringMatching(/^Women \| Set-up problem \| the "Women" tab is missing\. To fix: restore it from File → Version history, or choose Peer support → Set up/),
      expect.stringMatching(/^Contacts \| Set-up problem \| a column is missing or renamed: "Minutes" \(peerkit reads a column by its header\)\. To fix: rename the header back/),
      expect.stringMatching(/^Services \| Set-up problem \| the "Services" tab is missing\. To fix: choose Peer support → Set up: it makes the tab again/),
      'Training | Set-up warning | the "Training session log" responses are in a tab now called "Training 2021". To fix: rename it back to "Training" (or choose Set up): exported workbooks are read by tab name.',
      'Supporter overview | Set-up warning | the "Supporter overview" tab is missing. To fix: choose Peer support → Refresh: it rebuilds the views.',
    ]);
    expect(h.google.env.alerts.at(-1)).toMatch(/^Peer support: 3 problems and 2 warnings in \d+ checks: see Data issues/);
    expect(snapshot(h)).toEqual(before);
  });

  it('most serious first: permissions, then the other problems, then warnings', async () => {
    const h = await setUp();
    h.google.spreadsheet.sheet('Training')!.name = 'Training 2021'; // a warning
    h.google.formApp.byTitle('Focus group log').published = false; // a problem
    h.google.env.withdrawScope(`${AUTH}script.scriptapp`); // a permission
    h.script.checkSetUp();
    expect(setupRows(h).map((r) => r.split(' | ').slice(0, 2).join(' | '))).toEqual(['Permissions | Set-up problem', 'Form: Focus group log | Set-up problem', 'Training | Set-up warning']);
    expect(h.google.env.alerts.at(-1)).toMatch(/^Peer support: 2 problems and 1 warning in \d+ checks/);
  });
});

/** Findings about forms come in the order of the forms' declarations. */
function byForm(a: string, b: string): number {
  const order = CONTRACT_FORMS.map((f) => `Form: ${f.title}`);
  return order.indexOf(a.split(' | ')[0]!) - order.indexOf(b.split(' | ')[0]!);
}
