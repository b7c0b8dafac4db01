/**
 * One fake Google account with one spreadsheet: the globals a bound script sees
 * (SpreadsheetApp, FormApp, ScriptApp, Session, LockService, PropertiesService,
 * HtmlService, Logger, console, Charts), wired together, plus handles for the tests. A service the
 * script does not use is absent, so using one by mistake fails here first.
 */
import { GoogleEnv } from './env.js';
import { FakeFormApp } from './forms.js';
import { FakeHtmlService } from './html.js';
import { Charts, FakeLockService, FakeLogger, FakePropertiesService, FakeScriptApp, FakeSession, FakeUi, LockState, EventType, fakeConsole } from './services.js';
import { FakeSpreadsheet, FakeSpreadsheetApp } from './spreadsheet.js';

export interface FakeGoogle {
  env: GoogleEnv;
  spreadsheet: FakeSpreadsheet;
  formApp: FakeFormApp;
  scriptApp: FakeScriptApp;
  properties: FakePropertiesService;
  lock: LockState;
  ui: FakeUi;
  /** The globals to put in the script's context. */
  globals: Record<string, unknown>;
}

export function createGoogle(): FakeGoogle {
  const env = new GoogleEnv();
  const spreadsheet = new FakeSpreadsheet(env);
  const ui = new FakeUi(env);
  const formApp = new FakeFormApp(env);
  formApp.spreadsheets.set(spreadsheet.id, spreadsheet);
  const scriptApp = new FakeScriptApp(env);
  formApp.submitTriggerUid = () => scriptApp.triggers.find((t) => t.eventType === EventType.ON_FORM_SUBMIT)?.uid ?? '';
  const properties = new FakePropertiesService(env);
  const lock = new LockState();
  const globals: Record<string, unknown> = {
    SpreadsheetApp: new FakeSpreadsheetApp(env, spreadsheet, ui),
    FormApp: formApp,
    ScriptApp: scriptApp,
    Session: new FakeSession(env),
    LockService: new FakeLockService(env, lock),
    PropertiesService: properties,
    HtmlService: new FakeHtmlService(env),
    Logger: new FakeLogger(env),
    console: fakeConsole(env),
    Charts,
  };
  return { env, spreadsheet, formApp, scriptApp, properties, lock, ui, globals };
}
