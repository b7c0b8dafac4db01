/**
 * Check set-up (menu Peer support → Check set-up): on the real account, makes the
 * calls Set up and the triggers depend on and looks at what Set up made — the
 * permissions, the triggers, the forms, the tabs, the spreadsheet's size and the settings — changing
 * nothing but Data issues, where its findings go first, most serious first, each
 * with what to do. A call that cannot be made without leaving something behind
 * (FormApp.create, Form.setDestination, ScriptApp.newTrigger, insertSheet) is
 * stood in for by a read-only call needing the same permission; the README says
 * what that cannot prove.
 */
import manifest from '../appsscript.json' with { type: 'json' };
import type { FormDefinition } from '../core/form.js';
import type { SetupSeverity } from './views/data-issues.js';
import { CELL_LIMIT, CELL_WARNING_SHARE, CellBudget } from './cell-budget.js';
import { SETTINGS_ISSUE_TAB, startExecution, type Execution } from './execution.js';
import type { PublishableForm } from './forms.js';
import { DATA_ISSUES_VIEW, writeSetupFindings } from './issues-log.js';
import { withScriptLock } from './lock.js';
import { viewTabsOf } from './refresh.js';
import { formIdOfUrl } from './setup.js';
import { triggerStatus, type TriggerStatus } from './triggers.js';
import type { ViewTab } from './view-tabs.js';
import { listSheets, sameName, type SheetEntry } from './workbook.js';

/** The scopes appsscript.json asks for: the manifest pushed with this code. */
const MANIFEST_SCOPES: readonly string[] = manifest.oauthScopes;

const AUTH = 'https://www.googleapis.com/auth/';
/** Each scope in a manager's words: what Peer support may do with it. */
const SCOPE_WORDS: Readonly<Record<string, string>> = {
  [`${AUTH}spreadsheets.currentonly`]: 'see and change this spreadsheet (its tabs, checks and chart)',
  [`${AUTH}spreadsheets`]: 'see and change your Google Sheets spreadsheets (Google may ask for it to link a form to this one)',
  [`${AUTH}forms`]: 'build and change your Google Forms (the forms Set up makes and links here)',
  [`${AUTH}forms.currentonly`]: 'see and change the form a script belongs to',
  [`${AUTH}script.scriptapp`]: 'run the form-submit and refresh triggers while nobody is at the spreadsheet',
  [`${AUTH}script.container.ui`]: 'show the Peer support menu, its messages and dialogs',
  [`${AUTH}userinfo.email`]: 'see your email address (to record which manager owns the triggers)',
};

/** Each trigger in a manager's words (a handler not listed is named as it is). */
const TRIGGER_WORDS: Readonly<Record<string, string>> = {
  onFormSubmit: 'the form-submit trigger (onFormSubmit), which checks each submission',
  hourlyRefresh: 'the hourly trigger (hourlyRefresh) that rebuilds the views',
};

/**
 * The typings predate ScriptApp.getAuthorizationInfo(authMode, oAuthScopes) and
 * AuthorizationInfo.getAuthorizedScopes(), which "returns the authorized scopes
 * from the specified list" (https://developers.google.com/apps-script/reference/script/authorization-info#getAuthorizedScopes()).
 */
type AuthorizingScriptApp = {
  getAuthorizationInfo(
    authMode: GoogleAppsScript.Script.AuthMode,
    oAuthScopes: string[],
  ): { getAuthorizationStatus(): GoogleAppsScript.Script.AuthorizationStatus; getAuthorizedScopes?(): string[] | null };
};

interface Finding {
  severity: 'problem' | 'warning';
  /** What it is about, in the Data issues "Tab" column: a tab, a form, "Permissions", "Triggers". */
  about: string;
  what: string;
  todo: string;
}

/**
 * Apps Script's words when a call needs a scope the account has not allowed:
 * "You do not have permission to call FormApp.openById. Required permissions:
 * https://www.googleapis.com/auth/forms", alternatives written "(a || b)".
 */
const REFUSED = /You do not have permission to call ([\w.]*\w)\.?\s+Required permissions:\s*(.+)$/s;

function refusal(error: unknown): { call: string; scopes: string[] } | null {
  const match = REFUSED.exec(error instanceof Error ? error.message : String(error));
  if (!match) return null;
  return { call: match[1]!, scopes: match[2]!.match(/https:\/\/www\.googleapis\.com\/auth\/[\w.]+/g) ?? [] };
}

/** The scope to name: the manifest's own among the alternatives, else the broadest (Google lists it last). */
function scopeToName(scopes: readonly string[]): string {
  return scopes.find((s) => MANIFEST_SCOPES.includes(s)) ?? scopes.at(-1) ?? 'a permission Google did not name';
}

function permissionFinding(scope: string, call: string | null): Finding {
  const words = SCOPE_WORDS[scope] ?? `use ${scope}`;
  const refused = call === null ? '' : ` (Google refused ${call})`;
  if (MANIFEST_SCOPES.includes(scope)) {
    return {
      severity: 'problem',
      about: 'Permissions',
      what: `Peer support has not been allowed to ${words}${refused}; appsscript.json asks for it with the line "${scope}" in "oauthScopes"`,
      todo: 'choose Peer support → Set up and allow everything Google asks, ticking every box; if Google does not ask, remove the script\'s access at https://myaccount.google.com/permissions and run Set up again',
    };
  }
  return {
    severity: 'problem',
    about: 'Permissions',
    what: `Peer support needs permission to ${words}${refused}, which appsscript.json does not ask for`,
    todo: `add the line "${scope}" to "oauthScopes" in appsscript.json, run npm run push, reload the spreadsheet and choose Set up, allowing it when Google asks`,
  };
}

/** The checks run so far, what they found, and the permissions Google refused. */
class Checks {
  readonly findings: Finding[] = [];
  /** Scope → the first call refused for want of it. */
  readonly refused = new Map<string, string>();
  count = 0;

  private record(error: unknown, about: string, into: Finding[]): void {
    const refused = refusal(error);
    if (refused) {
      const scope = scopeToName(refused.scopes);
      if (!this.refused.has(scope)) this.refused.set(scope, refused.call);
      return; // said once, as a permission finding
    }
    into.push({ severity: 'problem', about, what: `could not be checked: ${error instanceof Error ? error.message : String(error)}`, todo: 'choose Check set-up again; if it says the same, see "Checking the set-up" in the README' });
  }

  /** One check: what `work` finds, or the permission that stopped it. */
  run(about: string, work: (found: Finding[]) => void): void {
    this.count++;
    const found: Finding[] = [];
    try {
      work(found);
    } catch (error) {
      this.record(error, about, found);
    }
    this.findings.push(...found);
  }

  /** A value several checks share; null when Google refused it (the checks that needed it count as not passed). */
  read<T>(about: string, work: () => T): T | null {
    try {
      return work();
    } catch (error) {
      this.record(error, about, this.findings);
      return null;
    }
  }
}

/**
 * What Google says of the manifest's scopes for this account: which are allowed
 * (null where its AuthorizationInfo lacks getAuthorizedScopes()), and whether some
 * must still be allowed.
 */
function authorization(): { allowed: string[] | null; required: boolean } {
  try {
    const info = (ScriptApp as unknown as AuthorizingScriptApp).getAuthorizationInfo(ScriptApp.AuthMode.FULL, [...MANIFEST_SCOPES]);
    const required = info.getAuthorizationStatus() === ScriptApp.AuthorizationStatus.REQUIRED;
    return { allowed: info.getAuthorizedScopes?.() ?? null, required };
  } catch {
    return { allowed: null, required: false }; // the calls below still find a refusal
  }
}

function checkSettings(run: Execution, checks: Checks): void {
  checks.run(SETTINGS_ISSUE_TAB, (found) => {
    for (const problem of run.config.problems) {
      found.push({
        severity: 'problem',
        about: SETTINGS_ISSUE_TAB,
        what: problem,
        todo: 'correct it under Extensions → Apps Script → Project Settings → Script properties (see "Settings in Apps Script" in the README); until then Set up changes nothing',
      });
    }
  });
}

function checkTriggers(run: Execution, checks: Checks): void {
  const status: TriggerStatus | null = checks.read('Triggers', () => triggerStatus(run.store));
  if (!status) {
    checks.count++; // refused: not passed, and the permission finding says why
    return;
  }
  checks.run('Triggers', (found) => {
    if (status.me === '') {
      found.push({ severity: 'warning', about: 'Triggers', what: 'Google did not give this account\'s email, so who owns the triggers cannot be checked', todo: 'run Check set-up from the account that ran Set up' });
    } else if (status.ownedByOther) {
      found.push({
        severity: 'warning',
        about: 'Triggers',
        what: `the triggers are owned by ${status.owner}; Google shows each account only its own triggers, so they cannot be checked from yours`,
        todo: `ask ${status.owner} to choose Check set-up, or choose Peer support → Take over triggers if they have left`,
      });
    } else if (status.owner === null) {
      found.push({ severity: 'problem', about: 'Triggers', what: 'no account is recorded as owning the triggers', todo: 'choose Peer support → Set up: it installs them and records you' });
    }
  });
  for (const { handler, count } of status.mine) {
    const words = TRIGGER_WORDS[handler] ?? `the "${handler}" trigger`;
    checks.run('Triggers', (found) => {
      if (status.ownedByOther) {
        if (count > 0) {
          found.push({
            severity: 'warning',
            about: 'Triggers',
            what: `you have ${words}, as well as ${status.owner}: its work is done twice (harmless, but it uses more of the daily trigger time)`,
            todo: `remove yours under Extensions → Apps Script → Triggers, or choose Take over triggers and ask ${status.owner} to remove theirs`,
          });
        }
      } else if (count === 0) {
        found.push({ severity: 'problem', about: 'Triggers', what: `${words} is missing`, todo: 'choose Peer support → Set up: it installs it' });
      } else if (count > 1) {
        found.push({
          severity: 'problem',
          about: 'Triggers',
          what: `${words} is installed ${count} times: its work is done ${count} times`,
          todo: `under Extensions → Apps Script → Triggers, delete all but one "${handler}" trigger`,
        });
      }
    });
  }
}

/** The tab a form's responses are in: the linked one remembered, else by name (as the refresh finds it). */
function tabOf(run: Execution, definition: FormDefinition, sheets: readonly SheetEntry[]): SheetEntry | undefined {
  const id = run.store.sheetId(definition.id);
  return (id === null ? undefined : sheets.find((s) => s.id === id)) ?? sheets.find((s) => sameName(s.name, definition.tab));
}

/** Google throws when a form has no destination; a refusal is thrown on. */
function destinationOf(form: GoogleAppsScript.Forms.Form): string | null {
  try {
    return form.getDestinationId();
  } catch (error) {
    if (refusal(error)) throw error;
    return null;
  }
}

function checkForm(run: Execution, definition: FormDefinition, sheets: readonly SheetEntry[], found: Finding[]): void {
  const about = `Form: ${definition.title}`;
  const problem = (what: string, todo: string) => found.push({ severity: 'problem', about, what, todo });
  const id = run.store.formId(definition.id);
  if (id === null) return void problem('not made yet', 'choose Peer support → Set up');
  let form: PublishableForm;
  try {
    form = FormApp.openById(id) as PublishableForm;
  } catch (error) {
    if (refusal(error)) throw error;
    return void problem(
      'the form Set up made cannot be opened: it was deleted, or your account cannot open it',
      'ask its owner to add you as an editor of the form, or choose Set up to make a new one (the responses so far stay in their tab)',
    );
  }
  const destination = destinationOf(form);
  if (destination !== run.ss.getId()) {
    problem(destination === null ? 'its responses go to no spreadsheet' : 'its responses go to another spreadsheet', 'choose Peer support → Set up: it links the form to this spreadsheet');
  }
  // The tab's side of the link: the form its getFormUrl() names is this one.
  const entry = tabOf(run, definition, sheets);
  const url = entry?.sheet.getFormUrl() ?? null;
  if (entry && url === null && destination === run.ss.getId()) {
    problem(`the tab "${entry.name}" no longer receives its responses`, 'choose Peer support → Set up: it adopts the tab the form now writes to');
  } else if (entry && url !== null) {
    let linkedId: string | null;
    try {
      linkedId = FormApp.openByUrl(url).getId();
    } catch (error) {
      if (refusal(error)) throw error;
      linkedId = formIdOfUrl(url);
    }
    if (linkedId !== id) problem(`the tab "${entry.name}" receives another form's responses`, 'unlink that form (in its Responses tab, "Unlink from sheet") and choose Set up');
  }
  if (!form.isPublished()) {
    problem('not published: staff cannot open it', 'choose Peer support → Set up (it publishes the form), or open the form and press Publish');
  } else if (!form.isAcceptingResponses()) {
    problem('published, but not accepting responses: staff see that it is closed', 'open the form, and in its Responses tab switch on "Accepting responses"');
  }
}

function checkTab(run: Execution, definition: FormDefinition, sheets: readonly SheetEntry[], found: Finding[]): void {
  const entry = tabOf(run, definition, sheets);
  if (!entry) {
    found.push({
      severity: 'problem',
      about: definition.tab,
      what: `the "${definition.tab}" tab is missing`,
      todo: definition.manual
        ? 'choose Peer support → Set up: it makes the tab again with its header (type the entries again, or restore the tab from File → Version history)'
        : 'restore it from File → Version history, or choose Peer support → Set up, which links the form again: Google then makes a new tab holding every response the form has kept',
    });
    return;
  }
  if (!sameName(entry.name, definition.tab)) {
    // Another tab with the declared name: often the form's old tab, left when it was linked again.
    const clash = sheets.find((s) => s.id !== entry.id && sameName(s.name, definition.tab));
    found.push({
      severity: 'warning',
      about: definition.tab,
      what: `the "${definition.title}" ${definition.manual ? 'entries are' : 'responses are'} in a tab now called "${entry.name}"${clash ? `, and another tab is called "${clash.name}"` : ''}`,
      todo: clash
        ? `copy anything "${clash.name}" holds that "${entry.name}" lacks, then rename or remove "${clash.name}" and choose Set up, which names "${entry.name}" back: exported workbooks are read by tab name`
        : `rename it back to "${definition.tab}" (or choose Set up): exported workbooks are read by tab name`,
    });
  }
  const width = Math.max(entry.sheet.getLastColumn(), 1);
  const [header = []] = entry.sheet.getRange(1, 1, 1, width).getValues();
  const titles = header.map((h) => String(h ?? ''));
  const missing = definition.questions.filter((q) => !titles.some((t) => sameName(t, q.title))).map((q) => `"${q.title}"`);
  if (missing.length > 0) {
    found.push({
      severity: 'problem',
      about: definition.tab,
      what: `${missing.length === 1 ? 'a column is' : 'columns are'} missing or renamed: ${missing.join(', ')} (peerkit reads a column by its header)`,
      todo: definition.manual
        ? 'rename the header back, or choose Set up: it adds a missing column at the end'
        : 'rename the header back to the question exactly as written; if the column was deleted, choose Set up, and Google adds it again at the end',
    });
  }
}

function checkView(run: Execution, view: ViewTab, found: Finding[]): void {
  const id = run.store.viewSheetId(view.name) ?? (view.formerly === undefined ? null : run.store.viewSheetId(view.formerly));
  if (id !== null && run.ss.getSheetById(id) !== null) return;
  const remade = view === DATA_ISSUES_VIEW ? ' (Check set-up made it again, to hold these findings)' : '';
  found.push({ severity: 'warning', about: view.name, what: `the "${view.name}" tab is missing${remade}`, todo: 'choose Peer support → Refresh: it rebuilds the views' });
}

/** Millions, to one decimal place: "9.3 million". */
const millions = (cells: number) => `${(Math.floor(cells / 100_000) / 10).toFixed(1)} million`;

/**
 * The spreadsheet's size against Google's limit of 10,000,000 cells (cell-budget.ts):
 * above 90 %, a warning, before the views have to list less.
 */
function checkSize(sheets: readonly SheetEntry[], found: Finding[]): void {
  const cells = new CellBudget(sheets).total();
  if (cells <= CELL_LIMIT * CELL_WARNING_SHARE) return;
  found.push({
    severity: 'warning',
    about: 'Spreadsheet size',
    what: `the spreadsheet has ${millions(cells)} cells (every tab's rows × columns, empty ones too), ${Math.floor((cells / CELL_LIMIT) * 100)}% of Google Sheets' limit of 10 million; near it, Data issues and the other views list only what fits, and past it Google refuses new rows`,
    todo: 'delete responses past their retention period (Peer support → Retention review, then Delete reviewed rows), and delete empty rows and columns at the end of big tabs, or tabs nobody needs (download a copy first: File → Download → .xlsx)',
  });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The alert's line: "All 32 checks passed." or "3 problems and 1 warning: see Data issues." */
function summaryOf(findings: readonly Finding[], checks: number): string {
  const problems = findings.filter((f) => f.severity === 'problem').length;
  const warnings = findings.length - problems;
  if (findings.length === 0) return `All ${checks} checks passed.`;
  return `${[problems > 0 ? plural(problems, 'problem') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(' and ')} in ${checks} checks`;
}

const sentence = (f: Finding) => `${f.what}. To fix: ${f.todo}.`;

/**
 * Menu: Check set-up. Returns the alert's text. It reads without the script lock
 * and holds it only to write Data issues: so a missing permission to the
 * spreadsheet itself is said in words too, and no submission waits on the checks.
 */
export function runSetUpCheck(): string {
  const checks = new Checks();
  const { allowed, required } = authorization();
  const run = checks.read('Permissions', startExecution);
  if (run) {
    checkSettings(run, checks);
    checkTriggers(run, checks);
    const sheets = checks.read('Tabs', () => listSheets(run.ss));
    const views = viewTabsOf(run);
    if (sheets) {
      for (const definition of run.forms) {
        if (!definition.manual) checks.run(`Form: ${definition.title}`, (found) => checkForm(run, definition, sheets, found));
      }
      for (const definition of run.forms) checks.run(definition.tab, (found) => checkTab(run, definition, sheets, found));
      for (const view of views) checks.run(view.name, (found) => checkView(run, view, found));
      checks.run('Spreadsheet size', (found) => checkSize(sheets, found));
    } else {
      // The tabs could not be listed: none of these checks ran (what stopped them is a finding already).
      checks.count += run.forms.filter((f) => !f.manual).length + run.forms.length + views.length + 1;
    }
  }

  // One check per permission the manifest asks for, then any it lacks that a call needed.
  const permissions: Finding[] = [];
  for (const scope of MANIFEST_SCOPES) {
    checks.count++;
    const call = checks.refused.get(scope) ?? null;
    if (call !== null || (allowed !== null && !allowed.includes(scope))) permissions.push(permissionFinding(scope, call));
  }
  if (required && permissions.length === 0) {
    // Google did not say which: the manifest's permissions as a whole.
    permissions.push({
      severity: 'problem',
      about: 'Permissions',
      what: 'Google says Peer support still needs you to allow some of the permissions appsscript.json asks for ("oauthScopes")',
      todo: 'choose Peer support → Set up and allow everything Google asks, ticking every box; if Google does not ask, remove the script\'s access at https://myaccount.google.com/permissions and run Set up again',
    });
  }
  for (const [scope, call] of checks.refused) {
    if (MANIFEST_SCOPES.includes(scope)) continue;
    checks.count++;
    permissions.push(permissionFinding(scope, call));
  }
  // Most serious first: permissions (nothing works without them), then the other problems, then warnings.
  const findings = [...permissions, ...checks.findings.filter((f) => f.severity === 'problem'), ...checks.findings.filter((f) => f.severity === 'warning')];
  const summary = summaryOf(findings, checks.count);
  if (!run) return `${summary}, not written to Data issues: ${findings.map(sentence).join('\n\n')}`;

  const rows: { tab: string; severity: SetupSeverity; reason: string }[] =
    findings.length === 0
      ? [{ tab: 'Check set-up', severity: 'setup-ok', reason: `${summary.slice(0, -1)}: permissions, triggers, forms, tabs, the spreadsheet's size and settings` }]
      : findings.map((f) => ({ tab: f.about, severity: f.severity === 'problem' ? 'setup-problem' : 'setup-warning', reason: sentence(f) }));
  const said = findings.length === 0 ? summary : `${summary}.`;
  try {
    const written = withScriptLock(
      () => (writeSetupFindings(run, rows), true),
      () => false,
    );
    if (!written) return `${said} Another Peer support run was still working, so Data issues was not updated: choose Check set-up again in a minute.`;
  } catch (error) {
    const refused = refusal(error);
    const why = refused ? sentence(permissionFinding(scopeToName(refused.scopes), refused.call)) : error instanceof Error ? error.message : String(error);
    return `${said} The result could not be written to Data issues: ${why}${findings.length === 0 ? '' : `\n\n${findings.map(sentence).join('\n\n')}`}`;
  }
  return findings.length === 0 ? summary : `${summary}: see Data issues (first in the tab).`;
}
