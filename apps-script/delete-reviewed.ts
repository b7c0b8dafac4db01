/**
 * Peer support → Delete reviewed rows (data contract §8): deletes exactly the rows
 * the last Retention review listed, from the response tabs and, where one is
 * certainly theirs, their responses from the linked Google Forms
 * (response-deletion.ts); then records the counts, never a name, in Data issues.
 *
 * - **Only a current review.** Before anything is deleted, every reviewed tab must
 *   still be the same sheet with as many rows, and every listed row must have the
 *   fingerprint it had (retention-snapshot.ts): a row added, deleted or edited, in
 *   the list or above a listed row, refuses the whole deletion. The first run also
 *   makes the review again on the rows as they are (same day, same period) and
 *   wants the same list: a prison number corrected in a row not listed can make a
 *   listed person's record recent. A run carrying on after a stop skips that, since
 *   part of each record is already gone (a supporter whose End date row went would
 *   look in role).
 * - **Bottom-up.** Each tab's rows are deleted from the bottom, so the numbers of
 *   those above stay true, with one deleteRows per run of adjacent rows.
 * - **Within the time limit.** An execution may run 6 minutes, counting the time
 *   the confirmation was open. No group of rows is started after DELETE_BUDGET_MS,
 *   which leaves time for the refresh; the record is then updated to the rows still
 *   listed (their numbers unchanged) and the next run carries on. Were an execution
 *   cut off anyway, the record would no longer match the tabs and the next run
 *   would refuse: a new review lists what is left. Nothing off the list is deleted.
 */
import { retentionReview } from '../core/retention.js';
import { findTab } from '../core/workbook.js';
import type { Execution } from './execution.js';
import { recordDeletion } from './issues-log.js';
import { refreshAll } from './refresh.js';
import { RETENTION_VIEW, snapshotView } from './retention-review.js';
import { decodeSnapshot, encodeSnapshot, fingerprint, listedRows, type ReviewedTab, type Snapshot } from './retention-snapshot.js';
import { tabResponses } from './response-deletion.js';
import { replaceContents } from './sheets.js';
import { Store } from './store.js';
import { viewTab } from './view-tabs.js';
import { clearedReviewView, RETENTION_REVIEW_TAB } from './views/retention-review.js';
import { listSheets, readWorkbook, type SheetEntry } from './workbook.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * No group of rows is started after this long (from the menu click): the refresh
 * that follows (at most 245 calls with every scheme, about 2 minutes at 0.5 s a
 * call) and the record's writes still fit in the 6 minutes.
 */
const DELETE_BUDGET_MS = 3.5 * 60 * 1000;
/** A group's responses are looked up together: at most this many rows, spanning at most CHUNK_SPAN rows of the tab. */
const CHUNK_ROWS = 100;
const CHUNK_SPAN = 200;

const NO_REVIEW = 'There is no retention review listing rows to delete: choose Peer support → Retention review first.';
const STALE = 'Nothing was deleted: the data changed since the review (rows added or edited): run Retention review again.';

const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
const responses = (n: number) => `${n} form ${n === 1 ? 'response' : 'responses'}`;

interface DeletionRequest {
  /** The review the person confirmed (a new review made meanwhile is not deleted on that answer). */
  madeAt: string;
  rows: number;
  /** Date.now() after which no group of rows is started. */
  deadline: number;
}

function storedReview(store: Store): Snapshot | string {
  const text = store.retentionReview();
  if (text === null) return NO_REVIEW;
  const snapshot = decodeSnapshot(text);
  if (!snapshot) return "Nothing was deleted: the retention review's record cannot be read: run Retention review again.";
  return listedRows(snapshot) > 0 ? snapshot : NO_REVIEW;
}

/**
 * Asks for confirmation, naming the number of rows, before the script lock is
 * taken (nobody's submission waits on the question). The request on Yes, null on
 * No or the dialog closed, or the one line saying why there is nothing to ask.
 */
export function confirmDeletion(ui: GoogleAppsScript.Base.Ui, title: string): DeletionRequest | string | null {
  const deadline = Date.now() + DELETE_BUDGET_MS;
  const snapshot = storedReview(new Store());
  if (typeof snapshot === 'string') return snapshot;
  const n = listedRows(snapshot);
  const answer = ui.alert(title, `Delete ${rows(n)} listed in Retention review from the response tabs and their Google Forms responses? This cannot be undone.`, ui.ButtonSet.YES_NO);
  return answer === ui.Button.YES ? { madeAt: snapshot.madeAt, rows: n, deadline } : null;
}

type Read = ReturnType<typeof readWorkbook>;

/** The tab and sheet a reviewed tab is now, when it is still the one reviewed. */
function current(run: Execution, read: Read, t: ReviewedTab) {
  const form = run.forms.find((f) => f.id === t.form && f.tab === t.tab);
  const entry = form && read.entries.get(form.tab);
  const tab = form && findTab(read.workbook, form.tab);
  return form && entry && tab && entry.id === t.sheet ? { form, entry, tab } : null;
}

function stillCurrent(run: Execution, snapshot: Snapshot, read: Read): boolean {
  for (const t of snapshot.tabs) {
    const now = current(run, read, t);
    if (!now || now.tab.rows.length + 1 !== t.rows) return false;
    if (t.listed.some((r) => fingerprint(now.tab.rows[r.row - 2]) !== r.print)) return false;
  }
  if (snapshot.deleted > 0) return true;
  let again;
  try {
    again = retentionReview(read.workbook, run.forms, { ...run.settings, retentionMonths: snapshot.retentionMonths }, snapshot.asOf);
  } catch {
    return false; // a tab lost its column: the review says why
  }
  const listed = snapshot.tabs.flatMap((t) => t.listed.map((r) => ({ tab: t.tab, row: r.row })));
  return again.rows.length === snapshot.due && listed.every((r, i) => again.rows[i]?.tab === r.tab && again.rows[i]?.row === r.row);
}

interface Progress {
  /** Rows deleted from each tab, in the order deleted. */
  byTab: Map<string, number>;
  responses: number;
  noResponse: number;
  stopped: boolean;
}

/** Groups of rows (descending) whose responses are looked up together. */
function chunks(descending: readonly number[]): number[][] {
  const out: number[][] = [];
  let group: number[] = [];
  for (const row of descending) {
    if (group.length > 0 && (group.length >= CHUNK_ROWS || group[0]! - row >= CHUNK_SPAN)) {
      out.push(group);
      group = [];
    }
    group.push(row);
  }
  if (group.length > 0) out.push(group);
  return out;
}

/** Sheets refuses to delete every row that is not frozen: when every data row goes, a blank one is added at the bottom first. */
function keepARow(sheet: Sheet, t: ReviewedTab): void {
  if (t.listed.length < t.rows - 1) return;
  const max = sheet.getMaxRows();
  if (max - t.listed.length <= sheet.getFrozenRows()) sheet.insertRowsAfter(max, 1);
}

/** Deletes rows (descending) from the sheet, one deleteRows per run of adjacent rows, bottom first; the record follows each call. */
function deleteSheetRows(sheet: Sheet, t: ReviewedTab, descending: readonly number[], progress: Progress): void {
  for (let i = 0; i < descending.length; ) {
    let j = i;
    while (j + 1 < descending.length && descending[j + 1] === descending[j]! - 1) j++;
    const [low, count] = [descending[j]!, j - i + 1];
    sheet.deleteRows(low, count);
    t.listed = t.listed.filter((r) => r.row < low || r.row >= low + count);
    t.rows -= count;
    progress.byTab.set(t.tab, (progress.byTab.get(t.tab) ?? 0) + count);
    i = j + 1;
  }
}

function deleteListed(run: Execution, snapshot: Snapshot, read: Read, deadline: number, progress: Progress): void {
  for (const t of snapshot.tabs) {
    if (t.listed.length === 0) continue;
    const { form, entry, tab } = current(run, read, t)!;
    const found = tabResponses(run, form, entry, tab);
    keepARow(entry.sheet, t);
    for (const group of chunks(t.listed.map((r) => r.row).reverse())) {
      if (Date.now() > deadline || !found.gather(group, deadline)) {
        progress.stopped = true;
        return;
      }
      const handled: number[] = [];
      for (const row of group) {
        if (Date.now() > deadline) {
          progress.stopped = true;
          break;
        }
        if (found.deleteFor(row)) progress.responses++;
        else progress.noResponse++;
        handled.push(row);
      }
      deleteSheetRows(entry.sheet, t, handled, progress);
      if (progress.stopped) return;
    }
  }
}

function countsText(progress: Progress): string {
  const tabs = [...progress.byTab].map(([tab, n], i) => (i === 0 ? `${rows(n)} deleted from ${tab}` : `${n} from ${tab}`));
  const parts = [tabs.length > 0 ? tabs.join(', ') : 'no row deleted', `${responses(progress.responses)} deleted`];
  if (progress.noResponse > 0) parts.push(`${rows(progress.noResponse)} had no form response to delete`);
  return parts.join('; ');
}

/** The record and the tab brought up to date with what was deleted (also after a failure), and the deletion logged. */
function settle(run: Execution, snapshot: Snapshot, progress: Progress, sheets: SheetEntry[]): void {
  const deleted = [...progress.byTab.values()].reduce((a, b) => a + b, 0);
  if (deleted === 0 && progress.responses === 0) return;
  snapshot.deleted += deleted;
  const left = listedRows(snapshot);
  run.store.setRetentionReview(left > 0 ? encodeSnapshot(snapshot) : null);
  replaceContents(viewTab(run, RETENTION_VIEW, sheets).sheet, left > 0 ? snapshotView(snapshot) : clearedReviewView(run.now), run.timeZone);
  const still = left > 0 ? `; ${rows(left)} still listed${progress.stopped ? " (stopped before Apps Script's time limit)" : ''}` : '';
  recordDeletion(run, RETENTION_REVIEW_TAB, `Retention: ${countsText(progress)}${still}`);
}

/** Deletes what the confirmed review lists (the script lock held); returns what the menu's alert says. */
export function deleteReviewed(run: Execution, request: DeletionRequest): string {
  const snapshot = storedReview(run.store);
  if (typeof snapshot === 'string') return snapshot;
  if (snapshot.madeAt !== request.madeAt || listedRows(snapshot) !== request.rows) {
    return 'Nothing was deleted: the retention review changed while the question was open: choose Delete reviewed rows again.';
  }
  const sheets = listSheets(run.ss);
  const read = readWorkbook(run, run.forms, sheets);
  if (!stillCurrent(run, snapshot, read)) return STALE;

  const progress: Progress = { byTab: new Map(), responses: 0, noResponse: 0, stopped: false };
  try {
    deleteListed(run, snapshot, read, request.deadline, progress);
  } finally {
    settle(run, snapshot, progress, sheets);
  }
  const deleted = [...progress.byTab.values()].reduce((a, b) => a + b, 0);
  const left = listedRows(snapshot);
  if (deleted > 0) run.store.setHandledRows({}); // rows moved up: what submissions remember of rows is void
  if (deleted > 0 || progress.responses > 0) refreshAll(run);
  if (left === 0) return `Retention review's rows deleted: ${countsText(progress)}. The review is cleared; Data issues records these counts, and the views are refreshed.`;
  return (
    `Delete reviewed rows stopped before Apps Script's time limit: ${countsText(progress)}. ${rows(left)} ${left === 1 ? 'is' : 'are'} still listed: ` +
    'choose Peer support → Delete reviewed rows again to carry on.'
  );
}
