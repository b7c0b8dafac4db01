/** Types for apps-script/build.mjs, which the tests call to build dist/ first. */
export interface AppsScriptBuild {
  outDir: string;
  /** The top-level functions declared for menus and triggers. */
  functions: string[];
  /** The size of Code.js, in bytes. */
  bytes: number;
}
/** The most Code.js may weigh, in bytes (500 KB): Apps Script loads all of it on every execution. */
export const BUDGET_BYTES: number;
export function buildAppsScript(outDir?: string): Promise<AppsScriptBuild>;
