/** Every report line of data contract §4, for both schemes, at its edges. */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { serialFromIsoDate } from '../../core/dates.js';
import { reportJson } from '../../core/report.js';
import { evidenceByTab, report, workbook, type RowSpec, AFTER, BEFORE, FIRST, LAST, MID, Q } from '../helpers/build-workbook.js';


type SchemeId = 'perinatal' | 'reconnect';
const SCHEMES: { id: SchemeId; S: string; other: string }[] = [
  { id: 'perinatal', S: 'Perinatal', other: 'Reconnect' },
  { id: 'reconnect', S: 'Reconnect', other: 'Perinatal' },
];

const contact = (over: RowSpec = {}): RowSpec => ({
  'Contact date': MID,
  'Prison number': 'A1234BC',
  Scheme: 'Perinatal',
  'Peer supporters': 'PS-001',
  ...over,
});
const training = (over: RowSpec = {}): RowSpec => ({ 'Session date': MID, Schemes: 'Perinatal', Trainer: 'Tess', ...over });
const supervision = (over: RowSpec = {}): RowSpec => ({ 'Session date': MID, Schemes: 'Perinatal', Supervisor: 'Sue', ...over });
const questionnaire = (over: RowSpec = {}): RowSpec => ({ 'Date completed': MID, Scheme: 'Perinatal', ...over });
const focusGroup = (over: RowSpec = {}): RowSpec => ({ 'Date held': MID, Scheme: 'Perinatal', Participants: 4, Facilitator: 'Fay', ...over });
const release = (over: RowSpec = {}): RowSpec => ({ 'Prison number': 'A1234BC', 'Release date': MID, 'Destination area': 'Leeds', ...over });

describe('the lines of each report', () => {
  it('Perinatal has lines i-vii with the ids of spec §4, in order', () => {
    const run = report('perinatal', Q, workbook());
    expect(run.result.lines.map((m) => m.id)).toEqual([
      'active_supporters',
      'women_supported',
      'training_sessions',
      'supervision_sessions',
      'supervision_attendees',
      'questionnaires',
      'focus_groups',
    ]);
    expect(run.result.lines.map((m) => m.label.split('.')[0])).toEqual(['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii']);
    expect(run.metric.active_supporters!.label).toBe('i. Number of peer supporters for perinatal women active during the quarter');
  });

  it('Reconnect has lines i-v, then women_released and women_reconnected', () => {
    const run = report('reconnect', Q, workbook());
    expect(run.result.lines.map((m) => m.id)).toEqual([
      'active_supporters',
      'women_supported',
      'training_sessions',
      'supervision_sessions',
      'supervision_attendees',
      'women_released',
      'women_reconnected',
    ]);
    expect(run.metric.women_released!.label).toBe('vi. No of women released during the quarter');
  });

  it.each(['perinatal', 'reconnect'] as const)('%s: an empty workbook gives zeros and no evidence', (scheme) => {
    const run = report(scheme, Q, workbook());
    expect(Object.values(run.value).every((v) => v === 0)).toBe(true);
    expect(Object.values(run.evidence).every((e) => e.length === 0)).toBe(true);
  });
});

describe.each(SCHEMES)('$id report: rows on the first and last day of the quarter count, the day before and after do not', ({ id, S }) => {
  type Case = readonly [metric: string, tab: string, make: (date: string, n: number) => RowSpec];
  const cases: Case[] = [
    ['active_supporters', 'Contacts', (d, n) => contact({ 'Contact date': d, Scheme: S, 'Peer supporters': `PS-00${n}` })],
    ['active_supporters', 'Training', (d, n) => training({ 'Session date': d, Schemes: S, Attendees: `PS-00${n}` })],
    ['active_supporters', 'Supervision', (d, n) => supervision({ 'Session date': d, Schemes: S, Attendees: `PS-00${n}` })],
    ['women_supported', 'Contacts', (d, n) => contact({ 'Contact date': d, Scheme: S, 'Prison number': `A000${n}BC` })],
    ['training_sessions', 'Training', (d) => training({ 'Session date': d, Schemes: S })],
    ['supervision_sessions', 'Supervision', (d) => supervision({ 'Session date': d, Schemes: S })],
    ['supervision_attendees', 'Supervision', (d, n) => supervision({ 'Session date': d, Schemes: S, Attendees: `PS-00${n}` })],
    ...(id === 'perinatal'
      ? ([
          ['questionnaires', 'Questionnaires', (d: string) => questionnaire({ 'Date completed': d, Scheme: S })],
          ['focus_groups', 'Focus groups', (d: string) => focusGroup({ 'Date held': d, Scheme: S })],
        ] satisfies Case[])
      : ([
          ['women_released', 'Releases', (d: string, n: number) => release({ 'Release date': d, 'Prison number': `A000${n}BC` })],
          [
            'women_reconnected',
            'Releases',
            (d: string, n: number) => release({ 'Release date': d, 'Prison number': `A000${n}BC`, 'Supported to reconnect with healthcare': 'Yes' }),
          ],
        ] satisfies Case[])),
  ];

  it.each(cases)('%s from %s', (metric, tab, make) => {
    const wb = workbook({ [tab]: [BEFORE, FIRST, LAST, AFTER].map((d, i) => make(d, i + 1)) });
    const run = report(id, Q, wb);
    expect(run.value[metric]).toBe(2);
    expect(evidenceByTab(run.evidence[metric]!)).toEqual({ [tab]: [3, 4] });
  });

  it('the same dates written as ISO, as serial numbers and as London date cells', () => {
    const london = (iso: string, hour = 0, minute = 0) => DateTime.fromISO(iso, { zone: 'Europe/London' }).set({ hour, minute });
    const wb = workbook({
      Training: [
        training({ 'Session date': '2021-03-31', Schemes: S }),
        training({ 'Session date': '2021-04-01', Schemes: S }),
        training({ 'Session date': serialFromIsoDate('2021-03-31'), Schemes: S }),
        training({ 'Session date': serialFromIsoDate('2021-06-30'), Schemes: S }),
        training({ 'Session date': serialFromIsoDate('2021-07-01'), Schemes: S }),
        training({ 'Session date': london('2021-06-30', 23, 30), Schemes: S }),
        training({ 'Session date': london('2021-07-01', 0, 30), Schemes: S }),
        training({ 'Session date': london('2021-04-01', 0, 0), Schemes: S }),
        training({ 'Session date': london('2021-03-31', 23, 59), Schemes: S }),
      ],
    });
    const run = report(id, Q, wb);
    expect(evidenceByTab(run.evidence.training_sessions!)).toEqual({ Training: [3, 5, 7, 9] });
    expect(run.value.training_sessions).toBe(4);
  });

  it('the row is placed by its date column, never by its Timestamp', () => {
    const wb = workbook({
      Contacts: [
        contact({ Scheme: S, 'Contact date': BEFORE, Timestamp: '01/04/2021 09:00:00', 'Prison number': 'A0001BC' }),
        contact({ Scheme: S, 'Contact date': LAST, Timestamp: '02/07/2021 09:00:00', 'Prison number': 'A0002BC' }),
      ],
    });
    expect(evidenceByTab(report(id, Q, wb).evidence.women_supported!)).toEqual({ Contacts: [3] });
    expect(report(id, '2020-21 Q4', wb).value.women_supported).toBe(1);
    expect(report(id, '2021-22 Q2', wb).value.women_supported).toBe(0);
  });
});

describe.each(SCHEMES)('$id report, lines i-v', ({ id, S, other }) => {
  it('women_supported: distinct Prison numbers on Contacts rows with this Scheme, in the quarter', () => {
    const wb = workbook({
      Contacts: [
        contact({ Scheme: S, 'Prison number': 'A1234BC' }), // 2
        contact({ Scheme: S, 'Prison number': ' a1234bc ', 'Contact date': LAST }), // 3: same woman again
        contact({ Scheme: S, 'Prison number': 'B2345CD' }), // 4
        contact({ Scheme: other, 'Prison number': 'C3456DE' }), // 5: other scheme
        contact({ Scheme: S, 'Prison number': 'D4567EF', 'Contact date': AFTER }), // 6: after
        contact({ Scheme: S, 'Prison number': 'E5678FG', 'Peer supporters': 'PS-07' }), // 7: invalid
      ],
    });
    const run = report(id, Q, wb);
    expect(run.value.women_supported).toBe(2);
    expect(evidenceByTab(run.evidence.women_supported!)).toEqual({ Contacts: [2, 3, 4] });
  });

  it('a woman on both a Perinatal and a Reconnect contact counts in each scheme’s report', () => {
    const wb = workbook({
      Contacts: [contact({ Scheme: 'Perinatal' }), contact({ Scheme: 'Reconnect', 'Peer supporters': 'PS-002' })],
    });
    const run = report(id, Q, wb);
    expect(run.value.women_supported).toBe(1);
    expect(evidenceByTab(run.evidence.women_supported!)).toEqual({ Contacts: [S === 'Perinatal' ? 2 : 3] });
    expect(run.value.active_supporters).toBe(1);
  });

  it('active_supporters: contacts, training and supervision attendees, distinct and filtered by scheme and quarter', () => {
    const wb = workbook({
      Contacts: [
        contact({ Scheme: S, 'Peer supporters': 'PS-001, PS-002' }), // 2
        contact({ Scheme: other, 'Peer supporters': 'PS-010' }), // 3: other scheme
        contact({ Scheme: S, 'Peer supporters': 'PS-011', 'Contact date': BEFORE }), // 4: before
        contact({ Scheme: S, 'Peer supporters': 'PS-012', 'Prison number': 'A123BC' }), // 5: invalid
      ],
      Training: [
        training({ Schemes: S, Attendees: 'ps-002 , PS-003' }), // 2: PS-002 again, PS-003
        training({ Schemes: other, Attendees: 'PS-013' }), // 3: other scheme only
        training({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-004' }), // 4: joint
        training({ Schemes: S, Attendees: 'PS-014', 'Session date': AFTER }), // 5: after
        training({ Schemes: S }), // 6: no attendees named
      ],
      Supervision: [
        supervision({ Schemes: S, Attendees: 'PS-005, PS-001' }), // 2
        supervision({ Schemes: other, Attendees: 'PS-015' }), // 3: other scheme
        supervision({ Schemes: `${other}, ${S}`, Attendees: 'PS-006' }), // 4: joint
        supervision({ Schemes: S, Attendees: 'PS-016', 'Session date': 'not a date' }), // 5: invalid
      ],
    });
    const run = report(id, Q, wb);
    expect(run.value.active_supporters).toBe(6); // PS-001 .. PS-006
    expect(evidenceByTab(run.evidence.active_supporters!)).toEqual({ Contacts: [2], Training: [2, 4], Supervision: [2, 4] });
  });

  it('active_supporters: a supporter only on another scheme’s contact, training or supervision is not active for this one', () => {
    const wb = workbook({
      Contacts: [contact({ Scheme: other, 'Peer supporters': 'PS-001' })],
      Training: [training({ Schemes: other, Attendees: 'PS-002' })],
      Supervision: [supervision({ Schemes: other, Attendees: 'PS-003' })],
    });
    expect(report(id, Q, wb).value.active_supporters).toBe(0);
  });

  it('training_sessions: rows whose Schemes include the scheme (a joint session counts for both)', () => {
    const wb = workbook({
      Training: [
        training({ Schemes: S }), // 2
        training({ Schemes: other }), // 3
        training({ Schemes: 'Perinatal, Reconnect' }), // 4
        training({ Schemes: 'reconnect, PERINATAL', Attendees: 'PS-001' }), // 5
        training({ Schemes: S, 'Session date': BEFORE }), // 6
        training({ Schemes: S, Trainer: '' }), // 7: invalid
        training({ Schemes: `${S}, Both` }), // 8: invalid
      ],
    });
    const run = report(id, Q, wb);
    expect(run.value.training_sessions).toBe(3);
    expect(evidenceByTab(run.evidence.training_sessions!)).toEqual({ Training: [2, 4, 5] });
  });

  it('supervision_sessions and supervision_attendees: only supervision rows of this scheme in the quarter', () => {
    const wb = workbook({
      Contacts: [contact({ Scheme: S, 'Peer supporters': 'PS-020' })],
      Training: [training({ Schemes: S, Attendees: 'PS-021' })],
      Supervision: [
        supervision({ Schemes: S, Attendees: 'PS-001, PS-002' }), // 2
        supervision({ Schemes: S, Attendees: 'PS-002', 'Session date': FIRST }), // 3: PS-002 again
        supervision({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-003' }), // 4: joint
        supervision({ Schemes: S }), // 5: a session, nobody named
        supervision({ Schemes: other, Attendees: 'PS-022' }), // 6: other scheme
        supervision({ Schemes: S, Attendees: 'PS-023', 'Session date': AFTER }), // 7: after
        supervision({ Schemes: S, Attendees: 'PS-024', Format: 'Walk' }), // 8: invalid
      ],
    });
    const run = report(id, Q, wb);
    expect(run.value.supervision_sessions).toBe(4);
    expect(evidenceByTab(run.evidence.supervision_sessions!)).toEqual({ Supervision: [2, 3, 4, 5] });
    expect(run.value.supervision_attendees).toBe(3);
    expect(evidenceByTab(run.evidence.supervision_attendees!)).toEqual({ Supervision: [2, 3, 4] });
  });
});

describe('Perinatal report, lines vi-vii', () => {
  it('questionnaires: rows with Scheme Perinatal, in the quarter', () => {
    const wb = workbook({
      Questionnaires: [
        questionnaire({ Scheme: 'Perinatal' }), // 2
        questionnaire({ Scheme: 'Reconnect' }), // 3
        questionnaire({ Scheme: ' PERINATAL', 'Date completed': LAST }), // 4
        questionnaire({ Scheme: 'Perinatal', 'Date completed': BEFORE }), // 5
        questionnaire({ Scheme: 'Perinatal', 'Got the care I needed': 'Kind of' }), // 6: invalid
        questionnaire({ Scheme: '' }), // 7: invalid
      ],
    });
    const run = report('perinatal', Q, wb);
    expect(run.value.questionnaires).toBe(2);
    expect(evidenceByTab(run.evidence.questionnaires!)).toEqual({ Questionnaires: [2, 4] });
  });

  it('focus_groups: rows with Scheme Perinatal, in the quarter, each a row however many took part', () => {
    const wb = workbook({
      'Focus groups': [
        focusGroup({ Participants: 8 }), // 2
        focusGroup({ Scheme: 'Reconnect' }), // 3
        focusGroup({ 'Date held': FIRST, Participants: 1 }), // 4
        focusGroup({ Participants: 0 }), // 5: invalid
        focusGroup({ 'Date held': AFTER }), // 6
      ],
    });
    const run = report('perinatal', Q, wb);
    expect(run.value.focus_groups).toBe(2);
    expect(evidenceByTab(run.evidence.focus_groups!)).toEqual({ 'Focus groups': [2, 4] });
  });
});

describe('Reconnect report, lines vi-vii', () => {
  it('women_released: distinct Prison numbers on Releases rows with a Release date in the quarter', () => {
    const wb = workbook({
      Releases: [
        release({ 'Prison number': 'A1234BC' }), // 2
        release({ 'Prison number': 'a1234bc', 'Release date': LAST }), // 3: same woman again
        release({ 'Prison number': 'B2345CD', 'Release date': FIRST }), // 4
        release({ 'Prison number': 'C3456DE', 'Release date': AFTER }), // 5
        release({ 'Prison number': 'D4567EF', 'Destination area': '' }), // 6: invalid
      ],
    });
    const run = report('reconnect', Q, wb);
    expect(run.value.women_released).toBe(2);
    expect(evidenceByTab(run.evidence.women_released!)).toEqual({ Releases: [2, 3, 4] });
  });

  it('a release logged after the quarter but dated in it counts in the quarter of its Release date', () => {
    const wb = workbook({
      Releases: [
        release({ 'Release date': LAST, Timestamp: '05/07/2021 10:00:00', 'Supported to reconnect with healthcare': 'Yes' }),
        release({ 'Prison number': 'B2345CD', 'Release date': AFTER, Timestamp: '20/06/2021 10:00:00', 'Supported to reconnect with healthcare': 'Yes' }),
      ],
    });
    const q1 = report('reconnect', Q, wb);
    expect(q1.value.women_released).toBe(1);
    expect(q1.value.women_reconnected).toBe(1);
    expect(evidenceByTab(q1.evidence.women_released!)).toEqual({ Releases: [2] });
    const q2 = report('reconnect', '2021-22 Q2', wb);
    expect(evidenceByTab(q2.evidence.women_released!)).toEqual({ Releases: [3] });
    expect(q2.value.women_reconnected).toBe(1);
  });

  it('releases are not filtered by scheme: the Perinatal report has no release lines, the Reconnect report counts them all', () => {
    const wb = workbook({
      Contacts: [contact({ Scheme: 'Perinatal' })],
      Releases: [release()],
    });
    expect(report('reconnect', Q, wb).value.women_released).toBe(1);
    expect(report('perinatal', Q, wb).value).not.toHaveProperty('women_released');
  });

  it('women_reconnected: only "Yes", distinct, and only for releases dated in the quarter', () => {
    const wb = workbook({
      Releases: [
        release({ 'Prison number': 'A1234BC', 'Supported to reconnect with healthcare': 'Yes' }), // 2
        release({ 'Prison number': 'A1234BC', 'Supported to reconnect with healthcare': ' yes ', 'Release date': LAST }), // 3: same woman
        release({ 'Prison number': 'B2345CD', 'Supported to reconnect with healthcare': 'No' }), // 4
        release({ 'Prison number': 'C3456DE' }), // 5: blank
        release({ 'Prison number': 'D4567EF', 'Supported to reconnect with healthcare': 'Yes', 'Release date': BEFORE }), // 6
        release({ 'Prison number': 'E5678FG', 'Supported to reconnect with healthcare': 'Yes', 'Release date': '31/06/2021' }), // 7: invalid
        release({ 'Prison number': 'F6789GH', 'Supported to reconnect with healthcare': 'Y' }), // 8: invalid
        release({ 'Prison number': 'G7890HI', 'Supported to reconnect with healthcare': 'No' }), // 9
        release({ 'Prison number': 'G7890HI', 'Supported to reconnect with healthcare': 'Yes', 'Release date': FIRST }), // 10
      ],
    });
    const run = report('reconnect', Q, wb);
    expect(run.value.women_released).toBe(4); // A, B, C, G
    expect(run.value.women_reconnected).toBe(2); // A, G
    expect(evidenceByTab(run.evidence.women_reconnected!)).toEqual({ Releases: [2, 3, 10] });
    expect(evidenceByTab(run.evidence.women_released!)).toEqual({ Releases: [2, 3, 4, 5, 9, 10] });
  });
});

describe('other kinds of quarter', () => {
  it('calendar quarters: 2021 Q2 is the same three months as 2021-22 Q1', () => {
    const wb = workbook({ Contacts: [BEFORE, FIRST, LAST, AFTER].map((d, i) => contact({ 'Contact date': d, 'Prison number': `A000${i}BC` })) });
    const run = report('perinatal', '2021 Q2', wb, { quarters: 'calendar' });
    expect(run.result.period).toEqual({ label: '2021 Q2', start: '2021-04-01', end: '2021-06-30' });
    expect(evidenceByTab(run.evidence.women_supported!)).toEqual({ Contacts: [3, 4] });
  });

  it('contract quarters: C1 runs from 2 January 2021 to 1 April 2021', () => {
    const dates = ['01/01/2021', '02/01/2021', '01/04/2021', '02/04/2021'];
    const wb = workbook({ Training: dates.map((d) => training({ 'Session date': d })) });
    const run = report('perinatal', 'C1', wb, { quarters: 'contract' });
    expect(run.value.training_sessions).toBe(2);
    expect(evidenceByTab(run.evidence.training_sessions!)).toEqual({ Training: [3, 4] });
  });
});

describe('reportJson (spec §6)', () => {
  it('gives {scheme, period: {label, start, end}, metrics: [{id, label, value}], issues}', () => {
    const wb = workbook({
      Contacts: [contact(), contact({ 'Prison number': 'A12345' })],
      Releases: [release({ 'Release date': 'soon' })],
    });
    const json = reportJson(report('perinatal', '2021-22-Q1', wb).result);
    expect(Object.keys(json)).toEqual(['scheme', 'period', 'metrics', 'issues']);
    expect(json.scheme).toBe('perinatal');
    expect(json.period).toEqual({ label: '2021-22 Q1', start: '2021-04-01', end: '2021-06-30' });
    expect(json.metrics).toHaveLength(7);
    for (const m of json.metrics) expect(Object.keys(m)).toEqual(['id', 'label', 'value']);
    expect(json.metrics.find((m) => m.id === 'women_supported')!.value).toBe(1);
    // Issues of the tabs the report reads, by tab and spreadsheet row; Releases is not read by Perinatal.
    expect(json.issues.some((i) => i.tab === 'Contacts' && i.row === 3 && i.severity === 'error')).toBe(true);
    expect(json.issues.some((i) => i.tab === 'Releases')).toBe(false);
    for (const issue of json.issues) expect(Object.keys(issue).sort()).toEqual(['reason', 'row', 'severity', 'tab']);
    // It survives a round trip through JSON text unchanged.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('the Reconnect JSON carries the Releases issues and the release lines', () => {
    const wb = workbook({ Releases: [release({ 'Release date': 'soon' })] });
    const json = reportJson(report('reconnect', Q, wb).result);
    expect(json.scheme).toBe('reconnect');
    expect(json.metrics.map((m) => m.id).slice(5)).toEqual(['women_released', 'women_reconnected']);
    expect(json.issues).toContainEqual({ tab: 'Releases', row: 2, severity: 'error', reason: expect.stringContaining('"Release date"') });
  });
});
