/** Liaison and Diversion peer support workers (seed 001): every report line at its edges, the checks, the sample. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset, type Dataset } from '../../core/dataset.js';
import { LIAISON_FORMS } from '../../core/schemes/liaison/forms.js';
import { compareReport, evaluateReport, reportJson } from '../../core/report.js';
import { findScheme } from '../../core/schemes/index.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import type { RawWorkbook } from '../../core/workbook.js';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { evidenceByTab, issuesOn, report, schemeWorkbook, type RowSpec, AFTER, BEFORE, FIRST, LAST, MID, Q } from '../helpers/build-workbook.js';
import { runCli } from '../helpers/run-cli.js';


const engagement = (over: RowSpec = {}): RowSpec => ({
  'Engagement date': MID,
  'Case reference': 'LD-0001',
  'Worker IDs': 'PSW-001',
  Setting: 'Police custody',
  'Hard to engage': 'No',
  ...over,
});
const supervision = (over: RowSpec = {}): RowSpec => ({ 'Session date': MID, 'Worker IDs': 'PSW-001', Supervisor: 'Sue Example', ...over });
const worker = (id: string, over: RowSpec = {}): RowSpec => ({
  'Worker ID': id,
  Name: 'Testa Example',
  Role: 'Paid',
  'Criminal justice experience': 'Arrested, Appeared in court',
  'Key vulnerabilities': 'Mental health',
  'Start date': '01/01/2021',
  'Training completed date': '15/01/2021',
  ...over,
});
const ref = (i: number) => `LD-${String(1000 + i)}`;
const liaison = (tabs: Record<string, RowSpec[]>, overrides = {}) => report('liaison', Q, schemeWorkbook('liaison', tabs), overrides);

describe('the liaison report', () => {
  it('has its lines in order, rendered by the generic report template', () => {
    expect(findScheme('liaison').template).toBe('report');
    expect(findScheme('liaison').forms.map((f) => f.tab)).toEqual(['L&D peer workers', 'L&D supervision', 'L&D engagements']);
    expect(liaison({}).result.lines.map((m) => m.id)).toEqual([
      'workers_active',
      'engagements',
      'engagements_police_custody',
      'engagements_court',
      'engagements_community',
      'engagements_phone',
      'people_engaged',
      'hard_to_engage',
      'hard_to_engage_engaged',
      'engaged_with_service',
      'referred_on',
      'supervision_sessions',
      'workers_supervised',
    ]);
  });

  it('on an empty workbook: zeros and no evidence', () => {
    const run = liaison({});
    expect(Object.values(run.value).every((v) => v === 0)).toBe(true);
    expect(Object.values(run.evidence).every((e) => e.length === 0)).toBe(true);
  });
});

describe('liaison report: rows on the first and last day of the quarter count, the day before and after do not', () => {
  type Case = readonly [metric: string, tab: string, make: (date: string, n: number) => RowSpec];
  const cases: Case[] = [
    ['workers_active', 'L&D engagements', (d, n) => engagement({ 'Engagement date': d, 'Worker IDs': `PSW-00${n}` })],
    ['engagements', 'L&D engagements', (d) => engagement({ 'Engagement date': d })],
    ['engagements_court', 'L&D engagements', (d) => engagement({ 'Engagement date': d, Setting: 'Court' })],
    ['people_engaged', 'L&D engagements', (d, n) => engagement({ 'Engagement date': d, 'Case reference': ref(n) })],
    ['hard_to_engage', 'L&D engagements', (d, n) => engagement({ 'Engagement date': d, 'Case reference': ref(n), 'Hard to engage': 'Yes' })],
    [
      'hard_to_engage_engaged',
      'L&D engagements',
      (d, n) => engagement({ 'Engagement date': d, 'Case reference': ref(n), 'Hard to engage': 'Yes', Outcome: 'Engaged with L&D service' }),
    ],
    ['engaged_with_service', 'L&D engagements', (d, n) => engagement({ 'Engagement date': d, 'Case reference': ref(n), Outcome: 'Engaged with L&D service' })],
    ['referred_on', 'L&D engagements', (d, n) => engagement({ 'Engagement date': d, 'Case reference': ref(n), Outcome: 'Referred to another service' })],
    ['supervision_sessions', 'L&D supervision', (d) => supervision({ 'Session date': d })],
    ['workers_supervised', 'L&D supervision', (d, n) => supervision({ 'Session date': d, 'Worker IDs': `PSW-00${n}` })],
  ];

  it.each(cases)('%s from %s', (metric, tab, make) => {
    const run = liaison({ [tab]: [BEFORE, FIRST, LAST, AFTER].map((d, i) => make(d, i + 1)) });
    expect(run.value[metric]).toBe(2);
    expect(evidenceByTab(run.evidence[metric]!)).toEqual({ [tab]: [3, 4] });
  });
});

describe('liaison report: engagements', () => {
  it('people and workers are distinct, trimmed and upper-cased; invalid rows are left out', () => {
    const run = liaison({
      'L&D peer workers': [worker('PSW-001'), worker('PSW-002')],
      'L&D engagements': [
        engagement({ 'Case reference': ref(1), 'Worker IDs': 'PSW-001, PSW-002' }), // 2
        engagement({ 'Case reference': ` ${ref(1).toLowerCase()}`, 'Worker IDs': 'psw-002' }), // 3: the same person again
        engagement({ 'Case reference': ref(2), 'Worker IDs': 'PSW-003' }), // 4: unregistered worker: warning, counted
        engagement({ 'Case reference': 'LD-12', 'Worker IDs': 'PSW-004' }), // 5: too few digits
        engagement({ 'Case reference': ref(5), 'Worker IDs': 'PSW-005', 'Hard to engage': '' }), // 6: required
        engagement({ 'Case reference': ref(6), 'Worker IDs': 'PSW-006', Setting: 'Prison' }), // 7: not a setting
        engagement({ 'Case reference': ref(7), 'Worker IDs': 'PSW-007', Outcome: 'Engaged' }), // 8: not an outcome
        engagement({ 'Case reference': 'A1234BC', 'Worker IDs': 'PSW-008' }), // 9: a prison number is not a case reference
      ],
    });
    expect(run.value).toMatchObject({ workers_active: 3, engagements: 3, people_engaged: 2, engagements_police_custody: 3 });
    expect(issuesOn(run.dataset, 'L&D engagements', 'error').map((i) => i.row)).toEqual([5, 6, 7, 8, 9]);
    expect(issuesOn(run.dataset, 'L&D engagements', 'warning').map((i) => [i.row, i.reason])).toEqual([
      [4, '"Worker IDs" names a Worker ID that no L&D peer workers row registers; still counted'],
    ]);
  });

  it('hard to engage, and of them engaged: a person counts once however many rows; both answers on the same row', () => {
    const run = liaison({
      'L&D engagements': [
        engagement({ 'Case reference': ref(1), 'Hard to engage': 'Yes', Outcome: 'Not yet known' }), // 2
        engagement({ 'Case reference': ref(1), 'Hard to engage': 'yes', Outcome: 'Engaged with L&D service', 'Engagement date': LAST }), // 3
        engagement({ 'Case reference': ref(2), 'Hard to engage': 'Yes', Outcome: 'Declined support' }), // 4
        engagement({ 'Case reference': ref(3), 'Hard to engage': 'No', Outcome: 'Engaged with L&D service' }), // 5
        engagement({ 'Case reference': ref(4), 'Hard to engage': 'Yes' }), // 6: no outcome yet
        engagement({ 'Case reference': ref(4), 'Hard to engage': 'No', Outcome: 'Engaged with L&D service' }), // 7: engaged on a row not marked hard to engage
        engagement({ 'Case reference': ref(5), 'Hard to engage': 'Yes', Outcome: 'Engaged with L&D service', 'Engagement date': AFTER }), // 8: after
      ],
    });
    expect(run.value).toMatchObject({ people_engaged: 4, hard_to_engage: 3, hard_to_engage_engaged: 1, engaged_with_service: 3 });
    expect(evidenceByTab(run.evidence.hard_to_engage!)).toEqual({ 'L&D engagements': [2, 3, 4, 6] });
    expect(evidenceByTab(run.evidence.hard_to_engage_engaged!)).toEqual({ 'L&D engagements': [3] });
  });

  it('engagements by setting add up to all engagements', () => {
    const settings = ['Police custody', 'Court', 'Court', 'Community', 'Phone'];
    const run = liaison({ 'L&D engagements': settings.map((s, i) => engagement({ Setting: s, 'Case reference': ref(i) })) });
    expect(run.value).toMatchObject({ engagements: 5, engagements_police_custody: 1, engagements_court: 2, engagements_community: 1, engagements_phone: 1 });
  });
});

describe('liaison report: supervision', () => {
  it('sessions held, and the distinct workers in them, whatever the format or type', () => {
    const run = liaison({
      'L&D supervision': [
        supervision({ 'Worker IDs': 'PSW-001', Format: 'One-to-one', 'Supervision type': 'Clinical supervision' }), // 2
        supervision({ 'Worker IDs': 'PSW-001, PSW-002, PSW-003', Format: 'Group', 'Supervision type': 'Reflective practice' }), // 3
        supervision({ 'Worker IDs': 'PSW-002', 'Supervision type': 'Line management' }), // 4
        supervision({ 'Worker IDs': 'PSW-004', Supervisor: '' }), // 5: excluded
        supervision({ 'Worker IDs': '' }), // 6: excluded
      ],
    });
    expect(run.value).toMatchObject({ supervision_sessions: 3, workers_supervised: 3 });
  });
});

describe('the liaison checks', () => {
  const checked = (workers: RowSpec[], engagements: RowSpec[] = [], asOf = '2023-01-01', overrides = {}) =>
    liaison({ 'L&D peer workers': workers, 'L&D engagements': engagements }, overrides).checks(asOf);

  it('the 2-year limit: a worker in role for over 24 months on the day is flagged; 24 months exactly is not', () => {
    const issues = checked(
      [
        worker('PSW-001', { 'Start date': '01/01/2021' }), // 2: exactly 24 months on 1 January 2023
        worker('PSW-002', { 'Start date': '31/12/2020' }), // 3: over
        worker('PSW-003', { 'Start date': '01/06/2020', 'End date': '01/05/2022' }), // 4: left before the day
        worker('PSW-004', { 'Start date': '01/06/2020', 'End date': '01/06/2023' }), // 5: leaving, but not yet
        worker('PSW-005', { 'Start date': '01/02/2023' }), // 6: not started yet
      ],
    );
    expect(issues).toEqual([
      {
        tab: 'L&D peer workers',
        row: 3,
        severity: 'warning',
        reason:
          'in role for over 24 months on 2023-01-01 (setting peerWorkerLimitMonths). Peer support workers work with the service for a limited time (2 years as a guiding principle) so that their lived experience stays recent: plan their move on, or record an End date.',
      },
      expect.objectContaining({ row: 5 }),
    ]);
  });

  it('the limit is a setting (local needs decide), and a later row’s End date stops the flag', () => {
    const workers = [worker('PSW-001', { 'Start date': '01/06/2021' })];
    expect(checked(workers, [], '2023-01-01')).toEqual([]);
    expect(checked(workers, [], '2023-01-01', { peerWorkerLimitMonths: 18 }).map((i) => i.reason)).toEqual([expect.stringContaining('over 18 months')]);
    const left = [worker('PSW-001', { 'Start date': '01/06/2020', Timestamp: '01/06/2020 10:00:00' }), worker('PSW-001', { 'End date': '31/05/2022', Timestamp: '31/05/2022 10:00:00' })];
    expect(checked(left)).toEqual([]);
  });

  it('lived-experience eligibility: a worker with no criminal justice experience or no key vulnerability recorded is flagged', () => {
    const issues = checked([
      worker('PSW-001'),
      worker('PSW-002', { 'Criminal justice experience': '' }),
      worker('PSW-003', { 'Key vulnerabilities': '' }),
      worker('PSW-004', { 'Criminal justice experience': '', 'Key vulnerabilities': '' }),
    ]);
    expect(issues.map((i) => [i.row, i.reason.split('.')[0]])).toEqual([
      [3, 'no answer to "Criminal justice experience"'],
      [4, 'no answer to "Key vulnerabilities"'],
      [5, 'no answer to "Criminal justice experience" or "Key vulnerabilities"'],
    ]);
  });

  it('training first: an engagement before a named worker’s training was completed is flagged, on the day itself it is not', () => {
    const issues = checked(
      [worker('PSW-001', { 'Training completed date': '15/05/2021' }), worker('PSW-002'), worker('PSW-003', { 'Training completed date': '' })],
      [
        engagement({ 'Engagement date': '14/05/2021', 'Worker IDs': 'PSW-001' }), // 2
        engagement({ 'Engagement date': '15/05/2021', 'Worker IDs': 'PSW-001' }), // 3
        engagement({ 'Engagement date': '14/05/2021', 'Worker IDs': 'PSW-002, PSW-001' }), // 4: one of two untrained
        engagement({ 'Engagement date': '14/05/2021', 'Worker IDs': 'PSW-001, PSW-003' }), // 5: both
        engagement({ 'Engagement date': '14/05/2021', 'Worker IDs': 'PSW-009' }), // 6: unregistered: the dataset's warning only
      ],
    );
    expect(issues.map((i) => [i.row, i.reason.split(' (')[0]])).toEqual([
      [2, '"Worker IDs" names a peer support worker who worked with someone without their training complete by the "Engagement date"'],
      [4, '"Worker IDs" names a peer support worker who worked with someone without their training complete by the "Engagement date"'],
      [5, '"Worker IDs" names 2 peer support workers who worked with someone without their training complete by the "Engagement date"'],
    ]);
    expect(JSON.stringify(issues)).not.toMatch(/PSW-|Testa|LD-/);
  });
});

describe('the sample workbook’s Liaison and Diversion tabs', () => {
  let wb: RawWorkbook;
  let ds: Dataset;
  beforeAll(() => {
    wb = generateSampleWorkbook();
    ds = readDataset(wb, LIAISON_FORMS, DEFAULT_SETTINGS);
  });

  it('has five to nine workers a quarter, paid and volunteer, a few hundred people seen, a third hard to engage, monthly supervision', () => {
    const all = [...ds.registered.ldWorkers!.values()];
    expect(new Set(all.map((w) => w.values.role))).toEqual(new Set(['Paid', 'Volunteer']));
    for (const quarter of ['2021-22 Q1', '2021-22 Q3', '2022-23 Q1', '2022-23 Q3']) {
      const q = report('liaison', quarter, wb);
      expect(q.value.workers_active).toBeGreaterThanOrEqual(4);
      expect(q.value.workers_active).toBeLessThanOrEqual(10);
      expect(q.value.people_engaged).toBeGreaterThanOrEqual(30);
      expect(q.value.hard_to_engage! / q.value.people_engaged!).toBeGreaterThan(0.2);
      expect(q.value.hard_to_engage_engaged).toBeGreaterThan(0);
      expect(q.value.workers_supervised! / q.value.workers_active!).toBeGreaterThan(0.7);
    }
  });

  it('plants a fixed set of mistakes', () => {
    expect(ds.issues.map((i) => [i.tab, i.severity, i.reason.replace(/ row \d+/, ' row N')])).toEqual([
      ['L&D supervision', 'duplicate', 'repeats row N exactly; counted once'],
      ['L&D engagements', 'error', 'excluded: "Hard to engage" is required but blank'],
      ['L&D engagements', 'error', 'excluded: "Case reference" does not match the pattern LD-0001'],
      ['L&D engagements', 'warning', '"Worker IDs" names a Worker ID that no L&D peer workers row registers; still counted'],
    ]);
  });

  it('flags, as of 1 January 2023, two workers over two years, one without eligibility recorded, one who worked before training', () => {
    const issues = findScheme('liaison').checks!(ds, '2023-01-01');
    const kinds = issues.map((i) => (/^in role/.test(i.reason) ? 'limit' : /^no answer/.test(i.reason) ? 'eligibility' : 'training'));
    expect(kinds.filter((k) => k === 'limit')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'eligibility')).toHaveLength(1);
    const training = issues.filter((_, i) => kinds[i] === 'training');
    expect(training.length).toBeGreaterThanOrEqual(2);
    const byRow = new Map(ds.records.ldEngagements!.map((r) => [r.row, r]));
    // The same worker, on every flagged row.
    const named = training.map((i) => byRow.get(i.row!)!.values.workerIds as string[]);
    expect(named[0]!.filter((id) => named.every((ids) => ids.includes(id)))).toHaveLength(1);
  });

  it('is what `peerkit report --scheme liaison` reports from the bundled sample', async () => {
    const run = await runCli(['report', '--scheme', 'liaison', '--quarter', '2022-23-Q2', '--format', 'json', '--out', '-']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.metrics).toEqual(reportJson(compareReport(findScheme('liaison'), ds, evaluateReport(findScheme('liaison'), ds, json.period))).metrics);
    expect(run.stdout.replace(/pattern LD-0001/g, '')).not.toMatch(/LD-\d{4}|PSW-\d{3}/); // the pattern's example aside
  });
});
