/**
 * The Retention review tab (data contract §8): when the review was made, its rule,
 * the rows listed for deletion by tab and row number with a count per tab, and
 * what it could not read. Never a name, an identifier or an answer: the rows are
 * in the response tabs for whoever checks the list.
 */
import { longDate } from '../../core/dates.js';
import type { Snapshot } from '../retention-snapshot.js';
import { dateValue, type ViewRow } from './view-values.js';

export const RETENTION_REVIEW_TAB = 'Retention review';

/** What the tab shows of a review, or of what is left of it after a deletion that stopped for time: every tab reviewed, in order, with the rows still listed. */
type ShownReview = Omit<Snapshot, 'tabs'> & { tabs: readonly { tab: string; rows: readonly number[] }[] };

const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;

export function retentionReviewView(review: ShownReview): ViewRow[] {
  const listed = review.tabs.reduce((n, t) => n + t.rows.length, 0);
  const out: ViewRow[] = [
    [RETENTION_REVIEW_TAB],
    ['Made', dateValue(review.madeAt)],
    [
      'Rule',
      `Records are kept for ${review.retentionMonths} months. As of ${longDate(review.asOf)}, listed are every row about a person whose latest row in any tab is dated before ${longDate(review.before)} (a peer supporter: their End date, never while in role), and every row about nobody dated before then.`,
    ],
  ];
  if (review.deleted > 0) out.push(['Deleted', `${rows(review.deleted)} of this review deleted so far; those still to delete are listed below.`]);
  if (listed === 0) {
    out.push(['Listed', 'No row is due for deletion.']);
  } else {
    const more = review.due > listed + review.deleted ? ` (${review.due} are due: the rest will be listed by a review made after these are deleted)` : '';
    out.push([
      'Listed',
      `${rows(listed)}${more}. Nothing has been deleted: Peer support → Delete reviewed rows deletes these rows from the response tabs and their responses from the Google Forms. If the response tabs change first, run Retention review again.`,
    ]);
  }
  for (const note of review.notes) out.push(['Note', note]);
  out.push([], ['Tab', 'Rows listed'], ...review.tabs.map((t): ViewRow => [t.tab, t.rows.length]));
  if (listed > 0) out.push([], ['Tab', 'Row'], ...review.tabs.flatMap((t) => t.rows.map((row): ViewRow => [t.tab, row])));
  return out;
}

/** The tab once its rows are deleted: nothing left to act on. */
export function clearedReviewView(clearedAt: string): ViewRow[] {
  return [
    [RETENTION_REVIEW_TAB],
    ['Cleared', dateValue(clearedAt)],
    ['Listed', 'The rows the last review listed have been deleted (Data issues records how many). Choose Peer support → Retention review for a new review.'],
  ];
}
