/**
 * Charts drawn on the server as inline SVG: no script, so they show in any browser,
 * in e-mail previews and in printed PDFs. Each has a text alternative that says
 * what the picture shows, and the numbers are always in a table beside it.
 */

/** One period of a sparkline: its label, its value (null: no data, or hidden) and the value as the table shows it. */
export interface ChartPoint {
  label: string;
  value: number | null;
  shown: string;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const round = (n: number) => Math.round(n * 10) / 10;

const SPARK = { width: 96, height: 26, pad: 3 };

/** A sparkline of a line's periods, oldest first, the last point marked; gaps where there is no number. */
export function sparkline(points: readonly ChartPoint[]): string {
  const alt = `${points.length} periods, oldest first: ${points.map((p) => `${p.label} ${p.shown}`).join('; ')}`;
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const open = `<svg class="sparkline" role="img" aria-label="${escape(alt)}" viewBox="0 0 ${SPARK.width} ${SPARK.height}" width="${SPARK.width}" height="${SPARK.height}"><title>${escape(alt)}</title>`;
  if (values.length === 0) return `${open}</svg>`;
  // From 0, so that a small change does not look like a large one.
  const top = Math.max(...values, 0);
  const bottom = Math.min(...values, 0);
  const step = (SPARK.width - 2 * SPARK.pad) / Math.max(points.length - 1, 1);
  const x = (i: number) => round(SPARK.pad + i * step);
  const y = (v: number) => round(SPARK.height - SPARK.pad - (top === bottom ? 0 : ((v - bottom) / (top - bottom)) * (SPARK.height - 2 * SPARK.pad)));
  const runs: string[][] = [[]];
  points.forEach((p, i) => {
    if (p.value === null) runs.push([]);
    else runs[runs.length - 1]!.push(`${x(i)},${y(p.value)}`);
  });
  const lines = runs
    .filter((r) => r.length > 1)
    .map((r) => `<polyline points="${r.join(' ')}" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>`)
    .join('');
  const dots = points
    .map((p, i) => (p.value === null ? '' : `<circle cx="${x(i)}" cy="${y(p.value)}" r="${i === points.length - 1 ? 2.8 : 1.4}" fill="currentColor"/>`))
    .join('');
  return `${open}<line x1="${SPARK.pad}" x2="${SPARK.width - SPARK.pad}" y1="${y(bottom)}" y2="${y(bottom)}" stroke="#b1b4b6" stroke-width="0.75"/>${lines}${dots}</svg>`;
}

const BARS = { width: 640, label: 250, value: 70, row: 24, bar: 14 };

/** A horizontal bar chart of a breakdown, one bar per part, its number written at the end. */
export function barChart(title: string, bars: readonly ChartPoint[]): string {
  const alt = `${title}: ${bars.map((b) => `${b.label} ${b.shown}`).join('; ')}`;
  const max = Math.max(...bars.map((b) => b.value ?? 0), 0);
  const room = BARS.width - BARS.label - BARS.value;
  const height = bars.length * BARS.row + 4;
  const rows = bars
    .map((b, i) => {
      const top = i * BARS.row + 2;
      const length = b.value === null || max === 0 ? 0 : round((b.value / max) * room);
      const text = top + BARS.row / 2 + 4;
      return (
        `<text x="${BARS.label - 8}" y="${text}" text-anchor="end">${escape(b.label)}</text>` +
        (length > 0 ? `<rect x="${BARS.label}" y="${top + (BARS.row - BARS.bar) / 2}" width="${length}" height="${BARS.bar}" fill="currentColor"/>` : '') +
        `<text x="${BARS.label + length + 6}" y="${text}" font-weight="bold">${escape(b.shown)}</text>`
      );
    })
    .join('');
  return `<svg class="bar-chart" role="img" aria-label="${escape(alt)}" viewBox="0 0 ${BARS.width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" font-size="13" font-family="Arial, Helvetica, sans-serif"><title>${escape(alt)}</title><line x1="${BARS.label}" x2="${BARS.label}" y1="0" y2="${height}" stroke="#0b0c0c" stroke-width="1"/>${rows}</svg>`;
}
