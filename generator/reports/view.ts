/** What the report template and the audit file show: the result, with its data-quality summary. */
import type { DataIssue } from '../../core/dataset.js';
import type { ReportResult } from '../../core/report.js';
import type { LineResult } from '../../core/report-lines.js';
import { rowRanges } from '../render/helpers.js';

interface QualitySummary {
  clean: boolean;
  excludedRows: number;
  duplicates: number;
  warnings: number;
  /** Rows staff withdrew through their Void column: left out, on purpose. */
  voided: number;
  reasons: { tab: string; reason: string; count: number }[];
}

export function qualitySummary(issues: readonly DataIssue[]): QualitySummary {
  const rowsWith = (severity: DataIssue['severity']) =>
    new Set(issues.filter((i) => i.severity === severity && i.row !== null).map((i) => `${i.tab}\u0000${i.row}`)).size;
  const reasons = new Map<string, { tab: string; reason: string; count: number }>();
  for (const issue of issues) {
    if (issue.severity !== 'error') continue;
    const reason = issue.reason.replace(/^excluded: /, '');
    const key = `${issue.tab}\u0000${reason}`;
    const entry = reasons.get(key) ?? { tab: issue.tab, reason, count: 0 };
    entry.count++;
    reasons.set(key, entry);
  }
  const summary = {
    excludedRows: rowsWith('error'),
    duplicates: rowsWith('duplicate'),
    warnings: rowsWith('warning'),
    voided: rowsWith('voided'),
    reasons: [...reasons.values()],
  };
  return { ...summary, clean: issues.length === 0 };
}

/** A line's number as shown: a count, a percentage with n/N beside it, or a share of another line as n/N with its percentage. */
export function shownValue(m: LineResult): string {
  if (m.unavailable !== undefined) return `not counted: ${m.unavailable}`;
  if (m.format === 'money' && m.value !== null) return `£${m.value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (m.percent !== undefined) return `${m.numerator}/${m.denominator}${m.percent === null ? '' : ` (${m.percent}%)`}`;
  if (m.denominator === undefined) return String(m.value ?? '');
  return m.value === null ? `no answers (0/0)` : `${m.value}% (${m.numerator}/${m.denominator})`;
}

/**
 * What report.hbs shows; `site` is the configuration's name for the prison, if any.
 * `lines` are the numbered lines; `groups` the sections below them (Scheme.groups),
 * each with its heading, note and lines.
 */
export function reportView(result: ReportResult, preparedOn: string, site?: string) {
  const shown = result.lines.map((m) => ({ ...m, shown: shownValue(m) }));
  const headings = [...new Set(shown.flatMap((m) => (m.group === undefined ? [] : [m.group])))];
  const groups = headings.map((heading) => ({
    heading,
    anchor: heading.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    note: result.groups[heading] ?? '',
    lines: shown.filter((m) => m.group === heading),
  }));
  return { ...result, site, lines: shown.filter((m) => m.group === undefined), groups, quality: qualitySummary(result.issues), preparedOn };
}

/** The provider's audit file: for each line, the tab and rows behind its number (never names). */
export function auditRows(result: ReportResult): (string | number)[][] {
  const rows: (string | number)[][] = [['Line id', 'Line', 'Value', 'Period', 'Tab', 'Rows', 'Row count', 'Definition']];
  for (const m of result.lines) {
    if (m.evidence.length === 0) rows.push([m.id, m.label, shownValue(m), result.period.label, '', '', 0, m.definition]);
    for (const e of m.evidence) {
      rows.push([m.id, m.label, shownValue(m), result.period.label, e.tab, rowRanges(e.rows), e.rows.length, m.definition]);
    }
  }
  return rows;
}
