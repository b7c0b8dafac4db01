import { afterEach, describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, openWorkspace } from '../../generator/workspace.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { today } from '../../core/dates.js';
import { readCsvFolder } from '../../generator/sources/index.js';
import { workbook } from '../helpers/build-workbook.js';
import { writeTwoSites } from '../helpers/two-sites.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';
import type { Output } from '../../generator/command.js';

// readFileSync and openSync, watched: how many times a command reads its configuration, and each CSV file.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync), openSync: vi.fn(actual.openSync) };
});

const quiet: Output = { out: () => {}, write: () => {}, error: () => {}, note: () => {}, interactive: false };

function siteFile(dir: string, site: string, name = 'peerkit.config.json'): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ site }));
  return file;
}

describe('finding the configuration', () => {
  it('in this folder or the nearest folder above it, as git finds its folder', () => {
    const root = tempDir();
    const deep = join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    siteFile(root, 'HMP Root');
    expect(loadConfig(undefined, {}, deep)).toEqual({ config: expect.objectContaining({ site: 'HMP Root' }), file: join('..', '..', '..', 'peerkit.config.json') });
    siteFile(join(root, 'a'), 'HMP Nearer');
    expect(loadConfig(undefined, {}, deep)).toMatchObject({ config: { site: 'HMP Nearer' }, file: join('..', '..', 'peerkit.config.json') });
    siteFile(deep, 'HMP Here');
    expect(loadConfig(undefined, {}, deep)).toMatchObject({ config: { site: 'HMP Here' }, file: 'peerkit.config.json' });
  });

  it('PEERKIT_CONFIG comes before the nearest file, --config before both', () => {
    const root = tempDir();
    siteFile(root, 'HMP Found');
    const fromEnv = siteFile(root, 'HMP Environment', 'env.json');
    const named = siteFile(root, 'HMP Named', 'named.json');
    expect(loadConfig(undefined, { PEERKIT_CONFIG: fromEnv }, root).config.site).toBe('HMP Environment');
    expect(loadConfig(named, { PEERKIT_CONFIG: fromEnv }, root).config.site).toBe('HMP Named');
    // An empty variable is no variable.
    expect(loadConfig(undefined, { PEERKIT_CONFIG: '' }, root).config.site).toBe('HMP Found');
  });

  it('none anywhere: the defaults', () => {
    expect(loadConfig(undefined, {}, tempDir())).toEqual({ config: { schemes: ['perinatal', 'reconnect'], settings: {} } });
  });

  it('a file PEERKIT_CONFIG names that is missing: one line naming the variable', () => {
    const missing = join(tempDir(), 'nope.json');
    expect(() => loadConfig(undefined, { PEERKIT_CONFIG: missing }, tempDir())).toThrow(`cannot read configuration "${missing}" (named by PEERKIT_CONFIG): no such file`);
  });

  it('PEERKIT_CONFIG on the command line', async () => {
    const file = join(tempDir(), 'site.json');
    writeFileSync(file, JSON.stringify({ schemes: ['ewb'] }));
    vi.stubEnv('PEERKIT_CONFIG', file);
    try {
      const run = await runCli(['config']);
      expect(JSON.parse(run.stdout).schemes).toEqual(['ewb']);
      expect(run.stderr).toBe(`Read ${file}.\n`);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('opening the workspace', () => {
  afterEach(() => vi.mocked(fs.readFileSync).mockClear());

  const readsOf = (file: string) => vi.mocked(fs.readFileSync).mock.calls.filter(([path]) => resolve(String(path)) === resolve(file)).length;

  it.each([
    ['report', ['--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-']],
    ['check', ['--as-of', '2021-06-30']],
    ['packs', ['--as-of', '2021-04-10', '--format', 'html']],
  ])('%s reads the configuration once', async (command, args) => {
    const dir = tempDir();
    const config = join(dir, 'site.json');
    writeFileSync(config, JSON.stringify({ settings: { staleAfterDays: 200 } }));
    const out = command === 'packs' ? ['--out', join(dir, 'packs')] : [];
    const run = await runCli([command, ...args, ...out, '--config', config]);
    expect(run.code).toBe(0);
    expect(readsOf(config)).toBe(1);
  });

  it('report --site all reads each site once: every tab file of each site opened once, for each site and the roll-up', async () => {
    const sites = writeTwoSites();
    vi.mocked(fs.openSync).mockClear();
    const run = await runCli(['report', '--config', sites.config, '--site', 'all', '--quarter', '2021-22-Q1', '--format', 'json', '--out', join(sites.dir, 'out')]);
    expect(run.code, run.stderr).toBe(0);
    // The configuration's three schemes, each for north, south and all, from one reading of each site.
    for (const site of ['north', 'south', 'all']) expect(fs.readdirSync(join(sites.dir, 'out', site)).filter((f) => f.endsWith('.json')).sort()).toEqual(['ewb-2021-22-Q1.json', 'perinatal-2021-22-Q1.json', 'reconnect-2021-22-Q1.json']);
    const opened = vi.mocked(fs.openSync).mock.calls.map(([path]) => resolve(String(path))).filter((path) => path.endsWith('.csv'));
    for (const site of [sites.north, sites.south]) {
      const ofSite = opened.filter((path) => path.startsWith(resolve(site) + '/'));
      expect(ofSite.length, site).toBeGreaterThanOrEqual(CONTRACT_FORMS.length - 1);
      expect(new Set(ofSite).size, `${site}: a file opened twice`).toBe(ofSite.length);
    }
    expect(readsOf(sites.config)).toBe(1);
  });

  it('checks every flag before it reads anything', () => {
    const config = join(tempDir(), 'site.json');
    writeFileSync(config, '{ not json');
    expect(() => openWorkspace({ quarters: 'yearly', config })).toThrow('--quarters must be financial, calendar or contract, not "yearly"');
    expect(() => openWorkspace({ 'as-of': '2021-13-01', config })).toThrow('--as-of must be a real date written yyyy-mm-dd, not "2021-13-01"');
    expect(readsOf(config)).toBe(0);
    expect(() => openWorkspace({ config })).toThrow(/site\.json is not valid JSON/);
  });

  it('reads only the tabs the command needs', async () => {
    const source = writeCsvWorkbook(workbook());
    writeFileSync(join(source, 'Some other tab.csv'), '"an unclosed quote\n');
    const workspace = openWorkspace({ source, 'as-of': '2021-06-30' });
    const { dataset, asOf } = await workspace.read(CONTRACT_FORMS, quiet);
    expect(asOf).toBe('2021-06-30');
    expect(dataset.origin).toBe(source);
    expect((await runCli(['check', '--source', source])).code).toBe(0);
    // Read whole, the folder would fail on that tab.
    expect(() => readCsvFolder(source, source)).toThrow(/Some other tab\.csv/);
  });

  it("flags over the file over the workbook's own over the defaults; as-of is today in the settings' time zone", async () => {
    const config = join(tempDir(), 'site.json');
    writeFileSync(config, JSON.stringify({ settings: { quarters: 'calendar', staleAfterDays: 90, timeZone: 'Pacific/Kiritimati' } }));
    const workspace = openWorkspace({ config, 'stale-after': '30' });
    expect(workspace.settings).toMatchObject({ quarters: 'calendar', staleAfterDays: 30, timeZone: 'Pacific/Kiritimati', locale: 'en_GB', contractMonths: 24 });
    const before = today('Pacific/Kiritimati');
    const { settings, asOf } = await workspace.read(CONTRACT_FORMS, quiet);
    expect(settings).toEqual(workspace.settings);
    expect([before, today('Pacific/Kiritimati')]).toContain(asOf);
  });
});
