import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renameColumn, withoutTab, workbook } from '../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';

const supporters = [
  { 'Supporter ID': 'PS-001', Name: 'Testa Example', Schemes: 'Reconnect', 'Start date': '01/01/2021' },
  { 'Supporter ID': 'PS-002', Name: 'Samplina Placeholder', Schemes: 'Perinatal, Reconnect', 'Start date': '01/01/2021' },
];
const women = [
  { 'Prison number': 'A1234BC', 'First name': 'Demora', 'Last name': 'Sampleton', 'Date received': '05/01/2021' },
  { 'Prison number': 'B2345CD', 'First name': 'Fictia', 'Last name': 'Madeup-Jones', 'Date received': '06/01/2021' },
];

function smallWorkbook() {
  return workbook({
    Supporters: supporters,
    Women: women,
    Contacts: [
      { 'Contact date': '01/04/2021', 'Prison number': 'A1234BC', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' },
      { 'Contact date': '30/06/2021', 'Prison number': 'B2345CD', Scheme: 'Reconnect', 'Peer supporters': 'PS-002' },
      { 'Contact date': '01/07/2021', 'Prison number': 'A1234BC', Scheme: 'Reconnect', 'Peer supporters': 'PS-002' },
      { 'Contact date': '31/02/2021', 'Prison number': 'A1234BC', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' },
    ],
    Releases: [
      { 'Prison number': 'A1234BC', 'Release date': '15/05/2021', 'Destination area': 'Norfolk', 'Supported to reconnect with healthcare': 'Yes' },
    ],
  });
}

describe('peerkit report', () => {
  it('prints the spec §6 JSON to standard output with --out -', async () => {
    const source = writeCsvWorkbook(smallWorkbook());
    const run = await runCli(['report', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-', '--source', source]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    // The §6 fields first, then what was added: coverage, and the periods each line is compared with.
    expect(Object.keys(json)).toEqual(['scheme', 'period', 'metrics', 'issues', 'undatedRows', 'recordsInPeriod', 'partial', 'comparisons']);
    expect(json.scheme).toBe('reconnect');
    expect(json.period).toEqual({ label: '2021-22 Q1', start: '2021-04-01', end: '2021-06-30' });
    const values = Object.fromEntries(json.metrics.map((m: { id: string; value: number }) => [m.id, m.value]));
    expect(values).toEqual({
      active_supporters: 2,
      women_supported: 2,
      training_sessions: 0,
      supervision_sessions: 0,
      supervision_attendees: 0,
      women_released: 1,
      women_reconnected: 1,
      gp_registered_before_release: 0,
      prepared_before_release: 0,
      release_packs_given: 0,
    });
    // The Also recorded lines carry n of N, N being line vi; every line its comparisons after its own fields.
    expect(json.metrics.slice(7).map((m: object) => Object.keys(m))).toEqual(Array(3).fill(['id', 'label', 'value', 'numerator', 'denominator', 'previous', 'lastYear', 'change', 'trend']));
    // The records begin on 1 April 2021: there is nothing earlier to compare with, rather than zeros.
    expect(json.metrics[0]).toMatchObject({ id: 'active_supporters', value: 2, previous: null, lastYear: null, change: null });
    expect(json.metrics[0].trend).toHaveLength(8);
    expect(json.comparisons.previous).toEqual({ label: '2020-21 Q4', start: '2021-01-01', end: '2021-03-31' });
    expect(json.comparisons.lastYear).toEqual({ label: '2020-21 Q1', start: '2020-04-01', end: '2020-06-30' });
    // Line vii is shown as its share of line vi.
    expect(json.metrics[6].share).toEqual({ of: 'women_released', denominator: 1, percent: 100 });
    expect(json.metrics.slice(7).map((m: { denominator: number }) => m.denominator)).toEqual([1, 1, 1]);
    expect(json.metrics[0].label).toBe('i. Number of peer supporters active during the quarter');
    // Contacts row 5 is dated 31/02/2021, which is no date: it belongs to no quarter, so it is counted apart.
    expect(json.issues).not.toContainEqual(expect.objectContaining({ tab: 'Contacts', row: 5 }));
    expect(json.undatedRows).toBe(1);
    // Personal data never reaches an aggregate report.
    expect(run.stdout).not.toMatch(/A1234BC|B2345CD|Demora|Sampleton/);
  });

  it('writes HTML, an audit file of row references, and an index for several reports', async () => {
    const source = writeCsvWorkbook(smallWorkbook());
    const out = tempDir();
    const run = await runCli(['report', '--from', '2021-04-01', '--to', '2021-06-30', '--source', source, '--out', out, '--format', 'html,csv']);
    expect(run.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(expect.arrayContaining(['index.html', 'reconnect-2021-04-01-to-2021-06-30.html', 'reconnect-2021-04-01-to-2021-06-30.audit.csv', 'perinatal-2021-04-01-to-2021-06-30.csv']));
    const html = readFileSync(join(out, 'reconnect-2021-04-01-to-2021-06-30.html'), 'utf8');
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('Reconnect peer support scheme report');
    expect(html).toContain('vii. No of women supported by peer supporters to reconnect with healthcare on release during the quarter');
    expect(html).toContain('1 April 2021 to 30 June 2021');
    expect(html).toMatch(/1 row on these tabs has a date that could not be read/);
    expect(html).not.toMatch(/A1234BC|Demora/);
    // What staff should do is said to the person running it, never in the commissioner's copy.
    expect(html).not.toContain('peerkit check');
    expect(run.stderr).toContain('"peerkit check" lists them by tab and row');
    const audit = readFileSync(join(out, 'reconnect-2021-04-01-to-2021-06-30.audit.csv'), 'utf8');
    // Contacts rows 2 and 3 are the two contacts in the quarter (row 4 is 1 July; row 5 is invalid).
    expect(audit).toMatch(/women_supported,.*,2,.*,Contacts,2–3,2,/);
    expect(audit).not.toMatch(/A1234BC|Demora/);
    rmSync(out, { recursive: true });
  });

  it('shows the Also recorded lines apart, as n/N with a percentage, in HTML and CSV', async () => {
    const wb = smallWorkbook();
    const releases = wb.tabs.find((t) => t.name === 'Releases')!;
    const column = (title: string) => releases.header.indexOf(title);
    releases.rows[0]![column('Release pack given')] = 'Yes';
    // A second woman released in the quarter, prepared four weeks before (a Release planning row), with no pack.
    const row = releases.header.map(() => '' as string | number | null);
    Object.assign(row, { [column('Timestamp')]: '20/06/2021 10:00:00', [column('Prison number')]: 'B2345CD', [column('Release date')]: '20/06/2021', [column('Destination area')]: 'Leeds' });
    releases.rows.push(row);
    const planning = wb.tabs.find((t) => t.name === 'Release planning')!;
    planning.rows.push(planning.header.map((h) => ({ Timestamp: '23/05/2021 10:00:00', 'Prison number': 'B2345CD', Date: '23/05/2021' })[h] ?? ''));
    const source = writeCsvWorkbook(wb);
    const out = tempDir();
    const run = await runCli(['report', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--source', source, '--out', out, '--format', 'html,csv']);
    expect(run.code).toBe(0);
    const html = readFileSync(join(out, 'reconnect-2021-22-Q1.html'), 'utf8');
    const also = html.slice(html.indexOf('<h2 id="also-recorded">Also recorded</h2>'), html.indexOf('<h2 id="data-quality">'));
    expect(also).toContain('These are not contract lines.');
    const cell = (label: string, shown: string, sub: string) =>
      new RegExp(`${label} <span class="small-base">based on 2 people</span></th>\\s*<td class="number current">${shown}<span class="sub">${sub}</span>`);
    expect(also).toMatch(cell('Women released who were given a release pack', '1/2', '50%'));
    expect(also).toMatch(cell('Women released who had release preparation in the 6 weeks before release', '1/2', '50%'));
    expect(also).toMatch(cell('Women released who were registered with a GP before release', '0/2', '0%'));
    // The numbered table stops at line vii: the Also recorded lines are not in it.
    expect(html.slice(0, html.indexOf('<h2 id="also-recorded">'))).not.toContain('release pack');
    const csv = readFileSync(join(out, 'reconnect-2021-22-Q1.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    // The §6 columns first; the comparisons after them.
    expect(csv[0]).toMatch(/^Scheme,Period,Start,End,Line id,Line,Value,Numerator,Denominator,Share of,Share %,Previous period,Previous,Change,/);
    expect(csv.slice(-3).map((row) => row.split(',').slice(0, 9).join(','))).toEqual([
      'reconnect,2021-22 Q1,2021-04-01,2021-06-30,gp_registered_before_release,Women released who were registered with a GP before release,0,0,2',
      'reconnect,2021-22 Q1,2021-04-01,2021-06-30,prepared_before_release,Women released who had release preparation in the 6 weeks before release,1,1,2',
      'reconnect,2021-22 Q1,2021-04-01,2021-06-30,release_packs_given,Women released who were given a release pack,1,1,2',
    ]);
    const audit = readFileSync(join(out, 'reconnect-2021-22-Q1.audit.csv'), 'utf8');
    // The working of the prepared line is the release and the planning row before it.
    expect(audit).toMatch(/prepared_before_release,.*,1\/2 \(50%\),2021-22 Q1,Releases,3,1,/);
    expect(audit).toMatch(/prepared_before_release,.*,1\/2 \(50%\),2021-22 Q1,Release planning,2,1,/);
    rmSync(out, { recursive: true });
  });

  it('leads its index with a partial quarter, marked, when the records cover no quarter to its end', async () => {
    const source = writeCsvWorkbook(
      workbook({
        Supporters: supporters,
        Women: women,
        Contacts: [{ 'Contact date': '01/04/2021', 'Prison number': 'A1234BC', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' }, { 'Contact date': '20/05/2021', 'Prison number': 'B2345CD', Scheme: 'Reconnect', 'Peer supporters': 'PS-002' }],
      }),
    );
    const out = tempDir();
    expect((await runCli(['report', '--source', source, '--out', out])).code).toBe(0);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toMatch(/<h3 id="latest-reconnect-figures"><a href="reconnect-2021-22-Q1.html">Reconnect peer support scheme report<\/a>: 2021-22 Q1<\/h3>\s*<p class="notice">2021-22 Q1 is partial: the records end on 20 May 2021.<\/p>/);
  });

  it('writes every quarter of the contract for both schemes by default', async () => {
    const source = writeCsvWorkbook(smallWorkbook());
    const out = tempDir();
    const run = await runCli(['report', '--source', source, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Wrote 18 reports (9 periods × 2 schemes)');
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('href="perinatal-2020-21-Q4.html"');
    expect(index).toContain('href="reconnect-2022-23-Q4.html"');
    expect(existsSync(join(out, 'reconnect-2022-23-Q4.html'))).toBe(true);
    // Each scheme's latest figures with their sparklines: the records end on 1 July 2021, a day into 2021-22 Q2,
    // so the index leads with the latest whole quarter, 2021-22 Q1; Q2 is in the table below, marked partial.
    expect(index).toMatch(/<h3 id="latest-reconnect-figures"><a href="reconnect-2021-22-Q1.html">Reconnect peer support scheme report<\/a>: 2021-22 Q1<\/h3>\s*<table/);
    expect(index).toMatch(/2021-22 Q2<br><span class="note">1 July 2021 to 30 September 2021<\/span><br><span class="warning">partial: the records end on 1 July 2021<\/span>/);
    expect(index).toMatch(/<tr id="reconnect-women_supported" class="depth-0">/);
    // Line vii, counted as a share of line vi, is a headline too, indented under it as in the report.
    expect(index).toMatch(/<tr id="reconnect-women_reconnected" class="depth-1">/);
    expect(index).toContain('<svg class="sparkline"');
    expect(index).toMatch(/2022-23 Q4<br><span class="note">1 January 2023 to 31 March 2023<\/span><br><span class="warning">after the records end<\/span>/);
    expect(index).not.toContain('peerkit check');
  });
});

describe('bad input: one clear line, a non-zero exit, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown scheme', ['report', '--scheme', 'maternity'], /unknown scheme "maternity": choose one of perinatal, reconnect/],
    ['malformed quarter', ['report', '--quarter', '2021-Q7'], /"2021-Q7" is not a financial quarter: write it like 2021-22-Q1/],
    ['missing source', ['report', '--source', '/nonexistent/book.xlsx'], /cannot read source "\/nonexistent\/book.xlsx": no such file or folder/],
    ['unknown option', ['report', '--quater', '2021-22-Q1'], /^peerkit report: unknown option --quater: did you mean --quarter\?$/m],
    ['bad format', ['report', '--format', 'docx'], /--format "docx": choose from html, json, csv/],
    ['half a period', ['report', '--from', '2021-04-01'], /--from and --to go together/],
    ['impossible --from', ['report', '--from', '2021-02-31', '--to', '2021-03-31'], /--from must be a real date/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const run = await runCli(args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a missing tab and where', async () => {
    const source = writeCsvWorkbook(withoutTab(smallWorkbook(), 'Releases'));
    const run = await runCli(['report', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--source', source, '--out', '-', '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/tab "Releases" not found/);
    expect(run.stderr).toContain(source);
  });

  it('names a renamed column', async () => {
    const source = writeCsvWorkbook(renameColumn(smallWorkbook(), 'Contacts', 'Contact date', 'Date of contact'));
    const run = await runCli(['report', '--scheme', 'perinatal', '--quarter', '2021-22-Q1', '--source', source, '--out', '-', '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/tab "Contacts" has no column "Contact date" \(was it renamed\?\)/);
  });

  it('shows a stack trace with --debug', async () => {
    const run = await runCli(['report', '--scheme', 'maternity', '--debug']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\n\s+at /);
  });
});

describe('answers never reach a report', () => {
  it('a phone number or a date of birth typed into Minutes is not quoted in the report (HTML, JSON, CSV, audit); check shows staff a short one from a number column only', async () => {
    const wb = smallWorkbook();
    const contacts = wb.tabs.find((t) => t.name === 'Contacts')!;
    const minutes = contacts.header.indexOf('Minutes');
    const notes = contacts.header.indexOf('Notes');
    const row = (minutesAnswer: string, note = '') => {
      const cells = contacts.header.map(() => '' as string);
      Object.assign(cells, { 0: '02/05/2021 10:00:00', 1: '02/05/2021', 2: 'A1234BC', 3: 'Reconnect', 4: 'PS-001' });
      cells[minutes] = minutesAnswer;
      if (note) cells[notes] = note;
      return cells;
    };
    contacts.rows.push(row('07700 900123'), row('12/03/1985'), row('call Testa on 07700 900456 at home'), row('30', '07700 900789'));
    const source = writeCsvWorkbook(wb);
    const out = tempDir();
    const run = await runCli(['report', '--source', source, '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'html,json,csv', '--out', out]);
    expect(run.code).toBe(0);
    for (const file of readdirSync(out)) {
      const text = readFileSync(join(out, file), 'utf8');
      for (const answer of ['07700', '900123', '1985', 'Testa', '900789']) expect(text, `${file} quotes ${answer}`).not.toContain(answer);
    }
    const check = await runCli(['check', '--source', source, '--as-of', '2021-12-31', '--all']);
    expect(check.stdout).toContain('"Minutes" must be a number from 1 to 600 (answer: "07700 900123")');
    expect(check.stdout).toContain('"Minutes" must be a number from 1 to 600 (answer: "12/03/1985")');
    expect(check.stdout).not.toContain('Testa'); // over 20 characters: never quoted
    expect(check.stdout).not.toContain('900789'); // free text is never quoted
  });
});

describe('peerkit check', () => {
  it('lists issues by tab and row without personal values', async () => {
    const wb = smallWorkbook();
    wb.tabs.find((t) => t.name === 'Contacts')!.rows.push(['01/05/2021 10:00:00', '02/05/2021', 'A12345', 'Reconnect', 'PS-001', '', '', '', '']);
    const source = writeCsvWorkbook(wb);
    const run = await runCli(['check', '--source', source, '--as-of', '2021-12-31', '--all']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Contacts\n {2}row 5: excluded: "Contact date" is not a date that can be read \(answer: "31\/02\/2021"\)/);
    expect(run.stdout).toMatch(/row 6: excluded: "Prison number" does not match the pattern A1234BC/);
    expect(run.stdout).not.toContain('A12345');
    const json = JSON.parse((await runCli(['check', '--source', source, '--as-of', '2021-12-31', '--format', 'json'])).stdout);
    expect(json.issues.filter((i: { severity: string }) => i.severity === 'error')).toHaveLength(2);
  });

  it('lists a woman whose expected release date passed over 14 days ago with no release logged, by her Women row only', async () => {
    const wb = smallWorkbook();
    const women = wb.tabs.find((t) => t.name === 'Women')!;
    women.rows[1]![women.header.indexOf('Expected release date')] = '01/06/2021'; // B2345CD: no Releases row
    const source = writeCsvWorkbook(wb);
    const json = async (asOf: string) => JSON.parse((await runCli(['check', '--source', source, '--as-of', asOf, '--format', 'json'])).stdout);
    const overdue = (issues: { reason: string }[]) => issues.filter((i) => i.reason.includes('no Releases row'));
    expect(overdue((await json('2021-06-15')).issues)).toEqual([]);
    expect(overdue((await json('2021-06-16')).issues)).toEqual([
      {
        tab: 'Women',
        row: 3,
        severity: 'warning',
        reason: '"Expected release date" passed over 14 days before 2021-06-16 and no Releases row records her release: log it, or correct the expected date.',
        answer: '2021-06-01',
      },
    ]);
    const run = await runCli(['check', '--source', source, '--as-of', '2021-06-16', '--all']);
    expect(run.stdout).toContain('row 3: warning: "Expected release date" passed over 14 days before 2021-06-16');
    expect(run.stdout).not.toMatch(/B2345CD|Fictia|Madeup/);
  });

  it('lists a row voided by staff under its own label, without its reason; --strict does not fail on it; the report counts it apart', async () => {
    const wb = smallWorkbook();
    const contacts = wb.tabs.find((t) => t.name === 'Contacts')!;
    contacts.header.push('Void');
    contacts.rows.forEach((row, i) => row.push(i === 1 ? 'entered for Fictia by mistake' : i === 3 ? 'wrong date' : ''));
    const source = writeCsvWorkbook(wb);
    const run = await runCli(['check', '--source', source, '--as-of', '2021-12-31', '--strict', '--all']);
    expect(run.code).toBe(0); // the only row left out (31/02) is voided: nothing left out by mistake
    expect(run.stdout).toContain('Contacts\n  row 3: voided by staff: left out of every count ("Void" is filled in)\n  row 5: voided by staff:');
    expect(run.stdout).toMatch(/: 0 rows left out, 0 repeats counted once, \d+ warnings?, 2 rows voided by staff\.\n$/);
    const summary = await runCli(['check', '--source', source, '--as-of', '2021-12-31', '--strict']);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('\nVoided by staff, left out on purpose: Contacts 2 rows.\n');
    expect(summary.stdout).not.toContain('Must fix');
    expect(summary.stdout).not.toMatch(/Fictia|wrong date|31\/02/);
    expect(run.stdout).not.toMatch(/Fictia|wrong date|31\/02/);
    const csv = (await runCli(['check', '--source', source, '--as-of', '2021-12-31', '--format', 'csv'])).stdout;
    expect(csv).toContain('Contacts,3,voided by staff,"left out of every count (""Void"" is filled in)",');
    const json = JSON.parse((await runCli(['check', '--source', source, '--as-of', '2021-12-31', '--format', 'json'])).stdout);
    expect(json.issues.filter((i: { severity: string }) => i.severity === 'voided').map((i: { row: number }) => i.row)).toEqual([3, 5]);

    const out = tempDir();
    expect((await runCli(['report', '--source', source, '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'html', '--out', out])).code).toBe(0);
    const html = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    // Of the two voided rows, only row 3 is dated in the quarter (row 5's date, 31/02, is no date).
    expect(html).toMatch(/1 row was voided by staff and left out/);
    expect(html).not.toMatch(/Fictia by mistake|wrong date/);
  });

  it('flags dates after --as-of', async () => {
    const source = writeCsvWorkbook(smallWorkbook());
    const run = await runCli(['check', '--source', source, '--as-of', '2021-06-01', '--all']);
    expect(run.stdout).toMatch(/row 3: warning: "Contact date" 2021-06-30 is after 2021-06-01/);
  });
});

describe('peerkit dictionary', () => {
  it('prints every tab and column from the declarations', async () => {
    const run = await runCli(['dictionary']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('## Contacts');
    expect(run.stdout).toMatch(/\| Prison number \| text \| required; pattern `A1234BC`/);
    expect(run.stdout).toContain('`Talking therapies (IAPT)`');
  });
});

describe('docs/data-dictionary.md', () => {
  it('is the dictionary the declarations print today (run "npm run docs" after changing a form)', async () => {
    const { dataDictionary } = await import('../../core/dictionary.js');
    const { allForms } = await import('../../generator/commands/dictionary.js');
    const committed = readFileSync(new URL('../../docs/data-dictionary.md', import.meta.url), 'utf8');
    expect(committed).toBe(dataDictionary(allForms()));
  });

  it('docs/report-definitions.md lists every line of every report as the engine defines it', async () => {
    const { reportDefinitions } = await import('../../core/dictionary.js');
    const { SCHEMES } = await import('../../core/schemes/index.js');
    const committed = readFileSync(new URL('../../docs/report-definitions.md', import.meta.url), 'utf8');
    expect(committed).toBe(reportDefinitions(SCHEMES));
    expect(committed).toContain('| `women_reconnected` | vii. No of women supported by peer supporters to reconnect with healthcare');
  });
});

describe('--help', () => {
  it('every command explains itself and exits 0', async () => {
    const { COMMANDS } = await import('../../generator/cli.js');
    expect(COMMANDS.map((c) => c.name)).toEqual(['report', 'packs', 'check', 'person', 'retention', 'export', 'sql', 'sample', 'dictionary', 'config']);
    for (const command of COMMANDS) {
      const run = await runCli([command.name, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: peerkit ${command.name}`));
    }
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Commands:');
    const unknown = await runCli(['reprot']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('peerkit: unknown command "reprot": did you mean report?\n');
  });
});
