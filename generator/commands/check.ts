/** `peerkit check`: every data issue in the workbook, by tab and row. */
import type { Command } from '../command.js';
import type { DataIssue } from '../../core/dataset.js';
import { findScheme, formsOf } from '../../core/schemes/index.js';
import { checkDataset } from '../../core/check-dataset.js';
import { stringOption as str } from '../options.js';
import { openWorkspace, WORKSPACE_HELP, WORKSPACE_OPTIONS } from '../workspace.js';
import { parseFormats } from '../output.js';
import { toCsv } from '../sources/csv.js';

const LABELS: Record<DataIssue['severity'], string> = { error: 'excluded', duplicate: 'repeat', warning: 'warning', voided: 'voided by staff' };

export const checkCommand: Command = {
  name: 'check',
  summary: 'list the data issues (rows left out, repeats, warnings, rows voided) by tab and row',
  help: `Usage: peerkit check [--source S] [--as-of yyyy-mm-dd] [--format text|json|csv] [--strict]

Lists every problem a report would meet on the tabs of the configured schemes
(by default perinatal and reconnect), by tab and spreadsheet row (the header
is row 1): rows left out (a required answer missing, a date that cannot be
read, an answer outside its list, an identifier that breaks its pattern), exact
repeats, identifiers nobody registered, dates after --as-of (default today),
services directory entries not verified recently, and rows voided by staff
(anything in a Void column). Values that could identify a person are never
printed: go to the row.

  --as-of D             "today" for the date checks, yyyy-mm-dd
  --format F            text (default), json or csv
  --strict              exit with status 1 when any row is left out (for
                        scripts and CI; a row voided on purpose is not);
                        without it, the status is 0${WORKSPACE_HELP}`,
  options: { 'as-of': { type: 'string' }, format: { type: 'string', default: 'text' }, strict: { type: 'boolean' }, ...WORKSPACE_OPTIONS },
  async run(values, io) {
    const workspace = openWorkspace(values);
    const [format] = parseFormats(str(values.format)!, ['text', 'json', 'csv']);
    const schemes = workspace.config.schemes.map(findScheme);
    const forms = formsOf(schemes);
    const { dataset, asOf } = await workspace.read(forms, io);
    const issues = checkDataset(dataset, { forms, schemes, asOf });
    // Only rows left out by mistake fail --strict: repeats, warnings and rows staff voided on purpose do not.
    const status = values.strict && issues.some((i) => i.severity === 'error') ? 1 : 0;
    if (format === 'json') {
      io.write(JSON.stringify({ origin: dataset.origin, asOf, issues }, null, 2) + '\n');
      return status;
    }
    if (format === 'csv') {
      io.write(toCsv([['Tab', 'Row', 'Kind', 'Reason', 'Answer'], ...issues.map((i) => [i.tab, i.row ?? '', LABELS[i.severity], i.reason, i.answer ?? ''])]));
      return status;
    }
    if (issues.length === 0) {
      io.out(`${dataset.origin}: no data issues found.`);
      return status;
    }
    let tab = '';
    for (const issue of issues) {
      if (issue.tab !== tab) {
        tab = issue.tab;
        io.out(`\n${tab}`);
      }
      const answer = issue.answer === undefined ? '' : ` (answer: "${issue.answer}")`;
      io.out(`  ${issue.row === null ? 'whole tab' : `row ${issue.row}`}: ${LABELS[issue.severity]}: ${issue.reason.replace(/^excluded: /, '')}${answer}`);
    }
    const count = (s: DataIssue['severity']) => issues.filter((i) => i.severity === s).length;
    io.out(`\n${dataset.origin}: ${count('error')} excluded, ${count('duplicate')} repeats, ${count('warning')} warnings, ${count('voided')} voided by staff.`);
    return status;
  },
};
