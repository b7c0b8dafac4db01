/** `peerkit report`: a scheme's quarterly report, with its working shown. */
import type { Command } from '../command.js';
import { UserError } from '../../core/errors.js';
import { compareReport, evaluateReport, reportJson, type ReportResult } from '../../core/report.js';
import type { LineResult } from '../../core/report-lines.js';
import { DEFAULT_SUPPRESS_BELOW, publicationCopy } from '../../core/publication.js';
import { contractPeriod, customPeriod, parseQuarter, quartersBetween, type Period } from '../../core/quarters.js';
import { findScheme, formsOf, SCHEMES } from '../../core/schemes/index.js';
import { stringOption as str } from '../options.js';
import { openWorkspace, WORKSPACE_HELP, WORKSPACE_OPTIONS } from '../workspace.js';
import { ensureFolder, parseFormats, shownPath, STDOUT, writeOutput } from '../output.js';
import { createRenderer } from '../render/templates.js';
import { auditRows, emptyPeriodNote, indexView, reportCsvRows, reportView } from '../reports/view.js';
import { toCsv } from '../sources/csv.js';
import { basename, join, resolve } from 'node:path';
import { printPdfs } from '../render/pdf.js';
import { driveFolderFrom, publishToDrive, PUBLISH_HELP } from '../google/publish.js';

const FORMATS = ['html', 'json', 'csv', 'pdf'] as const;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write quarterly reports (HTML, JSON, CSV) with an audit file of the rows behind each number',
  help: `Usage: peerkit report [--scheme ${SCHEMES.map((r) => r.id).join('|')}] [--quarter Q | --from yyyy-mm-dd --to yyyy-mm-dd]
                      [--format html,json,csv] [--out DIR|-] [--source S] [--templates DIR]
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
                        records at all (a mistyped period, a tab not filled in)${PUBLISH_HELP}${WORKSPACE_HELP}`,
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
    ...WORKSPACE_OPTIONS,
  },
  async run(values, io) {
    const workspace = openWorkspace(values);
    const config = workspace.config;
    const reports = str(values.scheme) !== undefined ? [findScheme(str(values.scheme)!)] : config.schemes.map(findScheme);
    const periods = periodsFrom(values, workspace.settings);
    const formats = parseFormats(str(values.format)!, FORMATS);
    const out = str(values.out)!;
    if (out === STDOUT && (reports.length > 1 || periods.length > 1 || formats.length > 1 || formats[0] === 'pdf')) {
      throw new UserError('--out - writes one report in one text format: give --scheme, a period and --format json, csv or html');
    }
    const driveFolder = str(values.publish) !== undefined ? driveFolderFrom(str(values.publish)!) : undefined;
    if (driveFolder !== undefined && out === STDOUT) throw new UserError('--publish uploads the reports written to a folder: give --out DIR, not --out -');
    const renderer = createRenderer(str(values.templates));
    const suppressBelow = suppressionFrom(str(values.for), config.publication?.suppressBelow);

    // Reports have no --as-of: they are prepared today, in the settings' time zone.
    const { dataset, asOf: preparedOn } = await workspace.read(formsOf(reports), io);

    // Reports of one run share most of the periods they compare with: each is counted once.
    const earlier = new Map<string, LineResult[]>();
    const results = periods.flatMap((period) =>
      reports.map((report) => {
        const result = compareReport(report, dataset, evaluateReport(report, dataset, period), earlier);
        return suppressBelow === undefined ? result : publicationCopy(result, suppressBelow);
      }),
    );
    const schemeOf = (result: ReportResult) => reports.find((r) => r.id === result.scheme)!;
    const context = { site: config.site, provider: config.provider, contractReference: config.contractReference };
    // The HTML of a report serves its file, its PDF and its Drive copy: render it once.
    const html = new Map<ReportResult, string>();
    const render = (result: ReportResult, format: string): string => {
      if (format === 'json') return JSON.stringify(reportJson(result), null, 2) + '\n';
      if (format === 'csv') return toCsv(reportCsvRows(result));
      if (!html.has(result)) html.set(result, renderer.render(schemeOf(result).template, reportView(result, preparedOn, { ...context, scheme: schemeOf(result) })));
      return html.get(result)!;
    };
    // Said to the person running it, never in the commissioner's copy.
    const empty = [...new Set(results.map(emptyPeriodNote).filter((n) => n !== null))];
    for (const note of empty) io.note(note);
    const status = values.strict && empty.length > 0 ? 1 : 0;

    if (out === STDOUT) {
      io.write(render(results[0]!, formats[0]!));
      return status;
    }
    const dir = resolve(out);
    ensureFolder(dir);
    const written: string[] = [];
    for (const result of results) {
      const base = fileBase(result);
      for (const format of formats.filter((f) => f !== 'pdf')) written.push(writeOutput(dir, `${base}.${format}`, render(result, format)));
      // The audit file names rows: the provider's, never part of a publication copy (data contract §7).
      if (suppressBelow === undefined) written.push(writeOutput(dir, `${base}.audit.csv`, toCsv(auditRows(result))));
    }
    if (formats.includes('pdf')) {
      const jobs = results.map((r) => ({ html: () => render(r, 'html'), file: join(dir, `${fileBase(r)}.pdf`) }));
      written.push(...(await printPdfs(jobs, io, { accessible: true, pageHeader: true })));
    }
    if (results.length > 1) {
      const entries = periods.map((_, p) =>
        reports.map((_, r) => {
          const result = results[p * reports.length + r]!;
          const base = fileBase(result);
          return { result, href: `${base}.${formats.includes('html') ? 'html' : formats[0]}`, ...(suppressBelow === undefined ? { audit: `${base}.audit.csv` } : {}) };
        }),
      );
      const index = renderer.render('index', indexView(entries, periods, reports, preparedOn, { ...context, ...(suppressBelow === undefined ? { origin: dataset.origin } : {}) }));
      written.push(writeOutput(dir, 'index.html', index));
    }
    const first = results[0]!;
    io.out(
      results.length === 1
        ? `Wrote the ${first.title.toLowerCase()} for ${first.period.label} to ${shownPath(dir)}/ (${written.map((w) => basename(w)).join(', ')})`
        : `Wrote ${results.length} reports (${periods.length} ${periods.length === 1 ? 'period' : 'periods'} × ${reports.length} ${reports.length === 1 ? 'scheme' : 'schemes'}) to ${shownPath(dir)}/ — open ${shownPath(dir)}/index.html`,
    );
    // For the person running it: the reports list only their own periods' issues, and no instructions.
    if (dataset.issues.length > 0) io.note(`The workbook has ${dataset.issues.length} data issues; "peerkit check" lists them by tab and row.`);
    const undated = Math.max(0, ...results.map((r) => r.undatedRows));
    if (undated > 0) io.note(`${undated} ${undated === 1 ? 'row has a date' : 'rows have dates'} that cannot be read, so no report counts ${undated === 1 ? 'it' : 'them'}: "peerkit check" shows where.`);
    if (driveFolder !== undefined) {
      const pdfs = new Set(written.filter((w) => w.endsWith('.pdf')));
      const pdfOf = (r: ReportResult) => join(dir, `${fileBase(r)}.pdf`);
      const documents = results.map((r) => ({ name: `${r.title} ${r.period.label}`, key: fileBase(r), html: render(r, 'html'), pdfFile: pdfs.has(pdfOf(r)) ? pdfOf(r) : undefined }));
      await publishToDrive(driveFolder, documents, io);
    }
    return status;
  },
};

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
