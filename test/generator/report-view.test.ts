import { describe, expect, it } from 'vitest';
import { emptyPeriodNote, qualitySummary, reportCsvRows, reportView, shownValue } from '../../generator/reports/view.js';
import { barChart, sparkline } from '../../generator/render/charts.js';
import { createRenderer } from '../../generator/render/templates.js';
import type { LineResult } from '../../core/report-lines.js';
import type { ReportResult } from '../../core/report.js';

const line = (extra: Partial<LineResult>): LineResult => ({ id: 'x', label: 'X', definition: '', evidence: [], value: 0, ...extra });

const Q1 = { label: '2021-22 Q1', start: '2021-04-01', end: '2021-06-30' };
function result(lines: LineResult[], extra: Partial<ReportResult> = {}): ReportResult {
  return {
    scheme: 's',
    title: 'T',
    subtitle: '',
    period: Q1,
    quarter: true,
    lines,
    groups: {},
    issues: [],
    undatedRows: 0,
    datedTabs: ['Contacts'],
    recordsInPeriod: 3,
    dataSpan: { start: '2021-01-02', end: '2021-12-31' },
    origin: 'o',
    ...extra,
  };
}

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

  it('shows a count that is a share of its parent with its percentage, and a publication copy’s hidden numbers as <5 or withheld', () => {
    expect(shownValue(line({ value: 57, share: { of: 'p', denominator: 75, percent: 76 } }))).toBe('57 (76% of 75)');
    expect(shownValue(line({ value: 0, share: { of: 'p', denominator: 0, percent: null } }))).toBe('0');
    expect(shownValue(line({ value: null, suppressed: 'small' }), 5)).toBe('<5');
    expect(shownValue(line({ value: null, suppressed: 'small' }), 10)).toBe('<10');
    expect(shownValue(line({ value: null, suppressed: 'withheld' }))).toBe('withheld');
  });

  it('puts lines under a heading apart from the numbered ones, with the heading’s note', () => {
    const view = reportView(
      result([line({ id: 'a' }), line({ id: 'b', group: 'Also recorded', value: 1, numerator: 1, denominator: 2, percent: 50 })], { groups: { 'Also recorded': 'Not contract lines.' } }),
      '2021-07-01',
    );
    expect(view.sections.map((s) => s.rows.map((r) => r.id))).toEqual([['a']]);
    expect(view.groups).toEqual([
      expect.objectContaining({ heading: 'Also recorded', anchor: 'also-recorded', note: 'Not contract lines.', rows: [expect.objectContaining({ id: 'b', shown: { main: '1/2', sub: '50%' } })] }),
    ]);
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

describe('the report as a reader meets it', () => {
  const history = (previous: LineResult[] | null, lastYear: LineResult[] | null, trend: (LineResult[] | null)[] = []): ReportResult['history'] => ({
    previous: { label: '2020-21 Q4', start: '2021-01-01', end: '2021-03-31' },
    lastYear: { label: '2020-21 Q1', start: '2020-04-01', end: '2020-06-30' },
    trend: trend.map((_, i) => ({ label: `P${i + 1}`, start: '2021-01-01', end: '2021-01-02' })),
    lines: { previous, lastYear, trend },
  });

  it('puts each sub-line under its parent, indented, in the sections the lines declare', () => {
    const lines = [
      line({ id: 'times', section: 'Support given' }),
      line({ id: 'hours' }),
      line({ id: 'meals', parent: 'times' }),
      line({ id: 'laundry', parent: 'times' }),
      line({ id: 'staff', section: 'Staff time' }),
      line({ id: 'training', parent: 'staff' }),
      line({ id: 'of_training', parent: 'training' }),
    ];
    const view = reportView(result(lines), '2021-07-01');
    expect(view.sections.map((s) => [s.heading, s.anchor, s.rows.map((r) => `${r.id}:${r.depth}`)])).toEqual([
      ['Support given', 'support-given', ['times:0', 'meals:1', 'laundry:1', 'hours:0']],
      ['Staff time', 'staff-time', ['staff:0', 'training:1', 'of_training:2']],
    ]);
  });

  it('says the change in words, with an arrow that repeats them, and "no earlier data" before the data begins', () => {
    const now = [line({ id: 'a', value: 12 }), line({ id: 'b', value: 3 }), line({ id: 'c', value: 5 }), line({ id: 'pct', value: 60, numerator: 3, denominator: 5 }), line({ id: 'pay', value: 20.5, format: 'money' })];
    const before = [line({ id: 'a', value: 9 }), line({ id: 'b', value: 7 }), line({ id: 'c', value: 5 }), line({ id: 'pct', value: 50, numerator: 2, denominator: 4 }), line({ id: 'pay', value: 10, format: 'money' })];
    const rows = reportView(result(now, { history: history(before, null) }), '2021-07-01').sections[0]!.rows;
    expect(rows.map((r) => [r.change.arrow, r.change.words])).toEqual([
      ['▲', 'up 3'],
      ['▼', 'down 4'],
      ['', 'no change'],
      ['▲', 'up 10 points'],
      ['▲', 'up £10.50'],
    ]);
    expect(rows[0]!.previous).toEqual({ main: '9', sub: '' });
    expect(rows[0]!.lastYear).toEqual({ main: 'no data', sub: '' });
    const first = reportView(result(now, { history: history(null, null) }), '2021-07-01').sections[0]!.rows;
    expect(first.map((r) => r.change.words)).toEqual(Array(5).fill('no earlier data'));
  });

  it('flags a percentage on a small base, and writes the headline sentence from the scheme’s chosen line', () => {
    const now = [line({ id: 'people', value: 21 }), line({ id: 'pct', value: 75, numerator: 3, denominator: 4 }), line({ id: 'big', value: 50, numerator: 10, denominator: 20 })];
    const before = [line({ id: 'people', value: 16 }), line({ id: 'pct', value: 50, numerator: 1, denominator: 2 }), line({ id: 'big', value: 50, numerator: 10, denominator: 20 })];
    const lastYear = [line({ id: 'people', value: 11 }), ...before.slice(1)];
    const view = reportView(result(now, { history: history(before, lastYear) }), '2021-07-01', { scheme: { trend: { line: 'people', label: 'people supported' } } });
    expect(view.sections[0]!.rows.map((r) => r.smallBase)).toEqual(['', 'based on 4 people', '']);
    expect(view.mainPoints).toEqual(['21 people supported in 2021-22 Q1, up 5 from 16 in 2020-21 Q4; 11 in 2020-21 Q1.']);
  });

  it('heads the report with the configuration’s site, provider and contract reference, leaving out those not given', () => {
    const facts = (context: object) => reportView(result([line({})]), '2021-07-01', context).facts.map((f) => f.term);
    expect(facts({ site: 'HMP Example', provider: 'Example CIC', contractReference: 'NHSE-0042' })).toEqual(['Site', 'Provider', 'Contract reference', 'Reporting period', 'Prepared']);
    expect(facts({ provider: 'Example CIC' })).toEqual(['Provider', 'Reporting period', 'Prepared']);
  });

  it('says plainly when a period holds no records, or when the records end before it does, and calls a range a period', () => {
    const empty = result([line({})], { recordsInPeriod: 0, datedTabs: ['Contacts', 'Training', 'Releases'] });
    expect(reportView(empty, '2021-07-01').notices).toEqual([expect.stringMatching(/^No records of the tabs this report reads \(Contacts, Training and Releases\) are dated in this quarter/)]);
    expect(emptyPeriodNote(empty)).toBe('2021-22 Q1 holds no Contacts, Training and Releases rows: is the period right?');
    expect(emptyPeriodNote(result([line({})]))).toBeNull();
    const partial = result([line({})], { dataSpan: { start: '2021-01-02', end: '2021-05-12' } });
    expect(reportView(partial, '2021-07-01').notices).toEqual(['The records end on 12 May 2021, before this quarter does: its figures may be incomplete.']);
    const range = reportView(result([line({})], { quarter: false, history: history([line({})], null, [[line({})]]) }), '2021-07-01');
    expect(range.word).toBe('period');
    expect(range.columns).toMatchObject({ current: { title: 'This period' }, previous: { title: 'Period before' }, trend: 'Last 1 periods' });
  });

  it('draws one bar chart of the breakdown the scheme names, after the table of its section', () => {
    const lines = [line({ id: 'times', value: 10, section: 'Support' }), line({ id: 'meals', label: 'Support given: Collecting meals', value: 7, parent: 'times', share: { of: 'times', denominator: 10, percent: 70 } }), line({ id: 'other', section: 'Other' })];
    const view = reportView(result(lines), '2021-07-01', { scheme: { breakdown: { line: 'times', title: 'Support by kind' } } });
    expect(view.sections[0]!.chart).toEqual({ title: 'Support by kind', bars: [{ label: 'Collecting meals', value: 7, shown: '7' }] });
    expect(view.sections[1]!.chart).toBeUndefined();
  });

  it('renders the headline table, sparklines and chart as HTML without script, and a publication copy without its source', () => {
    const lines = [line({ id: 'times', label: 'Times', value: 10, section: 'Support' }), line({ id: 'meals', label: 'Support given: Meals', value: 7, parent: 'times', share: { of: 'times', denominator: 10, percent: 70 } })];
    const trend = [null, [line({ id: 'times', value: 4 }), line({ id: 'meals', value: 2 })], lines];
    const html = createRenderer().render(
      'report',
      reportView(result(lines, { history: history(trend[1]!, null, trend) }), '2021-07-01', { site: 'HMP Example', scheme: { breakdown: { line: 'times', title: 'Support by kind' } } }),
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<tr id="meals" class="depth-1">\s*<th scope="row">Support given: Meals<\/th>\s*<td class="number current">7<span class="sub">70% of 10<\/span><\/td>/);
    expect(html).toContain('<span aria-hidden="true">▲</span>&nbsp;up 6');
    expect(html).toMatch(/<svg class="sparkline" role="img" aria-label="3 periods, oldest first: P1 no data; P2 4; P3 10"/);
    expect(html).toMatch(/<svg class="bar-chart" role="img" aria-label="Support by kind: Meals 7"/);
    expect(html).toContain('from o.');
    expect(html).not.toContain('peerkit check');
    const published = createRenderer().render('report', reportView(result(lines, { suppressBelow: 5 }), '2021-07-01'));
    expect(published).toContain('Small numbers are hidden.');
    expect(published).not.toContain('from o.');
    expect(published).not.toContain('audit file');
  });

  it('writes the CSV with the same comparisons as the JSON, a hidden number as the HTML shows it', () => {
    const now = [line({ id: 'a', label: 'A', value: null, suppressed: 'small' }), line({ id: 'b', label: 'B', value: 12, share: { of: 'a', denominator: 40, percent: 30 } })];
    const before = [line({ id: 'a', value: 6 }), line({ id: 'b', value: 10 })];
    const rows = reportCsvRows(result(now, { suppressBelow: 5, history: history(before, null, [null, before, now]) }));
    expect(rows[0]).toEqual(['Scheme', 'Period', 'Start', 'End', 'Line id', 'Line', 'Value', 'Numerator', 'Denominator', 'Share of', 'Share %', 'Previous period', 'Previous', 'Change', 'A year before', 'Year before', 'Trend']);
    expect(rows[1]!.slice(6)).toEqual(['<5', undefined, undefined, undefined, undefined, '2020-21 Q4', 6, undefined, '2020-21 Q1', 'no data', 'P1: no data; P2: 6; P3: <5']);
    expect(rows[2]!.slice(6)).toEqual([12, undefined, undefined, 'a', 30, '2020-21 Q4', 10, 2, '2020-21 Q1', 'no data', 'P1: no data; P2: 10; P3: 12']);
  });
});

describe('charts', () => {
  it('draws a sparkline with a gap where a period has no number, and says every value in its text alternative', () => {
    const svg = sparkline([
      { label: 'Q1', value: 3, shown: '3' },
      { label: 'Q2', value: null, shown: '<5' },
      { label: 'Q3', value: 5, shown: '5' },
      { label: 'Q4', value: 8, shown: '8' },
    ]);
    expect(svg).toContain('aria-label="4 periods, oldest first: Q1 3; Q2 &#60;5; Q3 5; Q4 8"');
    expect(svg.match(/<polyline/g)).toHaveLength(1); // Q1 stands alone: no line through the hidden Q2
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(sparkline([{ label: 'Q1', value: null, shown: 'no data' }])).not.toContain('<circle');
  });

  it('escapes what it writes', () => {
    expect(barChart('A & B', [{ label: '<b>', value: 1, shown: '1' }])).not.toContain('<b>');
  });
});
