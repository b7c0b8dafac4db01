/**
 * `node apps-script/bench.mjs`: a busy day's trigger runtime in Apps Script on a
 * 50,000-row workbook, simulated against the fakes' runtime meter (see
 * test/apps-script/bench.ts). Builds dist/, then bundles the TypeScript bench (it
 * uses the test fakes) with esbuild and runs it.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildAppsScript } from './build.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { outDir } = await buildAppsScript();
// Inside node_modules, so that the bundled bench finds luxon and zod.
const cache = join(ROOT, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const work = mkdtempSync(join(cache, 'peerkit-apps-script-bench-'));
try {
  const out = join(work, 'bench.mjs');
  await build({
    entryPoints: [join(ROOT, 'test', 'apps-script', 'bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
    // The build script finds the project from its own location: keep it where it is.
    plugins: [
      {
        name: 'keep-build-script',
        setup(b) {
          b.onResolve({ filter: /build\.mjs$/ }, (args) => ({ path: pathToFileURL(resolve(args.resolveDir, args.path)).href, external: true }));
        },
      },
    ],
  });
  const { benchDay } = await import(pathToFileURL(out).href);
  await benchDay(join(outDir, 'Code.js'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
