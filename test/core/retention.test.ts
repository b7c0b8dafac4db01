/**
 * The retention review (data contract §8), on workbooks built to probe each part of
 * its definition (core/retention.ts): the boundary day, a person's latest row across
 * tabs, supporters' End dates, rows about nobody, undated rows, tabs it cannot read.
 */
import { describe, expect, it } from 'vitest';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { findScheme, formsOf } from '../../core/schemes/index.js';
import { makeSettings } from '../../core/settings.js';
import { retentionReview } from '../../core/retention.js';
import type { RawWorkbook } from '../../core/workbook.js';
import { renameColumn, schemeWorkbook, tabOf, withoutTab, workbook, type RowSpec } from '../helpers/build-workbook.js';

// 72 months before 30 June 2027 is 30 June 2021: that day is kept, the day before is due.
const AS_OF = '2027-06-30';

function review(wb: RawWorkbook, months?: number, forms = CONTRACT_FORMS) {
  return retentionReview(wb, forms, makeSettings({ retentionMonths: months }), AS_OF);
}

/** The due rows as `{ tab: rows }`. */
function due(wb: RawWorkbook, months?: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const { tab, row } of review(wb, months).rows) (out[tab] ??= []).push(row);
  return out;
}

const woman = (id: string, received: string, extra: RowSpec = {}): RowSpec => ({
  'Prison number': id,
  'First name': 'Testa',
  'Last name': 'Example',
  'Date received': received,
  ...extra,
});
const contact = (id: string, date: string, extra: RowSpec = {}): RowSpec => ({
  'Contact date': date,
  'Prison number': id,
  Scheme: 'Reconnect',
  'Peer supporters': 'PS-001',
  ...extra,
});
const supporter = (id: string, start: string, end = '', extra: RowSpec = {}): RowSpec => ({
  'Supporter ID': id,
  Name: 'Sample Person',
  Schemes: 'Reconnect',
  'Start date': start,
  'End date': end,
  ...extra,
});

describe('the boundary: older than the period', () => {
  it('exactly 72 months before as-of is not older; one day more is', () => {
    const wb = workbook({
      Women: [woman('A1111AA', '30/06/2021'), woman('B2222BB', '29/06/2021')],
      'Focus groups': [
        { 'Date held': '30/06/2021', Scheme: 'Reconnect', Participants: 4, Facilitator: 'F' },
        { 'Date held': '29/06/2021', Scheme: 'Reconnect', Participants: 4, Facilitator: 'F' },
      ],
    });
    expect(review(wb).before).toBe('2021-06-30');
    expect(due(wb)).toEqual({ Women: [3], 'Focus groups': [3] });
  });

  it('counts calendar months: retentionMonths is a setting', () => {
    const wb = workbook({ Women: [woman('A1111AA', '29/06/2021')] });
    expect(due(wb, 72)).toEqual({ Women: [2] });
    expect(due(wb, 73)).toEqual({});
    // 31 March minus one month is the last day of February.
    expect(retentionReview(wb, CONTRACT_FORMS, makeSettings({ retentionMonths: 1 }), '2021-03-31').before).toBe('2021-02-28');
  });
});

describe('a person goes by their latest row in any tab', () => {
  it('a woman with an old intake but a recent contact is kept whole', () => {
    const wb = workbook({
      Women: [woman('A1111AA', '01/01/2018')],
      Contacts: [contact('A1111AA', '01/01/2019'), contact('A1111AA', '01/07/2021')],
    });
    expect(due(wb)).toEqual({});
  });

  it("lists all of a person's rows across tabs together, and no one else's", () => {
    const wb = workbook({
      Women: [woman('A1111AA', '01/01/2018'), woman('B2222BB', '01/01/2018'), woman(' a1111aa ', '01/01/2018', { 'Perinatal status': 'Pregnant' })],
      Contacts: [contact('B2222BB', '01/01/2022'), contact('A1111AA', '01/02/2019')],
      Releases: [{ 'Prison number': 'A1111AA', 'Release date': '01/03/2019', 'Destination area': 'Norfolk' }],
      'Release planning': [{ 'Prison number': 'A1111AA', Date: '01/02/2019', 'Peer supporter': 'PS-001' }],
    });
    const result = review(wb);
    expect(result.rows).toEqual([
      { tab: 'Women', row: 2 },
      { tab: 'Women', row: 4 },
      { tab: 'Contacts', row: 3 },
      { tab: 'Releases', row: 2 },
      { tab: 'Release planning', row: 2 },
    ]);
    expect(result.counts).toEqual({ Supporters: 0, Women: 2, Contacts: 1, Training: 0, Supervision: 0, Questionnaires: 0, 'Focus groups': 0, Releases: 1, 'Release planning': 1 });
  });

  it('includes rows the reports leave out: an invalid row is held all the same', () => {
    // No first name: excluded from every count, but about A1111AA.
    const wb = workbook({ Women: [woman('A1111AA', '01/01/2018', { 'First name': '' })], Contacts: [contact('A1111AA', '01/01/2019', { Minutes: 'lots' })] });
    expect(due(wb)).toEqual({ Women: [2], Contacts: [2] });
  });

  it('a row whose main date cannot be read goes by its Timestamp', () => {
    const wb = workbook({
      Women: [woman('A1111AA', '01/01/2018')],
      Contacts: [contact('A1111AA', 'last week', { Timestamp: '02/07/2021 10:00:00' })],
    });
    expect(due(wb)).toEqual({});
    expect(due(workbook({ Women: [woman('A1111AA', '01/01/2018')], Contacts: [contact('A1111AA', 'last week', { Timestamp: '02/07/2019 10:00:00' })] }))).toEqual({
      Women: [2],
      Contacts: [2],
    });
  });

  it('a row with no readable date is never due, nor is anything about its person', () => {
    const wb = workbook({
      Women: [woman('A1111AA', '01/01/2018'), woman('B2222BB', '01/01/2018')],
      Contacts: [contact('A1111AA', '31/02/2019', { Timestamp: null })],
      Questionnaires: [{ 'Date completed': 'soon', Scheme: 'Reconnect', Timestamp: '' }],
    });
    const result = review(wb);
    expect(result.rows).toEqual([{ tab: 'Women', row: 3 }]);
    expect(result.undated).toBe(2);
  });

  it('a prison number is one person across schemes: a recent mentee session keeps her intake', () => {
    const forms = formsOf([findScheme('reconnect'), findScheme('ewb')]);
    const wb: RawWorkbook = {
      origin: 'test',
      tabs: [
        ...workbook({ Women: [woman('A1111AA', '01/01/2018')] }).tabs,
        ...schemeWorkbook('ewb', { 'Mentee sessions': [{ 'Session date': '01/01/2022', 'Prison number': 'A1111AA', 'Mentor IDs': 'M-001', 'Session type': 'Art' }] }).tabs,
      ],
    };
    expect(retentionReview(wb, forms, makeSettings(), AS_OF).rows).toEqual([]);
  });
});

describe('supporters go by their End date', () => {
  it('a supporter still in role is never due; one who left goes by the End date', () => {
    const wb = workbook({
      Supporters: [
        supporter('PS-001', '01/01/2015'), // in role since 2015
        supporter('PS-002', '01/01/2015', '01/01/2020'), // left in 2020: due
        supporter('PS-003', '01/01/2015', '01/07/2021'), // left in July 2021: kept
        supporter('PS-004', '01/01/2015', '29/06/2021'),
      ],
    });
    expect(due(wb)).toEqual({ Supporters: [3, 5] });
  });

  it('a leaving date recorded by a later row counts, and so does coming back', () => {
    const wb = workbook({
      Supporters: [
        supporter('PS-001', '01/01/2015'),
        supporter('PS-001', '01/01/2015', '01/01/2019'), // the later row records the leaving date: both rows go
        supporter('PS-002', '01/01/2015', '01/01/2018'),
        supporter('PS-002', '01/01/2020'), // came back in 2020 and is in role
      ],
    });
    expect(due(wb)).toEqual({ Supporters: [2, 3] });
  });

  it("training and supervision are about nobody: they go by their own date, whatever the attendees' status", () => {
    const wb = workbook({
      Supporters: [supporter('PS-001', '01/01/2015')],
      Training: [
        { 'Session date': '01/01/2019', Schemes: 'Reconnect', Trainer: 'T', Attendees: 'PS-001' },
        { 'Session date': '01/01/2022', Schemes: 'Reconnect', Trainer: 'T', Attendees: 'PS-001' },
      ],
      Supervision: [{ 'Session date': '01/01/2019', Schemes: 'Reconnect', Supervisor: 'S', Attendees: 'PS-001' }],
      Questionnaires: [{ 'Date completed': '01/01/2019', Scheme: 'Reconnect' }],
    });
    expect(due(wb)).toEqual({ Training: [2], Supervision: [2], Questionnaires: [2] });
  });

  it('a contact goes by the woman it is about, not by the peer supporters named on it', () => {
    const wb = workbook({
      Supporters: [supporter('PS-009', '01/01/2015', '01/01/2017')],
      Women: [woman('A1111AA', '01/01/2022')],
      Contacts: [contact('A1111AA', '01/01/2019', { 'Peer supporters': 'PS-009' })],
    });
    expect(due(wb)).toEqual({ Supporters: [2] });
  });

  it('a Supporters tab without End date keeps everyone registered there, and says so', () => {
    const wb = workbook({ Supporters: [supporter('PS-002', '01/01/2015', '01/01/2017')] });
    const tab = tabOf(wb, 'Supporters');
    const end = tab.header.indexOf('End date');
    tab.header.splice(end, 1);
    for (const row of tab.rows) row.splice(end, 1);
    const result = review(wb);
    expect(result.rows).toEqual([]);
    expect(result.gaps).toEqual([{ tab: 'Supporters', reason: 'has no column "End date": everyone registered there is taken to be in role' }]);
  });
});

describe('what is never listed, and when nothing can be', () => {
  it('the services directory is kept by hand and never reviewed; a missing tab is said', () => {
    const wb = withoutTab(workbook({ Services: [{ Area: 'Norfolk', 'Service type': 'GP', Name: 'Example Surgery', 'Last verified': '01/01/2015' }] }), 'Training');
    const result = review(wb);
    expect(result.rows).toEqual([]);
    expect(Object.keys(result.counts)).not.toContain('Services');
    expect(result.gaps).toEqual([{ tab: 'Training', reason: 'is not in the workbook: nothing of it is reviewed' }]);
  });

  it('stops, listing nothing, when a tab has lost the column naming whom its rows are about', () => {
    const wb = renameColumn(workbook({ Women: [woman('A1111AA', '01/01/2018')], Contacts: [contact('A1111AA', '01/01/2022')] }), 'Contacts', 'Prison number', 'Prisoner');
    expect(() => review(wb)).toThrow(
      'tab "Contacts" has no column "Prison number", so whose records are recent cannot be told: correct the tab and run the review again (nothing is listed)',
    );
  });

  it('blank rows are not rows', () => {
    const wb = workbook({ Women: [woman('A1111AA', '01/01/2018')] });
    tabOf(wb, 'Women').rows.unshift(tabOf(wb, 'Women').header.map(() => ''));
    expect(due(wb)).toEqual({ Women: [3] });
  });
});
