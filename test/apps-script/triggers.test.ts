/**
 * Many managers, one spreadsheet. ScriptApp lists only the running user's
 * installable triggers, so the fake keeps them per user: a second manager's Set
 * up must not install a second pair (each submission would be handled twice); Take
 * over triggers moves them on purpose; and while both owners' triggers exist, one
 * submission fired by both is still checked once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, loadScript, type Harness } from './harness.js';

beforeAll(async () => {
  await buildOnce();
});

const FIRST = 'manager@example.org';
const SECOND = 'manager2@example.org';

const pairs = (h: Harness) => h.google.scriptApp.triggers.map((t) => [t.owner, t.handler, t.eventType]);
const issues = (h: Harness) => h.records('Data issues').map((r) => `${r.Tab}|${r.Row}|${r['What is wrong']}`);

describe('trigger ownership', () => {
  it('a second manager running Set up adds no triggers and is told who owns them', async () => {
    const h = await loadScript();
    h.asUser(FIRST, () => h.script.setUp());
    expect(h.google.properties.document.data.get('triggerOwner')).toBe(FIRST);

    h.asUser(SECOND, () => h.script.setUp());
    expect(pairs(h)).toEqual([
      [FIRST, 'onFormSubmit', 'ON_FORM_SUBMIT'],
      [FIRST, 'hourlyRefresh', 'CLOCK'],
    ]);
    const said = h.google.env.alerts.at(-1)!;
    expect(said).toMatch(/Set up done: 0 form\(s\) created, 9 updated/);
    expect(said).toContain(`Triggers are owned by ${FIRST}; choose Peer support → Take over triggers to move them`);
    expect(said).not.toMatch(/trigger installed/);
    expect(h.google.properties.document.data.get('triggerOwner')).toBe(FIRST);
    // The owner's Set up again: nothing added, no ownership message.
    h.asUser(FIRST, () => h.script.setUp());
    expect(h.google.scriptApp.triggers).toHaveLength(2);
    expect(h.google.env.alerts.at(-1)).not.toMatch(/Triggers are owned by/);
    // A manager's email belongs in the message only, never in a log.
    expect(h.google.env.logs.join('\n')).not.toMatch(/example\.org/);
  });

  it('Take over triggers installs the new user\'s pair, records them, and says the previous owner must remove theirs', async () => {
    const h = await loadScript();
    h.asUser(FIRST, () => h.script.setUp());
    h.asUser(SECOND, () => h.script.takeOverTriggers());
    expect(pairs(h)).toEqual([
      [FIRST, 'onFormSubmit', 'ON_FORM_SUBMIT'],
      [FIRST, 'hourlyRefresh', 'CLOCK'],
      [SECOND, 'onFormSubmit', 'ON_FORM_SUBMIT'],
      [SECOND, 'hourlyRefresh', 'CLOCK'],
    ]);
    expect(h.google.scriptApp.triggers.find((t) => t.owner === SECOND && t.handler === 'onFormSubmit')!.sourceId).toBe(h.google.spreadsheet.id);
    expect(h.google.properties.document.data.get('triggerOwner')).toBe(SECOND);
    const said = h.google.env.alerts.at(-1)!;
    expect(said).toContain(`now run as ${SECOND}`);
    expect(said).toContain(`${FIRST} must remove their own triggers`);
    expect(said).toContain('Extensions → Apps Script → Triggers');
    expect(h.google.lock.holder).toBeNull();

    // Now the previous owner's Set up is the one that adds nothing.
    h.asUser(FIRST, () => h.script.setUp());
    expect(h.google.scriptApp.triggers).toHaveLength(4);
    expect(h.google.env.alerts.at(-1)).toContain(`Triggers are owned by ${SECOND}`);
    // Taking over twice installs nothing more.
    h.asUser(SECOND, () => h.script.takeOverTriggers());
    expect(h.google.scriptApp.triggers).toHaveLength(4);
    expect(h.google.env.alerts.at(-1)).not.toMatch(/must remove/);
  });

  it('a submission fired by both owners\' triggers is checked once: Data issues lists it once', async () => {
    const h = await loadScript('2021-06-10T09:00:00');
    h.asUser(FIRST, () => h.script.setUp());
    h.asUser(SECOND, () => h.script.takeOverTriggers());
    const event = h.submit('Support contact log', { 'Contact date': '2021-06-01', 'Prison number': 'A12', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] });
    const submitTriggers = h.google.scriptApp.triggers.filter((t) => t.eventType === 'ON_FORM_SUBMIT');
    expect(submitTriggers.map((t) => t.owner)).toEqual([FIRST, SECOND]);
    // Each installable trigger runs as its creator, with its own triggerUid.
    for (const trigger of submitTriggers) h.asUser(trigger.owner, () => h.asTrigger(() => h.script.onFormSubmit({ ...event, triggerUid: trigger.uid })));

    const row = 2; // the first response, under the header
    const listed = issues(h).filter((i) => i.startsWith(`Contacts|${row}|`));
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed).size).toBe(listed.length);
    // The same as one trigger alone would list.
    const once = await loadScript('2021-06-10T09:00:00');
    once.script.setUp();
    const single = once.submit('Support contact log', { 'Contact date': '2021-06-01', 'Prison number': 'A12', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] });
    once.asTrigger(() => once.script.onFormSubmit(single));
    expect(listed).toEqual(issues(once).filter((i) => i.startsWith(`Contacts|${row}|`)));
    expect(h.records('Contacts')).toHaveLength(1);
    expect(h.google.lock.holder).toBeNull();
  });

  it('an earlier version\'s daily trigger is replaced by the hourly one at its owner\'s Set up: still one pair, and the Dashboard says 2 of 2', async () => {
    const h = await loadScript('2021-06-10T09:00:00');
    h.asUser(FIRST, () => h.script.setUp());
    // As an earlier version left it: the form-submit trigger and a daily one.
    const hourly = h.google.scriptApp.triggers.findIndex((t) => t.handler === 'hourlyRefresh');
    h.google.scriptApp.triggers.splice(hourly, 1);
    h.asUser(FIRST, () => h.google.scriptApp.newTrigger('dailyRefresh').timeBased().everyDays(1).atHour(6).create());
    h.asUser(FIRST, () => h.script.refreshViews());
    expect(h.google.spreadsheet.sheet('Dashboard')!.dump()[1]![2]).toMatch(/triggers installed for 1 of 2: run Peer support → Set up$/);
    // The old trigger still works meanwhile: it rebuilds.
    expect(() => h.asUser(FIRST, () => h.asTrigger(() => h.script.dailyRefresh()))).not.toThrow();

    h.asUser(FIRST, () => h.script.setUp());
    expect(pairs(h)).toEqual([
      [FIRST, 'onFormSubmit', 'ON_FORM_SUBMIT'],
      [FIRST, 'hourlyRefresh', 'CLOCK'],
    ]);
    expect(h.google.spreadsheet.sheet('Dashboard')!.dump()[1]![2]).toBe('(hourly when something changed, daily at least, and from the menu); triggers: installed for 2 of 2');
  });
});
