/** Publication copies (data contract §7): small numbers hidden, comparisons too. */
import { describe, expect, it } from 'vitest';
import { publicationCopies, publicationCopy, suppressLine } from '../../core/publication.js';
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

describe('publication copies of several sites and their roll-up: no hidden figure worked out from the total (data contract §9)', () => {
  const site = (id: string, lines: LineResult[], previous: LineResult[] | null = null) =>
    ({
      site: { id, name: id },
      lines,
      history: { previous: { label: 'P', start: '', end: '' }, lastYear: null, trend: [], lines: { previous, lastYear: null, trend: [] } },
    }) as unknown as ReportResult;
  const counts = (...values: number[]) => values.map((value, i) => line({ id: `l${i}`, value }));
  const shownOf = (r: ReportResult) => r.lines.map((l) => (l.suppressed ? l.suppressed : l.value));

  it('one site hidden and the roll-up shown: the smallest other site is withheld too', () => {
    const copies = publicationCopies([site('north', counts(40, 40)), site('south', counts(3, 40)), site('west', counts(12, 4)), site('all', counts(55, 84))], 5);
    // Line 0: south's 3 would be 55 − 40 − 12; west (12) is smaller than north (40), so west is withheld.
    expect(copies.map((c) => shownOf(c)[0])).toEqual([40, 'small', 'withheld', 55]);
    // Line 1: west's 4 is hidden; of the others, north and south tie at 40 and the first is withheld.
    expect(copies.map((c) => shownOf(c)[1])).toEqual(['withheld', 40, 'small', 84]);
    expect(copies.every((c) => c.withheldAcrossSites === true && c.suppressBelow === 5)).toBe(true);
  });

  it('two sites hidden, none hidden, or the roll-up hidden itself: nothing more is withheld', () => {
    const two = publicationCopies([site('a', counts(2, 9)), site('b', counts(3, 9)), site('c', counts(30, 9)), site('all', counts(35, 27))], 5);
    expect(two.map((c) => shownOf(c)[0])).toEqual(['small', 'small', 30, 35]);
    expect(two.map((c) => shownOf(c)[1])).toEqual([9, 9, 9, 27]);
    const small = publicationCopies([site('a', counts(2)), site('b', counts(0)), site('all', counts(2))], 5);
    expect(small.map((c) => shownOf(c)[0])).toEqual(['small', 0, 'small']);
  });

  it('no other site to withhold (the rest are 0): the roll-up is withheld instead', () => {
    const copies = publicationCopies([site('a', counts(3)), site('b', counts(0)), site('all', counts(5))], 5);
    expect(copies.map((c) => shownOf(c)[0])).toEqual(['small', 0, 'withheld']);
  });

  it('percentages: the other site with the smallest base is withheld, with its n and N', () => {
    const pct = (n: number, total: number) => line({ id: 'p', value: Math.round((100 * n) / total), numerator: n, denominator: total });
    // South: 7 of 8 (one woman not prepared) is withheld; all 42 of 50 and north 35 of 42 would give it away.
    const copies = publicationCopies([site('north', [pct(35, 42)]), site('south', [pct(7, 8)]), site('east', [pct(18, 20)]), site('all', [pct(60, 70)])], 5);
    expect(copies.map((c) => shownOf(c)[0])).toEqual([83, 'withheld', 'withheld', 86]);
    expect(copies[2]!.lines[0]).not.toHaveProperty('numerator');
    expect(copies[0]!.lines[0]).toMatchObject({ numerator: 35, denominator: 42 });
  });

  it('each earlier period compared is treated the same way, apart from this one', () => {
    const copies = publicationCopies([site('a', counts(20), counts(30)), site('b', counts(20), counts(2)), site('all', counts(40), counts(32))], 5);
    expect(copies.map((c) => shownOf(c)[0])).toEqual([20, 20, 40]);
    expect(copies.map((c) => (c.history!.lines.previous![0]!.suppressed ?? c.history!.lines.previous![0]!.value))).toEqual(['withheld', 'small', 32]);
  });
});
