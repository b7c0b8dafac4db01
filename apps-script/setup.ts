/**
 * Set up (menu Peer support → Set up): builds or updates a Google Form for each
 * form declaration, links each to this spreadsheet, names its response tab,
 * prepares the Services tab, installs the triggers, then refreshes the views.
 * Run again, it updates the forms and creates nothing twice: the forms and their
 * tabs are remembered by id in the document properties.
 */
import { CONTRACT_FORMS } from '../core/forms/contract.js';
import type { FormDefinition } from '../core/forms/types.js';
import { openForm, syncForm } from './forms.js';
import { refreshAll, type RefreshSummary } from './refresh.js';
import type { Run } from './run.js';
import { readSheet, writeBlock } from './sheets.js';
import { ensureTriggers } from './triggers.js';
import { listSheets, sameName, type SheetEntry } from './workbook.js';

type Form = GoogleAppsScript.Forms.Form;

export interface SetUpSummary {
  created: string[];
  updated: string[];
  /** What set-up changed or could not do, in words for the manager. */
  notes: string[];
  forms: { title: string; url: string }[];
  refresh: RefreshSummary;
}

function destinationOf(form: Form): string | null {
  try {
    return form.getDestinationId();
  } catch {
    return null; // no destination yet
  }
}

/**
 * Finds (or makes) the tab the form writes to. Linking creates a new
 * "Form responses N" tab holding every response so far, so it is done only when
 * the form is not linked here or its tab is gone.
 */
function linkResponses(run: Run, definition: FormDefinition, form: Form, sheets: SheetEntry[], notes: string[]): SheetEntry[] {
  const storedId = run.store.sheetId(definition.id);
  let entry = storedId === null ? undefined : sheets.find((s) => s.id === storedId);
  if (!entry || destinationOf(form) !== run.ss.getId()) {
    const before = new Set(sheets.map((s) => s.id));
    form.setDestination(FormApp.DestinationType.SPREADSHEET, run.ss.getId());
    SpreadsheetApp.flush();
    sheets = listSheets(run.ss);
    entry = sheets.find((s) => !before.has(s.id));
    if (!entry) {
      notes.push(`${definition.title}: linked to this spreadsheet, but its response tab did not appear yet; run Set up again`);
      return sheets;
    }
  }
  if (!sameName(entry.name, definition.tab)) {
    const clash = sheets.find((s) => s.id !== entry!.id && sameName(s.name, definition.tab));
    if (clash) {
      notes.push(`${definition.title}: responses are in "${entry.name}" because a tab called "${definition.tab}" already exists; rename or remove that one and run Set up again`);
    } else {
      notes.push(`${definition.title}: response tab "${entry.name}" renamed to "${definition.tab}"`);
      entry.sheet.setName(definition.tab);
      entry.name = definition.tab;
    }
  }
  entry.sheet.setFrozenRows(1);
  run.store.setSheetId(definition.id, entry.id);
  return sheets;
}

/**
 * A tab kept by hand (the services directory): created with its header if
 * missing, missing columns added at the end, and drop-down / date checks on the
 * columns that have a vocabulary or a date.
 */
function prepareManualTab(run: Run, definition: FormDefinition, sheets: readonly SheetEntry[], notes: string[]): void {
  const existing = sheets.find((s) => sameName(s.name, definition.tab));
  const sheet = existing?.sheet ?? run.ss.insertSheet(definition.tab);
  if (!existing) notes.push(`tab "${definition.tab}" created`);
  const header = existing ? (readSheet(sheet, run.timeZone)[0] ?? []).map((h) => (h === null ? '' : String(h))) : [];
  const used = header.reduce((n, h, i) => (h.trim() !== '' ? i + 1 : n), 0);
  const missing = definition.questions.filter((q) => !header.some((h) => sameName(h, q.title))).map((q) => q.title);
  const full = [...header.slice(0, used), ...missing];
  if (missing.length > 0) writeBlock(sheet, 1, [full], run.timeZone);
  sheet.setFrozenRows(1);

  const rows = Math.max(sheet.getMaxRows() - 1, 1);
  definition.questions.forEach((q) => {
    const column = full.findIndex((h) => sameName(h, q.title)) + 1;
    if (column === 0 || (q.type !== 'date' && !q.choices)) return;
    const rule = SpreadsheetApp.newDataValidation().setAllowInvalid(false);
    if (q.type === 'date') rule.requireDate().setHelpText('A date, e.g. 01/04/2021.');
    else rule.requireValueInList([...q.choices!], true).setHelpText(`One of: ${q.choices!.join(', ')}.`);
    sheet.getRange(2, column, rows, 1).setDataValidation(rule.build());
  });
}

export function setUpAll(run: Run): SetUpSummary {
  const summary: Omit<SetUpSummary, 'refresh'> = { created: [], updated: [], notes: [], forms: [] };
  let sheets = listSheets(run.ss);
  // The lists last written; the refresh at the end reads the Supporters tab and updates them if they changed.
  const supporterIds = JSON.parse(run.store.supporterChoices() ?? '[]') as string[];
  for (const definition of CONTRACT_FORMS) {
    if (definition.manual) {
      prepareManualTab(run, definition, sheets, summary.notes);
      continue;
    }
    const storedId = run.store.formId(definition.id);
    const existing = openForm(storedId);
    if (storedId && !existing) summary.notes.push(`${definition.title}: the form set-up made before cannot be opened (deleted?); a new one was made`);
    const sync = syncForm(definition, existing, supporterIds);
    run.store.setFormId(definition.id, sync.form.getId());
    (sync.created ? summary.created : summary.updated).push(definition.title);
    if (sync.added.length > 0) summary.notes.push(`${definition.title}: questions added: ${sync.added.join(', ')}`);
    if (sync.mismatched.length > 0) {
      summary.notes.push(`${definition.title}: left as they are, because they are a different kind of question than declared: ${sync.mismatched.join(', ')}`);
    }
    sheets = linkResponses(run, definition, sync.form, sheets, summary.notes);
    summary.forms.push({ title: definition.title, url: sync.form.getPublishedUrl() });
  }
  for (const handler of ensureTriggers(run.ss)) summary.notes.push(`trigger installed: ${handler}`);
  return { ...summary, refresh: refreshAll(run) };
}
