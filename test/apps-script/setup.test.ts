/**
 * Set up, run against the built bundle with fakes of FormApp, SpreadsheetApp and
 * ScriptApp: it builds one form per declaration, links each to its named tab,
 * prepares Services and the views, installs two triggers, and run again creates
 * nothing twice while bringing the forms up to date.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { buildOnce, loadScript, type Harness } from './harness.js';

const formDefinitions = CONTRACT_FORMS.filter((f) => !f.manual);

beforeAll(async () => {
  await buildOnce();
});

function tabNames(h: Harness): string[] {
  return h.google.spreadsheet.sheets.map((s) => s.name).sort();
}

describe('Set up', () => {
  it('builds every form from its declaration, linked to its named tab', async () => {
    const h = await loadScript();
    h.script.onOpen();
    expect(h.google.ui.menus).toEqual([
      {
        caption: 'Peer support',
        items: [
          ['Set up', 'setUp'],
          ['Refresh', 'refreshViews'],
          ['Take over triggers', 'takeOverTriggers'],
          ['Check set-up', 'checkSetUp'],
          ['Settings', 'openSettings'],
          ['Retention review', 'retentionReview'],
          ['Delete reviewed rows', 'deleteReviewedRows'],
        ],
      },
    ]);

    h.script.setUp();
    expect(h.google.env.alerts.at(-1)).toMatch(/Set up done: 9 form\(s\) created, 0 updated/);

    const forms = [...h.google.formApp.forms.values()];
    expect(forms.map((f) => f.title).sort()).toEqual(formDefinitions.map((f) => f.title).sort());
    for (const definition of formDefinitions) {
      const form = h.google.formApp.byTitle(definition.title);
      expect(form.description).toBe(definition.description);
      const asked = definition.questions.filter((q) => q.type !== 'timestamp');
      expect(form.items.map((i) => i.title)).toEqual(asked.map((q) => q.title));
      for (const q of asked) {
        const item = form.item(q.title);
        expect(item.required, `${definition.id}.${q.key} required`).toBe(q.required === true);
        if (q.choices) expect(item.choices).toEqual([...q.choices]);
        if (q.pattern && q.type === 'text') expect(item.validation?.args).toEqual([q.pattern.regex]);
      }
      const tab = h.google.spreadsheet.sheet(definition.tab)!;
      expect(tab, definition.tab).toBeDefined();
      expect(tab.formLink?.formId).toBe(form.id);
      expect(tab.frozenRows).toBe(1);
      expect(tab.dump()[0]).toEqual(['Timestamp', ...asked.map((q) => q.title), 'Edit link']);
      expect(form.allowResponseEdits, definition.title).toBe(true);
    }

    // Types as declared: dates are date items, numbers carry their range.
    const contacts = h.google.formApp.byTitle('Support contact log');
    expect(contacts.item('Contact date').kind).toBe('DATE');
    expect(contacts.item('Minutes').validation).toMatchObject({ rule: 'requireNumberBetween', args: [1, 600] });
    expect(contacts.item('Peer supporters')).toMatchObject({ kind: 'CHECKBOX', otherOption: true, choices: ['No peer supporter registered yet: use Other'] });
    expect(h.google.formApp.byTitle('Focus group log').item('Participants').validation).toMatchObject({ rule: 'requireNumberGreaterThanOrEqualTo', args: [1] });
    expect(h.google.formApp.byTitle('Peer supporter registration').item('Supporter ID').validation?.args).toEqual(['^PS-\\d{3,}$']);

    // Services: header, drop-down of service types, a date check on Last verified.
    const services = h.google.spreadsheet.sheet('Services')!;
    expect(services.dump()[0]).toEqual(CONTRACT_FORMS.find((f) => f.id === 'services')!.questions.map((q) => q.title));
    expect(services.validations.get(2)?.rule).toMatchObject({ type: 'VALUE_IN_LIST', allowInvalid: false });
    expect(services.validations.get(8)?.rule).toMatchObject({ type: 'DATE_IS_VALID_DATE' });

    // Triggers: one form-submit trigger on this spreadsheet, one hourly.
    expect(h.google.scriptApp.triggers.map((t) => [t.handler, t.eventType, t.sourceId, t.schedule])).toEqual([
      ['onFormSubmit', 'ON_FORM_SUBMIT', h.google.spreadsheet.id, ''],
      ['hourlyRefresh', 'CLOCK', null, 'every 1 hour(s)'],
    ]);
    // The views exist.
    expect(tabNames(h)).toEqual(
      ['Contacts', 'Dashboard', 'Data issues', 'Due for release', 'Focus groups', 'Questionnaires', 'Release planning', 'Releases', 'Services', 'Sheet1', 'Supervision', 'Supporter overview', 'Supporters', 'Training', 'Women'].sort(),
    );
    expect(h.google.spreadsheet.sheet('Dashboard')!.charts).toHaveLength(1);
    expect(h.google.lock.holder).toBeNull();
  });

  it('run again, creates nothing twice and keeps the responses', async () => {
    const h = await loadScript();
    h.script.setUp();
    h.script.onFormSubmit(h.submit('Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2021-01-04' }));
    const before = {
      forms: [...h.google.formApp.forms.keys()],
      tabs: tabNames(h),
      triggers: h.google.scriptApp.triggers.length,
      properties: Object.fromEntries(h.google.properties.document.data),
      supporters: h.google.spreadsheet.sheet('Supporters')!.dump(),
    };

    h.script.setUp();
    expect(h.google.env.alerts.at(-1)).toMatch(/0 form\(s\) created, 9 updated/);
    expect([...h.google.formApp.forms.keys()]).toEqual(before.forms);
    expect(tabNames(h)).toEqual(before.tabs);
    expect(h.google.scriptApp.triggers).toHaveLength(before.triggers);
    // The forms, tabs and views it recorded are the same; the submission's mark is gone (Set up rebuilt the views).
    const recorded = (properties: Record<string, string>) => Object.fromEntries(Object.entries(properties).filter(([k]) => /^(form|sheet|view):|^(triggerOwner|builtSchemes)$/.test(k)));
    expect(recorded(Object.fromEntries(h.google.properties.document.data))).toEqual(recorded(before.properties));
    expect(before.properties.viewsOutOfDate).toBeDefined();
    expect(h.google.properties.document.data.get('viewsOutOfDate')).toBeUndefined();
    expect(h.google.spreadsheet.sheet('Supporters')!.dump()).toEqual(before.supporters);
    // The registered supporter is now offered on the forms that list supporters.
    expect(h.google.formApp.byTitle('Training session log').item('Attendees').choices).toEqual(['PS-001']);
  });

  it('adds a question missing from an older form, keeping its responses', async () => {
    const h = await loadScript();
    h.script.setUp();
    h.script.onFormSubmit(h.submit('Focus group log', { 'Date held': '2021-06-01', Scheme: 'Perinatal', Participants: '6', Facilitator: 'Fay Example' }));
    // An older form without "Themes": no item, no column.
    const form = h.google.formApp.byTitle('Focus group log');
    form.deleteItem(form.item('Themes'));
    const tab = h.google.spreadsheet.sheet('Focus groups')!;
    const rowsBefore = tab.dump().map((r) => r.slice(0, 5));

    h.script.setUp();
    expect(form.items.map((i) => i.title)).toEqual(['Date held', 'Scheme', 'Participants', 'Facilitator', 'Themes']);
    expect(h.google.env.alerts.at(-1)).toMatch(/Focus group log: questions added: Themes/);
    expect(tab.dump().map((r) => r.slice(0, 5))).toEqual(rowsBefore);
    expect(h.google.spreadsheet.sheets.filter((s) => s.formLink?.formId === form.id)).toHaveLength(1);
  });

  it('names the tab back when a person renamed it, and says so', async () => {
    const h = await loadScript();
    h.script.setUp();
    h.google.spreadsheet.sheet('Contacts')!.name = 'Contacts 2021';
    h.script.setUp();
    expect(h.google.spreadsheet.sheet('Contacts')).toBeDefined();
    expect(h.google.env.alerts.at(-1)).toMatch(/response tab "Contacts 2021" renamed to "Contacts"/);
  });

  it('a response tab that appears late is adopted by the next Set up: linked once, no orphan tab, no duplicate responses', async () => {
    const h = await loadScript();
    const ss = h.google.spreadsheet;
    ss.responseTabLag = Infinity; // Google links asynchronously: no tab appears during this Set up
    h.script.setUp();
    expect(h.google.env.alerts.at(-1)).toMatch(/Peer supporter registration: linked to this spreadsheet, but its response tab has not appeared yet/);
    expect(h.google.env.calls.matching('Form.setDestination')).toBe(formDefinitions.length);
    h.submit('Peer supporter registration', { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: ['Perinatal'], 'Start date': '2021-01-04' });

    ss.showLinkedTabs(); // later, the tabs appear
    ss.responseTabLag = 1;
    h.google.env.resetCounts();
    h.script.setUp();
    expect(h.google.env.calls.matching('Form.setDestination')).toBe(0); // adopted, not linked again
    expect(h.google.env.alerts.at(-1)).toMatch(/response tab "Form responses \d+" renamed to "Supporters"/);
    expect(ss.sheets.filter((s) => /^form responses/i.test(s.name))).toEqual([]);
    for (const definition of formDefinitions) {
      const form = h.google.formApp.byTitle(definition.title);
      expect(ss.sheets.filter((s) => s.formLink?.formId === form.id).map((s) => s.name)).toEqual([definition.tab]);
    }
    expect(h.records('Supporters').map((r) => r['Supporter ID'])).toEqual(['PS-001']);
    expect(h.records('Supporter overview').map((r) => r['Supporter ID'])).toEqual(['PS-001']);

    // Run again: nothing changes.
    const tabs = tabNames(h);
    h.script.setUp();
    expect(tabNames(h)).toEqual(tabs);
    expect(h.records('Supporters')).toHaveLength(1);
  });

  it('publishes the forms it makes (Google 2026: made unpublished by default) and republishes one found unpublished', async () => {
    const h = await loadScript();
    h.script.setUp();
    for (const definition of formDefinitions) expect(h.google.formApp.byTitle(definition.title).published, definition.title).toBe(true);
    h.google.formApp.byTitle('Focus group log').published = false;
    h.script.setUp();
    expect(h.google.formApp.byTitle('Focus group log').published).toBe(true);
    expect(h.google.env.alerts.at(-1)).toMatch(/Focus group log: the form was not published \(taking no responses\); it is published again/);
    h.script.setUp();
    expect(h.google.env.alerts.at(-1)).not.toMatch(/not published/);
  });
});
