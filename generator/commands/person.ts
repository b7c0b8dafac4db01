/** `peerkit person`: every row held about one person, the answer to a subject access request (data contract §8). */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '../command.js';
import { UserError } from '../../core/errors.js';
import { findPersonRecords, personIdentifier, type PersonRecords } from '../../core/person-records.js';
import { findScheme, formsOf } from '../../core/schemes/index.js';
import { stringOption as str } from '../options.js';
import { openWorkspace, WORKSPACE_HELP, WORKSPACE_OPTIONS } from '../workspace.js';
import { ensureFolder, parseFormats, shownPath, STDOUT, writeOutput } from '../output.js';
import { createRenderer } from '../render/templates.js';
import { csvPieces } from '../sources/csv.js';
import { batched, jsonText } from '../text-pieces.js';

const FORMATS = ['html', 'csv', 'json'] as const;

/**
 * The most rows the HTML is written for. Its text is one string (about 1.5 KB a row),
 * and V8's longest is some 512 million characters: 700,000 rows ended in "Invalid
 * string length". Nor does a browser open or print a page of tens of thousands of
 * tables. The CSV and JSON are written in pieces, every row whatever the number.
 */
export const PERSON_HTML_ROWS = 50_000;

export const personCommand: Command = {
  name: 'person',
  summary: 'every row held about one person (a subject access request), in files readable by you alone',
  help: `Usage: peerkit person <Prison number | Supporter ID> [--format html,csv,json]
                      [--out DIR|-] [--source S]

Answers a subject access request: every row, from every tab of the configured
schemes, in which the prison number or Supporter ID is an answer (Prison number,
Supporter ID, Peer supporters, Attendees, …), whether the reports use the row or
leave it out (an answer missing or mistyped, a repeat, a row voided by staff),
with its tab, its row number and every column as the spreadsheet holds it.
Other configured schemes' identifiers are taken too (a Mentor ID, a Buddy ID, …).
Names typed into free text (Notes, Themes) are not searched: look for those in
the spreadsheet too, and check the rows for other people's details before the
answer is sent.

Writes person-<id>.html (to print: one table per tab), person-<id>.csv (Tab,
Row, Column, Value) and person-<id>.json, each readable by you alone, into a
folder peerkit makes readable by you alone. A person on more than 50,000 rows
gets no HTML (more than a browser opens): the CSV and JSON hold every row.

  --format F            html, csv, json, or several (default: all three)
  --out DIR             folder to write to (default: out/person); "-" prints
                        one format, json or csv, to standard output${WORKSPACE_HELP}`,
  options: { format: { type: 'string', default: FORMATS.join(',') }, out: { type: 'string', default: join('out', 'person') }, ...WORKSPACE_OPTIONS },
  takesArguments: true,
  async run(values, io, args) {
    const workspace = openWorkspace(values);
    const forms = formsOf(workspace.config.schemes.map(findScheme));
    const id = personIdentifier(args.length === 1 ? args[0] : undefined, forms);
    const formats = parseFormats(str(values.format)!, FORMATS);
    const out = str(values.out)!;
    if (out === STDOUT && (formats.length > 1 || formats[0] === 'html')) throw new UserError('--out - prints one format: give --format json or --format csv');

    // Prepared today (in the spreadsheet's time zone): person has no --as-of.
    const { workbook, settings, asOf: preparedOn } = await workspace.readRaw(forms, io);
    const found = findPersonRecords(workbook, forms, id, settings);
    for (const gap of found.gaps) io.note(`note: tab "${gap.tab}" ${gap.reason}`);
    // A contact names a woman and her peer supporters: what the law lets be withheld is for a person to judge.
    if (found.rows.length > 0) io.note("note: rows can name other people too (a contact names the woman and her peer supporters): check for others' details before the answer is sent");
    const render = (format: string): Iterable<string> => {
      if (format === 'json') return jsonText({ person: found.person, rows: found.rows.map(({ tab, row, values }) => ({ tab, row, values })) });
      if (format === 'csv') return batched(csvPieces(csvRows(found)));
      return [createRenderer().render('person', personView(found, workbook.origin, workspace.config.site, preparedOn))];
    };
    if (out === STDOUT) {
      for (const piece of render(formats[0]!)) io.write(piece);
      return;
    }
    if (formats.includes('html') && found.rows.length > PERSON_HTML_ROWS) {
      const why = `${found.rows.length} rows are more than the HTML is written for (${PERSON_HTML_ROWS.toLocaleString('en-GB')}, what a browser opens)`;
      if (formats.length === 1) throw new UserError(`${why}: give --format csv,json, which hold every row`);
      io.note(`note: no HTML: ${why}; the ${formats.filter((f) => f !== 'html').map((f) => f.toUpperCase()).join(' and ')} hold every row`);
      formats.splice(formats.indexOf('html'), 1);
    }

    const dir = resolve(out);
    // A folder peerkit made is its owner's alone; one that was there keeps its mode, so say if others can list it.
    if (ensureFolder(dir, { private: true }) && (statSync(dir).mode & 0o077) !== 0) {
      io.note(`${shownPath(dir)} is a folder others can open: the files are readable by you alone, but others may see their names (which hold the identifier); a folder of your own is safer`);
    }
    const base = `person-${id.replace(/[^A-Za-z0-9-]/g, '_')}`;
    const files = formats.map((format) => writeOutput(dir, `${base}.${format}`, render(format), { private: true }));
    const tabs = new Set(found.rows.map((r) => r.tab)).size;
    const what = found.rows.length === 0 ? 'No row names this person' : `${found.rows.length} ${found.rows.length === 1 ? 'row' : 'rows'} from ${tabs} ${tabs === 1 ? 'tab' : 'tabs'}`;
    io.out(`${what}: wrote ${files.map((f) => shownPath(f)).join(', ')} (readable by you alone)`);
  },
};

/** Tab, Row, Column, Value: a line per answer. */
function* csvRows(found: PersonRecords): Generator<(string | number | null)[]> {
  yield ['Tab', 'Row', 'Column', 'Value'];
  for (const r of found.rows) for (const [column, value] of Object.entries(r.values)) yield [r.tab, r.row, column, value];
}

/** The HTML's context: the rows grouped by tab, each column with its answer. */
function personView(found: PersonRecords, origin: string, site: string | undefined, preparedOn: string) {
  const tabs = found.tabs
    .map((name) => ({
      name,
      rows: found.rows.filter((r) => r.tab === name).map((r) => ({ row: r.row, cells: Object.entries(r.values).map(([column, value]) => ({ column, value })) })),
    }))
    .filter((t) => t.rows.length > 0);
  return {
    person: found.person,
    site,
    origin,
    preparedOn,
    rowCount: found.rows.length,
    tabs,
    columns: listed(found.columns.map((c) => `"${c}"`), 'or'),
    searched: listed(found.tabs, 'and'),
    otherTabs: listed(found.otherTabs, 'and'),
    gaps: found.gaps,
  };
}

function listed(items: readonly string[], joiner: string): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} ${joiner} ${items.at(-1)}` : (items[0] ?? '');
}
