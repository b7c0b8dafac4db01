/**
 * `npm run bench` (packs part): 500 release packs to HTML, then to PDF reusing one
 * browser, and a few with one browser per pack to show the ratio. Prints figures;
 * asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readDataset } from '../../core/dataset.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { buildPack, packSources, womenDue } from '../../core/packs.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import { DEFAULT_CONFIG } from '../../core/config.js';
import { packContext } from '../commands/packs.js';
import { generateSampleWorkbook } from '../sample/sample-workbook.js';
import { createRenderer } from '../render/templates.js';
import { findBrowser, NO_BROWSER_HINT, openPrinter } from '../render/pdf.js';

const COUNT = 500;
const PER_PACK_SAMPLE = 10;
const asOf = '2021-04-10';

const dataset = readDataset(generateSampleWorkbook({ scale: 3 }), CONTRACT_FORMS, DEFAULT_SETTINGS);
const sources = packSources(dataset, asOf);
const due = womenDue(dataset, { asOf, withinDays: 365 });
if (due.length === 0) throw new Error('the generated workbook has no women due: cannot benchmark packs');
const women = Array.from({ length: COUNT }, (_, i) => due[i % due.length]!);
const renderer = createRenderer();
const work = mkdtempSync(join(tmpdir(), 'peerkit-packs-bench-'));
const seconds = (since: number) => (performance.now() - since) / 1000;

try {
  let started = performance.now();
  const html = women.map((w) => renderer.render('pack', { ...packContext(DEFAULT_SETTINGS, DEFAULT_CONFIG, asOf), pack: buildPack(w, sources) }));
  html.forEach((page, i) => writeFileSync(join(work, `pack-${i}.html`), page));
  const htmlSeconds = seconds(started);
  console.log(`${COUNT} packs to HTML: ${htmlSeconds.toFixed(2)} s (target under 3 s)`);

  const browser = findBrowser();
  if (!browser) {
    console.log(`PDF figures skipped: ${NO_BROWSER_HINT}`);
  } else {
    started = performance.now();
    const printer = await openPrinter(browser);
    for (const [i, page] of html.entries()) await printer.print(page, join(work, `pack-${i}.pdf`));
    await printer.close();
    const oneBrowser = seconds(started);
    console.log(`${COUNT} packs to PDF, one browser: ${oneBrowser.toFixed(1)} s (target under 60 s)`);

    started = performance.now();
    for (let i = 0; i < PER_PACK_SAMPLE; i++) {
      const own = await openPrinter(browser);
      await own.print(html[i]!, join(work, `single-${i}.pdf`));
      await own.close();
    }
    const perPack = seconds(started) / PER_PACK_SAMPLE;
    const perPackShared = oneBrowser / COUNT;
    console.log(
      `one browser per pack: ${perPack.toFixed(2)} s a pack (measured on ${PER_PACK_SAMPLE}) against ${perPackShared.toFixed(3)} s sharing one: ${(perPack / perPackShared).toFixed(1)}× slower`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
