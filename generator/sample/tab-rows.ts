/**
 * A tab as its form declares it: the sample reads tab names, column titles and
 * answer choices from the registered schemes' forms (formsOf(SCHEMES)), never
 * retyped, and collects each tab's rows as strings, sorted as a response tab is.
 */
import type { FormDefinition } from '../../core/form.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import type { Tab } from '../../core/workbook.js';

const FORMS = new Map(formsOf(SCHEMES).map((f) => [f.id, f]));

function formById(id: string): FormDefinition {
  const form = FORMS.get(id);
  if (!form) throw new Error(`sample generator: no form "${id}" among the registered schemes' forms`);
  return form;
}

export function choicesOf(formId: string, key: string): readonly string[] {
  const q = formById(formId).questions.find((x) => x.key === key);
  if (!q?.choices) throw new Error(`sample generator: ${formId}.${key} has no choices`);
  return q.choices;
}

/** Collects one tab's rows with their submission times, then sorts them as a response tab is. */
export class TabRows {
  readonly form: FormDefinition;
  readonly width: number;
  readonly col: Record<string, number>;
  readonly rows: string[][] = [];
  readonly keys: number[] = [];
  constructor(formId: string) {
    this.form = formById(formId);
    this.width = this.form.questions.length;
    this.col = Object.fromEntries(this.form.questions.map((q, i) => [q.key, i]));
  }
  /** A new blank row, appended; `key` orders it (seconds since the calendar's first day). */
  add(key: number): string[] {
    const row = new Array<string>(this.width).fill('');
    this.rows.push(row);
    this.keys.push(key);
    return row;
  }
  /** An exact copy of a row, submitted twice: it lands just after the original. */
  repeat(index: number): void {
    this.rows.push(this.rows[index]!.slice());
    this.keys.push(this.keys[index]!);
  }
  /** The tab, rows in submission order (ties in the order they were added). */
  tab(sort = true): Tab {
    const header = this.form.questions.map((q) => q.title);
    if (!sort) return { name: this.form.tab, header, rows: this.rows };
    // One number per row: seconds (< 2^28) * 2^24 + index, sorted without a comparator.
    const n = this.rows.length;
    if (n >= 2 ** 24) throw new Error('sample generator: too many rows in one tab');
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = this.keys[i]! * 16777216 + i;
    packed.sort();
    const rows = new Array<string[]>(n);
    for (let i = 0; i < n; i++) rows[i] = this.rows[packed[i]! % 16777216]!;
    return { name: this.form.tab, header, rows };
  }
}

// Cells as text, built once: the generator writes millions of them at scale 100.

/** Every checkbox answer of `choices`, indexed by bit mask (bit i: choice i ticked), joined by ", ". */
export function subsetTexts(choices: readonly string[]): string[] {
  const out: string[] = [];
  for (let mask = 0; mask < 1 << choices.length; mask++) {
    out.push(choices.filter((_, i) => mask & (1 << i)).join(', '));
  }
  return out;
}

export const NUMBER_TEXT: string[] = Array.from({ length: 601 }, (_, i) => String(i));
