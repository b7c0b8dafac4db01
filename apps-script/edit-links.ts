/**
 * The Edit link column (data contract §2, Corrections): each response row holds
 * its response's edit URL. Staff correct a response by opening it; Google then
 * rewrites that row in place and fires the form-submit trigger again for it.
 *
 * The spreadsheet's form-submit event gives e.range, e.values and e.namedValues,
 * but no response object
 * (https://developers.google.com/apps-script/guides/triggers/events#form-submit),
 * so a row's response is found through the tab's linked form: the responses
 * "after" a second before the row's Timestamp (Form.getResponses(Date),
 * https://developers.google.com/apps-script/reference/forms/form#getResponses(Date)),
 * narrowed to those stamped within a second of it (the cell may keep the time to
 * the second only; an edited response and its row both carry the time of the
 * edit); only when several share that second are their answers compared with the
 * row's, and a link another row already holds passed over. Calls per row: opening
 * the form (1, or 2 through the tab's form URL), getResponses (1), getTimestamp of
 * each response returned (at most MAX_RESPONSES_LOOKED_AT), getEditResponseUrl
 * (1), and 2 to write the cell when it does not hold that link already; for
 * responses sharing a second, at most MAX_TIED × (answers + 2) more.
 */
import { DateTime } from 'luxon';
import { SYSTEM_COLUMNS, type FormDefinition } from '../core/form.js';
import { isBlank } from '../core/validate.js';
import type { Cell } from '../core/workbook.js';
import type { Execution } from './execution.js';
import { openForm } from './forms.js';
import { writeAt } from './sheets.js';
import { sameName } from './workbook.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Form = GoogleAppsScript.Forms.Form;
type FormResponse = GoogleAppsScript.Forms.FormResponse;

export const SECOND = 1000;
/** A trigger that fires late finds later responses too: at most this many are looked at (each is a call). */
export const MAX_RESPONSES_LOOKED_AT = 10;
/** Responses sharing the row's second whose answers are compared; with more (never seen in practice) no link is written. */
const MAX_TIED = 3;

const isHeader = (cell: Cell | undefined, title: string) => typeof cell === 'string' && sameName(cell, title);

/**
 * The Edit link column (0-based) of a tab read as `grid`: the column headed so;
 * else one headed now in the first free column after the form's columns (a
 * person's own columns keep their place), `grid` widened to match. Null when no
 * column of the form is there to follow.
 */
export function ensureEditLinkColumn(run: Execution, sheet: Sheet, form: FormDefinition, grid: Cell[][]): number | null {
  const header = grid[0];
  if (!header) return null;
  const found = header.findIndex((h) => isHeader(h, SYSTEM_COLUMNS.editLink));
  if (found !== -1) return found;
  let last = -1;
  header.forEach((h, i) => {
    if (form.questions.some((q) => isHeader(h, q.title))) last = i;
  });
  if (last === -1) return null;
  let column = last + 1;
  while (column < header.length && !grid.every((row) => isBlank(row[column]))) column++;
  writeAt(sheet, 1, column + 1, [[SYSTEM_COLUMNS.editLink]], run.timeZone, column < header.length);
  for (const row of grid) while (row.length <= column) row.push(null);
  header[column] = SYSTEM_COLUMNS.editLink;
  return column;
}

/** The Google Form whose responses go to this tab: the one set-up linked here, else the tab's own form URL. */
export function linkedForm(run: Execution, form: FormDefinition, sheet: Sheet, sheetId: number): Form | null {
  const stored = run.store.sheetId(form.id) === sheetId ? openForm(run.store.formId(form.id)) : null;
  if (stored) return stored;
  const url = sheet.getFormUrl();
  if (!url) return null;
  try {
    return FormApp.openByUrl(url);
  } catch {
    return null;
  }
}

/** An answer as compared: trimmed, a list joined as the tab joins ticked boxes, a number in one spelling. */
function comparable(answer: string): string {
  const text = answer.trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? String(Number(text)) : text;
}

/** The row's answers in the form's order (set-up keeps the items in declared order), blanks left out. */
export function rowAnswers(form: FormDefinition, header: readonly Cell[], cells: readonly Cell[]): string[] {
  const out: string[] = [];
  for (const q of form.questions) {
    if (q.type === 'timestamp') continue;
    const column = header.findIndex((h) => isHeader(h, q.title));
    const cell = column === -1 ? null : cells[column];
    if (cell === null || cell === undefined) continue;
    const text = comparable(cell instanceof DateTime ? (cell.toISODate() ?? '') : String(cell));
    if (text !== '') out.push(text);
  }
  return out;
}

/**
 * Whether a response's answers are the row's. getItemResponses() gives them "in the
 * same order that the items appear in the form", leaving out unanswered items
 * (https://developers.google.com/apps-script/reference/forms/form-response#getItemResponses());
 * each answer is a call, so the comparison stops at the first that differs.
 */
export function answersAre(response: FormResponse, expected: readonly string[]): boolean {
  const items = response.getItemResponses();
  return (
    items.length === expected.length &&
    items.every((item, i) => {
      const answer = item.getResponse();
      return comparable(Array.isArray(answer) ? answer.flat().join(', ') : String(answer)) === expected[i];
    })
  );
}

/** What editUrlOfRow needs to know of the row beyond its Timestamp, worked out only for a tie. */
interface RowInTie {
  answers(): string[];
  /** How many rows above it have the same second and the same answers (a double click). */
  twinsAbove(): number;
  linkedElsewhere(url: string): boolean;
}

/** The edit URL of the row's response, or null when it cannot be told for certain (no link rather than a wrong one). */
function editUrlOfRow(googleForm: Form, stamp: number, row: RowInTie): string | null {
  const near = googleForm
    .getResponses(new Date(stamp - SECOND))
    .slice(0, MAX_RESPONSES_LOOKED_AT)
    .filter((response) => Math.abs(response.getTimestamp().getTime() - stamp) < SECOND);
  if (near.length <= 1) return near[0]?.getEditResponseUrl() ?? null;
  if (near.length > MAX_TIED) return null;
  // Sent within the same second (two people at once, or a double click): the answers tell them apart.
  // Identical ones are taken in the order they were sent, which is the rows' order, whichever trigger fires first.
  const mine = row.answers();
  const urls = near.filter((response) => answersAre(response, mine)).map((response) => response.getEditResponseUrl());
  const own = urls[row.twinsAbove()];
  return own !== undefined && !row.linkedElsewhere(own) ? own : (urls.find((url) => !row.linkedElsewhere(url)) ?? null);
}

/**
 * Writes each submitted row's edit URL into its Edit link cell, unless the cell
 * holds that very link (a trigger fired twice, or the response was edited):
 * anything else there, typed by a person or copied from another row, is replaced.
 * The rows are read from `grid` (the tab as it is now), which is kept up to date.
 */
export function writeEditLinks(run: Execution, form: FormDefinition, sheet: Sheet, sheetId: number, rows: { first: number; last: number }, grid: Cell[][]): void {
  const column = ensureEditLinkColumn(run, sheet, form, grid);
  const header = grid[0] ?? [];
  const stampTitle = form.questions.find((q) => q.type === 'timestamp')?.title;
  const stampColumn = stampTitle === undefined ? -1 : header.findIndex((h) => isHeader(h, stampTitle));
  if (column === null || stampColumn === -1) return;
  let googleForm: Form | null | undefined;
  for (let row = rows.first; row <= rows.last; row++) {
    const cells = grid[row - 1];
    const stamp = cells?.[stampColumn];
    if (!cells || !(stamp instanceof DateTime)) continue;
    googleForm ??= linkedForm(run, form, sheet, sheetId);
    if (!googleForm) return;
    const millis = stamp.toMillis();
    const answers = () => rowAnswers(form, header, cells);
    const url = editUrlOfRow(googleForm, millis, {
      answers,
      twinsAbove: () => {
        const mine = answers().join('\u241f');
        return grid.slice(1, row - 1).filter((other) => {
          const at = other[stampColumn];
          return at instanceof DateTime && Math.abs(at.toMillis() - millis) < SECOND && rowAnswers(form, header, other).join('\u241f') === mine;
        }).length;
      },
      linkedElsewhere: (link) => grid.some((other, i) => i !== row - 1 && other[column] === link),
    });
    if (url === null || cells[column] === url) continue;
    writeAt(sheet, row, column + 1, [[url]], run.timeZone, true);
    cells[column] = url;
  }
}
