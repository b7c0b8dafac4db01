/** The `peerkit` binary itself, run as a shell runs it: bin/peerkit.js on the compiled build. */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDir } from '../helpers/run-cli.js';
import { writeTwoSites } from '../helpers/two-sites.js';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { writeXlsxWorkbook } from '../../generator/sources/xlsx.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import type { FormDefinition } from '../../core/form.js';
import { startFakeGoogle } from './google/fake-google.js';
import { spreadsheetFrom } from './google/helpers.js';

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

describe('sites on disk read in worker threads (data contract §9)', () => {
  // Tests run the TypeScript sources, where there is no compiled worker: only the built command line reads sites in workers.
  let dir: string;
  let config: string;
  beforeAll(async () => {
    // Three sites: the two-site fixture's CSV folders and a third, an .xlsx file of the sample generator's workbook from another seed.
    const sites = writeTwoSites();
    dir = sites.dir;
    config = sites.config;
    await writeXlsxWorkbook(
      join(dir, 'west.xlsx'),
      generateSampleWorkbook({ seed: 11 }).tabs.map((t) => ({
        name: t.name,
        header: t.header,
        rows: t.rows.map((r) => r.map((c) => (c === null ? '' : String(c)))),
        columns: t.header.map(() => ({ kind: 'text' as const })),
      })),
    );
    const json = JSON.parse(readFileSync(config, 'utf8')) as { sites: object[] };
    json.sites.push({ id: 'west', name: 'HMP West', source: 'west.xlsx' });
    writeFileSync(config, JSON.stringify(json, null, 2));
  }, 120_000);

  /** The built command line with PEERKIT_SITE_WORKERS set (or not: the default) and PEERKIT_DEBUG_SITES's note asked for. */
  function withWorkers(workers: string | undefined, args: string[]): Promise<Ran> {
    const { PEERKIT_SITE_WORKERS: _workers, PEERKIT_DEBUG_SITES: _debug, ...env } = process.env;
    return peerkit(args, { env: { ...env, PEERKIT_CONFIG: '', PEERKIT_DEBUG_SITES: '1', ...(workers === undefined ? {} : { PEERKIT_SITE_WORKERS: workers }) } });
  }
  const DEBUG_NOTE = /^PEERKIT_DEBUG_SITES: (\d+) of (\d+) sites read in (\d+) worker threads\n/m;

  it.each([
    ['report', ['report', '--site', 'all', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-']],
    ['check', ['check', '--site', 'all', '--format', 'json', '--as-of', '2023-01-01']],
  ])('%s --site all: the same output, byte for byte, with the sites read in workers as in the main thread', async (_name, args) => {
    const [inWorkers, inMain] = await Promise.all([withWorkers('2', [...args, '--config', config]), withWorkers('0', [...args, '--config', config])]);
    expect(inWorkers.code, inWorkers.stderr).toBe(0);
    expect(inWorkers.stdout.length).toBeGreaterThan(1000);
    expect(JSON.parse(inWorkers.stdout).map((r: { site: string }) => r.site)).toEqual(args[0] === 'report' ? ['north', 'south', 'west', 'all'] : ['north', 'south', 'west']);
    expect(inWorkers.stdout).toBe(inMain.stdout);
    expect(inWorkers.code).toBe(inMain.code);
    // Every site on disk went to a worker; none with 0. Nothing else on standard error differs.
    const workers = DEBUG_NOTE.exec(inWorkers.stderr)!;
    expect(workers.slice(1, 3)).toEqual(['3', '3']);
    expect(Number(workers[3])).toBeGreaterThanOrEqual(1);
    expect(DEBUG_NOTE.exec(inMain.stderr)!.slice(1)).toEqual(['0', '3', '0']);
    expect(inWorkers.stderr.replace(DEBUG_NOTE, '')).toBe(inMain.stderr.replace(DEBUG_NOTE, ''));
  });

  it('uses as many workers as PEERKIT_SITE_WORKERS says, and says so only when PEERKIT_DEBUG_SITES is set', async () => {
    const args = ['check', '--config', config, '--site', 'all', '--format', 'json', '--as-of', '2023-01-01'];
    expect(DEBUG_NOTE.exec((await withWorkers('2', args)).stderr)!.slice(1)).toEqual(['3', '3', '2']);
    expect(DEBUG_NOTE.exec((await withWorkers('1', args)).stderr)!.slice(1)).toEqual(['3', '3', '1']);
    const quiet = await peerkit(args, { env: { ...process.env, PEERKIT_CONFIG: '', PEERKIT_DEBUG_SITES: '' } });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('PEERKIT_DEBUG_SITES');
  });

  it('names the sites that cannot be read in the same one line, and writes no roll-up', async () => {
    writeFileSync(join(dir, 'broken.xlsx'), 'not a zip file');
    const broken = join(dir, 'broken.json');
    const json = JSON.parse(readFileSync(config, 'utf8')) as { sites: object[] };
    json.sites.splice(1, 0, { id: 'east', name: 'HMP East', source: 'nowhere' });
    json.sites.push({ id: 'gone', name: 'HMP Gone', source: 'broken.xlsx' });
    writeFileSync(broken, JSON.stringify(json));
    const out = tempDir();
    const args = ['report', '--config', broken, '--site', 'all', '--quarter', '2021-22-Q1', '--out', out];
    const [inWorkers, inMain] = await Promise.all([withWorkers('2', args), withWorkers('0', args)]);
    expect(inWorkers.code).toBe(2);
    expect(inWorkers.stdout).toBe('');
    expect(inWorkers.stderr.replace(DEBUG_NOTE, '')).toMatch(/^peerkit report: site "east" \(HMP East\): cannot read source "[^"]*nowhere": no such file or folder; site "gone" \(HMP Gone\): cannot read source "[^"]*broken\.xlsx" as an \.xlsx workbook \([^\n]*\); nothing was written: a total without every site would mislead\n$/);
    expect(DEBUG_NOTE.exec(inWorkers.stderr)!.slice(1, 3)).toEqual(['5', '5']);
    expect([inWorkers.code, inWorkers.stdout, inWorkers.stderr.replace(DEBUG_NOTE, '')]).toEqual([inMain.code, inMain.stdout, inMain.stderr.replace(DEBUG_NOTE, '')]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('reads a live spreadsheet on the main thread meanwhile, each site keeping its place (against a local fake of the Sheets API)', async () => {
    const token = 'ya29.test-sites-token';
    const id = '1SitesInWorkersLiveSpreadsheet0123456789_-ab';
    const fake = await startFakeGoogle({
      tokens: { [token]: { account: 'manager@example.org', scopes: ['https://www.googleapis.com/auth/spreadsheets.readonly'] } },
      spreadsheets: { [id]: spreadsheetFrom(generateSampleWorkbook({ seed: 13 }), { readers: ['manager@example.org'] }) },
    });
    try {
      // The live site second: the sites read in workers (first, third, fourth) must come back around it.
      const json = JSON.parse(readFileSync(config, 'utf8')) as { sites: object[] };
      json.sites.splice(1, 0, { id: 'live', name: 'HMP Live', source: `sheets:${id}` });
      const mixed = join(dir, 'mixed.json');
      writeFileSync(mixed, JSON.stringify(json));
      const google = { PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: token, CLOUDSDK_CONFIG: tempDir('peerkit-gcloud-'), METADATA_SERVER_DETECTION: 'none' };
      const { GOOGLE_APPLICATION_CREDENTIALS: _credentials, PEERKIT_GOOGLE_TIMEOUT_MS: _timeout, ...env } = process.env;
      const run = (workers: string) =>
        peerkit(['report', '--config', mixed, '--site', 'all', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-'], {
          env: { ...env, ...google, PEERKIT_CONFIG: '', PEERKIT_DEBUG_SITES: '1', PEERKIT_SITE_WORKERS: workers },
        });
      const [inWorkers, inMain] = [await run('2'), await run('0')];
      expect(inWorkers.code, inWorkers.stderr).toBe(0);
      expect(JSON.parse(inWorkers.stdout).map((r: { site: string }) => r.site)).toEqual(['north', 'live', 'south', 'west', 'all']);
      expect(inWorkers.stdout).toBe(inMain.stdout);
      expect(DEBUG_NOTE.exec(inWorkers.stderr)!.slice(1)).toEqual(['3', '4', '2']);
      expect(fake.apiCalls().filter((r) => r.path === `/v4/spreadsheets/${id}/values:batchGet`)).toHaveLength(2); // once a run
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('hands back a UserError as a UserError, and an unexpected error as one (the built pool)', async () => {
    const built = (path: string) => import(pathToFileURL(join(root, 'build', ...path.split('/'))).href);
    const { readInWorkers } = (await built('generator/site-workers.js')) as typeof import('../../generator/site-workers.js');
    const { UserError } = (await built('core/errors.js')) as typeof import('../../core/errors.js');
    // A form whose questions are missing: reading it fails as a bug in peerkit would, not as bad input.
    const notAForm = { ...CONTRACT_FORMS[0]!, questions: null } as unknown as FormDefinition;
    const [read, missing, bug] = await readInWorkers(
      [
        { source: join(dir, 'north'), forms: CONTRACT_FORMS, flags: {}, configured: {} },
        { source: join(dir, 'nowhere'), forms: CONTRACT_FORMS, flags: {}, configured: {} },
        { source: join(dir, 'north'), forms: [notAForm], flags: {}, configured: {} },
      ],
      2,
    );
    expect(read!.status).toBe('fulfilled');
    expect(missing).toEqual({ status: 'rejected', reason: expect.any(UserError) });
    expect((missing as PromiseRejectedResult).reason.message).toBe(`cannot read source "${join(dir, 'nowhere')}": no such file or folder`);
    expect(bug!.status).toBe('rejected');
    const error = (bug as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UserError);
    expect(error.message).toMatch(/null/);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.stack).toContain(join('build', 'core', 'validate.js')); // the worker's own stack, from the compiled code
  });
});
