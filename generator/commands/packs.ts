/** `peerkit packs`: printed release packs for the women due out, and the coordinator's gaps list. */
import { join, resolve } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import type { Command, Output } from '../command.js';
import type { Config } from '../../core/config.js';
import type { Settings } from '../../core/settings.js';
import { UserError } from '../../core/errors.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { addDays } from '../../core/dates.js';
import { buildPack, gapsList, nationalToCheck, packSources, womanByPrisonNumber, womenDue } from '../../core/packs.js';
import type { DataRecord } from '../../core/dataset.js';
import { assertReadable } from '../../core/report.js';
import { stringOption as str } from '../options.js';
import { openWorkspace, SITE_HELP, SITE_OPTIONS, WORKSPACE_HELP, WORKSPACE_OPTIONS } from '../workspace.js';
import { ALL_SITES } from '../../core/config.js';
import { ensureFolder, parseFormats, shownPath, writeFileSafely, writeOutput } from '../output.js';
import { createRenderer } from '../render/templates.js';
import { printPdfs } from '../render/pdf.js';
import { mergePdfs, retitleOutline, UnsupportedPdf } from '../render/pdf-merge.js';
import { progress } from '../progress.js';
import { toCsv } from '../sources/csv.js';

/** "6w" or "42d" → days. A bare number is refused: 6 could be weeks or days. */
export function parseWindow(text: string): number {
  if (/^\d+$/.test(text.trim())) throw new UserError(`--due-within "${text}": give its unit, w for weeks or d for days, like 6w or 42d`);
  const m = /^(\d{1,3})\s*([dw])$/i.exec(text.trim());
  if (!m || +m[1]! === 0) throw new UserError(`--due-within "${text}": write a number of weeks or days, like 6w or 42d`);
  return +m[1]! * (m[2]!.toLowerCase() === 'w' ? 7 : 1);
}

/** What the pack templates are given beside the packs: the date, the team and the pack settings. */
export function packContext(settings: Settings, config: Config, asOf: string) {
  return {
    asOf,
    textSize: settings.packTextSize,
    abuseHeading: settings.packAbuseHeading,
    team: { name: config.team?.name ?? 'the peer support team', phone: config.team?.phone ?? null },
  };
}

export const packsCommand: Command = {
  name: 'packs',
  summary: 'write release packs (HTML and PDF) for women due out, and the services gaps list',
  help: `Usage: peerkit packs [--due-within 6w | --prison-number A1234BC] [--as-of yyyy-mm-dd]
                     [--format html,pdf] [--out DIR] [--source S | --site ID] [--templates DIR]

For each woman whose expected release date falls within the window from --as-of,
who has not been released yet and who consented to peer support and has not
withdrawn it (or for one woman, --prison-number): a large-print pack. Page 1 is
her first week: her GP surgery, urgent help, and the peer support team's number
(the configuration's team.phone). Then the health services where she is going,
from the Services tab, with entries not verified in 180 days (--stale-after)
marked "phone first to check". Her Release planning record, where there is one,
puts her chosen GP practice first and the services she will need first. Each PDF
page carries her first name and "page x of y"; the PDFs are tagged, with an outline.
Writes pack-<prison number>.html (and .pdf), packs-print.html and .pdf (every
pack, for printing), and gaps.html / gaps.csv: for each destination, the service
types with no current entry and the entries to re-check.

Packs carry names: the output folder is made readable by you alone, and file
names use the prison number. Nothing is written for a woman who declined, or
who withdrew her consent on or before --as-of.

  --due-within W        weeks (6w, the default) or days (42d); the unit is needed
  --prison-number P     one woman's pack
  --as-of D             "today", yyyy-mm-dd (default: today in the spreadsheet's time zone)
  --format F            html,pdf (the default) or html: HTML is always written;
                        PDFs where Chrome/Chromium is found (set PEERKIT_CHROME
                        to its path if it is not on the PATH)
  --out DIR             folder to write to (default: out/packs)
  --templates DIR       your own templates and partials (logo, wording)
${SITE_HELP}
                        Packs are one site's: give its id (all is refused);
                        the site's own "team" is printed, else the file's.${WORKSPACE_HELP}`,
  options: {
    'due-within': { type: 'string' },
    'prison-number': { type: 'string' },
    'as-of': { type: 'string' },
    format: { type: 'string', default: 'html,pdf' },
    out: { type: 'string', default: join('out', 'packs') },
    templates: { type: 'string' },
    ...SITE_OPTIONS,
    ...WORKSPACE_OPTIONS,
  },
  async run(values, io) {
    const workspace = openWorkspace(values);
    const prisonNumber = str(values['prison-number']);
    if (prisonNumber !== undefined && str(values['due-within']) !== undefined) throw new UserError('give either --due-within or --prison-number, not both');
    const withinDays = parseWindow(str(values['due-within']) ?? '6w');
    const formats = parseFormats(str(values.format)!, ['html', 'pdf']);
    const renderer = createRenderer(str(values.templates));

    // Packs are one prison's women, printed for them: never across sites (data contract §9).
    if (workspace.sites && (str(values.site) ?? ALL_SITES) === ALL_SITES) {
      throw new UserError(`packs are for one site's women: give --site ${workspace.sites.map((s) => s.id).join(' or --site ')}`);
    }
    const [site] = workspace.sites ? await workspace.readSites(CONTRACT_FORMS, io) : [];
    const { dataset, asOf, settings } = site ?? (await workspace.read(CONTRACT_FORMS, io));
    assertReadable(dataset, ['women', 'services']);
    const sources = packSources(dataset, asOf);
    const women = prisonNumber !== undefined ? [womanByPrisonNumber(dataset, prisonNumber, asOf)] : womenDue(dataset, { asOf, withinDays });

    const dir = resolve(str(values.out)!);
    // A folder peerkit made is its owner's alone; one that was there keeps its mode, so say if others can list it.
    if (ensureFolder(dir, { private: true }) && (statSync(dir).mode & 0o077) !== 0) {
      io.note(`${shownPath(dir)} is a folder others can open: each pack is readable by you alone, but others may see the file names (prison numbers); a folder of your own is safer`);
    }
    const context = packContext(settings, site ? { ...workspace.config, team: site.config.team ?? workspace.config.team } : workspace.config, asOf);
    // Each pack is built and rendered when it is written and then let go (again for the
    // print file and its PDF): 500,000 packs' HTML (some 6 GB) is never held at once.
    const packHtml = (woman: DataRecord) => renderer.render('pack', { ...context, pack: buildPack(woman, sources) });
    const destinations: Array<{ destinationArea: string | null; destinationKnown: boolean }> = [];
    const bar = progress(io, 'Writing packs', women.length);
    for (const woman of women) {
      const pack = buildPack(woman, sources);
      writeOutput(dir, `pack-${pack.prisonNumber}.html`, renderer.render('pack', { ...context, pack }), { private: true });
      destinations.push({ destinationArea: pack.destinationArea, destinationKnown: pack.destinationKnown });
      bar.tick();
    }
    bar.done();
    if (women.length > 0) {
      const packs = (function* () {
        for (const woman of women) yield buildPack(woman, sources);
      })();
      writeOutput(dir, 'packs-print.html', renderer.renderEach('packs-print', context, 'packs', 'pack-body', packs), { private: true });
    }

    const gaps = gapsList(destinations, sources.directory);
    // Every pack lists the national entries: with no pack, there is nothing to check them for.
    const national = women.length > 0 ? nationalToCheck(sources.directory) : [];
    const until = prisonNumber !== undefined ? asOf : addDays(asOf, withinDays);
    const gapsContext = { gaps, national, asOf, until, womenDue: women.length, staleAfterDays: settings.staleAfterDays, origin: dataset.origin, preparedOn: asOf };
    writeOutput(dir, 'gaps.html', renderer.render('gaps', gapsContext), { private: true });
    const rechecks = (entries: typeof national) => entries.map((e) => `${e.name} (row ${e.row})`).join('; ');
    writeOutput(
      dir,
      'gaps.csv',
      toCsv([
        ['Destination', 'Women due', 'No current entry for', 'Entries to re-check (Services rows)'],
        ...gaps.map((g) => [g.destination, g.womenDue, g.missing.join('; '), rechecks(g.stale)]),
        ...(national.length > 0 ? [['National (in every pack)', women.length, '', rechecks(national)]] : []),
      ]),
      { private: true },
    );

    const pdfJobs = () =>
      women.map((woman) => {
        const pack = buildPack(woman, sources);
        return {
          html: () => packHtml(woman),
          file: join(dir, `pack-${pack.prisonNumber}.pdf`),
          footer: renderer.render('pack-footer', { ...context, pack }),
        };
      });
    const pdfs = formats.includes('pdf') ? await printPdfs(pdfJobs(), io, { private: true, accessible: true }) : [];
    const printPdf = pdfs.length > 0 && finishPdfs(women, packHtml, pdfs, join(dir, 'packs-print.pdf'), io);
    io.out(
      women.length === 0
        ? `No women are due out between ${asOf} and ${until}; wrote the gaps list to ${shownPath(dir)}/`
        : `Wrote ${women.length} ${women.length === 1 ? 'pack' : 'packs'}${pdfs.length ? ` (HTML and PDF)` : ''}, packs-print.html${printPdf ? ' and .pdf' : ''} and gaps.html/.csv to ${shownPath(dir)}/ (readable by you alone)`,
    );
  },
};

/** Her pack's headings as she reads them, in order: the titles of its PDF outline. */
function headingsOf(html: string): string[] {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
  const decode = (text: string) =>
    text.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (entity, code: string) =>
      code.startsWith('#') ? String.fromCodePoint(Number(code.startsWith('#x') ? `0x${code.slice(2)}` : code.slice(1))) : (named[code] ?? entity),
    );
  return [...html.matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/g)].map((m) => decode(m[1]!.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim());
}

/**
 * Each pack's PDF outline titled with its headings' own words, then the print
 * file's PDF: each pack's PDF joined, so each woman's pages keep her name and
 * "page x of y" of her own pack. Returns false, having said why, when Chromium wrote
 * a PDF this cannot edit (each pack's PDF is still there).
 */
function finishPdfs(women: readonly DataRecord[], html: (woman: DataRecord) => string, files: readonly string[], printFile: string, io: Output): boolean {
  try {
    const own = files.map((file, i) => {
      const pdf = retitleOutline(readFileSync(file), headingsOf(html(women[i]!)));
      writeFileSafely(file, pdf, 0o600);
      return { pdf, title: `${String(women[i]!.values.firstName)} ${String(women[i]!.values.lastName)}` };
    });
    writeFileSafely(printFile, mergePdfs(own, 'Release packs for printing'), 0o600);
    return true;
  } catch (error) {
    if (!(error instanceof UnsupportedPdf)) throw error;
    io.note(`packs-print.pdf was not written (this browser's PDFs cannot be joined: ${error.message}); print each pack-<prison number>.pdf instead`);
    return false;
  }
}
