/** Emotional well-being mentoring (data contract §5): every line of its outcome report at its edges, and the mentor pathway check. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset, type Dataset } from '../../core/dataset.js';
import { EWB_FORMS } from '../../core/schemes/ewb/forms.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import { compareReport, evaluateReport, reportJson } from '../../core/report.js';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import type { RawWorkbook } from '../../core/workbook.js';
import { runCli } from '../helpers/run-cli.js';
import { findScheme } from '../../core/schemes/index.js';
import { percentHalfUp } from '../../core/report-lines.js';
import { evidenceByTab, issuesOn, report, schemeWorkbook, type RowSpec, AFTER, BEFORE, FIRST, LAST, MID, Q } from '../helpers/build-workbook.js';


const session = (over: RowSpec = {}): RowSpec => ({
  'Session date': MID,
  'Prison number': 'A1234BC',
  'Mentor IDs': 'M-001',
  'Session type': 'One-to-one',
  ...over,
});
type Baseline = [ever: string, current: string, suicidal: string];
const baseline = (pn: string, date: string, [ever, current, suicidal]: Baseline = ['No', 'No', 'No'], over: RowSpec = {}): RowSpec => ({
  'Date completed': date,
  'Prison number': pn,
  'Ever self-harmed': ever,
  'Currently self-harming': current,
  'Suicidal thoughts or attempts in the last 12 months': suicidal,
  ...over,
});
const followUp = (pn: string, date: string, selfHarm: string, suicidal = '', over: RowSpec = {}): RowSpec => ({
  'Date completed': date,
  'Prison number': pn,
  'Self-harm since support': selfHarm,
  'Suicidal thoughts or attempts since support': suicidal,
  ...over,
});
/** A mentor who completed the pathway long before the test quarters. */
const mentor = (id: string, over: RowSpec = {}): RowSpec => ({
  'Mentor ID': id,
  Name: 'Testa Example',
  'Application date': '01/06/2020',
  'Governor approval': 'Approved',
  'Security clearance date': '01/07/2020',
  'Shadowing start date': '01/08/2020',
  'Training completed date': '01/10/2020',
  'Start date': '01/11/2020',
  ...over,
});
const pn = (i: number) => `A${String(1000 + i)}BC`;
const ewb = (tabs: Record<string, RowSpec[]>) => report('ewb', Q, schemeWorkbook('ewb', tabs));

describe('the ewb report', () => {
  it('has the lines of spec §5, in order, rendered by the generic report template', () => {
    const definition = findScheme('ewb');
    expect(definition.template).toBe('report');
    expect(definition.forms.map((f) => f.tab)).toEqual(['Mentors', 'Mentee sessions', 'Wellbeing baseline', 'Wellbeing follow-up']);
    expect(ewb({}).result.lines.map((m) => m.id)).toEqual([
      'mentors_active',
      'mentees_supported',
      'sample_size',
      'ever_self_harmed_pct',
      'current_self_harm_pct',
      'self_harm_stopped_or_reduced_pct',
      'suicidal_pct',
      'suicidal_stopped_or_reduced_pct',
    ]);
  });

  it('on an empty workbook: counts are 0, percentages null with 0/0, and no evidence', () => {
    const run = ewb({});
    expect(run.value).toEqual({
      mentors_active: 0,
      mentees_supported: 0,
      sample_size: 0,
      ever_self_harmed_pct: null,
      current_self_harm_pct: null,
      self_harm_stopped_or_reduced_pct: null,
      suicidal_pct: null,
      suicidal_stopped_or_reduced_pct: null,
    });
    expect(Object.values(run.evidence).every((e) => e.length === 0)).toBe(true);
    const json = reportJson(run.result);
    expect(json.metrics.find((m) => m.id === 'suicidal_pct')).toEqual({
      id: 'suicidal_pct',
      label: 'Had suicidal thoughts or attempts in the last 12 months',
      value: null,
      numerator: 0,
      denominator: 0,
    });
    // Counts carry no n/N.
    expect(json.metrics.find((m) => m.id === 'sample_size')).toEqual({ id: 'sample_size', label: 'Mentees in the outcome sample', value: 0 });
  });
});

describe('mentors_active and mentees_supported', () => {
  it('count distinct Mentor IDs and Prison numbers on Mentee sessions rows dated in the period, both ends included', () => {
    const run = ewb({
      'Mentee sessions': [
        session({ 'Session date': BEFORE, 'Mentor IDs': 'M-010', 'Prison number': pn(10) }), // 2: before
        session({ 'Session date': FIRST, 'Mentor IDs': 'M-001, M-002', 'Prison number': pn(1) }), // 3
        session({ 'Session date': LAST, 'Mentor IDs': ' m-002 ', 'Prison number': ` ${pn(1).toLowerCase()}` }), // 4: same again
        session({ 'Mentor IDs': 'M-003', 'Prison number': pn(2), 'Session type': 'Group' }), // 5
        session({ 'Session date': AFTER, 'Mentor IDs': 'M-011', 'Prison number': pn(11) }), // 6: after
        session({ 'Mentor IDs': 'M-012', 'Prison number': pn(12), 'Session type': 'Art therapy' }), // 7: outside the vocabulary
        session({ 'Mentor IDs': 'M-13', 'Prison number': pn(13) }), // 8: breaks the pattern
        session({ 'Mentor IDs': '', 'Prison number': pn(14) }), // 9: no mentor
        session({ 'Mentor IDs': 'M-015', 'Prison number': 'A123BC' }), // 10: malformed prison number
        session({ 'Mentor IDs': 'M-016', 'Prison number': pn(16), Minutes: 900 }), // 11: minutes out of range
      ],
    });
    expect(run.value.mentors_active).toBe(3);
    expect(run.value.mentees_supported).toBe(2);
    expect(evidenceByTab(run.evidence.mentors_active!)).toEqual({ 'Mentee sessions': [3, 4, 5] });
    expect(evidenceByTab(run.evidence.mentees_supported!)).toEqual({ 'Mentee sessions': [3, 4, 5] });
    expect(issuesOn(run.dataset, 'Mentee sessions', 'error').map((i) => i.row)).toEqual([7, 8, 9, 10, 11]);
  });

  it('every session type counts; minutes are optional', () => {
    const types = ['One-to-one', 'Group', 'CBT-based', 'Art', 'Holistic support'];
    const run = ewb({ 'Mentee sessions': types.map((t, i) => session({ 'Session type': t, 'Prison number': pn(i), Minutes: i === 0 ? '' : 45 })) });
    expect(run.value.mentees_supported).toBe(5);
  });

  it('a Mentor ID that no Mentors row registers is a warning and still counts; mentee numbers are not cross-checked', () => {
    const run = ewb({
      Mentors: [mentor('M-001')],
      'Mentee sessions': [session({ 'Mentor IDs': 'M-001' }), session({ 'Mentor IDs': 'M-099', 'Prison number': pn(2) })],
    });
    expect(run.value.mentors_active).toBe(2);
    const warnings = issuesOn(run.dataset, 'Mentee sessions', 'warning');
    expect(warnings.map((w) => w.row)).toEqual([3]);
    expect(warnings[0]!.reason).toMatch(/"Mentor IDs" names a Mentor ID that no Mentors row registers; still counted/);
    expect(warnings[0]!.reason).not.toContain('M-099');
  });

  it('a session submitted twice is one session', () => {
    const wb = schemeWorkbook('ewb', { 'Mentee sessions': [session({ Timestamp: '15/05/2021 10:00:00' }), session({ Timestamp: '15/05/2021 10:00:00' })] });
    const run = report('ewb', Q, wb);
    expect(run.value.mentees_supported).toBe(1);
    expect(evidenceByTab(run.evidence.mentees_supported!)).toEqual({ 'Mentee sessions': [2] });
    expect(issuesOn(run.dataset, 'Mentee sessions', 'duplicate').map((i) => i.row)).toEqual([3]);
  });
});

describe('sample_size: mentees whose first baseline falls in the period', () => {
  it('first baselines on the first and last day count, the day before and after do not', () => {
    const run = ewb({
      'Wellbeing baseline': [baseline(pn(1), BEFORE), baseline(pn(2), FIRST), baseline(pn(3), LAST), baseline(pn(4), AFTER)],
    });
    expect(run.value.sample_size).toBe(2);
    expect(evidenceByTab(run.evidence.sample_size!)).toEqual({ 'Wellbeing baseline': [3, 4] });
  });

  it('a mentee whose first baseline was before the period is not in its sample, even with another baseline in it', () => {
    const run = ewb({
      'Wellbeing baseline': [
        baseline(pn(1), BEFORE, ['Yes', 'Yes', 'Yes']), // 2: first, before the period
        baseline(pn(1), MID, ['Yes', 'Yes', 'Yes']), // 3: a second baseline in it
        baseline(pn(2), MID, ['No', 'No', 'No']), // 4
      ],
    });
    expect(run.value.sample_size).toBe(1);
    expect(run.metric.ever_self_harmed_pct).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(evidenceByTab(run.evidence.ever_self_harmed_pct!)).toEqual({ 'Wellbeing baseline': [4] });
  });

  it('a mentee with two baselines in the period is one member, by the first (dated, not submitted, first)', () => {
    const run = ewb({
      'Wellbeing baseline': [
        baseline(pn(1), LAST, ['No', 'No', 'No']), // 2: submitted first, dated later
        baseline(pn(1), FIRST, ['Yes', 'Yes', 'Yes']), // 3: the first baseline
      ],
    });
    expect(run.value.sample_size).toBe(1);
    expect(run.metric.ever_self_harmed_pct).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    expect(evidenceByTab(run.evidence.sample_size!)).toEqual({ 'Wellbeing baseline': [3] });
  });

  it('an excluded baseline row is not anyone’s first: the next valid one is', () => {
    const run = ewb({
      'Wellbeing baseline': [
        baseline(pn(1), BEFORE, ['Maybe', 'No', 'No']), // 2: excluded (outside the vocabulary)
        baseline(pn(1), MID, ['Yes', 'No', 'No']), // 3: her first valid baseline
        baseline(pn(2), '31/04/2021'), // 4: excluded (no such date)
      ],
    });
    expect(run.value.sample_size).toBe(1);
    expect(evidenceByTab(run.evidence.sample_size!)).toEqual({ 'Wellbeing baseline': [3] });
    expect(issuesOn(run.dataset, 'Wellbeing baseline', 'error').map((i) => i.row)).toEqual([2, 4]);
  });

  it('the same mentee typed with stray case and spaces is one member', () => {
    const run = ewb({ 'Wellbeing baseline': [baseline('a1234bc ', FIRST), baseline(' A1234BC', MID)] });
    expect(run.value.sample_size).toBe(1);
  });

  it('sessions are not needed to be in the sample, and a baseline alone makes nobody "supported"', () => {
    const run = ewb({ 'Wellbeing baseline': [baseline(pn(1), MID)] });
    expect(run.value.sample_size).toBe(1);
    expect(run.value.mentees_supported).toBe(0);
  });
});

describe.each([
  { id: 'ever_self_harmed_pct', column: 'Ever self-harmed', at: 0 },
  { id: 'current_self_harm_pct', column: 'Currently self-harming', at: 1 },
  { id: 'suicidal_pct', column: 'Suicidal thoughts or attempts in the last 12 months', at: 2 },
])('$id: % of the sample answering Yes at their first baseline', ({ id, column, at }) => {
  const answers = (answer: string): Baseline => ['No', 'No', 'No'].map((a, i) => (i === at ? answer : a)) as Baseline;
  const sample = (list: string[]) => ewb({ 'Wellbeing baseline': list.map((a, i) => baseline(pn(i), MID, answers(a))) });

  it.each([
    [['Yes', 'No', 'No', 'No', 'No', 'No', 'No', 'No'], 13, 1, 8], // 12.5 rounds up
    [['Yes', 'Yes', 'Yes', 'Yes', 'Yes', 'No', 'No', 'No'], 63, 5, 8], // 62.5 rounds up
    [['Yes', 'No', 'No'], 33, 1, 3],
    [['Yes', 'Yes', 'No'], 67, 2, 3],
    [['Yes', 'No', 'Prefer not to say', ''], 50, 1, 2], // blank and Prefer not to say leave the denominator
    [['Prefer not to say', ''], null, 0, 0], // nobody answered: no percentage
  ] as const)('%j gives %s (%s/%s)', (list, value, n, d) => {
    const run = sample([...list]);
    expect(run.metric[id]).toMatchObject({ value, numerator: n, denominator: d });
    expect(run.value.sample_size).toBe(list.length);
    const json = reportJson(run.result).metrics.find((m) => m.id === id)!;
    expect(json).toMatchObject({ value, numerator: n, denominator: d });
  });

  it(`reads "${column}" case-insensitively, and counts only the sample`, () => {
    const run = ewb({
      'Wellbeing baseline': [
        baseline(pn(1), MID, answers(' yes ')),
        baseline(pn(2), MID, answers('NO')),
        baseline(pn(3), BEFORE, answers('Yes')), // not in the sample
        baseline(pn(4), AFTER, answers('Yes')), // not in the sample
      ],
    });
    expect(run.metric[id]).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    expect(evidenceByTab(run.evidence[id]!)).toEqual({ 'Wellbeing baseline': [2, 3] });
  });
});

describe.each([
  { id: 'self_harm_stopped_or_reduced_pct', among: 1, column: 'Self-harm since support' },
  { id: 'suicidal_stopped_or_reduced_pct', among: 2, column: 'Suicidal thoughts or attempts since support' },
])('$id: of the sample answering Yes at baseline, % whose latest follow-up says Stopped or Reduced', ({ id, among, column }) => {
  const yes: Baseline = ['Yes', 'No', 'No'].map((a, i) => (i === among ? 'Yes' : a)) as Baseline;
  const no: Baseline = ['Yes', 'No', 'No'];
  const fu = (who: string, date: string, answer: string) =>
    column === 'Self-harm since support' ? followUp(who, date, answer, 'No change') : followUp(who, date, 'No change', answer);

  it('Stopped and Reduced count; No change and Increased are in the denominator; rounding half up', () => {
    const outcomes = ['Stopped', 'Reduced', 'No change', 'Increased', 'Increased', 'No change', 'No change', 'No change'];
    const run = ewb({
      'Wellbeing baseline': outcomes.map((_, i) => baseline(pn(i), MID, yes)),
      'Wellbeing follow-up': outcomes.map((o, i) => fu(pn(i), '01/09/2021', o)),
    });
    expect(run.metric[id]).toMatchObject({ value: 25, numerator: 2, denominator: 8 });
    const five = ewb({
      'Wellbeing baseline': outcomes.map((_, i) => baseline(pn(i), MID, yes)),
      'Wellbeing follow-up': ['Stopped', 'Reduced', 'Stopped', 'Reduced', 'Stopped', 'No change', 'Increased', 'No change'].map((o, i) => fu(pn(i), '01/09/2021', o)),
    });
    expect(five.metric[id]).toMatchObject({ value: 63, numerator: 5, denominator: 8 }); // 62.5
  });

  it('leaves out those not answering Yes at baseline, and those with no follow-up, a blank or Not applicable', () => {
    const run = ewb({
      'Wellbeing baseline': [
        baseline(pn(1), MID, yes), // 2: counted, Stopped
        baseline(pn(2), MID, yes), // 3: counted, No change
        baseline(pn(3), MID, yes), // 4: no follow-up
        baseline(pn(4), MID, yes), // 5: Not applicable
        baseline(pn(5), MID, yes), // 6: blank answer
        baseline(pn(6), MID, no), // 7: No at baseline
        baseline(pn(7), MID, ['Yes', 'Prefer not to say', 'Prefer not to say']), // 8: Prefer not to say at baseline
      ],
      'Wellbeing follow-up': [
        fu(pn(1), '01/08/2021', 'Stopped'),
        fu(pn(2), '01/08/2021', 'No change'),
        fu(pn(4), '01/08/2021', 'Not applicable'),
        fu(pn(5), '01/08/2021', ''),
        fu(pn(6), '01/08/2021', 'Stopped'),
        fu(pn(7), '01/08/2021', 'Reduced'),
      ],
    });
    expect(run.metric[id]).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    // The working: each counted member's first baseline and latest follow-up.
    expect(evidenceByTab(run.evidence[id]!)).toEqual({ 'Wellbeing baseline': [2, 3], 'Wellbeing follow-up': [2, 3] });
  });

  it('uses the latest follow-up on or after the first baseline, even one dated after the period; earlier ones are ignored', () => {
    const run = ewb({
      'Wellbeing baseline': [baseline(pn(1), MID, yes), baseline(pn(2), MID, yes), baseline(pn(3), MID, yes), baseline(pn(4), MID, yes)],
      'Wellbeing follow-up': [
        fu(pn(1), '01/04/2021', 'Stopped'), // 2: before her baseline: not hers to use
        fu(pn(2), '01/06/2021', 'Stopped'), // 3: replaced by the later one
        fu(pn(2), '01/12/2021', 'Increased'), // 4: latest, after the period
        fu(pn(3), MID, 'Reduced'), // 5: the same day as the baseline counts
        fu(pn(4), '20/06/2021', 'Increased'), // 6: later row, same date as row 7
        fu(pn(4), '20/06/2021', 'Reduced'), // 7: same date: the later row wins
      ],
    });
    expect(run.metric[id]).toMatchObject({ value: 67, numerator: 2, denominator: 3 });
    expect(evidenceByTab(run.evidence[id]!)).toEqual({ 'Wellbeing baseline': [3, 4, 5], 'Wellbeing follow-up': [4, 5, 7] });
  });

  it('is among those answering Yes at their first baseline, not a later one', () => {
    const run = ewb({
      'Wellbeing baseline': [baseline(pn(1), FIRST, no), baseline(pn(1), MID, yes)],
      'Wellbeing follow-up': [fu(pn(1), LAST, 'Stopped')],
    });
    expect(run.metric[id]).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });

  it('an excluded follow-up row does not count as the latest', () => {
    const run = ewb({
      'Wellbeing baseline': [baseline(pn(1), MID, yes)],
      'Wellbeing follow-up': [fu(pn(1), '01/08/2021', 'Reduced'), fu(pn(1), '01/09/2021', 'Much better')],
    });
    expect(run.metric[id]).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    expect(issuesOn(run.dataset, 'Wellbeing follow-up', 'error').map((i) => i.row)).toEqual([3]);
  });
});

describe('the published figures (seed 002) come out of the definitions', () => {
  it('a sample of 60 with 38 ever self-harmed (63%), 14 currently (23%), 8 of them stopped or reduced (57%)', () => {
    const baselines: RowSpec[] = [];
    const followUps: RowSpec[] = [];
    for (let i = 0; i < 60; i++) {
      baselines.push(baseline(pn(i), MID, [i < 38 ? 'Yes' : 'No', i < 14 ? 'Yes' : 'No', i < 47 ? 'Yes' : 'No']));
      followUps.push(followUp(pn(i), '01/09/2021', i < 8 ? 'Reduced' : i < 14 ? 'No change' : 'Not applicable', i < 31 ? 'Stopped' : 'No change'));
    }
    const run = ewb({ 'Wellbeing baseline': baselines, 'Wellbeing follow-up': followUps });
    expect(run.value).toMatchObject({
      sample_size: 60,
      ever_self_harmed_pct: 63, // 38/60 = 63.3
      current_self_harm_pct: 23, // 14/60 = 23.3
      self_harm_stopped_or_reduced_pct: 57, // 8/14 = 57.1
      suicidal_pct: 78, // 47/60 = 78.3
      suicidal_stopped_or_reduced_pct: 66, // 31/47 = 65.96
    });
  });

  it('rounds half up in whole numbers, never by floating point', () => {
    expect([percentHalfUp(1, 8), percentHalfUp(5, 8), percentHalfUp(1, 3), percentHalfUp(2, 3), percentHalfUp(1, 200), percentHalfUp(0, 5)]).toEqual([
      13, 63, 33, 67, 1, 0,
    ]);
  });
});

describe('the mentor pathway check', () => {
  const checked = (mentors: RowSpec[], sessions: RowSpec[], asOf = '2021-12-31') => {
    const run = report('ewb', Q, schemeWorkbook('ewb', { Mentors: mentors, 'Mentee sessions': sessions }));
    return { run, issues: run.checks(asOf) };
  };

  it('passes a mentor who completed the pathway, and anyone working beside another mentor', () => {
    const { issues } = checked(
      [mentor('M-001'), mentor('M-002', { 'Shadowing start date': '01/04/2021', 'Training completed date': '', 'Start date': '' })],
      [session({ 'Mentor IDs': 'M-001' }), session({ 'Mentor IDs': 'M-001, M-002' }), session({ 'Mentor IDs': 'M-002, M-001', 'Session type': 'Group' })],
    );
    expect(issues).toEqual([]);
  });

  it('flags a session a mentor ran alone less than 3 months after shadowing began: the day before, not the day itself', () => {
    const { issues } = checked(
      [mentor('M-001', { 'Shadowing start date': '15/01/2021' })],
      [session({ 'Session date': '14/04/2021' }), session({ 'Session date': '15/04/2021' })],
    );
    expect(issues).toEqual([
      {
        tab: 'Mentee sessions',
        row: 2,
        severity: 'warning',
        reason:
          '"Mentor IDs" names a mentor who worked alone without the mentor pathway complete by the "Session date" (missing: 3 months since shadowing began). A mentor works alone only after Governor approval, security clearance, training and at least 3 months of shadowing another mentor.',
      },
    ]);
  });

  it('a month-end shadowing start: 30 November + 3 months is 28 February', () => {
    const { issues } = checked(
      [mentor('M-001', { 'Shadowing start date': '30/11/2020' })],
      [session({ 'Session date': '27/02/2021' }), session({ 'Session date': '28/02/2021' })],
    );
    expect(issues.map((i) => i.row)).toEqual([2]);
  });

  it.each([
    ['Governor approval', { 'Governor approval': 'Pending' }],
    ['Governor approval', { 'Governor approval': 'Declined' }],
    ['Governor approval', { 'Governor approval': '' }],
    ['security clearance', { 'Security clearance date': '' }],
    ['security clearance', { 'Security clearance date': '16/05/2021' }],
    ['training completed', { 'Training completed date': '' }],
    ['training completed', { 'Training completed date': '16/05/2021' }],
    ['3 months since shadowing began', { 'Shadowing start date': '' }],
  ])('flags working alone without %s (%j)', (missing, over) => {
    const { issues } = checked([mentor('M-001', over)], [session()]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.reason).toContain(`(missing: ${missing})`);
  });

  it('a step done on the session date itself is done; every missing step is listed, in pathway order', () => {
    const on = checked([mentor('M-001', { 'Security clearance date': MID, 'Training completed date': MID })], [session()]);
    expect(on.issues).toEqual([]);
    const none = checked([{ 'Mentor ID': 'M-001', Name: 'Testa Example', 'Application date': '01/03/2021' }], [session()]);
    expect(none.issues[0]!.reason).toContain('(missing: Governor approval, security clearance, training completed, 3 months since shadowing began)');
  });

  it('reads the pathway from the registration as later rows update it', () => {
    const { issues } = checked(
      [
        { 'Mentor ID': 'M-001', Name: 'Testa Example', 'Application date': '01/06/2020', 'Governor approval': 'Pending', Timestamp: '01/06/2020 10:00:00' },
        {
          'Mentor ID': 'M-001',
          Name: 'Testa Example',
          'Application date': '01/06/2020',
          'Governor approval': 'Approved',
          'Security clearance date': '01/07/2020',
          'Shadowing start date': '01/08/2020',
          Timestamp: '01/08/2020 10:00:00',
        },
        { 'Mentor ID': 'M-001', Name: 'Testa Example', 'Application date': '01/06/2020', 'Training completed date': '01/05/2021', Timestamp: '01/05/2021 10:00:00' },
      ],
      [session({ 'Session date': '30/04/2021' }), session({ 'Session date': '01/05/2021' })],
    );
    expect(issues.map((i) => [i.row, i.reason.match(/missing: ([^)]*)/)![1]])).toEqual([[2, 'training completed']]);
  });

  it('never names the mentor, and leaves unregistered mentors to the dataset’s own warning', () => {
    const { run, issues } = checked(
      [mentor('M-001', { Name: 'Samplina Madeup-Jones', 'Training completed date': '' })],
      [session({ 'Mentor IDs': 'M-001', 'Prison number': 'B2345CD' }), session({ 'Mentor IDs': 'M-077' })],
    );
    expect(issues.map((i) => i.row)).toEqual([2]);
    expect(JSON.stringify(issues)).not.toMatch(/M-001|Samplina|Madeup|B2345CD/);
    expect(issuesOn(run.dataset, 'Mentee sessions', 'warning').map((i) => i.row)).toEqual([3]);
  });

  it('checks every session, whatever the period of a report; excluded rows are not checked', () => {
    const { issues } = checked(
      [mentor('M-001', { 'Training completed date': '' })],
      [session({ 'Session date': '01/01/2021' }), session({ 'Session date': '01/12/2021' }), session({ 'Session type': 'Other' })],
    );
    expect(issues.map((i) => i.row)).toEqual([2, 3]);
  });
});

describe('the sample workbook’s mentoring tabs', () => {
  let wb: RawWorkbook;
  let ds: Dataset;
  const whole = { label: 'the contract', start: '2021-01-02', end: '2022-12-31' };
  beforeAll(() => {
    wb = generateSampleWorkbook();
    ds = readDataset(wb, EWB_FORMS, DEFAULT_SETTINGS);
  });
  const rows = (form: string) => ds.records[form]!;

  it('has about ten mentors at a time, some applying, declined or leaving, and about 250 mentees over the two years', () => {
    const mentors = [...ds.registered.mentors!.values()];
    expect(mentors.length).toBeGreaterThanOrEqual(12);
    expect(mentors.length).toBeLessThanOrEqual(24);
    expect(new Set(mentors.map((m) => m.values.governorApproval))).toEqual(new Set(['Approved', 'Declined', 'Pending']));
    expect(mentors.filter((m) => m.values.endDate !== null).length).toBeGreaterThan(0);
    const result = evaluateReport(findScheme('ewb'), ds, whole);
    const value = (id: string) => result.lines.find((m) => m.id === id)!.value!;
    expect(value('mentees_supported')).toBeGreaterThanOrEqual(200);
    expect(value('mentees_supported')).toBeLessThanOrEqual(350);
    for (const quarter of ['2021-22 Q1', '2021-22 Q3', '2022-23 Q1', '2022-23 Q3']) {
      const q = report('ewb', quarter, wb);
      expect(q.value.mentors_active).toBeGreaterThanOrEqual(4);
      expect(q.value.mentors_active).toBeLessThanOrEqual(14);
      expect(q.value.mentees_supported).toBeGreaterThanOrEqual(25);
    }
    expect(new Set(rows('menteeSessions').map((r) => r.values.sessionType))).toEqual(new Set(['One-to-one', 'Group', 'CBT-based', 'Art', 'Holistic support']));
    expect(rows('menteeSessions').some((r) => r.values.minutes === null)).toBe(true);
    expect(rows('menteeSessions').some((r) => (r.values.mentorIds as string[]).length > 1)).toBe(true);
  });

  it('gives most mentees a baseline when support begins, many a follow-up weeks later, a few a second baseline', () => {
    const mentees = new Set(rows('menteeSessions').map((r) => r.values.prisonNumber as string));
    const baselines = rows('wellbeingBaseline');
    const withBaseline = new Set(baselines.map((r) => r.values.prisonNumber as string));
    expect(withBaseline.size / mentees.size).toBeGreaterThan(0.8);
    expect(baselines.length - withBaseline.size).toBeGreaterThanOrEqual(3);
    const followed = new Set(rows('wellbeingFollowUp').map((r) => r.values.prisonNumber as string));
    expect([...withBaseline].filter((p) => followed.has(p)).length / withBaseline.size).toBeGreaterThan(0.5);
    const answers = (form: string, key: string) => new Set(rows(form).map((r) => r.values[key]));
    expect(answers('wellbeingBaseline', 'everSelfHarmed')).toEqual(new Set(['Yes', 'No', 'Prefer not to say', null]));
    expect(answers('wellbeingFollowUp', 'selfHarmSinceSupport')).toEqual(new Set(['Stopped', 'Reduced', 'No change', 'Increased', 'Not applicable', null]));
  });

  it('gives mentees prison numbers that no woman on the Women tab has', () => {
    const women = readDataset(wb, CONTRACT_FORMS, DEFAULT_SETTINGS).registered.women!;
    const mentees = [...rows('menteeSessions'), ...rows('wellbeingBaseline'), ...rows('wellbeingFollowUp')].map((r) => r.values.prisonNumber as string);
    expect(mentees.filter((p) => women.has(p))).toEqual([]);
  });

  it('comes out near the published figures over the two years', () => {
    const metric = Object.fromEntries(evaluateReport(findScheme('ewb'), ds, whole).lines.map((m) => [m.id, m]));
    const near = (id: string, lo: number, hi: number) => {
      expect(metric[id]!.value).toBeGreaterThanOrEqual(lo);
      expect(metric[id]!.value).toBeLessThanOrEqual(hi);
    };
    near('sample_size', 200, 320);
    near('ever_self_harmed_pct', 55, 72); // published 63%
    near('current_self_harm_pct', 18, 32); // 24%
    near('self_harm_stopped_or_reduced_pct', 40, 75); // 57%
    near('suicidal_pct', 70, 86); // 78%
    near('suicidal_stopped_or_reduced_pct', 55, 80); // 66%
    expect(metric.self_harm_stopped_or_reduced_pct!.denominator).toBeGreaterThanOrEqual(15);
  });

  it('plants a fixed set of mistakes', () => {
    const issues = ds.issues.map((i) => [i.tab, i.severity, i.reason.replace(/ row \d+/, ' row N')]);
    expect(issues).toEqual([
      ['Mentee sessions', 'error', 'excluded: "Session type" has an answer that is not one of: One-to-one, Group, CBT-based, Art, Holistic support'],
      ['Mentee sessions', 'warning', '"Mentor IDs" names a Mentor ID that no Mentors row registers; still counted'],
      ['Wellbeing baseline', 'duplicate', 'repeats row N exactly; counted once'],
      ['Wellbeing follow-up', 'error', 'excluded: "Date completed" is not a date that can be read'],
    ]);
  });

  it('flags the sessions of the two mentors who began working alone too soon, and nobody else’s', () => {
    const flagged = findScheme('ewb').checks!(ds, '2023-01-01');
    expect(flagged.length).toBeGreaterThanOrEqual(3);
    const byRow = new Map(rows('menteeSessions').map((r) => [r.row, r]));
    const mentors = new Set(flagged.map((i) => (byRow.get(i.row!)!.values.mentorIds as string[])[0]));
    expect(mentors.size).toBe(2);
    const missing = new Set(flagged.map((i) => /missing: ([^)]*)/.exec(i.reason)![1]));
    expect(missing).toEqual(new Set(['3 months since shadowing began', 'training completed']));
  });

  it('is what `peerkit report --scheme ewb --from 2021-01-02 --to 2022-12-31` reports from the bundled sample', async () => {
    const run = await runCli(['report', '--scheme', 'ewb', '--from', '2021-01-02', '--to', '2022-12-31', '--format', 'json', '--out', '-']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.scheme).toBe('ewb');
    expect(json.period).toEqual({ label: '2021-01-02 to 2022-12-31', start: '2021-01-02', end: '2022-12-31' });
    expect(json.metrics).toEqual(reportJson(compareReport(findScheme('ewb'), ds, evaluateReport(findScheme('ewb'), ds, { ...whole, label: json.period.label }))).metrics);
    expect(json.issues.map((i: { tab: string }) => i.tab)).toEqual(['Mentee sessions', 'Mentee sessions', 'Wellbeing baseline']);
    // The follow-up dated 31/09/2021 is in no period: counted apart (data contract §2).
    expect(json.undatedRows).toBe(1);
    // No prison number or name reaches the report.
    expect(run.stdout).not.toMatch(/[A-Z]\d{4}[A-Z]{2}|M-\d{3}/);
  });
});
