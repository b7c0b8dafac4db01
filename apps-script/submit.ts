/**
 * Every submission (the spreadsheet's installable form-submit trigger). The row is
 * given its response's edit link (edit-links.ts), then checked by core, the same
 * path as a full read, and each problem listed once in Data issues; the answers
 * themselves are never touched. While the workbook is small the views are rebuilt
 * too; on a big one that waits for the daily refresh, and only the submitted tab
 * is read.
 *
 * A response edited through its link fires this trigger again with the same row's
 * range, Google having rewritten that row in place (new Timestamp, every answer),
 * and e.values then holds blanks for the answers the edit left unchanged. The
 * events reference (https://developers.google.com/apps-script/guides/triggers/events#form-submit)
 * lists e.range, e.values and e.namedValues but says nothing of edits: this is
 * Google's behaviour as users report it (Stack Overflow, "onFormSubmit values blank
 * after editing a response"), not a documented promise. So nothing here reads
 * e.values: the row is read from the sheet, and handled as an update (its Data
 * issues become the ones found now); were an edit ever to arrive as a new row, it
 * would simply be checked as one.
 */
import { DateTime } from 'luxon';
import { checkDataset } from '../core/check-dataset.js';
import { readDataset, type DataIssue } from '../core/dataset.js';
import type { FormDefinition } from '../core/form.js';
import { formsOf, SCHEMES } from '../core/schemes/index.js';
import { writeEditLinks } from './edit-links.js';
import { updateListChoices } from './id-choices.js';
import { appendToIssueLog, updateRowIssues } from './issues-log.js';
import { withScriptLock } from './lock.js';
import { refreshAll } from './refresh.js';
import { configIssues, ORIGIN, startExecution, type Execution } from './execution.js';
import { readSheet } from './sheets.js';
import { SETTINGS_PROPERTY } from './site-config.js';
import { Store } from './store.js';
import { renamedTabIssue, sameName } from './workbook.js';
import { tabFromGrid, type Cell } from '../core/workbook.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

interface Submitted {
  sheet: Sheet;
  name: string;
  firstRow: number;
  lastRow: number;
}

/** The configured form whose responses go to this tab; else why it is not checked. */
function formOfSheet(run: Execution, submitted: Submitted, sheetId: number): FormDefinition | string {
  const linked = run.store.formKeyOfSheet(sheetId);
  const matches = (f: FormDefinition) => !f.manual && (linked !== null ? f.id === linked : sameName(f.tab, submitted.name));
  const form = run.forms.find(matches);
  if (form) return form;
  const schemes = run.schemes.map((s) => s.id).join(', ');
  const other = formsOf(SCHEMES).find(matches);
  if (other) {
    const of = SCHEMES.filter((r) => r.forms.includes(other)).map((r) => r.id).join(' or ');
    return `a "${other.title}" response arrived, a form of ${of}, which is not among this site's schemes (${schemes}); it is not checked (name the scheme in ${SETTINGS_PROPERTY} and run Peer support → Set up)`;
  }
  return 'a form response arrived in a tab that no form declaration uses; it is not checked (run Peer support → Set up to link the forms)';
}

/** Checks the submitted rows against their tab (`grid`, read once): the issues of those rows and of the tab's header. */
function checkSubmittedRows(run: Execution, form: FormDefinition, submitted: Submitted, grid: Cell[][]): DataIssue[] {
  const workbook = { origin: ORIGIN, tabs: [tabFromGrid(form.tab, grid, (cell) => cell)] };
  const dataset = readDataset(workbook, [form], run.settings);
  const mine = (i: DataIssue) => i.row === null || i.row === 1 || (i.row >= submitted.firstRow && i.row <= submitted.lastRow);
  // Only this tab is read (a big workbook's other tabs would cost the call budget and
  // minutes of the 6-minute execution), so no scheme's own rules run here and no
  // identifier is looked up in another tab's register: both need other tabs, and
  // the next full refresh runs them.
  const issues = [...configIssues(run), ...checkDataset(dataset, { forms: [form], schemes: [], asOf: run.asOf }).filter(mine)];
  if (!sameName(submitted.name, form.tab)) issues.unshift(renamedTabIssue(form, submitted.name));
  // A registration (a new Supporter or Mentor ID, a leaving date) updates the lists that offer its identifiers.
  updateListChoices(run, dataset);
  return issues;
}

export function handleSubmission(e: GoogleAppsScript.Events.SheetsOnFormSubmit): void {
  const sheet = e.range.getSheet();
  const firstRow = e.range.getRow();
  const submitted: Submitted = { sheet, name: sheet.getName(), firstRow, lastRow: firstRow + e.range.getNumRows() - 1 };
  withScriptLock(
    () => {
      const run = startExecution();
      const sheetId = sheet.getSheetId();
      const form = formOfSheet(run, submitted, sheetId);
      if (typeof form === 'string') {
        appendToIssueLog(run, [...configIssues(run), { tab: submitted.name, row: firstRow, severity: 'warning', reason: form }]);
        return;
      }
      const grid = readSheet(sheet, run.timeZone);
      try {
        writeEditLinks(run, form, sheet, sheetId, { first: submitted.firstRow, last: submitted.lastRow }, grid);
      } catch (error) {
        // The link is a convenience; the check must still run. Google's messages name no answer.
        console.error(`No edit link written for row ${firstRow} of "${submitted.name}": ${error instanceof Error ? error.message : String(error)}`);
      }
      const rows = run.store.rowsAtLastRefresh() ?? 0;
      if (run.submitRefreshMaxRows > 0 && rows <= run.submitRefreshMaxRows) refreshAll(run, new Map([[sheetId, grid]]));
      else updateRowIssues(run, checkSubmittedRows(run, form, submitted, grid), { tab: form.tab, first: submitted.firstRow, last: submitted.lastRow });
    },
    () => {
      // Not lost: the next refresh checks every row, and clears this note.
      new Store().addPending(submitted.name, firstRow, DateTime.now().toISO()!);
      Logger.log(`Another run held the lock: row ${firstRow} of "${submitted.name}" will be checked at the next refresh.`);
    },
  );
}
