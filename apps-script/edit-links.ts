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
 * row's, and a link another row already holds passed over. A submission writes
 * its row's link itself only when the form holds a single response from that
 * moment on (quickEditLink: open the form, getResponses, getEditResponseUrl, and 2
 * calls to write); otherwise the hourly rebuild links the rows left
 * (linkWantedRows: one getResponses and one getTimestamp per response since the
 * earliest, getEditResponseUrl per row, one write; for responses sharing a second,
 * at most MAX_TIED × (answers + 2) more).
 */
import { DateTime } from 'luxon';
import { SYSTEM_COLUMNS, type FormDefinition } from '../core/form.js';
import { isBlank } from '../core/validate.js';
import type { Cell } from '../core/workbook.js';
import type { Execution } from './execution.js';
import { openForm } from './forms.js';
import { writeAt } from './sheets.js';
import { sameName } from './workbook.js';
import { smallest } from '../core/arrays.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Form = GoogleAppsScript.Forms.Form;
type FormResponse = GoogleAppsScript.Forms.FormResponse;

export const SECOND = 1000;
/** Delete reviewed rows looks at no more than this many responses past the rows it deletes (each is a call). */
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

/** A response's edit URL as Google gives it (https://docs.google.com/forms/d/e/…/viewform?edit2=…): what the Edit link column holds. */
export function isEditUrl(cell: unknown): boolean {
  return typeof cell === 'string' && cell.startsWith('https://docs.google.com/forms/') && cell.includes('edit2=');
}

/**
 * A submission's edit link, in 5 calls: written when the form holds exactly one
 * response from a second before the row's Timestamp on, which can only be the
 * row's own. Several (a burst, or a trigger that fired late) are told apart by
 * the rebuild (linkWantedRows); returns false then.
 */
export function quickEditLink(run: Execution, form: FormDefinition, sheet: Sheet, sheetId: number, row: number, column: number, stamp: number): boolean {
  const googleForm = linkedForm(run, form, sheet, sheetId);
  if (!googleForm) return false;
  const responses = googleForm.getResponses(new Date(stamp - SECOND));
  if (responses.length !== 1) return false;
  writeAt(sheet, row, column + 1, [[responses[0]!.getEditResponseUrl()]], run.timeZone, true);
  return true;
}

/** What pickEditUrl needs to know of the row beyond its Timestamp, worked out only for a tie. */
interface RowInTie {
  answers(): string[];
  /** How many rows above it have the same second and the same answers (a double click). */
  twinsAbove(): number;
  linkedElsewhere(url: string): boolean;
}

/** The edit URL among the responses stamped within a second of the row's, or null when it cannot be told for certain (no link rather than a wrong one). */
function pickEditUrl(near: readonly FormResponse[], row: RowInTie): string | null {
  if (near.length <= 1) return near[0]?.getEditResponseUrl() ?? null;
  if (near.length > MAX_TIED) return null;
  // Sent within the same second (two people at once, or a double click): the answers tell them apart.
  // Identical ones are taken in the order they were sent, which is the rows' order, whichever trigger fires first.
  const mine = row.answers();
  const urls = near.filter((response) => answersAre(response, mine)).map((response) => response.getEditResponseUrl());
  const own = urls[row.twinsAbove()];
  return own !== undefined && !row.linkedElsewhere(own) ? own : (urls.find((url) => !row.linkedElsewhere(url)) ?? null);
}

/** A rebuild looks at no more responses than this for the rows submissions left unlinked (each is a call). */
const MAX_RESPONSES_FETCHED = 1000;

/**
 * The rebuild's part: the edit links submissions left (several responses in the
 * same moments, or a row whose check waited). One getResponses from the earliest
 * such row on, each response's timestamp read once, and the Edit link column
 * written with one setValues from the first row linked to the last. Whatever the
 * cell held (typed by a person, copied from another row) is replaced by the row's
 * own link. Returns how many rows were linked.
 * `grid` is the tab as just read, and is kept up to date.
 */
export function linkWantedRows(run: Execution, form: FormDefinition, sheet: Sheet, sheetId: number, grid: Cell[][], wanted: readonly number[]): number {
  const header = grid[0] ?? [];
  const stampTitle = form.questions.find((q) => q.type === 'timestamp')?.title;
  const stampColumn = stampTitle === undefined ? -1 : header.findIndex((h) => isHeader(h, stampTitle));
  const column = stampColumn === -1 ? null : ensureEditLinkColumn(run, sheet, form, grid);
  if (column === null) return 0;
  const stampOf = (row: number) => {
    const at = grid[row - 1]?.[stampColumn];
    return at instanceof DateTime ? at.toMillis() : null;
  };
  const rows = [...new Set(wanted)].filter((row) => row >= 2 && stampOf(row) !== null).sort((a, b) => a - b);
  if (rows.length === 0) return 0;
  const googleForm = linkedForm(run, form, sheet, sheetId);
  if (!googleForm) return 0;
  const earliest = smallest(rows.map((row) => stampOf(row)!));
  const fetched = googleForm
    .getResponses(new Date(earliest - SECOND))
    .slice(0, MAX_RESPONSES_FETCHED)
    .map((response) => ({ response, at: response.getTimestamp().getTime() }));
  const linked: number[] = [];
  for (const row of rows) {
    const cells = grid[row - 1]!;
    const millis = stampOf(row)!;
    const answers = () => rowAnswers(form, header, cells);
    const url = pickEditUrl(
      fetched.filter((f) => Math.abs(f.at - millis) < SECOND).map((f) => f.response),
      {
        answers,
        twinsAbove: () => {
          const mine = answers().join('\u241f');
          return grid.slice(1, row - 1).filter((other) => {
            const at = other[stampColumn];
            return at instanceof DateTime && Math.abs(at.toMillis() - millis) < SECOND && rowAnswers(form, header, other).join('\u241f') === mine;
          }).length;
        },
        linkedElsewhere: (link) => grid.some((other, i) => i !== row - 1 && other[column] === link),
      },
    );
    if (url === null || cells[column] === url) continue;
    cells[column] = url;
    linked.push(row);
  }
  if (linked.length === 0) return 0;
  const [first, last] = [linked[0]!, linked.at(-1)!];
  const keep = (cell: Cell | undefined) => (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean' ? cell : null);
  writeAt(sheet, first, column + 1, grid.slice(first - 1, last).map((cells) => [keep(cells[column])]), run.timeZone, true);
  return linked.length;
}
