/** Types for apps-script/build.mjs, which the tests call to build dist/ first. */
export interface AppsScriptBuild {
  outDir: string;
  /** The top-level functions declared for menus and triggers. */
  functions: string[];
  bytes: number;
}
export function buildAppsScript(outDir?: string): Promise<AppsScriptBuild>;
