/**
 * The 20-site part of `npm run bench`, run as its own process: reads the bundled
 * sample workbook as 20 sites and evaluates the Reconnect report of each. The reads
 * are started together, but a CSV folder is read synchronously, so they run one
 * after another on one core. A stand-in for `peerkit report --site all` until the sites layer (issue
 * 14, data contract §9) is in this branch: the reads and the evaluations it will
 * do (records keeping only what the report reads, as `peerkit report` does), without the roll-up itself.
 */
import { readSourceDataset } from '../sources/index.js';
import { findScheme, formsOf } from '../../core/schemes/index.js';
import { evaluateReport } from '../../core/report.js';
import { parseQuarter } from '../../core/quarters.js';
import { DEFAULT_CONFIG } from '../../core/config.js';
import { resolveSettings } from '../options.js';
import { reportProjection } from '../../core/projection.js';

const SITES = 20;
const scheme = findScheme('reconnect');
const forms = formsOf([scheme]);
const sites = await Promise.all(
  Array.from({ length: SITES }, () => readSourceDataset(undefined, undefined, forms, (workbook) => resolveSettings({}, DEFAULT_CONFIG.settings, workbook), reportProjection([scheme]))),
);
const values = sites.map(({ dataset, settings }) => evaluateReport(scheme, dataset, parseQuarter('2021-22-Q1', settings)).lines[0]!.value);
process.stdout.write(JSON.stringify({ sites: SITES, activeSupporters: values }) + '\n');
