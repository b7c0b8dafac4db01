/** `peerkit retention`: the rows kept longer than the retention period, by tab and row number only (data contract §8). */
import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { longDate } from '../../core/dates.js';
import { retentionReview, type RetentionReview } from '../../core/retention.js';
import { findScheme, formsOf } from '../../core/schemes/index.js';
import { stringOption as str } from '../options.js';
import { openWorkspace, WORKSPACE_HELP, WORKSPACE_OPTIONS } from '../workspace.js';
import { ensureFolder, parseFormats, shownPath, STDOUT, writeOutput } from '../output.js';
import { rowRanges } from '../render/helpers.js';
import { toCsv } from '../sources/csv.js';

const EXTENSIONS = { text: 'txt', json: 'json', csv: 'csv' } as const;

export const retentionCommand: Command = {
  name: 'retention',
  summary: 'list the rows kept longer than the retention period (72 months), by tab and row',
  help: `Usage: peerkit retention [--as-of yyyy-mm-dd] [--retention-months M]
                         [--format text|json|csv] [--out -|DIR] [--source S]

Lists, by tab and spreadsheet row (the header is row 1) and never by name or
identifier, the rows due for deletion under the retention period (the setting
retentionMonths, 72 months unless set):
  - every row about a person whose latest row in any tab is older than the
    period (a woman with an old intake and a recent contact is kept whole); a
    supporter, mentor, buddy or worker goes by their End date, and is never
    due while in role;
  - rows about nobody (training and supervision sessions, focus groups,
    anonymous questionnaires) older than the period by their own date.
A row's date is its form's main date (Contact date, Date received, …), or its
Timestamp when that cannot be read; a row with neither is never due, nor is
anything else about its person. Nothing is deleted: in the spreadsheet, Peer
support → Retention review and Delete reviewed rows do that.

  --as-of D             "today", yyyy-mm-dd (default: today in the spreadsheet's time zone)
  --format F            text (default), json or csv
  --out -|DIR           standard output (the default), or a folder to write
                        retention-<as-of>.txt, .json or .csv to${WORKSPACE_HELP}`,
  options: { 'as-of': { type: 'string' }, format: { type: 'string', default: 'text' }, out: { type: 'string', default: STDOUT }, ...WORKSPACE_OPTIONS },
  async run(values, io) {
    const workspace = openWorkspace(values);
    const [format] = parseFormats(str(values.format)!, Object.keys(EXTENSIONS)) as (keyof typeof EXTENSIONS)[];
    const forms = formsOf(workspace.config.schemes.map(findScheme));
    const { workbook, settings, asOf } = await workspace.readRaw(forms, io);
    const review = retentionReview(workbook, forms, settings, asOf);
    for (const { tab, reason } of review.gaps) io.note(`note: tab "${tab}" ${reason}`);
    if (review.undated > 0) {
      io.note(
        `note: ${review.undated} ${review.undated === 1 ? 'row has' : 'rows have'} no date that can be read: kept, with every row about the same person, until the date is corrected ("peerkit check" lists them)`,
      );
    }
    const text = render(review, format!);
    const out = str(values.out)!;
    if (out === STDOUT) {
      io.write(text);
      return;
    }
    const dir = resolve(out);
    ensureFolder(dir, { private: true });
    const file = writeOutput(dir, `retention-${asOf}.${EXTENSIONS[format!]}`, text, { private: true });
    io.out(`${review.rows.length} ${review.rows.length === 1 ? 'row is' : 'rows are'} due: wrote ${shownPath(file)}`);
  },
};

function render(review: RetentionReview, format: keyof typeof EXTENSIONS): string {
  if (format === 'json') {
    const { asOf, retentionMonths, rows, counts } = review;
    return JSON.stringify({ asOf, retentionMonths, rows, counts }, null, 2) + '\n';
  }
  if (format === 'csv') return toCsv([['Tab', 'Row'], ...review.rows.map((r) => [r.tab, r.row])]);
  const lines = [
    `Retention review as of ${longDate(review.asOf)}: records are kept for ${review.retentionMonths} months, so a date before ${longDate(review.before)} is older than the period.`,
    '',
  ];
  for (const [tab, count] of Object.entries(review.counts)) {
    const rows = review.rows.filter((r) => r.tab === tab).map((r) => r.row);
    lines.push(`${tab}: ${count} ${count === 1 ? 'row' : 'rows'}${count > 0 ? ` (${rowRanges(rows)})` : ''}`);
  }
  const tabs = Object.values(review.counts).filter((n) => n > 0).length;
  lines.push(
    '',
    review.rows.length === 0
      ? 'No row is due for deletion.'
      : `${review.rows.length} ${review.rows.length === 1 ? 'row' : 'rows'} in ${tabs} ${tabs === 1 ? 'tab' : 'tabs'} ${review.rows.length === 1 ? 'is' : 'are'} due for deletion. Nothing has been deleted.`,
  );
  return lines.join('\n') + '\n';
}
