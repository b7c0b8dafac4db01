/**
 * The roll-up rules of data contract §9, on edge data: the roll-up is the one engine
 * over every site's rows pooled, each value told apart by its identifier's declared
 * identity (national: by the value; per site: by site and value); each site's own
 * report is the engine over that site alone.
 */
import { describe, expect, it } from 'vitest';
import { evaluateReport } from '../../core/report.js';
import { evaluateLine, type PooledSites, type ReportLine } from '../../core/report-lines.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { parseQuarter } from '../../core/quarters.js';
import { findScheme } from '../../core/schemes/index.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import { dataset, MID, schemeWorkbook, workbook, type RowSpec } from '../helpers/build-workbook.js';

const Q1 = parseQuarter('2021-22-Q1', DEFAULT_SETTINGS);
const Q2 = parseQuarter('2021-22-Q2', DEFAULT_SETTINGS);

const contact = (over: RowSpec = {}): RowSpec => ({ 'Contact date': MID, 'Prison number': 'A1234BC', Scheme: 'Reconnect', 'Peer supporters': 'PS-001', ...over });
const training = (over: RowSpec = {}): RowSpec => ({ 'Session date': MID, Schemes: 'Reconnect', Trainer: 'Tess', ...over });
const supporter = (id: string, schemes: string): RowSpec => ({ 'Supporter ID': id, Name: 'Sam Placeholder', Schemes: schemes, 'Start date': '01/01/2021' });

/** Two contract sites, each from its own tabs. */
function twoSites(a: Record<string, RowSpec[]>, b: Record<string, RowSpec[]>, scheme = 'reconnect') {
  const forms = findScheme(scheme).forms;
  const pool: PooledSites = {
    sites: [
      { id: 'north', dataset: dataset(workbook(a, { forms, origin: 'north' }), {}, forms) },
      { id: 'south', dataset: dataset(workbook(b, { forms, origin: 'south' }), {}, forms) },
    ],
  };
  const run = (period = Q1) => {
    const value = (data: Parameters<typeof evaluateReport>[1]) => Object.fromEntries(evaluateReport(findScheme(scheme), data, period).lines.map((l) => [l.id, l]));
    return { north: value(pool.sites[0]!.dataset), south: value(pool.sites[1]!.dataset), all: value(pool) };
  };
  return { pool, run };
}

describe('the roll-up of several sites (data contract §9)', () => {
  it('counts a woman at two sites in one quarter once in the roll-up, and once at each site', () => {
    const { run } = twoSites({ Contacts: [contact()] }, { Contacts: [contact({ 'Contact date': '20/06/2021' }), contact({ 'Prison number': 'B2345CD' })] });
    const { north, south, all } = run();
    expect([north.women_supported!.value, south.women_supported!.value, all.women_supported!.value]).toEqual([1, 2, 2]);
    // The working names each site's own rows.
    expect(all.women_supported!.evidence).toEqual([
      { site: 'north', tab: 'Contacts', rows: [2] },
      { site: 'south', tab: 'Contacts', rows: [2, 3] },
    ]);
  });

  it('counts the same Supporter ID at two sites twice: two people', () => {
    const { run } = twoSites({ Contacts: [contact()] }, { Contacts: [contact({ 'Prison number': 'B2345CD' }), contact({ 'Prison number': 'C3456DE' })] });
    const { north, south, all } = run();
    expect([north.active_supporters!.value, south.active_supporters!.value, all.active_supporters!.value]).toEqual([1, 1, 2]);
  });

  it('adds up rows: sessions at each site', () => {
    const { run } = twoSites({ Training: [training(), training()] }, { Training: [training({ 'Session date': '01/04/2021' })] });
    const { north, south, all } = run();
    expect([north.training_sessions!.value, south.training_sessions!.value, all.training_sessions!.value]).toEqual([2, 1, 3]);
  });

  it("looks an attendee up in her own site's Supporters register, not another site's", () => {
    // PS-001 is registered for Perinatal only at north, for Reconnect at south: the same ID, two people.
    const { run } = twoSites(
      { Supporters: [supporter('PS-001', 'Perinatal')], Training: [training({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-001' })] },
      { Supporters: [supporter('PS-001', 'Reconnect')], Training: [training({ Schemes: 'Perinatal, Reconnect', Attendees: 'PS-001' })] },
    );
    const { north, south, all } = run();
    expect([north.active_supporters!.value, south.active_supporters!.value, all.active_supporters!.value]).toEqual([0, 1, 1]);
    expect(all.active_supporters!.evidence).toEqual([{ site: 'south', tab: 'Training', rows: [2] }]);
  });

  it('finds release preparation for a woman moved between prisons at the site she left (prison numbers are national)', () => {
    const { run } = twoSites(
      { 'Release planning': [{ 'Prison number': 'A1234BC', Date: '01/05/2021' }] },
      { Releases: [{ 'Prison number': 'A1234BC', 'Release date': MID, 'Destination area': 'Leeds' }] },
    );
    const { south, all } = run();
    expect(south.prepared_before_release).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(all.prepared_before_release).toMatchObject({ value: 1, numerator: 1, denominator: 1, percent: 100 });
    // The working names each row at its own site, sites in the pool's order.
    expect(all.prepared_before_release!.evidence).toEqual([
      { site: 'north', tab: 'Release planning', rows: [2] },
      { site: 'south', tab: 'Releases', rows: [2] },
    ]);
  });

  it('counts a woman released from both prisons once among the women released', () => {
    const released = { 'Prison number': 'A1234BC', 'Destination area': 'Leeds', 'Supported to reconnect with healthcare': 'Yes' };
    const { run } = twoSites({ Releases: [{ ...released, 'Release date': '01/04/2021' }] }, { Releases: [{ ...released, 'Release date': '30/06/2021' }] });
    const { all } = run();
    expect(all.women_released!.value).toBe(1);
    expect(all.women_reconnected).toMatchObject({ value: 1, share: { of: 'women_released', denominator: 1, percent: 100 } });
  });
});

describe('registrations of a national identifier', () => {
  it('are every site’s rows merged as one site’s: a later registration at another prison wins', () => {
    // Released from north, registered there as pregnant; received at south later, where she is recorded as not.
    const woman = (status: string, stamp: string): RowSpec => ({
      Timestamp: stamp,
      'Prison number': 'A1234BC',
      'First name': 'Ann',
      'Last name': 'Example',
      'Date received': '01/01/2021',
      'Perinatal status': status,
    });
    const pregnantAtRelease: ReportLine = {
      id: 'x',
      label: 'x',
      count: 'distinct',
      definition: '',
      sources: [{ form: 'releases', date: 'releaseDate', value: 'prisonNumber', registered: { form: 'women', field: 'perinatalStatus', includes: 'Pregnant' } }],
    };
    const north = dataset(workbook({ Women: [woman('Pregnant', '01/01/2021 09:00:00')], Releases: [{ 'Prison number': 'A1234BC', 'Release date': MID, 'Destination area': 'Leeds' }] }));
    const south = dataset(workbook({ Women: [woman('Not applicable', '01/03/2021 09:00:00')] }));
    const count = (data: PooledSites | typeof north) => evaluateLine(pregnantAtRelease, { dataset: data, period: Q1, params: {}, forms: CONTRACT_FORMS }).value;
    expect(count(north)).toBe(1);
    expect(count({ sites: [{ id: 'north', dataset: north }, { id: 'south', dataset: south }] })).toBe(0);
  });
});

describe('cohorts across sites', () => {
  const baseline = (pn: string, date: string, current: string): RowSpec => ({ 'Date completed': date, 'Prison number': pn, 'Currently self-harming': current });
  const followUp = (pn: string, date: string, answer: string): RowSpec => ({ 'Date completed': date, 'Prison number': pn, 'Self-harm since support': answer });
  function ewbSites(a: Record<string, RowSpec[]>, b: Record<string, RowSpec[]>) {
    const forms = findScheme('ewb').forms;
    const pool: PooledSites = {
      sites: [
        { id: 'north', dataset: dataset(schemeWorkbook('ewb', a), {}, forms) },
        { id: 'south', dataset: dataset(schemeWorkbook('ewb', b), {}, forms) },
      ],
    };
    const lines = (data: Parameters<typeof evaluateReport>[1], period = Q1) => Object.fromEntries(evaluateReport(findScheme('ewb'), data, period).lines.map((l) => [l.id, l]));
    return { pool, lines };
  }

  it("takes a mentee's first baseline at any site: first at north, later at south, she is in north's quarter only", () => {
    const { pool, lines } = ewbSites(
      { 'Wellbeing baseline': [baseline('A1234BC', '15/05/2021', 'Yes')] },
      { 'Wellbeing baseline': [baseline('A1234BC', '15/08/2021', 'No')], 'Wellbeing follow-up': [followUp('A1234BC', '01/09/2021', 'Stopped')] },
    );
    expect(lines(pool, Q1).sample_size).toMatchObject({ value: 1, evidence: [{ site: 'north', tab: 'Wellbeing baseline', rows: [2] }] });
    // Her later baseline at south does not make her a new member of the pooled sample...
    expect(lines(pool, Q2).sample_size!.value).toBe(0);
    // ...though at south alone it is her first.
    expect(lines(pool.sites[1]!.dataset, Q2).sample_size!.value).toBe(1);
    // Her first baseline (north: self-harming) meets her latest follow-up at any site (south: stopped).
    expect(lines(pool, Q1).self_harm_stopped_or_reduced_pct).toMatchObject({
      value: 100,
      numerator: 1,
      denominator: 1,
      evidence: [
        { site: 'north', tab: 'Wellbeing baseline', rows: [2] },
        { site: 'south', tab: 'Wellbeing follow-up', rows: [2] },
      ],
    });
    expect(lines(pool.sites[0]!.dataset, Q1).self_harm_stopped_or_reduced_pct).toMatchObject({ value: null, denominator: 0 });
  });

  it('recomputes a percentage from the pooled cohort, not from the sites’ percentages', () => {
    // north: 1 of 1 (100%); south: 0 of 3 (0%). The mean of the two would be 50%; pooled it is 1 of 4.
    const { pool, lines } = ewbSites(
      { 'Wellbeing baseline': [baseline('A1234BC', MID, 'Yes')] },
      { 'Wellbeing baseline': ['B2345CD', 'C3456DE', 'D4567EF'].map((pn) => baseline(pn, MID, 'No')) },
    );
    expect(lines(pool).current_self_harm_pct).toMatchObject({ value: 25, numerator: 1, denominator: 4 });
  });

  it('counts mentors by site and ID, mentees by prison number', () => {
    const session = (pn: string): RowSpec => ({ 'Session date': MID, 'Prison number': pn, 'Mentor IDs': 'M-001', 'Session type': 'One-to-one' });
    const { pool, lines } = ewbSites({ 'Mentee sessions': [session('A1234BC')] }, { 'Mentee sessions': [session('A1234BC')] });
    expect(lines(pool)).toMatchObject({ mentors_active: { value: 2 }, mentees_supported: { value: 1 } });
  });
});

describe("a site's own report within a roll-up", () => {
  it('is the single-site report: the same values as the engine over that workbook alone', () => {
    const tabs = { Contacts: [contact(), contact({ 'Prison number': 'B2345CD', 'Peer supporters': 'PS-002' })], Training: [training({ Attendees: 'PS-003' })] };
    const forms = findScheme('reconnect').forms;
    const alone = evaluateReport(findScheme('reconnect'), dataset(workbook(tabs), {}, forms), Q1);
    const { run } = twoSites(tabs, { Contacts: [contact({ 'Prison number': 'Z9999ZZ' })] });
    expect(Object.fromEntries(alone.lines.map((l) => [l.id, l.value]))).toEqual(Object.fromEntries(Object.values(run().north).map((l) => [l.id, l.value])));
  });

  it('a roll-up names the site of a missing tab in the line it cannot count', () => {
    const forms = findScheme('reconnect').forms;
    const without = workbook({}, { forms });
    without.tabs = without.tabs.filter((t) => t.name !== 'Release planning');
    const pool: PooledSites = {
      sites: [
        { id: 'north', dataset: dataset(workbook({}, { forms }), {}, forms) },
        { id: 'south', dataset: dataset(without, {}, forms) },
      ],
    };
    const line = evaluateReport(findScheme('reconnect'), pool, Q1).lines.find((l) => l.id === 'prepared_before_release')!;
    expect(line).toMatchObject({ value: null, unavailable: 'at site "south", tab "Release planning" not found' });
  });
});
