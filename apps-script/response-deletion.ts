/**
 * The Google Form responses of the rows Delete reviewed rows deletes: a form keeps
 * its own copy of every response (data contract §8), so each row's goes too, by
 * Form.deleteResponse(id)
 * (https://developers.google.com/apps-script/reference/forms/form#deleteResponse(String)),
 * but only when it is certainly that row's.
 *
 * A row's response is among those stamped within a second of its Timestamp (a
 * response and its row carry the same time, an edit's included: see edit-links.ts).
 * Of those, it is the one whose edit URL is the row's Edit link; a row without a
 * link (sent before set-up added the column, or its link never written) takes one
 * whose answers are the row's and whose edit URL no row of the tab holds. Anything
 * less certain deletes no response, and the row is counted as having none.
 *
 * The candidates of a group of nearby rows come from one getResponses(Date) from a
 * second before the group's earliest Timestamp, read in Google's order (the order
 * sent; an edited response keeps its place but carries the edit's time) with
 * getTimestamp() each, until every row has a candidate and MAX_RESPONSES_LOOKED_AT
 * more were read (responses sent within the same second), or that many were
 * stamped after the group's latest (a row whose response is gone costs no more).
 * So about one call per row of the group's span, whatever the form holds, then per
 * row: its candidates' edit URLs (1 each), the answers without a link (answers + 1),
 * getId and deleteResponse (2).
 */
import { DateTime } from 'luxon';
import { SYSTEM_COLUMNS, type FormDefinition } from '../core/form.js';
import { isBlank } from '../core/validate.js';
import type { Tab } from '../core/workbook.js';
import { answersAre, linkedForm, MAX_RESPONSES_LOOKED_AT, rowAnswers, SECOND } from './edit-links.js';
import type { Execution } from './execution.js';
import { sameName, type SheetEntry } from './workbook.js';
import { largest, smallest } from '../core/arrays.js';

type FormResponse = GoogleAppsScript.Forms.FormResponse;

interface TabResponses {
  /** Finds the candidate responses of these rows; false when the deadline came first. */
  gather(rows: readonly number[], deadline: number): boolean;
  /** Deletes the row's response when one is certainly its; true when one was deleted. */
  deleteFor(row: number): boolean;
}

export function tabResponses(run: Execution, form: FormDefinition, entry: SheetEntry, tab: Tab): TabResponses {
  const columnOf = (title: string | undefined) => (title === undefined ? -1 : tab.header.findIndex((h) => sameName(h, title)));
  const stampColumn = columnOf(form.questions.find((q) => q.type === 'timestamp')?.title);
  const linkColumn = columnOf(SYSTEM_COLUMNS.editLink);
  const cellsOf = (row: number) => tab.rows[row - 2] ?? [];
  const stampOf = (row: number) => {
    const cell = stampColumn === -1 ? null : cellsOf(row)[stampColumn];
    return cell instanceof DateTime ? cell.toMillis() : null;
  };
  const linkOf = (row: number) => {
    const cell = linkColumn === -1 ? null : cellsOf(row)[linkColumn];
    return typeof cell === 'string' && !isBlank(cell) ? cell.trim() : null;
  };
  // Every link the tab holds, listed rows' and kept rows' alike: a row matched by its answers never takes one of these.
  const links = new Set(tab.rows.map((_, i) => linkOf(i + 2)).filter((l): l is string => l !== null));

  let googleForm: GoogleAppsScript.Forms.Form | null | undefined;
  const candidates = new Map<number, FormResponse[]>();
  const urls = new Map<FormResponse, string>();
  const claimed = new Set<FormResponse>();
  const urlOf = (response: FormResponse) => {
    let url = urls.get(response);
    if (url === undefined) urls.set(response, (url = response.getEditResponseUrl()));
    return url;
  };

  return {
    gather(rows, deadline) {
      const wanted = rows.flatMap((row) => {
        const stamp = stampOf(row);
        return stamp === null ? [] : [{ row, stamp }];
      });
      if (wanted.length === 0) return true;
      googleForm ??= linkedForm(run, form, entry.sheet, entry.id);
      if (!googleForm) return true;
      const bySecond = new Map<number, typeof wanted>();
      for (const w of wanted) {
        const second = Math.floor(w.stamp / SECOND);
        bySecond.set(second, [...(bySecond.get(second) ?? []), w]);
      }
      const earliest = smallest(wanted.map((w) => w.stamp));
      const latest = largest(wanted.map((w) => w.stamp));
      let missing = wanted.length;
      let afterAll = 0;
      let later = 0;
      for (const response of googleForm.getResponses(new Date(earliest - SECOND))) {
        if (Date.now() > deadline) return false;
        const at = response.getTimestamp().getTime();
        const second = Math.floor(at / SECOND);
        for (const w of [second - 1, second, second + 1].flatMap((s) => bySecond.get(s) ?? [])) {
          if (Math.abs(at - w.stamp) >= SECOND) continue;
          const list = candidates.get(w.row);
          if (list) list.push(response);
          else {
            candidates.set(w.row, [response]);
            missing--;
          }
        }
        if (at >= latest + SECOND && ++later >= MAX_RESPONSES_LOOKED_AT) break;
        if (missing === 0 && afterAll++ >= MAX_RESPONSES_LOOKED_AT) break;
      }
      return true;
    },

    deleteFor(row) {
      const list = (candidates.get(row) ?? []).filter((r) => !claimed.has(r));
      if (!googleForm || list.length === 0) return false;
      const link = linkOf(row);
      let found: FormResponse | undefined;
      if (link !== null) found = list.find((r) => urlOf(r) === link);
      else {
        const answers = rowAnswers(form, tab.header, cellsOf(row));
        found = list.find((r) => !links.has(urlOf(r)) && answersAre(r, answers));
      }
      if (!found) return false;
      claimed.add(found);
      googleForm.deleteResponse(found.getId());
      return true;
    },
  };
}
