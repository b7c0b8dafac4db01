/**
 * Peer support → Retention review (data contract §8): core's retentionReview over
 * the configured schemes' response tabs, as of today in the spreadsheet's time
 * zone with the site's `retentionMonths`, written to the Retention review tab (a
 * view, found by its recorded id like the others) and recorded for Delete reviewed
 * rows (retention-snapshot.ts). Nothing is deleted here.
 */
import { longDate } from '../core/dates.js';
import { retentionReview } from '../core/retention.js';
import { findTab } from '../core/workbook.js';
import type { Execution } from './execution.js';
import { encodeSnapshot, fingerprint, listedRows, MAX_LISTED_ROWS, type Snapshot } from './retention-snapshot.js';
import { CellBudget } from './cell-budget.js';
import { replaceView } from './sheets.js';
import { viewTab, type ViewTab } from './view-tabs.js';
import { RETENTION_REVIEW_TAB, retentionReviewView } from './views/retention-review.js';
import { listSheets, readWorkbook } from './workbook.js';

export const RETENTION_VIEW: ViewTab = { name: RETENTION_REVIEW_TAB, mark: [RETENTION_REVIEW_TAB] };

/** The tab's rows for a snapshot (what is still listed). */
export function snapshotView(snapshot: Snapshot) {
  return retentionReviewView({ ...snapshot, tabs: snapshot.tabs.map((t) => ({ tab: t.tab, rows: t.listed.map((r) => r.row) })) });
}

const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;

/** Makes the review, writes its tab and records it; returns what the menu's alert says. */
export function writeRetentionReview(run: Execution): string {
  const sheets = listSheets(run.ss);
  const read = readWorkbook(run, run.forms, sheets);
  // A tab that lost the column naming whom its rows are about throws (core): nothing is written or recorded.
  const review = retentionReview(read.workbook, run.forms, run.settings, run.asOf);
  const undated = review.undated > 0 ? [`${rows(review.undated)} with no date that can be read: kept, with every row about the same person, until the date is corrected (Data issues lists them).`] : [];
  /** The review listing its first `most` rows due. */
  const snapshotOf = (most: number): Snapshot => {
    const listed = review.rows.slice(0, Math.max(most, 0));
    return {
      madeAt: run.now,
      asOf: review.asOf,
      retentionMonths: review.retentionMonths,
      before: review.before,
      due: review.rows.length,
      deleted: 0,
      notes: [...review.gaps.map((g) => `Tab "${g.tab}" ${g.reason}.`), ...undated],
      tabs: run.forms.flatMap((form) => {
        const tab = review.counts[form.tab] === undefined ? undefined : findTab(read.workbook, form.tab);
        const entry = read.entries.get(form.tab);
        if (!tab || !entry) return [];
        const mine = listed.filter((r) => r.tab === form.tab);
        return [{ tab: form.tab, form: form.id, sheet: entry.id, rows: tab.rows.length + 1, listed: mine.map((r) => ({ row: r.row, print: fingerprint(tab.rows[r.row - 2]) })) }];
      }),
    };
  };
  const target = viewTab(run, RETENTION_VIEW, sheets);
  // Within Google's cell limit (cell-budget.ts): a list cut short says how many are due, and the next review lists the rest.
  const besides = snapshotView(snapshotOf(0)).length + 2; // the rows besides the listed ones, with the list's blank line and header
  let snapshot = snapshotOf(0);
  const view = { width: 2, rows: (fits: number) => snapshotView((snapshot = snapshotOf(Math.min(MAX_LISTED_ROWS, fits - besides)))) };
  replaceView(target.sheet, view, run.timeZone, new CellBudget(sheets));
  const listed = listedRows(snapshot);
  run.store.setRetentionReview(listed > 0 ? encodeSnapshot(snapshot) : null);

  const where = target.issue ? ` (in the tab "${target.sheet.getName()}": ${target.issue.reason})` : '';
  const rule = `as of ${longDate(review.asOf)}, records being kept for ${review.retentionMonths} months`;
  if (listed === 0) return `Retention review${where}: no row is due for deletion, ${rule}.${notesOf(snapshot)}`;
  const byTab = snapshot.tabs.filter((t) => t.listed.length > 0).map((t) => `${t.tab} ${t.listed.length}`);
  const capped = review.rows.length > listed ? ` The first ${listed} of ${review.rows.length} are listed; a review made after they are deleted lists the rest.` : '';
  return (
    `Retention review written to its tab${where}: ${rows(listed)} due for deletion (${byTab.join(', ')}), ${rule}.${capped} ` +
    'Nothing has been deleted: look over the list, then choose Peer support → Delete reviewed rows.' +
    notesOf(snapshot)
  );
}

function notesOf(snapshot: Snapshot): string {
  return snapshot.notes.length === 0 ? '' : `\n\n${snapshot.notes.map((n) => `• ${n}`).join('\n')}`;
}
