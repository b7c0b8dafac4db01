/**
 * Hostile workbooks for the property test (hostile-workbooks.test.ts): fast-check
 * arbitraries for the contract's tabs, writers that put a workbook on disk as real
 * CSV bytes (in an encoding of its own per file) or as an .xlsx, and, for every
 * data row written, what peerkit must make of it.
 *
 * Each cell is drawn together with its verdict: an answer that reads, or one that
 * leaves the row out by a rule the README states (a date that cannot be read, an
 * answer not in its list, an identifier breaking its pattern, a number typed
 * otherwise than a person types one). The expected outcome of a row is then known
 * without re-implementing the validation under test.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import type { FormDefinition, IdentifierPattern, Question } from '../../core/form.js';
import { normaliseHeader } from '../../core/workbook.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { toWorkbookCsv } from '../../generator/sources/csv.js';
import { MAX_CELL_TEXT } from '../../generator/sources/limits.js';

/**
 * Starts every answer planted in a free-text or identifier column (and every
 * identifier that breaks its pattern there), for the leak check: "_" never occurs
 * in the random part of a temporary folder's name, which reports may show.
 */
const MARKER = 'Zq7x_';
export const MARKER_PATTERN = /zq7x_/i;

/** How an .xlsx holds a cell; a CSV holds its text. */
type CellType = 'text' | 'number' | 'boolean' | 'date';

interface GenCell {
  /** As typed: a date cell's text is dd/mm/yyyy[ HH:MM:SS], a boolean's TRUE or FALSE. */
  text: string;
  type: CellType;
  /** Whether the answer, when not blank, leaves the row out. */
  bad: boolean;
}

const cell = (text: string, bad = false, type: CellType = 'text'): GenCell => ({ text, type, bad });
const two = (n: number) => String(n).padStart(2, '0');

export function isBlankCell(c: GenCell | undefined): boolean {
  return c === undefined || (c.type === 'text' && c.text.trim() === '');
}

/** Whether a cell's answer reads for its question: blank is fine unless the question is required. */
function answers(q: Question, c: GenCell | undefined): boolean {
  return isBlankCell(c) ? !q.required : !c!.bad;
}

// ---------------------------------------------------------------------------------
// Cells

const marker = fc.stringMatching(/^[a-z0-9]{6}$/).map((s) => MARKER + s);
const padded = (a: fc.Arbitrary<string>) =>
  fc.tuple(fc.constantFrom('', '', '', ' ', '  '), a, fc.constantFrom('', '', '', ' ', '\t')).map(([l, t, r]) => l + t + r);
/** `arb` about one time in `n`, else undefined. */
const sometimes = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const cased = (a: fc.Arbitrary<string>) => fc.tuple(a, fc.nat(3)).map(([s, k]) => (k === 1 ? s.toLowerCase() : k === 2 ? s.toUpperCase() : s));

/** Blank answers: nothing, or only spaces (trimmed away in both formats). */
const blank = fc.constantFrom('', '', ' ', '\t', '  ', '\u00a0').map((t) => cell(t));

/** Answers no date, number, choice or identifier column accepts: formula-like, hex and exponent numbers, text with quotes, commas and line ends. */
const HOSTILE = ['=1+2', '@x', '-x', '+x', '=HYPERLINK("x")', '0x1F', '1e21', 'Infinity', '"quoted"', 'a, b', 'line one\nline two', 'two\r\nlines', 'cr\ronly', '12,5', 'é', '😀', "'30", '３０', '\u200b'];
const hostile = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE).map((t) => cell(t, true)) },
  { weight: 1, arbitrary: fc.constantFrom('TRUE', 'FALSE').map((t) => cell(t, true, 'boolean')) },
);

/** Text pieces of free-text answers: quotes, commas, line ends, formulas, non-ASCII, markup. */
const PIECES = [
  'Example',
  'seen at reception',
  ' ',
  'é',
  'Zoë',
  'café €5',
  'naïve',
  '😀',
  '"quoted"',
  '""',
  "'",
  'a, b',
  ',',
  '\r\n',
  '\n',
  '\r',
  '=1+2',
  '+44 7700 900123',
  '@SUM(A1)',
  '-x',
  '\tx',
  '0x1F',
  '1e21',
  '31/02/2021',
  '<b>bold</b>',
  '&amp;',
  '_x0041_',
  '\u00a0',
  '\ufeff',
  '\u200b',
];

/** A very long run of text (rarely): some under the 50,000 characters a spreadsheet cell holds, some over. */
const huge = fc
  .tuple(fc.constantFrom('lorem ipsum ', 'é', '😀', '""', 'x'), fc.oneof(fc.integer({ min: 20_000, max: 44_000 }), fc.integer({ min: 55_000, max: 60_000 })))
  .map(([unit, n]) => unit.repeat(Math.floor(n / unit.length))); // whole units: an emoji never split

/** At most three commas a line: see freeText. */
function fewCommas(text: string): string {
  let n = 0;
  return text.replace(/,/g, () => (++n <= 3 ? ',' : ';'));
}

function freeText(personal: boolean): fc.Arbitrary<GenCell> {
  const piece = fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...PIECES) },
    { weight: 10, arbitrary: fc.string({ maxLength: 10 }) },
    { weight: personal ? 12 : 0, arbitrary: marker },
    { weight: 1, arbitrary: fc.oneof({ weight: 1, arbitrary: huge }, { weight: 39, arbitrary: fc.constant('') }) },
  );
  const usual = fc.array(piece, { minLength: 1, maxLength: 4 }).map((pieces) => {
    const t = pieces.join('');
    // A CSV cell running over line ends is taken for a quote never closed when it
    // passes 50,000 characters or one of its lines reads as a whole row (csv.ts).
    // Usually huge text stays on one line and multi-line text keeps to three commas,
    // so that what the reader must make of each row is known exactly.
    if (t.length > 10_000) return t.replace(/[\r\n]/g, ' ');
    return /[\r\n]/.test(t) ? fewCommas(t) : t;
  });
  // Rarely, such evidence in a cell that does close (see WrittenTab.exact).
  const misleading = fc.oneof(
    fc.tuple(usual, fc.integer({ min: 4, max: 12 })).map(([t, commas]) => `${t}\n${'x,'.repeat(commas)}y\n${t}`),
    fc.integer({ min: 4_500, max: 6_000 }).map((n) => 'note line\n'.repeat(n)),
  );
  const text = fc
    .oneof({ weight: 1000, arbitrary: usual }, { weight: 1, arbitrary: misleading })
    // write-excel-file keeps its shared strings in a plain object: "valueOf" or
    // "constructor" would write a broken .xlsx (which peerkit refuses, in one line).
    .filter((t) => !(t in Object.prototype));
  return fc.oneof(
    { weight: 12, arbitrary: text.map((t) => cell(t)) },
    // Wrong types are still text to a free-text question.
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => cell(String(n), false, 'number')) },
    { weight: 1, arbitrary: fc.constantFrom('TRUE', 'FALSE').map((t) => cell(t, false, 'boolean')) },
    { weight: 1, arbitrary: fc.constantFrom('01/04/2021', '15/05/2021').map((t) => cell(t, false, 'date')) },
  );
}

const SUPPORTER_IDS = ['PS-001', 'PS-002', 'PS-003', 'PS-004', 'PS-005', 'PS-0123'];
const PRISON_NUMBERS = ['A1234BC', 'B2345CD', 'C3456DE', 'D4567EF'];
const NATIONAL = '^[A-Z]\\d{4}[A-Z]{2}$';

/**
 * A few identifiers of a per-site pattern (prefix and digits, as its example: B-001,
 * LD-0001), so that rows share them; a pattern of another shape has no generator.
 */
function siteIdentifiers(pattern: IdentifierPattern): string[] {
  if (pattern.kind === 'supporter') return SUPPORTER_IDS;
  const [, prefix, digits] = /^(\D+)(\d+)$/.exec(pattern.example) ?? [];
  const ids = prefix && digits ? [1, 2, 3, 4, 5, 123].map((n) => prefix + String(n).padStart(digits.length, '0')) : [];
  if (ids.length === 0 || !ids.every((id) => new RegExp(pattern.regex).test(id))) throw new Error(`no generator for identifiers like ${pattern.example}`);
  return ids;
}

/** Identifiers that break a per-site pattern: too few digits, letters, a space for the dash. */
function badSiteIdentifiers(pattern: IdentifierPattern): string[] {
  if (pattern.kind === 'supporter') return ['PS-01', 'PS-ABC', 'PS 001'];
  const [, prefix] = /^(\D+)(\d+)$/.exec(pattern.example)!;
  return [`${prefix}01`, `${prefix}ABC`, `${prefix!.replace('-', ' ')}${siteIdentifiers(pattern)[0]!.slice(prefix!.length)}`];
}
const letter = fc.constantFrom(...'ABCDEFGHJKLMNPRSTVWXYZ');
const prisonNumber = fc.oneof(
  fc.constantFrom(...PRISON_NUMBERS),
  fc.tuple(letter, fc.integer({ min: 0, max: 9999 }), letter, letter).map(([a, n, b, c]) => `${a}${String(n).padStart(4, '0')}${b}${c}`),
);
/** A day of 2021 as [day, month]: any up to the 28th, or (one time in eight) a quarter's first or last day. */
const day = fc.oneof(
  { weight: 7, arbitrary: fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 })) },
  { weight: 1, arbitrary: fc.constantFrom<[number, number]>([1, 1], [31, 3], [1, 4], [30, 6], [1, 7], [30, 9], [1, 10], [31, 12]) },
);

function validAnswer(q: Question): fc.Arbitrary<GenCell> {
  switch (q.type) {
    case 'date':
      return fc.tuple(day, fc.nat(5)).map(([[d, m], v]) => {
        const dmy = `${two(d)}/${two(m)}/2021`;
        return [cell(dmy, false, 'date'), cell(dmy), cell(`${d}/${m}/2021`), cell(`2021-${two(m)}-${two(d)}`), cell(` ${dmy} `), cell(`${dmy} 14:30`)][v]!;
      });
    case 'choice':
    case 'scale':
      return padded(cased(fc.constantFrom(...q.choices!))).map((t) => cell(t));
    case 'checkboxes': {
      const items = q.choices ? [...q.choices] : q.pattern ? siteIdentifiers(q.pattern) : SUPPORTER_IDS;
      return fc
        .tuple(fc.subarray(items, { minLength: 1, maxLength: Math.min(3, items.length) }), fc.constantFrom(', ', ',', ' , '), fc.boolean())
        .map(([picked, sep, lower]) => cell((lower ? picked.map((p) => p.toLowerCase()) : picked).join(sep)));
    }
    case 'text':
    case 'paragraph':
      if (q.pattern?.regex === NATIONAL) return padded(cased(prisonNumber)).map((t) => cell(t));
      if (q.pattern) return padded(cased(fc.constantFrom(...siteIdentifiers(q.pattern)))).map((t) => cell(t));
      return freeText(q.personal === true);
    case 'number': {
      const lo = Math.ceil(q.min ?? 0);
      const hi = Math.floor(q.max ?? lo + 1000);
      const whole = fc.integer({ min: lo, max: hi });
      // Thousandths too (12.345 reads; a sum is rounded to the penny only at the end), and pounds as staff type them.
      const fraction = fc.tuple(fc.integer({ min: lo, max: hi - 1 }), fc.integer({ min: 1, max: 999 })).map(([n, f]) => `${n}.${String(f).padStart(3, '0').replace(/0+$/, '')}`);
      return fc.oneof(
        whole.map((n) => cell(String(n), false, 'number')),
        whole.map((n) => cell(String(n))),
        whole.map((n) => cell(n >= 0 ? ` +${n} ` : ` ${n} `)),
        ...(q.integer ? [] : [fc.integer({ min: lo, max: hi - 1 }).map((n) => cell(`${n}.5`, false, 'number')), fraction.map((t) => cell(t, false, 'number')), fraction.map((t) => cell(t))]),
        ...(q.money ? [fc.tuple(fc.integer({ min: lo, max: hi - 1 }), fc.integer({ min: 0, max: 99 })).map(([n, p]) => cell(`£${n}.${two(p)}`))] : []),
      );
    }
    case 'timestamp':
      throw new Error('timestamps are drawn by the row (each is unique)');
  }
}

function badAnswer(q: Question): fc.Arbitrary<GenCell> {
  const bad = (...texts: string[]) => fc.constantFrom(...texts).map((t) => cell(t, true));
  const personal = q.personal ? [marker.map((m) => cell(m, true))] : [];
  // ",," reads as no answer at all in a list: fine unless the question is required.
  const emptyList = cell(',,', q.required === true);
  switch (q.type) {
    case 'date':
      return fc.oneof(bad('31/02/2021', '29/02/2021', '31/04/2021', '00/01/2021', '13/13/2021', '32/01/2021', '2021-02-30', 'next week', "'01/04/2021"), hostile);
    case 'choice':
    case 'scale':
      return fc.oneof(bad('Maybe', ...(q.choices!.length > 1 ? [`${q.choices![0]}, ${q.choices![1]}`] : [])), fc.constant(cell('7', true, 'number')), hostile);
    case 'checkboxes':
      if (q.choices) return fc.oneof(bad('Hugs', `${q.choices[0]}; ${q.choices[1]}`), fc.constant(emptyList), hostile);
      {
        const ids = q.pattern ? siteIdentifiers(q.pattern) : SUPPORTER_IDS;
        const wrong = q.pattern ? badSiteIdentifiers(q.pattern) : ['PS-01', 'PS-ABC'];
        return fc.oneof(bad(wrong[0]!, `${ids[0]}; ${ids[1]}`, wrong[1]!), fc.constant(emptyList), hostile, ...personal, ...personal.map((m) => m.map((c) => cell(`${ids[0]}, ${c.text}`, true))));
      }
    case 'text':
    case 'paragraph':
      if (q.pattern && q.pattern.regex !== NATIONAL) return fc.oneof(bad(...badSiteIdentifiers(q.pattern)), hostile, ...personal);
      if (q.pattern) return fc.oneof(bad('A123BC', 'A1234B', 'AB1234C', 'A1234BC\u200b'), fc.constant(cell('1234', true, 'number')), hostile, ...personal);
      return validAnswer(q); // free text: nothing is wrong with it
    case 'number': {
      const out = [...(q.min !== undefined ? [String(q.min - 1)] : []), ...(q.max !== undefined ? [String(q.max + 1)] : [])];
      return fc.oneof(
        ...(out.length > 0 ? [fc.constantFrom(...out).map((t) => cell(t, true, 'number'))] : []),
        ...(q.integer ? [fc.constant(cell(`${q.min ?? 0}.5`, true, 'number'))] : []),
        bad('+44 7700 900123', ' 1 2 ', '£5', '5 minutes'),
        // A real date cell is a serial number (44,000 or so) in an .xlsx: out of range only where there is a maximum.
        ...(q.max !== undefined && q.max < 40_000 ? [fc.constant(cell('01/04/2021', true, 'date'))] : []),
        hostile,
      );
    }
    case 'timestamp':
      throw new Error('timestamps are drawn by the row');
  }
}

/** A clean row has only answers that read (hostile text only where text is free); a hostile one has anything. */
function answer(q: Question, hostileRow: boolean): fc.Arbitrary<GenCell> {
  const choices: { weight: number; arbitrary: fc.Arbitrary<GenCell> }[] = [
    { weight: hostileRow ? 1 : q.required ? 0 : 3, arbitrary: blank },
    { weight: hostileRow ? 4 : 7, arbitrary: validAnswer(q) },
    { weight: hostileRow ? 4 : 0, arbitrary: badAnswer(q) },
  ];
  return fc.oneof(...choices.filter((c) => c.weight > 0));
}

// ---------------------------------------------------------------------------------
// Tabs and workbooks

/** How a row's Timestamp is drawn; the text is made once the row's place is known, unique in its tab. */
type Stamp = { mode: 'valid'; asDate: boolean } | { mode: 'invalid'; variant: number } | { mode: 'blank' } | { mode: 'boolean' };

type RowSpec =
  | { kind: 'new'; cells: GenCell[]; stamp: Stamp }
  | { kind: 'blank'; style: 'commas' | 'spaces' | 'empty' }
  /** An exact repeat of an earlier new row (the `of`-th, modulo how many there are). */
  | { kind: 'copy'; of: number };

type Encoding = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'utf16be-bom' | 'windows-1252';

interface Layout {
  form: FormDefinition;
  /** The header as written. */
  header: string[];
  /** The question each column answers (the first column of a title), or undefined (unknown, repeated or empty title). */
  questionAt: (Question | undefined)[];
  /**
   * A tab problem: a title twice (which column holds the answers is not known) or
   * a required column missing. The tab is unreadable; its rows are not read one by one.
   */
  problem: boolean;
}

interface TabSpec {
  layout: Layout;
  present: boolean;
  /** The file or sheet name: the tab's, or the same in other case. */
  nameCase: 'as-is' | 'lower' | 'upper';
  /** Written twice, under names alike but for case or spaces. */
  twice: boolean;
  rows: RowSpec[];
  /** A value far to the right of the header, on a row after the others (blank rows between). */
  far?: { rowsBeyond: number; column: number; cell: GenCell };
  csv: {
    encoding: Encoding;
    /** ".csv" or ".CSV". */
    extension: string;
    eol: '\r\n' | '\n' | '\r';
    finalEol: boolean;
    /** Rows written without their trailing empty cells, as a hand-made CSV may be. */
    trimTrailing: boolean;
    /** A quote opened in this row, near the end, and never closed (applied only where its outcome is exact). */
    inject?: { fromEnd: number; column: number };
  };
}

/** A title as a person might retype it: other case, spaces around. */
const titleVariant = (title: string) => fc.constantFrom(title, title.toLowerCase(), ` ${title} `, title.toUpperCase());

const isFreeText = (q: Question) => (q.type === 'text' || q.type === 'paragraph') && !q.pattern;

function layoutArb(form: FormDefinition): fc.Arbitrary<Layout> {
  const titles = form.questions.map((q) => q.title);
  return fc
    .record({
      retyped: fc.array(fc.nat(5), { minLength: titles.length, maxLength: titles.length }),
      variants: fc.tuple(...titles.map(titleVariant)),
      extra: sometimes(fc.tuple(fc.constantFrom('Extra', 'Comments', 'Column 10', ''), fc.nat()), 5),
      duplicate: sometimes(fc.tuple(fc.nat(), fc.nat()), 80),
      dropped: sometimes(fc.nat(), 60),
    })
    .chain(({ retyped, variants, extra, duplicate, dropped }) => {
      const header = titles.map((t, i) => (retyped[i] === 0 ? variants[i]! : t));
      // A column left out (never a free-text one: some row may need it for its token, see materialise).
      const droppable = form.questions.filter((q) => !isFreeText(q));
      const drop = dropped === undefined || droppable.length === 0 ? undefined : droppable[dropped % droppable.length]!;
      if (drop) header.splice(form.questions.indexOf(drop), 1);
      if (extra) header.splice(extra[1] % (header.length + 1), 0, extra[0]);
      return (duplicate ? titleVariant(titles[duplicate[0] % titles.length]!) : fc.constant(undefined)).map((again) => {
        const h = [...header];
        if (again !== undefined) h.splice(duplicate![1] % (h.length + 1), 0, again);
        const seen = new Set<string>();
        const questionAt = h.map((title) => {
          const key = normaliseHeader(title);
          if (!key || seen.has(key)) return undefined;
          seen.add(key);
          return form.questions.find((q) => normaliseHeader(q.title) === key);
        });
        // A title twice, or a required one missing (the repeat may restore a dropped column).
        const count = (q: Question) => h.filter((title) => normaliseHeader(title) === normaliseHeader(q.title)).length;
        const problem = form.questions.some((q) => count(q) > 1 || (q.required === true && count(q) === 0));
        return { form, header: h, questionAt, problem };
      });
    });
}

function rowArb(layout: Layout): fc.Arbitrary<RowSpec> {
  const cellsFor = (hostileRow: boolean) =>
    fc.tuple(...layout.questionAt.map((q) => (q === undefined ? freeText(true) : q.type === 'timestamp' ? fc.constant(cell('')) : answer(q, hostileRow))));
  const stamp: fc.Arbitrary<Stamp> = fc.oneof(
    { weight: 14, arbitrary: fc.boolean().map((asDate) => ({ mode: 'valid' as const, asDate })) },
    { weight: 2, arbitrary: fc.nat(5).map((variant) => ({ mode: 'invalid' as const, variant })) },
    { weight: 2, arbitrary: fc.constant({ mode: 'blank' as const }) },
    { weight: 1, arbitrary: fc.constant({ mode: 'boolean' as const }) },
  );
  const cells = fc.oneof(cellsFor(false), cellsFor(true));
  return fc.oneof(
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('new' as const), cells, stamp }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('blank' as const), style: fc.constantFrom('commas' as const, 'spaces' as const, 'empty' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('copy' as const), of: fc.nat() }) },
  );
}

/** How a workbook is drawn: its tabs, and how many rows and how often a tab is absent. */
interface WorkbookShape {
  forms: readonly FormDefinition[];
  /** Tabs with many rows (registrations and the daily record), and the one always present. */
  main: ReadonlySet<string>;
  always: string;
  /** Most rows of a main tab, and of another; with `least`, at least that many, lengths drawn over the whole range. */
  rows: { main: number; other: number; least?: number };
  /** A main tab is absent about one time in `absent.main`, another one in `absent.other`. */
  absent: { main: number; other: number };
}

const CONTRACT_SHAPE: WorkbookShape = {
  forms: CONTRACT_FORMS,
  main: new Set(['Supporters', 'Women', 'Contacts']),
  always: 'Contacts',
  rows: { main: 10, other: 4 },
  absent: { main: 10, other: 20 },
};

function tabArb(form: FormDefinition, shape: WorkbookShape): fc.Arbitrary<TabSpec> {
  const main = shape.main.has(form.tab);
  const absentOneIn = main ? shape.absent.main : shape.absent.other;
  return layoutArb(form).chain((layout) =>
    fc.record({
      layout: fc.constant(layout),
      present: form.tab === shape.always ? fc.constant(true) : fc.oneof({ weight: absentOneIn - 1, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      nameCase: fc.constantFrom('as-is' as const, 'as-is' as const, 'as-is' as const, 'lower' as const, 'upper' as const),
      twice: fc.oneof({ weight: 149, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      rows: fc.array(rowArb(layout), {
        maxLength: main ? shape.rows.main : shape.rows.other,
        ...(shape.rows.least !== undefined ? { minLength: shape.rows.least, size: 'max' as const } : {}),
      }),
      far: sometimes(
        fc.record({
          rowsBeyond: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 1, arbitrary: fc.integer({ min: 21, max: 1500 }) }),
          column: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 30 }) }, { weight: 1, arbitrary: fc.integer({ min: 31, max: 1200 }) }),
          cell: freeText(true).filter((c) => !isBlankCell(c)),
        }),
        15,
      ),
      csv: fc.record({
        encoding: fc.constantFrom<Encoding>('utf8', 'utf8-bom', 'utf16le-bom', 'utf16be-bom', 'windows-1252'),
        extension: fc.constantFrom('.csv', '.csv', '.csv', '.CSV'),
        eol: fc.constantFrom('\r\n' as const, '\r\n' as const, '\n' as const, '\r' as const),
        finalEol: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        trimTrailing: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        inject: sometimes(fc.record({ fromEnd: fc.nat(2), column: fc.nat() }), 6),
      }),
    }),
  );
}

export interface WorkbookSpec {
  tabs: TabSpec[];
  /** A file or sheet no form reads, holding what would stop a reader: it is never read. */
  stray: boolean;
}

function workbookOf(shape: WorkbookShape): fc.Arbitrary<WorkbookSpec> {
  return (
    fc
      .record({ tabs: fc.tuple(...shape.forms.map((f) => tabArb(f, shape))), stray: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) })
      // A counterexample is printed as the tabs written, long texts cut short.
      .map((spec) => Object.assign(spec, { [fc.toStringMethod]: () => describeWorkbook(spec) }))
  );
}

/** A contract workbook: every tab of CONTRACT_FORMS, some absent, Contacts always there. */
export const workbookArb: fc.Arbitrary<WorkbookSpec> = workbookOf(CONTRACT_SHAPE);

/**
 * A workbook of one scheme's tabs, fuller than workbookArb (4 to 30 rows a tab, a
 * tab absent rarely), so that every kind of line, cohorts and percentages included,
 * has rows to count.
 */
export function schemeWorkbookArb(forms: readonly FormDefinition[]): fc.Arbitrary<WorkbookSpec> {
  return workbookOf({ forms, main: new Set(forms.map((f) => f.tab)), always: forms[0]!.tab, rows: { main: 30, other: 30, least: 4 }, absent: { main: 40, other: 40 } });
}

const short = (text: string) => JSON.stringify(text.length > 50 ? `${text.slice(0, 40)}…(${text.length} characters)` : text);

function describeWorkbook(spec: WorkbookSpec): string {
  const lines = [`stray file: ${spec.stray}`];
  for (const tab of spec.tabs) {
    if (!tab.present) {
      lines.push(`${tab.layout.form.tab}: absent`);
      continue;
    }
    const { far, csv } = tab;
    lines.push(
      `${tab.layout.form.tab} (${tab.nameCase}${tab.twice ? ', twice' : ''}; CSV ${csv.encoding} ${JSON.stringify(csv.eol)}${csv.finalEol ? '' : ' no final line end'}${csv.trimTrailing ? ' trimmed' : ''}${csv.inject ? ` quote ${JSON.stringify(csv.inject)}` : ''})` +
        `${far ? ` far ${far.rowsBeyond} rows × ${far.column} columns on: ${short(far.cell.text)}` : ''}`,
      `  header ${JSON.stringify(tab.layout.header)}`,
    );
    for (const row of tab.rows) {
      if (row.kind !== 'new') lines.push(`  ${JSON.stringify(row)}`);
      else lines.push(`  ${JSON.stringify(row.stamp)} [${row.cells.map((c) => `${c.type === 'text' ? '' : `${c.type}:`}${short(c.text)}${c.bad ? '✗' : ''}`).join(', ')}]`);
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------
// From a spec to the rows written and what each must become

type RowExpectation =
  | { kind: 'blank' }
  | { kind: 'record'; timestamp?: string; token?: { key: string; text: string } }
  | { kind: 'error'; reason?: string; timestampAnswer?: string }
  | { kind: 'duplicate'; of: number };

export interface WrittenTab {
  form: FormDefinition;
  /** The file or sheet name written. */
  name: string;
  header: string[];
  /** Data rows; rows[i] is spreadsheet row i + 2. */
  rows: GenCell[][];
  expected: RowExpectation[];
  unreadable: boolean;
  /** Rows written as an empty line (CSV). */
  emptyLines: Set<number>;
  /** The row (index into rows) and column where a quote opens and never closes (CSV). */
  injected?: { row: number; column: number };
  /**
   * Whether what peerkit makes of each row is known exactly. Not so for a CSV with a
   * cell that closes but runs over line ends past 45,000 characters, or holds a line
   * that may read as a whole row: the reader takes it for a quote never closed
   * (csv.ts), leaves that row out and reads the cell's later lines as rows, so the
   * rows after it are numbered as the reader found them and cannot be foretold
   * without parsing the file the same way. Such a tab's rows are not checked one by one.
   */
  exact: boolean;
  spec: TabSpec;
}

const stampTime = (i: number) => `${two(10 + Math.floor(i / 3600))}:${two(Math.floor(i / 60) % 60)}:${two(i % 60)}`;

function stampCell(stamp: Stamp, i: number): GenCell {
  const time = stampTime(i);
  switch (stamp.mode) {
    case 'valid':
      return cell(`15/03/2021 ${time}`, false, stamp.asDate ? 'date' : 'text');
    case 'invalid':
      return cell([`31/02/2021 ${time}`, `=A${i + 2}+1`, `@x${i}`, `0x1F${i}`, `+44 ${i}`, `1e21${i}`][stamp.variant]!, true);
    case 'blank':
      return cell('');
    case 'boolean':
      return cell('TRUE', true, 'boolean');
  }
}

/**
 * The column that carries a row's own token when its Timestamp cannot tell it apart:
 * free text, optional where there is one. A tab without free text has none (its rows
 * may then repeat each other: such tabs are in no test that checks rows one by one).
 */
function tokenColumn(layout: Layout): number | undefined {
  const free = layout.questionAt.map((q, c) => [q, c] as const).filter(([q]) => q && isFreeText(q));
  return (free.find(([q]) => !q!.required) ?? free[0])?.[1];
}

const TEXT_SPECIAL = /[",\r\n]/;

/** The fields of a CSV line for a row (every row as wide as the widest, as a spreadsheet exports). */
function csvFields(tab: WrittenTab, i: number, width: number): string[] {
  const fields = Array.from({ length: width }, (_, c) => tab.rows[i]![c]?.text ?? '');
  if (tab.spec.csv.trimTrailing) while (fields.length > 0 && fields.at(-1) === '') fields.pop();
  return fields;
}

function csvWidth(tab: WrittenTab): number {
  return Math.max(tab.header.length, ...tab.rows.map((r) => r.length));
}

/** The tabs a workbook writes: each present tab once, or twice under names alike. */
export function writtenTabs(spec: WorkbookSpec, format: 'csv' | 'xlsx'): WrittenTab[] {
  return spec.tabs
    .filter((t) => t.present)
    .flatMap((t) => {
      const tab = materialise(t, format);
      if (!t.twice) return [tab];
      // A file name may end in a space; a sheet name differs in case.
      const other = format === 'csv' ? `${tab.name} ` : tab.name === tab.name.toLowerCase() ? tab.name.toUpperCase() : tab.name.toLowerCase();
      return [tab, { ...tab, name: other }];
    });
}

/** Builds the rows as written and the expectation of each. */
function materialise(spec: TabSpec, format: 'csv' | 'xlsx'): WrittenTab {
  const { layout } = spec;
  const { form } = layout;
  const width = layout.header.length;
  const stampAt = layout.questionAt.findIndex((q) => q?.type === 'timestamp');
  const tokenAt = tokenColumn(layout);
  const rows: GenCell[][] = [];
  const identity: (number | undefined)[] = []; // rows sharing one are exact repeats; blank rows have none
  const emptyLines = new Set<number>();
  const firstNew: number[] = [];
  const recordShape: (RowExpectation & { kind: 'record' })[] = [];
  for (const row of spec.rows) {
    const i = rows.length;
    if (row.kind === 'blank' || (row.kind === 'copy' && firstNew.length === 0)) {
      const style = row.kind === 'blank' ? row.style : 'commas';
      rows.push(Array.from({ length: width }, () => cell(style === 'spaces' ? ' ' : '')));
      if (style === 'empty') emptyLines.add(i);
      identity.push(undefined);
      recordShape.push({ kind: 'record' });
      continue;
    }
    if (row.kind === 'copy') {
      const of = firstNew[row.of % firstNew.length]!;
      rows.push(rows[of]!);
      identity.push(identity[of]);
      recordShape.push(recordShape[of]!);
      continue;
    }
    const cells = [...row.cells];
    const shape: RowExpectation & { kind: 'record' } = { kind: 'record' };
    const stamp = stampAt === -1 ? undefined : stampCell(row.stamp, i);
    if (stamp) {
      cells[stampAt] = stamp;
      if (!stamp.bad && stamp.text) shape.timestamp = `2021-03-15T${stampTime(i)}`;
    }
    if (tokenAt !== undefined && (!stamp || row.stamp.mode === 'blank' || row.stamp.mode === 'boolean')) {
      // No Timestamp to tell this row from another: a token of its own, ending in "]" so that no token ends another.
      const q = layout.questionAt[tokenAt]!;
      const token = `${q.personal ? MARKER : ''}[r${i}]`;
      const before = cells[tokenAt]!;
      cells[tokenAt] = cell(isBlankCell(before) ? token : `${before.text} ${token}`);
      shape.token = { key: q.key, text: token };
    }
    rows.push(cells);
    identity.push(i);
    firstNew.push(i);
    recordShape.push(shape);
  }
  if (spec.far) {
    for (let k = 1; k < spec.far.rowsBeyond; k++) {
      rows.push([]);
      identity.push(undefined);
      recordShape.push({ kind: 'record' });
    }
    const far: GenCell[] = [];
    far[width - 1 + spec.far.column] = spec.far.cell;
    rows.push(Array.from(far, (c) => c ?? cell('')));
    identity.push(rows.length - 1);
    recordShape.push({ kind: 'record' });
  }
  const header = [...layout.header];
  const tab: WrittenTab = {
    form,
    name: spec.nameCase === 'lower' ? form.tab.toLowerCase() : spec.nameCase === 'upper' ? form.tab.toUpperCase() : form.tab,
    header,
    rows,
    expected: [],
    unreadable: layout.problem,
    emptyLines,
    spec,
    exact: true,
  };
  if (format === 'csv') {
    const width = csvWidth(tab);
    const misleading = (c: GenCell) =>
      /[\r\n]/.test(c.text) &&
      (c.text.length + (c.text.match(/"/g)?.length ?? 0) > 45_000 || c.text.split(/[\r\n]/).slice(1, -1).some((line) => line.split(',').length >= width));
    tab.exact = !rows.some((r) => r.some(misleading));
  }

  if (format === 'csv' && spec.csv.inject && rows.length > 0) {
    // Only where the documented outcome is exact: the quote runs to the end of the
    // file because no later line holds a quote (every later cell is written bare), so
    // that row alone is left out and each later line is the row it was written as.
    const at = Math.max(0, rows.length - 1 - spec.csv.inject.fromEnd);
    const w = csvWidth(tab);
    const simple = rows.slice(at).every((_, k) => csvFields(tab, at + k, w).every((f) => !TEXT_SPECIAL.test(f)));
    if (simple) {
      const fields = emptyLines.has(at) ? [] : csvFields(tab, at, w);
      tab.injected = { row: at, column: fields.length === 0 ? 0 : spec.csv.inject.column % fields.length };
    }
  }

  // What each row must become: blank rows are skipped, the first of identical rows is
  // read (a record, or left out), the others are repeats of it; a row whose quote
  // never closes is left out and never met again (its cells are not read).
  const first = new Map<number, number>();
  tab.expected = rows.map((cells, i): RowExpectation => {
    if (tab.injected?.row === i) {
      const title = header[tab.injected.column]?.trim();
      return { kind: 'error', reason: `excluded: a quote opened in ${title ? `"${title}"` : `column ${tab.injected.column + 1}`} is never closed` };
    }
    if (cells.every(isBlankCell)) return { kind: 'blank' };
    const id = identity[i]!;
    const earlier = first.get(id);
    if (earlier !== undefined) return { kind: 'duplicate', of: earlier + 2 };
    first.set(id, i);
    const reads = layout.questionAt.every((q, c) => !q || answers(q, cells[c]));
    if (reads) return recordShape[i]!;
    const stamp = stampAt === -1 ? undefined : cells[stampAt];
    const quotable = stamp && stamp.bad && stamp.type === 'text' && stamp.text.trim().length <= 20;
    return { kind: 'error', ...(quotable ? { timestampAnswer: stamp.text.trim() } : {}) };
  });
  return tab;
}

// ---------------------------------------------------------------------------------
// Writing

/** Windows-1252 bytes by character, from the decoder itself (0x80 is €, 0x81 stays U+0081). */
const WINDOWS_1252 = (() => {
  const decoder = new TextDecoder('windows-1252');
  const map = new Map<string, number>();
  for (let b = 0; b < 256; b++) map.set(decoder.decode(Uint8Array.of(b)), b);
  return map;
})();

/** The bytes of a CSV file in its encoding; Windows-1252 only when every character fits (else UTF-8). */
function encode(text: string, encoding: Encoding): { bytes: Uint8Array; encoding: Encoding } {
  if (encoding === 'windows-1252') {
    const chars = [...text];
    if (chars.every((c) => WINDOWS_1252.has(c))) return { bytes: Uint8Array.from(chars, (c) => WINDOWS_1252.get(c)!), encoding };
    encoding = 'utf8';
  }
  if (encoding === 'utf16le-bom') return { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), encoding };
  if (encoding === 'utf16be-bom') return { bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), encoding };
  const utf8 = Buffer.from(text, 'utf8');
  return { bytes: encoding === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]) : utf8, encoding };
}

function csvText(tab: WrittenTab): string {
  const { eol, finalEol } = tab.spec.csv;
  const width = csvWidth(tab);
  const line = (fields: string[]) => toWorkbookCsv([fields]).slice(0, -2);
  const lines = [line([...tab.header, ...Array<string>(width - tab.header.length).fill('')])];
  tab.rows.forEach((_, i) => {
    const fields = tab.emptyLines.has(i) ? [] : csvFields(tab, i, width);
    if (tab.injected?.row === i) {
      const c = tab.injected.column;
      lines.push([...fields.slice(0, c), `"${fields.slice(c).join(',')}`].join(','));
    } else lines.push(fields.length === 0 ? '' : line(fields));
  });
  return lines.join(eol) + (finalEol ? eol : '');
}

/** Rows a CSV reader finds: one per row written, but an empty last line without a line end is no line. */
export function csvRowCount(tab: WrittenTab): number {
  const n = tab.rows.length;
  const lastEmpty = n > 0 && tab.injected?.row !== n - 1 && (tab.emptyLines.has(n - 1) || csvFields(tab, n - 1, csvWidth(tab)).length === 0);
  return !tab.spec.csv.finalEol && lastEmpty ? n - 1 : n;
}

interface CsvFile {
  tab: WrittenTab;
  path: string;
  /** The file's name, as a warning names it. */
  fileName: string;
  encoding: Encoding;
  bytes: Uint8Array;
}

/** Writes the tabs as "<name>.csv" files (and, if asked, files no form reads); returns each file written for a tab. */
export function writeCsvFolder(dir: string, tabs: WrittenTab[], stray: boolean): CsvFile[] {
  if (stray) {
    // Read, it would stop the command (a quote opened in its header never closes).
    writeFileSync(join(dir, 'Old notes.csv'), 'Title,"never closed\r\nx,y\r\n');
    writeFileSync(join(dir, 'readme.txt'), 'not a tab');
  }
  return tabs.map((tab) => {
    const fileName = `${tab.name}${tab.spec.csv.extension}`;
    const path = join(dir, fileName);
    const { bytes, encoding } = encode(csvText(tab), tab.spec.csv.encoding);
    writeFileSync(path, bytes);
    return { tab, path, fileName, encoding, bytes };
  });
}

const DMY = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

function xlsxCell(c: GenCell | undefined) {
  if (c === undefined || c.text === '') return null;
  switch (c.type) {
    case 'text':
      return { value: c.text, type: String };
    case 'number':
      return { value: Number(c.text), type: Number };
    case 'boolean':
      return { value: c.text === 'TRUE', type: Boolean };
    case 'date': {
      const m = DMY.exec(c.text)!;
      const value = new Date(Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
      return { value, type: Date, format: m[4] ? 'dd/mm/yyyy hh:mm:ss' : 'dd/mm/yyyy' };
    }
  }
}

export async function writeXlsx(file: string, tabs: WrittenTab[], stray: boolean): Promise<void> {
  const sheets = tabs.map((tab) => ({
    sheet: tab.name,
    data: [tab.header.map((h) => (h === '' ? null : { value: h, type: String })), ...tab.rows.map((r) => r.map(xlsxCell))],
  }));
  if (stray) {
    // Read, it would be refused: its one value, in row 1,000 and column 10,001, makes a tab of over 10,000,000 cells.
    const far: null[] = Array<null>(10_000).fill(null);
    sheets.push({ sheet: 'Old notes', data: [[{ value: 'Title', type: String }], ...Array.from({ length: 998 }, () => []), [...far, { value: 'x', type: String }]] as never });
  }
  await writeXlsxFile(sheets as never).toFile(file);
}

/** An .xlsx with a text over what a spreadsheet cell holds is refused whole, in one line. */
export function xlsxRefused(tabs: WrittenTab[]): boolean {
  return tabs.some((t) => [t.header, ...t.rows.map((r) => r.map((c) => (c.type === 'text' ? c.text : '')))].some((r) => r.some((text) => text.length > MAX_CELL_TEXT)));
}
