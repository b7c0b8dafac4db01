import { describe, expect, it } from 'vitest';
import { reportView, shownValue, qualitySummary } from '../../generator/reports/view.js';
import type { LineResult } from '../../core/report-lines.js';

const line = (extra: Partial<LineResult>): LineResult => ({ id: 'x', label: 'X', definition: '', evidence: [], value: 0, ...extra });

describe('how a line is shown', () => {
  it('shows counts plainly, percentages with n/N, money as pounds and pence', () => {
    expect(shownValue(line({ value: 204 }))).toBe('204');
    expect(shownValue(line({ value: 63, numerator: 5, denominator: 8 }))).toBe('63% (5/8)');
    expect(shownValue(line({ value: null, numerator: 0, denominator: 0 }))).toBe('no answers (0/0)');
    expect(shownValue(line({ value: 771.1, format: 'money' }))).toBe('£771.10');
    expect(shownValue(line({ value: 12345.5, format: 'money' }))).toBe('£12,345.50');
  });

  it('shows a share of another line as n/N with its percentage, and 0/0 alone when N is 0', () => {
    expect(shownValue(line({ value: 4, numerator: 4, denominator: 6, percent: 67 }))).toBe('4/6 (67%)');
    expect(shownValue(line({ value: 0, numerator: 0, denominator: 3, percent: 0 }))).toBe('0/3 (0%)');
    expect(shownValue(line({ value: 0, numerator: 0, denominator: 0, percent: null }))).toBe('0/0');
  });

  it('puts lines under a heading apart from the numbered ones, with the heading’s note', () => {
    const result = {
      scheme: 's',
      title: 'T',
      subtitle: '',
      period: { label: 'Q', start: '2021-04-01', end: '2021-06-30' },
      lines: [line({ id: 'a' }), line({ id: 'b', group: 'Also recorded', value: 1, numerator: 1, denominator: 2, percent: 50 })],
      groups: { 'Also recorded': 'Not contract lines.' },
      issues: [],
      origin: 'o',
    };
    const view = reportView(result, '2021-07-01');
    expect(view.lines.map((m) => m.id)).toEqual(['a']);
    expect(view.groups).toEqual([{ heading: 'Also recorded', anchor: 'also-recorded', note: 'Not contract lines.', lines: [expect.objectContaining({ id: 'b', shown: '1/2 (50%)' })] }]);
  });

  it('summarises data quality by rows, not by issues', () => {
    const summary = qualitySummary([
      { tab: 'Contacts', row: 5, severity: 'error', reason: 'excluded: "Scheme" has an answer that is not one of: Perinatal, Reconnect' },
      { tab: 'Contacts', row: 5, severity: 'error', reason: 'excluded: "Contact date" is required but blank' },
      { tab: 'Contacts', row: 9, severity: 'duplicate', reason: 'repeats row 8 exactly; counted once' },
      { tab: 'Contacts', row: 12, severity: 'warning', reason: 'names a Supporter ID that no Supporters row registers; still counted' },
      { tab: 'Contacts', row: 14, severity: 'voided', reason: 'left out of every count ("Void" is filled in)' },
    ]);
    expect(summary).toMatchObject({ clean: false, excludedRows: 1, duplicates: 1, warnings: 1, voided: 1 });
    expect(summary.reasons).toEqual([
      { tab: 'Contacts', reason: '"Scheme" has an answer that is not one of: Perinatal, Reconnect', count: 1 },
      { tab: 'Contacts', reason: '"Contact date" is required but blank', count: 1 },
    ]);
    expect(qualitySummary([]).clean).toBe(true);
  });
});
