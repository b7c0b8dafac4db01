/**
 * Builds what clasp pushes: dist/Code.js and dist/appsscript.json.
 *
 * clasp 3 does not transpile TypeScript, and Apps Script has no modules, so
 * apps-script/main.ts is bundled with core/ (and luxon, zod) into one IIFE that
 * assigns its exports to `peerkit`. Menus and triggers can only call top-level
 * function declarations, so a footer declares one for each export of main.ts:
 *
 *   function onOpen(e) { return peerkit.onOpen(e); }
 *
 * Apps Script loads the whole of Code.js on every execution (each menu click, form
 * submission and trigger), so the bundle is kept small: zod's locales are cut down to
 * English (the rest were about 385 KB) and the code is minified, with names kept.
 * test/apps-script/bundle.test.ts fails when Code.js is over its 500 KB budget.
 *
 * The export names are read by evaluating the bundle in an empty V8 context, which
 * also proves that loading it touches no Apps Script service. The result is checked
 * (no import/export left, every export a top-level function) before it is written.
 *
 * Usage: node apps-script/build.mjs [outDir]   (default: dist)
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GLOBAL_NAME = 'peerkit';
/** Code.js must stay under this: Apps Script loads all of it on every execution. */
export const BUDGET_BYTES = 500 * 1024;

/**
 * zod's classic API re-exports every locale (`export * as locales`), so bundling `z`
 * pulls in all of them, though only English is ever configured: schemas.js imports
 * ../locales/en.js itself and calls config(en()). This stub keeps `z.locales.en` and
 * drops the rest, so error messages are unchanged. peerkit never switches locale.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: 'js',
    }));
  },
};

/** Bundles apps-script/main.ts; returns the code before the footer. */
async function bundle() {
  const result = await build({
    entryPoints: [join(ROOT, 'apps-script', 'main.ts')],
    tsconfig: join(ROOT, 'apps-script', 'tsconfig.json'),
    bundle: true,
    format: 'iife',
    globalName: GLOBAL_NAME,
    // Apps Script's V8 runtime; browser conditions pick luxon's and zod's ES builds, no Node built-ins.
    platform: 'browser',
    target: 'es2019',
    charset: 'utf8',
    // Any licence notice goes to the end, out of the way (the dependencies have none today).
    legalComments: 'eof',
    minify: true,
    // Minified identifiers, but functions and classes keep their .name: zod names a
    // received class by its constructor in messages, and Apps Script's logs and stack
    // traces stay readable. About 20 KB.
    keepNames: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [zodEnglishOnly],
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/** The names main.ts exports, found by loading the bundle where no Google service exists. */
function exportedFunctions(code) {
  const context = vm.createContext({});
  vm.runInContext(`${code}\n;globalThis.__exports = Object.keys(${GLOBAL_NAME}).filter((k) => typeof ${GLOBAL_NAME}[k] === 'function');`, context);
  return [...context.__exports].sort();
}

function footer(names) {
  const lines = names.map((name) => `function ${name}(e) {\n  return ${GLOBAL_NAME}.${name}(e);\n}`);
  return `\n// Top-level functions for menus and triggers (Apps Script calls these by name).\n${lines.join('\n')}\n`;
}

/** What clasp would push must hold: no module syntax, every handler a top-level function declaration. */
function check(code, names) {
  const moduleSyntax = /^\s*(import\s*[\w{*'"]|export\s+[\w{*])/m.exec(code);
  if (moduleSyntax) throw new Error(`Code.js still has module syntax: ${moduleSyntax[0].trim()}`);
  const context = vm.createContext({});
  vm.runInContext(code, context);
  for (const name of names) {
    if (!new RegExp(`^function ${name}\\(`, 'm').test(code)) throw new Error(`Code.js lacks a top-level "function ${name}("`);
    if (typeof context[name] !== 'function') throw new Error(`Code.js does not define ${name} globally`);
  }
}

/** Writes through a temporary file, so that parallel builds (test workers) never see half a file. */
function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

export async function buildAppsScript(outDir = join(ROOT, 'dist')) {
  const code = await bundle();
  const names = exportedFunctions(code);
  const banner = '// peerkit for Google Apps Script: built by apps-script/build.mjs from apps-script/ and core/. Do not edit.\n';
  const full = `${banner}${code}${footer(names)}`;
  check(full, names);
  mkdirSync(outDir, { recursive: true });
  writeAtomically(join(outDir, 'Code.js'), full);
  const manifest = join(outDir, 'appsscript.json');
  copyFileSync(join(ROOT, 'appsscript.json'), `${manifest}.${process.pid}.tmp`);
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
  JSON.parse(readFileSync(manifest, 'utf8')); // a broken manifest fails here, not at push
  return { outDir, functions: names, bytes: Buffer.byteLength(full) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const result = await buildAppsScript(outDir);
  const kb = (bytes) => (bytes / 1024).toFixed(0);
  console.log(`Apps Script bundle: ${result.outDir}/Code.js (${kb(result.bytes)} KB of ${kb(BUDGET_BYTES)} KB budget), functions: ${result.functions.join(', ')}`);
}
