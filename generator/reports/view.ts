/** What the report and index templates and the audit file show: the result, put in the words and order a reader needs. */
import type { DataIssue } from '../../core/dataset.js';
import { longDate } from '../../core/dates.js';
import { DEFAULT_SUPPRESS_BELOW } from '../../core/publication.js';
import { changeOf, type ReportIssue, type ReportResult } from '../../core/report.js';
import type { LineResult } from '../../core/report-lines.js';
import type { Period } from '../../core/quarters.js';
import type { Scheme } from '../../core/scheme.js';
import type { ChartPoint } from '../render/charts.js';
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

/** In a roll-up a tab is named with its site ("south: Contacts"): the same tab name is a different sheet at each site. */
const tabOf = (issue: ReportIssue) => (issue.site === undefined ? issue.tab : `${issue.site}: ${issue.tab}`);

export function qualitySummary(issues: readonly ReportIssue[]): QualitySummary {
  const rowsWith = (severity: DataIssue['severity']) =>
    new Set(issues.filter((i) => i.severity === severity && i.row !== null).map((i) => `${tabOf(i)}\u0000${i.row}`)).size;
  const reasons = new Map<string, { tab: string; reason: string; count: number }>();
  for (const issue of issues) {
    if (issue.severity !== 'error') continue;
    const reason = issue.reason.replace(/^excluded: /, '');
    const key = `${tabOf(issue)}\u0000${reason}`;
    const entry = reasons.get(key) ?? { tab: tabOf(issue), reason, count: 0 };
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

const money = (n: number) => `£${n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * A line's number as shown: a count (with its share of its parent, where it is one),
 * a percentage with n/N beside it, a share of another line as n/N with its
 * percentage; in a publication copy a hidden count as `<k` and a hidden percentage as withheld.
 */
export function shownValue(m: LineResult, k = DEFAULT_SUPPRESS_BELOW): string {
  if (m.unavailable !== undefined) return `not counted: ${m.unavailable}`;
  if (m.suppressed === 'small') return `<${k}`;
  if (m.suppressed === 'withheld') return 'withheld';
  if (m.format === 'money' && m.value !== null) return money(m.value);
  if (m.percent !== undefined) return `${m.numerator}/${m.denominator}${m.percent === null ? '' : ` (${m.percent}%)`}`;
  if (m.denominator === undefined) {
    const count = String(m.value ?? '');
    return m.share && m.share.percent !== null ? `${count} (${m.share.percent}% of ${m.share.denominator})` : count;
  }
  return m.value === null ? `no answers (0/0)` : `${m.value}% (${m.numerator}/${m.denominator})`;
}

/** A percentage's base below this is flagged beside it ("based on 4 people"): read it with care. */
const SMALL_BASE = 10;

/** The change from the previous period in words, with an arrow that repeats them (never colour alone). */
function changeView(now: LineResult, before: LineResult | null | undefined): { arrow: string; words: string; direction: string } {
  const plain = (words: string) => ({ arrow: '', words, direction: 'none' });
  if (now.unavailable !== undefined) return plain('');
  if (before === null || before === undefined) return plain('no earlier data');
  if (now.suppressed !== undefined || before.suppressed !== undefined) return plain('not shown');
  if (before.unavailable !== undefined) return plain('not counted before');
  const diff = changeOf(now, before);
  if (diff === null) return plain('no comparison');
  if (diff === 0) return plain('no change');
  const size = Math.abs(diff);
  const amount =
    now.format === 'money' ? money(size) : now.denominator !== undefined && now.percent === undefined ? `${size} ${size === 1 ? 'point' : 'points'}` : size.toLocaleString('en-GB');
  return diff > 0 ? { arrow: '▲', words: `up ${amount}`, direction: 'up' } : { arrow: '▼', words: `down ${amount}`, direction: 'down' };
}

/** A shown value split for a narrow cell: the number, and what was in brackets (its n/N or percentage) beneath it. */
function cellOf(shown: string): { main: string; sub: string } {
  const m = /^(.*?) \((.*)\)$/.exec(shown);
  return m ? { main: m[1]!, sub: m[2]! } : { main: shown, sub: '' };
}

/** A line in a comparison: its value as shown, or "no data" before the data begins. */
const shownIn = (line: LineResult | null | undefined, k: number) => (line ? shownValue(line, k) : 'no data');
const chartValue = (line: LineResult | null | undefined) => (line && line.unavailable === undefined && line.suppressed === undefined ? line.value : null);

/** Lines in reading order: each followed by the lines under it (`parent`), with its depth and section. */
function ordered(lines: readonly LineResult[]): { line: LineResult; depth: number; section: string | undefined }[] {
  const ids = new Set(lines.map((l) => l.id));
  const under = new Map<string, LineResult[]>();
  for (const l of lines) if (l.parent !== undefined && ids.has(l.parent)) under.set(l.parent, [...(under.get(l.parent) ?? []), l]);
  const out: { line: LineResult; depth: number; section: string | undefined }[] = [];
  const visit = (line: LineResult, depth: number, section: string | undefined) => {
    out.push({ line, depth, section });
    for (const child of under.get(line.id) ?? []) visit(child, depth + 1, section);
  };
  let section: string | undefined;
  for (const l of lines) {
    if (l.parent !== undefined && ids.has(l.parent)) continue;
    // A line without a section of its own continues the one before it.
    section = l.section ?? section;
    visit(l, 0, section);
  }
  return out;
}

/** A period as a reader names it: a quarter by its label, a range of other days by its dates (never split at a hyphen). */
const nameOf = (p: Period, quarter: boolean) => (quarter ? p.label : `${longDate(p.start)} to ${longDate(p.end)}`);

const anchorOf = (heading: string) => heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** What the report is for and who made it, beyond the figures: from the configuration. */
interface ReportContext {
  site?: string;
  provider?: string;
  contractReference?: string;
  /** The scheme's headline line and its breakdown chart. */
  scheme?: Pick<Scheme, 'trend' | 'breakdown'>;
}

/** The tabs named as a list: "Contacts, Training and Releases". */
const listed = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

/** The line staff see on standard error for a period with no records, and report --strict fails on. */
export function emptyPeriodNote(result: ReportResult): string | null {
  return result.recordsInPeriod === 0 ? `${result.period.label} holds no ${listed(result.datedTabs)} rows: is the period right?` : null;
}

/**
 * Which of a scheme's periods (oldest first) an index leads with: the latest the
 * records cover to its end, as published statistics lead with the latest whole
 * period (a quarter the records end a day into would show a day's work beside a
 * quarter's); where none is whole, the latest with records; where none has any, the last.
 */
function latestShown(results: readonly ReportResult[], end: string | null): number {
  const withRecords = [...results.keys()].filter((p) => results[p]!.recordsInPeriod > 0);
  const whole = withRecords.filter((p) => end !== null && results[p]!.period.end <= end);
  return whole.at(-1) ?? withRecords.at(-1) ?? results.length - 1;
}

/**
 * The lines an index shows for a scheme: the top-level numbered ones, and a line
 * counted as a share of its parent (Reconnect's line vii, the women reconnected).
 */
function headlineLines(scheme: Scheme): Set<string> {
  return new Set(scheme.lines.filter((l) => l.group === undefined && (l.parent === undefined || ('shareOfParent' in l && l.shareOfParent === true))).map((l) => l.id));
}

/** What report.hbs shows (see the template for the order: headline first). */
export function reportView(result: ReportResult, preparedOn: string, context: ReportContext = {}) {
  const k = result.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  const publication = result.suppressBelow !== undefined;
  const word = result.quarter ? 'quarter' : 'period';
  const h = result.history;
  const index = new Map(result.lines.map((l, i) => [l.id, i]));
  const at = (lines: LineResult[] | null | undefined, id: string) => lines?.[index.get(id)!];

  const row = ({ line, depth }: { line: LineResult; depth: number }) => {
    const base = line.denominator !== undefined && line.suppressed === undefined ? line.denominator : undefined;
    return {
      id: line.id,
      label: line.label,
      depth,
      shareOfParent: line.share !== undefined,
      shown: cellOf(shownValue(line, k)),
      previous: cellOf(h ? shownIn(at(h.lines.previous, line.id), k) : ''),
      lastYear: cellOf(h?.lastYear ? shownIn(at(h.lines.lastYear, line.id), k) : ''),
      change: h ? changeView(line, at(h.lines.previous, line.id)) : { arrow: '', words: '', direction: 'none' },
      trend: h ? h.trend.map((p, i): ChartPoint => ({ label: p.label, value: chartValue(at(h.lines.trend[i], line.id)), shown: shownIn(at(h.lines.trend[i], line.id), k) })) : [],
      smallBase: base !== undefined && base > 0 && base < SMALL_BASE ? `based on ${base} ${base === 1 ? 'person' : 'people'}` : '',
    };
  };
  type Row = ReturnType<typeof row>;
  const main = ordered(result.lines.filter((m) => m.group === undefined));
  const sections: { heading: string | undefined; anchor: string; rows: Row[]; definitions: LineResult[]; chart?: { title: string; bars: ChartPoint[] } }[] = [];
  for (const entry of main) {
    let section = sections[sections.length - 1];
    if (!section || section.heading !== entry.section) sections.push((section = { heading: entry.section, anchor: anchorOf(entry.section ?? 'figures'), rows: [], definitions: [] }));
    section.rows.push(row(entry));
    section.definitions.push(entry.line);
  }
  const headings = [...new Set(result.lines.flatMap((m) => (m.group === undefined ? [] : [m.group])))];
  const groups = headings.map((heading) => {
    const lines = ordered(result.lines.filter((m) => m.group === heading));
    return { heading, anchor: anchorOf(heading), note: result.groups[heading] ?? '', rows: lines.map(row), definitions: lines.map((e) => e.line) };
  });

  const breakdown = context.scheme?.breakdown;
  const bars = breakdown
    ? result.lines
        .filter((l) => l.parent === breakdown.line && l.group === undefined)
        .map((l): ChartPoint => {
          const label = l.label.includes(': ') ? l.label.slice(l.label.indexOf(': ') + 2) : l.label;
          // The number alone: its share is in the table above, and the bar shows it.
          return { label: label.charAt(0).toUpperCase() + label.slice(1), value: chartValue(l), shown: cellOf(shownValue(l, k)).main };
        })
    : [];

  // The chart stands after the table of the part it breaks down.
  const charted = breakdown && bars.length > 0 ? sections.find((sec) => sec.rows.some((r) => r.id === breakdown.line)) : undefined;
  if (charted) charted.chart = { title: breakdown!.title, bars };

  const notices: string[] = [];
  if (result.recordsInPeriod === 0) {
    notices.push(`No records of the tabs this report reads (${listed(result.datedTabs)}) are dated in this ${word}: every figure is 0 because nothing was recorded, which may not mean that nothing happened.`);
  } else if (result.dataSpan && result.period.end > result.dataSpan.end) {
    notices.push(`The records end on ${longDate(result.dataSpan.end)}, before this ${word} does: its figures may be incomplete.`);
  }

  const facts = [
    { term: 'Site', value: context.site },
    { term: 'Provider', value: context.provider },
    { term: 'Contract reference', value: context.contractReference },
    { term: 'Reporting period', value: result.quarter ? `${result.period.label}: ${nameOf(result.period, false)}` : nameOf(result.period, false) },
    { term: publication ? 'Published' : 'Prepared', value: longDate(preparedOn) },
  ].filter((f) => f.value !== undefined && f.value !== '');

  return {
    title: result.title,
    subtitle: result.subtitle,
    pageTitle: `${result.title} — ${result.period.label}`,
    facts,
    word,
    mainPoints: mainPoints(result, context, k),
    notices,
    publication: publication ? { k, below: k - 1, acrossSites: result.withheldAcrossSites === true } : null,
    columns: {
      current: { title: `This ${word}`, label: nameOf(result.period, result.quarter) },
      previous: h ? { title: result.quarter ? 'Last quarter' : 'Period before', label: nameOf(h.previous, result.quarter) } : null,
      lastYear: h?.lastYear ? { title: result.quarter ? 'Same quarter last year' : 'A year before', label: nameOf(h.lastYear, result.quarter) } : null,
      trend: h ? `Last ${h.trend.length} ${word}s` : null,
    },
    sections,
    groups,
    quality: { ...qualitySummary(result.issues), undatedRows: result.undatedRows, clean: result.issues.length === 0 && result.undatedRows === 0 },
    // A publication copy has no audit file, and names no spreadsheet or file.
    audit: !publication,
    origin: publication ? undefined : result.origin,
    preparedOn,
  };
}

/** The headline: the scheme's chosen line (Scheme.trend) against the previous period and the year before, in a sentence. */
function mainPoints(result: ReportResult, context: ReportContext, k: number): string[] {
  const trend = context.scheme?.trend;
  const i = result.lines.findIndex((l) => l.id === trend?.line);
  if (!trend || i < 0) return [];
  const line = result.lines[i]!;
  if (line.unavailable !== undefined) return [];
  const name = (p: Period) => nameOf(p, result.quarter);
  let sentence = `${shownValue(line, k)} ${trend.label} in ${name(result.period)}`;
  const h = result.history;
  if (h) {
    const before = h.lines.previous?.[i];
    const change = changeView(line, before);
    if (before && (change.direction !== 'none' || change.words === 'no change')) sentence += `, ${change.words === 'no change' ? 'the same as' : `${change.words} from ${shownValue(before, k)} in`} ${name(h.previous)}`;
    else if (!before) sentence += ` (no earlier data to compare with)`;
    const lastYear = h.lastYear && h.lines.lastYear?.[i];
    if (h.lastYear && lastYear) sentence += `; ${shownValue(lastYear, k)} in ${name(h.lastYear)}`;
  }
  return [`${sentence}.`];
}

/**
 * The provider's audit file: for each line, the tab and rows behind its number (never
 * names). A site's report or a roll-up says first which site's tab each row is on.
 */
export function auditRows(result: ReportResult): (string | number)[][] {
  const site = result.site !== undefined;
  const rows: (string | number)[][] = [[...(site ? ['Site'] : []), 'Line id', 'Line', 'Value', 'Period', 'Tab', 'Rows', 'Row count', 'Definition']];
  for (const m of result.lines) {
    if (m.evidence.length === 0) rows.push([...(site ? [''] : []), m.id, m.label, shownValue(m), result.period.label, '', '', 0, m.definition]);
    for (const e of m.evidence) {
      rows.push([...(site ? [e.site ?? ''] : []), m.id, m.label, shownValue(m), result.period.label, e.tab, rowRanges(e.rows), e.rows.length, m.definition]);
    }
  }
  return rows;
}

/** The report in CSV: the §6 columns, then the comparisons (the same facts as the JSON). */
export function reportCsvRows(result: ReportResult): (string | number | null | undefined)[][] {
  const k = result.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  const h = result.history;
  // A hidden number is written as the HTML shows it (`<5`, withheld), never as a blank that reads as none.
  const cell = (m: LineResult | null | undefined, v: number | null | undefined) => (m?.suppressed !== undefined ? shownValue(m, k) : v);
  // A site's report or a roll-up says which (`all` for the roll-up), so the CSVs of a run can be read as one table.
  const site = result.site ? [result.site.id] : [];
  return [
    [...(result.site ? ['Site'] : []), 'Scheme', 'Period', 'Start', 'End', 'Line id', 'Line', 'Value', 'Numerator', 'Denominator', 'Share of', 'Share %', 'Previous period', 'Previous', 'Change', 'A year before', 'Year before', 'Trend'],
    ...result.lines.map((m, i) => {
      const before = h?.lines.previous?.[i];
      const yearBefore = h?.lines.lastYear?.[i];
      return [
        ...site,
        result.scheme,
        result.period.label,
        result.period.start,
        result.period.end,
        m.id,
        m.label,
        cell(m, m.value),
        m.suppressed ? undefined : m.numerator,
        m.suppressed ? undefined : m.denominator,
        m.share?.of,
        m.share?.percent ?? undefined,
        h?.previous.label,
        h ? (before ? cell(before, before.value) : 'no data') : undefined,
        h ? (changeOf(m, before) ?? undefined) : undefined,
        h?.lastYear?.label,
        h?.lastYear ? (yearBefore ? cell(yearBefore, yearBefore.value) : 'no data') : undefined,
        h ? h.trend.map((p, t) => `${p.label}: ${shownIn(h.lines.trend[t]?.[i], k).replace(/ \(.*\)$/, '')}`).join('; ') : undefined,
      ];
    }),
  ];
}

interface IndexEntry {
  result: ReportResult;
  href: string;
  audit?: string;
}

/** Where the records end, over every report of a run: a quarter after it is partial. */
function dataEnd(results: readonly ReportResult[]): string | null {
  return results.reduce<string | null>((end, r) => (r.dataSpan && (end === null || r.dataSpan.end > end) ? r.dataSpan.end : end), null);
}

/** What index.hbs shows: each scheme's latest figures with their sparklines, then every report by period, partial ones marked. */
export function indexView(entries: readonly IndexEntry[][], periods: readonly Period[], schemes: readonly Scheme[], preparedOn: string, context: ReportContext & { origin?: string }) {
  const results = entries.flat().map((e) => e.result);
  const end = dataEnd(results);
  const coverage = (p: Period) =>
    end === null || p.start > end ? 'after the records end' : p.end > end ? `partial: the records end on ${longDate(end)}` : '';
  const latest = schemes.map((scheme, s) => {
    const column = entries.map((row) => row[s]!);
    // The latest whole period with records (a later, partial one is in the table below, marked).
    const entry = column[latestShown(column.map((e) => e.result), end)]!;
    const view = reportView(entry.result, preparedOn, { scheme });
    const headline = headlineLines(scheme);
    return {
      title: scheme.title,
      period: entry.result.period.label,
      coverage: coverage(entry.result.period),
      href: entry.href,
      prefix: `${scheme.id}-`,
      columns: view.columns,
      rows: view.sections.flatMap((sec) => sec.rows.filter((r) => headline.has(r.id))),
    };
  });
  return {
    pageTitle: 'Quarterly reports',
    site: context.site,
    // The site is in the heading already.
    facts: [
      { term: 'Provider', value: context.provider },
      { term: 'Contract reference', value: context.contractReference },
    ].filter((f) => f.value !== undefined),
    count: results.length,
    latest,
    schemes: schemes.map((s) => ({ title: s.title })),
    periods: periods.map((p, i) => ({ ...p, coverage: coverage(p), reports: entries[i]!.map((e) => ({ href: e.href, audit: e.audit })) })),
    origin: context.origin,
    preparedOn,
  };
}

/** A column of the index of several sites: a site, or the roll-up ("All sites"). */
interface SiteColumn {
  id: string;
  name: string;
}

/**
 * What sites-index.hbs shows for a run over several sites (data contract §9): for each
 * scheme, its latest figures with every site and the roll-up side by side, then
 * every report by period, a column for each.
 * `entries[c][p][s]` is column c's report for period p and scheme s.
 */
export function sitesIndexView(
  entries: readonly (readonly (readonly IndexEntry[])[])[],
  columns: readonly SiteColumn[],
  periods: readonly Period[],
  schemes: readonly Scheme[],
  preparedOn: string,
  context: Omit<ReportContext, 'site'>,
) {
  const results = entries.flat(2).map((e) => e.result);
  const end = dataEnd(results);
  const coverage = (p: Period) =>
    end === null || p.start > end ? 'after the records end' : p.end > end ? `partial: the records end on ${longDate(end)}` : '';
  const rollUp = entries.length - 1;
  const latest = schemes.map((scheme, s) => {
    // The latest period the roll-up has records in, for every column alike.
    const column = entries[rollUp]!.map((row) => row[s]!);
    const found = latestShown(column.map((e) => e.result), end);
    const at = entries.map((c) => c[found]![s]!);
    const k = (r: ReportResult) => r.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
    // By the declarations, not the results: a publication copy drops a hidden line's share, and every column must list the same lines.
    const headline = headlineLines(scheme);
    const top = at.map((e) => e.result.lines.filter((l) => headline.has(l.id)));
    return {
      title: scheme.title,
      period: periods[found]!.label,
      coverage: coverage(periods[found]!),
      prefix: `${scheme.id}-`,
      columns: columns.map((c, i) => ({ name: c.name, href: at[i]!.href, rollUp: i === rollUp })),
      rows: top[rollUp]!.map((line, l) => ({
        id: line.id,
        label: line.label,
        cells: at.map((e, i) => ({ ...cellOf(shownValue(top[i]![l]!, k(e.result))), rollUp: i === rollUp })),
      })),
    };
  });
  return {
    pageTitle: 'Quarterly reports: every site',
    facts: [
      { term: 'Provider', value: context.provider },
      { term: 'Contract reference', value: context.contractReference },
      { term: 'Sites', value: listed(columns.slice(0, rollUp).map((c) => c.name)) },
    ].filter((f) => f.value !== undefined && f.value !== ''),
    count: results.length,
    publication: results[0]?.suppressBelow !== undefined ? { k: results[0].suppressBelow, below: results[0].suppressBelow - 1 } : null,
    latest,
    reports: schemes.map((scheme, s) => ({
      title: scheme.title,
      prefix: `${scheme.id}-`,
      columns: columns.map((c, i) => ({ name: c.name, rollUp: i === rollUp })),
      periods: periods.map((p, i) => ({ ...p, coverage: coverage(p), reports: entries.map((c, j) => ({ href: c[i]![s]!.href, audit: c[i]![s]!.audit, rollUp: j === rollUp })) })),
    })),
    preparedOn,
  };
}
