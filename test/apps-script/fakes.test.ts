/**
 * The fakes themselves behave as Google's reference says, or the other tests
 * would prove nothing: 1-based ranges inside the grid, rectangular getValues with
 * Date objects, setValues dimension errors, typed text read as Sheets reads it,
 * locks that time out, choice lists that cannot be empty, linking that makes a tab,
 * sheets known by id and by a unique name, and failures injected on demand.
 */
import { describe, expect, it } from 'vitest';
import { createGoogle } from './fakes/google.js';
import { isDate } from './fakes/env.js';

describe('the fakes', () => {
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
    const form = formApp.create('F');
    expect(() => form.addCheckboxItem().setTitle('Q').setChoiceValues([])).toThrow();
    expect(() => form.getDestinationId()).toThrow();
    expect(() => form.addTextItem().asCheckboxItem()).toThrow();
    form.setDestination('SPREADSHEET', spreadsheet.id);
    expect(spreadsheet.sheets[0]!.name).toBe('Form responses 1');
    expect(spreadsheet.sheets[0]!.dump()).toEqual([['Timestamp', 'Q']]); // the untitled text item's header is blank
    expect(() => formApp.openById('nope')).toThrow('No item with the given ID could be found, or you do not have permission to access it.');
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
    const form = formApp.create('F');
    form.setDestination('SPREADSHEET', spreadsheet.id);
    const first = spreadsheet.sheets[0]!;
    expect(first.getFormUrl()).toMatch(/^https:\/\/docs\.google\.com\/forms\//);
    form.setDestination('SPREADSHEET', spreadsheet.id); // linked again: a new tab; the old one keeps its rows, unlinked
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
});
