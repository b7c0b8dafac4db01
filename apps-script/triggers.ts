/** The two installable triggers set-up needs, each created once. */

const SUBMIT_HANDLER = 'onFormSubmit';
const DAILY_HANDLER = 'dailyRefresh';
/** The daily refresh runs between 6 and 7 in the morning (the script's time zone). */
const DAILY_HOUR = 6;

/** Returns the handlers whose trigger it created. */
export function ensureTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): string[] {
  const existing = ScriptApp.getProjectTriggers().map((t) => ({ handler: t.getHandlerFunction(), type: t.getEventType() }));
  const has = (handler: string, type: GoogleAppsScript.Script.EventType) => existing.some((t) => t.handler === handler && t.type === type);
  const created: string[] = [];
  if (!has(SUBMIT_HANDLER, ScriptApp.EventType.ON_FORM_SUBMIT)) {
    ScriptApp.newTrigger(SUBMIT_HANDLER).forSpreadsheet(ss).onFormSubmit().create();
    created.push(SUBMIT_HANDLER);
  }
  if (!has(DAILY_HANDLER, ScriptApp.EventType.CLOCK)) {
    ScriptApp.newTrigger(DAILY_HANDLER).timeBased().everyDays(1).atHour(DAILY_HOUR).create();
    created.push(DAILY_HANDLER);
  }
  return created;
}
