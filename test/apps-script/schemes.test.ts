/**
 * The schemes a site runs, named in the script property PEERKIT_SETTINGS (the
 * shape of peerkit.config.json): Set up builds every configured scheme's forms,
 * several schemes share one spreadsheet, each submission to any of their forms is
 * checked, the Dashboard shows every configured report, and the contract's views
 * appear only with the contract's schemes. One parameterised test runs over every
 * scheme registered in SCHEMES, so a new scheme is covered when it is registered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDataset } from '../../core/check-dataset.js';
import { DEFAULT_SCHEMES } from '../../core/config.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { EWB_FORMS, FOLLOW_UP_ANSWERS, SESSION_TYPES } from '../../core/schemes/ewb/forms.js';
import type { FormDefinition, Question } from '../../core/form.js';
import { quartersEndingAt } from '../../core/quarters.js';
import { evaluateReport } from '../../core/report.js';
import { findScheme, formsOf, SCHEMES } from '../../core/schemes/index.js';
import type { Scheme } from '../../core/scheme.js';
import { dashboardValue } from '../../apps-script/views/dashboard.js';
import { issueKey } from '../../apps-script/views/data-issues.js';
import { buildOnce, coreDataset, loadScript, type Harness } from './harness.js';
import { exampleAnswers, type Answers } from './responses.js';

beforeAll(async () => {
  await buildOnce();
});

const PROPERTY = 'PEERKIT_SETTINGS';
const CONTRACT_VIEWS = ['Due for release', 'Supporter overview'];
const EWB = ['perinatal', 'reconnect', 'ewb'];

async function siteRunning(config: Record<string, unknown> | null, now = '2021-06-10T09:00:00'): Promise<Harness> {
  const h = await loadScript(now);
  if (config) h.google.properties.script.data.set(PROPERTY, JSON.stringify(config));
  return h;
}

const asked = (definition: FormDefinition) => definition.questions.filter((q) => q.type !== 'timestamp');
const ITEM_KINDS: Record<Exclude<Question['type'], 'timestamp'>, string> = {
  text: 'TEXT',
  number: 'TEXT',
  paragraph: 'PARAGRAPH_TEXT',
  date: 'DATE',
  choice: 'MULTIPLE_CHOICE',
  scale: 'MULTIPLE_CHOICE',
  checkboxes: 'CHECKBOX',
};

/** The Google Form set-up built for a declaration, question by question, and its linked tab. */
function expectBuilt(h: Harness, definition: FormDefinition): void {
  const form = h.google.formApp.byTitle(definition.title);
  expect(form.description).toBe(definition.description);
  expect(form.items.map((i) => i.title)).toEqual(asked(definition).map((q) => q.title));
  for (const q of asked(definition)) {
    const item = form.item(q.title);
    const where = `${definition.id}.${q.key}`;
    expect(item.kind, where).toBe(ITEM_KINDS[q.type as keyof typeof ITEM_KINDS]);
    expect(item.required, where).toBe(q.required === true);
    if (q.choices) expect(item.choices, where).toEqual([...q.choices]);
    else if (q.type === 'checkboxes') expect(item, where).toMatchObject({ otherOption: true, choices: expect.arrayContaining([expect.any(String)]) });
    if (q.pattern && q.type === 'text') expect(item.validation, where).toMatchObject({ rule: 'requireTextMatchesPattern', args: [q.pattern.regex] });
    if (q.type === 'number' && q.min !== undefined && q.max !== undefined) expect(item.validation, where).toMatchObject({ rule: 'requireNumberBetween', args: [q.min, q.max] });
  }
  const tab = h.google.spreadsheet.sheet(definition.tab)!;
  expect(tab, definition.tab).toBeDefined();
  expect(tab.formLink?.formId, definition.tab).toBe(form.id);
  expect(tab.dump()[0]).toEqual(['Timestamp', ...asked(definition).map((q) => q.title), 'Edit link']);
  expect(form.allowResponseEdits, definition.title).toBe(true);
}

function tabNames(h: Harness): string[] {
  return h.google.spreadsheet.sheets.map((s) => s.name).sort();
}

function expectedTabs(schemes: readonly Scheme[]): string[] {
  const forms = formsOf(schemes);
  const ids = new Set(forms.map((f) => f.id));
  const views = ['women', 'releases', 'supporters', 'training', 'supervision'].every((id) => ids.has(id)) ? CONTRACT_VIEWS : [];
  return [...forms.map((f) => f.tab), 'Dashboard', 'Data issues', 'Sheet1', ...views].sort();
}

const issueLines = (h: Harness) => h.records('Data issues').map((r) => `${r.Tab}|${r.Row}|${r.Severity}|${r['What is wrong']}`);

/** What `peerkit check` says about the spreadsheet as it now is, for these schemes. */
function oracleKeys(h: Harness, schemes: readonly Scheme[], asOf: string): string[] {
  const forms = formsOf(schemes);
  const dataset = coreDataset(h.google, forms);
  const issues = checkDataset(dataset, { forms, schemes, asOf });
  return [...new Set(issues.map(issueKey))].sort();
}

function loggedKeys(h: Harness): string[] {
  return h
    .records('Data issues')
    .map((r) => issueKey({ tab: String(r.Tab), row: r.Row === '' ? null : (r.Row as number), reason: String(r['What is wrong']) }))
    .sort();
}

function dashboardRows(h: Harness, report: Scheme) {
  return h.google.spreadsheet.sheet('Dashboard')!.dump().filter((r) => r[0] === report.title);
}

describe('the schemes a site runs', () => {
  it('without PEERKIT_SETTINGS, Set up builds exactly the contract’s forms', async () => {
    const h = await siteRunning(null);
    h.script.setUp();
    const contract = DEFAULT_SCHEMES.map(findScheme);
    expect(h.google.formApp.forms.size).toBe(CONTRACT_FORMS.filter((f) => !f.manual).length);
    expect(tabNames(h)).toEqual(expectedTabs(contract));
    expect(h.google.properties.document.data.get('builtSchemes')).toBe(JSON.stringify(DEFAULT_SCHEMES));
  });

  it('with perinatal, reconnect and ewb, Set up builds the EWB forms too, and run again creates nothing twice', async () => {
    const h = await siteRunning({ $schema: './docs/peerkit.config.schema.json', site: 'HMP Example', schemes: EWB, settings: { quarters: 'financial' } });
    h.script.setUp();
    expect(h.google.env.alerts.at(-1)).toMatch(/Set up done: 13 form\(s\) created, 0 updated/);
    const schemes = EWB.map(findScheme);
    for (const definition of formsOf(schemes).filter((f) => !f.manual)) expectBuilt(h, definition);
    expect(tabNames(h)).toEqual(expectedTabs(schemes));

    // The EWB forms as declared: titles, vocabularies, the Mentor ID pattern, a list of Mentor IDs.
    expect(EWB_FORMS.map((f) => h.google.formApp.byTitle(f.title).title)).toEqual([
      'Mentor application',
      'Mentee session log',
      'Emotional well-being baseline',
      'Emotional well-being follow-up',
    ]);
    expect(h.google.formApp.byTitle('Mentor application').item('Mentor ID').validation).toMatchObject({ rule: 'requireTextMatchesPattern', args: ['^M-\\d{3,}$'] });
    const sessions = h.google.formApp.byTitle('Mentee session log');
    expect(sessions.item('Prison number').validation?.args).toEqual(['^[A-Z]\\d{4}[A-Z]{2}$']);
    expect(sessions.item('Session type').choices).toEqual([...SESSION_TYPES]);
    expect(sessions.item('Mentor IDs')).toMatchObject({ kind: 'CHECKBOX', otherOption: true, required: true, choices: ['No Mentor ID registered yet: use Other'] });
    expect(sessions.item('Minutes').validation).toMatchObject({ rule: 'requireNumberBetween', args: [1, 600] });
    expect(h.google.formApp.byTitle('Emotional well-being follow-up').item('Self-harm since support').choices).toEqual([...FOLLOW_UP_ANSWERS]);
    // The contract's lists are untouched by the Mentor IDs, and the reverse.
    expect(h.google.formApp.byTitle('Support contact log').item('Peer supporters').choices).toEqual(['No peer supporter registered yet: use Other']);

    const before = { forms: [...h.google.formApp.forms.keys()], tabs: tabNames(h), triggers: h.google.scriptApp.triggers.length };
    h.script.setUp();
    expect(h.google.env.alerts.at(-1)).toMatch(/Set up done: 0 form\(s\) created, 13 updated\./);
    expect([...h.google.formApp.forms.keys()]).toEqual(before.forms);
    expect(tabNames(h)).toEqual(before.tabs);
    expect(h.google.scriptApp.triggers).toHaveLength(before.triggers);
  });

  it('each submission to an EWB form is checked, and the Mentor IDs on the session log follow the Mentors tab at the next rebuild', async () => {
    const h = await siteRunning({ schemes: EWB });
    h.script.setUp();
    const fire = (form: string, answers: Answers) => h.asTrigger(() => h.script.onFormSubmit(h.submit(form, answers)));
    const mentor = (id: string, extra: Answers = {}) => ({
      'Mentor ID': id,
      Name: 'Mentor Example',
      'Application date': '2020-09-01',
      'Governor approval': 'Approved',
      'Security clearance date': '2020-10-01',
      'Shadowing start date': '2020-11-01',
      'Training completed date': '2020-12-01',
      'Start date': '2021-02-01',
      ...extra,
    });
    fire('Mentor application', mentor('M-001'));
    fire('Mentor application', mentor('M-002', { 'Start date': null, 'Shadowing start date': '2021-05-01' }));
    fire('Mentor application', mentor('m 3'));
    const mentorIds = () => h.google.formApp.byTitle('Mentee session log').item('Mentor IDs').choices;
    // A submission touches no form: the lists are the hourly rebuild's (the submission marked the views out of date).
    expect(mentorIds()).not.toContain('M-001');
    h.asTrigger(() => h.script.hourlyRefresh());
    expect(mentorIds()).toEqual(['M-001', 'M-002']);
    expect(h.google.formApp.byTitle('Training session log').item('Attendees').choices).toEqual(['No peer supporter registered yet: use Other']);

    fire('Mentee session log', { 'Session date': '2021-06-01', 'Prison number': 'A12', 'Mentor IDs': ['M-001'], 'Session type': 'Group', Minutes: '900' });
    fire('Mentee session log', { 'Session date': '2021-06-02', 'Prison number': 'A1234BC', 'Mentor IDs': ['M-002'], 'Session type': 'One-to-one' });
    fire('Emotional well-being baseline', { 'Date completed': '2021-06-01', 'Prison number': 'A1234BC', 'Ever self-harmed': 'Sometimes' });
    expect(issueLines(h)).toEqual([
      'Mentors|4|Left out|excluded: "Mentor ID" does not match the pattern M-001',
      'Mentee sessions|2|Left out|excluded: "Prison number" does not match the pattern A1234BC',
      'Mentee sessions|2|Left out|excluded: "Minutes" must be a number from 1 to 600',
      'Wellbeing baseline|2|Left out|excluded: "Ever self-harmed" has an answer that is not one of: Yes, No, Prefer not to say',
    ]);

    // A refresh checks every tab as peerkit check does, the mentor pathway included (M-002 works alone while shadowing).
    h.script.refreshViews();
    const schemes = EWB.map(findScheme);
    expect(loggedKeys(h)).toEqual(oracleKeys(h, schemes, '2021-06-10'));
    expect(issueLines(h).some((l) => l.startsWith('Mentee sessions|3|Warning|') && l.includes('pathway'))).toBe(true);

    // A leaving date, once passed, takes a mentor off the list at the daily refresh.
    fire('Mentor application', mentor('M-001', { 'End date': '2021-06-12' }));
    expect(mentorIds()).toEqual(['M-001', 'M-002']);
    h.asTrigger(() => h.script.hourlyRefresh());
    expect(mentorIds()).toEqual(['M-001', 'M-002']);
    // The first hour of a later day rebuilds whatever changed or not: the leaving date has passed.
    h.setNow('2021-06-13T00:30:00');
    h.asTrigger(() => h.script.hourlyRefresh());
    expect(mentorIds()).toEqual(['M-002']);
  });

  it('the Dashboard shows every configured report, percentages with their n/N', async () => {
    const h = await siteRunning({ schemes: EWB });
    h.script.setUp();
    const fire = (form: string, answers: Answers) => h.asTrigger(() => h.script.onFormSubmit(h.submit(form, answers)));
    fire('Mentor application', { 'Mentor ID': 'M-001', Name: 'M', 'Application date': '2020-01-01' });
    fire('Mentee session log', { 'Session date': '2021-05-03', 'Prison number': 'A1111AA', 'Mentor IDs': ['M-001'], 'Session type': 'Group' });
    const baseline = (id: string, ever: string, current: string, suicidal: string) =>
      fire('Emotional well-being baseline', {
        'Date completed': '2021-05-01',
        'Prison number': id,
        'Ever self-harmed': ever,
        'Currently self-harming': current,
        'Suicidal thoughts or attempts in the last 12 months': suicidal,
      });
    baseline('A1111AA', 'Yes', 'Yes', 'No');
    baseline('B2222BB', 'No', 'No', 'Prefer not to say');
    fire('Emotional well-being follow-up', { 'Date completed': '2021-06-01', 'Prison number': 'A1111AA', 'Self-harm since support': 'Reduced', 'Suicidal thoughts or attempts since support': 'Not applicable' });
    h.script.refreshViews();

    const ewb = findScheme('ewb');
    const dataset = coreDataset(h.google, formsOf(EWB.map(findScheme)));
    const [last, current] = quartersEndingAt('2021-06-10', 2, dataset.settings);
    const [before, now] = [evaluateReport(ewb, dataset, last!), evaluateReport(ewb, dataset, current!)];
    expect(dashboardRows(h, ewb)).toEqual(now.lines.map((m, i) => [ewb.title, m.label, dashboardValue(before.lines[i]!) ?? '', dashboardValue(m), '']));
    const line = (label: string) => dashboardRows(h, ewb).find((r) => r[1] === label)!.slice(2, 4);
    expect(line('Mentees in the outcome sample')).toEqual([0, 2]);
    expect(line('Had ever self-harmed')).toEqual(['no answers (0/0)', '50% (1/2)']);
    expect(line('Of those self-harming, stopped or reduced self-harm')).toEqual(['no answers (0/0)', '100% (1/1)']);
    expect(line('Had suicidal thoughts or attempts in the last 12 months')).toEqual(['no answers (0/0)', '0% (0/1)']);
    // The contract's reports are there too; the chart follows each report's trend line.
    for (const id of ['perinatal', 'reconnect']) expect(dashboardRows(h, findScheme(id))).toHaveLength(findScheme(id).lines.length);
    const rows = h.google.spreadsheet.sheet('Dashboard')!.dump();
    expect(rows.find((r) => r[0] === 'Quarter')!.filter((c) => c !== '')).toEqual(['Quarter', 'Perinatal: women supported', 'Reconnect: women supported', 'ewb: mentees supported']);
    expect(h.google.spreadsheet.sheet('Dashboard')!.charts).toHaveLength(1);
    expect(h.google.spreadsheet.sheet('Dashboard')!.formulas()).toEqual([]);
  });

  it('an unknown scheme: Set up says so in one line and builds nothing; the checks carry on with the schemes last built', async () => {
    const h = await siteRunning({ schemes: ['perinatal', 'ewbx'] });
    h.script.setUp();
    const alert = h.google.env.alerts.at(-1)!;
    expect(alert.split('\n')).toHaveLength(1);
    expect(alert).toBe(
      `Peer support: Peer support could not finish: the script property PEERKIT_SETTINGS cannot be used: schemes: unknown scheme "ewbx": choose from ${SCHEMES.map((r) => r.id).join(', ')}. Correct it (Project Settings → Script properties) and run Set up again; nothing was changed.`,
    );
    expect(h.google.formApp.forms.size).toBe(0);
    expect(h.google.scriptApp.triggers).toHaveLength(0);
    expect(h.google.lock.holder).toBeNull();

    // Set up with the scheme fixed, then a typo later: the views and checks keep serving what was built, and say why.
    h.google.properties.script.data.set(PROPERTY, JSON.stringify({ schemes: EWB }));
    h.script.setUp();
    h.google.properties.script.data.set(PROPERTY, JSON.stringify({ schemes: ['perinatal', 'reconnect', 'ewbx'] }));
    h.script.refreshViews();
    const problem = `schemes: unknown scheme "ewbx": choose from ${SCHEMES.map((r) => r.id).join(', ')} (meanwhile the checks and views serve perinatal, reconnect, ewb)`;
    expect(h.google.env.alerts.at(-1)).toMatch(/^Peer support: Views refreshed: /);
    expect(h.google.env.alerts.at(-1)).toContain(`Settings not used (script property PEERKIT_SETTINGS, also in Data issues):\n• ${problem}`);
    expect(issueLines(h)).toContain(`Script property PEERKIT_SETTINGS||Warning|${problem}`);
    expect(dashboardRows(h, findScheme('ewb')).length).toBeGreaterThan(0);

    // Other problems are named by their field; an old flat setting still works.
    h.google.properties.script.data.set(PROPERTY, JSON.stringify({ schemes: EWB, quarters: 'calendar', settings: { staleAfterDays: 'soon' }, colour: 'red' }));
    h.script.setUp();
    expect(h.google.env.alerts.at(-1)).toContain('settings.staleAfterDays: Invalid input: expected number, received string; the default is used; colour: not a setting peerkit knows.');
    h.script.refreshViews();
    expect(h.google.spreadsheet.sheet('Dashboard')!.dump().find((r) => r[0] === 'Report')!.slice(2, 4)).toEqual(['2021 Q1', '2021 Q2']);
  });

  it('a scheme taken out of the configuration: its forms stay, their responses are noted and not checked, its lines leave the Dashboard', async () => {
    const h = await siteRunning({ schemes: EWB });
    h.script.setUp();
    h.google.properties.script.data.set(PROPERTY, JSON.stringify({ schemes: ['ewb'] }));
    h.script.refreshViews();
    expect(dashboardRows(h, findScheme('perinatal'))).toEqual([]);
    expect(dashboardRows(h, findScheme('ewb')).length).toBe(findScheme('ewb').lines.length);
    h.asTrigger(() => h.script.onFormSubmit(h.submit('Support contact log', { 'Contact date': '2021-06-01', 'Prison number': 'A12', Scheme: 'Perinatal' })));
    expect(issueLines(h).filter((l) => l.startsWith('Contacts'))).toEqual([
      'Contacts|2|Warning|a "Support contact log" response arrived, a form of perinatal or reconnect, which is not among this site\'s schemes (ewb); it is not checked (name the scheme in PEERKIT_SETTINGS and run Peer support → Set up)',
    ]);
    expect(h.google.formApp.forms.size).toBe(13);
  });
});

describe('every registered scheme', () => {
  it('no two schemes’ forms share a tab or a title unless they are the same form', () => {
    const forms = formsOf(SCHEMES);
    for (const report of SCHEMES) for (const form of report.forms) expect(forms.find((f) => f.id === form.id), form.id).toBe(form);
    expect(new Set(forms.map((f) => f.tab.toLowerCase())).size).toBe(forms.length);
    expect(new Set(forms.map((f) => f.title.toLowerCase())).size).toBe(forms.length);
  });

  it.each(SCHEMES.map((report) => [report.id, report] as const))('%s alone: Set up builds its forms, each submission is checked, the Dashboard shows its lines', async (id, report) => {
    const h = await siteRunning({ schemes: [id] });
    h.script.setUp();
    const forms = formsOf([report]);
    const built = forms.filter((f) => !f.manual);
    expect(h.google.env.alerts.at(-1)).toMatch(new RegExp(`Set up done: ${built.length} form\\(s\\) created, 0 updated`));
    expect(h.google.formApp.forms.size).toBe(built.length);
    for (const definition of built) expectBuilt(h, definition);
    expect(tabNames(h)).toEqual(expectedTabs([report]));

    // A valid response and an empty one to each form, through the trigger; then the daily refresh.
    for (const definition of built) {
      h.asTrigger(() => h.script.onFormSubmit(h.submit(definition.title, exampleAnswers(definition))));
      h.asTrigger(() => h.script.onFormSubmit(h.submit(definition.title, {})));
    }
    for (const definition of built) {
      const required = asked(definition).filter((q) => q.required);
      if (required.length > 0) expect(issueLines(h), definition.tab).toContain(`${definition.tab}|3|Left out|excluded: "${required[0]!.title}" is required but blank`);
    }
    h.asTrigger(() => h.script.dailyRefresh());
    expect(loggedKeys(h)).toEqual(oracleKeys(h, [report], '2021-06-10'));

    const rows = dashboardRows(h, report);
    expect(rows.map((r) => r[1])).toEqual(report.lines.map((i) => i.label));
    // No report line "cannot be counted"; only lines under a heading of their own carry a note.
    expect(rows.map((r) => r[4])).toEqual(report.lines.map((i) => (i.group ? `${i.group}: not a contract line` : '')));

    h.script.setUp();
    expect(h.google.env.alerts.at(-1)).toMatch(new RegExp(`Set up done: 0 form\\(s\\) created, ${built.length} updated`));
    expect(h.google.formApp.forms.size).toBe(built.length);
  });

  it('all of them on one spreadsheet: Set up carries on where it stopped when an execution runs out of time', async () => {
    const h = await siteRunning({ schemes: SCHEMES.map((r) => r.id) });
    const built = formsOf(SCHEMES).filter((f) => !f.manual);
    h.setCallLatency(300); // 0.3 s a call: every form cannot fit in one execution
    const heads: string[] = [];
    for (let run = 0; run < 10 && !heads.at(-1)?.startsWith('Set up done'); run++) {
      h.setNow(`2021-06-10T${String(9 + run).padStart(2, '0')}:00:00`);
      h.script.setUp();
      heads.push(h.google.env.alerts.at(-1)!.replace(/^Peer support: /, '').split('\n')[0]!);
    }
    h.setCallLatency(0);
    expect(heads.length).toBeGreaterThan(1);
    expect(heads[0]).toMatch(new RegExp(`^Set up stopped before Apps Script's time limit: \\d+ of ${built.length} forms are done\\. Choose Peer support → Set up again to carry on\\.$`));
    expect(heads.at(-1)).toMatch(/^Set up done: \d+ form\(s\) created, 0 updated\. \d+ done by the Set up before\.$/);
    // Each form made once, linked to its own tab; the triggers once; the views built.
    expect(h.google.formApp.forms.size).toBe(built.length);
    for (const definition of built) expectBuilt(h, definition);
    expect(tabNames(h)).toEqual(expectedTabs(SCHEMES));
    expect(h.google.scriptApp.triggers).toHaveLength(2);
    expect(h.google.properties.document.data.has('setupProgress')).toBe(false);
    expect(h.google.env.alerts.at(-1)!.match(/^• .*: https:/gm)).toHaveLength(built.length);
    for (const report of SCHEMES) expect(dashboardRows(h, report)).toHaveLength(report.lines.length);
  }, 60_000);
});
