/**
 * A view is rows of values: what a spreadsheet tab (Apps Script) or a table (the
 * generator) shows. Views are computed here, host-neutral; a host only writes them.
 * A date travels as ISO text marked as a date, so that a host can write a real
 * date cell (sortable, shown in the sheet's locale) rather than text.
 */

interface DateValue {
  /** `yyyy-mm-dd`, or `yyyy-mm-ddTHH:mm:ss` wall-clock time in the spreadsheet's zone. */
  date: string;
}

export type ViewValue = string | number | boolean | null | DateValue;
export type ViewRow = ViewValue[];

export function dateValue(iso: string | null | undefined): ViewValue {
  return iso ? { date: iso } : null;
}

export function isDateValue(value: unknown): value is DateValue {
  return typeof value === 'object' && value !== null && typeof (value as DateValue).date === 'string';
}

/** Pads rows to the same width: a spreadsheet range is a rectangle. */
export function rectangular(rows: readonly ViewRow[]): ViewRow[] {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 1);
  return rows.map((r) => (r.length === width ? [...r] : [...r, ...Array<ViewValue>(width - r.length).fill(null)]));
}
