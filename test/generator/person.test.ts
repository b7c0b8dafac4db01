/** `peerkit person`: the answer to a subject access request, through the command line. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workbook } from '../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';
import { writeXlsxWorkbook } from '../../generator/sources/xlsx.js';
import { main } from '../../generator/cli.js';
import { PERSON_HTML_ROWS } from '../../generator/commands/person.js';

function personWorkbook() {
  return workbook({
    Women: [
      { Timestamp: '01/02/2021 10:00:00', 'Prison number': 'A1234BC', 'First name': 'Testa', 'Last name': 'Example', 'Date received': '01/02/2021' },
      { Timestamp: '01/02/2021 11:00:00', 'Prison number': 'B2222BB', 'First name': 'Other', 'Last name': 'Example', 'Date received': '01/02/2021' },
    ],
    Contacts: [
      {
        Timestamp: '02/02/2021 10:00:00',
        'Contact date': '02/02/2021',
        'Prison number': 'a1234bc',
        Scheme: 'Perinatal',
        'Peer supporters': 'PS-007',
        Minutes: '700', // out of range: the reports leave the row out, the request does not
        Notes: 'Talked <b>about</b> "home", then tea',
      },
    ],
  });
}

const JSON_ARGS = ['--format', 'json', '--out', '-'];

describe('peerkit person', () => {
  it('prints the JSON of data contract §8: every column of every row about the person, in tab then row order', async () => {
    const run = await runCli(['person', 'A1234BC', '--source', writeCsvWorkbook(personWorkbook()), ...JSON_ARGS]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      person: 'A1234BC',
      rows: [
        {
          tab: 'Women',
          row: 2,
          values: {
            Timestamp: '01/02/2021 10:00:00',
            'Prison number': 'A1234BC',
            'First name': 'Testa',
            'Last name': 'Example',
            'Date received': '01/02/2021',
            'Perinatal status': '',
            'Expected release date': '',
            'Release date confirmed': '',
            'Destination area': '',
            'Consent to peer support': '',
            'Consent to share with healthcare': '',
            'Consent withdrawn date': '',
          },
        },
        {
          tab: 'Contacts',
          row: 2,
          values: {
            Timestamp: '02/02/2021 10:00:00',
            'Contact date': '02/02/2021',
            'Prison number': 'a1234bc',
            Scheme: 'Perinatal',
            'Peer supporters': 'PS-007',
            'Contact type': '',
            Minutes: '700',
            'GP practice identified': '',
            Notes: 'Talked <b>about</b> "home", then tea',
          },
        },
      ],
    });
  });

  it('writes HTML, CSV and JSON into a folder it makes readable by you alone (0700), each file 0600', async () => {
    const out = join(tempDir(), 'sar', 'person');
    const run = await runCli(['person', 'ps-007', '--source', writeCsvWorkbook(personWorkbook()), '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 row from 1 tab: wrote');
    expect(statSync(out).mode & 0o777).toBe(0o700);
    for (const ext of ['html', 'csv', 'json']) expect(statSync(join(out, `person-PS-007.${ext}`)).mode & 0o777).toBe(0o600);

    const csv = readFileSync(join(out, 'person-PS-007.csv'), 'utf8');
    expect(csv.startsWith('\ufeffTab,Row,Column,Value\r\n')).toBe(true);
    expect(csv).toContain('Contacts,2,Peer supporters,PS-007\r\n');
    expect(csv).toContain('Contacts,2,Notes,"Talked <b>about</b> ""home"", then tea"\r\n');
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 9); // a line per column of the one row

    const html = readFileSync(join(out, 'person-PS-007.html'), 'utf8');
    expect(html).toContain('<title>Records held about PS-007</title>');
    expect(html).toContain('size: A4');
    expect(html).toContain('font-size: 12pt');
    expect(html).toMatch(/<h2>Contacts <span class="note">\(1 row\)<\/span><\/h2>/);
    // What staff typed is text, never markup.
    expect(html).toContain('Talked &lt;b&gt;about&lt;/b&gt; &quot;home&quot;, then tea');
  });

  it('prints CSV to standard output with --out -', async () => {
    const run = await runCli(['person', 'A1234BC', '--source', writeCsvWorkbook(personWorkbook()), '--format', 'csv', '--out', '-']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\r\n').filter((l) => l.startsWith('Women,2,'))).toHaveLength(12);
  });

  it('answers "nothing held" when no row names the person', async () => {
    const run = await runCli(['person', 'C3333CC', '--source', writeCsvWorkbook(personWorkbook()), ...JSON_ARGS]);
    expect(JSON.parse(run.stdout)).toEqual({ person: 'C3333CC', rows: [] });
  });

  it.each([
    [['person', 'Testa Example'], 'peerkit person: give one Prison number (like A1234BC) or Supporter ID (like PS-007): what was given matches neither'],
    [['person', 'A1234B'], 'peerkit person: give one Prison number (like A1234BC) or Supporter ID (like PS-007): what was given matches neither'],
    [['person'], 'peerkit person: give one Prison number (like A1234BC) or Supporter ID (like PS-007)'],
    [['person', 'A1234BC', 'PS-007'], 'peerkit person: give one Prison number (like A1234BC) or Supporter ID (like PS-007)'],
    [['person', 'A1234BC', '--format', 'html', '--out', '-'], 'peerkit person: --out - prints one format: give --format json or --format csv'],
  ])('%j: one line, exit 2, never echoing the identifier', async (args, message) => {
    const run = await runCli(args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('reads an .xlsx download, its real date cells shown as dates', async () => {
    const dir = tempDir();
    const file = join(dir, 'book.xlsx');
    const wb = personWorkbook();
    const kinds: Record<string, 'date' | 'timestamp' | 'text'> = { Timestamp: 'timestamp', 'Contact date': 'date', 'Date received': 'date' };
    await writeXlsxWorkbook(
      file,
      wb.tabs.map((t) => ({
        name: t.name,
        header: t.header,
        rows: t.rows.map((r) => r.map((c) => (c === null ? '' : String(c)))),
        columns: t.header.map((h) => ({ kind: kinds[h] ?? 'text' })),
      })),
    );
    const run = await runCli(['person', 'A1234BC', '--source', file, ...JSON_ARGS]);
    const rows = (JSON.parse(run.stdout) as { rows: { tab: string; values: Record<string, string> }[] }).rows;
    expect(rows.map((r) => r.tab)).toEqual(['Women', 'Contacts']);
    expect(rows[1]!.values).toMatchObject({ Timestamp: '02/02/2021 10:00:00', 'Contact date': '02/02/2021' });
  });

  it('on the sample workbook: a woman’s intake, contacts, release and release planning', async () => {
    const run = await runCli(['person', 'G0682PD', ...JSON_ARGS]);
    const rows = (JSON.parse(run.stdout) as { rows: { tab: string; row: number; values: Record<string, string> }[] }).rows;
    expect([...new Set(rows.map((r) => r.tab))]).toEqual(['Women', 'Contacts', 'Releases', 'Release planning']);
    expect(rows[0]).toMatchObject({ tab: 'Women', row: 2, values: { 'Prison number': 'G0682PD', 'First name': 'Pilotina' } });
    expect(rows.filter((r) => r.tab === 'Contacts').length).toBeGreaterThan(1);
    expect(rows.every((r) => r.values['Prison number'] === 'G0682PD')).toBe(true);
  });

  it(`writes every row of a person on more rows than the HTML is written for (${PERSON_HTML_ROWS}): the CSV and JSON whole and in pieces, no HTML, and says so`, async () => {
    const wb = workbook({ Women: [{ 'Prison number': 'A1234BC', 'First name': 'Testa', 'Last name': 'Example', 'Date received': '01/02/2021' }] });
    const women = wb.tabs.find((t) => t.name === 'Women')!;
    // One person's registration a further PERSON_HTML_ROWS times (700,000 such rows ended in "Invalid string length").
    for (let i = 0; i < PERSON_HTML_ROWS; i++) women.rows.push(women.rows[0]!);
    const out = join(tempDir(), 'person');
    const notes: string[] = [];
    const io = { out: () => {}, write: () => {}, error: (l: string) => void notes.push(l), note: (l: string) => void notes.push(l), interactive: false };
    const source = writeCsvWorkbook(wb);
    expect(await main(['person', 'A1234BC', '--source', source, '--out', out], io)).toBe(0);
    expect(notes.join('\n')).toMatch(/no HTML: 50001 rows are more than the HTML is written for \(50,000, what a browser opens\); the CSV and JSON hold every row/);
    expect(readdirSync(out).sort()).toEqual(['person-A1234BC.csv', 'person-A1234BC.json']);
    expect((JSON.parse(readFileSync(join(out, 'person-A1234BC.json'), 'utf8')) as { rows: unknown[] }).rows).toHaveLength(PERSON_HTML_ROWS + 1);
    const html = await runCli(['person', 'A1234BC', '--source', source, '--out', out, '--format', 'html']);
    expect(html.code).toBe(2);
    expect(html.stderr).toMatch(/give --format csv,json, which hold every row/);
  });

  it('prints JSON and CSV to standard output in pieces, the same text', async () => {
    const writes: string[] = [];
    const io = { out: () => {}, write: (t: string) => void writes.push(t), error: () => {}, note: () => {}, interactive: false };
    const source = writeCsvWorkbook(personWorkbook());
    expect(await main(['person', 'A1234BC', '--source', source, ...JSON_ARGS], io)).toBe(0);
    expect(JSON.parse(writes.join('')).person).toBe('A1234BC');
    expect(writes.join('')).toBe((await runCli(['person', 'A1234BC', '--source', source, ...JSON_ARGS])).stdout);
  });
});
