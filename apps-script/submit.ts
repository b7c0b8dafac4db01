/**
 * Every submission (the spreadsheet's installable form-submit trigger). The new
 * row is checked by core, the same path as a full read, and each problem listed
 * once in Data issues; the response row itself is never touched. While the
 * workbook is small the views are rebuilt too; on a big one that waits for the
 * daily refresh, and only the submitted tab is read.
 */
import { DateTime } from 'luxon';
import { checkAsOf } from '../core/checks.js';
import { readDataset, type DataIssue } from '../core/dataset.js';
import { CONTRACT_FORMS } from '../core/forms/contract.js';
import type { FormDefinition } from '../core/forms/types.js';
import { activeSupporterIds } from '../core/views/supporters.js';
import { appendToIssueLog } from './issues-log.js';
import { withScriptLock } from './lock.js';
import { refreshAll } from './refresh.js';
import { ORIGIN, startRun, type Run } from './run.js';
import { readSheet } from './sheets.js';
import { Store } from './store.js';
import { updateSupporterChoices } from './supporter-choices.js';
import { renamedTabIssue, sameName, toTab } from './workbook.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

interface Submitted {
  sheet: Sheet;
  name: string;
  firstRow: number;
  lastRow: number;
}

function formOfSheet(run: Run, submitted: Submitted): FormDefinition | undefined {
  const linked = run.store.formKeyOfSheet(submitted.sheet.getSheetId());
  return CONTRACT_FORMS.find((f) => !f.manual && (linked !== null ? f.id === linked : sameName(f.tab, submitted.name)));
}

/** Checks the submitted rows against their tab (read once): the issues of those rows and of the tab's header. */
function checkSubmittedRows(run: Run, form: FormDefinition, submitted: Submitted): DataIssue[] {
  const workbook = { origin: ORIGIN, tabs: [toTab(form.tab, readSheet(submitted.sheet, run.timeZone))] };
  const dataset = readDataset(workbook, [form], run.settings);
  const mine = (i: DataIssue) => i.row === null || i.row === 1 || (i.row >= submitted.firstRow && i.row <= submitted.lastRow);
  const issues = [...dataset.issues, ...checkAsOf(dataset, [form], run.asOf)].filter(mine);
  if (!sameName(submitted.name, form.tab)) issues.unshift(renamedTabIssue(form, submitted.name));
  if (form.id === 'supporters' && !dataset.unreadable.has(form.id)) updateSupporterChoices(run, activeSupporterIds(dataset, run.asOf));
  return issues;
}

export function handleSubmission(e: GoogleAppsScript.Events.SheetsOnFormSubmit): void {
  const sheet = e.range.getSheet();
  const firstRow = e.range.getRow();
  const submitted: Submitted = { sheet, name: sheet.getName(), firstRow, lastRow: firstRow + e.range.getNumRows() - 1 };
  withScriptLock(
    () => {
      const run = startRun();
      const form = formOfSheet(run, submitted);
      if (!form) {
        const reason = 'a form response arrived in a tab that no form declaration uses; it is not checked (run Peer support → Set up to link the forms)';
        appendToIssueLog(run, [{ tab: submitted.name, row: firstRow, severity: 'warning', reason }]);
        return;
      }
      const rows = run.store.rowsAtLastRefresh() ?? 0;
      if (run.submitRefreshMaxRows > 0 && rows <= run.submitRefreshMaxRows) refreshAll(run);
      else appendToIssueLog(run, checkSubmittedRows(run, form, submitted));
    },
    () => {
      // Not lost: the next refresh checks every row, and clears this note.
      new Store().addPending(submitted.name, firstRow, DateTime.now().toISO()!);
      Logger.log(`Another run held the lock: row ${firstRow} of "${submitted.name}" will be checked at the next refresh.`);
    },
  );
}
