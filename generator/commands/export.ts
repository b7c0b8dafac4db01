/** `peerkit export`: every valid row of every tab as typed Parquet, for DuckDB, BigQuery and `peerkit sql` (data contract §9). */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '../command.js';
import { UserError } from '../../core/errors.js';
import { assertReadable } from '../../core/report.js';
import { tableKey } from '../../core/export-schema.js';
import { findScheme, formsOf, SCHEMES } from '../../core/schemes/index.js';
import { helpEntry, stringOption as str } from '../options.js';
import { openWorkspace, SITE_HELP, SITE_OPTIONS, WORKSPACE_HELP, WORKSPACE_OPTIONS } from '../workspace.js';
import { ensureFolder, shownPath, writeFileSafely } from '../output.js';
import { progress, step } from '../progress.js';
import { parquetTable } from '../export/parquet.js';
import { exportSiteId } from '../export/site.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write every valid row of every tab as typed Parquet (one file per tab), readable by you alone',
  help: `Usage: peerkit export --format parquet [--out DIR] [--scheme S,S|all] [--site ID] [--source S]

Writes every row the reports count (rows left out, repeats and rows voided by
staff are not written) of each tab of the configured schemes as
<tab key>.parquet: the tab name in lower case with each run of other characters
made one "_" (Focus groups -> focus_groups.parquet). Columns are named from the
headers the same way, typed (dates DATE, timestamps TIMESTAMP, numbers DOUBLE,
checkbox answers lists of text), with "site" (the site's id) and "row" (the
spreadsheet's row number) first. Where the configuration lists sites, every
chosen site's rows go into the same tables, told apart by "site" (its id);
without, "site" is the configuration's site name as a key. A registration tab (Supporters, Women, …) is
written row by row, not merged: "peerkit sql" merges it as the reports do.

The files hold personal data (names, prison numbers): they are readable by you
alone, in a folder peerkit makes readable by you alone. Run "peerkit sql" for
the query that computes a report from them.

${helpEntry('--format parquet', 'The only format (default).')}
${helpEntry('--out DIR', 'Folder to write to (default: out/export). Of what it holds, only the <tab key>.parquet files written are replaced; nothing else is changed or deleted.')}
${helpEntry('--scheme S', `The schemes whose tabs are written: one or several of ${SCHEMES.map((s) => s.id).join(', ')}, comma-separated, or all. Default: the configured schemes.`)}
${SITE_HELP}${WORKSPACE_HELP}`,
  options: { format: { type: 'string', default: 'parquet' }, out: { type: 'string', default: join('out', 'export') }, scheme: { type: 'string' }, ...SITE_OPTIONS, ...WORKSPACE_OPTIONS },
  async run(values, io) {
    const format = str(values.format)!.trim().toLowerCase();
    if (format !== 'parquet') throw new UserError(`--format ${JSON.stringify(str(values.format))}: the only export format is parquet`);
    const workspace = openWorkspace(values);
    const schemeText = str(values.scheme);
    const schemes =
      schemeText === undefined ? workspace.config.schemes.map(findScheme) : schemeText.trim().toLowerCase() === 'all' ? [...SCHEMES] : schemeText.split(',').map((s) => findScheme(s));
    const forms = formsOf(schemes);
    const out = str(values.out)!;
    if (out === '-') throw new UserError('--out - cannot hold several files: give a folder');

    const sites = workspace.sites
      ? (await workspace.readSites(forms, io)).map((s) => ({ site: s.id, dataset: s.dataset }))
      : [{ site: exportSiteId(workspace.config), dataset: (await workspace.read(forms, io)).dataset }];
    // A tab missing or unreadable would leave a table out and every query over it failing: say which, write nothing.
    for (const { site, dataset } of sites) {
      try {
        assertReadable(dataset, forms.map((f) => f.id));
      } catch (error) {
        throw sites.length > 1 && error instanceof UserError ? new UserError(`site "${site}": ${error.message}`) : error;
      }
    }

    const dir = resolve(out);
    if (ensureFolder(dir, { private: true }) && (statSync(dir).mode & 0o077) !== 0) {
      io.note(`${shownPath(dir)} is a folder others can open: the files are readable by you alone, but a folder of your own is safer`);
    }
    step(io, `Writing ${forms.length} tables…`);
    const bar = progress(io, 'Writing Parquet', forms.length);
    let rows = 0;
    for (const form of forms) {
      const tables = sites.map(({ site, dataset }) => ({ site, records: dataset.records[form.id] ?? [] }));
      writeFileSafely(join(dir, `${tableKey(form)}.parquet`), parquetTable(form, tables), 0o600);
      rows += tables.reduce((n, t) => n + t.records.length, 0);
      bar.tick();
    }
    bar.done();
    io.out(
      `Wrote ${forms.length} ${forms.length === 1 ? 'table' : 'tables'} (${rows.toLocaleString('en-GB')} rows, ${sites.length === 1 ? `site "${sites[0]!.site}"` : `sites ${sites.map((s) => `"${s.site}"`).join(', ')}`}) to ${shownPath(dir)}/ as Parquet, readable by you alone: they hold personal data`,
    );
    if (sites.some(({ dataset }) => dataset.issues.some((i) => i.severity !== 'warning'))) io.note('Rows left out, repeats and voided rows are not exported: "peerkit check" lists them.');
  },
};
