/**
 * Peer support → Settings, on the server: opens the dialog with the script
 * property's current values, and stores what the dialog sends once it is valid
 * (settings-form.ts checks it; nothing is written otherwise). The settings are read
 * afresh by every execution, so nothing else needs doing.
 */
import { DIALOG_SIZE, settingsDialogHtml } from './settings-dialog.js';
import { checkSettingsForm, readSettingsForm, type SettingsFormResult } from './settings-form.js';
import { SETTINGS_PROPERTY } from './site-config.js';
import { Store } from './store.js';

export function showSettingsDialog(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const state = readSettingsForm(PropertiesService.getScriptProperties().getProperty(SETTINGS_PROPERTY), new Store().builtSchemes());
  const html = settingsDialogHtml(state, { timeZone: ss.getSpreadsheetTimeZone(), locale: ss.getSpreadsheetLocale() });
  SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput(html).setWidth(DIALOG_SIZE.width).setHeight(DIALOG_SIZE.height), 'Settings');
}

export function saveSettingsForm(input: unknown): SettingsFormResult {
  const properties = PropertiesService.getScriptProperties();
  const checked = checkSettingsForm(input, properties.getProperty(SETTINGS_PROPERTY), new Store().builtSchemes());
  if (checked.text !== undefined) properties.setProperty(SETTINGS_PROPERTY, checked.text);
  return checked.result;
}
