/**
 * Edits by hand, as the onEdit simple trigger hears of them: Google runs it "when a
 * user changes a value in a spreadsheet", never for a script's or a form's writes
 * (https://developers.google.com/apps-script/guides/triggers#onedite). The edited
 * tab is marked, so that submissions trust nothing cached of it
 * (submission-cache.ts), and the views are marked out of date, so that the next
 * hourly rebuild runs. A simple trigger may use the document's own properties but
 * no service that asks for authorisation, and runs as the person editing (its
 * runtime is theirs, not the trigger owner's): two calls and one property write.
 */
import { DateTime } from 'luxon';
import { Store } from './store.js';

export function noteHandEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  const store = new Store();
  store.markEditedByHand(e.range.getSheet().getSheetId());
  store.markViewsOutOfDate(DateTime.now().toISO()!);
}
