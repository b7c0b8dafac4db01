/** `peerkit report`: copies for publication, --strict on an empty period, the header from the configuration, the printed PDF. */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbook } from '../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';
import { findBrowser } from '../../generator/render/pdf.js';

const contact = (date: string, prisonNumber: string, supporter = 'PS-001') => ({ 'Contact date': date, 'Prison number': prisonNumber, Scheme: 'Reconnect', 'Peer supporters': supporter });
const release = (prisonNumber: string, reconnected: string) => ({
  'Prison number': prisonNumber,
  'Release date': '15/05/2021',
  'Destination area': 'Norfolk',
  'Supported to reconnect with healthcare': reconnected,
});
const numbers = ['A1234BC', 'B2345CD', 'C3456DE', 'D4567EF', 'E5678FG', 'F6789GH', 'G7890HJ'];

/** 2021-22 Q1: 7 women supported by 2 supporters; 7 released, 6 of them reconnected. */
function source(): string {
  return writeCsvWorkbook(
    workbook({
      Supporters: [
        { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: 'Reconnect', 'Start date': '01/01/2021' },
        { 'Supporter ID': 'PS-002', Name: 'Samplina Placeholder', Schemes: 'Reconnect', 'Start date': '01/01/2021' },
      ],
      Women: numbers.map((n) => ({ 'Prison number': n, 'First name': 'Fictia', 'Last name': 'Madeup', 'Date received': '05/01/2021' })),
      Contacts: [...numbers.map((n, i) => contact('02/05/2021', n, i % 2 ? 'PS-002' : 'PS-001')), contact('10/02/2021', 'A1234BC')],
      Releases: numbers.map((n, i) => release(n, i === 0 ? 'No' : 'Yes')),
    }),
  );
}

const args = (...extra: string[]) => ['report', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--source', source(), ...extra];

describe('a copy for publication (data contract §7)', () => {
  it('hides counts below 5 as <5 and percentages on small numbers, in JSON, CSV and HTML, and writes no audit file', async () => {
    const out = tempDir();
    const run = await runCli(args('--for', 'publication', '--format', 'html,json,csv', '--out', out));
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['reconnect-2021-22-Q1.csv', 'reconnect-2021-22-Q1.html', 'reconnect-2021-22-Q1.json']);
    const json = JSON.parse(readFileSync(join(out, 'reconnect-2021-22-Q1.json'), 'utf8'));
    const metric = (id: string) => json.metrics.find((m: { id: string }) => m.id === id);
    expect(json.publication).toEqual({ suppressBelow: 5 });
    expect(metric('women_supported')).toMatchObject({ value: 7 });
    expect(metric('active_supporters')).toMatchObject({ value: null, suppressed: true, previous: { value: null, suppressed: true } });
    expect(metric('training_sessions')).toMatchObject({ value: 0 });
    // 6 of 7 reconnected: the count is shown, but its share would give away the 1 who was not.
    expect(metric('women_reconnected')).toEqual(expect.objectContaining({ value: 6 }));
    expect(metric('women_reconnected')).not.toHaveProperty('share');
    for (const id of ['gp_registered_before_release', 'release_packs_given']) {
      expect(metric(id)).toMatchObject({ value: 0 }); // 0 of 7: shown
    }
    for (const m of json.metrics.filter((x: { suppressed?: boolean }) => x.suppressed)) {
      expect(m).not.toHaveProperty('numerator');
      expect(m).not.toHaveProperty('denominator');
      expect(m.change).toBeNull();
    }
    const csv = readFileSync(join(out, 'reconnect-2021-22-Q1.csv'), 'utf8');
    expect(csv).toMatch(/,active_supporters,i\. Number of peer supporters active during the quarter,<5,,,,,2020-21 Q4,<5,,/);
    const html = readFileSync(join(out, 'reconnect-2021-22-Q1.html'), 'utf8');
    expect(html).toContain('Small numbers are hidden.');
    expect(html).toMatch(/<td class="number current">&lt;5<\/td>/);
    expect(html).not.toMatch(/audit file|peerkit check/);
  });

  it('is what a configuration with "publication" makes, its threshold used; --for commissioner gives the full copy', async () => {
    const dir = tempDir();
    const config = join(dir, 'site.json');
    writeFileSync(config, JSON.stringify({ schemes: ['reconnect'], publication: { suppressBelow: 10 } }));
    const published = JSON.parse((await runCli(args('--config', config, '--format', 'json', '--out', '-'))).stdout);
    expect(published.publication).toEqual({ suppressBelow: 10 });
    expect(published.metrics.find((m: { id: string }) => m.id === 'women_supported')).toMatchObject({ value: null, suppressed: true });
    const full = JSON.parse((await runCli(args('--config', config, '--for', 'commissioner', '--format', 'json', '--out', '-'))).stdout);
    expect(full).not.toHaveProperty('publication');
    expect(full.metrics.find((m: { id: string }) => m.id === 'women_supported')).toMatchObject({ value: 7 });
    const out = join(dir, 'out');
    await runCli(args('--config', config, '--out', out));
    expect(existsSync(join(out, 'reconnect-2021-22-Q1.audit.csv'))).toBe(false);
  });

  it('refuses an audience it does not know, in one line', async () => {
    const run = await runCli(args('--for', 'press'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('peerkit report: --for "press": choose publication (small numbers hidden) or commissioner (the full copy)\n');
  });
});

describe('a period that holds no records', () => {
  it('is said in the report and on standard error; --strict makes it exit 1', async () => {
    const out = tempDir();
    const run = await runCli(['report', '--scheme', 'reconnect', '--quarter', '2031-32-Q1', '--source', source(), '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('2031-32 Q1 holds no Contacts, Training, Supervision, Releases and Release planning rows: is the period right?\n');
    const html = readFileSync(join(out, 'reconnect-2031-32-Q1.html'), 'utf8');
    expect(html).toContain('No records of the tabs this report reads (Contacts, Training, Supervision, Releases and Release planning) are dated in this quarter');
    const strict = await runCli(['report', '--scheme', 'reconnect', '--quarter', '2031-32-Q1', '--source', source(), '--format', 'json', '--out', '-', '--strict']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).recordsInPeriod).toBe(0);
    expect((await runCli(args('--strict', '--format', 'json', '--out', '-'))).code).toBe(0);
  });
});

describe('a document fit to send', () => {
  it('heads the report with the site, provider, contract reference and period from the configuration, and gives no instructions meant for staff', async () => {
    const dir = tempDir();
    const config = join(dir, 'site.json');
    writeFileSync(config, JSON.stringify({ site: 'HMP Example', provider: 'Example Peer Support CIC', contractReference: 'NHSE-HJ-0042', schemes: ['reconnect'] }));
    const out = join(dir, 'out');
    const run = await runCli(['report', '--config', config, '--source', source(), '--from', '2021-04-01', '--to', '2021-09-30', '--out', out]);
    expect(run.code).toBe(0);
    const html = readFileSync(join(out, 'reconnect-2021-04-01-to-2021-09-30.html'), 'utf8');
    expect(html).toContain('<dt>Site</dt><dd>HMP Example</dd><dt>Provider</dt><dd>Example Peer Support CIC</dd><dt>Contract reference</dt><dd>NHSE-HJ-0042</dd><dt>Reporting period</dt><dd>1 April 2021 to 30 September 2021</dd>');
    // A range of other days than a quarter is a period, compared with the same number of days (183) before it.
    expect(html).toContain('ii. No of women supported during the period');
    expect(html).toContain('Period before<span class="period">30 September 2020 to 31 March 2021</span>');
    expect(html).not.toContain('peerkit check');
  });

  it('prints a tagged PDF with an outline, its title and page numbers on every page', async () => {
    if (!findBrowser()) return; // no Chromium here: the HTML is tested above
    const out = tempDir();
    const run = await runCli(args('--format', 'pdf', '--out', out));
    expect(run.code).toBe(0);
    const pdf = readFileSync(join(out, 'reconnect-2021-22-Q1.pdf')).toString('latin1');
    expect(pdf).toContain('/StructTreeRoot');
    expect(pdf).toContain('/Outlines');
    expect(pdf).toMatch(/\/Lang\s*\(en-GB\)/);
  });
});
