/** Hepatitis C prison peers (seed 004): every report line at its edges, the training check, the sample. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset, type Dataset } from '../../core/dataset.js';
import { BUDDY_FORMS } from '../../core/schemes/buddies/forms.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { EWB_FORMS } from '../../core/schemes/ewb/forms.js';
import { HCV_FORMS } from '../../core/schemes/hcv/forms.js';
import { compareReport, evaluateReport, reportJson } from '../../core/report.js';
import { findScheme } from '../../core/schemes/index.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import type { RawWorkbook } from '../../core/workbook.js';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { evidenceByTab, issuesOn, report, schemeWorkbook, type RowSpec, AFTER, BEFORE, FIRST, LAST, MID, Q } from '../helpers/build-workbook.js';
import { runCli } from '../helpers/run-cli.js';


const awareness = (over: RowSpec = {}): RowSpec => ({ 'Date held': MID, 'Peer IDs': 'HCV-001', Setting: 'Induction', Attendees: 8, ...over });
const contact = (over: RowSpec = {}): RowSpec => ({
  'Contact date': MID,
  'Prison number': 'A1234BC',
  'Peer IDs': 'HCV-001',
  'Support given': 'Information about hepatitis C',
  ...over,
});
const session = (over: RowSpec = {}): RowSpec => ({ 'Session date': MID, 'Session type': 'Training', 'Peer IDs': 'HCV-001', 'Led by': 'Nurse Example', ...over });
const peer = (id: string, over: RowSpec = {}): RowSpec => ({
  'Peer ID': id,
  Name: 'Testa Example',
  Role: 'Volunteer',
  'Start date': '01/01/2021',
  'Training completed date': '15/01/2021',
  ...over,
});
const pn = (i: number) => `A${String(1000 + i)}BC`;
const hcv = (tabs: Record<string, RowSpec[]>) => report('hcv', Q, schemeWorkbook('hcv', tabs));

describe('the hcv report', () => {
  it('has its lines in order, rendered by the generic report template', () => {
    expect(findScheme('hcv').template).toBe('report');
    expect(findScheme('hcv').forms.map((f) => f.tab)).toEqual(['HCV peers', 'HCV peer training and support', 'HCV awareness sessions', 'HCV peer contacts']);
    expect(hcv({}).result.lines.map((m) => m.id)).toEqual([
      'peers_active',
      'awareness_sessions',
      'awareness_attendees',
      'people_supported',
      'encouraged_testing',
      'referred_for_testing',
      'referred_for_treatment',
      'supported_in_treatment',
      'training_sessions',
      'peers_trained',
      'support_sessions',
      'peers_supported',
    ]);
  });

  it('on an empty workbook: zeros and no evidence', () => {
    const run = hcv({});
    expect(Object.values(run.value).every((v) => v === 0)).toBe(true);
    expect(Object.values(run.evidence).every((e) => e.length === 0)).toBe(true);
  });
});

describe('hcv report: rows on the first and last day of the quarter count, the day before and after do not', () => {
  type Case = readonly [metric: string, tab: string, make: (date: string, n: number) => RowSpec, value: number];
  const cases: Case[] = [
    ['peers_active', 'HCV awareness sessions', (d, n) => awareness({ 'Date held': d, 'Peer IDs': `HCV-00${n}` }), 2],
    ['peers_active', 'HCV peer contacts', (d, n) => contact({ 'Contact date': d, 'Peer IDs': `HCV-00${n}` }), 2],
    ['awareness_sessions', 'HCV awareness sessions', (d) => awareness({ 'Date held': d }), 2],
    ['awareness_attendees', 'HCV awareness sessions', (d, n) => awareness({ 'Date held': d, Attendees: 10 * n }), 50],
    ['people_supported', 'HCV peer contacts', (d, n) => contact({ 'Contact date': d, 'Prison number': pn(n) }), 2],
    ['encouraged_testing', 'HCV peer contacts', (d, n) => contact({ 'Contact date': d, 'Prison number': pn(n), 'Support given': 'Encouraged testing' }), 2],
    ['referred_for_testing', 'HCV peer contacts', (d, n) => contact({ 'Contact date': d, 'Prison number': pn(n), 'Referred for testing': 'Yes' }), 2],
    ['referred_for_treatment', 'HCV peer contacts', (d, n) => contact({ 'Contact date': d, 'Prison number': pn(n), 'Referred for treatment': 'Yes' }), 2],
    ['supported_in_treatment', 'HCV peer contacts', (d, n) => contact({ 'Contact date': d, 'Prison number': pn(n), 'Support given': 'Supported during treatment' }), 2],
    ['training_sessions', 'HCV peer training and support', (d) => session({ 'Session date': d }), 2],
    ['peers_trained', 'HCV peer training and support', (d, n) => session({ 'Session date': d, 'Peer IDs': `HCV-00${n}` }), 2],
    ['support_sessions', 'HCV peer training and support', (d) => session({ 'Session date': d, 'Session type': 'Debrief' }), 2],
    ['peers_supported', 'HCV peer training and support', (d, n) => session({ 'Session date': d, 'Session type': 'Supervision', 'Peer IDs': `HCV-00${n}` }), 2],
  ];

  it.each(cases)('%s from %s', (metric, tab, make, value) => {
    const run = hcv({ [tab]: [BEFORE, FIRST, LAST, AFTER].map((d, i) => make(d, i + 1)) });
    expect(run.value[metric]).toBe(value);
    expect(evidenceByTab(run.evidence[metric]!)).toEqual({ [tab]: [3, 4] });
  });
});

describe('hcv report: activities and people', () => {
  it('peers_active: distinct across awareness sessions and contacts; invalid rows left out', () => {
    const run = hcv({
      'HCV peers': [peer('HCV-001'), peer('HCV-002')],
      'HCV awareness sessions': [
        awareness({ 'Peer IDs': 'HCV-001, HCV-002' }), // 2
        awareness({ 'Peer IDs': 'HCV-003', Attendees: 0 }), // 3: excluded
        awareness({ 'Peer IDs': 'HCV-004', Attendees: 2.5 }), // 4: excluded (whole number)
        awareness({ 'Peer IDs': 'HCV-005', Setting: 'Chapel' }), // 5: excluded
      ],
      'HCV peer contacts': [
        contact({ 'Peer IDs': ' hcv-002' }), // 2
        contact({ 'Peer IDs': 'HCV-006' }), // 3: unregistered: a warning, still counted
        contact({ 'Peer IDs': 'HCV-7' }), // 4: breaks the pattern
      ],
    });
    expect(run.value.peers_active).toBe(3);
    expect(evidenceByTab(run.evidence.peers_active!)).toEqual({ 'HCV awareness sessions': [2], 'HCV peer contacts': [2, 3] });
    expect(issuesOn(run.dataset, 'HCV awareness sessions', 'error').map((i) => i.row)).toEqual([3, 4, 5]);
    expect(issuesOn(run.dataset, 'HCV peer contacts', 'warning').map((i) => [i.row, i.reason])).toEqual([
      [3, '"Peer IDs" names a Peer ID that no HCV peers row registers; still counted'],
    ]);
  });

  it('awareness: every session, and its attendees added up (nobody named, so someone at two counts twice)', () => {
    const run = hcv({
      'HCV awareness sessions': [awareness({ Attendees: 12 }), awareness({ Attendees: '3' }), awareness({ Setting: '', Attendees: 1 }), awareness({ Attendees: '' })],
    });
    expect(run.value).toMatchObject({ awareness_sessions: 3, awareness_attendees: 16 });
  });

  it('people: each counted once however many contacts; testing counts encouraged or accompanied; referrals only on Yes', () => {
    const run = hcv({
      'HCV peer contacts': [
        contact({ 'Prison number': pn(1), 'Support given': 'Information about hepatitis C, Encouraged testing', 'Referred for testing': 'Yes' }), // 2
        contact({ 'Prison number': pn(1), 'Support given': 'Accompanied to testing', 'Referred for testing': 'Yes', 'Contact date': LAST }), // 3
        contact({ 'Prison number': pn(2), 'Support given': 'Accompanied to testing', 'Referred for testing': 'No' }), // 4
        contact({ 'Prison number': pn(3), 'Support given': 'Supported during treatment', 'Referred for treatment': 'Yes' }), // 5
        contact({ 'Prison number': pn(3), 'Support given': 'Supported during treatment, Planning treatment after release', 'Referred for treatment': 'No' }), // 6
        contact({ 'Prison number': pn(4), 'Referred for testing': 'Maybe' }), // 7: excluded
        contact({ 'Prison number': pn(5), 'Support given': '' }), // 8: excluded (required)
      ],
    });
    expect(run.value).toMatchObject({
      people_supported: 3,
      encouraged_testing: 2,
      referred_for_testing: 1,
      referred_for_treatment: 1,
      supported_in_treatment: 1,
    });
    expect(evidenceByTab(run.evidence.encouraged_testing!)).toEqual({ 'HCV peer contacts': [2, 3, 4] });
    expect(issuesOn(run.dataset, 'HCV peer contacts', 'error').map((i) => i.row)).toEqual([7, 8]);
  });

  it('people supported are not cross-checked against any register', () => {
    const run = hcv({ 'HCV peers': [peer('HCV-001')], 'HCV peer contacts': [contact()] });
    expect(run.dataset.issues).toEqual([]);
  });
});

describe('hcv report: the peers’ own training and support', () => {
  it('training and support sessions by type, and the distinct peers at each', () => {
    const run = hcv({
      'HCV peer training and support': [
        session({ 'Session type': 'Training', 'Peer IDs': 'HCV-001, HCV-002' }), // 2
        session({ 'Session type': 'training', 'Peer IDs': 'HCV-002' }), // 3
        session({ 'Session type': 'Supervision', 'Peer IDs': 'HCV-001, HCV-003' }), // 4
        session({ 'Session type': 'Debrief', 'Peer IDs': 'HCV-004' }), // 5
        session({ 'Session type': 'Coffee', 'Peer IDs': 'HCV-005' }), // 6: excluded
        session({ 'Session type': 'Supervision', 'Peer IDs': 'HCV-006', 'Led by': '' }), // 7: excluded
      ],
    });
    expect(run.value).toMatchObject({ training_sessions: 2, peers_trained: 2, support_sessions: 2, peers_supported: 3 });
    expect(evidenceByTab(run.evidence.support_sessions!)).toEqual({ 'HCV peer training and support': [4, 5] });
  });
});

describe('the training check', () => {
  const checked = (peers: RowSpec[], tabs: Record<string, RowSpec[]>) => hcv({ 'HCV peers': peers, ...tabs }).checks('2021-12-31');

  it('flags awareness sessions and contacts by a peer before their training was completed; the day itself is fine', () => {
    const issues = checked([peer('HCV-001', { 'Training completed date': '15/05/2021' }), peer('HCV-002'), peer('HCV-003', { 'Training completed date': '' })], {
      'HCV awareness sessions': [
        awareness({ 'Date held': '14/05/2021' }), // 2
        awareness({ 'Date held': '15/05/2021' }), // 3
        awareness({ 'Date held': '01/05/2021', 'Peer IDs': 'HCV-002' }), // 4
      ],
      'HCV peer contacts': [
        contact({ 'Contact date': '10/05/2021', 'Peer IDs': 'HCV-002, HCV-003' }), // 2: one of two never trained
        contact({ 'Contact date': '10/05/2021', 'Peer IDs': 'HCV-009' }), // 3: unregistered: the dataset's warning only
      ],
    });
    expect(issues.map((i) => [i.tab, i.row])).toEqual([
      ['HCV awareness sessions', 2],
      ['HCV peer contacts', 2],
    ]);
    expect(issues[0]!.reason).toBe(
      '"Peer IDs" names a peer who worked with people without their training complete by the "Date held" (missing: training completed). Hepatitis C peers run sessions and support people only after completing their peer training.',
    );
    expect(issues[1]!.reason).toContain('by the "Contact date"');
    expect(JSON.stringify(issues)).not.toMatch(/HCV-\d|Testa|A1234BC/);
  });
});

describe('the sample workbook’s hepatitis C tabs', () => {
  let wb: RawWorkbook;
  let ds: Dataset;
  beforeAll(() => {
    wb = generateSampleWorkbook();
    ds = readDataset(wb, HCV_FORMS, DEFAULT_SETTINGS);
  });

  it('has a handful of peers, weekly awareness sessions, a few hundred people supported, some through treatment', () => {
    const all = [...ds.registered.hcvPeers!.values()];
    expect(new Set(all.map((p) => p.values.role))).toEqual(new Set(['Paid', 'Volunteer']));
    for (const quarter of ['2021-22 Q1', '2021-22 Q3', '2022-23 Q1', '2022-23 Q3']) {
      const q = report('hcv', quarter, wb);
      expect(q.value.peers_active).toBeGreaterThanOrEqual(3);
      expect(q.value.awareness_sessions).toBeGreaterThanOrEqual(10);
      expect(q.value.people_supported).toBeGreaterThanOrEqual(25);
      expect(q.value.referred_for_testing).toBeGreaterThan(0);
      expect(q.value.support_sessions).toBeGreaterThan(0);
    }
    const whole = Object.fromEntries(evaluateReport(findScheme('hcv'), ds, { label: 'c', start: '2021-01-02', end: '2022-12-31' }).lines.map((m) => [m.id, m.value]));
    expect(whole.referred_for_treatment).toBeGreaterThanOrEqual(10);
    expect(whole.supported_in_treatment).toBeGreaterThanOrEqual(10);
    expect(whole.training_sessions).toBeGreaterThanOrEqual(8);
  });

  it('gives people prison numbers that no woman, mentee or buddy recipient has', () => {
    const others = readDataset(wb, [...CONTRACT_FORMS, ...EWB_FORMS, ...BUDDY_FORMS], DEFAULT_SETTINGS);
    const taken = new Set([
      ...others.registered.women!.keys(),
      ...others.records.menteeSessions!.map((r) => r.values.prisonNumber as string),
      ...others.records.buddySupport!.map((r) => r.values.recipient as string),
    ]);
    expect(ds.records.hcvContacts!.filter((r) => taken.has(r.values.prisonNumber as string))).toEqual([]);
  });

  it('plants a fixed set of mistakes', () => {
    expect(ds.issues.map((i) => [i.tab, i.severity, i.reason.replace(/ row \d+/, ' row N')])).toEqual([
      ['HCV awareness sessions', 'error', 'excluded: "Attendees" must be a whole number from 1 to 200'],
      ['HCV peer contacts', 'error', 'excluded: "Referred for testing" has an answer that is not one of: Yes, No'],
      ['HCV peer contacts', 'warning', '"Peer IDs" names a Peer ID that no HCV peers row registers; still counted'],
      ['HCV peer contacts', 'duplicate', 'repeats row N exactly; counted once'],
    ]);
  });

  it('flags the peer who began supporting people before completing the training, and nobody else', () => {
    const issues = findScheme('hcv').checks!(ds, '2023-01-01');
    expect(issues.length).toBeGreaterThanOrEqual(2);
    const named = issues.map((i) => (ds.records[i.tab === 'HCV awareness sessions' ? 'hcvAwareness' : 'hcvContacts']!.find((r) => r.row === i.row)!.values.peerIds as string[]));
    expect(named[0]!.filter((id) => named.every((ids) => ids.includes(id)))).toHaveLength(1);
  });

  it('is what `peerkit report --scheme hcv` reports from the bundled sample', async () => {
    const run = await runCli(['report', '--scheme', 'hcv', '--quarter', '2022-23-Q1', '--format', 'json', '--out', '-']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.metrics).toEqual(reportJson(compareReport(findScheme('hcv'), ds, evaluateReport(findScheme('hcv'), ds, json.period))).metrics);
    expect(run.stdout).not.toMatch(/[A-Z]\d{4}[A-Z]{2}|HCV-\d{3}/);
  });
});
