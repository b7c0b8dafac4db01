/**
 * The Data issues tab: every problem with the record, one line each (tab, row,
 * what is wrong, when it was first found). A problem is known by its tab, row and
 * reason, so a check that runs twice (a form-submit trigger firing twice, a
 * refresh after a submission) lists it once and keeps the date it was first found.
 * Reasons come from core and never repeat a personal answer. A record of rows
 * deleted (Delete reviewed rows, data contract §8) is kept among them: it is a
 * fact about the record, not a problem a check finds again. So are the findings
 * of Check set-up (check-setup.ts): first in the tab, each rewrite keeps them, and
 * the next Check set-up replaces them. Near Google's cell limit a rebuild lists
 * only the most serious issues (boundedIssuesView), with a line at the top saying
 * how many more there are; the next rebuild writes it afresh.
 */
import type { DataIssue, IssueSeverity } from '../../core/dataset.js';
import { readTimestamp, type DateSettings } from '../../core/dates.js';
import type { Cell } from '../../core/workbook.js';
import { dateValue, type ViewRow } from './view-values.js';
import { cutShortNote } from './cut-short.js';

export const DATA_ISSUES_TAB = 'Data issues';
export const DATA_ISSUES_HEADER = ['Tab', 'Row', 'Severity', 'What is wrong', 'When found'];

/** What Check set-up found: a problem, a warning, or (alone) that every check passed. */
export type SetupSeverity = 'setup-problem' | 'setup-warning' | 'setup-ok';

/**
 * 'deleted': rows deleted by Delete reviewed rows (counts only); the set-up
 * severities: Check set-up's findings. Every rewrite of the log keeps both.
 */
type LogSeverity = IssueSeverity | 'deleted' | SetupSeverity | 'not-listed';

interface LoggedIssue extends Omit<DataIssue, 'severity'> {
  severity: LogSeverity;
  /** Wall-clock time it was first found, `yyyy-mm-ddTHH:mm:ss`. */
  foundAt: string;
}

const SEVERITY_LABELS: Record<LogSeverity, string> = {
  error: 'Left out',
  duplicate: 'Duplicate',
  warning: 'Warning',
  voided: 'Voided by staff',
  deleted: 'Deleted',
  'setup-problem': 'Set-up problem',
  'setup-warning': 'Set-up warning',
  'setup-ok': 'Set-up checked',
  'not-listed': 'Not listed',
};
const SEVERITY_BY_LABEL = new Map(Object.entries(SEVERITY_LABELS).map(([k, v]) => [v.toLowerCase(), k as LogSeverity]));

export function issueKey(issue: Pick<DataIssue, 'tab' | 'row' | 'reason'>): string {
  return `${issue.tab}\u241f${issue.row ?? ''}\u241f${issue.reason}`;
}

/** Reads the tab's rows back (header excluded); rows it cannot read are dropped, to be found again. */
export function readIssueLog(rows: readonly Cell[][], dates: DateSettings): LoggedIssue[] {
  const out: LoggedIssue[] = [];
  for (const [tab, row, severity, reason, found] of rows) {
    if (typeof tab !== 'string' || tab === '' || typeof reason !== 'string' || reason === '') continue;
    const rowNumber = typeof row === 'number' ? row : typeof row === 'string' && /^\d+$/.test(row.trim()) ? Number(row) : null;
    out.push({
      tab,
      row: rowNumber,
      severity: SEVERITY_BY_LABEL.get(String(severity ?? '').trim().toLowerCase()) ?? 'warning',
      reason,
      foundAt: readTimestamp(found ?? null, dates) ?? '',
    });
  }
  return out;
}

/** The issues of `found` not yet in `log`, each once, stamped `now`. */
export function newIssues(log: readonly LoggedIssue[], found: readonly DataIssue[], now: string): LoggedIssue[] {
  const known = new Set(log.map(issueKey));
  const out: LoggedIssue[] = [];
  for (const issue of found) {
    const key = issueKey(issue);
    if (known.has(key)) continue;
    known.add(key);
    out.push({ tab: issue.tab, row: issue.row, severity: issue.severity, reason: issue.reason, foundAt: now });
  }
  return out;
}

const isSetupFinding = (i: LoggedIssue) => i.severity.startsWith('setup-');

/**
 * The log after a full check: Check set-up's last findings, then exactly the
 * issues found now (a corrected row drops out), each keeping the time it was first
 * found, then the records of deletions.
 */
export function mergeIssueLog(log: readonly LoggedIssue[], found: readonly DataIssue[], now: string): LoggedIssue[] {
  const firstFound = new Map(log.map((i) => [issueKey(i), i.foundAt]));
  const current = newIssues([], found, now).map((i) => ({ ...i, foundAt: firstFound.get(issueKey(i)) || now }));
  return [...log.filter(isSetupFinding), ...current, ...log.filter((i) => i.severity === 'deleted')];
}

/** The log with Check set-up's findings (in the order given) in place of its last ones, first. */
export function withSetupFindings(log: readonly LoggedIssue[], findings: readonly { tab: string; severity: SetupSeverity; reason: string }[], now: string): LoggedIssue[] {
  return [...findings.map((f) => ({ tab: f.tab, row: null, severity: f.severity, reason: f.reason, foundAt: now })), ...log.filter((i) => !isSetupFinding(i))];
}

/** A line recording a deletion (never deduplicated: two deletions of the same size are two lines). */
export function deletionRecord(tab: string, reason: string, now: string): LoggedIssue {
  return { tab, row: null, severity: 'deleted', reason, foundAt: now };
}

export function issueRows(log: readonly LoggedIssue[]): ViewRow[] {
  return log.map((i) => [i.tab, i.row, SEVERITY_LABELS[i.severity], i.reason, dateValue(i.foundAt)]);
}

export function issuesView(log: readonly LoggedIssue[]): ViewRow[] {
  return [DATA_ISSUES_HEADER, ...issueRows(log)];
}

/** Most serious first: a row left out of the figures, then a repeat, a warning, a row voided on purpose. */
const SERIOUSNESS: readonly LogSeverity[] = ['error', 'duplicate', 'warning', 'voided'];

/**
 * The log's view in at most `fits` rows (header included): Check set-up's findings
 * and the records of deletions always; of the issues, the most serious, and among
 * equally serious ones the most recently found, each where the full log has it;
 * first, a line saying how many are not listed and how to see them.
 */
export function boundedIssuesView(all: readonly LoggedIssue[], fits: number, now: string): ViewRow[] {
  const log = all.filter((i) => i.severity !== 'not-listed'); // the last rebuild's note: written afresh
  if (log.length + 1 <= fits) return issuesView(log);
  const kept = log.filter((i) => !SERIOUSNESS.includes(i.severity));
  const issues = log.filter((i) => SERIOUSNESS.includes(i.severity));
  const shown = Math.max(fits - 2 - kept.length, 0); // the header and the note
  const rank = (i: LoggedIssue) => SERIOUSNESS.indexOf(i.severity);
  const chosen = new Set([...issues].sort((a, b) => rank(a) - rank(b) || (a.foundAt < b.foundAt ? 1 : a.foundAt > b.foundAt ? -1 : 0)).slice(0, shown));
  const note: LoggedIssue = {
    tab: DATA_ISSUES_TAB,
    row: null,
    severity: 'not-listed',
    reason: cutShortNote(
      issues.length - chosen.size,
      'issues are',
      'Listed are the most serious (rows left out of the figures first), the most recently found first among equals. Fix those and the next refresh lists more; to see every issue now, download the spreadsheet (File → Download → .xlsx) and run peerkit check --all --source on it.',
    ),
    foundAt: now,
  };
  return issuesView([note, ...log.filter((i) => !SERIOUSNESS.includes(i.severity) || chosen.has(i))]);
}
