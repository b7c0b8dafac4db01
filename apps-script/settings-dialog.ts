/**
 * The Settings dialog's page (Peer support → Settings): plain HTML, CSS and a little
 * script, served by HtmlService in a modal dialog. It is made with the current
 * values in it, so it needs no round trip to open; Save sends the fields to the
 * server function saveSettings through google.script.run and shows each error beside
 * its field. Written for a scheme manager at a prison computer: 16px text and more,
 * a label on every field, strong contrast and focus, usable by keyboard alone.
 *
 * Every value from the property is escaped; the script sets text only with
 * textContent.
 */
import { SCHEME_CHOICES, SETTING_FIELDS, type SettingField, type SettingsFormState } from './settings-form.js';
import { SETTINGS_PROPERTY } from './site-config.js';

/** The dialog's size in Sheets (HtmlOutput.setWidth/setHeight), in pixels. */
export const DIALOG_SIZE = { width: 640, height: 640 };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 Arial,Helvetica,sans-serif;color:#0b0c0c;background:#fff}
main{padding:8px 16px 0}
.nowrap{white-space:nowrap}
h2{font-size:19px;margin:24px 0 8px}
p{margin:0 0 12px}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{font-size:19px;font-weight:bold;padding:0;margin:16px 0 8px}
.field{margin:0 0 20px;padding-left:0}
.field.invalid{border-left:5px solid #b3261e;padding-left:12px}
label.name{display:block;font-weight:bold}
.help{display:block;color:#484d50;margin:0 0 4px}
.error{display:block;color:#b3261e;font-weight:bold;margin:0 0 4px}
.error[hidden]{display:none}
input[type=text],select{font:inherit;color:inherit;background:#fff;min-height:40px;padding:4px 8px;border:2px solid #0b0c0c;border-radius:0;width:16em;max-width:100%}
.invalid input[type=text],.invalid select{border-color:#b3261e}
.scheme{display:flex;gap:12px;align-items:flex-start;margin:0 0 12px}
.scheme input{width:24px;height:24px;margin:2px 0 0;flex:none;accent-color:#0b0c0c}
.scheme label{font-weight:bold}
.scheme code{font-weight:normal}
code{font-family:Consolas,Menlo,monospace;font-size:16px}
:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
.notice{border:3px solid #b3261e;padding:12px;margin:16px 0}
.notice ul{margin:4px 0 0;padding-left:20px}
.own{background:#f3f2f1;padding:12px;margin:16px 0 0}
.actions{position:sticky;bottom:0;background:#fff;border-top:2px solid #b1b4b6;padding:12px 16px;display:flex;flex-wrap:wrap;gap:12px;align-items:center}
button{font:inherit;font-weight:bold;min-height:44px;padding:8px 18px;border:2px solid #0b0c0c;border-radius:0;cursor:pointer}
#save{background:#00703c;border-color:#002d18;color:#fff}
#close{background:#f3f2f1;color:#0b0c0c}
#status{flex:1 1 100%;margin:0}
#status.done{color:#005a30;font-weight:bold}
#status.problem{color:#b3261e;font-weight:bold}
`;

/** Sends the fields, then shows the result: errors beside their fields (the first focused), or what happens next. */
const SCRIPT = `
(function () {
  var form = document.getElementById('settings');
  var status = document.getElementById('status');
  var busy = false;
  function values() {
    var schemes = [], settings = {};
    var boxes = form.querySelectorAll('input[name=schemes]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) schemes.push(boxes[i].value);
    var fields = form.querySelectorAll('[data-setting]');
    for (var j = 0; j < fields.length; j++) settings[fields[j].name] = fields[j].value;
    return { schemes: schemes, settings: settings };
  }
  function clearErrors() {
    var marked = form.querySelectorAll('.invalid');
    for (var i = 0; i < marked.length; i++) {
      var name = marked[i].getAttribute('data-field');
      marked[i].classList.remove('invalid');
      var error = document.getElementById(name + '-error');
      error.hidden = true;
      error.textContent = '';
      var control = document.getElementById(name);
      control.removeAttribute('aria-invalid');
      control.setAttribute('aria-describedby', name + '-help');
    }
  }
  function showError(name, message) {
    var error = document.getElementById(name + '-error');
    if (!error) return false;
    error.textContent = message;
    error.hidden = false;
    document.getElementById(name + '-field').classList.add('invalid');
    var control = document.getElementById(name);
    if (control.tagName !== 'FIELDSET') control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', name + '-error ' + name + '-help');
    return true;
  }
  function say(text, kind) {
    status.className = kind;
    status.textContent = text;
  }
  function done(result) {
    busy = false;
    form.removeAttribute('aria-busy');
    clearErrors();
    if (result.saved) return say(result.message, 'done');
    var elsewhere = [];
    for (var i = 0; i < result.errors.length; i++) {
      var e = result.errors[i];
      if (!showError(e.field, e.message)) elsewhere.push(e.message);
    }
    say([result.message].concat(elsewhere).join(' '), 'problem');
    var first = form.querySelector('.invalid input, .invalid select');
    if (!first) return;
    first.focus({ preventScroll: true });
    // In the middle of the page, so that neither the Save bar nor the top hides it or its message.
    first.closest('.field').scrollIntoView({ block: 'center' });
  }
  function failed(error) {
    busy = false;
    form.removeAttribute('aria-busy');
    say('Not saved: ' + (error && error.message ? error.message : String(error)), 'problem');
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    form.setAttribute('aria-busy', 'true');
    say('Saving…', '');
    google.script.run.withSuccessHandler(done).withFailureHandler(failed).saveSettings(values());
  });
  document.getElementById('close').addEventListener('click', function () {
    google.script.host.close();
  });
})();
`;

function settingField(field: SettingField, value: string): string {
  const id = escapeHtml(field.name);
  const common = `id="${id}" name="${id}" data-setting aria-describedby="${id}-help"`;
  const control = field.choices
    ? `<select ${common}><option value=""${value === '' ? ' selected' : ''}>Default: ${escapeHtml(field.default)}</option>${field.choices
        .map((c) => `<option value="${escapeHtml(c)}"${c === value ? ' selected' : ''}>${escapeHtml(c)}</option>`)
        .join('')}${
        // A stored value that is none of the choices stays visible, so that saving says what is wrong with it.
        value !== '' && !field.choices.includes(value) ? `<option value="${escapeHtml(value)}" selected>${escapeHtml(value)}</option>` : ''
      }</select>`
    : `<input type="text" ${common} value="${escapeHtml(value)}" placeholder="${escapeHtml(field.default)}" autocomplete="off" spellcheck="false">`;
  return (
    `<div class="field" id="${id}-field" data-field="${id}">` +
    `<label class="name" for="${id}">${escapeHtml(field.label)}</label>` +
    `<span class="help" id="${id}-help">${escapeHtml(field.help)} Default: <span class="nowrap">${escapeHtml(field.default)}</span>.</span>` +
    `<span class="error" id="${id}-error" hidden></span>${control}</div>`
  );
}

function schemeBox(scheme: (typeof SCHEME_CHOICES)[number], checked: boolean): string {
  const id = `scheme-${escapeHtml(scheme.id)}`;
  return (
    `<div class="scheme"><input type="checkbox" name="schemes" id="${id}" value="${escapeHtml(scheme.id)}"${checked ? ' checked' : ''} aria-describedby="${id}-help">` +
    `<div><label for="${id}">${escapeHtml(scheme.title)} <code>${escapeHtml(scheme.id)}</code></label>` +
    `<span class="help" id="${id}-help">${escapeHtml(scheme.subtitle)}</span></div></div>`
  );
}

/** The page, with the property's current values and the spreadsheet's own time zone and locale. */
export function settingsDialogHtml(state: SettingsFormState, spreadsheet: { timeZone: string; locale: string }): string {
  const notice =
    state.problems.length === 0
      ? ''
      : `<div class="notice" role="alert"><strong>The script property ${SETTINGS_PROPERTY} has problems;</strong> until they are corrected, what is shown below is used where it can be. Saving replaces what could not be read.<ul>${state.problems
          .map((p) => `<li>${escapeHtml(p)}</li>`)
          .join('')}</ul></div>`;
  const kept =
    state.kept.length === 0 ? '' : ` Also in the property and kept as they are: ${state.kept.map((k) => `<code>${escapeHtml(k)}</code>`).join(', ')}.`;
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><base target="_top"><title>Settings</title><style>${STYLE}</style></head>
<body><form id="settings" novalidate><main>
${notice}
<p>Which schemes this spreadsheet runs, and how it checks and reports. An empty field uses the default shown.</p>
<fieldset id="schemes" aria-describedby="schemes-help">
<legend>Schemes</legend>
<div class="field" id="schemes-field" data-field="schemes">
<span class="help" id="schemes-help">Set up builds the forms of each scheme ticked, and its responses are checked. A scheme taken out keeps its forms and tabs.</span>
<span class="error" id="schemes-error" hidden></span>
${SCHEME_CHOICES.map((s) => schemeBox(s, state.schemes.includes(s.id))).join('\n')}
</div></fieldset>
<h2>Settings</h2>
${SETTING_FIELDS.map((f) => settingField(f, state.values[f.name] ?? '')).join('\n')}
<p class="own">Time zone <code>${escapeHtml(spreadsheet.timeZone)}</code> and date format <code>${escapeHtml(spreadsheet.locale)}</code> are the spreadsheet's own: change them under File → Settings.${kept}</p>
</main>
<div class="actions"><button type="submit" id="save">Save</button><button type="button" id="close">Close</button><p id="status" role="status"></p></div>
</form><script>${SCRIPT}</script></body></html>`;
}
