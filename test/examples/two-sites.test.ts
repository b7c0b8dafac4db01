/**
 * The README's "Many sites" example, examples/two-sites/: its configuration and
 * south's workbook are what the two-site fixture writes (so they cannot drift from
 * the tests' sites), and the command the README shows prints each site and the roll-up.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../generator/paths.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { writeTwoSites } from '../helpers/two-sites.js';

const EXAMPLE = packagePath('examples', 'two-sites');

describe('examples/two-sites', () => {
  it('is the two-site fixture with south at a quarter of the sample and north the bundled sample (rewrite it with writeTwoSites if this fails)', () => {
    const fresh = writeTwoSites(tempDir(), { southScale: 0.25, northSource: '../../generator/sample/workbook' });
    expect(readFileSync(join(EXAMPLE, 'peerkit.config.json'), 'utf8')).toBe(readFileSync(fresh.config, 'utf8'));
    const files = readdirSync(fresh.south).sort();
    expect(readdirSync(join(EXAMPLE, 'south')).sort()).toEqual(files);
    for (const file of files) expect(readFileSync(join(EXAMPLE, 'south', file), 'utf8'), file).toBe(readFileSync(join(fresh.south, file), 'utf8'));
  }, 60_000);

  it("prints each site and the roll-up for the README's command", async () => {
    const run = await runCli(['report', '--config', join(EXAMPLE, 'peerkit.config.json'), '--site', 'all', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-']);
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as { site: string; metrics: { id: string; value: number }[] }[];
    expect(reports.map((r) => r.site)).toEqual(['north', 'south', 'all']);
    const women = reports.map((r) => r.metrics.find((m) => m.id === 'women_supported')!.value);
    // One woman moved from north to south in the quarter.
    expect(women[2]).toBe(women[0]! + women[1]! - 1);
  });
});
