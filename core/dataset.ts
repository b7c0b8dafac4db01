/**
 * From a raw workbook to a dataset: valid records per form, registrations merged,
 * and every data issue (data contract §2). Nothing is dropped silently: an excluded row is
 * listed with its tab, row number and reason, and a row staff voided (anything in a
 * `Void` column) as voided.
 */
import { DateTime } from 'luxon';
import { SYSTEM_COLUMNS, type FormDefinition, type Question } from './form.js';
import type { Settings } from './settings.js';
import { normaliseHeader, type Cell, type RawWorkbook, type SourceIssue } from './workbook.js';
import { compileRowReader, isBlank, type RowValues } from './validate.js';
import { readDate } from './dates.js';
import { keptFields, type Projection } from './projection.js';
import { append } from './arrays.js';

/** 'voided': a row staff withdrew through its Void column, left out on purpose (not a problem to correct). */
export type IssueSeverity = 'error' | 'duplicate' | 'warning' | 'voided';

export interface DataIssue {
  tab: string;
  /** The spreadsheet's row number (header = 1), or null for a problem with the whole tab. */
  row: number | null;
  severity: IssueSeverity;
  /** What is wrong, never quoting an answer: reasons reach reports. */
  reason: string;
  /**
   * The answer as typed, for staff (`peerkit check`) only: set where its column
   * cannot hold free text (a date, a number, a choice) and it is at most 20
   * characters. Reports and anything that leaves the provider leave it out.
   */
  answer?: string;
}

export interface DataRecord {
  form: string;
  tab: string;
  /** The spreadsheet's row number (header = 1). */
  row: number;
  values: RowValues;
}

export interface Dataset {
  settings: Settings;
  origin: string;
  /** Valid rows of each form, by form id, in sheet order. */
  records: Record<string, DataRecord[]>;
  /**
   * For registration forms (upsertBy): one merged record per identifier, each
   * non-blank answer of a later row winning. `row` is the latest row merged.
   */
  registered: Record<string, Map<string, DataRecord>>;
  issues: DataIssue[];
  /** Forms whose tab is missing or lacks a required column: their records are empty. */
  unreadable: Map<string, string>;
  /**
   * The dates of the rows left out (excluded, repeats, voided), by issueRowKey: each
   * date question's answer read as a date, or null where it cannot be read. A report
   * lists only the issues of rows dated in its period (data contract §2), and a row
   * left out has no record to say its date.
   */
  leftOutDates?: Map<string, Record<string, string | null>>;
}

/** The key of a row in Dataset.leftOutDates. */
export const issueRowKey = (tab: string, row: number) => `${tab}\u0000${row}`;

/** Identifiers that registration forms define, by pattern kind. */
const REGISTERS: Record<string, string> = { supporter: 'Supporter ID', woman: 'Prison number', mentor: 'Mentor ID' };

/** `projection`: the answers the records keep (core/projection.ts); by default every one. */
export function readDataset(workbook: RawWorkbook, forms: readonly FormDefinition[], settings: Settings, projection?: Projection): Dataset {
  const reading = new DatasetReader(workbook.origin, forms, settings, projection);
  for (const form of forms) {
    const wanted = normaliseHeader(form.tab);
    const tabs = workbook.tabs.filter((t) => normaliseHeader(t.name) === wanted);
    if (tabs.length !== 1) {
      reading.tabNotRead(form, tabs.map((t) => t.name));
      continue;
    }
    const tab = tabs[0]!;
    const rows = reading.form(form, tab.name);
    rows.header(tab.header);
    for (let i = 0; i < tab.rows.length; i++) rows.row(tab.rows[i]!, i);
    rows.end(tab.header, tab.issues ?? []);
  }
  return reading.finish();
}

/**
 * Builds a dataset a form at a time, each form's rows fed in as a source reads
 * them (a large CSV file need never be held whole): `form(f)` gives the reader
 * of its tab's rows, `finish()` the dataset once every form is read.
 */
export class DatasetReader {
  private readonly dataset: Dataset;
  private readonly done = new Map<string, FormRows>();

  constructor(
    origin: string,
    private readonly forms: readonly FormDefinition[],
    private readonly settings: Settings,
    private readonly projection?: Projection,
  ) {
    this.dataset = { settings, origin, records: {}, registered: {}, issues: [], unreadable: new Map(), leftOutDates: new Map() };
  }

  /** The reader of the form's tab; a source that reads the tab again (another encoding) asks again for a fresh one. */
  form(form: FormDefinition, tabName: string): FormRows {
    const rows = new FormRows(form, tabName, this.settings, keptFields(form, this.projection));
    this.done.set(form.id, rows);
    return rows;
  }

  /** The form's tab is missing, or there twice (`names`): reading either would leave the other's rows out unseen, so neither is read. */
  tabNotRead(form: FormDefinition, names: readonly string[]): void {
    const reason = names.length > 0 ? `tab "${form.tab}" is there ${names.length} times (${names.map((n) => `"${n}"`).join(', ')}); keep one` : `tab "${form.tab}" not found`;
    const rows = new FormRows(form, form.tab, this.settings);
    rows.unreadable = reason;
    rows.issues.push({ tab: form.tab, row: null, severity: 'error', reason });
    this.done.set(form.id, rows);
  }

  finish(): Dataset {
    const dataset = this.dataset;
    for (const form of this.forms) {
      const rows = this.done.get(form.id);
      if (!rows) throw new Error(`form ${form.id} was never read`);
      dataset.records[form.id] = rows.records;
      append(append(dataset.issues, rows.sourceIssues), rows.issues);
      if (rows.unreadable !== undefined) dataset.unreadable.set(form.id, rows.unreadable);
      for (const [key, dates] of rows.leftOutDates) dataset.leftOutDates!.set(key, dates);
      if (form.upsertBy) dataset.registered[form.id] = mergeRegistrations(rows.records, form.upsertBy);
    }
    warnUnknownIdentifiers(dataset, this.forms);
    // By tab in form order, then row; sort is stable, so a row's issues keep their order.
    const tabOrder = new Map(this.forms.map((f, i) => [f.tab, i]));
    dataset.issues.sort((a, b) => tabOrder.get(a.tab)! - tabOrder.get(b.tab)! || (a.row ?? 0) - (b.row ?? 0));
    return dataset;
  }
}

/**
 * One form's tab read row by row: `header`, then each data row in order, then
 * `end` with what the source met. What it finds is kept here until the dataset
 * is finished, so a tab read again from the start leaves nothing behind.
 */
class FormRows {
  readonly records: DataRecord[] = [];
  readonly issues: DataIssue[] = [];
  sourceIssues: DataIssue[] = [];
  readonly leftOutDates = new Map<string, Record<string, string | null>>();
  unreadable: string | undefined;
  private started = false;
  private columns: number[] | null = null;
  private system: SystemColumns = { void: [], all: null };
  private repeats: RepeatFinder | null = null;
  private dateColumns: { key: string; column: number }[] = [];
  private readonly readRow: ReturnType<typeof compileRowReader>;

  constructor(
    private readonly form: FormDefinition,
    private readonly tabName: string,
    private readonly settings: Settings,
    kept?: ReadonlySet<string>,
  ) {
    this.readRow = compileRowReader(form, settings, kept);
  }

  header(header: readonly string[]): void {
    this.started = true;
    this.columns = mapColumns(header, this.tabName, this.form, this);
    this.system = systemColumns(header);
    this.repeats = new RepeatFinder(this.system.all);
    const columns = this.columns;
    this.dateColumns = columns ? this.form.questions.flatMap((q, i) => (q.type === 'date' && columns[i] !== -1 ? [{ key: q.key, column: columns[i]! }] : [])) : [];
  }

  /** Data row `index` (spreadsheet row `index + 2`). */
  row(cells: readonly Cell[], index: number): void {
    const columns = this.columns;
    if (!columns) return;
    const form = this.form;
    const row = index + 2;
    if (isBlankRow(cells, this.system.all)) return;
    // Before the repeat check: a voided row is neither a repeat nor the row others repeat.
    if (isVoided(cells, this.system.void)) {
      this.noteDates(cells, row);
      this.issues.push({ tab: form.tab, row, severity: 'voided', reason: VOIDED });
      return;
    }
    const first = this.repeats!.earlier(cells, index);
    if (first !== undefined) {
      this.noteDates(cells, row);
      this.issues.push({ tab: form.tab, row, severity: 'duplicate', reason: `repeats row ${first + 2} exactly; counted once` });
      return;
    }
    const result = this.readRow(cells, columns);
    if (result.ok) this.records.push({ form: form.id, tab: form.tab, row, values: result.values });
    else {
      this.noteDates(cells, row);
      for (const { reason, answer } of result.problems) {
        this.issues.push({ tab: form.tab, row, severity: 'error', reason: `excluded: ${reason}`, ...(answer !== undefined ? { answer } : {}) });
      }
    }
  }

  /** The tab is read: `header` as read (a file with no header row has none), and what the source met while reading it. */
  end(header: readonly string[], sourceIssues: readonly SourceIssue[]): void {
    if (!this.started) this.header(header);
    this.sourceIssues = sourceIssues.map((issue) => ({ tab: this.form.tab, ...issue }));
    this.repeats?.release();
    this.repeats = null;
  }

  /** Read only for rows left out, which are few: a valid row's record has its dates. */
  private noteDates(cells: readonly Cell[], row: number): void {
    this.leftOutDates.set(issueRowKey(this.form.tab, row), Object.fromEntries(this.dateColumns.map((d) => [d.key, readDate(cells[d.column] ?? null, this.settings)])));
  }
}

/** The column index of each question, in declaration order; a missing optional column reads as blank (-1). */
function mapColumns(header: readonly string[], tabName: string, form: FormDefinition, reading: Pick<FormRows, 'issues' | 'unreadable'>): number[] | null {
  const byHeader = new Map<string, number[]>();
  header.forEach((h, i) => {
    const name = normaliseHeader(String(h ?? ''));
    if (name) byHeader.set(name, [...(byHeader.get(name) ?? []), i]);
  });
  const columns: number[] = [];
  const missingRequired: Question[] = [];
  const twice: string[] = [];
  for (const q of form.questions) {
    const found = byHeader.get(normaliseHeader(q.title));
    // Which of two same-named columns holds the answers cannot be known: reading either could count zeros.
    if (found && found.length > 1) twice.push(`"${q.title}" (columns ${found.map(columnLetters).join(' and ')})`);
    if (found) columns.push(found[0]!);
    else if (q.required) missingRequired.push(q);
    else {
      columns.push(-1);
      reading.issues.push({ tab: form.tab, row: 1, severity: 'warning', reason: `no column "${q.title}": read as blank` });
    }
  }
  const problems: string[] = [];
  if (missingRequired.length > 0) problems.push(`has no column ${missingRequired.map((q) => `"${q.title}"`).join(', ')} (was it renamed?)`);
  if (twice.length > 0) problems.push(`has ${twice.length === 1 ? 'a column' : 'columns'} twice: ${twice.join(', ')}; remove or rename one of each`);
  if (problems.length === 0) return columns;
  const reason = `tab "${tabName}" ${problems.join(', and ')}`;
  reading.unreadable = reason;
  reading.issues.push({ tab: form.tab, row: 1, severity: 'error', reason });
  return null;
}

/** Never the reason typed in Void: that may name a person, and reasons reach reports. */
const VOIDED = 'left out of every count ("Void" is filled in)';

interface SystemColumns {
  /** The columns headed Void (a person may add one twice). */
  void: number[];
  /** By column index, true for Void and Edit link: they are left out when telling blank rows and repeats. */
  all: boolean[] | null;
}

function systemColumns(header: readonly string[]): SystemColumns {
  const voidHeader = normaliseHeader(SYSTEM_COLUMNS.void);
  const editLinkHeader = normaliseHeader(SYSTEM_COLUMNS.editLink);
  const out: SystemColumns = { void: [], all: null };
  header.forEach((h, i) => {
    const name = normaliseHeader(String(h ?? ''));
    if (name !== voidHeader && name !== editLinkHeader) return;
    if (name === voidHeader) out.void.push(i);
    (out.all ??= [])[i] = true;
  });
  return out;
}

/** Anything in a Void cell voids the row; spaces are blank, and an unticked tick box (false) voids nothing. */
function isVoided(cells: readonly Cell[], columns: readonly number[]): boolean {
  for (const i of columns) {
    const cell = cells[i];
    if (!isBlank(cell) && cell !== false) return true;
  }
  return false;
}

/** A column's letters as the spreadsheet shows them: 0 → A, 25 → Z, 26 → AA. */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function cellKey(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  // The instant identifies a date cell; toMillis is far cheaper than formatting it.
  if (cell instanceof DateTime) return cell.isValid ? `@${cell.toMillis()}` : 'invalid';
  return typeof cell === 'string' ? cell.trim() : String(cell);
}

/** Blank apart from the system columns (an Edit link or a Void alone is no record). */
function isBlankRow(cells: readonly Cell[], skip: readonly boolean[] | null): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlank(cells[i]) && !skip?.[i]) return false;
  return true;
}

/**
 * The row's text for comparing: trimmed cells, trailing blanks left off, the
 * system columns read as blank (each response has its own edit link, so a double
 * submission would otherwise never be a repeat).
 */
export function rowKey(cells: readonly Cell[], skip: readonly boolean[] | null): string {
  let end = cells.length;
  while (end > 0 && (skip?.[end - 1] || isBlank(cells[end - 1]))) end--;
  let key = '';
  for (let i = 0; i < end; i++) key += (i ? '\u241f' : '') + (skip?.[i] ? '' : cellKey(cells[i]));
  return key;
}

/**
 * Finds rows identical in every column, in time linear in the rows whatever their
 * values, as rows stream past. A row's text for comparing is its trimmed cells
 * joined by ␟, trailing blanks left off, the system columns read as blank (each
 * response has its own edit link, so a double submission would otherwise never
 * be a repeat). Each row's text is kept as character codes in one growing typed
 * array, not a string per row (a million rows' strings would cost hundreds of
 * megabytes), with a 32-bit FNV-1a hash of it; rows whose hashes meet — by chance,
 * or crafted to — go into a map of their own keyed by the full text, so a flood of
 * colliding rows costs one lookup each, never a scan of the others.
 */
class RepeatFinder {
  /**
   * An open-addressing table of the first row with each hash, a slot as two
   * neighbouring numbers: the hash (as a signed 32-bit number), and the row's index
   * + 1 (0: an empty slot). Side by side, a probe of a large table touches memory
   * once, not twice.
   */
  private slots = new Int32Array(2 << 12);
  private filled = 0;
  /** Hashes that two different rows share: row text → index, for every row with that hash. */
  private readonly collided = new Map<number, Map<string, number>>();
  private readonly texts = new RowTexts();

  constructor(private readonly skip: readonly boolean[] | null) {}

  /** The index of an earlier identical row, or undefined (and this one is remembered). */
  earlier(cells: readonly Cell[], index: number): number | undefined {
    const hash = this.texts.write(cells, this.skip);
    const shared = this.collided.size > 0 ? this.collided.get(hash) : undefined;
    if (shared) {
      const key = this.texts.written();
      const match = shared.get(key);
      if (match === undefined) shared.set(key, index);
      return match;
    }
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const signed = hash | 0;
    let slot = hash & mask;
    for (; slots[2 * slot + 1] !== 0; slot = (slot + 1) & mask) {
      if (slots[2 * slot] !== signed) continue;
      const seen = slots[2 * slot + 1]! - 1;
      if (this.texts.sameAsWritten(seen)) return seen;
      this.collided.set(hash, new Map([[this.texts.text(seen), seen], [this.texts.written(), index]]));
      return undefined;
    }
    slots[2 * slot] = signed;
    slots[2 * slot + 1] = index + 1;
    this.texts.keep(index);
    if (++this.filled * 4 > slots.length) this.grow();
    return undefined;
  }

  /** Frees the row texts and the table now, not at the collector's next full pass: a large tab's run to a hundred megabytes. */
  release(): void {
    free(this.slots);
    this.texts.release();
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.slots = new Int32Array(old.length * 2));
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let slot = old[i]! & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[i]!;
      slots[2 * slot + 1] = old[i + 1]!;
    }
    free(old);
  }
}

/** A 32-bit FNV-1a hash of a text. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const SEPARATOR = 0x241f; // ␟
/** ␟ as one byte while every character so far is Latin-1 (none of them this control character). */
const NARROW_SEPARATOR = 0x1f;

/**
 * Rows' texts as character codes: one byte each while every character is Latin-1
 * (the usual case), two bytes once one is not. They fill blocks of up to a megabyte
 * or so, never copied to grow (a tab's texts can run to tens of megabytes). Row i's
 * text is in block `at[i] / 2^32`, from offset `at[i] % 2^32`, `length[i]` codes;
 * the latest row is written past the kept ones until `keep` keeps it.
 */
class RowTexts {
  private blocks: (Uint8Array | Uint16Array)[] = [new Uint8Array(FIRST_BLOCK)];
  /** Where the latest row begins and ends in the last block. */
  private used = 0;
  private top = 0;
  private at = new Float64Array(1024);
  private length = new Float64Array(1024);

  /** Writes the row's text after the kept ones and returns its FNV-1a hash (of the text with ␟ between cells). */
  write(cells: readonly Cell[], skip: readonly boolean[] | null): number {
    let end = cells.length;
    while (end > 0 && (skip?.[end - 1] || isBlank(cells[end - 1]))) end--;
    let hash = 0x811c9dc5;
    let block = this.blocks[this.blocks.length - 1]!;
    let at = this.used;
    for (let i = 0; i < end; i++) {
      const text = skip?.[i] ? '' : cellKey(cells[i]);
      if (at + text.length + 1 > block.length) {
        // The row so far moves to a new block (one large enough for it, if it is long).
        const size = Math.max(Math.min(BLOCK, block.length * 2), 2 * (at - this.used + text.length + 1));
        const fresh = block instanceof Uint16Array ? new Uint16Array(size) : new Uint8Array(size);
        fresh.set(block.subarray(this.used, at));
        at -= this.used;
        this.used = 0;
        this.blocks.push(fresh);
        block = fresh;
      }
      if (i > 0) {
        hash = Math.imul(hash ^ SEPARATOR, 0x01000193);
        block[at++] = block instanceof Uint8Array ? NARROW_SEPARATOR : SEPARATOR;
      }
      let k = 0;
      if (block instanceof Uint8Array) {
        // Apart, so each loop stores to one kind of array.
        for (; k < text.length; k++) {
          const c = text.charCodeAt(k);
          if (c > 0xff || c === NARROW_SEPARATOR) break;
          hash = Math.imul(hash ^ c, 0x01000193);
          block[at++] = c;
        }
        if (k === text.length) continue;
        block = this.widen();
      }
      for (; k < text.length; k++) {
        const c = text.charCodeAt(k);
        hash = Math.imul(hash ^ c, 0x01000193);
        block[at++] = c;
      }
    }
    this.top = at;
    return hash >>> 0;
  }

  /** Keeps the row just written as row `index`. */
  keep(index: number): void {
    if (index >= this.at.length) {
      this.at = grown(this.at, index * 2);
      this.length = grown(this.length, index * 2);
    }
    this.at[index] = (this.blocks.length - 1) * 2 ** 32 + this.used;
    this.length[index] = this.top - this.used;
    this.used = this.top;
  }

  sameAsWritten(index: number): boolean {
    const length = this.length[index]!;
    if (length !== this.top - this.used) return false;
    const [kept, from] = this.place(index);
    const block = this.blocks[this.blocks.length - 1]!;
    for (let i = 0; i < length; i++) if (kept[from + i] !== block[this.used + i]) return false;
    return true;
  }

  text(index: number): string {
    const [block, from] = this.place(index);
    return decode(block, from, from + this.length[index]!);
  }

  written(): string {
    return decode(this.blocks[this.blocks.length - 1]!, this.used, this.top);
  }

  release(): void {
    free(...this.blocks, this.at, this.length);
    this.blocks = [];
  }

  private place(index: number): [Uint8Array | Uint16Array, number] {
    const at = this.at[index]!;
    return [this.blocks[Math.floor(at / 2 ** 32)]!, at % 2 ** 32];
  }

  /** Every block as two bytes a character, for a character past Latin-1 (or the byte standing for ␟); returns the last block. */
  private widen(): Uint16Array {
    this.blocks = this.blocks.map((narrow) => {
      const wide = new Uint16Array(narrow.length);
      // Every ␟ so far was written as one byte, and no text held that byte itself.
      for (let i = 0; i < narrow.length; i++) wide[i] = narrow[i] === NARROW_SEPARATOR ? SEPARATOR : narrow[i]!;
      free(narrow);
      return wide;
    });
    return this.blocks[this.blocks.length - 1] as Uint16Array;
  }
}

/** Character codes in a block of one size or another, as text. */
function decode(block: Uint8Array | Uint16Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i += 8192) text += String.fromCharCode.apply(null, block.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  // In a one-byte block that byte is only ever ␟ (see RowTexts).
  return block instanceof Uint8Array ? text.replace(/\u001f/g, '\u241f') : text;
}

/** Character codes the first block holds; each next one twice as many, up to BLOCK (more for a row longer than that). */
const FIRST_BLOCK = 1 << 12;
const BLOCK = 1 << 20;

function grown(array: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(size);
  bigger.set(array);
  free(array);
  return bigger;
}

/**
 * Gives typed arrays' memory back at once (transferring a buffer to length 0 frees
 * it): memory outside the heap is otherwise freed only when the collector next
 * collects the old generation, and a large tab's blocks would pile up until then.
 * Only for arrays nothing else refers to; where a runtime lacks transfer (an older
 * Apps Script V8), the collector frees them as before.
 */
function free(...arrays: { buffer: ArrayBufferLike }[]): void {
  for (const { buffer } of arrays) {
    const transferable = buffer as ArrayBufferLike & { transfer?: (length: number) => ArrayBuffer };
    if (buffer instanceof ArrayBuffer && typeof transferable.transfer === 'function') transferable.transfer(0);
  }
}

export function mergeRegistrations(records: DataRecord[], idKey: string): Map<string, DataRecord> {
  // Later means a later Timestamp; rows with equal timestamps keep sheet order.
  const ordered = [...records].sort((a, b) => String(a.values.timestamp ?? '').localeCompare(String(b.values.timestamp ?? '')) || a.row - b.row);
  const merged = new Map<string, DataRecord>();
  for (const record of ordered) {
    const id = record.values[idKey] as string;
    const earlier = merged.get(id);
    if (!earlier) {
      merged.set(id, { ...record, values: { ...record.values } });
      continue;
    }
    for (const [key, value] of Object.entries(record.values)) if (value !== null) earlier.values[key] = value;
    earlier.row = record.row;
  }
  return merged;
}

/**
 * The register of each kind of identifier: the first form upserted by it (Women for
 * prison numbers); a later one (Release planning) is checked against it like any other.
 */
export function registersOf(forms: readonly FormDefinition[]): Map<string, string> {
  const registerOf = new Map<string, string>();
  for (const form of forms) {
    const kind = form.questions.find((q) => q.key === form.upsertBy)?.pattern?.kind;
    if (kind !== undefined && !registerOf.has(kind)) registerOf.set(kind, form.id);
  }
  return registerOf;
}

/**
 * The warnings of `form`'s records naming an identifier its register does not know
 * (data contract §2). `known` gives a register's identifiers, or undefined where they
 * cannot be told (its tab unreadable, or not read): then nothing is said.
 */
export function unknownIdentifierIssues(
  form: FormDefinition,
  records: readonly DataRecord[],
  forms: readonly FormDefinition[],
  known: (registerId: string) => { has(id: string): boolean } | undefined,
): DataIssue[] {
  const registerOf = registersOf(forms);
  const issues: DataIssue[] = [];
  for (const q of form.questions) {
    const registerId = q.pattern && registerOf.get(q.pattern.kind);
    if (!registerId || registerId === form.id) continue;
    const ids = known(registerId);
    if (!ids) continue;
    const register = forms.find((f) => f.id === registerId)!;
    // Other schemes' identifiers are named by their register's own question ("Buddy ID").
    const what = REGISTERS[q.pattern!.kind] ?? register.questions.find((x) => x.key === register.upsertBy)!.title;
    for (const record of records) {
      const value = record.values[q.key];
      let unknown = 0;
      if (Array.isArray(value)) for (const id of value) unknown += ids.has(id) ? 0 : 1;
      else if (typeof value === 'string' && !ids.has(value)) unknown = 1;
      if (unknown > 0) {
        const count = unknown === 1 ? `a ${what}` : `${unknown} ${what}s`;
        issues.push({ tab: form.tab, row: record.row, severity: 'warning', reason: `"${q.title}" names ${count} that no ${register.tab} row registers; still counted` });
      }
    }
  }
  return issues;
}

/** A Supporter ID or Prison number that no registration row knows is a warning (data contract §2). */
function warnUnknownIdentifiers(dataset: Dataset, forms: readonly FormDefinition[]): void {
  const known = (registerId: string) => (dataset.unreadable.has(registerId) ? undefined : dataset.registered[registerId]);
  for (const form of forms) append(dataset.issues, unknownIdentifierIssues(form, dataset.records[form.id]!, forms, known));
}
