/**
 * Safe with broken and hostile input: generated contract workbooks whose cells hold
 * quotes, line ends, formulas, wrong types, far and huge values, repeated and
 * retyped headers, written as CSV files (each in an encoding of its own) or as an
 * .xlsx. For every one, peerkit
 *   1. never throws anything but a one-line UserError (a source it refuses whole);
 *   2. accounts for every data row exactly once: blank, counted, left out with a
 *      reason, or a repeat of an earlier row;
 *   3. names each row by the spreadsheet's own number (a row's own Timestamp or token
 *      is found on the record, issue or repeat of that number);
 *   4. puts no answer from a free-text or identifier column in any report file (HTML,
 *      JSON, CSV, audit CSV);
 *   5. finds the same issues, and reports the same, when records keep only the
 *      answers the reports read.
 *
 * CI runs 200 cases of each format from a fixed seed; `npm run fuzz` runs 5,000
 * from a random one (PEERKIT_FUZZ_SEED and PEERKIT_FUZZ_RUNS set either). A failure
 * prints its seed and path: PEERKIT_FUZZ_SEED=<seed> PEERKIT_FUZZ_PATH=<path> replays it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../generator/sources/index.js';
import { readCsvFile, toCsv } from '../../generator/sources/csv.js';
import { readDataset, type Dataset, type DataIssue } from '../../core/dataset.js';
import { checkDataset } from '../../core/check-dataset.js';
import { reportProjection } from '../../core/projection.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { perinatalScheme, reconnectScheme } from '../../core/schemes/contract/report.js';
import { evaluateReport, reportJson } from '../../core/report.js';
import { customPeriod } from '../../core/quarters.js';
import { makeSettings } from '../../core/settings.js';
import { UserError } from '../../core/errors.js';
import type { RawWorkbook } from '../../core/workbook.js';
import { createRenderer } from '../../generator/render/templates.js';
import { auditRows, reportView } from '../../generator/reports/view.js';
import { reportCsvRows } from '../../generator/reports/view.js';
import { csvRowCount, isBlankCell, MARKER_PATTERN, workbookArb, writeCsvFolder, writtenTabs, writeXlsx, xlsxRefused, type WorkbookSpec, type WrittenTab } from './hostile-workbook.js';

const seedText = process.env.PEERKIT_FUZZ_SEED;
const SEED = seedText === undefined || seedText === '' ? 20261129 : seedText === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedText);
const RUNS = Number(process.env.PEERKIT_FUZZ_RUNS || 200);
const PATH = process.env.PEERKIT_FUZZ_PATH || undefined;
/** Time for a whole run: about 25 ms a case on an idle machine, far more on a busy one, and shrinking a failure. */
const TIMEOUT = 30_000 + RUNS * 250;
const OPTIONS = { seed: SEED, numRuns: RUNS, ...(PATH ? { path: PATH } : {}) };

const FORM_TABS = CONTRACT_FORMS.map((f) => f.tab);
const PERIOD = customPeriod('2021-01-01', '2021-12-31');
const AS_OF = '2022-01-01';
const renderer = createRenderer();

/** A message a person sees: one line. */
function expectOneLine(error: UserError): void {
  expect(error.message.trim()).not.toBe('');
  expect(error.message.includes('\n'), `a message of more than one line: ${error.message}`).toBe(false);
}

const shown = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 60)}…(${text.length} characters)` : text);

/** The written row, for failure messages. */
function describeRow(tab: WrittenTab, i: number): string {
  return `${tab.form.tab} row ${i + 2}: [${(tab.rows[i] ?? []).map((c) => `${c.type === 'text' ? '' : `${c.type}:`}${shown(c.text)}`).join(', ')}]`;
}

/** Invariants 2 and 3 for one tab that was written. */
function checkRows(tab: WrittenTab, workbook: RawWorkbook, dataset: Dataset, format: 'csv' | 'xlsx'): void {
  const { form } = tab;
  const read = workbook.tabs.find((t) => t.name === tab.name);
  expect(read, `tab ${tab.name} was written but not read`).toBeDefined();
  // Rows a closed quote misleads the reader about cannot be foretold (see WrittenTab.exact).
  if (!tab.exact) return;
  const n = tab.rows.length;
  // A CSV record is a row; an .xlsx ends at its last row holding a value.
  const lastValue = tab.rows.findLastIndex((r) => r.some((c) => !isBlankCell(c)));
  expect(read!.rows.length, `${form.tab}: rows read`).toBe(format === 'csv' ? csvRowCount(tab) : lastValue + 1);

  const issues = dataset.issues.filter((i) => i.tab === form.tab);
  for (const issue of issues) {
    const inRange = issue.row === null || (issue.row >= 1 && issue.row <= n + 1);
    if (!inRange) expect.fail(`${form.tab}: an issue names row ${issue.row}, outside the ${n} rows written: ${issue.reason}`);
  }
  const records = dataset.records[form.id]!;
  if (tab.unreadable) {
    // A tab problem makes the whole tab unreadable: no row is read on its own.
    expect(dataset.unreadable.has(form.id)).toBe(true);
    expect(issues.some((i) => i.row === 1 && i.severity === 'error' && /twice|has no column/.test(i.reason))).toBe(true);
    expect(records).toEqual([]);
    return;
  }
  expect(dataset.unreadable.get(form.id)).toBeUndefined();

  const recordAt = new Map<number, (typeof records)[number]>();
  for (const record of records) {
    expect(recordAt.has(record.row), `${form.tab}: two records for row ${record.row}`).toBe(false);
    recordAt.set(record.row, record);
  }
  const byRow = new Map<number, DataIssue[]>();
  for (const issue of issues) if (issue.row !== null && issue.row >= 2) byRow.set(issue.row, [...(byRow.get(issue.row) ?? []), issue]);

  for (let i = 0; i < n; i++) {
    const row = i + 2;
    const expected = tab.expected[i]!;
    const record = recordAt.get(row);
    const errors = (byRow.get(row) ?? []).filter((x) => x.severity === 'error');
    const repeats = (byRow.get(row) ?? []).filter((x) => x.severity === 'duplicate');
    const warnings = (byRow.get(row) ?? []).filter((x) => x.severity === 'warning');
    // Messages are built only on failure: a case may hold a thousand blank rows.
    const fail = (what: string) =>
      expect.fail(`${what}\n  ${describeRow(tab, i)}\n  expected ${JSON.stringify(expected)}\n  got ${record ? 'a record, ' : ''}${JSON.stringify(byRow.get(row) ?? [])}`);
    const kinds = [record ? 'record' : null, errors.length > 0 ? 'error' : null, repeats.length > 0 ? 'duplicate' : null].filter(Boolean);
    // Exactly one of counted, left out or repeat (several reasons for one row count once); a blank row none.
    if (kinds.join() !== (expected.kind === 'blank' ? '' : expected.kind)) fail(`row ${row} is ${kinds.join(' and ') || 'not accounted for'}`);
    // A warning on a row (an identifier no registration knows) is about a row that counts.
    if (warnings.length > 0 && !record) fail(`row ${row} has a warning but does not count`);

    if (expected.kind === 'record') {
      // The row's own content is on the record of its number.
      if (expected.timestamp !== undefined && record!.values.timestamp !== expected.timestamp) fail(`row ${row} holds another row's Timestamp`);
      if (expected.token && !String(record!.values[expected.token.key]).includes(expected.token.text)) fail(`row ${row} holds another row's answers`);
    } else if (expected.kind === 'error') {
      if (expected.reason !== undefined && (errors.length !== 1 || errors[0]!.reason !== expected.reason)) fail(`row ${row} is not left out for its quote`);
      const stampProblem = errors.find((e) => e.reason.startsWith('excluded: "Timestamp"'));
      if (expected.timestampAnswer !== undefined && stampProblem?.answer !== expected.timestampAnswer) fail(`row ${row} is left out with another row's Timestamp`);
    } else if (expected.kind === 'duplicate') {
      if (repeats.length !== 1 || repeats[0]!.reason !== `repeats row ${expected.of} exactly; counted once`) fail(`row ${row} does not repeat row ${expected.of}`);
    }
  }
}

/** Invariants 1 and 4: the checks and both reports run, and no report file holds a planted answer. */
function checkReports(dataset: Dataset, inexact: ReadonlySet<string>, projected: Dataset): void {
  const recordRows = new Map<string, Set<number>>(CONTRACT_FORMS.map((f) => [f.tab, new Set(dataset.records[f.id]!.map((r) => r.row))]));
  const all = checkDataset(dataset, { forms: CONTRACT_FORMS, schemes: [perinatalScheme, reconnectScheme], asOf: AS_OF });
  for (const issue of all) {
    // An answer is shown to staff only from a column that cannot hold free text or
    // identifiers (where a closed quote misled the reader, a note's line may land in any column).
    if (MARKER_PATTERN.test(issue.answer ?? '') && !inexact.has(issue.tab)) expect.fail(`an answer from a personal column: ${issue.tab} row ${issue.row}`);
    // What the checks find beyond reading is about rows that count, named by their own number.
    if (!dataset.issues.includes(issue) && issue.row !== null && !recordRows.get(issue.tab)?.has(issue.row)) {
      expect.fail(`a check names ${issue.tab} row ${issue.row}, which is no counted row: ${issue.reason}`);
    }
  }
  for (const scheme of [perinatalScheme, reconnectScheme]) {
    let result;
    try {
      result = evaluateReport(scheme, dataset, PERIOD);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      // Refused only for a tab it needs that cannot be read, in one line.
      expectOneLine(error);
      expect(dataset.unreadable.size).toBeGreaterThan(0);
      continue;
    }
    // Records keeping only the answers the reports read (core/projection.ts) give the same report.
    const same = evaluateReport(scheme, projected, PERIOD);
    if (JSON.stringify(same) !== JSON.stringify(result)) expect(same).toEqual(result);
    // The audit's rows behind each number are rows that count.
    for (const line of result.lines) {
      for (const e of line.evidence) for (const row of e.rows) if (!recordRows.get(e.tab)?.has(row)) expect.fail(`${scheme.id} ${line.id} counts ${e.tab} row ${row}, which is no counted row`);
    }
    const files: Record<string, string> = {
      html: renderer.render(scheme.template, reportView(result, AS_OF, { site: 'HMP Example' })),
      json: JSON.stringify(reportJson(result), null, 2),
      csv: toCsv(reportCsvRows(result)),
      'audit.csv': toCsv(auditRows(result)),
    };
    for (const [format, text] of Object.entries(files)) {
      const at = text.search(MARKER_PATTERN);
      if (at !== -1) expect.fail(`the ${scheme.id} ${format} report holds an answer: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
    }
  }
}

async function checkWorkbook(spec: WorkbookSpec, format: 'csv' | 'xlsx'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'peerkit-fuzz-'));
  try {
    const tabs = writtenTabs(spec, format);
    let source: string;
    let files: ReturnType<typeof writeCsvFolder> | undefined;
    if (format === 'csv') {
      files = writeCsvFolder(dir, tabs, spec.stray);
      source = dir;
    } else {
      source = join(dir, 'book.xlsx');
      await writeXlsx(source, tabs, spec.stray);
    }

    let workbook: RawWorkbook;
    try {
      workbook = await readSource(source, undefined, FORM_TABS);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      // A source refused whole says why in one line, and only for what no spreadsheet holds.
      expectOneLine(error);
      expect(format === 'xlsx' && xlsxRefused(tabs), `refused: ${error.message}`).toBe(true);
      return;
    }
    expect(format === 'xlsx' && xlsxRefused(tabs), 'an .xlsx with a cell over 50,000 characters was read').toBe(false);

    if (files) {
      for (const file of files) {
        const read = workbook.tabs.find((t) => t.name === file.tab.name)!;
        // Text that is not UTF-8 is read as Windows-1252, with a warning naming the file.
        let utf8 = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
        } catch {
          utf8 = false;
        }
        const warning = { row: null, severity: 'warning', reason: `${file.fileName} is not UTF-8: read as Windows-1252; save it as CSV UTF-8` };
        if (utf8 || file.encoding.startsWith('utf16')) expect(read.issues ?? []).not.toContainEqual(warning);
        else expect(read.issues).toContainEqual(warning);
        // Read a chunk at a time, however the bytes fall, the file reads the same.
        const chunk = file.bytes.length > 20_000 ? 4096 + (file.tab.rows.length % 7) * 1000 : 1 + ((file.tab.rows.length * 37) % 200);
        const chunked = readCsvFile(file.path, read.name, chunk);
        if (JSON.stringify(chunked) !== JSON.stringify(read)) expect(chunked).toEqual(read); // toEqual only for its diff: a far cell makes a million cells
      }
    }

    const dataset = readDataset(workbook, CONTRACT_FORMS, makeSettings());
    for (const form of CONTRACT_FORMS) {
      const written = tabs.filter((t) => t.form === form);
      if (written.length === 1) checkRows(written[0]!, workbook, dataset, format);
      else {
        // A missing tab, or one there twice (reading either would leave the other's rows
        // out unseen), is a listed issue, not a crash; no row of it is read.
        const names = workbook.tabs.map((t) => t.name).filter((name) => written.some((t) => t.name === name)); // in the source's order
        const reason = written.length === 0 ? `tab "${form.tab}" not found` : `tab "${form.tab}" is there ${written.length} times (${names.map((n) => `"${n}"`).join(', ')}); keep one`;
        const listed = dataset.issues.filter((i) => i.tab === form.tab);
        expect(listed).toEqual([{ tab: form.tab, row: null, severity: 'error', reason }]);
        expect(dataset.records[form.id]).toEqual([]);
      }
    }
    const projected = readDataset(workbook, CONTRACT_FORMS, makeSettings(), reportProjection([perinatalScheme, reconnectScheme]));
    // Every answer still validated: the same rows left out, for the same reasons.
    if (JSON.stringify(projected.issues) !== JSON.stringify(dataset.issues)) expect(projected.issues).toEqual(dataset.issues);
    checkReports(dataset, new Set(tabs.filter((t) => !t.exact).map((t) => t.form.tab)), projected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(`hostile workbooks (seed ${SEED}, ${RUNS} cases each)`, () => {
  it(
    'CSV files in any encoding: no crash, every row accounted for by its own number, no answer in a report',
    async () => {
      await fc.assert(
        fc.asyncProperty(workbookArb, (spec) => checkWorkbook(spec, 'csv')),
        OPTIONS,
      );
    },
    TIMEOUT,
  );

  it(
    '.xlsx: no crash, every row accounted for by its own number, no answer in a report',
    async () => {
      await fc.assert(
        fc.asyncProperty(workbookArb, (spec) => checkWorkbook(spec, 'xlsx')),
        OPTIONS,
      );
    },
    TIMEOUT,
  );
});
