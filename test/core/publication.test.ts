/** Publication copies (data contract §7): small numbers hidden, comparisons too. */
import { describe, expect, it } from 'vitest';
import { publicationCopy, suppressLine } from '../../core/publication.js';
import type { LineResult } from '../../core/report-lines.js';
import type { ReportResult } from '../../core/report.js';

const line = (extra: Partial<LineResult>): LineResult => ({ id: 'x', label: 'X', definition: '', evidence: [], value: 0, ...extra });
const hidden = (l: LineResult) => l.suppressed ?? 'shown';

describe('suppressing small numbers', () => {
  it('shows 0 and counts of k or more; hides a count from 1 to k − 1', () => {
    expect([0, 1, 4, 5, 12].map((value) => hidden(suppressLine(line({ value }), 5)))).toEqual(['shown', 'small', 'small', 'shown', 'shown']);
    expect(hidden(suppressLine(line({ value: 9 }), 10))).toBe('small');
    expect(suppressLine(line({ value: 3 }), 5).value).toBeNull();
  });

  it('withholds a percentage n/N when N < k, or n or N − n is from 1 to k − 1, and drops its n and N', () => {
    const pct = (n: number, total: number) => hidden(suppressLine(line({ value: Math.round((100 * n) / total), numerator: n, denominator: total }), 5));
    expect(pct(2, 4)).toBe('withheld'); // N < 5
    expect(pct(3, 20)).toBe('withheld'); // n small
    expect(pct(17, 20)).toBe('withheld'); // N − n small
    expect(pct(0, 20)).toBe('shown');
    expect(pct(20, 20)).toBe('shown');
    expect(pct(10, 20)).toBe('shown');
    const withheld = suppressLine(line({ value: 1, numerator: 1, denominator: 2, percent: 50 }), 5);
    expect(withheld).toMatchObject({ value: null, suppressed: 'withheld' });
    expect(withheld).not.toHaveProperty('numerator');
    expect(withheld).not.toHaveProperty('denominator');
    expect(withheld).not.toHaveProperty('percent');
    // No answers at all is no percentage to hide.
    expect(hidden(suppressLine(line({ value: null, numerator: 0, denominator: 0 }), 5))).toBe('shown');
  });

  it('keeps a count whose share of its parent would give a small number away, without the share', () => {
    const kept = suppressLine(line({ value: 8, share: { of: 'p', denominator: 10, percent: 80 } }), 5);
    expect(kept).toMatchObject({ value: 8 });
    expect(kept).not.toHaveProperty('share');
    expect(suppressLine(line({ value: 8, share: { of: 'p', denominator: 20, percent: 40 } }), 5).share).toEqual({ of: 'p', denominator: 20, percent: 40 });
  });

  it('leaves amounts of money and lines that were not counted as they are', () => {
    expect(hidden(suppressLine(line({ value: 3.5, format: 'money' }), 5))).toBe('shown');
    expect(hidden(suppressLine(line({ value: null, unavailable: 'tab "Release planning" not found' }), 5))).toBe('shown');
  });

  it('hides the comparisons by the same rules, and marks the copy', () => {
    const result = {
      lines: [line({ value: 7 })],
      history: { previous: { label: 'P', start: '', end: '' }, lastYear: null, trend: [], lines: { previous: [line({ value: 2 })], lastYear: null, trend: [null, [line({ value: 3 })]] } },
    } as unknown as ReportResult;
    const copy = publicationCopy(result, 5);
    expect(copy.suppressBelow).toBe(5);
    expect(hidden(copy.lines[0]!)).toBe('shown');
    expect(hidden(copy.history!.lines.previous![0]!)).toBe('small');
    expect(copy.history!.lines.trend[0]).toBeNull();
    expect(hidden(copy.history!.lines.trend[1]![0]!)).toBe('small');
    // The result it was made from is left whole: the commissioner's copy may be made from it too.
    expect(result.lines[0]!.value).toBe(7);
    expect(result.history!.lines.previous![0]!.value).toBe(2);
  });
});
