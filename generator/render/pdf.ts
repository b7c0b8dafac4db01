/**
 * HTML → PDF through a local headless Chrome or Chromium, driven by
 * playwright-core. One browser prints a whole batch: starting one costs far more
 * than printing a page.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Output } from '../command.js';
import { progress } from '../progress.js';
import { writeFileSafely } from '../output.js';

const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** PEERKIT_CHROME, or the first Chrome/Chromium on the PATH; null when there is none. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env.PEERKIT_CHROME;
  if (named) return existsSync(named) ? named : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of BROWSER_NAMES) {
      const candidate = join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

export const NO_BROWSER_HINT =
  'no Chrome or Chromium found, so no PDF was written (the HTML was): install one (Debian/Ubuntu: "sudo apt-get install chromium") or set PEERKIT_CHROME to its path, then run again for PDFs';

/** How to print one document. */
interface PrintOptions {
  /** Readable by its owner alone. */
  private?: boolean;
  /** HTML of a footer on every page (Chromium fills <span class="pageNumber"> and <span class="totalPages">): a pack's, with her name. */
  footer?: string;
  /** A tagged PDF with an outline from its headings, for screen readers and navigation. */
  accessible?: boolean;
  /** The document's title at the head of every page and "Page x of y" at its foot: a report's. */
  pageHeader?: boolean;
}

interface PdfPrinter {
  /** Prints one self-contained HTML document to a PDF file. */
  print(html: string, file: string, options?: PrintOptions): Promise<void>;
  /** A PNG screenshot of the page as a browser shows it (for checks). */
  screenshot(html: string, file: string): Promise<void>;
  close(): Promise<void>;
}

// Flags for a locked-down machine: no sandbox as root, no background network calls.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

// Chromium fills the title and page numbers into these; they print in the page margins (styles.hbs
// sets them), in a font size of their own since the page's styles do not reach them.
const MARGIN_TEXT = 'font: 8pt Arial, Helvetica, sans-serif; color: #4a4a4a; width: 100%; margin: 0 16mm;';
const PAGE_HEADER = `<div style="${MARGIN_TEXT}"><span class="title"></span></div>`;
const PAGE_FOOTER = `<div style="${MARGIN_TEXT} text-align: right;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`;

/** A headless Chrome or Chromium (findBrowser's), started with the flags above. */
export async function launchBrowser(executablePath: string): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
}

export async function openPrinter(executablePath: string): Promise<PdfPrinter> {
  const browser = await launchBrowser(executablePath);
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  const page = await context.newPage();
  return {
    async print(html, file, options = {}) {
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        ...(options.accessible && { tagged: true, outline: true }),
        // A document's own footer (a pack's), with an empty header: Chromium's own would print the date and title.
        ...(options.footer !== undefined
          ? { displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: options.footer }
          : options.pageHeader
            ? { displayHeaderFooter: true, headerTemplate: PAGE_HEADER, footerTemplate: PAGE_FOOTER }
            : {}),
      });
      writeFileSafely(file, pdf, options.private ? 0o600 : 0o644);
    },
    async screenshot(html, file) {
      await page.setContent(html, { waitUntil: 'load' });
      await page.screenshot({ path: file, fullPage: true });
    },
    async close() {
      await browser.close();
    },
  };
}

/** One document to print: its HTML (made when its turn comes), the PDF file to write, and its own footer. */
interface PdfJob {
  html: () => string;
  file: string;
  footer?: string;
}

/**
 * Prints every job with one browser, a progress bar on a terminal. Without a
 * browser, says how to get one and prints nothing: the HTML is already written.
 * Returns the files written.
 */
export async function printPdfs(jobs: readonly PdfJob[], io: Output, options: Omit<PrintOptions, 'footer'> = {}): Promise<string[]> {
  if (jobs.length === 0) return [];
  const browser = findBrowser();
  if (!browser) {
    io.note(NO_BROWSER_HINT);
    return [];
  }
  const printer = await openPrinter(browser);
  const bar = progress(io, 'Printing PDFs', jobs.length);
  const written: string[] = [];
  try {
    for (const job of jobs) {
      await printer.print(job.html(), job.file, { ...options, footer: job.footer });
      written.push(job.file);
      bar.tick();
    }
  } finally {
    bar.done();
    await printer.close();
  }
  return written;
}
