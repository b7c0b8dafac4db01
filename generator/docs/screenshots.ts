/**
 * `npm run screenshots`: pictures of what each reader gets, made from the bundled
 * sample and committed under docs/screenshots/ so a change to a page shows in
 * review: a Reconnect and a buddies report (HTML, and page 1 of the PDF), the index,
 * a release pack (pages 1 and 2 of its PDF), the coordinator's gaps list, and Apps
 * Script's Settings dialog as it opens and with an error beside a field.
 * Needs Chromium (PEERKIT_CHROME or on the PATH) and pdftoppm (poppler-utils).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALOG_SIZE, settingsDialogHtml } from '../../apps-script/settings-dialog.js';
import { checkSettingsForm, readSettingsForm } from '../../apps-script/settings-form.js';
import { packagePath } from '../paths.js';
import { findBrowser, launchBrowser, openPrinter } from '../render/pdf.js';
import { openDialogPage } from './dialog-page.js';

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

/**
 * The Settings dialog (apps-script/settings-dialog.ts) as Sheets shows it, at its size,
 * saving through the same check as the script's saveSettings (nothing is stored here).
 */
async function settingsDialog(executablePath: string): Promise<void> {
  const property = JSON.stringify({ schemes: ['perinatal', 'reconnect', 'ewb'], settings: { quarters: 'contract', contractStart: '2021-01-04' } });
  const built = ['perinatal', 'reconnect'];
  const html = settingsDialogHtml(readSettingsForm(property, built), { timeZone: 'Europe/London', locale: 'en_GB' });
  const browser = await launchBrowser(executablePath);
  try {
    const page = await openDialogPage(browser, html, DIALOG_SIZE, (name, [form]) => {
      if (name !== 'saveSettings') throw new Error(`Script function not found: ${name}`);
      return checkSettingsForm(form, property, built).result;
    });
    await page.screenshot({ path: join(OUT, 'settings-dialog.png') });
    await page.getByLabel('Contract length (months)').fill('two years');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.field.invalid').waitFor();
    await page.screenshot({ path: join(OUT, 'settings-dialog-error.png') });
  } finally {
    await browser.close();
  }
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
  await settingsDialog(browser);
  console.log(`Wrote ${readdirSync(OUT).length} screenshots to docs/screenshots/`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
