import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbCsvScript } from './build/generator/bench/duckdb-csv.js';
import { findScheme } from './build/core/schemes/index.js';
import { parseQuarter } from './build/core/quarters.js';
import { DEFAULT_SETTINGS } from './build/core/settings.js';
const folder = process.argv[2];
const i = await DuckDBInstance.create(':memory:', { threads: '2' }); const c = await i.connect();
const script = duckdbCsvScript([{ id: 'site', folder }], findScheme('reconnect'), parseQuarter('2021-22-Q1', DEFAULT_SETTINGS), 'en_GB');
for (const s of script.slice(0, -1)) await c.run(s);
for (const v of ['contacts','supporters','training','supervision','releases','release_planning']) { const t = performance.now(); await c.runAndReadAll(`select count(*) from "${v}"`); console.log(v, (performance.now() - t).toFixed(0)); }
for (const v of ['contacts','supporters','training','supervision','releases','release_planning']) await c.run(`create table "m_${v}" as select * from "${v}"`);
const t = performance.now();
await c.runAndReadAll(script.at(-1).replace(/FROM "(contacts|supporters|training|supervision|releases|release_planning)"/g, 'FROM "m_$1"'));
console.log('query over tables', (performance.now() - t).toFixed(0));
