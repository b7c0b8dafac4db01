/**
 * `npm run screenshots`: pictures of what each reader gets, made from the bundled
 * sample and committed under docs/screenshots/ so a change to a page shows in
 * review: a Reconnect and a buddies report (HTML, and page 1 of the PDF), the index,
 * a release pack (pages 1 and 2 of its PDF) and the coordinator's gaps list.
 * Needs Chromium (PEERKIT_CHROME or on the PATH) and pdftoppm (poppler-utils).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../paths.js';
import { findBrowser, openPrinter } from '../render/pdf.js';

const BIN = packagePath('bin', 'peerkit.js');
const OUT = packagePath('docs', 'screenshots');

function peerkit(args: string[]): void {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`peerkit ${args.join(' ')} failed:\n${run.stderr}`);
}

/** Pages of a PDF as PNGs, 900 pixels wide. */
function pdfPages(pdf: string, first: number, last: number, name: string): void {
  const run = spawnSync('pdftoppm', ['-png', '-f', String(first), '-l', String(last), '-scale-to-x', '900', '-scale-to-y', '-1', pdf, join(OUT, name)]);
  if (run.error || run.status !== 0) throw new Error(`pdftoppm failed on ${pdf}: is poppler-utils installed?`);
}

const browser = findBrowser();
if (!browser) throw new Error('no Chrome or Chromium found: install one or set PEERKIT_CHROME');
const work = mkdtempSync(join(tmpdir(), 'peerkit-screenshots-'));
try {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const reports = join(work, 'reports');
  peerkit(['report', '--out', reports]); // every quarter and the index, as npm start
  peerkit(['report', '--scheme', 'reconnect', '--quarter', '2021-22-Q2', '--format', 'html,pdf', '--out', reports]);
  peerkit(['report', '--scheme', 'buddies', '--quarter', '2021-22-Q2', '--format', 'html,pdf', '--out', reports]);
  const packs = join(work, 'packs');
  peerkit(['packs', '--as-of', '2021-04-10', '--due-within', '6w', '--out', packs]);

  const printer = await openPrinter(browser);
  try {
    const shots: [string, string][] = [
      [join(reports, 'index.html'), 'index.png'],
      [join(reports, 'reconnect-2021-22-Q2.html'), 'report-reconnect.png'],
      [join(reports, 'buddies-2021-22-Q2.html'), 'report-buddies.png'],
      [join(packs, 'gaps.html'), 'gaps.png'],
    ];
    for (const [html, png] of shots) await printer.screenshot(readFileSync(html, 'utf8'), join(OUT, png));
  } finally {
    await printer.close();
  }
  pdfPages(join(reports, 'reconnect-2021-22-Q2.pdf'), 1, 1, 'report-reconnect-pdf');
  pdfPages(join(reports, 'buddies-2021-22-Q2.pdf'), 1, 1, 'report-buddies-pdf');
  // A pack whose chosen GP surgery is in the directory: her first week, then her services.
  const pack = readdirSync(packs).filter((f) => /^pack-.*\.html$/.test(f)).find((f) => readFileSync(join(packs, f), 'utf8').includes('your chosen surgery'));
  if (pack === undefined) throw new Error('no pack of the sample names a chosen surgery from the directory');
  pdfPages(join(packs, pack.replace(/\.html$/, '.pdf')), 1, 2, 'pack');
  console.log(`Wrote ${readdirSync(OUT).length} screenshots to docs/screenshots/`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
