/** The `peerkit` binary itself, run as a shell runs it: bin/peerkit.js on the compiled build. */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/run-cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'peerkit.js');

beforeAll(() => {
  // bin/peerkit.js runs build/: compile it from the sources under test.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
  expect(build.stdout + build.stderr).toBe('');
}, 60_000);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary; with closeStdout, its reader has gone before it prints anything. */
function peerkit(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; closeStdout?: boolean } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('--version prints the version from package.json', async () => {
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  expect(await peerkit(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
});

describe('a closed pipe (peerkit check | head -1)', () => {
  it('ends quietly, with the exit code of the run', async () => {
    expect(await peerkit(['check', '--as-of', '2021-06-30'], { closeStdout: true })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await peerkit(['check', '--strict', '--as-of', '2021-06-30'], { closeStdout: true })).toEqual({ code: 1, stdout: '', stderr: '' });
  });
});

describe('the configuration file, found as git finds its folder', () => {
  const env = { ...process.env, PEERKIT_CONFIG: '' };

  it('in a folder above the one peerkit runs in', async () => {
    const site = tempDir();
    writeFileSync(join(site, 'peerkit.config.json'), JSON.stringify({ site: 'HMP Example', schemes: ['ewb'] }));
    const deep = join(site, 'reports', '2021');
    mkdirSync(deep, { recursive: true });
    const run = await peerkit(['config'], { cwd: deep, env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ site: 'HMP Example', schemes: ['ewb'] });
    expect(run.stderr).toBe(`Read ${join('..', '..', 'peerkit.config.json')}.\n`);
  });

  it('PEERKIT_CONFIG, then --config, come first', async () => {
    const site = tempDir();
    writeFileSync(join(site, 'peerkit.config.json'), JSON.stringify({ schemes: ['ewb'] }));
    writeFileSync(join(site, 'env.json'), JSON.stringify({ schemes: ['hcv'] }));
    writeFileSync(join(site, 'named.json'), JSON.stringify({ schemes: ['liaison'] }));
    const fromEnv = await peerkit(['config'], { cwd: site, env: { ...env, PEERKIT_CONFIG: join(site, 'env.json') } });
    expect(JSON.parse(fromEnv.stdout).schemes).toEqual(['hcv']);
    const named = await peerkit(['config', '--config', 'named.json'], { cwd: site, env: { ...env, PEERKIT_CONFIG: join(site, 'env.json') } });
    expect(JSON.parse(named.stdout).schemes).toEqual(['liaison']);
    const none = await peerkit(['config'], { cwd: tempDir(), env });
    expect(JSON.parse(none.stdout).schemes).toEqual(['perinatal', 'reconnect']);
    expect(none.stderr).toBe('No configuration file found: these are the defaults.\n');
  });
});
