/**
 * Subject access (data contract §8): every row held about one person, from the raw
 * tabs rather than the dataset, because a request covers rows left out of the
 * reports (invalid, repeated, voided) as much as the valid ones.
 *
 * Pure: the Node command (`peerkit person`) and the Apps Script host call it on a
 * RawWorkbook the same way.
 */
import type { FormDefinition, IdentifierPattern, Question } from './form.js';
import { UserError } from './errors.js';
import { readDate, readTimestamp, type DateSettings } from './dates.js';
import { findTab, normaliseHeader, type Cell, type RawWorkbook, type Tab } from './workbook.js';
import { isBlank, normaliseIdentifier } from './validate.js';

/** One kind of identifier a person can be found by: Prison number, Supporter ID, … */
interface IdentifierKind {
  /** The column that names it, e.g. "Prison number". */
  label: string;
  pattern: IdentifierPattern;
}

/**
 * The kinds of identifier the forms use, one per pattern (Women's Prison number and
 * a mentee's are the same pattern, so the same person: prison numbers are national).
 * A register's own question names the kind ("Supporter ID"), else the first column
 * using it. The kind most tabs are about comes first (Prison number, then Supporter ID).
 */
function identifierKinds(forms: readonly FormDefinition[]): IdentifierKind[] {
  const kinds = new Map<string, IdentifierKind & { subjectOf: number }>();
  const registers = forms.flatMap((f) => f.questions.filter((q) => q.key === f.upsertBy));
  const others = forms.flatMap((f) => f.questions);
  for (const q of [...registers, ...others]) {
    if (q.pattern && !kinds.has(q.pattern.regex)) kinds.set(q.pattern.regex, { label: q.title, pattern: q.pattern, subjectOf: 0 });
  }
  for (const form of forms) {
    const subject = subjectQuestion(form);
    if (subject) kinds.get(subject.pattern!.regex)!.subjectOf++;
  }
  return [...kinds.values()].sort((a, b) => b.subjectOf - a.subjectOf);
}

/**
 * The question naming whom a form's rows are about: its first single-answer
 * identifier (Prison number, Supporter ID on Supporters). Lists of identifiers
 * (Attendees, Peer supporters) name who took part, not whom the row is about.
 */
export function subjectQuestion(form: FormDefinition): Question | undefined {
  return form.questions.find((q) => q.pattern !== undefined && q.type !== 'checkboxes');
}

/**
 * The identifier as compared (trimmed, upper-cased), once it matches one of the
 * forms' patterns (undefined: none, or more than one, was given). Otherwise one line
 * naming what is expected, never echoing what was typed.
 */
export function personIdentifier(text: string | undefined, forms: readonly FormDefinition[]): string {
  const id = text === undefined ? undefined : normaliseIdentifier(text);
  const kinds = identifierKinds(forms);
  if (id !== undefined && kinds.some((k) => new RegExp(k.pattern.regex).test(id))) return id;
  const named = kinds.map((k) => `${k.label} (like ${k.pattern.example})`);
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named.at(-1)}` : (named[0] ?? 'identifier');
  const why = id === undefined ? '' : `: what was given matches ${named.length > 2 ? 'none of them' : named.length === 2 ? 'neither' : 'no pattern'}`;
  throw new UserError(`give one ${list}${why}`);
}

/** A row as the spreadsheet holds it: every column, its header, its text. */
interface PersonRow {
  tab: string;
  /** The spreadsheet's row number (header = 1). */
  row: number;
  /** Each column's header (made unique, see `columnNames`) and its value as text. */
  values: Record<string, string>;
}

/** A tab the search could not read in full, said beside the answer so it is never silently incomplete. */
export interface TabGap {
  tab: string;
  reason: string;
}

export interface PersonRecords {
  person: string;
  /** In the forms' tab order, then row order. */
  rows: PersonRow[];
  /** The tabs searched, in order: those present with a column for this kind of identifier. */
  tabs: string[];
  /** The tabs present with no such column (Questionnaires, the services directory). */
  otherTabs: string[];
  /** The columns searched for the identifier, by title, each once. */
  columns: string[];
  gaps: TabGap[];
}

/**
 * Every row, valid or not, of every tab the forms declare in which `id` (already
 * checked by personIdentifier) is the answer to an identifier question whose
 * pattern it matches — a single answer, or one of a checkbox list (Attendees, Peer
 * supporters) — after trimming and upper-casing. Every column of such a row is
 * given, declared by a question or not (Void, Edit link, a column added by hand).
 */
export function findPersonRecords(workbook: RawWorkbook, forms: readonly FormDefinition[], id: string, settings: DateSettings): PersonRecords {
  const result: PersonRecords = { person: id, rows: [], tabs: [], otherTabs: [], columns: [], gaps: [] };
  for (const form of forms) {
    const tab = findTab(workbook, form.tab);
    if (!tab) {
      result.gaps.push({ tab: form.tab, reason: 'not found in the workbook' });
      continue;
    }
    const questions = form.questions.filter((q) => q.pattern && new RegExp(q.pattern.regex).test(id));
    if (questions.length === 0) {
      result.otherTabs.push(form.tab);
      continue;
    }
    result.tabs.push(form.tab);
    const searched: { index: number; list: boolean }[] = [];
    for (const q of questions) {
      const indexes = columnsTitled(tab, q.title);
      // A renamed column is searched nowhere: say so, as the answer would miss its rows.
      if (indexes.length === 0) result.gaps.push({ tab: form.tab, reason: `has no column "${q.title}": its rows were not searched by it` });
      for (const index of indexes) searched.push({ index, list: q.type === 'checkboxes' });
      if (!result.columns.includes(q.title)) result.columns.push(q.title);
    }
    const names = columnNames(tab.header);
    const questionOf = questionsByColumn(tab, form);
    tab.rows.forEach((cells, i) => {
      if (!searched.some((c) => holds(cells[c.index], id, c.list))) return;
      const values: Record<string, string> = {};
      names.forEach((name, column) => (values[name] = cellText(cells[column], questionOf[column], settings)));
      result.rows.push({ tab: form.tab, row: i + 2, values });
    });
  }
  return result;
}

function holds(cell: Cell | undefined, id: string, list: boolean): boolean {
  if (isBlank(cell)) return false;
  const text = String(cell);
  return list ? text.split(',').some((part) => normaliseIdentifier(part) === id) : normaliseIdentifier(text) === id;
}

/** Every column whose header is this title (headers match trimmed, case-insensitively): a repeated column is searched twice, never missed. */
export function columnsTitled(tab: Tab, title: string): number[] {
  const wanted = normaliseHeader(title);
  return tab.header.flatMap((h, i) => (normaliseHeader(String(h ?? '')) === wanted ? [i] : []));
}

/** The question each column answers (the first column of a title, as the dataset reads it), or undefined. */
function questionsByColumn(tab: Tab, form: FormDefinition): (Question | undefined)[] {
  const out: (Question | undefined)[] = tab.header.map(() => undefined);
  for (const q of form.questions) {
    const [first] = columnsTitled(tab, q.title);
    if (first !== undefined) out[first] = q;
  }
  return out;
}

/**
 * A key for each column: its header as written; a blank header becomes "Column F",
 * and a header met again "Name (column F)", so no value is lost to a clash of keys.
 */
function columnNames(header: readonly string[]): string[] {
  const used = new Set<string>();
  return header.map((h, i) => {
    const text = String(h ?? '').trim();
    const name = text === '' ? `Column ${columnLetters(i)}` : used.has(text) ? `${text} (column ${columnLetters(i)})` : text;
    used.add(name);
    return name;
  });
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * A cell as the sheet shows it, as text: text as typed; a real date (a date cell,
 * or a serial number in a date column) in the spreadsheet's locale, dd/mm/yyyy
 * (m/d/yyyy in en_US), with the time for a timestamp; TRUE/FALSE; blank as "".
 */
function cellText(cell: Cell | undefined, question: Question | undefined, settings: DateSettings): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  const dated = question?.type === 'date' || question?.type === 'timestamp';
  if (typeof cell === 'number' && !dated) return String(cell);
  const iso = question?.type === 'date' ? readDate(cell, settings) : readTimestamp(cell, settings);
  if (iso === null) return String(cell);
  const [date, time] = iso.split('T') as [string, string | undefined];
  const [y, m, d] = date.split('-');
  const shown = settings.locale === 'en_US' ? `${Number(m)}/${Number(d)}/${y}` : `${d}/${m}/${y}`;
  // A date cell in a column no question declares shows its time only when it has one.
  return time === undefined || (question === undefined && time === '00:00:00') ? shown : `${shown} ${time}`;
}
