/**
 * An Apps Script HtmlService page (a dialog's) opened in Chromium as Sheets shows
 * it: at the dialog's size, with a stand-in for the client-side API Apps Script
 * injects, google.script.run and google.script.host. A server call goes to `server`
 * with a copy of its arguments, as Google passes one ("objects passed to the server
 * become copies of the original object"); what it returns reaches the success
 * handler, and what it throws the failure handler as an Error
 * (https://developers.google.com/apps-script/guides/html/reference/run).
 * Used by the Settings dialog's test and by `npm run screenshots`.
 */
import type { Browser, Page } from 'playwright-core';

/** Runs a server function by name with the page's arguments. */
type Server = (name: string, args: unknown[]) => unknown;

/** The page's google.script: each with…Handler call returns a runner, any other property is a server function. */
function installGoogleScript(): void {
  type Handler = ((value: unknown) => void) | null;
  const bridge = (name: string, args: string) => (globalThis as unknown as { __runServer: (name: string, args: string) => Promise<string> }).__runServer(name, args);
  const runner = (success: Handler, failure: Handler): object =>
    new Proxy(
      {},
      {
        get(_target, name) {
          if (name === 'withSuccessHandler') return (handler: Handler) => runner(handler, failure);
          if (name === 'withFailureHandler') return (handler: Handler) => runner(success, handler);
          return (...args: unknown[]) => {
            bridge(String(name), JSON.stringify(args)).then(
              (result) => success?.(result === undefined ? undefined : JSON.parse(result)),
              (error: Error) => failure?.(new Error(error.message)),
            );
          };
        },
      },
    );
  const host = { close: () => ((globalThis as unknown as { __closed: boolean }).__closed = true) };
  (globalThis as unknown as { google: object }).google = { script: { run: runner(null, null), host } };
}

export async function openDialogPage(browser: Browser, html: string, size: { width: number; height: number }, server: Server): Promise<Page> {
  const context = await browser.newContext({ viewport: size, offline: true });
  const page = await context.newPage();
  await page.exposeFunction('__runServer', (name: string, args: string) => {
    const result = server(name, JSON.parse(args) as unknown[]);
    return result === undefined ? undefined : JSON.stringify(result);
  });
  // Before the page's own script runs, as Apps Script's is: init scripts run on a navigation, and setContent writes into that document.
  await page.addInitScript(installGoogleScript);
  await page.goto('about:blank');
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}
