/** `peerkit report`: a scheme's quarterly report, with its working shown. */
import type { Command } from '../command.js';
import { UserError } from '../../core/errors.js';
import { compareReport, evaluateReport, reportJson, type ReportResult } from '../../core/report.js';
import type { LineResult } from '../../core/report-lines.js';
import { DEFAULT_SUPPRESS_BELOW, publicationCopy, publicationCopies } from '../../core/publication.js';
import { contractPeriod, customPeriod, parseQuarter, quartersBetween, type Period } from '../../core/quarters.js';
import { findScheme, formsOf, SCHEMES } from '../../core/schemes/index.js';
import { stringOption as str } from '../options.js';
import { openWorkspace, SITE_HELP, SITE_OPTIONS, WORKSPACE_HELP, WORKSPACE_OPTIONS } from '../workspace.js';
import { ensureFolder, parseFormats, shownPath, STDOUT, writeOutput } from '../output.js';
import { createRenderer } from '../render/templates.js';
import { jsonText } from '../text-pieces.js';
import { auditRows, emptyPeriodNote, indexView, reportCsvRows, reportView, sitesIndexView } from '../reports/view.js';
import { toCsv } from '../sources/csv.js';
import { basename, join, relative, resolve, sep } from 'node:path';
import { ALL_SITES } from '../../core/config.js';
import { rollUp } from '../../core/roll-up.js';
import { reportProjection } from '../../core/projection.js';
import type { ReportData } from '../../core/report-lines.js';
import type { Settings } from '../../core/settings.js';
import { printPdfs } from '../render/pdf.js';
import { driveFolderFrom, publishToDrive, PUBLISH_HELP } from '../google/publish.js';

const FORMATS = ['html', 'json', 'csv', 'pdf'] as const;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write quarterly reports (HTML, JSON, CSV) with an audit file of the rows behind each number',
  help: `Usage: peerkit report [--scheme ${SCHEMES.map((r) => r.id).join('|')}] [--quarter Q | --from yyyy-mm-dd --to yyyy-mm-dd]
                      [--format html,json,csv] [--out DIR|-] [--source S | --site ID|all] [--templates DIR]
                      [--for publication|commissioner] [--strict]

Without --scheme, the schemes of the configuration (peerkit.config.json; by
default perinatal and reconnect); without a period, every quarter of the contract,
with an index page linking them. Each line is shown beside the period before, the
same period a year before, the change, and a sparkline of its last 8 periods.
Beside each report an audit file (<report>.audit.csv) lists, for each line, the
tab and row numbers behind it (for the provider, never for a publication copy).

  --scheme S            ${SCHEMES.map((r) => `${r.id} (${r.title})`).join(',\n                        ')}
  --quarter Q           e.g. 2021-22-Q1
  --from D, --to D      a period of your own, both days included
  --format F            html (default), json, csv, pdf, or several: html,pdf
                        (PDF needs Chrome or Chromium: on the PATH or PEERKIT_CHROME)
  --out DIR             folder to write to (default: out); "-" writes one
                        report in one format to standard output
  --templates DIR       a folder of your own templates and partials, which
                        replace the built-in ones of the same name
  --for publication     a copy to publish: counts from 1 to 4 shown as <5 and
                        percentages on small numbers withheld (the threshold is
                        the configuration's publication.suppressBelow, else 5);
                        no audit file. A configuration with "publication" makes
                        it the default; --for commissioner gives the full copy
  --strict              exit with status 1 when a report's period holds no
                        records at all (a mistyped period, a tab not filled in)${PUBLISH_HELP}
${SITE_HELP}
                        Each site's reports go to a folder of its own under
                        --out (<id>/, and all/ for the roll-up "All sites"),
                        with index.html showing them side by side; --out -
                        prints a JSON array (the roll-up last) or one CSV.${WORKSPACE_HELP}`,
  options: {
    scheme: { type: 'string' },
    quarter: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'html' },
    out: { type: 'string', default: 'out' },
    templates: { type: 'string' },
    publish: { type: 'string' },
    for: { type: 'string' },
    strict: { type: 'boolean' },
    ...SITE_OPTIONS,
    ...WORKSPACE_OPTIONS,
  },
  async run(values, io) {
    const workspace = openWorkspace(values);
    const config = workspace.config;
    const reports = str(values.scheme) !== undefined ? [findScheme(str(values.scheme)!)] : config.schemes.map(findScheme);
    // With sites, the periods wait for each site's own settings; without, the flags are checked before anything is read.
    const early = workspace.sites ? undefined : periodsFrom(values, workspace.settings);
    const formats = parseFormats(str(values.format)!, FORMATS);
    const out = str(values.out)!;
    // --site all (the default where the configuration lists sites): each site, then the roll-up of them all.
    const many = workspace.sites !== undefined && (str(values.site) ?? ALL_SITES) === ALL_SITES;
    if (out === STDOUT && (reports.length > 1 || (early ? early.length > 1 : str(values.quarter) === undefined && str(values.from) === undefined) || formats.length > 1 || formats[0] === 'pdf' || (many && formats[0] === 'html'))) {
      throw new UserError(
        many
          ? '--out - writes one report of each site in one text format: give --scheme, a period and --format json or csv'
          : '--out - writes one report in one text format: give --scheme, a period and --format json, csv or html',
      );
    }
    const driveFolder = str(values.publish) !== undefined ? driveFolderFrom(str(values.publish)!) : undefined;
    if (driveFolder !== undefined && out === STDOUT) throw new UserError('--publish uploads the reports written to a folder: give --out DIR, not --out -');
    const renderer = createRenderer(str(values.templates));
    const suppressBelow = suppressionFrom(str(values.for), config.publication?.suppressBelow);

    // What is reported: the one workbook, or each site chosen and, for --site all, their roll-up (data contract §9).
    const columns: Column[] = [];
    // Records keep only the answers these reports read: a large workbook then fits in far less memory.
    const projection = reportProjection(reports);
    if (workspace.sites === undefined) {
      const { dataset, asOf } = await workspace.read(formsOf(reports), io, projection);
      columns.push({ data: dataset, settings: dataset.settings, preparedOn: asOf, siteName: config.site, folder: '', issues: dataset.issues.length });
    } else {
      const sites = await workspace.readSites(formsOf(reports), io, projection);
      for (const site of sites) {
        columns.push({ site: { id: site.id, name: site.name }, data: site.dataset, settings: site.settings, preparedOn: site.asOf, siteName: site.name, folder: site.id, issues: site.dataset.issues.length });
      }
      if (many) {
        const pool = rollUp(sites.map((site) => ({ id: site.id, dataset: site.dataset })));
        const names = sites.map((site) => site.name);
        const siteName = `${ROLL_UP_NAME}: ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}`;
        columns.push({ site: { id: ALL_SITES, name: ROLL_UP_NAME }, data: pool, settings: sites[0]!.settings, preparedOn: sites[0]!.asOf, siteName, folder: ALL_SITES, issues: 0 });
      }
    }
    const periods = early ?? samePeriods(columns.map((c) => periodsFrom(values, c.settings)));
    if (out === STDOUT && periods.length > 1) throw new UserError('--out - writes one report in one text format: give --scheme, a period and --format json or csv');

    // Reports of one run share most of the periods they compare with: each is counted once, per site.
    const results = columns.map((column) => {
      const earlier = new Map<string, LineResult[]>();
      return periods.flatMap((period) =>
        reports.map((report) => {
          const compared = compareReport(report, column.data, evaluateReport(report, column.data, period), earlier);
          return column.site ? { ...compared, site: column.site } : compared;
        }),
      );
    });
    // A publication copy: each report's small numbers hidden; with a roll-up, across its sites too (data contract §9).
    if (suppressBelow !== undefined) {
      results[0]!.forEach((_, j) => {
        const group = results.map((rs) => rs[j]!);
        const copies = many ? publicationCopies(group, suppressBelow) : group.map((r) => publicationCopy(r, suppressBelow));
        copies.forEach((copy, c) => (results[c]![j] = copy));
      });
    }
    const all = results.flat();
    const columnOf = new Map(results.flatMap((rs, c) => rs.map((r) => [r, columns[c]!] as const)));
    const schemeOf = (result: ReportResult) => reports.find((r) => r.id === result.scheme)!;
    const context = (column: Column) => ({ site: column.siteName, provider: config.provider, contractReference: config.contractReference });
    // The HTML of a report serves its file, its PDF and its Drive copy: render it once.
    const html = new Map<ReportResult, string>();
    const render = (result: ReportResult, format: string): string => {
      if (format === 'csv') return toCsv(reportCsvRows(result));
      const column = columnOf.get(result)!;
      if (!html.has(result)) html.set(result, renderer.render(schemeOf(result).template, reportView(result, column.preparedOn, { ...context(column), scheme: schemeOf(result) })));
      return html.get(result)!;
    };
    // Said to the person running it, never in the commissioner's copy.
    const empty = [...new Set(all.map((r) => emptyPeriodNote(r)).filter((n) => n !== null))];
    for (const note of empty) io.note(note);
    const status = values.strict && empty.length > 0 ? 1 : 0;

    if (out === STDOUT) {
      // A report's JSON lists its period's issues, which can be millions: written in pieces, never one string.
      if (formats[0] === 'json') for (const piece of jsonText(many ? all.map(reportJson) : reportJson(all[0]!))) io.write(piece);
      else if (!many) io.write(render(all[0]!, formats[0]!));
      // Each site, then the roll-up: one JSON array (above), or one CSV whose Site column tells them apart.
      else io.write(toCsv([reportCsvRows(all[0]!)[0]!, ...all.flatMap((r) => reportCsvRows(r).slice(1))]));
      return status;
    }
    const dir = resolve(out);
    ensureFolder(dir);
    const written: string[] = [];
    const folderOf = (result: ReportResult) => columnOf.get(result)!.folder;
    const pathOf = (result: ReportResult, extension: string) => join(folderOf(result), `${fileBase(result)}.${extension}`);
    for (const column of columns) if (column.folder) ensureFolder(join(dir, column.folder));
    for (const result of all) {
      for (const format of formats.filter((f) => f !== 'pdf')) written.push(writeOutput(dir, pathOf(result, format), format === 'json' ? jsonText(reportJson(result)) : render(result, format)));
      // The audit file names rows: the provider's, never part of a publication copy (data contract §7).
      if (suppressBelow === undefined) written.push(writeOutput(dir, pathOf(result, 'audit.csv'), toCsv(auditRows(result))));
    }
    if (formats.includes('pdf')) {
      const jobs = all.map((r) => ({ html: () => render(r, 'html'), file: join(dir, pathOf(r, 'pdf')) }));
      written.push(...(await printPdfs(jobs, io, { accessible: true, pageHeader: true })));
    }
    const entryOf = (result: ReportResult, from: string) => {
      const href = relativeHref(from, pathOf(result, formats.includes('html') ? 'html' : formats[0]!));
      return { result, href, ...(suppressBelow === undefined ? { audit: relativeHref(from, pathOf(result, 'audit.csv')) } : {}) };
    };
    const grid = (c: number, from: string) => periods.map((_, p) => reports.map((_, r) => entryOf(results[c]![p * reports.length + r]!, from)));
    let indexFile: string | undefined;
    if (columns.length > 1) {
      const view = sitesIndexView(columns.map((_, c) => grid(c, '')), columns.map((c) => c.site!), periods, reports, columns[0]!.preparedOn, context(columns[0]!));
      indexFile = writeOutput(dir, 'index.html', renderer.render('sites-index', view));
    } else if (all.length > 1) {
      const column = columns[0]!;
      const view = indexView(grid(0, column.folder), periods, reports, column.preparedOn, { ...context(column), ...(suppressBelow === undefined ? { origin: originOf(column) } : {}) });
      indexFile = writeOutput(dir, join(column.folder, 'index.html'), renderer.render('index', view));
    }
    if (indexFile) written.push(indexFile);
    const first = all[0]!;
    const sites = many ? `, for ${columns.length - 1} ${columns.length === 2 ? 'site' : 'sites'} and ${ROLL_UP_NAME}` : '';
    io.out(
      all.length === 1
        ? `Wrote the ${first.title.toLowerCase()} for ${first.period.label} to ${shownPath(join(dir, folderOf(first)))}/ (${written.map((w) => basename(w)).join(', ')})`
        : `Wrote ${all.length} reports (${periods.length} ${periods.length === 1 ? 'period' : 'periods'} × ${reports.length} ${reports.length === 1 ? 'scheme' : 'schemes'}${sites}) to ${shownPath(dir)}/ — open ${shownPath(indexFile!)}`,
    );
    // For the person running it: the reports list only their own periods' issues, and no instructions.
    for (const column of columns) {
      if (column.issues === 0) continue;
      const what = column.site ? `Site "${column.site.id}"` : 'The workbook';
      io.note(`${what} has ${column.issues} data issues; "peerkit check${column.site ? ` --site ${column.site.id}` : ''}" lists them by tab and row.`);
    }
    const undated = Math.max(0, ...all.map((r) => r.undatedRows));
    if (undated > 0) io.note(`${undated} ${undated === 1 ? 'row has a date' : 'rows have dates'} that cannot be read, so no report counts ${undated === 1 ? 'it' : 'them'}: "peerkit check" shows where.`);
    if (driveFolder !== undefined) {
      const pdfs = new Set(written.filter((w) => w.endsWith('.pdf')));
      const pdfOf = (r: ReportResult) => join(dir, pathOf(r, 'pdf'));
      const documents = all.map((r) => ({
        name: `${r.site ? `${r.site.name}: ` : ''}${r.title} ${r.period.label}`,
        key: `${r.site ? `${r.site.id}-` : ''}${fileBase(r)}`,
        html: render(r, 'html'),
        pdfFile: pdfs.has(pdfOf(r)) ? pdfOf(r) : undefined,
      }));
      await publishToDrive(driveFolder, documents, io);
    }
    return status;
  },
};

/** The name of the roll-up of every site, in reports, the index and the JSON's place for a site name. */
const ROLL_UP_NAME = 'All sites';

/** What one column of a run reports: a workbook, a site, or the roll-up of every site. */
interface Column {
  /** Absent for a run on one workbook without sites. */
  site?: { id: string; name: string };
  data: ReportData;
  settings: Settings;
  preparedOn: string;
  /** Shown as the report's Site. */
  siteName: string | undefined;
  /** Its reports' folder under --out ('' for the folder itself). */
  folder: string;
  /** Its data issues, said on standard error. */
  issues: number;
}

const originOf = (column: Column) => ('sites' in column.data ? undefined : column.data.origin);

/** A link from one folder under --out to a file under it, with forward slashes. */
function relativeHref(from: string, to: string): string {
  return relative(from || '.', to).split(sep).join('/');
}

/** The run's periods: every site's the same, or each site's own contract quarters together, in order. */
function samePeriods(lists: readonly Period[][]): Period[] {
  const byLabel = new Map<string, Period>();
  for (const p of lists.flat()) if (!byLabel.has(`${p.start}\u0000${p.end}`)) byLabel.set(`${p.start}\u0000${p.end}`, p);
  return [...byLabel.values()].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
}

/** The threshold of a publication copy, or undefined for the commissioner's full copy. */
function suppressionFrom(audience: string | undefined, configured: number | undefined): number | undefined {
  if (audience === undefined) return configured;
  if (audience === 'publication') return configured ?? DEFAULT_SUPPRESS_BELOW;
  if (audience === 'commissioner') return undefined;
  throw new UserError(`--for "${audience}": choose publication (small numbers hidden) or commissioner (the full copy)`);
}

function periodsFrom(values: Record<string, string | boolean | undefined>, settings: Parameters<typeof parseQuarter>[1] & Parameters<typeof contractPeriod>[0]): Period[] {
  const [quarter, from, to] = [str(values.quarter), str(values.from), str(values.to)];
  if (quarter !== undefined && (from !== undefined || to !== undefined)) throw new UserError('give either --quarter or --from and --to, not both');
  if (quarter !== undefined) return [parseQuarter(quarter, settings)];
  if ((from === undefined) !== (to === undefined)) throw new UserError('--from and --to go together: give both');
  if (from !== undefined && to !== undefined) return [customPeriod(from, to)];
  const contract = contractPeriod(settings);
  return quartersBetween(contract.start, contract.end, settings);
}

function fileBase(result: Pick<ReportResult, 'scheme' | 'period'>): string {
  return `${result.scheme}-${result.period.label.replace(/[^A-Za-z0-9-]+/g, '-')}`;
}
