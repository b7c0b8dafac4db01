/**
 * `peerkit check`'s default text: the issues grouped so that a workbook with thousands
 * of them fits on one screen, most urgent first. Rows left out come first because they
 * change the reports; repeats are already counted once; warnings are on rows that still
 * count. Every issue falls in exactly one group. Answers (DataIssue.answer) are never
 * shown here: a group stands for many rows, and --all shows each row's.
 */
import type { DataIssue } from '../../core/dataset.js';
import { count } from '../sources/limits.js';

interface IssueGroup {
  tab: string;
  severity: DataIssue['severity'];
  /** The first issue's reason ("excluded: " dropped): the group's example. */
  reason: string;
  /** True when every issue of the group has that very reason, so it needs no "e.g.". */
  same: boolean;
  /** How many issues the group holds. */
  count: number;
  /** Their rows, each once, in order; null for the whole tab. */
  rows: (number | null)[];
  /** For repeats: the earlier row each repeat is the same as, by row. */
  earlier: Map<number, number>;
  /** The question each reason names first ("Start date"), each once: what the blanked titles stood for. */
  subjects: string[];
}

/** Rows are counted as the reports' Data quality section counts them: each tab and row once. */
interface IssueCounts {
  rowsLeftOut: number;
  /** Tabs that could not be read at all (missing, or a required column missing). */
  tabsNotRead: number;
  repeats: number;
  warnings: number;
  rowsWithWarnings: number;
  voided: number;
}

function countIssues(issues: readonly DataIssue[], tabsNotRead: number): IssueCounts {
  const rows = (severity: DataIssue['severity']) =>
    new Set(issues.filter((i) => i.severity === severity && i.row !== null).map((i) => `${i.tab}\u0000${i.row}`)).size;
  return {
    rowsLeftOut: rows('error'),
    tabsNotRead,
    repeats: rows('duplicate'),
    warnings: issues.filter((i) => i.severity === 'warning').length,
    rowsWithWarnings: rows('warning'),
    voided: rows('voided'),
  };
}

/** What `--format json` adds beside the issues: the headline counts and the groups the text shows. */
export function checkSummary(issues: readonly DataIssue[], tabsNotRead: number) {
  return {
    ...countIssues(issues, tabsNotRead),
    groups: groupIssues(issues).map((g) => ({ tab: g.tab, severity: g.severity, count: g.count, example: g.reason })),
  };
}

/** "5 rows left out, 2 repeats counted once, 132 warnings, 0 rows voided by staff", worded as the reports word them. */
export function headline(issues: readonly DataIssue[], tabsNotRead: number): string {
  const counts = countIssues(issues, tabsNotRead);
  return [
    ...(tabsNotRead > 0 ? [`${plural(tabsNotRead, 'tab')} not read`] : []),
    `${plural(counts.rowsLeftOut, 'row')} left out`,
    `${plural(counts.repeats, 'repeat')} counted once`,
    plural(counts.warnings, 'warning'),
    `${plural(counts.voided, 'row')} voided by staff`,
  ].join(', ');
}

const withoutPrefix = (reason: string) => reason.replace(/^excluded: /, '');

/**
 * What makes two issues one line. A row left out keeps its reason whole: it says what
 * to correct. Other reasons differ from row to row only by a row number, a date, a
 * number, a question's title in quotes ("Start date", "Date received") or a detail in
 * brackets ("(missing: training completed)"), so those are blanked; an identifier like
 * A1234BC keeps its digits (\b does not split it).
 */
function groupKey(issue: DataIssue): string {
  const reason =
    issue.severity === 'error'
      ? issue.reason
      : issue.reason
          .replace(/"[^"]*"/g, '"…"')
          .replace(/\([^()]*\)/g, '(…)')
          .replace(/\b\d{4}-\d{2}-\d{2}\b/g, 'DATE')
          .replace(/\b\d[\d,]*(\.\d+)?\b/g, 'N');
  return `${issue.tab}\u0000${issue.severity}\u0000${reason}`;
}

/** The groups, in the order of their first issue (by tab in form order, then row). */
function groupIssues(issues: readonly DataIssue[]): IssueGroup[] {
  const groups = new Map<string, IssueGroup & { seen: Set<number | null> }>();
  for (const issue of issues) {
    const key = groupKey(issue);
    const reason = withoutPrefix(issue.reason);
    let group = groups.get(key);
    if (!group) {
      group = { tab: issue.tab, severity: issue.severity, reason, same: true, count: 0, rows: [], earlier: new Map(), subjects: [], seen: new Set() };
      groups.set(key, group);
    }
    group.count++;
    if (reason !== group.reason) group.same = false;
    if (!group.seen.has(issue.row)) {
      group.seen.add(issue.row);
      group.rows.push(issue.row);
    }
    const subject = /^"[^"]*"/.exec(reason)?.[0];
    if (subject !== undefined && !group.subjects.includes(subject)) group.subjects.push(subject);
    const repeated = issue.severity === 'duplicate' && issue.row !== null ? /^repeats row (\d+)/.exec(reason) : null;
    if (repeated) group.earlier.set(issue.row!, Number(repeated[1]));
  }
  return [...groups.values()].map(({ seen: _seen, ...group }) => group);
}

/** "rows 7, 19, 23 and 12 more": the first few, the rest counted; a whole-tab problem names no row. */
function rowList(group: IssueGroup, shownAtMost: number, describe: (row: number) => string = String): string {
  const rows = group.rows.filter((r): r is number => r !== null);
  if (rows.length === 0) return '';
  // "and 1 more" would take the room of the row itself.
  const shown = rows.slice(0, rows.length === shownAtMost + 1 ? rows.length : shownAtMost).map(describe);
  const more = rows.length - shown.length;
  const list = more > 0 ? `${shown.join(', ')} and ${count(more)} more` : shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : shown[0];
  return `${rows.length === 1 ? 'row' : 'rows'} ${list}`;
}

const inBrackets = (text: string) => (text === '' ? '' : ` (${text})`);

/** A long list of choices cut to its first few: the row's drop-down shows them all. */
const shortChoices = (reason: string) =>
  reason.replace(/(not one of: )(.*)$/, (all, lead: string, list: string) => {
    const choices = list.split(', ');
    return choices.length > 4 ? `${lead}${choices.slice(0, 3).join(', ')}, …` : all;
  });

/**
 * A warning's first sentence: what is wrong on the row. A scheme's rule may follow it
 * ("A mentor works alone only after …"); being the same for every row, it is left to --all.
 */
const firstSentence = (reason: string) => reason.replace(/\. [A-Z].*$/s, '');

interface WarningKind {
  /** Matches the reason of every warning of this kind. */
  test: RegExp;
  /** The group's text in place of its example, shorter. */
  label: (group: IssueGroup) => string;
  /** The kind, before its hint when several lines share the hint. */
  name: (asOf: string) => string;
  /** What to do: on the line, or once below the lines when several share it. */
  hint: string;
}

const WARNING_KINDS: readonly WarningKind[] = [
  {
    // A date after "today" is usually a mistyped year; thousands of them mean --as-of itself is wrong.
    test: /^"[^"]*" \d{4}-\d{2}-\d{2} is after \d{4}-\d{2}-\d{2}: is the year right\?$/,
    label: (g) => `${g.subjects.join(', ')} after --as-of`,
    name: (asOf) => `Dates after --as-of ${asOf}`,
    hint: 'is --as-of right (without it, today)? If it is, correct the year',
  },
  {
    test: /^"[^"]*" names .* that no .* row registers; still counted$/,
    label: (g) => `${g.same ? '' : 'e.g. '}${g.reason.replace(/^("[^"]*") names (.*) that no (.*) row registers; still counted$/, '$1: $2 not on the $3 tab')}`,
    name: () => 'Identifiers not registered',
    hint: 'register them, or correct the ID',
  },
  {
    test: /^(not verified since|never verified)/,
    label: (g) => g.reason.replace(/^not verified since .*\(over (\d+) days before .*\)$/, 'not verified for over $1 days'),
    name: () => 'Services not verified',
    hint: 'check each, then update "Last verified"',
  },
];

function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** Lines are broken between words before this column, so a terminal does not break them mid-word. */
const WIDTH = 100;

/** The line, broken before WIDTH; the lines after the first are indented by `indent` (a table's text column). */
function wrap(line: string, indent: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > WIDTH) {
    const cut = rest.lastIndexOf(' ', WIDTH);
    if (cut <= indent) break;
    out.push(rest.slice(0, cut));
    rest = ' '.repeat(indent) + rest.slice(cut + 1);
  }
  out.push(rest);
  return out;
}

interface Checked {
  origin: string;
  asOf: string;
  /** The schemes' ids, in the configuration's order. */
  schemes: readonly string[];
  tabsNotRead: number;
}

/** The default text of `peerkit check`, one string per line. */
export function summaryLines(issues: readonly DataIssue[], checked: Checked): string[] {
  const schemes = checked.schemes.length > 1 ? `${checked.schemes.slice(0, -1).join(', ')} and ${checked.schemes.at(-1)}` : checked.schemes.join('');
  const what = `Checked ${checked.origin} (${schemes}) as of ${checked.asOf}`;
  if (issues.length === 0) return wrap(`${what}: no data issues found.`, 2);
  const lines = wrap(`${what}: ${headline(issues, checked.tabsNotRead)}.`, 2);

  const groups = groupIssues(issues);
  const tabWidth = Math.max(...groups.map((g) => g.tab.length));
  // One line per group, the tab named on its first only, so that each tab reads as a block.
  const table = (of: IssueGroup[], text: (g: IssueGroup) => string) => {
    const width = Math.max(...of.map((g) => count(g.count).length));
    return of.flatMap((g, i) => {
      const tab = i > 0 && of[i - 1]!.tab === g.tab ? '' : g.tab;
      return wrap(`  ${tab.padEnd(tabWidth)}  ${count(g.count).padStart(width)}  ${text(g)}`, 2 + tabWidth + 2 + width + 2);
    });
  };
  const section = (severity: DataIssue['severity']) => groups.filter((g) => g.severity === severity);
  const counts = countIssues(issues, checked.tabsNotRead);

  const leftOut = section('error');
  if (leftOut.length > 0) {
    const what = [
      ...(counts.tabsNotRead > 0 ? [`${plural(counts.tabsNotRead, 'tab')} cannot be read`] : []),
      ...(counts.rowsLeftOut > 0 ? [`${plural(counts.rowsLeftOut, 'row')} ${counts.rowsLeftOut === 1 ? 'is' : 'are'} left out`] : []),
    ];
    lines.push('', ...wrap(`Must fix: ${what.join(' and ')} of every report until corrected.`, 2));
    lines.push(...table(leftOut, (g) => `${shortChoices(g.reason)}${inBrackets(rowList(g, 5))}`));
  }

  const repeats = section('duplicate');
  if (repeats.length > 0) {
    lines.push('', 'Repeats: rows identical to an earlier one, counted once. Delete the later copy.');
    lines.push(...table(repeats, (g) => rowList(g, 5, (r) => `${r} (same as ${g.earlier.get(r)})`)));
  }

  const warnings = section('warning');
  if (warnings.length > 0) {
    const kindOf = new Map(warnings.map((g) => [g, WARNING_KINDS.find((k) => k.test.test(g.reason))]));
    // A hint many lines share is said once, below them.
    const shared = WARNING_KINDS.filter((k) => [...kindOf.values()].filter((x) => x === k).length > 1);
    lines.push('', 'Warnings: these rows still count. Correct them where they are wrong.');
    lines.push(
      ...table(warnings, (g) => {
        const kind = kindOf.get(g);
        const text = (kind?.label(g) ?? `${g.same ? '' : 'e.g. '}${firstSentence(g.reason)}`).replace(/\.$/, '');
        return `${text}${kind && !shared.includes(kind) ? ` — ${kind.hint}` : ''}${inBrackets(rowList(g, 3))}`;
      }),
    );
    for (const kind of shared) lines.push(...wrap(`  → ${kind.name(checked.asOf)}: ${kind.hint}.`, 4));
  }

  const voided = section('voided');
  if (voided.length > 0) {
    lines.push('', `Voided by staff, left out on purpose: ${voided.map((g) => `${g.tab} ${plural(g.rows.length, 'row')}`).join(', ')}.`);
  }

  lines.push('', 'Every issue by row: peerkit check --all (or --format csv, for a spreadsheet).');
  return lines;
}
