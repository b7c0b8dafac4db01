/** A report's period and what it is compared with: data issues of its own period, earlier periods, coverage (data contract §2, issue "For the people who read them"). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, makeSettings } from '../../core/settings.js';
import { customPeriod, parseQuarter, periodAYearBefore, periodsEndingWith, previousPeriod } from '../../core/quarters.js';
import { compareReport, evaluateReport, reportJson } from '../../core/report.js';
import { findScheme } from '../../core/schemes/index.js';
import { dataset, dropColumn, report, workbook } from '../helpers/build-workbook.js';

const contact = (date: string, prisonNumber = 'A1234BC') => ({ 'Contact date': date, 'Prison number': prisonNumber, Scheme: 'Reconnect', 'Peer supporters': 'PS-001' });

describe('the periods a report is compared with', () => {
  it('follows the kind of quarter: financial, calendar, contract', () => {
    const financial = parseQuarter('2021-22-Q1', DEFAULT_SETTINGS);
    expect(previousPeriod(financial, DEFAULT_SETTINGS).label).toBe('2020-21 Q4');
    expect(periodAYearBefore(financial, DEFAULT_SETTINGS)!.label).toBe('2020-21 Q1');
    expect(periodsEndingWith(financial, 8, DEFAULT_SETTINGS).map((p) => p.label)).toEqual([
      '2019-20 Q2', '2019-20 Q3', '2019-20 Q4', '2020-21 Q1', '2020-21 Q2', '2020-21 Q3', '2020-21 Q4', '2021-22 Q1',
    ]);
    const calendar = makeSettings({ quarters: 'calendar' });
    expect(previousPeriod(parseQuarter('2021-Q1', calendar), calendar)).toEqual({ label: '2020 Q4', start: '2020-10-01', end: '2020-12-31' });
    const contract = makeSettings({ quarters: 'contract', contractStart: '2021-01-31' });
    const c6 = parseQuarter('C6', contract);
    expect(previousPeriod(c6, contract).label).toBe('Contract Q5');
    expect(periodAYearBefore(c6, contract)!.label).toBe('Contract Q2');
    expect(periodAYearBefore(parseQuarter('C2', contract), contract)!.label).toBe('Before the contract (Q-2)');
  });

  it('compares a range of other days with the range of the same length just before it, and the same days a year before', () => {
    const range = customPeriod('2021-05-10', '2021-05-16');
    expect(previousPeriod(range, DEFAULT_SETTINGS)).toEqual({ label: '2021-05-03 to 2021-05-09', start: '2021-05-03', end: '2021-05-09' });
    expect(periodAYearBefore(range, DEFAULT_SETTINGS)).toEqual({ label: '2020-05-10 to 2020-05-16', start: '2020-05-10', end: '2020-05-16' });
    expect(periodsEndingWith(range, 3, DEFAULT_SETTINGS).map((p) => p.start)).toEqual(['2021-04-26', '2021-05-03', '2021-05-10']);
    // Longer than a year, it would overlap itself.
    expect(periodAYearBefore(customPeriod('2021-01-02', '2022-12-31'), DEFAULT_SETTINGS)).toBeNull();
  });
});

describe('a report compared with earlier periods', () => {
  const wb = workbook({
    Contacts: [contact('15/01/2021'), contact('15/02/2021', 'B2345CD'), contact('15/05/2021'), contact('20/05/2021', 'B2345CD'), contact('21/05/2021', 'C3456DE')],
  });
  const scheme = findScheme('reconnect');

  it('gives each line the quarter before, the same quarter a year before, the change and 8 quarters; null (no earlier data) before the records begin', () => {
    const ds = dataset(wb);
    const result = compareReport(scheme, ds, evaluateReport(scheme, ds, parseQuarter('2021-22-Q1', ds.settings)));
    const json = reportJson(result);
    const women = json.metrics.find((m) => m.id === 'women_supported')!;
    expect(women).toMatchObject({ value: 3, previous: { value: 2 }, lastYear: null, change: 1 });
    expect(women.trend).toEqual([null, null, null, null, null, null, { value: 2 }, { value: 3 }]);
    expect(json.comparisons).toMatchObject({ previous: { label: '2020-21 Q4' }, lastYear: { label: '2020-21 Q1' } });
    const first = reportJson(compareReport(scheme, ds, evaluateReport(scheme, ds, parseQuarter('2020-21-Q4', ds.settings))));
    expect(first.metrics.find((m) => m.id === 'women_supported')).toMatchObject({ value: 2, previous: null, change: null });
  });

  it('counts each earlier period once across the reports of a run', () => {
    const ds = dataset(wb);
    const cache = new Map();
    compareReport(scheme, ds, evaluateReport(scheme, ds, parseQuarter('2021-22-Q1', ds.settings)), cache);
    const size = cache.size;
    compareReport(scheme, ds, evaluateReport(scheme, ds, parseQuarter('2021-22-Q2', ds.settings)), cache);
    expect(cache.size).toBe(size + 1); // only 2021-22 Q1 is new: its own lines were the first report's
  });

  it('says "period", not "quarter", for a range of other days', () => {
    const run = report('reconnect', { start: '2021-05-01', end: '2021-05-31' }, wb);
    expect(run.result.quarter).toBe(false);
    expect(run.metric.women_supported!.label).toBe('ii. No of women supported during the period');
    expect(run.metric.women_supported!.definition).toContain('dated in the period');
    expect(report('reconnect', { start: '2021-04-01', end: '2021-06-30' }, wb).metric.women_supported!.label).toBe('ii. No of women supported during the quarter');
  });
});

describe('data issues belong to a period (data contract §2)', () => {
  const wb = workbook({
    Contacts: [
      contact('15/05/2021'),
      { ...contact('16/05/2021'), Scheme: 'Neither' }, // row 3: left out, dated in Q1
      { ...contact('16/08/2021'), Scheme: 'Neither' }, // row 4: left out, dated in Q2
      contact('31/02/2021'), // row 5: a date that cannot be read
      { ...contact('17/05/2021'), 'Peer supporters': 'PS-999' }, // row 6: a warning, dated in Q1
    ],
    Supporters: [
      { 'Supporter ID': 'PS-002', Name: 'Testa Example', Schemes: 'Reconnect', 'Start date': 'someday' }, // row 2: left out, read whatever the period
      { 'Supporter ID': 'PS-001', Name: 'Samplina Placeholder', Schemes: 'Reconnect', 'Start date': '01/01/2021' },
    ],
    Women: [{ 'Prison number': 'A1234BC', 'First name': 'Demora', 'Last name': 'Sampleton', 'Date received': '05/01/2021' }],
  });

  it('lists the issues of rows dated in the period, any row of a register, and counts the rows in no period apart', () => {
    const q1 = report('reconnect', '2021-22-Q1', wb).result;
    expect(q1.issues.map((i) => `${i.tab} ${i.row} ${i.severity}`)).toEqual(['Supporters 2 error', 'Contacts 3 error', 'Contacts 6 warning']);
    expect(q1.issues[2]!.reason).toMatch(/names a Supporter ID that no Supporters row registers/);
    expect(q1.undatedRows).toBe(1);
    const q2 = report('reconnect', '2021-22-Q2', wb).result;
    expect(q2.issues.map((i) => `${i.tab} ${i.row}`)).toEqual(['Supporters 2', 'Contacts 4']);
  });

  it('lists a problem with a whole tab in every period', () => {
    const result = report('perinatal', '2031-32-Q1', dropColumn(workbook(), 'Contacts', 'Minutes')).result;
    expect(result.issues).toEqual([expect.objectContaining({ tab: 'Contacts', row: 1, severity: 'warning', reason: 'no column "Minutes": read as blank' })]);
  });

  it('counts the records dated in the period, so that an empty one can be said', () => {
    const q1 = report('reconnect', '2021-22-Q1', wb).result;
    expect(q1.recordsInPeriod).toBe(2);
    const far = report('reconnect', '2031-32-Q1', wb).result;
    expect(far.recordsInPeriod).toBe(0);
    expect(far.datedTabs).toEqual(['Contacts', 'Training', 'Supervision', 'Releases', 'Release planning']);
    expect(far.dataSpan).toEqual({ start: '2021-05-15', end: '2021-05-17' });
  });
});
