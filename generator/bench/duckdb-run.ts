/**
 * The DuckDB side of a bench, run as its own process so that its time and peak memory
 * are its own: `node build/generator/bench/duckdb-run.js <csv folder> <scheme> <quarter>`
 * runs the views over the folder's CSV files and the query `peerkit sql` prints
 * (./duckdb-csv.ts) in DuckDB on 2 threads, and prints one line of JSON:
 * `{"values":{"<line id>":value,…},"peakRssMb":…}` (values as `peerkit report --format json` gives them).
 */
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseQuarter } from '../../core/quarters.js';
import { findScheme } from '../../core/schemes/index.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import { exportSiteId } from '../export/site.js';
import { duckdbCsvScript } from './duckdb-csv.js';

export interface DuckdbLine {
  id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** The report's lines as DuckDB computes them from the CSV folder. */
export async function duckdbCsvReport(folder: string, schemeId: string, quarter: string): Promise<DuckdbLine[]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    const script = duckdbCsvScript(folder, findScheme(schemeId), parseQuarter(quarter, DEFAULT_SETTINGS), { site: exportSiteId({}), locale: DEFAULT_SETTINGS.locale });
    for (const statement of script.slice(0, -1)) await connection.run(statement);
    const rows = (await connection.runAndReadAll(script.at(-1)!)).getRowObjectsJS();
    return rows.map((r) => ({ id: String(r.id), value: r.value as number | null, numerator: r.numerator as number | null, denominator: r.denominator as number | null }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [folder, scheme, quarter] = process.argv.slice(2);
  if (!folder || !scheme || !quarter) throw new Error('usage: duckdb-run.js <csv folder> <scheme> <quarter>');
  const lines = await duckdbCsvReport(folder, scheme, quarter);
  const values = Object.fromEntries(lines.map((l) => [l.id, l.value]));
  process.stdout.write(JSON.stringify({ values, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}
