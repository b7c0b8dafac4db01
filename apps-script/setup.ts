/**
 * Set up (menu Peer support → Set up): builds or updates a Google Form for each
 * form of the schemes this site runs (PEERKIT_SETTINGS `schemes`), lets its
 * responses be edited, links each to this spreadsheet, names its response tab and
 * gives it an Edit link column, prepares the tabs kept by hand (the Services
 * directory), installs the triggers, then refreshes the views. Execution
 * again, it updates the forms and creates nothing twice: the forms and their tabs
 * are remembered by id in the document properties. A scheme taken out of the
 * configuration keeps its forms and tabs; they are no longer checked.
 */
import type { FormDefinition } from '../core/form.js';
import type { Cell } from '../core/workbook.js';
import { ensureEditLinkColumn } from './edit-links.js';
import { openForm, syncForm } from './forms.js';
import { storedListChoices } from './id-choices.js';
import { refreshAll, renameFormerViewTabs, type RefreshSummary } from './refresh.js';
import type { Execution } from './execution.js';
import { SETTINGS_PROPERTY } from './site-config.js';
import { readSheet, writeBlock } from './sheets.js';
import { ensureTriggers } from './triggers.js';
import { listSheets, sameName, type SheetEntry } from './workbook.js';

type Form = GoogleAppsScript.Forms.Form;

interface SetUpSummary {
  created: string[];
  updated: string[];
  /** What set-up changed or could not do, in words for the manager. */
  notes: string[];
  forms: { title: string; url: string }[];
  /** Forms brought up to date by an earlier Set up that stopped for time, and not again. */
  carriedOver: number;
  /** Set when another account owns the triggers, so none were installed. */
  triggersOwnedBy: string | null;
  /** Set when it stopped for time before every form was done: run it again to carry on. */
  unfinished: { done: number; total: number } | null;
  /** The refresh at the end (null when unfinished). */
  refresh: RefreshSummary | null;
}

/**
 * An execution may run 6 minutes and each FormApp call is a round trip (a form
 * costs about 80 calls). Set up starts no new form after this long, so that the
 * triggers and the refresh still fit; run again, it carries on where it stopped.
 */
const SETUP_FORMS_BUDGET_MS = 4 * 60 * 1000;

function destinationOf(form: Form): string | null {
  try {
    return form.getDestinationId();
  } catch {
    return null; // no destination yet
  }
}

/**
 * The form id in a form's URL: Sheet.getFormUrl() gives …/forms/d/<id>/viewform and
 * Form.getEditUrl() …/forms/d/<id>/edit (a Workspace account may add /a/<domain>
 * or /u/<n>), so the two are compared by that id, not as strings.
 */
export function formIdOfUrl(url: string | null): string | null {
  return /\/forms\/(?:u\/\d+\/)?d\/(?!e\/)([^/?#]+)/.exec(url ?? '')?.[1] ?? null;
}

/**
 * Finds (or makes) the tab the form writes to. Linking creates a new
 * "Form responses N" tab holding every response so far, and Google may add it only
 * after setDestination has returned. So a tab already linked to the form (its
 * getFormUrl() names the form) is adopted, and a form linked here whose tab has not
 * appeared yet is not linked again: that would leave an orphan tab holding
 * duplicate responses. It is linked only when it writes elsewhere, or its
 * remembered tab is gone.
 */
function linkResponses(run: Execution, definition: FormDefinition, form: Form, sheets: SheetEntry[], notes: string[]): { sheets: SheetEntry[]; entry: SheetEntry | null } {
  const storedId = run.store.sheetId(definition.id);
  let entry = storedId === null ? undefined : sheets.find((s) => s.id === storedId);
  const linkedHere = destinationOf(form) === run.ss.getId();
  if (!entry || !linkedHere) {
    const formId = formIdOfUrl(form.getEditUrl());
    const adopted = linkedHere ? sheets.find((s) => formIdOfUrl(s.sheet.getFormUrl()) === formId) : undefined;
    if (adopted) {
      entry = adopted;
    } else if (linkedHere && storedId === null) {
      // Linked by an earlier Set up whose tab had not appeared: wait for it, never link twice.
      notes.push(
        `${definition.title}: linked to this spreadsheet, but its response tab has not appeared yet; run Set up again in a minute (if it never appears, unlink the form in its Responses tab and run Set up again)`,
      );
      return { sheets, entry: null };
    } else {
      form.setDestination(FormApp.DestinationType.SPREADSHEET, run.ss.getId());
      SpreadsheetApp.flush();
      sheets = listSheets(run.ss);
      entry = sheets.find((s) => formIdOfUrl(s.sheet.getFormUrl()) === formId);
      if (!entry) {
        notes.push(`${definition.title}: linked to this spreadsheet, but its response tab has not appeared yet; run Set up again in a minute`);
        return { sheets, entry: null };
      }
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
  return { sheets, entry };
}

/**
 * A tab kept by hand (the services directory): created with its header if
 * missing, missing columns added at the end, and drop-down / date checks on the
 * columns that have a vocabulary or a date.
 */
function prepareManualTab(run: Execution, definition: FormDefinition, sheets: readonly SheetEntry[], notes: string[]): void {
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

export function setUpAll(run: Execution): SetUpSummary {
  // Set up builds from the configuration: with a problem in it, nothing is built on a guess.
  if (run.config.problems.length > 0) {
    throw new Error(
      `the script property ${SETTINGS_PROPERTY} cannot be used: ${run.config.problems.join('; ')}. Correct it (Project Settings → Script properties) and run Set up again; nothing was changed.`,
    );
  }
  const started = Date.now();
  const summary: Omit<SetUpSummary, 'refresh' | 'unfinished'> = { created: [], updated: [], notes: [], forms: [], carriedOver: 0, triggersOwnedBy: null };
  let sheets = listSheets(run.ss);
  renameFormerViewTabs(run, sheets);
  // The lists last written; the refresh at the end reads the registers and updates them if they changed.
  const listChoices = storedListChoices(run);
  // Forms an earlier Set up did before it stopped for time: not done twice.
  const done = new Set(run.store.setupProgress() ?? []);
  const asked = run.forms.filter((f) => !f.manual);
  // Response tabs read here to place their Edit link column: the refresh at the end reads them no more.
  const grids = new Map<number, Cell[][]>();
  for (const definition of run.forms) {
    if (done.has(definition.id) && !definition.manual) {
      const form = openForm(run.store.formId(definition.id));
      if (form) {
        summary.carriedOver++;
        summary.forms.push({ title: definition.title, url: form.getPublishedUrl() });
        continue;
      }
      done.delete(definition.id); // deleted since: made again below
    }
    if (!definition.manual && Date.now() - started > SETUP_FORMS_BUDGET_MS) {
      run.store.setSetupProgress([...done]);
      return { ...summary, unfinished: { done: asked.filter((f) => done.has(f.id)).length, total: asked.length }, refresh: null };
    }
    if (definition.manual) {
      prepareManualTab(run, definition, sheets, summary.notes);
      continue;
    }
    const storedId = run.store.formId(definition.id);
    const existing = openForm(storedId);
    if (storedId && !existing) summary.notes.push(`${definition.title}: the form set-up made before cannot be opened (deleted?); a new one was made`);
    const sync = syncForm(definition, existing, listChoices);
    run.store.setFormId(definition.id, sync.form.getId());
    (sync.created ? summary.created : summary.updated).push(definition.title);
    if (sync.republished) summary.notes.push(`${definition.title}: the form was not published (taking no responses); it is published again`);
    if (sync.added.length > 0) summary.notes.push(`${definition.title}: questions added: ${sync.added.join(', ')}`);
    if (sync.mismatched.length > 0) {
      summary.notes.push(`${definition.title}: left as they are, because they are a different kind of question than declared: ${sync.mismatched.join(', ')}`);
    }
    const linked = linkResponses(run, definition, sync.form, sheets, summary.notes);
    sheets = linked.sheets;
    if (linked.entry) {
      const grid = readSheet(linked.entry.sheet, run.timeZone);
      ensureEditLinkColumn(run, linked.entry.sheet, definition, grid);
      grids.set(linked.entry.id, grid);
    }
    summary.forms.push({ title: definition.title, url: sync.form.getPublishedUrl() });
    done.add(definition.id);
  }
  run.store.clearSetupProgress();
  const triggers = ensureTriggers(run.ss, run.store);
  for (const handler of triggers.installed) summary.notes.push(`trigger installed: ${handler}`);
  summary.triggersOwnedBy = triggers.ownedBy;
  run.store.setBuiltSchemes(run.schemes.map((s) => s.id));
  return { ...summary, unfinished: null, refresh: refreshAll(run, grids) };
}
