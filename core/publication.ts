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

/**
 * The publication copies of one report (one scheme, one period) at several sites
 * and of their roll-up, the roll-up last (data contract §9). Each is hidden by the
 * rules above; then, for each line and each period shown, where exactly one site's
 * figure is hidden while the roll-up shows its own, it could be worked out as the
 * roll-up less the other sites (women are counted once across sites, so a distinct
 * count is treated as adding up too: the difference still bounds it). So the
 * smallest other site's figure is withheld as well, or, where no other site has one
 * to withhold, the roll-up's: then at least two figures of the sum are unknown.
 */
export function publicationCopies(group: readonly ReportResult[], k: number): ReportResult[] {
  const copies = group.map((r) => ({ ...publicationCopy(r, k), withheldAcrossSites: true }));
  const rollUp = copies[copies.length - 1];
  if (rollUp === undefined || copies.length < 2 || copies.some((c) => c.site === undefined)) {
    throw new Error('publicationCopies: give the sites\' reports, then their roll-up\'s');
  }
  const sites = copies.slice(0, -1);
  // Every period a copy shows: its own, and each it is compared with.
  const slots: ((r: ReportResult) => LineResult[] | null | undefined)[] = [
    (r) => r.lines,
    (r) => r.history?.lines.previous,
    (r) => r.history?.lines.lastYear,
    ...(rollUp.history?.lines.trend ?? []).map((_, t) => (r: ReportResult) => r.history?.lines.trend[t]),
  ];
  for (const slot of slots) {
    const total = slot(rollUp);
    if (!total) continue;
    total.forEach((totalLine, i) => {
      const atSites = sites.map((site) => slot(site)?.[i]).map((line) => (line?.id === totalLine.id ? line : undefined));
      const hidden = atSites.filter((line) => line?.suppressed !== undefined);
      if (hidden.length !== 1 || totalLine.suppressed !== undefined || totalLine.value === null) return;
      let smallest: number | undefined;
      atSites.forEach((line, s) => {
        const size = line && line.suppressed === undefined && line.unavailable === undefined ? sizeOf(line) : 0;
        if (size > 0 && (smallest === undefined || size < sizeOf(atSites[smallest]!))) smallest = s;
      });
      if (smallest !== undefined) slot(sites[smallest]!)![i] = hide(atSites[smallest]!, 'withheld');
      else total[i] = hide(totalLine, 'withheld');
    });
  }
  return copies;
}

/** How many people or sessions a shown figure rests on: a percentage's or share's N, a count itself. */
function sizeOf(line: LineResult): number {
  return line.denominator ?? line.value ?? 0;
}
