/**
 * What a submission needs beyond its own rows, kept by each rebuild in the document
 * properties (read once per execution anyway), so that a submission costs a fixed
 * number of calls whatever the size of the workbook: the spreadsheet's time zone
 * and locale, each linked response tab's header, the identifiers each register
 * knows, and where Data issues ends.
 *
 * Why it stays right when staff edit the sheet by hand: the onEdit simple trigger
 * (main.ts) runs for every value a person changes and marks that tab "edited by
 * hand" (Store.markEditedByHand); a submission trusts nothing cached of a tab so
 * marked, and leaves what needs it to the next rebuild (at most an hour, and the
 * edit has marked the views out of date, so that rebuild runs). Inserting or
 * deleting a column is not a value change (Google runs no onEdit for it): a
 * submission checks the cached header against the rows it reads (submit.ts,
 * headerFits) and leaves its row to the rebuild when they disagree. Deleting a
 * whole row of a register by hand is the one edit neither sees: an identifier of
 * that row stays known to submissions until the next rebuild, so a warning can come
 * up to an hour late; never a wrong one.
 */
import type { Store } from './store.js';

export interface SubmissionCache {
  timeZone: string;
  locale: string;
  /** Each linked response tab's header row as text, by sheet id. */
  headers: Record<string, string[]>;
  /** The identifiers each register knows, by register form id; a register too big to keep is left out (then not checked on submission). */
  registers: Record<string, string[]>;
  /** The Data issues tab: its sheet id, and the first row after its last. */
  issues: { sheetId: number; nextRow: number } | null;
}

/**
 * A register's identifiers are kept while all the cache stays under this many
 * characters (of the 500 kB the document properties may hold, the retention
 * review may need 200 kB): about 10,000 prison numbers.
 */
const MAX_CACHE_CHARS = 120_000;

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

export function readSubmissionCache(store: Store): SubmissionCache | null {
  const text = store.submissionCache();
  if (text === null) return null;
  try {
    const c = JSON.parse(text) as Partial<SubmissionCache>;
    if (typeof c.timeZone !== 'string' || typeof c.locale !== 'string' || typeof c.headers !== 'object' || typeof c.registers !== 'object' || c.headers === null || c.registers === null) return null;
    const headers = Object.fromEntries(Object.entries(c.headers).filter((e): e is [string, string[]] => isStringArray(e[1])));
    const registers = Object.fromEntries(Object.entries(c.registers).filter((e): e is [string, string[]] => isStringArray(e[1])));
    const issues = c.issues && typeof c.issues.sheetId === 'number' && typeof c.issues.nextRow === 'number' ? c.issues : null;
    return { timeZone: c.timeZone, locale: c.locale, headers, registers, issues };
  } catch {
    return null;
  }
}

/** Stores the cache; registers are left out, largest first, while it is over budget. */
export function writeSubmissionCache(store: Store, cache: SubmissionCache): void {
  const registers = { ...cache.registers };
  let text = JSON.stringify({ ...cache, registers });
  const bySize = Object.keys(registers).sort((a, b) => registers[b]!.length - registers[a]!.length);
  while (text.length > MAX_CACHE_CHARS && bySize.length > 0) {
    delete registers[bySize.shift()!];
    text = JSON.stringify({ ...cache, registers });
  }
  store.setSubmissionCache(text);
}
