/**
 * The functions that menus and triggers call. The build (apps-script/build.mjs)
 * declares each export of this module as a top-level function of the pushed
 * Code.js, as Apps Script requires.
 */
import { runSetUpCheck } from './check-setup.js';
import { confirmDeletion, deleteReviewed } from './delete-reviewed.js';
import { withScriptLock } from './lock.js';
import { rebuildDue, refreshAll } from './refresh.js';
import { startExecution } from './execution.js';
import { setUpAll } from './setup.js';
import { saveSettingsForm, showSettingsDialog } from './settings-menu.js';
import type { SettingsFormResult } from './settings-form.js';
import { SETTINGS_PROPERTY } from './site-config.js';
import { handleSubmission } from './submit.js';
import { noteHandEdit } from './hand-edits.js';
import { takeOverTriggers as moveTriggers } from './triggers.js';
import { writeRetentionReview } from './retention-review.js';

const MENU = 'Peer support';
const BUSY = 'Another Peer support run is still working. Try again in a minute.';

/** Simple trigger: adds the menu when the spreadsheet opens. */
export function onOpen(): void {
  SpreadsheetApp.getUi()
    .createMenu(MENU)
    .addItem('Set up', 'setUp')
    .addItem('Refresh', 'refreshViews')
    .addItem('Take over triggers', 'takeOverTriggers')
    .addItem('Check set-up', 'checkSetUp')
    .addItem('Settings', 'openSettings')
    .addSeparator()
    .addItem('Retention review', 'retentionReview')
    .addItem('Delete reviewed rows', 'deleteReviewedRows')
    .addToUi();
}

function alert(message: string): void {
  SpreadsheetApp.getUi().alert(MENU, message, SpreadsheetApp.getUi().ButtonSet.OK);
}

/**
 * Runs a menu command: the outcome, and any failure, is said in an alert rather
 * than thrown at the user. Messages name tabs and rows, never a person's answers.
 */
function fromMenu(work: () => string): void {
  let message: string;
  try {
    message = withScriptLock(work, () => BUSY);
  } catch (error) {
    console.error(error);
    message = `Peer support could not finish: ${error instanceof Error ? error.message : String(error)}`;
  }
  alert(message);
}

function listed(title: string, lines: readonly string[]): string {
  return lines.length === 0 ? '' : `\n\n${title}\n${lines.map((l) => `• ${l}`).join('\n')}`;
}

/** Menu: Peer support → Set up. */
export function setUp(): void {
  fromMenu(() => {
    const summary = setUpAll(startExecution());
    const carried = summary.carriedOver > 0 ? ` ${summary.carriedOver} done by the Set up before.` : '';
    const head = summary.unfinished
      ? `Set up stopped before Apps Script's time limit: ${summary.unfinished.done} of ${summary.unfinished.total} forms are done. Choose Peer support → Set up again to carry on.`
      : `Set up done: ${summary.created.length} form(s) created, ${summary.updated.length} updated.${carried}`;
    // A manager's email is no respondent's data: it may be shown here (never logged).
    const owned = summary.triggersOwnedBy
      ? `\n\nTriggers are owned by ${summary.triggersOwnedBy}; choose Peer support → Take over triggers to move them. None were added, so that no submission is handled twice.`
      : '';
    return (
      head +
      owned +
      listed('Changes and notes:', summary.notes) +
      listed('Tabs that need attention (also in Data issues):', summary.refresh?.tabProblems ?? []) +
      listed('Forms to share with staff:', summary.forms.map((f) => `${f.title}: ${f.url}`))
    );
  });
}

/**
 * Menu: Peer support → Take over triggers (when the manager who owns them leaves).
 * Apps Script cannot delete another account's triggers, so the previous owner's
 * stay until they remove them; meanwhile both fire, which is harmless: submissions
 * are handled under the script lock, and handling a row again lists nothing twice.
 */
export function takeOverTriggers(): void {
  fromMenu(() => {
    const run = startExecution();
    const { installed, me, previous } = moveTriggers(run.ss, run.store);
    const head = `The form-submit and hourly triggers now run as ${me}${installed.length > 0 ? ` (installed: ${installed.join(', ')})` : ''}.`;
    if (previous === null) return head;
    return (
      `${head}\n\n${previous} must remove their own triggers: Apps Script cannot delete another account's. ` +
      `They can do it under Extensions → Apps Script → Triggers; otherwise their triggers stop working when that account loses access. ` +
      `Until then each submission is handled twice, which is harmless: it is checked once and listed once in Data issues.`
    );
  });
}

/** Menu: Peer support → Check set-up (changes nothing but Data issues; takes the lock itself, only to write). */
export function checkSetUp(): void {
  alert(runSetUpCheck());
}

/** Menu: Peer support → Settings: a dialog to choose the schemes and edit the settings. */
export function openSettings(): void {
  showSettingsDialog();
}

/** Called by the Settings dialog (google.script.run): checks what it sends and stores it when valid. */
export function saveSettings(form: unknown): SettingsFormResult {
  return saveSettingsForm(form);
}

/** Menu: Peer support → Refresh. */
export function refreshViews(): void {
  fromMenu(() => {
    const summary = refreshAll(startExecution());
    return (
      `Views refreshed: ${summary.rows} responses checked, ${summary.issues} data issue(s) listed.` +
      listed(`Settings not used (script property ${SETTINGS_PROPERTY}, also in Data issues):`, summary.settingsProblems) +
      listed('Schemes whose forms are not built yet (run Peer support → Set up):', summary.notBuilt) +
      listed('Tabs that need attention (also in Data issues):', summary.tabProblems) +
      listed("Near Google Sheets' limit of 10 million cells, these views list only what fits (each says so at its top):", summary.cutShort)
    );
  });
}

/** Menu: Peer support → Retention review (lists; deletes nothing). */
export function retentionReview(): void {
  fromMenu(() => writeRetentionReview(startExecution()));
}

/** Menu: Peer support → Delete reviewed rows. The question comes before the lock, so submissions do not wait on it. */
export function deleteReviewedRows(): void {
  const request = confirmDeletion(SpreadsheetApp.getUi(), MENU);
  if (request === null) return;
  if (typeof request === 'string') alert(request);
  else fromMenu(() => deleteReviewed(startExecution(), request));
}

function rebuild(label: string): void {
  withScriptLock(
    () => {
      const summary = refreshAll(startExecution());
      Logger.log(`${label} refresh: ${summary.rows} responses checked, ${summary.issues} data issue(s).`);
    },
    () => Logger.log(`${label} refresh skipped: another run held the lock; the next refresh will catch up.`),
  );
}

/** Time-driven trigger, hourly: rebuilds when something changed, and once a day whatever. No alert: nobody is looking. */
export function hourlyRefresh(): void {
  if (rebuildDue()) rebuild('Hourly');
}

/** The daily trigger of earlier versions, until its owner's Set up replaces it by the hourly one: rebuilds. */
export function dailyRefresh(): void {
  rebuild('Daily');
}

/** Simple trigger: a person changed a value by hand (never a script's or a form's write). */
export function onEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  noteHandEdit(e);
}

/** Installable trigger: the spreadsheet's form submit. */
export function onFormSubmit(e: GoogleAppsScript.Events.SheetsOnFormSubmit): void {
  handleSubmission(e);
}
