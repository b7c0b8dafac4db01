/** Social care buddies (seed 003): every line of the quarterly monitoring report at its edges, the workload guard, the sample. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset, type Dataset } from '../../core/dataset.js';
import { BUDDY_FORMS, STAFF_ACTIVITIES, SUPPORT_KINDS } from '../../core/schemes/buddies/forms.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { EWB_FORMS } from '../../core/schemes/ewb/forms.js';
import { compareReport, evaluateReport, reportJson } from '../../core/report.js';
import { findScheme } from '../../core/schemes/index.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import type { RawWorkbook } from '../../core/workbook.js';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { evidenceByTab, issuesOn, report, schemeWorkbook, type RowSpec, AFTER, BEFORE, FIRST, LAST, MID, Q } from '../helpers/build-workbook.js';
import { runCli } from '../helpers/run-cli.js';


const support = (over: RowSpec = {}): RowSpec => ({
  'Support date': MID,
  'Recipient prison number': 'A1234BC',
  'Buddy ID': 'B-001',
  Hours: 1,
  'Support given': 'Collecting meals',
  ...over,
});
const staff = (over: RowSpec = {}): RowSpec => ({ Date: MID, Activity: 'Coordinating the scheme', Hours: 2, ...over });
const pay = (over: RowSpec = {}): RowSpec => ({ 'Week ending': '16/05/2021', 'Buddy ID': 'B-001', 'Amount paid (£)': 10, ...over });
const review = (pn: string, date: string, over: RowSpec = {}): RowSpec => ({
  'Date completed': date,
  'Recipient prison number': pn,
  'Independence since support': 'Improved',
  'Wellbeing since support': 'Improved',
  'Happy with the support': 'Yes',
  ...over,
});
const concern = (over: RowSpec = {}): RowSpec => ({ 'Date raised': MID, 'Raised by': 'Staff', Category: 'Neglect', ...over });
const buddy = (id: string, over: RowSpec = {}): RowSpec => ({ 'Buddy ID': id, Name: 'Testa Example', Role: 'Paid', 'Start date': '01/01/2021', ...over });
const pn = (i: number) => `A${String(1000 + i)}BC`;
const buddies = (tabs: Record<string, RowSpec[]>, overrides = {}) => report('buddies', Q, schemeWorkbook('buddies', tabs), overrides);
const slug = (text: string) => text.toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '');

describe('the buddies report', () => {
  it('has its lines in order, rendered by the generic report template', () => {
    const definition = findScheme('buddies');
    expect(definition.template).toBe('report');
    expect(definition.forms.map((f) => f.tab)).toEqual(['Buddies', 'Buddy support', 'Buddy staff time', 'Buddy pay', 'Recipient reviews', 'Safeguarding concerns']);
    expect(buddies({}).result.lines.map((m) => m.id)).toEqual([
      'buddies_active',
      'recipients_supported',
      'support_sessions',
      'support_hours',
      ...SUPPORT_KINDS.map((k) => `support_${slug(k)}`),
      'staff_hours',
      ...STAFF_ACTIVITIES.map((a) => `staff_hours_${slug(a)}`),
      'buddy_pay',
      'recipients_reviewed',
      'independence_improved_pct',
      'wellbeing_improved_pct',
      'happy_with_support_pct',
      'safeguarding_concerns',
      'safeguarding_buddy_concerns',
    ]);
    expect(findScheme('buddies').lines.find((i) => i.id === 'support_collecting_meals')!.label).toBe('Support given: Collecting meals');
  });

  it('on an empty workbook: counts and sums are 0, percentages null with 0/0', () => {
    const run = buddies({});
    for (const m of run.result.lines) {
      if (m.id.endsWith('_pct')) expect(m).toMatchObject({ value: null, numerator: 0, denominator: 0 });
      else expect(m.value).toBe(0);
      expect(m.evidence).toEqual([]);
    }
  });
});

describe('buddies report: rows on the first and last day of the quarter count, the day before and after do not', () => {
  type Case = readonly [metric: string, tab: string, make: (date: string, n: number) => RowSpec, value: number];
  const cases: Case[] = [
    ['buddies_active', 'Buddy support', (d, n) => support({ 'Support date': d, 'Buddy ID': `B-00${n}` }), 2],
    ['recipients_supported', 'Buddy support', (d, n) => support({ 'Support date': d, 'Recipient prison number': pn(n) }), 2],
    ['support_sessions', 'Buddy support', (d) => support({ 'Support date': d }), 2],
    ['support_hours', 'Buddy support', (d, n) => support({ 'Support date': d, Hours: n }), 5], // rows 3 and 4: 2 + 3 hours
    ['support_laundry', 'Buddy support', (d) => support({ 'Support date': d, 'Support given': 'Laundry' }), 2],
    ['staff_hours', 'Buddy staff time', (d, n) => staff({ Date: d, Hours: n }), 5],
    ['staff_hours_training_buddies', 'Buddy staff time', (d, n) => staff({ Date: d, Hours: n, Activity: 'Training buddies' }), 5],
    ['buddy_pay', 'Buddy pay', (d, n) => pay({ 'Week ending': d, 'Amount paid (£)': n }), 5],
    ['recipients_reviewed', 'Recipient reviews', (d, n) => review(pn(n), d), 2],
    ['safeguarding_concerns', 'Safeguarding concerns', (d) => concern({ 'Date raised': d }), 2],
    ['safeguarding_buddy_concerns', 'Safeguarding concerns', (d) => concern({ 'Date raised': d, Category: 'Exploitation of a buddy' }), 2],
  ];

  it.each(cases)('%s from %s', (metric, tab, make, value) => {
    const run = buddies({ [tab]: [BEFORE, FIRST, LAST, AFTER].map((d, i) => make(d, i + 1)) });
    expect(run.value[metric]).toBe(value);
    expect(evidenceByTab(run.evidence[metric]!)).toEqual({ [tab]: [3, 4] });
  });
});

describe('buddies report: activity', () => {
  it('buddies_active and recipients_supported: distinct, trimmed and upper-cased, valid rows only', () => {
    const run = buddies({
      Buddies: [buddy('B-001'), buddy('B-002')],
      'Buddy support': [
        support({ 'Buddy ID': 'B-001', 'Recipient prison number': pn(1) }), // 2
        support({ 'Buddy ID': ' b-001', 'Recipient prison number': pn(1).toLowerCase() }), // 3: the same again
        support({ 'Buddy ID': 'B-002', 'Recipient prison number': pn(2) }), // 4
        support({ 'Buddy ID': 'B-003', 'Recipient prison number': pn(3) }), // 5: unregistered: a warning, still counted
        support({ 'Buddy ID': 'B-04', 'Recipient prison number': pn(4) }), // 6: breaks the pattern
        support({ 'Buddy ID': 'B-005', 'Recipient prison number': pn(5), Hours: 0 }), // 7: under a quarter of an hour
        support({ 'Buddy ID': 'B-006', 'Recipient prison number': pn(6), Hours: 13 }), // 8: over 12 hours
        support({ 'Buddy ID': 'B-007', 'Recipient prison number': pn(7), 'Support given': 'Personal care' }), // 9: not offered
        support({ 'Buddy ID': 'B-008', 'Recipient prison number': pn(8), 'Support given': '' }), // 10: required
        support({ 'Buddy ID': 'B-009', 'Recipient prison number': pn(9), Hours: '' }), // 11: required
      ],
    });
    expect(run.value.buddies_active).toBe(3);
    expect(run.value.recipients_supported).toBe(3);
    expect(evidenceByTab(run.evidence.buddies_active!)).toEqual({ 'Buddy support': [2, 3, 4, 5] });
    expect(issuesOn(run.dataset, 'Buddy support', 'error').map((i) => i.row)).toEqual([6, 7, 8, 9, 10, 11]);
    const warnings = issuesOn(run.dataset, 'Buddy support', 'warning');
    expect(warnings.map((w) => [w.row, w.reason])).toEqual([[5, '"Buddy ID" names a Buddy ID that no Buddies row registers; still counted']]);
  });

  it('recipients are not cross-checked against any register', () => {
    const run = buddies({ Buddies: [buddy('B-001')], 'Buddy support': [support()] });
    expect(run.dataset.issues).toEqual([]);
  });

  it('support_hours: the Hours added up, in quarter hours, to two decimals', () => {
    const run = buddies({
      'Buddy support': [support({ Hours: 0.25 }), support({ Hours: '1.5' }), support({ Hours: 0.33 }), support({ Hours: 12 }), support({ Hours: 'one' })],
    });
    expect(run.value.support_hours).toBe(14.08);
    expect(run.value.support_sessions).toBe(4);
  });

  it('support by kind: a row with several kinds counts under each; a repeat counts once', () => {
    const run = buddies({
      'Buddy support': [
        support({ 'Support given': 'Collecting meals, Pushing wheelchair' }),
        support({ 'Support given': 'pushing wheelchair,  moving around the prison' }),
        support({ 'Support given': 'Company and conversation', Timestamp: '15/05/2021 10:00:00' }),
        support({ 'Support given': 'Company and conversation', Timestamp: '15/05/2021 10:00:00' }), // submitted twice
      ],
    });
    expect(run.value).toMatchObject({
      support_collecting_meals: 1,
      support_pushing_wheelchair: 2,
      support_moving_around_the_prison: 1,
      support_company_and_conversation: 1,
      support_cleaning_cell: 0,
      support_sessions: 3,
    });
  });
});

describe('buddies report: costs', () => {
  it('staff_hours: every activity, any role (or none); by activity, only its own', () => {
    const run = buddies({
      'Buddy staff time': [
        staff({ Activity: 'Supervising buddies', 'Staff role': 'Prison officer', Hours: 1.5 }),
        staff({ Activity: 'Supervising buddies', Hours: 0.5 }),
        staff({ Activity: 'Coordinating the scheme', 'Staff role': 'Scheme coordinator', Hours: 3 }),
        staff({ Activity: 'Recruiting buddies', Hours: 1 }),
        staff({ Activity: 'Gardening', Hours: 5 }), // not an activity: excluded
        staff({ Activity: 'Training buddies', Hours: 25 }), // over 24 hours: excluded
      ],
    });
    expect(run.value).toMatchObject({
      staff_hours: 6,
      staff_hours_supervising_buddies: 2,
      staff_hours_coordinating_the_scheme: 3,
      staff_hours_training_buddies: 0,
      staff_hours_recruiting_buddies: 1,
    });
  });

  it('buddy_pay: the amounts of the weeks ending in the quarter, to the penny, typed with or without a pound sign', () => {
    const run = buddies({
      'Buddy pay': [
        pay({ 'Amount paid (£)': 12.5 }), // 2
        pay({ 'Amount paid (£)': '7.25' }), // 3
        pay({ 'Amount paid (£)': '0.1' }), // 4
        pay({ 'Amount paid (£)': '0.2' }), // 5
        pay({ 'Week ending': '04/07/2021', 'Amount paid (£)': 9 }), // 6: the week of 28 June ends after the quarter
        pay({ 'Amount paid (£)': '£12.50' }), // 7: pounds are the only currency
        pay({ 'Amount paid (£)': ' £ 5 ' }), // 8
        pay({ 'Amount paid (£)': '' }), // 9: excluded (required)
        pay({ 'Amount paid (£)': '$3' }), // 10: excluded: not pounds
        pay({ 'Amount paid (£)': '£1,00' }), // 11: excluded: a comma that does not separate thousands
        pay({ 'Amount paid (£)': '£' }), // 12: excluded: no amount
      ],
    });
    expect(run.value.buddy_pay).toBe(37.55);
    expect(evidenceByTab(run.evidence.buddy_pay!)).toEqual({ 'Buddy pay': [2, 3, 4, 5, 7, 8] });
    expect(issuesOn(run.dataset, 'Buddy pay', 'error').map((i) => i.row)).toEqual([9, 10, 11, 12]);
    expect(issuesOn(run.dataset, 'Buddy pay', 'error')[1]).toMatchObject({ reason: 'excluded: "Amount paid (£)" must be a number from 0 to 200', answer: '$3' });
  });

  it('an amount of a thousand pounds or more may separate its thousands with commas', async () => {
    const { answerReader } = await import('../../core/validate.js');
    const read = answerReader({ title: 'Grant (£)', key: 'grant', type: 'number', money: true }, DEFAULT_SETTINGS);
    expect([read('£1,200'), read('£1,200.50'), read('1200'), read('£12,34')]).toEqual([1200, 1200.5, 1200, expect.objectContaining({ reason: expect.stringContaining('must be a number') })]);
    const plain = answerReader({ title: 'Hours', key: 'hours', type: 'number' }, DEFAULT_SETTINGS);
    expect(plain('£5')).toEqual(expect.objectContaining({ reason: expect.stringContaining('must be a number') }));
  });
});

describe('buddies report: outcomes', () => {
  it('recipients_reviewed: each person reviewed in the quarter once, by their latest review in it', () => {
    const run = buddies({
      'Recipient reviews': [
        review(pn(1), BEFORE, { 'Independence since support': 'Improved' }), // 2: before: not theirs this quarter
        review(pn(1), MID, { 'Independence since support': 'Worse' }), // 3
        review(pn(2), LAST, { 'Independence since support': 'Improved' }), // 4: the latest in the quarter
        review(pn(2), FIRST, { 'Independence since support': 'No change' }), // 5
        review(pn(2), AFTER, { 'Independence since support': 'Worse' }), // 6: after
        review(pn(3), MID, { 'Independence since support': 'Better' }), // 7: excluded
      ],
    });
    expect(run.value.recipients_reviewed).toBe(2);
    expect(evidenceByTab(run.evidence.recipients_reviewed!)).toEqual({ 'Recipient reviews': [3, 4] });
    expect(run.metric.independence_improved_pct).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
  });

  it.each([
    ['independence_improved_pct', 'Independence since support', 'Improved'],
    ['wellbeing_improved_pct', 'Wellbeing since support', 'Improved'],
    ['happy_with_support_pct', 'Happy with the support', 'Yes'],
  ])('%s: blank and Prefer not to say leave the denominator; rounded half up; n/N in the JSON', (id, column, yes) => {
    const other = yes === 'Yes' ? 'No' : 'No change';
    const answers = [yes, other, other, other, other, other, other, other, 'Prefer not to say', ''];
    const run = buddies({ 'Recipient reviews': answers.map((a, i) => review(pn(i), MID, { [column]: a })) });
    expect(run.metric[id]).toMatchObject({ value: 13, numerator: 1, denominator: 8 }); // 12.5 rounds up
    expect(reportJson(run.result).metrics.find((m) => m.id === id)).toMatchObject({ value: 13, numerator: 1, denominator: 8 });
    const none = buddies({ 'Recipient reviews': [review(pn(1), MID, { [column]: 'Prefer not to say' })] });
    expect(none.metric[id]).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });

  it('Worse and No change are in the denominator of improvement', () => {
    const run = buddies({
      'Recipient reviews': ['Improved', 'Improved', 'Worse'].map((a, i) => review(pn(i), MID, { 'Wellbeing since support': a })),
    });
    expect(run.metric.wellbeing_improved_pct).toMatchObject({ value: 67, numerator: 2, denominator: 3 });
  });

  it('safeguarding: every concern raised; of them, those about exploiting or overworking a buddy', () => {
    const run = buddies({
      'Safeguarding concerns': [
        concern({ Category: 'Neglect' }), // 2
        concern({ Category: 'Exploitation of a buddy', 'Raised by': 'Buddy', 'Buddy ID': 'B-001' }), // 3
        concern({ Category: 'Buddy working beyond their role' }), // 4
        concern({ Category: 'Financial or material abuse', 'Action taken': 'Referred to the local authority' }), // 5
        concern({ Category: 'Bullying' }), // 6: excluded
        concern({ 'Raised by': '' }), // 7: excluded (required)
      ],
    });
    expect(run.value.safeguarding_concerns).toBe(4);
    expect(run.value.safeguarding_buddy_concerns).toBe(2);
    expect(evidenceByTab(run.evidence.safeguarding_buddy_concerns!)).toEqual({ 'Safeguarding concerns': [3, 4] });
  });
});

describe('the workload guard (buddyWeeklyHoursLimit)', () => {
  const week = (hours: (number | [string, number])[], who = 'B-001') =>
    hours.map((h, i) => {
      const [date, n] = Array.isArray(h) ? h : [`${String(10 + i).padStart(2, '0')}/05/2021`, h];
      return support({ 'Support date': date, Hours: n, 'Buddy ID': who });
    });

  it('defaults to 15 hours a week', () => {
    expect(DEFAULT_SETTINGS.buddyWeeklyHoursLimit).toBe(15);
  });

  it('passes exactly the limit; flags the row that takes a buddy’s week over it, once a week', () => {
    const at = buddies({ Buddies: [buddy('B-001')], 'Buddy support': week([5, 5, 5]) }); // Monday 10 May to Wednesday
    expect(at.checks('2021-12-31')).toEqual([]);
    const over = buddies({ Buddies: [buddy('B-001')], 'Buddy support': week([5, 5, 5, 0.25, 4]) });
    expect(over.checks('2021-12-31')).toEqual([
      {
        tab: 'Buddy support',
        row: 5,
        severity: 'warning',
        reason:
          'the buddy on this row is logged for over 15 hours in the week beginning 2021-05-10 (setting buddyWeeklyHoursLimit). Check the buddy is not being overworked or exploited: hours, workload and the limits of the role are risks the scheme must manage.',
      },
    ]);
  });

  it('weeks run Monday to Sunday; each buddy’s hours are their own', () => {
    const run = buddies({
      'Buddy support': [
        ...week([['09/05/2021', 8]]), // 2: Sunday: the week before
        ...week([['10/05/2021', 8]]), // 3: Monday
        ...week([['16/05/2021', 7]]), // 4: Sunday: 15 with Monday's
        ...week([['17/05/2021', 8]]), // 5: the next Monday
        ...week([['12/05/2021', 8]], 'B-002'), // 6: another buddy
        ...week([['13/05/2021', 8]], 'B-002'), // 7: 16 for B-002
      ],
    });
    expect(run.checks('2021-12-31').map((i) => i.row)).toEqual([7]);
  });

  it('adds up rows in date order whatever order they were submitted in, and names neither buddy nor recipient', () => {
    const run = buddies({
      Buddies: [buddy('B-001', { Name: 'Samplina Madeup-Jones' })],
      'Buddy support': [support({ 'Support date': '14/05/2021', Hours: 6 }), support({ 'Support date': '10/05/2021', Hours: 6 }), support({ 'Support date': '12/05/2021', Hours: 6, 'Recipient prison number': 'B2345CD' })],
    });
    const issues = run.checks('2021-12-31');
    expect(issues.map((i) => i.row)).toEqual([2]); // 14 May takes it over 15
    expect(JSON.stringify(issues)).not.toMatch(/B-001|Samplina|A1234BC|B2345CD/);
  });

  it('follows the setting, and leaves out excluded rows', () => {
    const rows = [...week([6, 6]), support({ 'Support date': '12/05/2021', Hours: 6, 'Support given': 'Personal care' })];
    expect(buddies({ 'Buddy support': rows }).checks('2021-12-31')).toEqual([]);
    expect(buddies({ 'Buddy support': rows }, { buddyWeeklyHoursLimit: 10 }).checks('2021-12-31').map((i) => i.row)).toEqual([3]);
  });
});

describe('the sample workbook’s buddies tabs', () => {
  let wb: RawWorkbook;
  let ds: Dataset;
  const whole = { label: 'the contract', start: '2021-01-02', end: '2022-12-31' };
  beforeAll(() => {
    wb = generateSampleWorkbook();
    ds = readDataset(wb, BUDDY_FORMS, DEFAULT_SETTINGS);
  });

  it('has seven to twelve buddies a quarter, mostly paid, supporting a few dozen people with every kind of support', () => {
    const all = [...ds.registered.buddies!.values()];
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.filter((b) => b.values.role === 'Paid').length / all.length).toBeGreaterThan(0.5);
    expect(all.some((b) => b.values.endDate !== null)).toBe(true);
    for (const quarter of ['2021-22 Q1', '2021-22 Q3', '2022-23 Q1', '2022-23 Q3']) {
      const q = report('buddies', quarter, wb);
      expect(q.value.buddies_active).toBeGreaterThanOrEqual(5);
      expect(q.value.buddies_active).toBeLessThanOrEqual(14);
      expect(q.value.recipients_supported).toBeGreaterThanOrEqual(8);
      expect(q.value.staff_hours).toBeGreaterThan(20);
      expect(q.value.buddy_pay).toBeGreaterThan(50);
      expect(q.value.recipients_reviewed).toBeGreaterThanOrEqual(3);
    }
    const result = Object.fromEntries(evaluateReport(findScheme('buddies'), ds, whole).lines.map((m) => [m.id, m]));
    for (const kind of SUPPORT_KINDS) expect(result[`support_${slug(kind)}`]!.value).toBeGreaterThan(0);
    expect(result.safeguarding_concerns!.value).toBeGreaterThanOrEqual(6);
    expect(result.safeguarding_buddy_concerns!.value).toBeGreaterThanOrEqual(2);
    expect(result.independence_improved_pct!.value).toBeGreaterThan(40);
  });

  it('pays each paid buddy, week by week, for the hours they were logged for', () => {
    const paid = new Set([...ds.registered.buddies!.values()].filter((b) => b.values.role === 'Paid').map((b) => b.values.buddyId));
    const payRows = ds.records.buddyPay!;
    expect(payRows.length).toBeGreaterThan(200);
    for (const row of payRows) expect(paid.has(row.values.buddyId)).toBe(true);
  });

  it('gives the people supported prison numbers that no woman and no mentee has', () => {
    const others = readDataset(wb, [...CONTRACT_FORMS, ...EWB_FORMS], DEFAULT_SETTINGS);
    const taken = new Set([...others.registered.women!.keys(), ...others.records.menteeSessions!.map((r) => r.values.prisonNumber as string)]);
    const recipients = [...ds.records.buddySupport!, ...ds.records.recipientReviews!].map((r) => r.values.recipient as string);
    expect(recipients.filter((p) => taken.has(p))).toEqual([]);
  });

  it('plants a fixed set of mistakes (an amount typed with its pound sign is read, not a mistake)', () => {
    expect(ds.issues.map((i) => [i.tab, i.severity, i.reason.replace(/ row \d+/, ' row N')])).toEqual([
      ['Buddy support', 'error', 'excluded: "Hours" must be a number from 0.25 to 12'],
      ['Buddy support', 'error', `excluded: "Support given" has an answer that is not one of: ${SUPPORT_KINDS.join(', ')}`],
      ['Buddy support', 'warning', '"Buddy ID" names a Buddy ID that no Buddies row registers; still counted'],
      ['Buddy support', 'duplicate', 'repeats row N exactly; counted once'],
    ]);
  });

  it('flags the weeks a buddy was relied on beyond the limit: three running in September 2021, one in May 2022', () => {
    const weeks = findScheme('buddies').checks!(ds, '2023-01-01').map((i) => /week beginning (\S+)/.exec(i.reason)![1]);
    expect(weeks).toEqual(expect.arrayContaining(['2021-09-06', '2021-09-13', '2021-09-20', '2022-05-09']));
    expect(weeks.length).toBeLessThanOrEqual(8);
  });

  it('is what `peerkit report --scheme buddies` reports from the bundled sample', async () => {
    const run = await runCli(['report', '--scheme', 'buddies', '--quarter', '2021-22-Q2', '--format', 'json', '--out', '-']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.metrics).toEqual(reportJson(compareReport(findScheme('buddies'), ds, evaluateReport(findScheme('buddies'), ds, json.period))).metrics);
    expect(run.stdout).not.toMatch(/[A-Z]\d{4}[A-Z]{2}|B-\d{3}/);
  });
});
