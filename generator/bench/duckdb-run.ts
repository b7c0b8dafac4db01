/**
 * The DuckDB side of a bench, run as its own process so that its time and peak memory
 * are its own: `node build/generator/bench/duckdb-run.js <csv folder | peerkit.config.json> <scheme> <quarter>`
 * runs the views over the CSV files (one folder, or every site of a configuration,
 * whose roll-up it computes) and the query `peerkit sql` prints (./duckdb-csv.ts) in
 * DuckDB on 2 threads, and prints one line of JSON:
 * `{"values":{"<line id>":value,…},"peakRssMb":…}` (values as `peerkit report --format json` gives them).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseQuarter } from '../../core/quarters.js';
import { findScheme } from '../../core/schemes/index.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import { parseConfig } from '../../core/config.js';
import { exportSiteId } from '../export/site.js';
import { duckdbCsvScript, type CsvSite } from './duckdb-csv.js';

export interface DuckdbLine {
  id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** A CSV folder as one site (id `site`, as `peerkit export` names it), or a configuration's sites (each source a CSV folder, read from the file's folder). */
function sitesOf(path: string): CsvSite[] {
  if (!path.endsWith('.json')) return [{ id: exportSiteId({}), folder: path }];
  const config = parseConfig(readFileSync(path, 'utf8'), path);
  if (!config.sites) throw new Error(`${path} lists no sites`);
  return config.sites.map((site) => ({ id: site.id, folder: resolve(dirname(path), site.source) }));
}

/** The report's lines as DuckDB computes them from a CSV folder, or the roll-up of a configuration's sites. */
export async function duckdbCsvReport(path: string, schemeId: string, quarter: string): Promise<DuckdbLine[]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    const script = duckdbCsvScript(sitesOf(path), findScheme(schemeId), parseQuarter(quarter, DEFAULT_SETTINGS), DEFAULT_SETTINGS.locale);
    for (const statement of script.slice(0, -1)) await connection.run(statement);
    const rows = (await connection.runAndReadAll(script.at(-1)!)).getRowObjectsJS();
    return rows.map((r) => ({ id: String(r.id), value: r.value as number | null, numerator: r.numerator as number | null, denominator: r.denominator as number | null }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [path, scheme, quarter] = process.argv.slice(2);
  if (!path || !scheme || !quarter) throw new Error('usage: duckdb-run.js <csv folder | peerkit.config.json> <scheme> <quarter>');
  const lines = await duckdbCsvReport(path, scheme, quarter);
  const values = Object.fromEntries(lines.map((l) => [l.id, l.value]));
  process.stdout.write(JSON.stringify({ values, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}
