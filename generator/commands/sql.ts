/** `peerkit sql`: a scheme's report as one SQL query over the export's tables (data contract §9). */
import type { Command } from '../command.js';
import { UserError } from '../../core/errors.js';
import { ALL_SITES } from '../../core/config.js';
import { customPeriod, parseQuarter } from '../../core/quarters.js';
import { compileReportSql } from '../../core/report-sql.js';
import { SQL_DIALECTS, type SqlDialectName } from '../../core/sql-dialects.js';
import { findScheme, SCHEMES } from '../../core/schemes/index.js';
import { helpEntry, SETTING_OPTIONS, SETTINGS_HELP, stringOption as str } from '../options.js';
import { openWorkspace } from '../workspace.js';

const DIALECTS = Object.keys(SQL_DIALECTS) as SqlDialectName[];

export const sqlCommand: Command = {
  name: 'sql',
  summary: "print a scheme's report as one SQL query (DuckDB or BigQuery) over the tables peerkit export writes",
  help: `Usage: peerkit sql --scheme S (--quarter Q | --from yyyy-mm-dd --to yyyy-mm-dd)
                   [--dialect ${DIALECTS.join('|')}] [--site ID|all] [--dataset NAME]

Prints one query over the tables "peerkit export" writes (each named by its tab
key: contacts, focus_groups, …) that returns the report's lines, one row each:
id, value, and numerator and denominator (NULL where a line has none). It is
compiled from the same line definitions "peerkit report" counts with, and gives
the same numbers. Without --site it counts every row in the tables, all sites
together: rows and sums add up; prison numbers count once across sites; IDs
(supporters, mentors, buddies, workers) count by site.

${helpEntry('--scheme S', SCHEMES.map((s) => s.id).join(', '))}
${helpEntry('--quarter Q', 'e.g. 2021-22-Q1')}
${helpEntry('--from D, --to D', 'a period of your own, both days included')}
${helpEntry('--dialect D', `${DIALECTS.join(' or ')} (default duckdb)`)}
${helpEntry('--site ID|all', 'count only that site\'s rows (a site the configuration lists: its id is in the "site" column); all, as without --site, every site together')}
${helpEntry('--dataset NAME', 'the BigQuery dataset ([project.]dataset) or DuckDB schema ([catalog.]schema) holding the tables, written before each table name: a BigQuery view or a Connected Sheets custom query needs it. A name of other characters is refused.')}
${SETTINGS_HELP}
${helpEntry('--config FILE', 'The configuration whose settings (quarters, contract start) apply.')}`,
  options: { scheme: { type: 'string' }, quarter: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, dialect: { type: 'string', default: 'duckdb' }, site: { type: 'string' }, dataset: { type: 'string' }, ...SETTING_OPTIONS, config: { type: 'string' } },
  async run(values, io) {
    const schemeText = str(values.scheme);
    if (schemeText === undefined) throw new UserError(`give --scheme: one of ${SCHEMES.map((s) => s.id).join(', ')}`);
    const scheme = findScheme(schemeText);
    const dialect = str(values.dialect)!.trim().toLowerCase();
    if (!(DIALECTS as string[]).includes(dialect)) throw new UserError(`--dialect ${JSON.stringify(str(values.dialect))}: choose ${DIALECTS.join(' or ')}`);
    const { settings } = openWorkspace(values);
    const [quarter, from, to] = [str(values.quarter), str(values.from), str(values.to)];
    if (quarter !== undefined && (from !== undefined || to !== undefined)) throw new UserError('give either --quarter or --from and --to, not both');
    if (quarter === undefined && (from === undefined || to === undefined)) throw new UserError('give a period: --quarter Q, or --from and --to');
    const period = quarter !== undefined ? parseQuarter(quarter, settings) : customPeriod(from!, to!);
    // openWorkspace has checked it names a configured site, or all of them: the roll-up, every row in the tables.
    const chosen = str(values.site)?.trim();
    if (chosen === '') throw new UserError('--site needs a site id');
    const site = chosen === ALL_SITES ? undefined : chosen;
    const dataset = str(values.dataset)?.trim();
    const problem = dataset === undefined ? undefined : SQL_DIALECTS[dialect as SqlDialectName].datasetProblem(dataset);
    if (problem) throw new UserError(`--dataset ${JSON.stringify(dataset)}: ${problem}`);
    io.write(compileReportSql(scheme, period, { dialect: dialect as SqlDialectName, ...(site !== undefined ? { site } : {}), ...(dataset ? { dataset } : {}) }));
  },
};
