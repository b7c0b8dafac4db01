/** `peerkit retention`: the rows due for deletion, by tab and row only, through the command line. */
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renameColumn, workbook } from '../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';
import { readSource } from '../../generator/sources/index.js';
import { findPersonRecords } from '../../core/person-records.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { makeSettings } from '../../core/settings.js';

interface ReviewJson {
  asOf: string;
  retentionMonths: number;
  rows: { tab: string; row: number }[];
  counts: Record<string, number>;
}

function retentionWorkbook() {
  return workbook({
    Supporters: [
      { 'Supporter ID': 'PS-001', Name: 'Stays Onrole', Schemes: 'Reconnect', 'Start date': '01/01/2015' },
      { 'Supporter ID': 'PS-002', Name: 'Left Early', Schemes: 'Reconnect', 'Start date': '01/01/2015', 'End date': '31/12/2019' },
    ],
    Women: [
      { 'Prison number': 'A1111AA', 'First name': 'Oldest', 'Last name': 'Example', 'Date received': '01/01/2019' },
      { 'Prison number': 'B2222BB', 'First name': 'Recent', 'Last name': 'Example', 'Date received': '01/01/2019' },
    ],
    Contacts: [
      { 'Contact date': '01/02/2019', 'Prison number': 'A1111AA', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' },
      { 'Contact date': '01/02/2024', 'Prison number': 'B2222BB', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' },
    ],
    Training: [{ 'Session date': '01/03/2019', Schemes: 'Reconnect', Trainer: 'Trainer Name', Attendees: 'PS-001, PS-002' }],
  });
}

const NAMES_AND_IDS = /A1111AA|B2222BB|PS-00\d|Oldest|Recent|Stays|Left Early|Trainer Name/;

describe('peerkit retention', () => {
  it('prints the JSON of data contract §8', async () => {
    const run = await runCli(['retention', '--source', writeCsvWorkbook(retentionWorkbook()), '--as-of', '2026-01-01', '--format', 'json', '--out', '-']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      asOf: '2026-01-01',
      retentionMonths: 72,
      rows: [
        { tab: 'Supporters', row: 3 },
        { tab: 'Women', row: 2 },
        { tab: 'Contacts', row: 2 },
        { tab: 'Training', row: 2 },
      ],
      counts: { Supporters: 1, Women: 1, Contacts: 1, Training: 1, Supervision: 0, Questionnaires: 0, 'Focus groups': 0, Releases: 0, 'Release planning': 0 },
    });
  });

  it('lists by tab and row in text (the default) and CSV, never a name or an identifier', async () => {
    const source = writeCsvWorkbook(retentionWorkbook());
    const text = await runCli(['retention', '--source', source, '--as-of', '2026-01-01']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('records are kept for 72 months, so a date before 1 January 2020 is older than the period');
    expect(text.stdout).toContain('\nWomen: 1 row (2)\n');
    expect(text.stdout).toContain('\nReleases: 0 rows\n');
    expect(text.stdout).toContain('4 rows in 4 tabs are due for deletion. Nothing has been deleted.');
    const csv = await runCli(['retention', '--source', source, '--as-of', '2026-01-01', '--format', 'csv']);
    expect(csv.stdout).toBe('\ufeffTab,Row\r\nSupporters,3\r\nWomen,2\r\nContacts,2\r\nTraining,2\r\n');
    for (const run of [text, csv]) expect(run.stdout + run.stderr).not.toMatch(NAMES_AND_IDS);
  });

  it('takes the period from --retention-months, or from the configuration file', async () => {
    const source = writeCsvWorkbook(retentionWorkbook());
    const rows = async (...args: string[]) => {
      const run = await runCli(['retention', '--source', source, '--as-of', '2026-01-01', '--format', 'json', ...args]);
      return JSON.parse(run.stdout) as ReviewJson;
    };
    const longer = await rows('--retention-months', '96');
    expect(longer.retentionMonths).toBe(96);
    expect(longer.rows).toEqual([]);
    const config = join(tempDir(), 'site.json');
    writeFileSync(config, JSON.stringify({ settings: { retentionMonths: 12 } }));
    // Twelve months: B2222BB's latest row (February 2024) is older too, and her record goes whole.
    expect((await rows('--config', config)).rows).toEqual([
      { tab: 'Supporters', row: 3 },
      { tab: 'Women', row: 2 },
      { tab: 'Women', row: 3 },
      { tab: 'Contacts', row: 2 },
      { tab: 'Contacts', row: 3 },
      { tab: 'Training', row: 2 },
    ]);
    const bad = await runCli(['retention', '--retention-months', 'six years']);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: 'peerkit retention: --retention-months must be a whole number of months, not "six years"\n' });
  });

  it('writes to a folder readable by you alone with --out DIR', async () => {
    const out = join(tempDir(), 'review');
    const run = await runCli(['retention', '--source', writeCsvWorkbook(retentionWorkbook()), '--as-of', '2026-01-01', '--format', 'json', '--out', out]);
    expect(run.stdout).toBe(`4 rows are due: wrote ${join(out, 'retention-2026-01-01.json')}\n`);
    expect(statSync(join(out, 'retention-2026-01-01.json')).mode & 0o777).toBe(0o600);
    expect((JSON.parse(readFileSync(join(out, 'retention-2026-01-01.json'), 'utf8')) as ReviewJson).rows).toHaveLength(4);
  });

  it('stops in one line when a tab has lost the column naming whom its rows are about', async () => {
    const source = writeCsvWorkbook(renameColumn(retentionWorkbook(), 'Contacts', 'Prison number', 'Prisoner number'));
    const run = await runCli(['retention', '--source', source, '--as-of', '2026-01-01']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'peerkit retention: tab "Contacts" has no column "Prison number", so whose records are recent cannot be told: correct the tab and run the review again (nothing is listed)\n',
    });
  });

  it('on the sample workbook, 72 months after its first half-year: every row of each woman due, and nobody else’s', async () => {
    // The sample runs from January 2021; as of 30 June 2027, dates before 30 June 2021 are older.
    const run = await runCli(['retention', '--as-of', '2027-06-30', '--format', 'json', '--out', '-']);
    const review = JSON.parse(run.stdout) as ReviewJson;
    expect(review.counts.Women).toBeGreaterThan(0);
    expect(review.counts.Contacts).toBeGreaterThan(0);
    expect(review.counts.Training).toBeGreaterThan(0);
    expect(review.counts.Supporters).toBe(0); // every supporter who left did so later
    expect(run.stdout).not.toMatch(/[A-Z]\d{4}[A-Z]{2}|PS-\d{3}/);

    // Cross-check with peerkit person: a woman listed has all her rows listed; one kept has none.
    const wb = await readSource(undefined);
    const listed = new Set(review.rows.map((r) => `${r.tab} ${r.row}`));
    const women = wb.tabs.find((t) => t.name === 'Women')!;
    const rowsOf = (id: string) => findPersonRecords(wb, CONTRACT_FORMS, id, makeSettings()).rows.map((r) => `${r.tab} ${r.row}`);
    const dueWoman = String(women.rows[review.rows.find((r) => r.tab === 'Women')!.row - 2]![1]);
    expect(rowsOf(dueWoman).length).toBeGreaterThan(1);
    for (const row of rowsOf(dueWoman)) expect(listed.has(row)).toBe(true);
    const keptRow = women.rows.findIndex((_, i) => !listed.has(`Women ${i + 2}`));
    for (const row of rowsOf(String(women.rows[keptRow]![1]))) expect(listed.has(row)).toBe(false);
  });
});
