/** Every report line of data contract §4, for both schemes, at its edges. */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { serialFromIsoDate } from '../../core/dates.js';
import { reportJson } from '../../core/report.js';
import { findScheme } from '../../core/schemes/index.js';
import { dataset, evidenceByTab, issuesOn, report, withoutTab, workbook, type RowSpec, AFTER, BEFORE, FIRST, LAST, MID, Q } from '../helpers/build-workbook.js';


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

  it('Reconnect has lines i-v, then women_released and women_reconnected, then three lines under "Also recorded"', () => {
    const run = report('reconnect', Q, workbook());
    expect(run.result.lines.map((m) => m.id)).toEqual([
      'active_supporters',
      'women_supported',
      'training_sessions',
      'supervision_sessions',
      'supervision_attendees',
      'women_released',
      'women_reconnected',
      'gp_registered_before_release',
      'prepared_before_release',
      'release_packs_given',
    ]);
    expect(run.metric.women_released!.label).toBe('vi. No of women released during the quarter');
    // The contract's seven lines are numbered and under no heading; the others are never numbered.
    expect(run.result.lines.slice(0, 7).map((m) => m.group)).toEqual(Array(7).fill(undefined));
    expect(run.result.lines.slice(7).map((m) => [m.label, m.group])).toEqual([
      ['Women released who were registered with a GP before release', 'Also recorded'],
      ['Women released who had release preparation in the 6 weeks before release', 'Also recorded'],
      ['Women released who were given a release pack', 'Also recorded'],
    ]);
    expect(run.result.groups['Also recorded']).toMatch(/^These are not contract lines\./);
  });

  it.each(['perinatal', 'reconnect'] as const)('%s: an empty workbook gives zeros and no evidence', (scheme) => {
    const run = report(scheme, Q, workbook());
    expect(Object.values(run.value).every((v) => v === 0)).toBe(true);
    expect(Object.values(run.evidence).every((e) => e.length === 0)).toBe(true);
  });

  it('the Perinatal report has no Also recorded lines and no headings', () => {
    const run = report('perinatal', Q, workbook());
    expect(run.result.lines.every((m) => m.group === undefined && m.denominator === undefined)).toBe(true);
    expect(run.result.groups).toEqual({});
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

const supporter = (id: string, schemes: string, over: RowSpec = {}): RowSpec => ({ 'Supporter ID': id, Name: 'Sam Placeholder', Schemes: schemes, 'Start date': '01/01/2021', ...over });

describe.each(SCHEMES)('$id report, lines i and v as revised 2026-11-29', ({ id, S, other }) => {
  const theirs = id === 'perinatal' ? 'reconnect' : 'perinatal';

  it(`joint training and supervision: a supporter registered for ${other} only counts in neither line i nor line v here, and in both of ${other}'s`, () => {
    const wb = workbook({
      Supporters: [supporter('PS-001', other)],
      Training: [training({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-001' })],
      Supervision: [supervision({ Schemes: 'Reconnect, Perinatal', Attendees: 'PS-001' })],
    });
    const run = report(id, Q, wb);
    expect(run.value.active_supporters).toBe(0);
    expect(run.value.supervision_attendees).toBe(0);
    // A row none of whose attendees count is not behind the number.
    expect(run.evidence.active_supporters).toEqual([]);
    expect(run.evidence.supervision_attendees).toEqual([]);
    // The sessions still count for both schemes: lines iii and iv are unchanged.
    expect([run.value.training_sessions, run.value.supervision_sessions]).toEqual([1, 1]);
    const own = report(theirs, Q, wb);
    expect([own.value.active_supporters, own.value.supervision_attendees]).toEqual([1, 1]);
  });

  it('a supporter registered for both schemes counts in both reports', () => {
    const wb = workbook({
      Supporters: [supporter('PS-002', 'Perinatal, Reconnect')],
      Training: [training({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-002' })],
      Supervision: [supervision({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-002' })],
    });
    for (const scheme of [id, theirs]) {
      const run = report(scheme, Q, wb);
      expect([run.value.active_supporters, run.value.supervision_attendees]).toEqual([1, 1]);
      expect(evidenceByTab(run.evidence.active_supporters!)).toEqual({ Training: [2], Supervision: [2] });
    }
  });

  it('an attendee no Supporters row registers still counts, with the warning already on the row', () => {
    const wb = workbook({
      Supporters: [supporter('PS-001', other)],
      Training: [training({ Schemes: S, Attendees: 'PS-009' })],
      Supervision: [supervision({ Schemes: S, Attendees: 'PS-009, PS-001' })],
    });
    const run = report(id, Q, wb);
    expect(run.value.active_supporters).toBe(1);
    expect(run.value.supervision_attendees).toBe(1);
    expect(evidenceByTab(run.evidence.supervision_attendees!)).toEqual({ Supervision: [2] });
    expect(issuesOn(run.dataset, 'Training', 'warning').map((i) => i.row)).toEqual([2]);
  });

  it('the exception is about her record, not the session: a session of this scheme alone does not count a supporter registered for the other only', () => {
    const wb = workbook({
      Supporters: [supporter('PS-001', other), supporter('PS-002', S)],
      Training: [training({ Schemes: S, Attendees: 'PS-001, PS-002' }), training({ Schemes: S, Attendees: 'PS-001' })],
    });
    const run = report(id, Q, wb);
    expect(run.value.active_supporters).toBe(1);
    expect(evidenceByTab(run.evidence.active_supporters!)).toEqual({ Training: [2] });
  });

  it('her Supporters record after later rows: a later row adding this scheme makes her count, one leaving only the other takes her out, an invalid one changes nothing', () => {
    const wb = workbook({
      Supporters: [
        supporter('PS-001', other, { Timestamp: '01/01/2021 09:00:00' }), // 2
        supporter('PS-001', 'Perinatal, Reconnect', { Timestamp: '01/03/2021 09:00:00' }), // 3: adds this scheme
        supporter('PS-002', 'Perinatal, Reconnect', { Timestamp: '01/01/2021 09:00:00' }), // 4
        supporter('PS-002', other, { Timestamp: '01/03/2021 09:00:00' }), // 5: the other scheme only, from now
        supporter('PS-003', S, { Timestamp: '02/03/2021 09:00:00' }), // 6: later, though above row 7
        supporter('PS-003', other, { Timestamp: '01/03/2021 09:00:00' }), // 7
        supporter('PS-004', S, { Timestamp: '01/01/2021 09:00:00' }), // 8
        supporter('PS-004', 'Both', { Timestamp: '01/03/2021 09:00:00' }), // 9: invalid, left out
      ],
      // The record as it stands counts, whatever the session's date (here before the later rows were sent).
      Training: [training({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-001, PS-002, PS-003, PS-004', 'Session date': FIRST })],
      Supervision: [supervision({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-001, PS-002, PS-003, PS-004' })],
    });
    const run = report(id, Q, wb);
    expect(run.value.active_supporters).toBe(3); // PS-001, PS-003, PS-004
    expect(run.value.supervision_attendees).toBe(3);
    expect(report(theirs, Q, wb).value.active_supporters).toBe(2); // PS-001 (both schemes now), PS-002
  });

  it('Contacts are unaffected: a supporter registered for the other scheme only, on a contact of this scheme, counts in line i', () => {
    const wb = workbook({
      Supporters: [supporter('PS-001', other)],
      Contacts: [contact({ Scheme: S, 'Peer supporters': 'PS-001' })],
      Training: [training({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-001' })],
    });
    const run = report(id, Q, wb);
    expect(run.value.active_supporters).toBe(1);
    expect(evidenceByTab(run.evidence.active_supporters!)).toEqual({ Contacts: [2] });
  });
});

describe('Reconnect report, Also recorded', () => {
  const planning = (over: RowSpec = {}): RowSpec => ({ 'Prison number': 'A1234BC', Date: MID, ...over });
  const shareOf = (run: ReturnType<typeof report>, id: string) => {
    const m = run.metric[id]!;
    return { value: m.value, numerator: m.numerator, denominator: m.denominator, percent: m.percent };
  };
  const women = (n: number) => Array.from({ length: n }, (_, i) => `A${String(i + 1).padStart(4, '0')}BC`);

  it('each counts women of line vi, line vi being the denominator, with the percentage rounded half up', () => {
    const released = women(8);
    const wb = workbook({
      Releases: [
        ...released.map((pn, i) =>
          release({
            'Prison number': pn,
            'GP registration': i < 1 ? 'Registered before release' : 'Registration started',
            'Release pack given': i < 5 ? 'Yes' : 'No',
          }),
        ),
        // Released after the quarter, with everything done: in no number of this quarter.
        release({ 'Prison number': 'B9999ZZ', 'Release date': AFTER, 'GP registration': 'Registered before release', 'Release pack given': 'Yes' }),
      ],
      'Release planning': [...released.slice(0, 3).map((pn) => planning({ 'Prison number': pn })), planning({ 'Prison number': 'B9999ZZ', Date: LAST })],
    });
    const run = report('reconnect', Q, wb);
    expect(run.value.women_released).toBe(8);
    expect(shareOf(run, 'gp_registered_before_release')).toEqual({ value: 1, numerator: 1, denominator: 8, percent: 13 }); // 12.5
    expect(shareOf(run, 'prepared_before_release')).toEqual({ value: 3, numerator: 3, denominator: 8, percent: 38 }); // 37.5
    expect(shareOf(run, 'release_packs_given')).toEqual({ value: 5, numerator: 5, denominator: 8, percent: 63 }); // 62.5
    expect(evidenceByTab(run.evidence.release_packs_given!)).toEqual({ Releases: [2, 3, 4, 5, 6] });
  });

  it('N = 0: value 0, 0/0, and no percentage', () => {
    const wb = workbook({
      Releases: [release({ 'Release date': AFTER, 'GP registration': 'Registered before release', 'Release pack given': 'Yes' })],
      'Release planning': [planning({ Date: LAST })],
    });
    const run = report('reconnect', Q, wb);
    for (const id of ['gp_registered_before_release', 'prepared_before_release', 'release_packs_given']) {
      expect(shareOf(run, id), id).toEqual({ value: 0, numerator: 0, denominator: 0, percent: null });
      expect(run.evidence[id]).toEqual([]);
    }
    expect(report('reconnect', '2021-22 Q2', wb).metric.prepared_before_release!.percent).toBe(100);
  });

  it.each([
    ['gp_registered_before_release', 'GP registration', 'Registered before release', 'Registration started'],
    ['release_packs_given', 'Release pack given', 'Yes', 'No'],
  ] as const)('%s: only %s "%s", on a Releases row dated in the quarter, each woman once', (id, column, yes, no) => {
    const wb = workbook({
      Releases: [
        release({ 'Prison number': 'A1234BC', [column]: yes }), // 2
        release({ 'Prison number': 'a1234bc ', [column]: ` ${yes.toLowerCase()}`, 'Release date': LAST }), // 3: the same woman again
        release({ 'Prison number': 'B2345CD', [column]: no }), // 4
        release({ 'Prison number': 'C3456DE' }), // 5: blank
        release({ 'Prison number': 'D4567EF', [column]: yes, 'Release date': BEFORE }), // 6
        release({ 'Prison number': 'E5678FG', [column]: yes, 'Release date': AFTER }), // 7
        release({ 'Prison number': 'F6789GH', [column]: yes, 'Release date': FIRST }), // 8
        release({ 'Prison number': 'G7890HI', [column]: 'Registered' }), // 9: not an answer of this form: left out
        release({ 'Prison number': 'H8901IJ', [column]: no, 'Release date': FIRST }), // 10: released twice, the later time with it
        release({ 'Prison number': 'H8901IJ', [column]: yes, 'Release date': LAST }), // 11
      ],
    });
    const run = report('reconnect', Q, wb);
    expect(run.value.women_released).toBe(5); // A, B, C, F, H
    expect(shareOf(run, id)).toEqual({ value: 3, numerator: 3, denominator: 5, percent: 60 });
    expect(evidenceByTab(run.evidence[id]!)).toEqual({ Releases: [2, 3, 8, 11] });
  });

  describe('prepared_before_release', () => {
    it('a Release planning row, or a contact whose Contact type includes Release planning, in the 42 days ending on her release: day 42 counts, day 43 and the day after do not', () => {
      const pns = ['A1234BC', 'B2345CD', 'C3456DE', 'D4567EF', 'E5678FG', 'F6789GH', 'G7890HI'];
      const wb = workbook({
        Releases: pns.map((pn) => release({ 'Prison number': pn, 'Release date': MID })), // rows 2-8, all released 15 May
        'Release planning': [
          planning({ 'Prison number': 'A1234BC', Date: '04/04/2021' }), // 2: 41 days before, the 42nd day of the window
          planning({ 'Prison number': 'B2345CD', Date: '03/04/2021' }), // 3: 42 days before: out
          planning({ 'Prison number': 'C3456DE', Date: MID }), // 4: on the day of release
          planning({ 'Prison number': 'D4567EF', Date: '16/05/2021' }), // 5: after release: out
        ],
        Contacts: [
          contact({ 'Prison number': 'E5678FG', 'Contact date': '04/04/2021', 'Contact type': 'Practical help, Release planning' }), // 2: any scheme
          contact({ 'Prison number': 'F6789GH', 'Contact date': '10/05/2021', Scheme: 'Reconnect', 'Contact type': 'Emotional support' }), // 3: not release planning
          contact({ 'Prison number': 'G7890HI', 'Contact date': '16/05/2021', Scheme: 'Reconnect', 'Contact type': 'Release planning' }), // 4: after release
          contact({ 'Prison number': 'F6789GH', 'Contact date': '12/05/2021', Scheme: 'Reconnect' }), // 5: no contact type
        ],
      });
      const run = report('reconnect', Q, wb);
      expect(shareOf(run, 'prepared_before_release')).toEqual({ value: 3, numerator: 3, denominator: 7, percent: 43 });
      expect(evidenceByTab(run.evidence.prepared_before_release!)).toEqual({ Releases: [2, 4, 6], 'Release planning': [2, 4], Contacts: [2] });
    });

    it('the window reaches back before the quarter; a release after the quarter counts in the next', () => {
      const wb = workbook({
        Releases: [
          release({ 'Prison number': 'A1234BC', 'Release date': FIRST }), // 2
          release({ 'Prison number': 'B2345CD', 'Release date': FIRST }), // 3
          release({ 'Prison number': 'C3456DE', 'Release date': LAST }), // 4
          release({ 'Prison number': 'D4567EF', 'Release date': AFTER }), // 5
        ],
        'Release planning': [
          planning({ 'Prison number': 'A1234BC', Date: '19/02/2021' }), // 2: the window's first day, in the last quarter
          planning({ 'Prison number': 'B2345CD', Date: '18/02/2021' }), // 3: a day too early
          planning({ 'Prison number': 'C3456DE', Date: '20/05/2021' }), // 4: the window's first day
          planning({ 'Prison number': 'D4567EF', Date: LAST }), // 5: before a release in the next quarter
        ],
      });
      const q1 = report('reconnect', Q, wb);
      expect(shareOf(q1, 'prepared_before_release')).toEqual({ value: 2, numerator: 2, denominator: 3, percent: 67 });
      expect(evidenceByTab(q1.evidence.prepared_before_release!)).toEqual({ Releases: [2, 4], 'Release planning': [2, 4] });
      const q2 = report('reconnect', '2021-22 Q2', wb);
      expect(shareOf(q2, 'prepared_before_release')).toEqual({ value: 1, numerator: 1, denominator: 1, percent: 100 });
      expect(evidenceByTab(q2.evidence.prepared_before_release!)).toEqual({ Releases: [5], 'Release planning': [5] });
    });

    it('a woman released twice in the quarter counts once, by the release her preparation came before', () => {
      const wb = workbook({
        Releases: [
          release({ 'Prison number': 'A1234BC', 'Release date': '10/04/2021' }), // 2: nothing in the 42 days before
          release({ 'Prison number': 'A1234BC', 'Release date': '25/06/2021' }), // 3
          release({ 'Prison number': 'B2345CD', 'Release date': '10/04/2021' }), // 4
          release({ 'Prison number': 'B2345CD', 'Release date': '20/04/2021' }), // 5
        ],
        'Release planning': [planning({ 'Prison number': 'A1234BC', Date: '01/06/2021' }), planning({ 'Prison number': 'B2345CD', Date: '05/04/2021' })],
      });
      const run = report('reconnect', Q, wb);
      expect(shareOf(run, 'prepared_before_release')).toEqual({ value: 2, numerator: 2, denominator: 2, percent: 100 });
      expect(evidenceByTab(run.evidence.prepared_before_release!)).toEqual({ Releases: [3, 4, 5], 'Release planning': [2, 3] });
    });

    it('each Release planning row counts by its own Date, though a later row updates her record', () => {
      const wb = workbook({
        Releases: [release({ 'Prison number': 'A1234BC', 'Release date': MID })],
        'Release planning': [
          planning({ 'Prison number': 'A1234BC', Date: '01/05/2021', Timestamp: '01/05/2021 10:00:00' }), // 2
          planning({ 'Prison number': 'A1234BC', Date: '20/05/2021', Timestamp: '20/05/2021 10:00:00', 'GP registration': 'Registered' }), // 3: after release
        ],
      });
      const run = report('reconnect', Q, wb);
      expect(run.dataset.registered.releasePlanning!.get('A1234BC')!.values.date).toBe('2021-05-20');
      expect(run.value.prepared_before_release).toBe(1);
      expect(evidenceByTab(run.evidence.prepared_before_release!)).toEqual({ Releases: [2], 'Release planning': [2] });
    });

    it('exact repeats count once and invalid rows not at all; a woman no Women row registers still counts', () => {
      const repeat = release({ Timestamp: '15/05/2021 12:00:00', 'Prison number': 'A1234BC', 'Release pack given': 'Yes' });
      const planned = planning({ Timestamp: '10/05/2021 12:00:00', 'Prison number': 'A1234BC' });
      const wb = workbook({
        Releases: [repeat, { ...repeat }, release({ 'Prison number': 'B2345CD' })], // 2, 3: a repeat of 2, 4
        'Release planning': [
          planned, // 2
          { ...planned }, // 3: a repeat
          planning({ 'Prison number': 'B2345CD', Date: '' }), // 4: no Date: left out
          planning({ 'Prison number': 'B2345C', Date: MID }), // 5: not a prison number: left out
        ],
      });
      const run = report('reconnect', Q, wb);
      expect(issuesOn(run.dataset, 'Release planning', 'duplicate').map((i) => i.row)).toEqual([3]);
      expect(issuesOn(run.dataset, 'Release planning', 'error').map((i) => i.row)).toEqual([4, 5]);
      expect(shareOf(run, 'prepared_before_release')).toEqual({ value: 1, numerator: 1, denominator: 2, percent: 50 });
      expect(evidenceByTab(run.evidence.prepared_before_release!)).toEqual({ Releases: [2], 'Release planning': [2] });
      expect(evidenceByTab(run.evidence.release_packs_given!)).toEqual({ Releases: [2] });
      expect(issuesOn(run.dataset, 'Releases', 'warning').length).toBe(2);
      // The Release planning tab is read by this report, so its issues are the report's.
      expect(run.result.issues.some((i) => i.tab === 'Release planning')).toBe(true);
    });
  });
});

describe('Reconnect check: a release not logged', () => {
  const woman = (over: RowSpec = {}): RowSpec => ({
    'Prison number': 'A1234BC',
    'First name': 'Demora',
    'Last name': 'Sampleton',
    'Date received': '05/01/2021',
    'Expected release date': '01/06/2021',
    ...over,
  });
  const checked = (tabs: Record<string, RowSpec[]>, asOf: string) => report('reconnect', Q, workbook(tabs)).checks(asOf);
  const REASON = (asOf: string) =>
    `"Expected release date" passed over 14 days before ${asOf} and no Releases row records her release: log it, or correct the expected date.`;

  it('warns on her Women row once the expected date is over 14 days past, never naming her', () => {
    expect(checked({ Women: [woman()] }, '2021-06-15')).toEqual([]); // 14 days
    const issues = checked({ Women: [woman()] }, '2021-06-16');
    expect(issues).toEqual([{ tab: 'Women', row: 2, severity: 'warning', reason: REASON('2021-06-16'), answer: '2021-06-01' }]);
    expect(JSON.stringify(issues)).not.toMatch(/A1234BC|Demora|Sampleton/);
  });

  it('a Releases row for her prison number, of any date since she was received, is enough', () => {
    expect(checked({ Women: [woman()], Releases: [release({ 'Prison number': ' a1234bc', 'Release date': '20/05/2021' })] }, '2021-07-01')).toEqual([]);
    expect(checked({ Women: [woman()], Releases: [release({ 'Release date': '20/06/2021' })] }, '2021-07-01')).toEqual([]);
  });

  it('a release before her Date received was from an earlier stay: she is still listed', () => {
    const issues = checked({ Women: [woman({ 'Date received': '01/03/2021' })], Releases: [release({ 'Release date': '10/01/2021' })] }, '2021-07-01');
    expect(issues.map((i) => i.row)).toEqual([2]);
  });

  it('a later expected date replaces it; the warning goes on her latest row', () => {
    const rows = [woman({ Timestamp: '01/01/2021 09:00:00' }), woman({ Timestamp: '20/05/2021 09:00:00', 'Expected release date': '01/07/2021' })];
    expect(checked({ Women: rows }, '2021-07-15')).toEqual([]);
    expect(checked({ Women: rows }, '2021-07-16').map((i) => [i.row, i.answer])).toEqual([[3, '2021-07-01']]);
  });

  it('a woman who withdrew her consent is still checked: it is about the record', () => {
    expect(checked({ Women: [woman({ 'Consent withdrawn date': '01/05/2021' })] }, '2021-06-16').map((i) => i.row)).toEqual([2]);
  });

  it('no expected date, or one ahead, is not listed; nor is anything when the Releases tab cannot be read', () => {
    expect(checked({ Women: [woman({ 'Expected release date': '' }), woman({ 'Prison number': 'B2345CD', 'Expected release date': '01/12/2021' })] }, '2021-07-01')).toEqual([]);
    const ds = dataset(withoutTab(workbook({ Women: [woman()] }), 'Releases'));
    expect(findScheme('reconnect').checks!(ds, '2021-07-01')).toEqual([]);
  });

  it('is a Reconnect check only (so listed once when both schemes run)', () => {
    expect(findScheme('perinatal').checks).toBeUndefined();
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
    // The §6 fields first, as consumers know them; what was added since follows.
    expect(Object.keys(json)).toEqual(['scheme', 'period', 'metrics', 'issues', 'undatedRows', 'recordsInPeriod', 'partial']);
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
    expect(json.metrics.map((m) => m.id).slice(5)).toEqual(['women_released', 'women_reconnected', 'gp_registered_before_release', 'prepared_before_release', 'release_packs_given']);
    // The published shape: contract lines {id, label, value}, line vii adding its share of line vi; the Also recorded lines add their n of N.
    for (const m of json.metrics.slice(0, 6)) expect(Object.keys(m)).toEqual(['id', 'label', 'value']);
    expect(json.metrics[6]).toEqual({ id: 'women_reconnected', label: expect.any(String), value: 0, share: { of: 'women_released', denominator: 0, percent: null } });
    for (const m of json.metrics.slice(7)) expect(m).toEqual({ id: m.id, label: m.label, value: 0, numerator: 0, denominator: 0 });
    // A release whose date cannot be read belongs to no quarter: counted apart, not listed in each (data contract §2).
    expect(json.issues.some((i) => i.tab === 'Releases')).toBe(false);
    expect(json.undatedRows).toBe(1);
  });
});

describe('a workbook from before the Release planning form', () => {
  it('still gives the Reconnect report: the line that reads Release planning is said to be uncounted, never counted as zeros', () => {
    const wb = withoutTab(
      workbook({
        Releases: [{ 'Prison number': 'A1234BC', 'Release date': MID, 'Destination area': 'Norfolk', 'Release pack given': 'Yes', 'Supported to reconnect with healthcare': 'Yes' }],
      }),
      'Release planning',
    );
    const run = report('reconnect', Q, wb);
    expect(run.value.women_released).toBe(1);
    expect(run.value.release_packs_given).toBe(1);
    expect(run.metric.prepared_before_release).toMatchObject({ value: null, unavailable: 'tab "Release planning" not found' });
    expect(run.metric.prepared_before_release!.numerator).toBeUndefined();
    const json = reportJson(run.result).metrics.find((m) => m.id === 'prepared_before_release');
    expect(json).toEqual({ id: 'prepared_before_release', label: expect.any(String), value: null });
  });

  it('but a missing tab a numbered line reads still stops the report with one line naming it', () => {
    expect(() => report('reconnect', Q, withoutTab(workbook({}), 'Releases'))).toThrow(/tab "Releases" not found/);
  });
});
