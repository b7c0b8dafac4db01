/** `peerkit check`'s default summary: grouped, most urgent first, on one screen; counted as the reports count. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { withoutTab, workbook } from '../helpers/build-workbook.js';
import { tempDir, runCli, writeCsvWorkbook } from '../helpers/run-cli.js';
import { join } from 'node:path';

interface Issue {
  tab: string;
  row: number | null;
  severity: string;
  reason: string;
}
interface Group {
  tab: string;
  severity: string;
  count: number;
  example: string;
}
interface CheckJson {
  issues: Issue[];
  summary: { rowsLeftOut: number; tabsNotRead: number; repeats: number; warnings: number; rowsWithWarnings: number; voided: number; groups: Group[] };
}

const text = async (args: string[]) => (await runCli(['check', ...args])).stdout;
const json = async (args: string[]) => JSON.parse((await runCli(['check', ...args, '--format', 'json'])).stdout) as CheckJson;

/** The counts in the summary's count column (after the tab column), one per group line. */
function countColumn(output: string, groups: readonly Group[]): number[] {
  const tabWidth = Math.max(...groups.map((g) => g.tab.length));
  const line = new RegExp(`^ {2}.{${tabWidth}} {2,}(\\d[\\d,]*) {2}\\S`);
  return output.split('\n').flatMap((l) => {
    const m = line.exec(l);
    return m ? [Number(m[1]!.replace(/,/g, ''))] : [];
  });
}

const ascending = (a: number, b: number) => a - b;

describe('peerkit check on the sample workbook', () => {
  // The README's dates: mid-way through the sample's data, and its last day.
  for (const asOf of ['2021-06-30', '2023-01-01']) {
    it(`fits on one screen as of ${asOf}, every issue counted in exactly one line`, async () => {
      const output = await text(['--as-of', asOf]);
      const lines = output.trimEnd().split('\n');
      expect(lines.length).toBeLessThanOrEqual(40);
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
      const { issues, summary } = await json(['--as-of', asOf]);
      expect(summary.groups.reduce((n, g) => n + g.count, 0)).toBe(issues.length);
      // The sample has no voided rows, so every group is a line with a count.
      expect(countColumn(output, summary.groups).sort(ascending)).toEqual(summary.groups.map((g) => g.count).sort(ascending));
      expect(summary.warnings).toBe(issues.filter((i) => i.severity === 'warning').length);
    });
  }

  it('says what it checked, then what must be fixed, repeats, warnings and what to do next', async () => {
    const output = await text(['--as-of', '2021-06-30']);
    const lines = output.split('\n');
    expect(lines[0]).toBe('Checked the sample workbook (perinatal and reconnect) as of 2021-06-30: 5 rows left out, 2 repeats');
    expect(lines[1]).toBe('  counted once, 9,083 warnings, 0 rows voided by staff.');
    const at = (text: string) => output.indexOf(text);
    expect(at('Must fix: 5 rows are left out of every report until corrected.')).toBeGreaterThan(0);
    expect(at('Must fix')).toBeLessThan(at('Repeats:'));
    expect(at('Repeats:')).toBeLessThan(at('Warnings:'));
    expect(output).toContain('\n  Contacts          1  "Prison number" does not match the pattern A1234BC (row 1580)\n');
    expect(output).toContain('\n  Contacts          1  row 420 (same as 419)\n');
    // Thousands of dates after --as-of are one line a tab, the hint said once.
    expect(output).toContain('\n  Contacts          6,298  "Contact date" after --as-of (rows 727, 729, 731 and 6,295 more)\n');
    expect(output).toContain('\n  Supporters           32  "Start date", "Security clearance date" after --as-of (rows 25, 26, 30\n');
    expect(output.match(/is --as-of right/g)).toHaveLength(1);
    expect(output).toContain('  → Dates after --as-of 2021-06-30: is --as-of right (without it, today)?');
    expect(output).toContain('"Peer supporters": a Supporter ID not on the Supporters tab (row 4549)');
    expect(lines.at(-2)).toBe('Every issue by row: peerkit check --all (or --format csv, for a spreadsheet).');
  });

  it('shows no answer in the summary; --all shows them beside their rows', async () => {
    const output = await text(['--as-of', '2023-01-01']);
    expect(output).not.toMatch(/answer:|Perinatl|31\/02\/2021|"900"/);
    const all = await text(['--as-of', '2023-01-01', '--all']);
    expect(all).toContain('row 191: excluded: "Scheme" has an answer that is not one of: Perinatal, Reconnect (answer: "Perinatl")');
    expect(all.trimEnd().split('\n').length).toBeGreaterThan(139);
  });

  it('counts rows left out, repeats and voided rows as the reports of every quarter do (npm start), undated rows included', async () => {
    const { summary } = await json(['--as-of', '2023-01-01']);
    const reported = new Map<string, Set<string>>(['error', 'duplicate', 'voided'].map((s) => [s, new Set()]));
    const out = tempDir();
    expect((await runCli(['report', '--format', 'json', '--out', out])).code).toBe(0);
    let undated = 0;
    for (const file of readdirSync(out).filter((f) => f.endsWith('.json'))) {
      const report = JSON.parse(readFileSync(join(out, file), 'utf8')) as { issues: Issue[]; undatedRows: number };
      // A report lists the issues of rows dated in its period; rows whose date cannot be read are counted apart.
      undated = Math.max(undated, report.undatedRows);
      for (const issue of report.issues) if (issue.row !== null) reported.get(issue.severity)?.add(`${issue.tab}:${issue.row}`);
    }
    expect(summary.rowsLeftOut).toBe(reported.get('error')!.size + undated);
    expect(summary.repeats).toBe(reported.get('duplicate')!.size);
    expect(summary.voided).toBe(reported.get('voided')!.size);
    expect([summary.rowsLeftOut, summary.repeats, summary.voided]).toEqual([5, 2, 0]);
  });
});

describe('peerkit check groups', () => {
  const contact = (date: string, stamp?: string) => ({
    ...(stamp ? { Timestamp: stamp } : {}),
    'Contact date': date,
    'Prison number': 'A1234BC',
    Scheme: 'Reconnect',
    'Peer supporters': 'PS-009',
  });

  it('one line per reason, with its count and rows; the rows a reason differs by are blanked', async () => {
    const wb = workbook({
      Women: [{ 'Prison number': 'A1234BC', 'First name': 'Demora', 'Last name': 'Sampleton', 'Date received': '05/01/2021' }],
      Contacts: [
        contact('01/04/2021', '01/04/2021 10:00:00'),
        contact('01/04/2021', '01/04/2021 10:00:00'),
        contact('31/02/2021'),
        contact('30/02/2021'),
        contact('02/04/2021', '02/04/2021 10:00:00'),
        contact('02/04/2021', '02/04/2021 10:00:00'),
        contact('01/08/2021'),
      ],
    });
    const source = writeCsvWorkbook(withoutTab(wb, 'Training'));
    // Lines over 100 characters go on below, indented to the text column: joined again here.
    const output = (await text(['--source', source, '--as-of', '2021-06-30'])).replace(/\n {8,}(?=[^\d\s])/g, ' ');
    const [first, second] = output.split('\n');
    expect(`${first} ${second!.trim()}`).toMatch(/^Checked .* \(perinatal and reconnect\) as of 2021-06-30: 1 tab not read, 2 rows left out, 2 repeats counted once,/);
    expect(output).toContain('Must fix: 1 tab cannot be read and 2 rows are left out of every report until corrected.');
    expect(output).toMatch(/\n {2}Contacts +2 {2}"Contact date" is not a date that can be read \(rows 4 and 5\)\n/);
    expect(output).toMatch(/\n {2}Training +1 {2}tab "Training" not found\n/);
    expect(output).toMatch(/\n {2}Contacts +2 {2}rows 3 \(same as 2\) and 7 \(same as 6\)\n/);
    // Each valid row naming the unregistered supporter has its warning; one line holds them all.
    expect(output).toMatch(/\n {2}Contacts +3 {2}"Peer supporters": a Supporter ID not on the Supporters tab — register them, or correct the ID \(rows 2, 6 and 8\)\n/);
    expect(output).toMatch(/ 1 {2}"Contact date" after --as-of — is --as-of right .*\(row 8\)\n/);
    expect(output).not.toMatch(/A1234BC|Demora|PS-009|31\/02/);
    const { issues, summary } = await json(['--source', source, '--as-of', '2021-06-30']);
    expect(summary.groups.reduce((n, g) => n + g.count, 0)).toBe(issues.length);
    expect(summary).toMatchObject({ rowsLeftOut: 2, tabsNotRead: 1, repeats: 2, voided: 0 });
  });

  it('says so when there is nothing to fix', async () => {
    const source = writeCsvWorkbook(workbook({}));
    expect(await text(['--source', source, '--as-of', '2021-06-30'])).toMatch(/^Checked .* as of 2021-06-30: no data issues found\.\n$/);
  });
});

describe("the README's check example", () => {
  it('is what check prints on the sample as of 2023-01-01', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const shown = /`peerkit check` on the sample[^\n]*\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(await text(['--as-of', '2023-01-01']));
  });
});
