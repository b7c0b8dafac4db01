/**
 * Many sites on the command line (data contract §9): `sites` in the configuration,
 * `--site <id>|all` on report, check and packs, each site read once and the roll-up
 * written only when every site could be read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { TWO_SITES_QUARTER, writeTwoSites } from '../helpers/two-sites.js';
import { parseConfig } from '../../core/config.js';
import { SCHEMES } from '../../core/schemes/index.js';

let sites: ReturnType<typeof writeTwoSites>;
// The sample generator makes south's workbook: a few seconds on a busy machine.
beforeAll(() => {
  sites = writeTwoSites();
}, 60_000);

type Metric = { id: string; value: number | null; numerator?: number; denominator?: number };
type Json = { site: string; scheme: string; metrics: Metric[]; issues: { site?: string; tab: string }[] };
const valueOf = (json: Json, id: string) => json.metrics.find((m) => m.id === id)!.value;

async function reportJson(args: string[]): Promise<Json[]> {
  const run = await runCli(['report', '--config', sites.config, '--quarter', TWO_SITES_QUARTER, '--format', 'json', '--out', '-', ...args]);
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Json[];
}

describe('peerkit report --site all', () => {
  it('prints each site and then the roll-up, "site": "all" last, each in the single-site shape plus "site"', async () => {
    const [north, south, all] = await reportJson(['--site', 'all', '--scheme', 'reconnect']);
    expect([north!.site, south!.site, all!.site]).toEqual(['north', 'south', 'all']);
    const alone = JSON.parse((await runCli(['report', '--quarter', TWO_SITES_QUARTER, '--scheme', 'reconnect', '--format', 'json', '--out', '-', '--source', sites.north])).stdout);
    const { site: _site, ...shape } = north!;
    expect(Object.keys(shape)).toEqual(Object.keys(alone));
    expect(shape.metrics).toEqual(alone.metrics);
  });

  it('rolls up by the rules: rows add, the woman moved counts once, the shared Supporter ID twice', async () => {
    const [north, south, all] = await reportJson(['--site', 'all', '--scheme', 'reconnect']);
    for (const id of ['training_sessions', 'supervision_sessions']) expect(valueOf(all!, id)).toBe(valueOf(north!, id)! + valueOf(south!, id)!);
    expect(valueOf(all!, 'women_supported')).toBe(valueOf(north!, 'women_supported')! + valueOf(south!, 'women_supported')! - 1);
    expect(valueOf(all!, 'active_supporters')).toBe(valueOf(north!, 'active_supporters')! + valueOf(south!, 'active_supporters')!);
    // The roll-up's issues say whose they are.
    expect(new Set(all!.issues.map((i) => i.site))).toEqual(new Set(['north', 'south']));
  });

  it("counts a mentee in the quarter of her first baseline at any site, with her follow-up at the other", async () => {
    const [north, south, all] = await reportJson(['--site', 'all', '--scheme', 'ewb']);
    expect(valueOf(all!, 'sample_size')).toBe(valueOf(north!, 'sample_size')! + valueOf(south!, 'sample_size')!);
    const [northQ2, southQ2, allQ2] = JSON.parse(
      (await runCli(['report', '--config', sites.config, '--quarter', '2021-22-Q2', '--scheme', 'ewb', '--format', 'json', '--out', '-'])).stdout,
    ) as Json[];
    // At south alone her August baseline is her first; in the roll-up it is not (her first was at north in Q1).
    expect(valueOf(allQ2!, 'sample_size')).toBe(valueOf(northQ2!, 'sample_size')! + valueOf(southQ2!, 'sample_size')! - 1);
  });

  it('writes each site and the roll-up to folders of their own, and an index showing them side by side', async () => {
    const out = tempDir();
    const run = await runCli(['report', '--config', sites.config, '--quarter', TWO_SITES_QUARTER, '--format', 'html,csv', '--out', out]);
    expect(run.code).toBe(0);
    for (const site of ['north', 'south', 'all']) for (const scheme of ['perinatal', 'reconnect', 'ewb']) expect(existsSync(join(out, site, `${scheme}-2021-22-Q1.html`))).toBe(true);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toMatch(/HMP North[\s\S]*HMP South[\s\S]*All sites/);
    expect(index).toContain('href="all/reconnect-2021-22-Q1.html"');
    expect(index).toContain('vii. No of women supported by peer supporters to reconnect with healthcare on release during the quarter');
    expect(readFileSync(join(out, 'all', 'reconnect-2021-22-Q1.html'), 'utf8')).toContain('All sites');
    // The audit names each row's site; the CSV its report's.
    const audit = readFileSync(join(out, 'all', 'reconnect-2021-22-Q1.audit.csv'), 'utf8').replace(/^\ufeff/, '').split('\n');
    expect(audit[0]).toMatch(/^Site,Line id/);
    expect(audit.some((l) => l.startsWith('north,women_supported,')) && audit.some((l) => l.startsWith('south,women_supported,'))).toBe(true);
    expect(readFileSync(join(out, 'south', 'reconnect-2021-22-Q1.csv'), 'utf8').split('\n')[1]).toMatch(/^south,reconnect,/);
  });

  it('prints one CSV for --out -, each site then the roll-up told apart by its Site column', async () => {
    const run = await runCli(['report', '--config', sites.config, '--quarter', TWO_SITES_QUARTER, '--scheme', 'perinatal', '--format', 'csv', '--out', '-']);
    const lines = run.stdout.replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l !== '');
    expect(lines[0]).toMatch(/^Site,Scheme,Period,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([...Array(7).fill('north'), ...Array(7).fill('south'), ...Array(7).fill('all')]);
    // HTML is a page per site: it needs a folder.
    expect((await runCli(['report', '--config', sites.config, '--quarter', TWO_SITES_QUARTER, '--scheme', 'perinatal', '--format', 'html', '--out', '-'])).stderr).toMatch(
      /--out - writes one report of each site in one text format/,
    );
  });

  it('reports one site with --site <id>, the same figures as its own workbook', async () => {
    const [south] = [JSON.parse((await runCli(['report', '--config', sites.config, '--site', 'south', '--quarter', TWO_SITES_QUARTER, '--scheme', 'reconnect', '--format', 'json', '--out', '-'])).stdout)];
    const alone = JSON.parse((await runCli(['report', '--source', sites.south, '--quarter', TWO_SITES_QUARTER, '--scheme', 'reconnect', '--format', 'json', '--out', '-'])).stdout);
    expect(south.site).toBe('south');
    expect(south.metrics).toEqual(alone.metrics);
  });
});

describe('peerkit report --site all --for publication: no hidden figure worked out from the roll-up (data contract §9)', () => {
  type Shown = { value: number | null; suppressed?: true } | null;
  type PublishedMetric = Metric & { suppressed?: true; previous: Shown; lastYear: Shown; trend: Shown[] };
  const hiddenIn = (shown: Shown | undefined) => shown?.suppressed === true;
  const shownIn = (shown: Shown | undefined) => shown !== null && shown !== undefined && shown.suppressed !== true && shown.value !== null;
  // South at a quarter of the sample's size, as in examples/two-sites: many of its figures are small.
  let small: ReturnType<typeof writeTwoSites>;
  beforeAll(() => {
    small = writeTwoSites(tempDir(), { southScale: 0.25 });
  }, 60_000);

  it('in every scheme and quarter of a year, each line and each earlier figure: never exactly one site hidden under a roll-up shown', async () => {
    let withheld = 0;
    for (const scheme of SCHEMES.map((s) => s.id)) {
      for (const quarter of ['2021-22-Q1', '2021-22-Q2', '2021-22-Q3', '2021-22-Q4']) {
        const run = await runCli(['report', '--config', small.config, '--site', 'all', '--scheme', scheme, '--quarter', quarter, '--for', 'publication', '--format', 'json', '--out', '-']);
        expect(run.code).toBe(0);
        const [north, south, all] = (JSON.parse(run.stdout) as { metrics: PublishedMetric[] }[]).map((r) => r.metrics);
        all!.forEach((total, i) => {
          const slots: ((m: PublishedMetric) => Shown | undefined)[] = [(m) => m, (m) => m.previous, (m) => m.lastYear, ...total.trend.map((_, t) => (m: PublishedMetric) => m.trend[t])];
          for (const slot of slots) {
            if (!shownIn(slot(total))) continue;
            const hidden = [north![i]!, south![i]!].filter((m) => hiddenIn(slot(m))).length;
            expect(hidden, `${scheme} ${quarter} ${total.id}`).not.toBe(1);
          }
          // Counted before hiding: both sites hidden while the roll-up is shown happens only by withholding.
          if ([north![i]!, south![i]!].every((m) => hiddenIn(m)) && shownIn(total)) withheld++;
        });
      }
    }
    // The sites' figures do meet the case (south is small): the test is not passing for want of it.
    expect(withheld).toBeGreaterThan(0);
  }, 120_000);

  it('says so on each report and on the sites\' index, which lists the same lines for every site in every quarter', async () => {
    const why = /Where one site’s figure is hidden, another site’s \(or the all-sites figure\) is withheld too/;
    for (const quarter of ['2021-22-Q1', '2021-22-Q2', '2021-22-Q3', '2021-22-Q4']) {
      const out = tempDir();
      const run = await runCli(['report', '--config', small.config, '--site', 'all', '--scheme', 'reconnect', '--quarter', quarter, '--for', 'publication', '--format', 'html', '--out', out]);
      expect(run.stderr).not.toMatch(/unexpected error/);
      expect(run.code).toBe(0);
      const index = readFileSync(join(out, 'index.html'), 'utf8');
      expect(index).toMatch(why);
      // Every line of the latest figures has a cell for north, south and all sites (a hidden share once left a site's column short).
      const rows = [...index.matchAll(/<tr id="reconnect-([a-z_]+)">([\s\S]*?)<\/tr>/g)];
      expect(rows.map((r) => r[1])).toContain('women_reconnected');
      for (const [, id, cells] of rows) expect([...cells!.matchAll(/<td /g)].length, `${quarter} ${id}`).toBe(3);
      for (const site of ['north', 'south', 'all']) {
        const html = readdirSync(join(out, site)).filter((f) => f.endsWith('.html'));
        expect(html.length).toBeGreaterThan(0);
        for (const file of html) expect(readFileSync(join(out, site, file), 'utf8')).toMatch(why);
      }
    }
  }, 120_000);
});

describe('peerkit check and packs with sites', () => {
  it('checks each site on its own: a JSON array by site, a CSV with a Site column', async () => {
    const json = await runCli(['check', '--config', sites.config, '--as-of', '2023-01-01', '--format', 'json']);
    const checked = JSON.parse(json.stdout) as { site: string; issues: unknown[] }[];
    expect(checked.map((c) => c.site)).toEqual(['north', 'south']);
    const alone = JSON.parse((await runCli(['check', '--source', sites.north, '--as-of', '2023-01-01', '--format', 'json', '--config', sites.config])).stdout);
    expect(checked[0]!.issues).toEqual(alone.issues);
    const csv = (await runCli(['check', '--config', sites.config, '--site', 'south', '--as-of', '2023-01-01', '--format', 'csv'])).stdout.replace(/^\ufeff/, '').split(/\r?\n/);
    expect(csv[0]).toBe('Site,Tab,Row,Kind,Reason,Answer');
    expect(csv.slice(1).filter((l) => l !== '').every((l) => l.startsWith('south,'))).toBe(true);
  });

  it("prints one site's packs with --site <id>, as from its own workbook", async () => {
    const [out, direct] = [tempDir(), tempDir()];
    const run = await runCli(['packs', '--config', sites.config, '--site', 'north', '--as-of', '2021-04-10', '--format', 'html', '--out', out]);
    expect(run.code).toBe(0);
    const alone = await runCli(['packs', '--source', sites.north, '--config', sites.config, '--as-of', '2021-04-10', '--format', 'html', '--out', direct]);
    expect(run.stdout.replace(out, 'DIR')).toBe(alone.stdout.replace(direct, 'DIR'));
    expect(run.stdout).toMatch(/^Wrote \d+ packs/);
  });
});

describe('bad input with sites', () => {
  it('names a site whose source cannot be read, in one line, and writes no roll-up', async () => {
    const out = tempDir();
    const broken = join(sites.dir, 'south-moved');
    renameSync(sites.south, broken);
    try {
      const run = await runCli(['report', '--config', sites.config, '--quarter', TWO_SITES_QUARTER, '--out', out]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/site "south" \(HMP South\): cannot read source .*: no such file or folder; nothing was written/);
      expect(existsSync(join(out, 'all'))).toBe(false);
    } finally {
      renameSync(broken, sites.south);
    }
  });

  it('names every site that cannot be read, still in one line', async () => {
    const file = join(tempDir(), 'peerkit.config.json');
    writeFileSync(file, JSON.stringify({ sites: [{ id: 'east', name: 'HMP East', source: 'nowhere' }, { id: 'north', name: 'HMP North', source: sites.north }, { id: 'west', name: 'HMP West', source: 'west.xlsx' }] }));
    const run = await runCli(['check', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/site "east" \(HMP East\): cannot read source .*nowhere.*; site "west" \(HMP West\): cannot read source .*west\.xlsx/);
    expect(run.stdout).toBe('');
  });

  it('refuses a PEERKIT_SITE_WORKERS that is not a whole number, in one line, before reading anything', async () => {
    const out = tempDir();
    const before = process.env.PEERKIT_SITE_WORKERS;
    process.env.PEERKIT_SITE_WORKERS = 'all';
    try {
      const run = await runCli(['report', '--config', sites.config, '--quarter', TWO_SITES_QUARTER, '--out', out]);
      expect(run).toEqual({ code: 2, stdout: '', stderr: 'peerkit report: PEERKIT_SITE_WORKERS must be a whole number of worker threads (0 reads every site in the main thread), not "all"\n' });
      expect(readdirSync(out)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.PEERKIT_SITE_WORKERS;
      else process.env.PEERKIT_SITE_WORKERS = before;
    }
  });

  it('refuses a roll-up of sites in different time zones or quarters, naming both', async () => {
    const dir = tempDir();
    const config = (south: object) => {
      const file = join(dir, `${Object.keys(south).join('-')}.json`);
      writeFileSync(file, JSON.stringify({ sites: [{ id: 'north', name: 'HMP North', source: sites.north }, { id: 'south', name: 'HMP South', source: sites.south, settings: south }] }));
      return file;
    };
    const zone = await runCli(['report', '--config', config({ timeZone: 'Europe/Dublin' }), '--quarter', TWO_SITES_QUARTER, '--out', dir]);
    expect(zone.code).toBe(2);
    expect(zone.stderr).toMatch(/site "north" has time zone Europe\/London and site "south" Europe\/Dublin/);
    const quarters = await runCli(['report', '--config', config({ quarters: 'calendar' }), '--from', '2021-04-01', '--to', '2021-06-30', '--out', dir]);
    expect(quarters.stderr).toMatch(/site "north" has quarters financial and site "south" calendar/);
    // Each site alone is still reported.
    expect((await runCli(['report', '--config', config({ quarters: 'calendar' }), '--site', 'south', '--quarter', '2021-Q2', '--out', dir])).code).toBe(0);
  });

  it('refuses two sites with one id, naming it', () => {
    const text = JSON.stringify({ sites: [{ id: 'north', name: 'A', source: 'a' }, { id: 'north', name: 'B', source: 'b' }] });
    expect(() => parseConfig(text, 'peerkit.config.json')).toThrow('peerkit.config.json: sites.1.id: two sites have the id "north": give each its own');
  });

  it('refuses --site with --source, --site without sites, an unknown site, and packs across sites', async () => {
    const withSource = await runCli(['report', '--config', sites.config, '--site', 'north', '--source', sites.north]);
    expect(withSource.stderr).toMatch(/--site reads that site's workbook as the configuration names it, and --source names another/);
    const plain = join(tempDir(), 'plain.json');
    writeFileSync(plain, JSON.stringify({ site: 'HMP Example' }));
    const noSites = await runCli(['report', '--site', 'north', '--config', plain]);
    expect(noSites.stderr).toMatch(/--site needs "sites" in the configuration \(.*plain.json\)/);
    const unknown = await runCli(['check', '--config', sites.config, '--site', 'east']);
    expect(unknown.stderr).toMatch(/--site "east": the configuration lists "north", "south"/);
    // A command of one workbook is not given the bundled sample in place of the sites.
    const person = await runCli(['person', 'A1234BC', '--config', sites.config, '--out', tempDir()]);
    expect(person.stderr).toMatch(/the configuration lists 2 sites and this command reads one workbook: give --source/);
    const packs = await runCli(['packs', '--config', sites.config, '--site', 'all', '--out', tempDir()]);
    expect(packs.code).toBe(2);
    expect(packs.stderr).toMatch(/packs are for one site's women/);
  });
});
