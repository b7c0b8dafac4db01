/**
 * The fakes themselves behave as Google's reference says, or the other tests
 * would prove nothing: 1-based ranges inside the grid, rectangular getValues with
 * Date objects, setValues dimension errors, typed text read as Sheets reads it,
 * locks that time out, choice lists that cannot be empty, linking that makes a tab,
 * sheets known by id and by a unique name, failures injected on demand, form
 * responses read back and edited through their edit URL, rows and responses
 * deleted, alerts that ask a question, triggers listed only to the user who
 * created them, forms that stop accepting responses, calls refused for a
 * permission the account has not allowed, and HtmlService's output shown in a modal dialog.
 */
import { describe, expect, it } from 'vitest';
import { createGoogle } from './fakes/google.js';
import type { FakeHtmlService } from './fakes/html.js';
import { isDate, MANIFEST_SCOPES } from './fakes/env.js';
import type { FakeSpreadsheetApp } from './fakes/spreadsheet.js';

describe('the fakes', () => {
  it('properties: a value over 9 kB or a store over 500 kB throws, as Google does, and writes nothing', () => {
    const { properties } = createGoogle();
    const store = properties.getDocumentProperties();
    store.setProperty('k', 'x'.repeat(8990));
    expect(() => store.setProperty('k', 'x'.repeat(9000))).toThrow('Argument too large: value');
    expect(store.getProperty('k')).toHaveLength(8990);
    // UTF-8 bytes count: 4,500 two-byte characters are 9,000 bytes.
    expect(() => store.setProperties({ a: 'ok', b: '\u00e9'.repeat(4500) })).toThrow('Argument too large: value');
    expect(store.getProperty('a')).toBeNull();
    const part = 'y'.repeat(8000);
    const values = Object.fromEntries(Array.from({ length: 61 }, (_, i) => [`p${i}`, part]));
    store.setProperties(values);
    expect(() => store.setProperty('p61', part)).toThrow('You have exceeded the property storage quota');
    expect(store.getProperty('p61')).toBeNull();
    store.setProperties({ fresh: part }, true); // deleteAllOthers frees the store first
    expect(store.getKeys()).toEqual(['fresh']);
  });

  it('ranges: 1-based, inside the grid, rectangular values, dimension checks', () => {
    const { spreadsheet } = createGoogle();
    const sheet = spreadsheet.insertSheet('T');
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1001, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange(1, 1, 1, 2).setValues([[1]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    sheet.getRange(2, 2, 1, 1).setValues([['x']]);
    expect(sheet.getDataRange().getValues()).toEqual([
      ['', ''],
      ['', 'x'],
    ]);
    expect(sheet.getRange(1, 1, 2, 1).getA1Notation()).toBe('A1:A2');
    expect(() => sheet.getRange(1, 1).setValues([[{ date: '2021-01-01' }]])).toThrow(/Cannot write a value/);
  });

  it('setValues reads text as Sheets does: formulas, numbers, dates; an apostrophe keeps text', () => {
    const { spreadsheet } = createGoogle();
    const sheet = spreadsheet.insertSheet('T');
    sheet.getRange(1, 1, 1, 8).setValues([['=1+2', '+44 7700', '-Jane', '@home', "'=1+2", '007', '01/04/2021', 'Norfolk']]);
    const [values] = sheet.getRange(1, 1, 1, 8).getValues();
    expect(sheet.getRange(1, 1, 1, 4).getFormulas()).toEqual([['=1+2', '=+44 7700', '=-Jane', '=@home']]);
    expect(values!.slice(4, 6)).toEqual(['=1+2', 7]);
    expect(isDate(values![6])).toBe(true);
    expect((values![6] as Date).toISOString()).toBe('2021-03-31T23:00:00.000Z'); // midnight, London summer time
    expect(values![7]).toBe('Norfolk');
  });

  it('a lock held elsewhere makes waitLock throw after its time-out', () => {
    const { globals, lock } = createGoogle();
    const service = globals.LockService as { getScriptLock(): { waitLock(ms: number): void; tryLock(ms: number): boolean; releaseLock(): void } };
    const first = service.getScriptLock();
    first.waitLock(1000);
    expect(() => service.getScriptLock().waitLock(30000)).toThrow('Lock timeout: another process was holding the lock for too long.');
    expect(service.getScriptLock().tryLock(10)).toBe(false);
    first.releaseLock();
    expect(lock.holder).toBeNull();
  });

  it('forms: no empty choice list, no destination until linked, linking makes a "Form responses N" tab', () => {
    const { formApp, spreadsheet } = createGoogle();
    const form = formApp.create('F', true);
    expect(form.isPublished()).toBe(true);
    expect(() => form.addCheckboxItem().setTitle('Q').setChoiceValues([])).toThrow();
    expect(() => form.getDestinationId()).toThrow();
    expect(() => form.addTextItem().asCheckboxItem()).toThrow();
    form.setDestination('SPREADSHEET', spreadsheet.id);
    spreadsheet.showLinkedTabs();
    expect(spreadsheet.sheets[0]!.name).toBe('Form responses 1');
    expect(spreadsheet.sheets[0]!.dump()).toEqual([['Timestamp', 'Q']]); // the untitled text item's header is blank
    expect(() => formApp.openById('nope')).toThrow('No item with the given ID could be found, or you do not have permission to access it.');
  });

  it('forms: made unpublished unless asked (Google 2026), and an unpublished form takes no response', () => {
    const { formApp } = createGoogle();
    const form = formApp.create('F');
    expect(form.isPublished()).toBe(false);
    form.addTextItem().setTitle('Q');
    expect(() => form.submit({ Q: 'a' }, new Date())).toThrow(/not published/);
    form.setPublished(true);
    expect(form.submit({ Q: 'a' }, new Date())).toBeNull(); // accepted; no destination
    expect(form.responses).toHaveLength(1);
  });

  it('linking: the response tab appears after setDestination returns (Google links asynchronously), holding the responses', () => {
    const { formApp, spreadsheet, globals } = createGoogle();
    const spreadsheetApp = globals.SpreadsheetApp as FakeSpreadsheetApp;
    const form = formApp.create('F', true);
    form.addTextItem().setTitle('Q');
    form.submit({ Q: 'before' }, new Date());
    form.setDestination('SPREADSHEET', spreadsheet.id);
    expect(spreadsheet.sheets.map((s) => s.name)).toEqual(['Sheet1']); // not yet
    spreadsheetApp.flush(); // the default lag: the next flush or getSheets
    expect(spreadsheet.sheets[0]!.name).toBe('Form responses 1');

    spreadsheet.responseTabLag = 3;
    const other = formApp.create('G', true);
    other.setDestination('SPREADSHEET', spreadsheet.id);
    other.addTextItem().setTitle('R');
    other.submit({ R: 'while hidden' }, new Date());
    expect(spreadsheet.getSheets()).toHaveLength(2);
    spreadsheetApp.flush();
    expect(spreadsheet.getSheets().map((s) => s.getName())).toEqual(['Form responses 2', 'Form responses 1', 'Sheet1']);
    expect(spreadsheet.sheets[0]!.dump()).toEqual([['Timestamp', 'R'], [expect.anything(), 'while hidden']]);
    // getFormUrl() and getEditUrl() name the same form id.
    expect(spreadsheet.sheets[0]!.getFormUrl()).toBe(`https://docs.google.com/forms/d/${other.id}/viewform`);
    expect(other.getEditUrl()).toBe(`https://docs.google.com/forms/d/${other.id}/edit`);
  });

  it('sheets: found by id whatever their name, names unique ignoring case, a response tab knows its form', () => {
    const { formApp, spreadsheet } = createGoogle();
    const sheet = spreadsheet.insertSheet('Dashboard');
    const id = sheet.getSheetId();
    sheet.setName('My dashboard');
    expect(sheet.getSheetId()).toBe(id);
    expect(spreadsheet.getSheetById(id)).toBe(sheet);
    expect(spreadsheet.getSheetById(id + 1)).toBeNull();
    expect(spreadsheet.getSheets().map((s) => s.getName())).toEqual(['Sheet1', 'My dashboard']);
    expect(() => spreadsheet.insertSheet('my DASHBOARD')).toThrow('A sheet with the name "my DASHBOARD" already exists. Please enter another name.');
    expect(() => spreadsheet.insertSheet('Sheet1')).toThrow('A sheet with the name "Sheet1" already exists. Please enter another name.');
    expect(spreadsheet.insertSheet('Other').getSheetId()).toBeGreaterThan(id); // ids only grow

    expect(sheet.getFormUrl()).toBeNull();
    const form = formApp.create('F', true);
    form.setDestination('SPREADSHEET', spreadsheet.id);
    spreadsheet.showLinkedTabs();
    const first = spreadsheet.sheets[0]!;
    expect(first.getFormUrl()).toMatch(/^https:\/\/docs\.google\.com\/forms\//);
    form.setDestination('SPREADSHEET', spreadsheet.id); // linked again: a new tab; the old one keeps its rows, unlinked
    spreadsheet.showLinkedTabs();
    expect(first.getFormUrl()).toBeNull();
    expect(spreadsheet.sheets[0]!.getFormUrl()).not.toBeNull();
    form.removeDestination();
    expect(spreadsheet.sheets.every((s) => s.getFormUrl() === null)).toBe(true);
  });

  it('a failure injected on a call of a tab throws once, before that call changes anything', () => {
    const { env, spreadsheet } = createGoogle();
    const sheet = spreadsheet.insertSheet('T');
    sheet.getRange(1, 1, 1, 2).setValues([['a', 'b']]);
    env.failNext('Range.setValues', 'T');
    const calls = env.calls.count('Range.setValues');
    expect(() => spreadsheet.insertSheet('U').getRange(1, 1).setValues([['u']])).not.toThrow(); // another tab
    expect(() => sheet.getRange(1, 1, 1, 2).setValues([['c', 'd']])).toThrow('Service Spreadsheets timed out while accessing document with id 1.');
    expect(env.calls.count('Range.setValues')).toBe(calls + 2); // the failed round trip is still made
    expect(sheet.dump()).toEqual([['a', 'b']]);
    sheet.getRange(1, 1, 1, 2).setValues([['c', 'd']]);
    expect(sheet.dump()).toEqual([['c', 'd']]);
  });

  it('responses: read back after a time (strictly after), each with its id, timestamp, answers in item order and edit URL', () => {
    const { env, formApp, spreadsheet } = createGoogle();
    const form = formApp.create('F', true);
    form.addTextItem().setTitle('Name');
    form.addDateItem().setTitle('Day');
    form.addCheckboxItem().setTitle('Tags').setChoiceValues(['a', 'b']);
    form.setDestination('SPREADSHEET', spreadsheet.id);
    spreadsheet.showLinkedTabs();
    expect(form.canEditResponse()).toBe(false); // Google's default
    const first = env.wallClock(2021, 6, 1, 10, 0, 0);
    form.submit({ Name: 'Ann', Day: '2021-05-31', Tags: ['a', 'b'] }, first);
    form.submit({ Name: 'Bea' }, env.wallClock(2021, 6, 1, 10, 0, 5));

    expect(form.getResponses()).toHaveLength(2);
    expect(form.getResponses(first)).toHaveLength(1); // "after": not the one stamped at that very time
    expect(form.getResponses(new Date(first.getTime() - 1000))).toHaveLength(2);
    expect(() => form.getResponses('2021-06-01' as unknown as Date)).toThrow();
    const [ann, bea] = form.getResponses();
    expect(ann!.getTimestamp().getTime()).toBe(first.getTime());
    expect(ann!.getId()).not.toBe(bea!.getId());
    expect(ann!.getEditResponseUrl()).toBe(`https://docs.google.com/forms/d/e/${form.id}-published/viewform?edit2=${ann!.getId()}`);
    expect(ann!.getItemResponses().map((r) => [r.getItem().getTitle(), r.getResponse()])).toEqual([
      ['Name', 'Ann'],
      ['Day', '2021-05-31'],
      ['Tags', ['a', 'b']],
    ]);
    expect(bea!.getItemResponses().map((r) => r.getResponse())).toEqual(['Bea']); // unanswered items left out

    // openByUrl takes the form's own URLs (as Sheet.getFormUrl() gives), not the published one.
    const url = spreadsheet.sheets[0]!.getFormUrl()!;
    expect(formApp.openByUrl(url)).toBe(form);
    expect(formApp.openByUrl(form.getEditUrl())).toBe(form);
    expect(() => formApp.openByUrl(form.getPublishedUrl())).toThrow('No item with the given ID could be found, or you do not have permission to access it.');
  });

  it('an edit through the edit URL rewrites the same row in place and fires the event again, blanks where nothing changed', () => {
    const { env, formApp, spreadsheet } = createGoogle();
    const form = formApp.create('F', true);
    form.addTextItem().setTitle('Name');
    form.addTextItem().setTitle('Minutes');
    form.addTextItem().setTitle('Notes');
    form.setDestination('SPREADSHEET', spreadsheet.id);
    spreadsheet.showLinkedTabs();
    const sheet = spreadsheet.sheets[0]!;
    form.submit({ Name: 'Ann', Minutes: '30', Notes: 'x' }, env.wallClock(2021, 6, 1, 10, 0, 0));
    const sent = form.submit({ Name: 'Bea', Minutes: '20' }, env.wallClock(2021, 6, 1, 10, 0, 5))!;
    const [, bea] = form.getResponses();
    const link = bea!.getEditResponseUrl();
    expect(() => form.edit(link, { Minutes: '25' }, env.wallClock(2021, 6, 2, 9, 0, 0))).toThrow(/does not allow responses to be edited/);

    form.setAllowResponseEdits(true);
    const edited = env.wallClock(2021, 6, 2, 9, 0, 0);
    const event = form.edit(link, { Minutes: '25', Notes: 'late' }, edited)!;
    expect(sheet.dump()).toEqual([
      ['Timestamp', 'Name', 'Minutes', 'Notes'],
      [env.wallClock(2021, 6, 1, 10, 0, 0), 'Ann', 30, 'x'],
      [edited, 'Bea', 25, 'late'],
    ]);
    expect((event.range as { row: number }).row).toBe((sent.range as { row: number }).row);
    expect(event.values).toEqual(['02/06/2021 09:00:00', '', '25', 'late']);
    expect(event.namedValues).toMatchObject({ Name: [''], Minutes: ['25'] });
    // The response now carries the time of its edit; a snapshot taken before does not change.
    expect(bea!.getTimestamp().getTime()).toBe(env.wallClock(2021, 6, 1, 10, 0, 5).getTime());
    expect(form.getResponses(new Date(edited.getTime() - 1000)).map((r) => r.getEditResponseUrl())).toEqual([link]);
    // A question added to a linked form gets its column, headed by its title, at once.
    form.addTextItem().setTitle('Place');
    expect(sheet.dump()[0]).toEqual(['Timestamp', 'Name', 'Minutes', 'Notes', 'Place']);
  });

  it('rows deleted: those below move up, the grid shrinks, bounds and the last non-frozen row are guarded, a linked form follows its rows', () => {
    const { env, formApp, spreadsheet } = createGoogle();
    const form = formApp.create('F', true);
    form.addTextItem().setTitle('Name');
    form.setAllowResponseEdits(true);
    form.setDestination('SPREADSHEET', spreadsheet.id);
    spreadsheet.showLinkedTabs();
    const sheet = spreadsheet.sheets[0]!;
    sheet.setFrozenRows(1);
    for (const [i, name] of ['Ann', 'Bea', 'Cat', 'Dee', 'Eve'].entries()) form.submit({ Name: name }, env.wallClock(2021, 6, 1, 10, 0, i));
    const max = sheet.getMaxRows();
    expect(sheet.deleteRow(3)).toBe(sheet); // Bea
    sheet.deleteRows(4, 2); // Dee, Eve (Cat moved up to row 3)
    expect(sheet.dump().map((r) => r[1])).toEqual(['Name', 'Ann', 'Cat']);
    expect(sheet.getMaxRows()).toBe(max - 3);
    expect(() => sheet.deleteRows(0, 1)).toThrow('Those rows are out of bounds.');
    expect(() => sheet.deleteRows(max - 3, 2)).toThrow('Those rows are out of bounds.');
    expect(() => sheet.deleteRows(2, max - 4)).toThrow('Sorry, it is not possible to delete all non-frozen rows.');
    expect(sheet.dump()).toHaveLength(3); // a refused deletion changes nothing

    // The form keeps every response until one is deleted from it; its rows followed the deletions.
    expect(form.getResponses()).toHaveLength(5);
    const cat = form.responses.find((r) => r.row === 3)!;
    expect(form.editUrlOf(cat)).toBe(form.getResponses()[2]!.getEditResponseUrl());
    form.edit(form.editUrlOf(cat), { Name: 'Cath' }, env.wallClock(2021, 6, 2, 9));
    expect(sheet.dump().map((r) => r[1])).toEqual(['Name', 'Ann', 'Cath']);
    form.submit({ Name: 'Fay' }, env.wallClock(2021, 6, 3, 9));
    expect(sheet.dump().map((r) => r[1])).toEqual(['Name', 'Ann', 'Cath', 'Fay']); // after the last row, as Google appends
  });

  it('a response deleted from the form leaves the spreadsheet\'s copy; an unknown id throws', () => {
    const { env, formApp, spreadsheet } = createGoogle();
    const form = formApp.create('F', true);
    form.addTextItem().setTitle('Name');
    form.setDestination('SPREADSHEET', spreadsheet.id);
    spreadsheet.showLinkedTabs();
    form.submit({ Name: 'Ann' }, env.wallClock(2021, 6, 1, 10));
    form.submit({ Name: 'Bea' }, env.wallClock(2021, 6, 1, 11));
    const [ann, bea] = form.getResponses();
    expect(form.deleteResponse(ann!.getId())).toBe(form);
    expect(form.getResponses().map((r) => r.getId())).toEqual([bea!.getId()]);
    expect(spreadsheet.sheets[0]!.dump().map((r) => r[1])).toEqual(['Name', 'Ann', 'Bea']);
    expect(() => form.deleteResponse(ann!.getId())).toThrow();
  });

  it('an alert with OK returns OK; one that asks returns the button the test chose, and fails a test that chose none', () => {
    const { env, ui } = createGoogle();
    expect(ui.alert('Done')).toBe('OK');
    expect(ui.alert('Title', 'Done', ui.ButtonSet.OK)).toBe('OK');
    ui.answers.push('NO', 'CLOSE', 'YES');
    expect(ui.alert('Title', 'Sure?', ui.ButtonSet.YES_NO)).toBe(ui.Button.NO);
    expect(ui.alert('Sure?', ui.ButtonSet.YES_NO)).toBe(ui.Button.CLOSE);
    expect(ui.alert('Title', 'Sure?', ui.ButtonSet.YES_NO)).toBe(ui.Button.YES);
    expect(() => ui.alert('Title', 'Sure?', ui.ButtonSet.YES_NO)).toThrow('The test gave no answer');
    ui.answers.push('OK');
    expect(() => ui.alert('Title', 'Sure?', ui.ButtonSet.YES_NO)).toThrow('"OK" is not a button of YES_NO');
    expect(env.alerts.slice(0, 3)).toEqual(['Done', 'Title: Done', 'Title: Sure?']);
  });

  it('forms: a published form may stop accepting responses; publishing accepts them again; unpublished reads as not accepting', () => {
    const { formApp } = createGoogle();
    const form = formApp.create('F', true);
    form.addTextItem().setTitle('Q');
    expect(form.isAcceptingResponses()).toBe(true);
    form.setAcceptingResponses(false);
    expect(form.isAcceptingResponses()).toBe(false);
    expect(() => form.submit({ Q: 'a' }, new Date())).toThrow(/not accepting responses/);
    form.setPublished(true);
    expect(form.isAcceptingResponses()).toBe(true);
    form.setPublished(false);
    expect(form.isAcceptingResponses()).toBe(false);
  });

  it('scopes: a call needing a permission the account has not allowed throws Google\'s own text; AuthorizationInfo says which are allowed', () => {
    const { env, formApp, spreadsheet, scriptApp, globals } = createGoogle();
    const auth = 'https://www.googleapis.com/auth/';
    const info = (scopes?: string[]) => scriptApp.getAuthorizationInfo('FULL', scopes);
    expect(info().getAuthorizationStatus()).toBe('NOT_REQUIRED');
    expect(info().getAuthorizationUrl()).toBeNull();
    expect(info([...MANIFEST_SCOPES]).getAuthorizedScopes()).toEqual(MANIFEST_SCOPES);

    env.withdrawScope(`${auth}forms`);
    expect(() => formApp.create('F')).toThrow(`You do not have permission to call FormApp.create. Required permissions: (${auth}forms.currentonly || ${auth}forms)`);
    expect(info().getAuthorizationStatus()).toBe('REQUIRED');
    expect(info([`${auth}forms`, `${auth}script.scriptapp`]).getAuthorizedScopes()).toEqual([`${auth}script.scriptapp`]);
    expect(spreadsheet.getSheets()).toHaveLength(1); // other services still answer

    env.withdrawScope(`${auth}script.scriptapp`);
    expect(() => scriptApp.getProjectTriggers()).toThrow(`You do not have permission to call ScriptApp.getProjectTriggers. Required permissions: ${auth}script.scriptapp`);
    env.withdrawScope(`${auth}userinfo.email`);
    const session = globals.Session as { getEffectiveUser(): unknown };
    expect(() => session.getEffectiveUser()).toThrow(`Required permissions: ${auth}userinfo.email`);
    env.withdrawScope(`${auth}spreadsheets.currentonly`);
    expect(() => spreadsheet.getSheets()).toThrow(`You do not have permission to call Spreadsheet.getSheets. Required permissions: (${auth}spreadsheets.currentonly || ${auth}spreadsheets)`);
    expect(() => (globals.SpreadsheetApp as FakeSpreadsheetApp).getUi()).not.toThrow();

    // Withdrawn for one account only; and a test may say a call needs a scope the manifest lacks.
    env.user = 'manager2@example.org';
    expect(formApp.create('G', true).getTitle()).toBe('G');
    env.needScopes('Form.getTitle', [`${auth}spreadsheets`]);
    expect(() => formApp.byTitle('G').getTitle()).toThrow(`Required permissions: ${auth}spreadsheets`);
  });

  it('triggers belong to the user who created them: listed and deletable only by that user; Session says who runs', () => {
    const { env, spreadsheet, scriptApp, globals } = createGoogle();
    const session = globals.Session as { getEffectiveUser(): { getEmail(): string } };
    expect(session.getEffectiveUser().getEmail()).toBe('manager@example.org');
    scriptApp.newTrigger('onFormSubmit').forSpreadsheet(spreadsheet).onFormSubmit().create();
    env.user = 'manager2@example.org';
    expect(session.getEffectiveUser().getEmail()).toBe('manager2@example.org');
    expect(scriptApp.getProjectTriggers()).toEqual([]);
    expect(() => scriptApp.deleteTrigger(scriptApp.triggers[0]!)).toThrow('You do not have permission to delete this trigger.');
    scriptApp.newTrigger('dailyRefresh').timeBased().everyDays(1).atHour(6).create();
    expect(scriptApp.getProjectTriggers().map((t) => t.getHandlerFunction())).toEqual(['dailyRefresh']);
    env.user = 'manager@example.org';
    expect(scriptApp.getProjectTriggers().map((t) => t.getHandlerFunction())).toEqual(['onFormSubmit']);
    expect(scriptApp.triggers.map((t) => t.owner)).toEqual(['manager@example.org', 'manager2@example.org']);
  });

  it('HtmlService: an HtmlOutput chains its setters and keeps its content; only an HtmlOutput can be shown, with a title', () => {
    const { env, ui, globals } = createGoogle();
    const html = globals.HtmlService as FakeHtmlService;
    const output = html.createHtmlOutput('<p>Hi</p>').setWidth(640).setHeight(480.7).setTitle('Page').append('<p>more</p>');
    expect([output.getContent(), output.getWidth(), output.getHeight(), output.getTitle()]).toEqual(['<p>Hi</p><p>more</p>', 640, 480, 'Page']);
    expect(html.createHtmlOutput().getWidth()).toBeNull();
    expect(() => output.setWidth('wide' as unknown as number)).toThrow("The parameters (string) don't match the method signature for HtmlOutput.setWidth.");
    expect(() => html.createHtmlOutput({} as unknown as string)).toThrow("don't match the method signature for HtmlService.createHtmlOutput");
    expect(() => ui.showModalDialog('<p>Hi</p>', 'Settings')).toThrow("The parameters don't match the method signature for Ui.showModalDialog.");
    expect(() => ui.showModalDialog(output, undefined)).toThrow("The parameters don't match the method signature for Ui.showModalDialog.");
    ui.showModalDialog(output, 'Settings');
    expect(ui.dialogs).toEqual([{ title: 'Settings', output }]);
    expect(env.calls.count('Ui.showModalDialog')).toBe(3);
  });
});

describe('the runtime meter', () => {
  it('charges each call by kind and cells, the bundle per execution, and the time waitLock blocks', async () => {
    const { loadScript } = await import('./harness.js');
    const { BUNDLE_LOAD_MS, BUNDLE_LOAD_MS_PER_KB, latencyOf, READ_MS_PER_CELL } = await import('./fakes/meter.js');
    const h = await loadScript('2021-06-10T09:00:00');
    h.script.setUp();
    const meter = h.google.env.meter;
    const sheet = h.google.spreadsheet.sheet('Contacts')!;
    meter.begin('menu', 'a@example.org', 0);
    sheet.getRange(1, 1, 1, 5).getValues();
    const ms = meter.end();
    expect(ms).toBeCloseTo(BUNDLE_LOAD_MS + (BUNDLE_LOAD_MS_PER_KB * Buffer.byteLength(h.code)) / 1024 + latencyOf('Sheet.getRange') + latencyOf('Range.getValues') + 5 * READ_MS_PER_CELL);

    // Two submissions fired within the same second: the second waits for the first, and the wait is its runtime.
    h.google.lock.overlap = true;
    h.setNow('2021-06-10T10:00:00');
    const first = h.submit('Support contact log', { 'Contact date': '2021-06-01', 'Prison number': 'A12', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] });
    h.asTrigger(() => h.script.onFormSubmit(first));
    const firstRun = meter.executions.at(-1)!;
    h.setNow('2021-06-10T10:00:01');
    const second = h.submit('Support contact log', { 'Contact date': '2021-06-02', 'Prison number': 'A12', Scheme: 'Perinatal', 'Peer supporters': ['PS-001'] });
    h.asTrigger(() => h.script.onFormSubmit(second));
    const waited = h.google.lock.blocked.at(-1)!;
    expect(waited).toBeGreaterThan(0);
    expect(meter.executions.at(-1)!.start + waited).toBeLessThanOrEqual(firstRun.start + firstRun.ms);
    expect(meter.executions.at(-1)!.ms).toBeGreaterThan(waited);
    h.google.lock.overlap = false;
  });

  it('fails an execution past 6 minutes, and a consumer account\'s trigger executions once the day\'s 90 minutes are spent', async () => {
    const { loadScript } = await import('./harness.js');
    const { CONSUMER_TRIGGER_MS_PER_DAY, EXCEEDED_TIME, TOO_MUCH_COMPUTER_TIME } = await import('./fakes/meter.js');
    const h = await loadScript('2021-06-10T09:00:00');
    const meter = h.google.env.meter;
    // Google: "Script runtime 6 min / execution" (https://developers.google.com/apps-script/guides/services/quotas).
    meter.begin('menu', 'a@example.org', 0);
    meter.charge(5 * 60 * 1000);
    expect(() => meter.charge(61 * 1000)).toThrow(EXCEEDED_TIME);
    meter.end(EXCEEDED_TIME);

    // "Triggers total runtime 90 min / day" on a consumer account, per user, the day starting at the first.
    const start = Date.UTC(2021, 5, 10, 8);
    for (let i = 0; i < 18; i++) {
      meter.begin('trigger', 'owner@example.org', start + i * 60_000);
      meter.charge(5 * 60 * 1000);
      meter.end();
    }
    expect(meter.triggerMs('owner@example.org', start)).toBeGreaterThanOrEqual(CONSUMER_TRIGGER_MS_PER_DAY);
    expect(() => meter.begin('trigger', 'owner@example.org', start + 3600_000)).toThrow(TOO_MUCH_COMPUTER_TIME);
    // Another account's triggers, and menu commands, still run.
    expect(() => {
      meter.begin('trigger', 'other@example.org', start + 3600_000);
      meter.end();
      meter.begin('menu', 'owner@example.org', start + 3600_000);
      meter.end();
    }).not.toThrow();
    // The quota resets 24 hours after the first request.
    expect(() => {
      meter.begin('trigger', 'owner@example.org', start + 24 * 3600_000);
      meter.end();
    }).not.toThrow();
    // Through the script: once the owner's day is spent, the next trigger fails with Google's message.
    const g = await loadScript('2021-06-10T09:00:00');
    g.google.env.user = 'owner@example.org';
    const spent = g.google.env.meter;
    for (let i = 0; i < 18; i++) {
      spent.begin('trigger', 'owner@example.org', g.clock() - 3600_000 + i * 60_000);
      spent.charge(5 * 60 * 1000);
      spent.end();
    }
    expect(() => g.asTrigger(() => g.script.hourlyRefresh())).toThrow(TOO_MUCH_COMPUTER_TIME);
    expect(spent.executions.at(-1)).toMatchObject({ kind: 'trigger', failed: TOO_MUCH_COMPUTER_TIME });
  });
});
