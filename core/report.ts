/** Evaluating a scheme's report for a period: the numbers, their working, and the data issues behind them. */
import type { Dataset, DataIssue } from './dataset.js';
import { evaluateLines, formsRead, type LineResult } from './report-lines.js';
import type { Period } from './quarters.js';
import type { Scheme } from './scheme.js';
import { UserError } from './errors.js';

export interface ReportResult {
  scheme: string;
  title: string;
  subtitle: string;
  period: Period;
  lines: LineResult[];
  /** The note shown under each heading of lines apart from the numbered ones (Scheme.groups), by heading. */
  groups: Readonly<Record<string, string>>;
  /** Issues on the tabs this report reads. */
  issues: DataIssue[];
  origin: string;
}

/** Throws a UserError naming the first tab the report needs but cannot read. */
export function assertReadable(dataset: Dataset, formIds: readonly string[]): void {
  for (const id of formIds) {
    const problem = dataset.unreadable.get(id);
    if (problem) throw new UserError(`${dataset.origin}: ${problem}`);
  }
}

export function evaluateReport(report: Scheme, dataset: Dataset, period: Period): ReportResult {
  const forms = formsRead(report.lines, report.cohorts);
  // The numbered lines need every tab they read; a line apart from them (Also recorded)
  // whose tab is missing — a workbook from before that form existed — is said to be
  // uncounted rather than stopping the contract's report or counting zeros.
  assertReadable(dataset, formsRead(report.lines.filter((l) => !('group' in l) || l.group === undefined), report.cohorts));
  const tabs = new Set(report.forms.filter((f) => forms.includes(f.id)).map((f) => f.tab));
  const lines = evaluateLines(report.lines, { dataset, period, params: report.params, cohorts: report.cohorts }).map((result, i): LineResult => {
    const problem = formsRead([report.lines[i]!], report.cohorts)
      .map((id) => dataset.unreadable.get(id))
      .find((p) => p !== undefined);
    return problem === undefined ? result : { id: result.id, label: result.label, value: null, definition: result.definition, evidence: [], unavailable: problem, ...(result.group !== undefined ? { group: result.group } : {}) };
  });
  return {
    scheme: report.id,
    title: report.title,
    subtitle: report.subtitle,
    period,
    lines,
    groups: report.groups ?? {},
    issues: dataset.issues.filter((i) => tabs.has(i.tab)),
    origin: dataset.origin,
  };
}

/** The JSON form of data contract §6. */
export function reportJson(result: ReportResult) {
  return {
    scheme: result.scheme,
    period: { label: result.period.label, start: result.period.start, end: result.period.end },
    metrics: result.lines.map((m) => ({
      id: m.id,
      label: m.label,
      value: m.value,
      ...(m.denominator !== undefined ? { numerator: m.numerator, denominator: m.denominator } : {}),
    })),
    // Reasons only: a report leaves the provider, so it never quotes an answer.
    issues: result.issues.map(({ tab, row, severity, reason }) => ({ tab, row, severity, reason })),
  };
}
