/**
 * The DuckDB side of `npm run bench`, run as its own process so its time and peak
 * memory are its own: `node duckdb-report.js <csv folder> <start> <end>` prints
 * the Reconnect lines DuckDB computes from the folder's CSV files, as JSON.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbReconnectSql, duckdbReconnectViews } from './duckdb-reconnect.js';

const [folder, start, end] = process.argv.slice(2);
if (!folder || !start || !end) throw new Error('usage: duckdb-report.js <csv folder> <start> <end>');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
for (const view of duckdbReconnectViews(folder)) await connection.run(view);
const reader = await connection.runAndReadAll(duckdbReconnectSql({ start, end }));
const [row] = reader.getRowObjectsJson();
process.stdout.write(JSON.stringify(row) + '\n');
