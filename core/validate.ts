/**
 * The row validator: a zod schema built from a form declaration. Each question's
 * raw cell becomes a typed value (dates as ISO text, checkboxes as lists,
 * identifiers trimmed and upper-cased, choices in their declared spelling) or a
 * reason the row is excluded. Reasons never repeat a personal answer.
 */
import { z } from 'zod';
import type { FormDefinition, Question } from './forms/types.js';
import type { Cell } from './workbook.js';
import { readDate, readTimestamp, type DateSettings } from './dates.js';

export type Value = string | number | string[] | null;
export type RowValues = Record<string, Value>;

/** Checkbox answers arrive in one cell joined by ", ". */
export const CHECKBOX_SEPARATOR = ', ';

export function isBlank(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function normaliseIdentifier(text: string): string {
  return text.trim().toUpperCase();
}

function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell.trim() : String(cell);
}

/**
 * Quotes a wrong answer in a message only when it cannot be anyone's name: not a
 * personal question, and no letters in it (a mistyped date or number). Anything
 * else is left for the reader to see at the row, since issues reach reports.
 */
function shown(q: Question, value: Cell): string {
  const text = cellText(value);
  return q.personal || /\p{L}/u.test(text) || text.length > 40 ? '' : ` "${text}"`;
}

type Ctx = z.core.$RefinementCtx;

function fail(ctx: Ctx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

/** Matches a choice trimmed and case-insensitively; returns the declared spelling. */
function choiceMatcher(choices: readonly string[]): (text: string) => string | undefined {
  const byLower = new Map(choices.map((c) => [c.toLowerCase(), c]));
  return (text) => byLower.get(text.trim().toLowerCase());
}

function questionSchema(q: Question, dates: DateSettings): z.ZodType<Value> {
  const label = `"${q.title}"`;
  const required = (cell: Cell, ctx: Ctx): boolean => {
    if (!isBlank(cell)) return true;
    if (q.required) fail(ctx, `${label} is required but blank`);
    return false;
  };
  const pattern = q.pattern ? new RegExp(q.pattern.regex) : null;
  const identifier = (text: string, ctx: Ctx): string | null => {
    const id = normaliseIdentifier(text);
    if (pattern && !pattern.test(id)) {
      fail(ctx, `${label} does not match the pattern ${q.pattern!.example}`);
      return null;
    }
    return id;
  };
  const matchChoice = q.choices ? choiceMatcher(q.choices) : null;

  return z.custom<Cell>().transform((cell: Cell, ctx): Value => {
    if (!required(cell, ctx)) return null;
    switch (q.type) {
      case 'timestamp':
      case 'date': {
        const iso = q.type === 'date' ? readDate(cell, dates) : readTimestamp(cell, dates);
        return iso ?? fail(ctx, `${label} is not a date that can be read${shown(q, cell) ? `:${shown(q, cell)}` : ''}`);
      }
      case 'number': {
        const n = typeof cell === 'number' ? cell : Number(cellText(cell));
        const ok =
          Number.isFinite(n) &&
          (q.min === undefined || n >= q.min) &&
          (q.max === undefined || n <= q.max) &&
          (!q.integer || Number.isInteger(n));
        if (ok) return n;
        const range = q.max !== undefined ? ` from ${q.min ?? 0} to ${q.max}` : q.min !== undefined ? ` of ${q.min} or more` : '';
        return fail(ctx, `${label} must be a${q.integer ? ' whole' : ''} number${range}${shown(q, cell) ? `, not${shown(q, cell)}` : ''}`);
      }
      case 'choice':
      case 'scale': {
        const text = cellText(cell);
        const choice = matchChoice!(text);
        return choice ?? fail(ctx, `${label} has an answer${shown(q, cell)} that is not one of: ${q.choices!.join(', ')}`);
      }
      case 'checkboxes': {
        const parts = cellText(cell)
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '');
        if (parts.length === 0) return q.required ? fail(ctx, `${label} is required but blank`) : null;
        const out: string[] = [];
        for (const part of parts) {
          if (matchChoice) {
            const choice = matchChoice(part);
            if (!choice) return fail(ctx, `${label} has an answer${shown(q, part)} that is not one of: ${q.choices!.join(', ')}`);
            out.push(choice);
          } else {
            const id = identifier(part, ctx);
            if (id === null) return z.NEVER;
            out.push(id);
          }
        }
        return [...new Set(out)];
      }
      case 'text':
      case 'paragraph': {
        const text = cellText(cell);
        return pattern ? (identifier(text, ctx) ?? z.NEVER) : text;
      }
    }
  });
}

/** The zod schema of one form's rows: an object of raw cells keyed by question key. */
export function rowSchema(form: FormDefinition, dates: DateSettings) {
  const shape: Record<string, z.ZodType<Value>> = {};
  for (const q of form.questions) shape[q.key] = questionSchema(q, dates);
  return z.object(shape);
}

export type RowResult = { ok: true; values: RowValues } | { ok: false; reasons: string[] };

export function validateRow(schema: ReturnType<typeof rowSchema>, cells: Record<string, Cell>): RowResult {
  const result = schema.safeParse(cells);
  if (result.success) return { ok: true, values: result.data as RowValues };
  return { ok: false, reasons: result.error.issues.map((i) => i.message) };
}
