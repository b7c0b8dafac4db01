/** Evaluating a scheme's report for a period: the numbers, their working, and the data issues behind them. */
import { issueRowKey, type Dataset, type DataIssue, type DataRecord } from './dataset.js';
import { evaluateLines, formsRead, sitesOf, type LineResult, type ReportData } from './report-lines.js';
import { isQuarter, periodAYearBefore, periodsEndingWith, type Period } from './quarters.js';
import type { Scheme } from './scheme.js';
import { UserError } from './errors.js';
import { append } from './arrays.js';

/** A data issue as a report lists it: in a site's report or a roll-up, with the site whose tab it is on. */
export type ReportIssue = DataIssue & { site?: string };

export interface ReportResult {
  /** The site reported, where the configuration lists sites (data contract §9); `all` for the roll-up, named "All sites". */
  site?: { id: string; name: string };
  scheme: string;
  title: string;
  subtitle: string;
  period: Period;
  /** False for a --from/--to range of other days than a quarter: the report then says "period", not "quarter". */
  quarter: boolean;
  lines: LineResult[];
  /** The note shown under each heading of lines apart from the numbered ones (Scheme.groups), by heading. */
  groups: Readonly<Record<string, string>>;
  /** Issues of the rows dated in the period, on the tabs this report reads, and problems with a whole tab (data contract §2). */
  issues: ReportIssue[];
  /** Rows left out of those tabs whose date could not be read: they belong to no period. */
  undatedRows: number;
  /** The tabs whose rows the report places in a period by a date, and how many of their valid rows fall in this one. */
  datedTabs: string[];
  recordsInPeriod: number;
  /** The first and last dates of those rows (null: there are none); a period that ends after `end` is partial. */
  dataSpan: { start: string; end: string } | null;
  /** The same lines in earlier periods (compareReport). */
  history?: History;
  /** Set on a publication copy (core/publication.ts): counts below it are hidden. */
  suppressBelow?: number;
  /**
   * Set on the publication copies of several sites and their roll-up (publicationCopies):
   * a figure may be withheld because another site's is hidden.
   */
  withheldAcrossSites?: boolean;
  origin: string;
}

/**
 * A report's lines in the periods it is compared with: the period before, the same
 * one a year before, and the 8 periods ending with its own (for the sparklines).
 * Lines are in the report's order; null stands for a period that ends before the
 * data begins ("no earlier data", never a row of zeros).
 */
interface History {
  previous: Period;
  lastYear: Period | null;
  trend: Period[];
  lines: { previous: LineResult[] | null; lastYear: LineResult[] | null; trend: (LineResult[] | null)[] };
}

/** Throws a UserError naming the first tab the report needs but cannot read. */
export function assertReadable(dataset: Dataset, formIds: readonly string[]): void {
  for (const id of formIds) {
    const problem = dataset.unreadable.get(id);
    if (problem) throw new UserError(`${dataset.origin}: ${problem}`);
  }
}

/** For each form a report reads, the date columns its lines place that form's rows in a period by. */
function datedColumns(report: Scheme): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (form: string, date: string) => out.set(form, (out.get(form) ?? new Set()).add(date));
  for (const line of report.lines) {
    if ('sources' in line) {
      for (const s of line.sources) {
        add(s.form, s.date);
        for (const r of s.precededBy?.rows ?? []) add(r.form, r.date);
      }
    } else {
      const c = report.cohorts?.[line.cohort];
      if (c) add(c.form, c.date);
      if (c?.followUp) add(c.followUp.form, c.followUp.date);
    }
  }
  return out;
}

const inPeriod = (date: unknown, period: Pick<Period, 'start' | 'end'>) => typeof date === 'string' && date >= period.start && date <= period.end;

/** The first and last dates of a report's dated rows, once per dataset and report (every period of a run asks). */
const spans = new WeakMap<Dataset, Map<string, ReportResult['dataSpan']>>();
function dataSpan(report: Scheme, dataset: Dataset, dated: Map<string, Set<string>>): ReportResult['dataSpan'] {
  let byReport = spans.get(dataset);
  if (!byReport) spans.set(dataset, (byReport = new Map()));
  if (byReport.has(report.id)) return byReport.get(report.id)!;
  let start: string | null = null;
  let end: string | null = null;
  for (const [form, keys] of dated) {
    for (const r of dataset.records[form] ?? []) {
      for (const key of keys) {
        const d = r.values[key];
        if (typeof d !== 'string') continue;
        if (start === null || d < start) start = d;
        if (end === null || d > end) end = d;
      }
    }
  }
  const span = start !== null && end !== null ? { start, end } : null;
  byReport.set(report.id, span);
  return span;
}

/**
 * The issues that belong to a period (data contract §2): those of rows whose date,
 * read from the column the lines read, falls in it; a problem with a whole tab, and
 * any row of a tab read without a date (a register, read whatever the period), always.
 * Rows whose date cannot be read are counted apart.
 */
function periodIssues(report: Scheme, dataset: Dataset, period: Period, tabs: ReadonlySet<string>, dated: Map<string, Set<string>>, site: string | undefined) {
  const { placed, undatedRows } = placedIssues(report, dataset, tabs, dated);
  const issues: ReportIssue[] = [];
  for (const { issue: found, dates } of placed) {
    if (dates !== null && !dates.some((d) => inPeriod(d, period))) continue;
    issues.push(site === undefined ? found : { site, ...found });
  }
  return { issues, undatedRows };
}

/** An issue of a tab the report reads, with its row's dates; null: listed whatever the period. */
interface PlacedIssue {
  issue: DataIssue;
  dates: string[] | null;
}

/**
 * Each issue's dates, found once per dataset and scheme, not again for each period: a
 * row's dates are in its record or in leftOutDates, and looking them up for 800,000
 * issues in each of 54 reports took most of two minutes.
 */
const placedByDataset = new WeakMap<Dataset, WeakMap<Scheme, { placed: PlacedIssue[]; undatedRows: number }>>();

function placedIssues(report: Scheme, dataset: Dataset, tabs: ReadonlySet<string>, dated: Map<string, Set<string>>) {
  const byScheme = placedByDataset.get(dataset) ?? new WeakMap<Scheme, { placed: PlacedIssue[]; undatedRows: number }>();
  placedByDataset.set(dataset, byScheme);
  const known = byScheme.get(report);
  if (known) return known;
  const formOf = new Map(report.forms.map((f) => [f.tab, f.id]));
  const warned = warnedRecords(dataset, formOf);
  const placed: PlacedIssue[] = [];
  const undated = new Set<string>();
  for (const issue of dataset.issues) {
    if (!tabs.has(issue.tab)) continue;
    const form = formOf.get(issue.tab);
    const keys = form === undefined ? undefined : dated.get(form);
    // Row 1 is the header: a problem with a column is a problem with the whole tab.
    if (issue.row === null || issue.row <= 1 || !keys) {
      placed.push({ issue, dates: null });
      continue;
    }
    const values = warned.get(form!)?.get(issue.row)?.values ?? dataset.leftOutDates?.get(issueRowKey(issue.tab, issue.row)) ?? {};
    const dates = [...keys].map((k) => values[k]).filter((d): d is string => typeof d === 'string');
    if (dates.length > 0) placed.push({ issue, dates });
    else if (issue.severity !== 'voided') undated.add(issueRowKey(issue.tab, issue.row));
  }
  const found = { placed, undatedRows: undated.size };
  byScheme.set(report, found);
  return found;
}

/** The valid rows with a warning, by form and row, found in one pass per form (a map of every row would cost a large workbook much memory). */
function warnedRecords(dataset: Dataset, formOf: ReadonlyMap<string, string>): Map<string, Map<number, DataRecord>> {
  const wanted = new Map<string, Set<number>>();
  for (const issue of dataset.issues) {
    const form = formOf.get(issue.tab);
    if (form !== undefined && issue.row !== null && issue.severity === 'warning') wanted.set(form, (wanted.get(form) ?? new Set()).add(issue.row));
  }
  const found = new Map<string, Map<number, DataRecord>>();
  for (const [form, rows] of wanted) {
    const records = new Map<number, DataRecord>();
    for (const r of dataset.records[form] ?? []) if (rows.has(r.row)) records.set(r.row, r);
    found.set(form, records);
  }
  return found;
}

/** Says "period" for "quarter" in a line's words when the report is for a range of other days. */
const periodWording = (text: string) => text.replace(/\bquarter\b/g, 'period').replace(/\bquarters\b/g, 'periods');

/** The settings of what is counted: a roll-up's sites share those that place rows in quarters (core/roll-up.ts). */
const settingsOf = (data: ReportData) => sitesOf(data)[0]!.dataset.settings;

/** The lines of a report for a period, each line's missing tab said rather than counted (in a roll-up, at any site). */
function reportLines(report: Scheme, data: ReportData, period: Period): LineResult[] {
  const quarter = isQuarter(period, settingsOf(data));
  const sites = sitesOf(data);
  const pooled = sites.length > 1;
  return evaluateLines(report.lines, { dataset: data, period, params: report.params, cohorts: report.cohorts, forms: report.forms }).map((result, i): LineResult => {
    const problem = formsRead([report.lines[i]!], report.cohorts)
      .flatMap((id) => sites.map(({ id: site, dataset }) => dataset.unreadable.has(id) && (pooled ? `at site "${site}", ` : '') + dataset.unreadable.get(id)))
      .find((p) => p !== false);
    const line: LineResult =
      problem === undefined
        ? result
        : {
            id: result.id,
            label: result.label,
            value: null,
            definition: result.definition,
            evidence: [],
            unavailable: problem,
            ...(result.group !== undefined ? { group: result.group } : {}),
            ...(result.section !== undefined ? { section: result.section } : {}),
            ...(result.parent !== undefined ? { parent: result.parent } : {}),
          };
    return quarter ? line : { ...line, label: periodWording(line.label), definition: periodWording(line.definition) };
  });
}

/** The span from the earlier start to the later end of two. */
function widen(a: ReportResult['dataSpan'], b: ReportResult['dataSpan']): ReportResult['dataSpan'] {
  if (a === null || b === null) return a ?? b;
  return { start: a.start < b.start ? a.start : b.start, end: a.end > b.end ? a.end : b.end };
}

/**
 * A scheme's report for a period, over one workbook's dataset or several sites'
 * pooled (a roll-up, data contract §9): lines by the one engine, each site's issues
 * marked with its site, rows and spans over every site.
 */
export function evaluateReport(report: Scheme, data: ReportData, period: Period): ReportResult {
  const forms = formsRead(report.lines, report.cohorts);
  const sites = sitesOf(data);
  // The numbered lines need every tab they read; a line apart from them (Also recorded)
  // whose tab is missing — a workbook from before that form existed — is said to be
  // uncounted rather than stopping the contract's report or counting zeros.
  for (const { dataset } of sites) assertReadable(dataset, formsRead(report.lines.filter((l) => !('group' in l) || l.group === undefined), report.cohorts));
  const tabs = new Set(report.forms.filter((f) => forms.includes(f.id)).map((f) => f.tab));
  const dated = datedColumns(report);
  let recordsInPeriod = 0;
  const issues: ReportIssue[] = [];
  let undatedRows = 0;
  let span: ReportResult['dataSpan'] = null;
  for (const { id, dataset } of sites) {
    for (const [form, keys] of dated) {
      const columns = [...keys];
      for (const r of dataset.records[form] ?? []) if (columns.some((k) => inPeriod(r.values[k], period))) recordsInPeriod++;
    }
    const own = periodIssues(report, dataset, period, tabs, dated, id);
    append(issues, own.issues);
    undatedRows += own.undatedRows;
    span = widen(span, dataSpan(report, dataset, dated));
  }
  return {
    scheme: report.id,
    title: report.title,
    subtitle: report.subtitle,
    period,
    quarter: isQuarter(period, settingsOf(data)),
    lines: reportLines(report, data, period),
    groups: report.groups ?? {},
    issues,
    undatedRows,
    datedTabs: report.forms.filter((f) => dated.has(f.id)).map((f) => f.tab),
    recordsInPeriod,
    dataSpan: span,
    origin: sites.map((s) => s.dataset.origin).join('; '),
  };
}

/** How many periods a report's sparklines cover. */
const TREND_PERIODS = 8;

/**
 * Adds the comparisons to a report's result (History). `cache` keeps each period's
 * lines across the reports of one run, which share most of their periods.
 */
export function compareReport(report: Scheme, data: ReportData, result: ReportResult, cache = new Map<string, LineResult[]>()): ReportResult {
  const settings = settingsOf(data);
  const linesIn = (period: Period | null): LineResult[] | null => {
    if (period === null || result.dataSpan === null || period.end < result.dataSpan.start) return null;
    if (period.start === result.period.start && period.end === result.period.end) return result.lines;
    const key = `${report.id}\u0000${period.start}\u0000${period.end}`;
    // Only the values are compared: the rows behind them are this period's audit, not another's.
    if (!cache.has(key)) cache.set(key, reportLines(report, data, period).map((l) => ({ ...l, evidence: [] })));
    return cache.get(key)!;
  };
  const trend = periodsEndingWith(result.period, TREND_PERIODS, settings);
  const previous = trend[trend.length - 2]!;
  const lastYear = periodAYearBefore(result.period, settings);
  const history: History = {
    previous,
    lastYear,
    trend,
    lines: { previous: linesIn(previous), lastYear: linesIn(lastYear), trend: trend.map(linesIn) },
  };
  return { ...result, history };
}

/** A line's value as a comparison gives it, or null: no data, not counted, or hidden. */
function comparable(line: LineResult | undefined | null): number | null {
  return line && line.unavailable === undefined && line.suppressed === undefined ? line.value : null;
}

/** This period's value less the previous one's (percentage points for a percentage), or null where either is missing. */
export function changeOf(now: LineResult, before: LineResult | undefined | null): number | null {
  const [a, b] = [comparable(now), comparable(before)];
  return a === null || b === null ? null : Math.round((a - b) * 100) / 100;
}

/** A line in JSON: its value, its n of N, or that it is hidden in a publication copy (data contract §7). */
function jsonValue(m: LineResult) {
  if (m.suppressed !== undefined) return { value: null, suppressed: true };
  return {
    value: m.value,
    ...(m.denominator !== undefined ? { numerator: m.numerator, denominator: m.denominator } : {}),
  };
}

const periodJson = (p: Period) => ({ label: p.label, start: p.start, end: p.end });

/** The JSON form of data contract §6, with the comparisons, coverage and publication facts after its own fields. */
export function reportJson(result: ReportResult) {
  const h = result.history;
  return {
    ...(result.site ? { site: result.site.id } : {}),
    scheme: result.scheme,
    period: periodJson(result.period),
    metrics: result.lines.map((m, i) => ({
      id: m.id,
      label: m.label,
      ...jsonValue(m),
      ...(m.share ? { share: m.share } : {}),
      ...(h
        ? {
            previous: h.lines.previous ? jsonValue(h.lines.previous[i]!) : null,
            lastYear: h.lines.lastYear ? jsonValue(h.lines.lastYear[i]!) : null,
            change: changeOf(m, h.lines.previous?.[i]),
            trend: h.lines.trend.map((t) => (t ? jsonValue(t[i]!) : null)),
          }
        : {}),
    })),
    // Reasons only: a report leaves the provider, so it never quotes an answer.
    issues: result.issues.map(({ site, tab, row, severity, reason }) => ({ ...(site !== undefined ? { site } : {}), tab, row, severity, reason })),
    undatedRows: result.undatedRows,
    recordsInPeriod: result.recordsInPeriod,
    partial: result.dataSpan !== null && result.period.end > result.dataSpan.end,
    ...(h ? { comparisons: { previous: periodJson(h.previous), lastYear: h.lastYear && periodJson(h.lastYear), trend: h.trend.map(periodJson) } } : {}),
    ...(result.suppressBelow !== undefined ? { publication: { suppressBelow: result.suppressBelow } } : {}),
  };
}
