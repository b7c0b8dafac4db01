/** `peerkit check`: the data issues in the workbook, grouped (default) or every one by tab and row (--all, CSV, JSON). */
import type { Command, Output } from '../command.js';
import type { Dataset, DataIssue } from '../../core/dataset.js';
import { findScheme, formsOf } from '../../core/schemes/index.js';
import { checkDataset } from '../../core/check-dataset.js';
import { ALL_SITES } from '../../core/config.js';
import { stringOption as str } from '../options.js';
import { openWorkspace, SITE_HELP, SITE_OPTIONS, WORKSPACE_HELP, WORKSPACE_OPTIONS } from '../workspace.js';
import { parseFormats } from '../output.js';
import { csvPieces } from '../sources/csv.js';
import { batched, jsonText } from '../text-pieces.js';
import { checkSummary, headline, summaryLines } from './check-summary.js';

const LABELS: Record<DataIssue['severity'], string> = { error: 'excluded', duplicate: 'repeat', warning: 'warning', voided: 'voided by staff' };

export const checkCommand: Command = {
  name: 'check',
  summary: 'the data issues (rows left out, repeats, warnings, rows voided), grouped; --all lists every row',
  help: `Usage: peerkit check [--source S | --site ID|all] [--as-of yyyy-mm-dd] [--all] [--format text|json|csv] [--strict]

Checks the tabs of the configured schemes (by default perinatal and reconnect)
for what a report would meet: rows left out (a required answer missing, a date
that cannot be read, an answer outside its list, an identifier that breaks its
pattern), exact repeats, identifiers nobody registered, dates after --as-of
(default today), services directory entries not verified recently, each
scheme's own rules, and rows voided by staff (anything in a Void column).

By default it prints a summary that fits on a screen: first what must be fixed
(rows left out, by tab and reason), then repeats, then warnings grouped by tab
and kind, each with its count and first rows (the header is row 1). --all, CSV
and JSON list every issue by tab and row. Values that could identify a person
are never printed: go to the row.

  --as-of D             "today" for the date checks, yyyy-mm-dd
  --all                 list every issue, one line each, by tab and row
  --format F            text (default), json or csv (both list every issue)
  --strict              exit with status 1 when any row is left out (for
                        scripts and CI; a row voided on purpose is not);
                        without it, the status is 0
${SITE_HELP}
                        Each site is checked on its own: JSON gives an array
                        with each site's "site", CSV a Site column.${WORKSPACE_HELP}`,
  options: { 'as-of': { type: 'string' }, all: { type: 'boolean' }, format: { type: 'string', default: 'text' }, strict: { type: 'boolean' }, ...SITE_OPTIONS, ...WORKSPACE_OPTIONS },
  async run(values, io) {
    const workspace = openWorkspace(values);
    const [format] = parseFormats(str(values.format)!, ['text', 'json', 'csv']);
    const schemes = workspace.config.schemes.map(findScheme);
    const forms = formsOf(schemes);
    // Each site is checked on its own (data contract §9): issues are a site's rows, and nothing of them rolls up.
    const checked: Checked[] = workspace.sites
      ? (await workspace.readSites(forms, io)).map((site) => ({ site: site.id, dataset: site.dataset, asOf: site.asOf, issues: checkDataset(site.dataset, { forms, schemes, asOf: site.asOf }) }))
      : await workspace.read(forms, io).then(({ dataset, asOf }) => [{ dataset, asOf, issues: checkDataset(dataset, { forms, schemes, asOf }) }]);
    // Only rows left out by mistake fail --strict: repeats, warnings and rows staff voided on purpose do not.
    const status = values.strict && checked.some((c) => c.issues.some((i) => i.severity === 'error')) ? 1 : 0;
    if (format === 'json') {
      const json = checked.map(({ site, dataset, asOf, issues }) => ({
        ...(site !== undefined ? { site } : {}),
        origin: dataset.origin,
        asOf,
        issues,
        summary: checkSummary(issues, dataset.unreadable.size),
      }));
      // --site all (the default with sites): an array, as report prints one; a site or a workbook: one object.
      const every = workspace.sites !== undefined && (str(values.site) ?? ALL_SITES) === ALL_SITES;
      // In pieces: millions of issues are more text than one string holds.
      for (const piece of jsonText(every ? json : json[0])) io.write(piece);
      return status;
    }
    if (format === 'csv') {
      const site = workspace.sites !== undefined;
      const rows = function* () {
        yield [...(site ? ['Site'] : []), 'Tab', 'Row', 'Kind', 'Reason', 'Answer'];
        for (const c of checked) for (const i of c.issues) yield [...(site ? [c.site!] : []), i.tab, i.row ?? '', LABELS[i.severity], i.reason, i.answer ?? ''];
      };
      for (const piece of batched(csvPieces(rows()))) io.write(piece);
      return status;
    }
    checked.forEach((c, n) => {
      if (n > 0) io.out('');
      printText(c, values.all === true, schemes.map((s) => s.id), io);
    });
    return status;
  },
};

/** One workbook's or site's issues, as of a day. */
interface Checked {
  site?: string;
  dataset: Dataset;
  asOf: string;
  issues: DataIssue[];
}

/** The summary that fits on a screen, or with --all every issue by tab and row. */
function printText({ dataset, asOf, issues }: Checked, all: boolean, schemes: string[], io: Output): void {
  if (!all) {
    for (const line of summaryLines(issues, { origin: dataset.origin, asOf, schemes, tabsNotRead: dataset.unreadable.size })) io.out(line);
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
    const answer = issue.answer === undefined ? '' : ` (answer: "${issue.answer}")`;
    io.out(`  ${issue.row === null ? 'whole tab' : `row ${issue.row}`}: ${LABELS[issue.severity]}: ${issue.reason.replace(/^excluded: /, '')}${answer}`);
  }
  io.out(`\n${dataset.origin}: ${headline(issues, dataset.unreadable.size)}.`);
}
