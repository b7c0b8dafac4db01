/** `peerkit check`: every data issue in the workbook, by tab and row. */
import type { Command } from '../command.js';
import { readDataset, type DataIssue } from '../../core/dataset.js';
import { findScheme, formsOf } from '../../core/schemes/index.js';
import { parseIsoDateOption, today } from '../../core/dates.js';
import { checkDataset } from '../../core/check-dataset.js';
import { readSource } from '../sources/index.js';
import { loadConfig, settingsFrom, SOURCE_HELP, SOURCE_OPTIONS, stringOption as str } from '../options.js';
import { parseFormats } from '../output.js';
import { toCsv } from '../sources/csv.js';
import { step } from '../progress.js';

const LABELS: Record<DataIssue['severity'], string> = { error: 'excluded', duplicate: 'repeat', warning: 'warning' };

export const checkCommand: Command = {
  name: 'check',
  summary: 'list the data issues (rows left out, repeats, warnings) by tab and row',
  help: `Usage: peerkit check [--source S] [--as-of yyyy-mm-dd] [--format text|json|csv]

Lists every problem a report would meet on the tabs of the configured schemes
(by default perinatal and reconnect), by tab and spreadsheet row (the header
is row 1): rows left out (a required answer missing, a date that cannot be
read, an answer outside its list, an identifier that breaks its pattern), exact
repeats, identifiers nobody registered, dates after --as-of (default today), and
services directory entries not verified recently. Values that could identify a
person are never printed: go to the row.

  --as-of D             "today" for the date checks, yyyy-mm-dd
  --format F            text (default), json or csv${SOURCE_HELP}`,
  options: { 'as-of': { type: 'string' }, format: { type: 'string', default: 'text' }, ...SOURCE_OPTIONS },
  async run(values, io) {
    settingsFrom(values); // checks the options before anything is read
    const asOfOption = str(values['as-of']) !== undefined ? parseIsoDateOption(str(values['as-of'])!, '--as-of') : undefined;
    const [format] = parseFormats(str(values.format)!, ['text', 'json', 'csv']);
    const schemes = loadConfig(values).schemes.map(findScheme);
    const forms = formsOf(schemes);
    step(io, `Reading ${str(values.source) ?? 'the sample workbook'}…`);
    const workbook = await readSource(str(values.source), io, forms.map((f) => f.tab));
    const settings = settingsFrom(values, workbook); // the spreadsheet's own time zone and locale, where the options leave them out
    const asOf = asOfOption ?? today(settings.timeZone);
    const dataset = readDataset(workbook, forms, settings);
    const issues = checkDataset(dataset, { forms, schemes, asOf });
    if (format === 'json') {
      io.write(JSON.stringify({ origin: dataset.origin, asOf, issues }, null, 2) + '\n');
      return;
    }
    if (format === 'csv') {
      io.write(toCsv([['Tab', 'Row', 'Kind', 'Reason'], ...issues.map((i) => [i.tab, i.row ?? '', LABELS[i.severity], i.reason])]));
      return;
    }
    if (issues.length === 0) {
      io.out(`${dataset.origin}: no data issues found.`);
      return;
    }
    let tab = '';
    for (const issue of issues) {
      if (issue.tab !== tab) {
        tab = issue.tab;
        io.out(`\n${tab}`);
      }
      io.out(`  ${issue.row === null ? 'whole tab' : `row ${issue.row}`}: ${LABELS[issue.severity]}: ${issue.reason.replace(/^excluded: /, '')}`);
    }
    const count = (s: DataIssue['severity']) => issues.filter((i) => i.severity === s).length;
    io.out(`\n${dataset.origin}: ${count('error')} excluded, ${count('duplicate')} repeats, ${count('warning')} warnings.`);
  },
};
