/**
 * A view cut short to fit Google Sheets' cell limit (cell-budget.ts): it keeps its
 * head and says, in plain words right below it, how many rows it does not list.
 * Never cut silently.
 */

/** The note on a view cut short: plain words, said where the view begins. */
export function cutShortNote(left: number, what: string, rest: string): string {
  return `${String(left).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} more ${what} not listed here: the spreadsheet is near Google Sheets' limit of 10,000,000 cells. ${rest}`;
}

/**
 * A view's rows bounded to `fits` rows: its head (header, summary) always, then as
 * many of the rest as fit, a note saying how many are not listed right after the head.
 */
export function boundRows<T>(head: readonly T[], body: readonly T[], fits: number, note: (left: number) => T): T[] {
  if (head.length + body.length <= fits) return [...head, ...body];
  const shown = Math.max(fits - head.length - 1, 0); // one row for the note
  return [...head, note(body.length - shown), ...body.slice(0, shown)];
}
