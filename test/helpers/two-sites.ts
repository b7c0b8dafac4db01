/**
 * A two-site configuration for tests of the roll-up (data contract §9), written to a
 * folder: `north/` is the bundled sample workbook's CSVs, `south/` the sample
 * generator's workbook from another seed, and `peerkit.config.json` lists both.
 * Overlaps are planted at south in 2021-22 Q1 (1 April to 30 June 2021):
 *
 * - `movedWoman`: a woman north supported under Reconnect in the quarter, received at
 *   south and supported there in the same quarter (prison numbers are national: one
 *   woman in the roll-up);
 * - `sharedSupporter`: a Supporter ID active under Reconnect at north in the quarter,
 *   registered at south too and named on the planted contact (two people);
 * - `movedMentee`: a mentee whose first baseline is at north in the quarter, with a
 *   later baseline and a follow-up at south (her first baseline is north's).
 *
 * The two seeds share no other prison number of these tabs (checked when written),
 * so the roll-up's women are north's and south's less the one moved.
 *
 *   const sites = writeTwoSites();
 *   runCli(['report', '--config', sites.config, '--site', 'all', ...]);
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { readCsvFolder, SAMPLE_WORKBOOK } from '../../generator/sources/index.js';
import type { Cell, RawWorkbook, Tab } from '../../core/workbook.js';
import { tempDir } from './temp-dirs.js';
import { writeCsvWorkbook } from './run-cli.js';

/** The seed of south's workbook: any other than the sample's gives other people. */
const SOUTH_SEED = 7;
export const TWO_SITES_QUARTER = '2021-22-Q1';

interface TwoSites {
  dir: string;
  /** The configuration file, to give as --config. */
  config: string;
  north: string;
  south: string;
  movedWoman: string;
  sharedSupporter: string;
  movedMentee: string;
}

const inQ1 = (ddmmyyyy: string) => {
  const [d, m, y] = ddmmyyyy.split('/');
  const iso = `${y}-${m}-${d}`;
  return iso >= '2021-04-01' && iso <= '2021-06-30';
};

function tab(wb: RawWorkbook, name: string): Tab {
  const found = wb.tabs.find((t) => t.name === name);
  if (!found) throw new Error(`two-site fixture: no tab "${name}"`);
  return found;
}

/** A tab's rows as records by header, text cells only. */
const rowsOf = (t: Tab) => t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, String(r[i] ?? '')])));

/** Appends a row given by header; columns it leaves out are blank. */
function append(t: Tab, row: Record<string, string>): void {
  for (const key of Object.keys(row)) if (!t.header.includes(key)) throw new Error(`two-site fixture: tab "${t.name}" has no column "${key}"`);
  t.rows.push(t.header.map((h): Cell => row[h] ?? ''));
}

function prisonNumbers(wb: RawWorkbook): Set<string> {
  const out = new Set<string>();
  for (const name of ['Women', 'Contacts', 'Releases', 'Wellbeing baseline', 'Mentee sessions']) for (const r of rowsOf(tab(wb, name))) if (r['Prison number']) out.add(r['Prison number']);
  return out;
}

interface TwoSitesOptions {
  /** South's size as a multiple of the sample's (default 1); north is the sample itself. */
  southScale?: number;
  /** North's source as the configuration names it: by default its own copy of the sample, `north/`. */
  northSource?: string;
}

/** Writes the two sites and their configuration into `dir` (a new temporary folder by default). */
export function writeTwoSites(dir = tempDir('peerkit-sites-'), options: TwoSitesOptions = {}): TwoSites {
  const north = join(dir, 'north');
  const south = join(dir, 'south');
  mkdirSync(dir, { recursive: true });
  cpSync(SAMPLE_WORKBOOK, north, { recursive: true });
  const northBook = readCsvFolder(north, 'north');
  const southBook = generateSampleWorkbook({ seed: SOUTH_SEED, scale: options.southScale ?? 1 });
  const southNumbers = prisonNumbers(southBook);
  const shared = [...prisonNumbers(northBook)].filter((pn) => southNumbers.has(pn));
  if (shared.length > 0) throw new Error(`two-site fixture: the seeds share prison numbers ${shared.join(', ')}: choose another seed`);

  const southSupporters = new Set(rowsOf(tab(southBook, 'Supporters')).map((r) => r['Supporter ID']));
  const northContact = rowsOf(tab(northBook, 'Contacts')).find((r) => r.Scheme === 'Reconnect' && inQ1(r['Contact date']!) && southSupporters.has(r['Peer supporters']!));
  if (!northContact) throw new Error('two-site fixture: no Reconnect contact at north in the quarter by a supporter south also registers');
  const movedWoman = northContact['Prison number']!;
  const sharedSupporter = northContact['Peer supporters']!;
  const woman = rowsOf(tab(northBook, 'Women')).find((r) => r['Prison number'] === movedWoman)!;
  append(tab(southBook, 'Women'), { ...woman, Timestamp: '20/05/2021 09:00:00', 'Date received': '20/05/2021' });
  append(tab(southBook, 'Contacts'), {
    Timestamp: '21/05/2021 10:00:00',
    'Contact date': '21/05/2021',
    'Prison number': movedWoman,
    Scheme: 'Reconnect',
    'Peer supporters': sharedSupporter,
    'Contact type': 'Reception support',
    Minutes: '30',
  });

  const firstBaselines = new Map<string, string>();
  for (const r of rowsOf(tab(northBook, 'Wellbeing baseline'))) if (!firstBaselines.has(r['Prison number']!)) firstBaselines.set(r['Prison number']!, r['Date completed']!);
  const movedMentee = [...firstBaselines].find(([, date]) => inQ1(date))?.[0];
  if (!movedMentee) throw new Error('two-site fixture: no mentee with a first baseline at north in the quarter');
  append(tab(southBook, 'Wellbeing baseline'), {
    Timestamp: '10/08/2021 10:00:00',
    'Date completed': '10/08/2021',
    'Prison number': movedMentee,
    'Ever self-harmed': 'Yes',
    'Currently self-harming': 'Yes',
    'Suicidal thoughts or attempts in the last 12 months': 'No',
  });
  append(tab(southBook, 'Wellbeing follow-up'), {
    Timestamp: '10/11/2021 10:00:00',
    'Date completed': '10/11/2021',
    'Prison number': movedMentee,
    'Self-harm since support': 'Stopped',
    'Suicidal thoughts or attempts since support': 'Not applicable',
  });
  writeCsvWorkbook(southBook, south);

  const config = join(dir, 'peerkit.config.json');
  writeFileSync(
    config,
    JSON.stringify(
      {
        provider: 'Example Peer Support CIC',
        schemes: ['perinatal', 'reconnect', 'ewb'],
        sites: [
          { id: 'north', name: 'HMP North', source: options.northSource ?? 'north' },
          { id: 'south', name: 'HMP South', source: 'south' },
        ],
      },
      null,
      2,
    ),
  );
  return { dir, config, north, south, movedWoman, sharedSupporter, movedMentee };
}
