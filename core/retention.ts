/**
 * The retention review (data contract §8): which rows have been kept longer than
 * the retention period, by tab and row number only. It reads the raw tabs, as a
 * subject access request does, since a row left out of the reports is held all the
 * same. Pure: `peerkit retention` lists the rows, and the spreadsheet's Retention
 * review can write (and Delete reviewed rows delete) exactly the same list.
 *
 * What "older than the retention period" means, precisely:
 *
 * - **A row's date** is its form's main date: the answer to the first required date
 *   question (Contact date, Date received, a supporter's Start date, …), or the
 *   Timestamp for a form without one. A row whose main date cannot be read (an
 *   invalid row) falls back to its Timestamp's day; a row with neither is undated.
 * - **Whom a row is about**: the answer to its form's first single-answer identifier
 *   question (Prison number, Supporter ID on Supporters, Recipient prison number, Case
 *   reference…), trimmed and upper-cased. Lists of identifiers (Attendees, Peer
 *   supporters) say who took part, not whom the row is about: a training or
 *   supervision session is about nobody, like a focus group or an anonymous
 *   questionnaire. A row whose identifier is blank, or typed so that it names
 *   nobody else's rows, goes by its own date.
 * - **A person's last date** is the latest date of the rows about them in any tab.
 *   Someone registered on a form with an End date (supporters, mentors, buddies,
 *   workers, peers) also counts their End date, and while in role is never due: in
 *   role means none of their registration rows has an End date, or one has a Start
 *   date after the latest End date (they came back).
 * - **Due**: a date is older than the period when it is before the day exactly
 *   `retentionMonths` calendar months before as-of (that day itself is not older).
 *   A person whose last date is older has every row about them listed, in every tab,
 *   together. A row about nobody is listed when its own date is older.
 * - **Never due**: an undated row, and everything about a person who has one (their
 *   record is kept whole until the date is corrected: `peerkit check` lists the row);
 *   a tab kept by hand (the services directory), which records no one's support.
 * - **No review** at all when a tab has lost the column naming whom its rows are about
 *   (renamed, or there twice): nobody's latest row could be known.
 */
import { DateTime } from 'luxon';
import type { FormDefinition, Question } from './form.js';
import type { Settings } from './settings.js';
import { readDate, type DateSettings } from './dates.js';
import { findTab, type Cell, type RawWorkbook, type Tab } from './workbook.js';
import { UserError } from './errors.js';
import { isBlank, normaliseIdentifier } from './validate.js';
import { columnsTitled, subjectQuestion, type TabGap } from './person-records.js';
import { append } from './arrays.js';

interface RowRef {
  tab: string;
  /** The spreadsheet's row number (header = 1). */
  row: number;
}

export interface RetentionReview {
  asOf: string;
  retentionMonths: number;
  /** Dates before this day are older than the period. */
  before: string;
  /** The rows due, in the forms' tab order, then row order. */
  rows: RowRef[];
  /** Rows due in each tab reviewed (0 included). */
  counts: Record<string, number>;
  /** Tabs read only in part, and why (a tab not in the workbook, a register without End date). */
  gaps: TabGap[];
  /** Rows with no readable date, kept (with everything about their person). */
  undated: number;
}

/** How one tab is read: the column of each answer that matters (-1: none). */
interface TabPlan {
  subject: number;
  date: number;
  stamp: number;
  /** A registration form with an End date: its End date and Start date columns. */
  register: boolean;
  end: number;
  start: number;
}

interface Person {
  rows: (RowRef & { order: number })[];
  last: string | null;
  undated: boolean;
  registered: boolean;
  end: string | null;
  start: string | null;
}

export function retentionReview(
  workbook: RawWorkbook,
  forms: readonly FormDefinition[],
  settings: DateSettings & Pick<Settings, 'retentionMonths'>,
  asOf: string,
): RetentionReview {
  const before = DateTime.fromISO(asOf, { zone: 'utc' }).minus({ months: settings.retentionMonths }).toISODate()!;
  const review: RetentionReview = { asOf, retentionMonths: settings.retentionMonths, before, rows: [], counts: {}, gaps: [], undated: 0 };
  const due: (RowRef & { order: number })[] = [];
  const people = new Map<string, Person>();
  const later = (a: string | null, b: string | null) => (a === null ? b : b === null || a > b ? a : b);

  forms.forEach((form, order) => {
    if (form.manual) return;
    const tab = findTab(workbook, form.tab);
    if (!tab) {
      review.gaps.push({ tab: form.tab, reason: 'is not in the workbook: nothing of it is reviewed' });
      return;
    }
    const plan = planTab(tab, form, review.gaps);
    review.counts[form.tab] = 0;
    const read = (cells: readonly Cell[], column: number) => (column === -1 || isBlank(cells[column]) ? null : readDate(cells[column]!, settings));
    tab.rows.forEach((cells, i) => {
      if (cells.every((c) => isBlank(c))) return;
      const ref = { tab: form.tab, row: i + 2, order };
      const date = read(cells, plan.date) ?? read(cells, plan.stamp);
      if (date === null) review.undated++;
      const subject = plan.subject === -1 || isBlank(cells[plan.subject]) ? null : normaliseIdentifier(String(cells[plan.subject]));
      if (subject === null) {
        if (date !== null && date < before) due.push(ref);
        return;
      }
      let person = people.get(subject);
      if (!person) people.set(subject, (person = { rows: [], last: null, undated: false, registered: false, end: null, start: null }));
      person.rows.push(ref);
      person.last = later(person.last, date);
      if (date === null) person.undated = true;
      if (plan.register) {
        person.registered = true;
        person.end = later(person.end, read(cells, plan.end));
        person.start = later(person.start, read(cells, plan.start));
      }
    });
  });

  for (const person of people.values()) {
    if (person.undated) continue;
    if (person.registered && (person.end === null || (person.start !== null && person.start > person.end))) continue;
    const last = later(person.last, person.end);
    if (last !== null && last < before) append(due, person.rows);
  }
  due.sort((a, b) => a.order - b.order || a.row - b.row);
  for (const { tab, row } of due) {
    review.rows.push({ tab, row });
    review.counts[tab]!++;
  }
  return review;
}

/**
 * The columns a tab is reviewed by. A tab whose rows cannot be tied to their person
 * stops the review (a UserError): read by their own dates, part of someone's record
 * could be listed while the rest of it is recent.
 */
function planTab(tab: Tab, form: FormDefinition, gaps: TabGap[]): TabPlan {
  const column = (q: Question | undefined) => (q ? (columnsTitled(tab, q.title)[0] ?? -1) : -1);
  const subject = subjectQuestion(form);
  if (subject) {
    const found = columnsTitled(tab, subject.title).length;
    const problem = found === 0 ? `has no column "${subject.title}"` : found > 1 ? `has the column "${subject.title}" twice` : null;
    if (problem) throw new UserError(`tab "${form.tab}" ${problem}, so whose records are recent cannot be told: correct the tab and run the review again (nothing is listed)`);
  }
  const register = subject !== undefined && subject.key === form.upsertBy && form.questions.some((q) => q.key === 'endDate');
  const plan: TabPlan = {
    subject: column(subject),
    date: column(form.questions.find((q) => q.type === 'date' && q.required)),
    stamp: column(form.questions.find((q) => q.type === 'timestamp')),
    register,
    end: register ? column(form.questions.find((q) => q.key === 'endDate')) : -1,
    start: register ? column(form.questions.find((q) => q.key === 'startDate')) : -1,
  };
  // Read as blank, a missing End date keeps everyone registered there: in role, never due.
  if (register && plan.end === -1) gaps.push({ tab: form.tab, reason: 'has no column "End date": everyone registered there is taken to be in role' });
  return plan;
}
