/**
 * The indicator engine's general parts that the schemes added: `in` conditions,
 * latest-in-period cohorts, values kept by their registration or by the rows before
 * them, a line as a share of another, and the compile-time checks on all of these.
 */
import { describe, expect, it } from 'vitest';
import { cohortMembers, evaluateLine, evaluateLines, type CohortDefinition, type ReportLine } from '../../core/report-lines.js';
import { BUDDY_FORMS } from '../../core/schemes/buddies/forms.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { defineScheme } from '../../core/scheme.js';
import { dataset, schemeWorkbook, workbook, type RowSpec } from '../helpers/build-workbook.js';

const Q = { label: 'Q', start: '2021-04-01', end: '2021-06-30' };
const support = (over: RowSpec): RowSpec => ({
  'Support date': '15/05/2021',
  'Recipient prison number': 'A1234BC',
  'Buddy ID': 'B-001',
  Hours: 1,
  'Support given': 'Collecting meals',
  ...over,
});
const review = (pn: string, date: string, independence: string): RowSpec => ({ 'Date completed': date, 'Recipient prison number': pn, 'Independence since support': independence });
const build = (tabs: Record<string, RowSpec[]>) => dataset(schemeWorkbook('buddies', tabs), {}, BUDDY_FORMS);

describe('an `in` condition', () => {
  const count = (where: ReportLine & { count: 'rows' }) => (ds: ReturnType<typeof build>) => evaluateLine(where, { dataset: ds, period: Q, params: { kind: 'Laundry' } });

  it('matches a choice answer that is one of its operands, literal or parameter', () => {
    const ds = build({
      'Safeguarding concerns': [
        { 'Date raised': '15/05/2021', 'Raised by': 'Staff', Category: 'Neglect' },
        { 'Date raised': '15/05/2021', 'Raised by': 'Staff', Category: 'Exploitation of a buddy' },
        { 'Date raised': '15/05/2021', 'Raised by': 'Buddy', Category: 'buddy working beyond their role' },
        { 'Date raised': '15/05/2021', 'Raised by': 'Buddy', Category: 'Other' },
      ],
    });
    const result = count({
      id: 'x',
      label: 'x',
      count: 'rows',
      definition: '',
      sources: [{ form: 'safeguarding', date: 'dateRaised', where: [{ field: 'category', in: ['Exploitation of a buddy', 'Buddy working beyond their role'] }] }],
    })(ds);
    expect(result.value).toBe(2);
    expect(result.evidence).toEqual([{ tab: 'Safeguarding concerns', rows: [3, 4] }]);
  });

  it('matches a checkbox answer that includes any of its operands; a blank answer never matches', () => {
    const ds = build({
      'Buddy support': [
        support({ 'Support given': 'Collecting meals, Laundry' }), // 2
        support({ 'Support given': 'Reading and writing' }), // 3
        support({ 'Support given': 'Laundry' }), // 4
        support({ 'Support given': 'Cleaning cell, Other' }), // 5
      ],
      'Buddy staff time': [{ Date: '15/05/2021', Activity: 'Training buddies', Hours: 2 }],
    });
    const result = count({
      id: 'x',
      label: 'x',
      count: 'rows',
      definition: '',
      sources: [{ form: 'buddySupport', date: 'supportDate', where: [{ field: 'supportGiven', in: [{ param: 'kind' }, 'Other'] }] }],
    })(ds);
    expect(result.value).toBe(3);
    expect(result.evidence).toEqual([{ tab: 'Buddy support', rows: [2, 4, 5] }]);
    const blank = count({
      id: 'y',
      label: 'y',
      count: 'rows',
      definition: '',
      sources: [{ form: 'buddyStaffTime', date: 'date', where: [{ field: 'staffRole', in: ['Other', ''] }] }],
    })(ds);
    expect(blank.value).toBe(0);
  });
});

describe('a latest-in-period cohort', () => {
  const reviewed: CohortDefinition = { form: 'recipientReviews', date: 'dateCompleted', by: 'recipient', member: 'latestInPeriod' };
  const firstEver: CohortDefinition = { ...reviewed, member: 'first' };

  it('has everyone with a row in the period, each by their latest row in it', () => {
    const ds = build({
      'Recipient reviews': [
        review('A0001BC', '15/03/2021', 'Improved'), // 2: before; her row in the period is 3
        review('A0001BC', '15/05/2021', 'Worse'), // 3
        review('A0002BC', '30/06/2021', 'Improved'), // 4: latest in the period, submitted first
        review('A0002BC', '01/04/2021', 'No change'), // 5
        review('A0002BC', '01/07/2021', 'Worse'), // 6: after the period
        review('A0003BC', '31/03/2021', 'Improved'), // 7: only before
        review('A0004BC', '20/06/2021', 'No change'), // 8: same date as row 9
        review('A0004BC', '20/06/2021', 'Improved'), // 9: the later row wins
      ],
    });
    const members = cohortMembers(reviewed, ds, Q);
    expect(Object.fromEntries(members.map((m) => [m.id, m.first.row]))).toEqual({ A0001BC: 3, A0002BC: 4, A0004BC: 9 });
    // The default (first ever) cohort of the same rows: only those whose first row is in the period.
    expect(Object.fromEntries(cohortMembers(firstEver, ds, Q).map((m) => [m.id, m.first.row]))).toEqual({ A0002BC: 5, A0004BC: 8 });
  });

  it('takes a follow-up on or after the member’s row, as the first-row cohort does', () => {
    const ds = build({
      'Recipient reviews': [review('A0001BC', '15/05/2021', 'Improved')],
    });
    const withFollowUp: CohortDefinition = { ...reviewed, followUp: { form: 'recipientReviews', date: 'dateCompleted', by: 'recipient' } };
    const [member] = cohortMembers(withFollowUp, ds, Q);
    expect(member!.followUp!.row).toBe(2);
  });
});

describe('the registry of reports', () => {
  it('names a trend line that each report really has, and unique ids and tabs', async () => {
    const { SCHEMES, formsOf } = await import('../../core/schemes/index.js');
    for (const report of SCHEMES) {
      if (report.trend) expect(report.lines.map((i) => i.id)).toContain(report.trend.line);
      const ids = report.lines.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(new Set(SCHEMES.map((r) => r.id)).size).toBe(SCHEMES.length);
    const tabs = formsOf(SCHEMES).map((f) => f.tab.toLowerCase());
    expect(new Set(tabs).size).toBe(tabs.length);
  });
});

describe('a line that is a share of another (`of`)', () => {
  const released: ReportLine = { id: 'released', label: 'Released', count: 'distinct', definition: '', sources: [{ form: 'releases', date: 'releaseDate', value: 'prisonNumber' }] };
  const contacted: ReportLine = {
    id: 'contacted',
    label: 'Of those, contacted',
    count: 'distinct',
    of: 'released',
    definition: '',
    sources: [{ form: 'contacts', date: 'contactDate', value: 'prisonNumber' }],
  };
  const ds = dataset(
    workbook({
      Releases: [{ 'Prison number': 'A1234BC', 'Release date': '15/05/2021', 'Destination area': 'Leeds' }, { 'Prison number': 'B2345CD', 'Release date': '16/05/2021', 'Destination area': 'Leeds' }],
      Contacts: ['A1234BC', 'C3456DE', 'C3456DE, '].map((pn) => ({ 'Contact date': '10/05/2021', 'Prison number': pn, Scheme: 'Reconnect', 'Peer supporters': 'PS-001' })),
    }),
  );

  it('counts only values the other line counted, with that line as the denominator', () => {
    const [, share] = evaluateLines([released, contacted], { dataset: ds, period: Q, params: {} });
    // C3456DE was contacted but not released: not one "of those", and her rows are not behind the number.
    expect(share).toMatchObject({ value: 1, numerator: 1, denominator: 2, percent: 50, evidence: [{ tab: 'Contacts', rows: [2] }] });
  });

  it('needs the other line before it: an error when the scheme is declared, and when evaluated', () => {
    expect(() => evaluateLines([contacted, released], { dataset: ds, period: Q, params: {} })).toThrow(/share of "released", which is not a count earlier/);
    const declare = () =>
      defineScheme(CONTRACT_FORMS, {
        id: 'x',
        title: 'x',
        subtitle: 'x',
        params: {},
        template: 'report',
        lines: [
          { id: 'b', label: 'b', count: 'distinct', of: 'a', definition: '', sources: [{ form: 'releases', date: 'releaseDate', value: 'prisonNumber' }] },
          { id: 'a', label: 'a', count: 'distinct', definition: '', sources: [{ form: 'releases', date: 'releaseDate', value: 'prisonNumber' }] },
        ],
      });
    expect(declare).toThrow('Scheme x: line b is a share of "a", which is not a line before it');
  });
});

describe('defineScheme checks the forms and fields of `registered`, `precededBy` and `group` when compiled', () => {
  it('accepts what the contract declares and refuses the rest (see the @ts-expect-error lines, checked by npm run typecheck)', () => {
    const base = { id: 'x', title: 'x', subtitle: 'x', params: {}, template: 'report' } as const;
    const source = { form: 'training', date: 'sessionDate', value: 'attendees' } as const;
    const line = { id: 'l', label: 'l', count: 'distinct', definition: '' } as const;
    // Declared but never run: only their types matter here.
    const declarations = [
      () => defineScheme(CONTRACT_FORMS, { ...base, lines: [{ ...line, sources: [{ ...source, registered: { form: 'supporters', field: 'schemes', includes: 'Perinatal' } }] }] }),
      // @ts-expect-error Contacts is not upserted: it has no registrations to look a value up in.
      () => defineScheme(CONTRACT_FORMS, { ...base, lines: [{ ...line, sources: [{ ...source, registered: { form: 'contacts', field: 'scheme', includes: 'Perinatal' } }] }] }),
      // @ts-expect-error Supporters has no field "scheme" (it is "schemes").
      () => defineScheme(CONTRACT_FORMS, { ...base, lines: [{ ...line, sources: [{ ...source, registered: { form: 'supporters', field: 'scheme', includes: 'Perinatal' } }] }] }),
      () =>
        defineScheme(CONTRACT_FORMS, {
          ...base,
          lines: [{ ...line, sources: [{ form: 'releases', date: 'releaseDate', value: 'prisonNumber', precededBy: { days: 42, rows: [{ form: 'releasePlanning', date: 'date', by: 'prisonNumber' }] } }] }],
        }),
      () =>
        defineScheme(CONTRACT_FORMS, {
          ...base,
          // @ts-expect-error Release planning's date column is "date", not "planningDate".
          lines: [{ ...line, sources: [{ form: 'releases', date: 'releaseDate', value: 'prisonNumber', precededBy: { days: 42, rows: [{ form: 'releasePlanning', date: 'planningDate', by: 'prisonNumber' }] } }] }],
        }),
      () =>
        defineScheme(CONTRACT_FORMS, {
          ...base,
          lines: [
            {
              ...line,
              sources: [
                // @ts-expect-error Contacts has no field "type" (it is "contactType").
                { form: 'releases', date: 'releaseDate', value: 'prisonNumber', precededBy: { days: 42, rows: [{ form: 'contacts', date: 'contactDate', by: 'prisonNumber', where: [{ field: 'type', includes: 'Release planning' }] }] } },
              ],
            },
          ],
        }),
      () => defineScheme(CONTRACT_FORMS, { ...base, groups: { 'Also recorded': 'Not contract lines.' }, lines: [{ ...line, group: 'Also recorded', sources: [source] }] }),
      // @ts-expect-error A heading the scheme does not declare.
      () => defineScheme(CONTRACT_FORMS, { ...base, groups: { 'Also recorded': 'Not contract lines.' }, lines: [{ ...line, group: 'Also recoded', sources: [source] }] }),
    ];
    expect(declarations).toHaveLength(8);
  });
});
