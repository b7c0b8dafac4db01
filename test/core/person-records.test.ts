/**
 * Subject access (data contract §8): which rows are about a person, and how each is
 * given — every column, as the sheet holds it, valid or not.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { findScheme, formsOf } from '../../core/schemes/index.js';
import { makeSettings } from '../../core/settings.js';
import { findPersonRecords, personIdentifier } from '../../core/person-records.js';
import type { RawWorkbook } from '../../core/workbook.js';
import { renameColumn, tabOf, withoutTab, workbook } from '../helpers/build-workbook.js';

const settings = makeSettings();
const find = (wb: RawWorkbook, id: string) => findPersonRecords(wb, CONTRACT_FORMS, id, settings);
const where = (wb: RawWorkbook, id: string) => find(wb, id).rows.map((r) => `${r.tab} ${r.row}`);

describe('personIdentifier', () => {
  it('takes a prison number or a Supporter ID, trimmed and upper-cased', () => {
    expect(personIdentifier(' a1234bc ', CONTRACT_FORMS)).toBe('A1234BC');
    expect(personIdentifier('ps-007', CONTRACT_FORMS)).toBe('PS-007');
  });

  it('refuses anything else in one line naming what is expected, never echoing what was typed', () => {
    expect(() => personIdentifier('Testa Example', CONTRACT_FORMS)).toThrow(
      /^give one Prison number \(like A1234BC\) or Supporter ID \(like PS-007\): what was given matches neither$/,
    );
    expect(() => personIdentifier(undefined, CONTRACT_FORMS)).toThrow(/^give one Prison number \(like A1234BC\) or Supporter ID \(like PS-007\)$/);
  });

  it("names every configured scheme's identifiers", () => {
    const forms = formsOf([findScheme('perinatal'), findScheme('ewb')]);
    expect(personIdentifier('m-001', forms)).toBe('M-001');
    expect(() => personIdentifier('X', forms)).toThrow('give one Prison number (like A1234BC), Supporter ID (like PS-007) or Mentor ID (like M-001): what was given matches none of them');
  });
});

describe('the rows about a person', () => {
  const wb = workbook({
    Supporters: [{ 'Supporter ID': 'PS-007', Name: 'Sample Person', Schemes: 'Perinatal', 'Start date': '01/01/2021' }],
    Women: [
      { 'Prison number': 'A1234BC', 'First name': 'Testa', 'Last name': 'Example', 'Date received': '01/02/2021' },
      { 'Prison number': 'B2222BB', 'First name': 'Other', 'Last name': 'Example', 'Date received': '01/02/2021' },
      // Invalid (no names): held all the same.
      { 'Prison number': ' a1234bc ', 'Date received': 'soon' },
    ],
    Contacts: [
      { 'Contact date': '02/02/2021', 'Prison number': 'A1234BC', Scheme: 'Perinatal', 'Peer supporters': 'PS-001, ps-007' },
      { 'Contact date': '02/02/2021', 'Prison number': 'B2222BB', Scheme: 'Perinatal', 'Peer supporters': 'PS-0071' },
    ],
    Training: [{ 'Session date': '03/02/2021', Schemes: 'Perinatal', Trainer: 'T', Attendees: 'PS-001,PS-007' }],
    'Release planning': [{ 'Prison number': 'B2222BB', Date: '04/02/2021', 'Peer supporter': 'PS-007' }],
  });

  it('a prison number: every row whose Prison number holds it, valid or not, in tab order then row order', () => {
    expect(where(wb, 'A1234BC')).toEqual(['Women 2', 'Women 4', 'Contacts 2']);
  });

  it('a Supporter ID: in its own column, in checkbox lists (Peer supporters, Attendees) and as a single answer, whole IDs only', () => {
    expect(where(wb, 'PS-007')).toEqual(['Supporters 2', 'Contacts 2', 'Training 2', 'Release planning 2']);
  });

  it('gives every column of the row as text, as the sheet holds it', () => {
    const [intake, invalid] = find(wb, 'A1234BC').rows;
    expect(intake!.values).toEqual({
      Timestamp: expect.stringMatching(/^\d{2}\/01\/2020 \d{2}:\d{2}:\d{2}$/),
      'Prison number': 'A1234BC',
      'First name': 'Testa',
      'Last name': 'Example',
      'Date received': '01/02/2021',
      'Perinatal status': '',
      'Expected release date': '',
      'Release date confirmed': '',
      'Destination area': '',
      'Consent to peer support': '',
      'Consent to share with healthcare': '',
      'Consent withdrawn date': '',
    });
    expect(invalid!.values['Prison number']).toBe(' a1234bc ');
    expect(invalid!.values['Date received']).toBe('soon');
  });

  it('lists the tabs searched and the others', () => {
    const found = find(wb, 'A1234BC');
    expect(found.tabs).toEqual(['Women', 'Contacts', 'Releases', 'Release planning']);
    expect(found.otherTabs).toEqual(['Supporters', 'Training', 'Supervision', 'Questionnaires', 'Focus groups', 'Services']);
    expect(found.columns).toEqual(['Prison number']);
    expect(found.gaps).toEqual([]);
  });
});

describe('columns no question declares, and odd headers', () => {
  it('includes a Void column and a column added by hand; a blank or repeated header gets its column letter', () => {
    const wb = workbook({ Releases: [{ 'Prison number': 'A1234BC', 'Release date': '01/03/2021', 'Destination area': 'Norfolk' }] });
    const tab = tabOf(wb, 'Releases');
    tab.header.push('Void', '', 'Destination area');
    tab.rows[0]!.push('entered twice', 'a note', 'Suffolk');
    const [row] = find(wb, 'A1234BC').rows;
    expect(row!.values).toMatchObject({ Void: 'entered twice', 'Column K': 'a note', 'Destination area': 'Norfolk', 'Destination area (column L)': 'Suffolk' });
  });

  it('searches a repeated identifier column too, so no row is missed', () => {
    const wb = workbook({ Releases: [{ 'Prison number': 'B2222BB', 'Release date': '01/03/2021', 'Destination area': 'Norfolk' }] });
    const tab = tabOf(wb, 'Releases');
    tab.header.push('Prison number');
    tab.rows[0]!.push('A1234BC');
    expect(where(wb, 'A1234BC')).toEqual(['Releases 2']);
  });

  it('says when a tab or an identifier column is missing: the answer would be incomplete', () => {
    const wb = renameColumn(withoutTab(workbook(), 'Releases'), 'Contacts', 'Prison number', 'Prisoner');
    expect(find(wb, 'A1234BC').gaps).toEqual([
      { tab: 'Contacts', reason: 'has no column "Prison number": its rows were not searched by it' },
      { tab: 'Releases', reason: 'not found in the workbook' },
    ]);
  });
});

describe('real date cells (an .xlsx download, the Sheets API)', () => {
  it('shows serial numbers and date cells of date columns as dates in the locale, other numbers as they are', () => {
    const wb = workbook({
      Contacts: [{ Timestamp: 44287.5, 'Contact date': 44287, 'Prison number': 'A1234BC', Scheme: 'Perinatal', 'Peer supporters': 'PS-001', Minutes: 45 }],
      Releases: [{ Timestamp: DateTime.fromISO('2021-04-02T09:30:00', { zone: 'Europe/London' }), 'Prison number': 'A1234BC', 'Release date': true }],
    });
    const [contact, release] = find(wb, 'A1234BC').rows;
    expect(contact!.values).toMatchObject({ Timestamp: '01/04/2021 12:00:00', 'Contact date': '01/04/2021', Minutes: '45' });
    expect(release!.values).toMatchObject({ Timestamp: '02/04/2021 09:30:00', 'Release date': 'TRUE' });
    const us = findPersonRecords(wb, CONTRACT_FORMS, 'A1234BC', makeSettings({ locale: 'en_US' })).rows[0]!;
    expect(us.values['Contact date']).toBe('4/1/2021');
  });
});
