/**
 * Every submission (the spreadsheet's installable form-submit trigger) does only its
 * own work, in at most 15 Spreadsheet and Forms calls whatever the size of the
 * workbook (README, "Limits and figures"):
 *  - it reads its row and the WINDOW rows above it with one getValues, the header
 *    coming from what the last rebuild cached (submission-cache.ts);
 *  - checks the row as a full check would: its answers (vocabularies, patterns,
 *    dates), a repeat of a row among those above (a double submission arrives
 *    within moments), and its identifiers against the cached registers;
 *  - gives the row its response's edit link (edit-links.ts) when the form holds
 *    exactly one response from that moment on, else leaves it to the rebuild, which
 *    tells several apart;
 *  - appends the row's issues to Data issues, below its last row (cached);
 *  - marks the views out of date: the hourly trigger rebuilds them (refresh.ts), and
 *    with them the identifier lists on the forms.
 * What it cannot do for certain from the cache (a tab edited by hand since the last
 * rebuild, a header that does not fit the rows read) it leaves to that rebuild,
 * noting the row as pending: a check comes up to an hour late, never wrong.
 *
 * The same submission handled twice (both owners' triggers, or a retry) is
 * harmless: the last rows handled are remembered with a hash of their Timestamp and
 * answers, and one seen again unchanged adds nothing. A response edited
 * through its link fires this trigger again for the same row, Google having
 * rewritten it in place with a new Timestamp: then the row's listed issues become
 * those found now (Data issues is read and rewritten: edits are rare). In that
 * event e.values holds blanks for the answers the edit left unchanged (users report
 * it; the events reference, https://developers.google.com/apps-script/guides/triggers/events#form-submit,
 * does not say), so nothing here reads e.values: the row is read from the sheet.
 */
import { DateTime } from 'luxon';
import { checkDataset } from '../core/check-dataset.js';
import { fnv1a, readDataset, registersOf, rowKey, unknownIdentifierIssues, type DataIssue, type DataRecord } from '../core/dataset.js';
import { SYSTEM_COLUMNS, type FormDefinition } from '../core/form.js';
import { formsOf, SCHEMES } from '../core/schemes/index.js';
import { tabFromGrid, type Cell } from '../core/workbook.js';
import { isEditUrl, quickEditLink } from './edit-links.js';
import { appendIssuesAt, appendToIssueLog, updateRowIssues } from './issues-log.js';
import { withScriptLock } from './lock.js';
import { ORIGIN, startExecution, type Execution } from './execution.js';
import { readRows } from './sheets.js';
import { SETTINGS_PROPERTY } from './site-config.js';
import { Store } from './store.js';
import { readSubmissionCache, writeSubmissionCache, type SubmissionCache } from './submission-cache.js';
import { sameName } from './workbook.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Rows read above the submitted one: repeats and same-second twins are looked for among them. */
export const WINDOW = 20;
/** Rows remembered as handled (their Timestamps): about a day's submissions, in under 9 kB (one property). */
const HANDLED_KEPT = 200;

const NOT_LINKED_TAB = 'a form response arrived in a tab that no form declaration uses; it is not checked (run Peer support → Set up to link the forms)';

/** Why a response to a tab no configured form uses is not checked. */
function unconfiguredReason(run: Execution, name: string): string {
  const schemes = run.schemes.map((s) => s.id).join(', ');
  const other = formsOf(SCHEMES).find((f) => !f.manual && sameName(f.tab, name));
  if (!other) return NOT_LINKED_TAB;
  const of = SCHEMES.filter((r) => r.forms.includes(other)).map((r) => r.id).join(' or ');
  return `a "${other.title}" response arrived, a form of ${of}, which is not among this site's schemes (${schemes}); it is not checked (name the scheme in ${SETTINGS_PROPERTY} and run Peer support → Set up)`;
}

const columnOf = (header: readonly string[], title: string) => header.findIndex((h) => sameName(h, title));

/**
 * Whether the cached header still describes the rows read: the submitted row has a
 * date under Timestamp, and edit links sit in the Edit link column only. A column
 * inserted or deleted by hand moves them (Google runs no onEdit for that). Returns
 * whether the rows' links vouch for the Edit link column too (some row above has
 * one there, or no row above has a Timestamp), which a quick link needs.
 */
function headerFits(header: readonly string[], form: FormDefinition, rows: readonly Cell[][]): { fits: boolean; linkColumnSure: boolean } {
  const stampTitle = form.questions.find((q) => q.type === 'timestamp')?.title;
  const stamp = stampTitle === undefined ? -1 : columnOf(header, stampTitle);
  const link = columnOf(header, SYSTEM_COLUMNS.editLink);
  const no = { fits: false, linkColumnSure: false };
  if (stamp === -1 || !(rows.at(-1)![stamp] instanceof DateTime)) return no;
  let linksAbove = 0;
  let datedAbove = 0;
  for (const [i, row] of rows.entries()) {
    for (const [c, cell] of row.entries()) if (c !== link && isEditUrl(cell)) return no;
    if (link !== -1 && !(row[link] === null || row[link] === '' || isEditUrl(row[link]))) return no;
    if (i < rows.length - 1 && row[stamp] instanceof DateTime) datedAbove++;
    if (i < rows.length - 1 && link !== -1 && isEditUrl(row[link])) linksAbove++;
  }
  return { fits: true, linkColumnSure: link !== -1 && (datedAbove === 0 || linksAbove > 0) };
}

interface Submitted {
  sheet: Sheet;
  sheetId: number;
  row: number;
}

/** The row's check: its answers, a repeat among the rows above, its identifiers against the cached registers; and its record, if valid. */
function checkRow(run: Execution, cache: SubmissionCache, form: FormDefinition, header: string[], first: number, rows: Cell[][], row: number): { issues: DataIssue[]; record: DataRecord | undefined } {
  const read = tabFromGrid(form.tab, [header, ...rows], (cell) => cell);
  // The rows above the window are not read: blank rows keep the row numbers.
  const blank: Cell[] = [];
  const tab = { ...read, rows: [...Array<Cell[]>(first - 2).fill(blank), ...read.rows] };
  const dataset = readDataset({ origin: ORIGIN, tabs: [tab] }, [form], run.settings);
  const mine = (i: { row: number | null }) => i.row === row;
  const known = (registerId: string) => {
    const sheetId = run.store.sheetId(registerId);
    const ids = cache.registers[registerId];
    return ids === undefined || (sheetId !== null && run.store.editedByHand(sheetId)) ? undefined : new Set(ids);
  };
  const records = (dataset.records[form.id] ?? []).filter(mine);
  return {
    issues: [...checkDataset(dataset, { forms: [form], schemes: [], asOf: run.asOf }).filter(mine), ...unknownIdentifierIssues(form, records, run.forms, known)],
    record: records[0],
  };
}

/** A valid registration adds its identifier to the cached register, so that the next submission knows it. */
function rememberRegistration(run: Execution, cache: SubmissionCache, form: FormDefinition, record: DataRecord | undefined): boolean {
  const kind = form.questions.find((q) => q.key === form.upsertBy)?.pattern?.kind;
  if (!form.upsertBy || kind === undefined || registersOf(run.forms).get(kind) !== form.id) return false;
  const ids = cache.registers[form.id];
  const id = record?.values[form.upsertBy];
  if (ids === undefined || typeof id !== 'string' || ids.includes(id)) return false;
  ids.push(id);
  return true;
}

function handle(run: Execution, cache: SubmissionCache | null, submitted: Submitted): void {
  const { sheet, sheetId, row } = submitted;
  const key = `${sheetId}:${row}`;
  const later = () => {
    run.store.addPending(String(sheetId), row, run.now);
    run.store.setLinksWanted({ ...run.store.linksWanted(), [key]: 0 });
  };
  const formKey = run.store.formKeyOfSheet(sheetId);
  const form = run.forms.find((f) => !f.manual && f.id === formKey);
  if (!form) {
    // Rare (a tab set-up did not link, or another scheme's form): said once in Data issues, which is read for it.
    const name = sheet.getName();
    const length = appendToIssueLog(run, [{ tab: name, row, severity: 'warning', reason: unconfiguredReason(run, name) }]);
    if (cache?.issues) {
      cache.issues.nextRow = length + 1;
      writeSubmissionCache(run.store, cache);
    }
    return;
  }
  const header = cache?.headers[String(sheetId)];
  if (!cache || !header || run.store.editedByHand(sheetId)) return later();
  const first = Math.max(2, row - WINDOW);
  let rows: Cell[][];
  try {
    rows = readRows(sheet, first, row - first + 1, header.length, run.timeZone);
  } catch {
    return later(); // a column deleted by hand: the cached header is wider than the tab
  }
  const { fits, linkColumnSure } = headerFits(header, form, rows);
  if (!fits) return later();

  const stampTitle = form.questions.find((q) => q.type === 'timestamp')!.title;
  const stamp = (rows.at(-1)![columnOf(header, stampTitle)] as DateTime).toMillis();
  // The row as handled: its Timestamp and answers (an edit changes them, a trigger firing twice does not).
  const link = columnOf(header, SYSTEM_COLUMNS.editLink);
  const seen = fnv1a(rowKey(rows.at(-1)!, link === -1 ? null : header.map((_, i) => i === link)));
  const handled = run.store.handledRows();
  const before = handled[key];
  if (before === seen) return; // handled already (a trigger fired twice)

  const { issues, record } = checkRow(run, cache, form, header, first, rows, row);
  const registered = rememberRegistration(run, cache, form, record);
  if (before !== undefined) {
    // An edit through the row's link: the row keeps its link; its issues are replaced.
    const length = updateRowIssues(run, issues, { tab: form.tab, first: row, last: row });
    if (cache.issues) cache.issues.nextRow = length + 1;
  } else {
    if (link !== -1 && !isEditUrl(rows.at(-1)![link]) && !(linkColumnSure && quickEditLink(run, form, sheet, sheetId, row, link, stamp))) {
      run.store.setLinksWanted({ ...run.store.linksWanted(), [key]: stamp });
    }
    if (issues.length > 0) {
      const issuesTab = cache.issues;
      const next = issuesTab && !run.store.editedByHand(issuesTab.sheetId) ? appendIssuesAt(run, issuesTab.sheetId, issuesTab.nextRow, issues) : null;
      if (next === null) run.store.addPending(String(sheetId), row, run.now);
      else issuesTab!.nextRow = next;
    }
  }
  if (before !== undefined || issues.length > 0 || registered) writeSubmissionCache(run.store, cache);
  delete handled[key]; // the latest last, so that the oldest go first
  handled[key] = seen;
  run.store.setHandledRows(Object.fromEntries(Object.entries(handled).slice(-HANDLED_KEPT)));
}

export function handleSubmission(e: GoogleAppsScript.Events.SheetsOnFormSubmit): void {
  const sheet = e.range.getSheet();
  const row = e.range.getRow();
  withScriptLock(
    () => {
      const store = new Store();
      const cache = readSubmissionCache(store);
      const run = startExecution(store, cache ?? undefined);
      handle(run, cache, { sheet, sheetId: sheet.getSheetId(), row });
      run.store.markViewsOutOfDate(run.now);
    },
    () => {
      // Not lost: the next rebuild checks every row, links this one, and clears the note.
      const store = new Store();
      const sheetId = sheet.getSheetId();
      store.addPending(String(sheetId), row, DateTime.now().toISO()!);
      store.setLinksWanted({ ...store.linksWanted(), [`${sheetId}:${row}`]: 0 });
      store.markViewsOutOfDate(DateTime.now().toISO()!);
      Logger.log(`Another run held the lock: row ${row} will be checked at the next rebuild.`);
    },
  );
}
