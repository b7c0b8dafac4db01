/**
 * Publication copies (data contract §7): small numbers that could point to a person
 * are hidden, as NHS statistics hide them. With k the threshold (suppressBelow), a
 * count from 1 to k − 1 is shown as `<k`, 0 is shown; a percentage n/N is withheld
 * when N < k, or when n or N − n is from 1 to k − 1. Comparisons are hidden by the
 * same rules, so that no earlier or later figure gives a hidden one away.
 */
import type { LineResult } from './report-lines.js';
import type { ReportResult } from './report.js';

export const DEFAULT_SUPPRESS_BELOW = 5;

const small = (c: number, k: number) => c > 0 && c < k;

/** Whether n of N may be published as a percentage. */
const percentShown = (n: number, total: number, k: number) => total === 0 || !(total < k || small(n, k) || small(total - n, k));

function hide(line: LineResult, how: 'small' | 'withheld'): LineResult {
  const { numerator: _n, denominator: _d, percent: _p, share: _s, ...rest } = line;
  return { ...rest, value: null, suppressed: how };
}

/** One line as a publication copy shows it. */
export function suppressLine(line: LineResult, k: number): LineResult {
  if (line.unavailable !== undefined || line.format === 'money' || (line.value === null && line.denominator === undefined)) return line;
  if (line.denominator !== undefined) {
    // A percentage (value = the percentage) or a share of another line (value = n): both are n of N.
    return percentShown(line.numerator ?? 0, line.denominator, k) ? line : hide(line, 'withheld');
  }
  const count = line.value ?? 0;
  if (small(count, k)) return hide(line, 'small');
  if (line.share && !percentShown(count, line.share.denominator, k)) {
    const { share: _s, ...rest } = line;
    return rest;
  }
  return line;
}

/** A report as a publication copy: every line, and every comparison of it, hidden by the rules above. */
export function publicationCopy(result: ReportResult, k: number): ReportResult {
  const all = (lines: LineResult[] | null) => lines && lines.map((l) => suppressLine(l, k));
  const h = result.history;
  return {
    ...result,
    lines: all(result.lines)!,
    suppressBelow: k,
    ...(h ? { history: { ...h, lines: { previous: all(h.lines.previous), lastYear: all(h.lines.lastYear), trend: h.lines.trend.map(all) } } } : {}),
  };
}
