/**
 * Scheme checks as data: the pathway a peer completes before a kind of work (a
 * mentor works alone only after approval, clearance, training and 3 months'
 * shadowing), a limit on time in role (a Liaison and Diversion peer worker's two
 * years), a limit on weekly hours (a social care buddy's workload), answers a
 * registration must hold (lived-experience eligibility), an expected date long
 * passed with nothing logged (a release). One small evaluator turns
 * them into warnings that name a tab and a row, never a person: staff go to the
 * row. They are warnings: the rows still count.
 */
import { DateTime } from 'luxon';
import type { Dataset, DataIssue, DataRecord } from './dataset.js';
import type { FormDefinition } from './form.js';
import type { Settings } from './settings.js';
import type { Value } from './validate.js';
import { addDays } from './dates.js';

/** One step of a pathway, judged on the person's registration (merged) at the date of the work. */
type PathwayStep =
  /** An answer equals this, e.g. Governor approval is Approved. */
  | { field: string; equals: string; label: string }
  /** A date answer at least `months` before the work's date (0: on or before that day). */
  | { field: string; monthsBefore: number; label: string };

/** Work that needs a pathway completed first. */
export interface PathwayCheck {
  kind: 'pathway';
  /** The registration form (with upsertBy) that records each person's steps. */
  register: string;
  /** The rows that are such work: form, date column, and the column naming the people. */
  work: readonly { form: string; date: string; people: string }[];
  /** Only rows naming one person count (working alone); otherwise every person named is checked. */
  alone?: boolean;
  steps: readonly PathwayStep[];
  /** The person, singular and plural: "mentor", "mentors". */
  who: readonly [string, string];
  /** What they did, after "who", e.g. "worked alone without the mentor pathway complete". */
  did: string;
  /** The rule, in a sentence, ending the warning. */
  rule: string;
}

/** A limit on time in role, counted from the registration's start to its end or "today". */
export interface TimeInRoleCheck {
  kind: 'timeInRole';
  register: string;
  start: string;
  end: string;
  /** The setting holding the limit, in months. */
  months: (settings: Settings) => number;
  /** The setting's name, shown in the warning so it can be changed. */
  setting: string;
  rule: string;
}

/** A limit on one person's hours in a week (Monday to Sunday), added up over a log's rows. */
export interface WeeklyHoursCheck {
  kind: 'weeklyHours';
  form: string;
  date: string;
  person: string;
  hours: string;
  limit: (settings: Settings) => number;
  setting: string;
  /** The person, e.g. "buddy". */
  who: string;
  rule: string;
}

/** Answers a registration must hold (left blank, the row still counts, with a warning). */
export interface RecordedCheck {
  kind: 'recorded';
  register: string;
  fields: readonly { field: string; label: string }[];
  rule: string;
}

/**
 * A date a registration expects something by (a release), passed some days ago
 * with no row of a log recording it: a release not logged would be missing from
 * the report's counts without anyone noticing.
 */
export interface OverdueCheck {
  kind: 'overdue';
  /** The registration form (upserted): each merged record's `expected` date is judged, so a later expected date replaces it. */
  register: string;
  expected: string;
  /** Days after the expected date before it is flagged: staff take time to log. */
  graceDays: number;
  /**
   * The log whose rows record it: a row whose `by` is the registration's identifier,
   * dated (`date`) on or after the registration's `since` date (a release before
   * her Date received was from an earlier stay).
   */
  recordedBy: { form: string; by: string; date: string; since?: string };
  /** What is missing and what to do, ending the warning. */
  missing: string;
}

type SchemeCheck = PathwayCheck | TimeInRoleCheck | WeeklyHoursCheck | RecordedCheck | OverdueCheck;

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const addMonths = (iso: string, months: number): string => utc(iso).plus({ months }).toISODate()!;
const mondayOf = (iso: string): string => utc(iso).startOf('week').toISODate()!; // luxon weeks start on Monday
const isDate = (v: Value | undefined): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const people = (v: Value | undefined): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);
const hoursText = (n: number) => String(Math.round(n * 100) / 100);

/** The steps a registration has not completed by `date`. */
function missingSteps(registration: DataRecord, steps: readonly PathwayStep[], date: string): string[] {
  return steps
    .filter((step) => {
      const value = registration.values[step.field];
      if ('equals' in step) return value !== step.equals;
      return !isDate(value) || addMonths(value, step.monthsBefore) > date;
    })
    .map((step) => step.label);
}

/** Column titles by form id and question key, for the warnings to quote. */
type Titles = (form: string, key: string) => string;

function pathwayIssues(check: PathwayCheck, dataset: Dataset, title: Titles): DataIssue[] {
  const known = dataset.registered[check.register];
  if (!known) return [];
  const issues: DataIssue[] = [];
  for (const work of check.work) {
    for (const record of dataset.records[work.form] ?? []) {
      const date = record.values[work.date];
      const named = people(record.values[work.people]);
      if (!isDate(date) || named.length === 0 || (check.alone && named.length !== 1)) continue;
      let short = 0;
      const missing = new Set<string>();
      for (const id of named) {
        // Someone nobody registered is already a warning of the dataset's own.
        const registration = known.get(id);
        if (!registration) continue;
        const steps = missingSteps(registration, check.steps, date);
        if (steps.length > 0) short++;
        steps.forEach((s) => missing.add(s));
      }
      if (short === 0) continue;
      const whom = short === 1 ? `a ${check.who[0]} who` : `${short} ${check.who[1]} who`;
      const steps = check.steps.map((s) => s.label).filter((l) => missing.has(l));
      issues.push({
        tab: record.tab,
        row: record.row,
        severity: 'warning',
        reason: `"${title(work.form, work.people)}" names ${whom} ${check.did} by the "${title(work.form, work.date)}" (missing: ${steps.join(', ')}). ${check.rule}`,
      });
    }
  }
  return issues;
}

function timeInRoleIssues(check: TimeInRoleCheck, dataset: Dataset, asOf: string): DataIssue[] {
  const months = check.months(dataset.settings);
  const issues: DataIssue[] = [];
  for (const registration of dataset.registered[check.register]?.values() ?? []) {
    const start = registration.values[check.start];
    const end = registration.values[check.end];
    if (!isDate(start) || start > asOf || (isDate(end) && end <= asOf)) continue; // not in role today
    if (addMonths(start, months) >= asOf) continue;
    issues.push({
      tab: registration.tab,
      row: registration.row,
      severity: 'warning',
      reason: `in role for over ${months} months on ${asOf} (setting ${check.setting}). ${check.rule}`,
    });
  }
  return issues;
}

function weeklyHoursIssues(check: WeeklyHoursCheck, dataset: Dataset): DataIssue[] {
  const limit = check.limit(dataset.settings);
  const rows = [...(dataset.records[check.form] ?? [])].filter((r) => isDate(r.values[check.date]) && typeof r.values[check.person] === 'string');
  rows.sort((a, b) => String(a.values[check.date]).localeCompare(String(b.values[check.date])) || a.row - b.row);
  const totals = new Map<string, number>();
  const issues: DataIssue[] = [];
  for (const record of rows) {
    const monday = mondayOf(record.values[check.date] as string);
    const key = `${record.values[check.person]}\u241f${monday}`;
    const before = totals.get(key) ?? 0;
    const hours = typeof record.values[check.hours] === 'number' ? (record.values[check.hours] as number) : 0;
    const after = before + hours;
    totals.set(key, after);
    // The row that takes the week over the limit carries the warning, once a week.
    if (before <= limit && after > limit) {
      issues.push({
        tab: record.tab,
        row: record.row,
        severity: 'warning',
        reason: `the ${check.who} on this row is logged for over ${hoursText(limit)} hours in the week beginning ${monday} (setting ${check.setting}). ${check.rule}`,
      });
    }
  }
  return issues;
}

function recordedIssues(check: RecordedCheck, dataset: Dataset): DataIssue[] {
  const issues: DataIssue[] = [];
  for (const registration of dataset.registered[check.register]?.values() ?? []) {
    const blank = check.fields.filter((f) => {
      const v = registration.values[f.field];
      return v === null || v === undefined || (Array.isArray(v) && v.length === 0);
    });
    if (blank.length === 0) continue;
    issues.push({
      tab: registration.tab,
      row: registration.row,
      severity: 'warning',
      reason: `no answer to ${blank.map((f) => `"${f.label}"`).join(' or ')}. ${check.rule}`,
    });
  }
  return issues;
}

function overdueIssues(check: OverdueCheck, dataset: Dataset, asOf: string, title: Titles): DataIssue[] {
  const log = check.recordedBy;
  // An unreadable log is already a tab problem; judged against no rows, every date would be flagged.
  if (dataset.unreadable.has(log.form)) return [];
  const recorded = new Map<string, string[]>();
  for (const record of dataset.records[log.form] ?? []) {
    const id = record.values[log.by];
    const date = record.values[log.date];
    if (typeof id === 'string' && isDate(date)) recorded.set(id, [...(recorded.get(id) ?? []), date]);
  }
  const issues: DataIssue[] = [];
  for (const [id, registration] of dataset.registered[check.register] ?? []) {
    const expected = registration.values[check.expected];
    if (!isDate(expected) || addDays(expected, check.graceDays) >= asOf) continue;
    const since = log.since === undefined ? undefined : registration.values[log.since];
    if ((recorded.get(id) ?? []).some((date) => !isDate(since) || date >= since)) continue;
    issues.push({
      tab: registration.tab,
      row: registration.row,
      severity: 'warning',
      // Never the person: staff go to the row. The date is shown to staff beside it, never in a report.
      reason: `"${title(check.register, check.expected)}" passed over ${check.graceDays} days before ${asOf} and ${check.missing}`,
      answer: expected,
    });
  }
  return issues;
}

/**
 * A scheme's checks as the function Scheme.checks takes; `forms` are the
 * scheme's forms, whose column titles the warnings quote.
 */
export function defineChecks(
  checks: readonly SchemeCheck[],
  forms: readonly FormDefinition[],
): (dataset: Dataset, asOf: string) => DataIssue[] {
  const titles = new Map(forms.flatMap((f) => f.questions.map((q): [string, string] => [`${f.id}\u241f${q.key}`, q.title])));
  const title: Titles = (form, key) => titles.get(`${form}\u241f${key}`) ?? key;
  const tabOrder = new Map(forms.map((f, i) => [f.tab, i]));
  return (dataset, asOf) =>
    checks
      .flatMap((check) => {
        switch (check.kind) {
          case 'pathway':
            return pathwayIssues(check, dataset, title);
          case 'timeInRole':
            return timeInRoleIssues(check, dataset, asOf);
          case 'weeklyHours':
            return weeklyHoursIssues(check, dataset);
          case 'recorded':
            return recordedIssues(check, dataset);
          case 'overdue':
            return overdueIssues(check, dataset, asOf, title);
        }
      })
      // By tab in the scheme's form order, then row (stable: a row's warnings keep the checks' order).
      .sort((a, b) => (tabOrder.get(a.tab) ?? 0) - (tabOrder.get(b.tab) ?? 0) || (a.row ?? 0) - (b.row ?? 0));
}
