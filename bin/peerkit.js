#!/usr/bin/env node
// The `peerkit` command. peerkit needs Node 22 or newer; where the machine's Node is
// older, the Node that `npm ci` installed into node_modules (the `node` package) runs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) {
  const localNode = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(localNode)) {
    console.error(`peerkit: needs Node 22 or newer (this is ${process.version}); run "npm ci" in ${root} to install one`);
    process.exit(1);
  }
  const result = spawnSync(localNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const cli = join(root, 'build', 'generator', 'cli.js');
if (!existsSync(cli)) {
  console.error(`peerkit: not built yet; run "npm run build" in ${root}`);
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
