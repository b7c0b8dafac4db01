/**
 * A tiny workbook builder for tests: a test states only the answers that matter.
 *
 *   workbook({ Contacts: [{ 'Contact date': '01/04/2021', 'Prison number': 'A1234BC',
 *                           Scheme: 'Perinatal', 'Peer supporters': 'PS-001' }] })
 *
 * gives a RawWorkbook with every tab of CONTRACT_FORMS, each with its full declared
 * header; cells a row does not mention are blank; each row gets a unique Timestamp
 * (in `dd/mm/yyyy HH:mm:ss`) unless the row gives one (give `Timestamp: null` for a
 * blank one). Tabs not mentioned are present with their header only. A key that is
 * not a declared column of the tab throws, so a typo cannot silently test nothing.
 *
 * Other schemes' tabs: `schemeWorkbook('ewb', { 'Mentee sessions': [...] })` builds
 * every tab of that scheme's forms instead (or pass `forms` in the options).
 */
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import type { FormDefinition } from '../../core/form.js';
import type { Cell, RawWorkbook, Tab } from '../../core/workbook.js';
import { readDataset, type Dataset, type DataIssue } from '../../core/dataset.js';
import { makeSettings, type Settings } from '../../core/settings.js';
import { parseQuarter, type Period } from '../../core/quarters.js';
import { evaluateReport, type ReportResult } from '../../core/report.js';
import { findScheme, SCHEMES } from '../../core/schemes/index.js';
import type { Evidence, LineResult } from '../../core/report-lines.js';

export type RowSpec = Record<string, Cell>;

interface WorkbookOptions {
  /** The forms whose tabs the workbook has (default: the contract's, CONTRACT_FORMS). */
  forms?: readonly FormDefinition[];
  origin?: string;
  timeZone?: string;
  locale?: string;
}

let stampCounter = 0;

/** A fresh Timestamp, unique across the whole test run, inside 2020 (before any test quarter). */
function nextTimestamp(): string {
  const n = stampCounter++;
  const day = 1 + (Math.floor(n / 86400) % 28);
  const s = n % 86400;
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${pad(day)}/01/2020 ${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** Every form of every scheme, each once (schemes share the contract's forms). */
const ALL_FORMS: readonly FormDefinition[] = [
  ...new Map([CONTRACT_FORMS, ...SCHEMES.map((r) => r.forms)].flat().map((f): [string, FormDefinition] => [f.id, f])).values(),
];

export function headerOf(tabName: string, forms: readonly FormDefinition[] = ALL_FORMS): string[] {
  const form = forms.find((f) => f.tab === tabName);
  if (!form) throw new Error(`No form has a tab "${tabName}"`);
  return form.questions.map((q) => q.title);
}

export function workbook(tabs: Record<string, RowSpec[]> = {}, options: WorkbookOptions = {}): RawWorkbook {
  const forms = options.forms ?? CONTRACT_FORMS;
  for (const name of Object.keys(tabs)) headerOf(name, forms); // throws on an unknown tab
  const out: Tab[] = forms.map((form) => {
    const header = form.questions.map((q) => q.title);
    const specs = tabs[form.tab] ?? [];
    const rows = specs.map((spec) => {
      for (const key of Object.keys(spec)) {
        if (!header.includes(key)) throw new Error(`Tab "${form.tab}" has no column "${key}"`);
      }
      return header.map((title): Cell => {
        if (title in spec) return spec[title] ?? null;
        if (title === 'Timestamp') return nextTimestamp();
        return '';
      });
    });
    return { name: form.tab, header, rows };
  });
  const wb: RawWorkbook = { origin: options.origin ?? 'test workbook', tabs: out };
  if (options.timeZone) wb.timeZone = options.timeZone;
  if (options.locale) wb.locale = options.locale;
  return wb;
}

/** A workbook with every tab of one scheme's forms (see `workbook`). */
export function schemeWorkbook(scheme: string, tabs: Record<string, RowSpec[]> = {}, options: Omit<WorkbookOptions, 'forms'> = {}): RawWorkbook {
  return workbook(tabs, { ...options, forms: findScheme(scheme).forms });
}

/** The tab of a built workbook, to append raw rows or change its header. */
export function tabOf(wb: RawWorkbook, name: string): Tab {
  const tab = wb.tabs.find((t) => t.name === name);
  if (!tab) throw new Error(`Workbook has no tab "${name}"`);
  return tab;
}

export function withoutTab(wb: RawWorkbook, name: string): RawWorkbook {
  return { ...wb, tabs: wb.tabs.filter((t) => t.name !== name) };
}

export function renameColumn(wb: RawWorkbook, tabName: string, from: string, to: string): RawWorkbook {
  const tab = tabOf(wb, tabName);
  const i = tab.header.indexOf(from);
  if (i === -1) throw new Error(`Tab "${tabName}" has no column "${from}"`);
  tab.header[i] = to;
  return wb;
}

export function dropColumn(wb: RawWorkbook, tabName: string, column: string): RawWorkbook {
  const tab = tabOf(wb, tabName);
  const i = tab.header.indexOf(column);
  if (i === -1) throw new Error(`Tab "${tabName}" has no column "${column}"`);
  tab.header.splice(i, 1);
  for (const row of tab.rows) row.splice(i, 1);
  return wb;
}

/** Settings for a workbook: its own time zone and locale where it states them. */
function settingsFor(wb: RawWorkbook, overrides: Partial<Settings> = {}): Settings {
  return makeSettings({ timeZone: wb.timeZone, locale: wb.locale as Settings['locale'] | undefined, ...overrides });
}

export function dataset(wb: RawWorkbook, overrides: Partial<Settings> = {}, forms: readonly FormDefinition[] = CONTRACT_FORMS): Dataset {
  return readDataset(wb, forms, settingsFor(wb, overrides));
}

export function issuesOn(ds: Dataset, tab: string, severity?: DataIssue['severity']): DataIssue[] {
  return ds.issues.filter((i) => i.tab === tab && (severity === undefined || i.severity === severity));
}

interface ReportRun {
  /** Each line's number, by metric id. */
  value: Record<string, number | null>;
  /** Each line's working (tabs and row numbers), by metric id. */
  evidence: Record<string, Evidence[]>;
  metric: Record<string, LineResult>;
  result: ReportResult;
  dataset: Dataset;
  /** The scheme's own checks (Scheme.checks), as of a day. */
  checks: (asOf: string) => DataIssue[];
}

/** readDataset + parseQuarter + evaluateReport, with the metrics by id. A period is a quarter or `{ start, end }`. */
export function report(scheme: string, quarter: string | Pick<Period, 'start' | 'end'>, wb: RawWorkbook, overrides: Partial<Settings> = {}): ReportRun {
  const settings = settingsFor(wb, overrides);
  const definition = findScheme(scheme);
  const ds = readDataset(wb, definition.forms, settings);
  const period: Period = typeof quarter === 'string' ? parseQuarter(quarter, settings) : { label: `${quarter.start} to ${quarter.end}`, ...quarter };
  const result = evaluateReport(definition, ds, period);
  const value: Record<string, number | null> = {};
  const evidence: Record<string, Evidence[]> = {};
  const metric: Record<string, LineResult> = {};
  for (const m of result.lines) {
    value[m.id] = m.value;
    evidence[m.id] = m.evidence;
    metric[m.id] = m;
  }
  return { value, evidence, metric, result, dataset: ds, checks: (asOf) => definition.checks?.(ds, asOf) ?? [] };
}

/** Evidence as `{ tab: rows }`, tabs without rows left out, for compact assertions. */
export function evidenceByTab(evidence: Evidence[]): Record<string, number[]> {
  return Object.fromEntries(evidence.filter((e) => e.rows.length > 0).map((e) => [e.tab, [...e.rows].sort((a, b) => a - b)]));
}

/**
 * The quarter most tests probe, 2021-22 Q1 (1 April – 30 June 2021), and the days at
 * its edges, written as en_GB cells: the day before, the first, the last, the day
 * after, and one well inside.
 */
export const Q = '2021-22 Q1';
export const BEFORE = '31/03/2021';
export const FIRST = '01/04/2021';
export const LAST = '30/06/2021';
export const AFTER = '01/07/2021';
export const MID = '15/05/2021';
