/**
 * Google's limit of 10,000,000 cells a spreadsheet (fakes/spreadsheet.ts,
 * CELL_LIMIT): the fakes refuse, with Google's message, any change that would pass
 * it, and a rebuild on a workbook near it with over a hundred thousand issues
 * (the numbers are as small as still prove the point; one workbook serves the two
 * tests that follow on from each other) still succeeds: Data issues lists the most
 * serious that fit and says at its top how many more there are; once there is room it lists them all, and a view that
 * shrinks gives its rows back. Check set-up warns above 90 %.
 *
 * The workbook is near the limit through a tab with a large empty grid (an old
 * archive tab): the fakes count grids as Google does, empty cells included, but
 * store only the cells that hold something, so the test stays quick.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CELL_LIMIT } from './fakes/spreadsheet.js';
import { buildOnce, loadScript, type Harness } from './harness.js';

beforeAll(async () => {
  await buildOnce();
});

const OVER_LIMIT = 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.';
/** Contacts rows naming a woman and a supporter nobody registered: two warnings each. */
const WARNING_ROWS = 50_000;
/** Contacts rows left out (a date that cannot be read, three answers blank): four issues each, after the warnings in the tab. */
const LEFT_OUT_ROWS = 1_000;
/** The workbook's cells before the rebuild, the archive tab's empty grid making up the difference. */
const BEFORE = 9_600_000;

const prisonNumber = (i: number) => `${String.fromCharCode(65 + (i % 26))}${String(i % 10_000).padStart(4, '0')}${String.fromCharCode(65 + Math.floor(i / 10_000) % 26)}${String.fromCharCode(65 + Math.floor(i / 260_000) % 26)}`;

async function nearTheLimit(): Promise<Harness> {
  const h = await loadScript('2021-06-10T09:00:00');
  h.script.setUp();
  const contacts = h.google.spreadsheet.sheet('Contacts')!;
  const rows = [
    ...Array.from({ length: WARNING_ROWS }, (_, i) => ['', '01/05/2021', prisonNumber(i), 'Perinatal', 'PS-001', '', '', '', '']),
    ...Array.from({ length: LEFT_OUT_ROWS }, (_, i) => ['', 'soon', '', '', '', '', '', '', `note ${i}`]),
  ];
  contacts.maxRows = rows.length + 1; // Google grows a form's tab as responses arrive
  contacts.rangeUncounted(2, 1, rows.length, rows[0]!.length).setValues(rows);
  const archive = h.google.spreadsheet.insertSheet('Archive 2019');
  archive.maxRows += Math.floor((BEFORE - h.google.spreadsheet.cells()) / archive.maxColumns);
  return h;
}

const TOTAL = /(\d+) data issue\(s\) listed/;

describe("Google's cell limit", () => {
  it('the fakes refuse a change past 10,000,000 cells with Google\'s message, counting every grid; deleting rows gives cells back', async () => {
    const h = await loadScript('2021-06-10T09:00:00');
    const ss = h.google.spreadsheet;
    const sheet = ss.sheets[0]!;
    expect(ss.cells()).toBe(1000 * 26);
    const room = Math.floor((CELL_LIMIT - ss.cells()) / 26);
    sheet.insertRowsAfter(1000, room); // up to the limit exactly: allowed
    expect(ss.cells()).toBeLessThanOrEqual(CELL_LIMIT);
    expect(() => sheet.insertRowsAfter(1000, 1)).toThrow(OVER_LIMIT);
    expect(() => sheet.insertColumnsAfter(26, 1)).toThrow(OVER_LIMIT);
    expect(() => ss.insertSheet('More')).toThrow(OVER_LIMIT);
    sheet.deleteRows(2, 1000);
    sheet.deleteColumns(2, 25);
    expect(ss.cells()).toBe(room * 1);
    expect(ss.insertSheet('More').getMaxRows()).toBe(1000);
  });

  /** One workbook near the limit for the two tests below, which follow on from each other (building it is the slow part). */
  let h: Harness;
  it('near the limit, a rebuild with over a hundred thousand issues succeeds: Data issues lists the most serious that fit and says how many more there are', async () => {
    h = await nearTheLimit();
    const ss = h.google.spreadsheet;
    expect(ss.cells()).toBeGreaterThan(BEFORE - 26);
    expect(ss.cells()).toBeLessThanOrEqual(BEFORE);
    h.script.refreshViews();
    const alert = h.google.env.alerts.at(-1)!;
    expect(alert).not.toContain('above the limit');
    const total = Number(TOTAL.exec(alert)?.[1]);
    expect(total).toBeGreaterThanOrEqual(2 * WARNING_ROWS + 4 * LEFT_OUT_ROWS);
    expect(ss.cells()).toBeLessThanOrEqual(CELL_LIMIT);

    const [note, ...listed] = h.records('Data issues');
    const unlisted = total - listed.length;
    expect(unlisted).toBeGreaterThan(total / 4); // the tab could not hold them all
    expect(note).toMatchObject({ Tab: 'Data issues', Row: '', Severity: 'Not listed' });
    expect(note!['What is wrong']).toBe(
      `${unlisted.toLocaleString('en-GB')} more issues are not listed here: the spreadsheet is near Google Sheets' limit of 10,000,000 cells. ` +
        'Listed are the most serious (rows left out of the figures first), the most recently found first among equals. Fix those and the next refresh lists more; to see every issue now, download the spreadsheet (File → Download → .xlsx) and run peerkit check --all --source on it.',
    );
    expect(alert).toContain(`these views list only what fits (each says so at its top):\n• Data issues: ${unlisted} of ${total} issues not listed`);
    // Most serious first: every row left out is listed, though the tab has them last.
    expect(listed.filter((r) => r.Severity === 'Left out')).toHaveLength(4 * LEFT_OUT_ROWS);
    expect(listed.every((r) => r.Severity === 'Left out' || r.Severity === 'Warning')).toBe(true);
    // The tab is the view's width: no columns beyond it hold cells.
    expect(ss.sheet('Data issues')!.maxColumns).toBe(5);

    // Check set-up warns, with what to do.
    h.script.checkSetUp();
    expect(h.google.env.alerts.at(-1)).toContain('1 warning');
    const [size] = h.records('Data issues');
    expect(size).toMatchObject({ Tab: 'Spreadsheet size', Severity: 'Set-up warning' });
    expect(size!['What is wrong']).toMatch(/^the spreadsheet has 9\.\d million cells .*, 9\d% of Google Sheets' limit of 10 million; .*To fix: delete responses past their retention period \(Peer support → Retention review, then Delete reviewed rows\)/);

    // The next day's hourly rebuild works too (it would throw Google's message past the limit).
    h.setNow('2021-06-11T09:17:00');
    expect(() => h.asTrigger(() => h.script.hourlyRefresh())).not.toThrow();
    expect(h.records('Data issues')[0]).toMatchObject({ Severity: 'Not listed' });
    expect(ss.cells()).toBeLessThanOrEqual(CELL_LIMIT);
  }, 60_000);

  it('once there is room every issue is listed; a Data issues tab that shrinks deletes its rows, giving their cells back', () => {
    const ss = h.google.spreadsheet;
    ss.deleteSheet(ss.sheet('Archive 2019')!); // the old responses archived elsewhere
    h.script.refreshViews();
    const total = Number(TOTAL.exec(h.google.env.alerts.at(-1)!)?.[1]);
    const records = h.records('Data issues').filter((r) => !String(r.Severity).startsWith('Set-up')); // Check set-up's finding stays first
    expect(records).toHaveLength(total);
    expect(records.some((r) => r.Severity === 'Not listed')).toBe(false);
    expect(ss.sheet('Data issues')!.maxRows).toBeGreaterThan(total);

    ss.sheet('Contacts')!.deleteRows(2, WARNING_ROWS); // the warnings' rows gone: the left-out ones remain
    h.script.refreshViews();
    const after = h.records('Data issues').filter((r) => !String(r.Severity).startsWith('Set-up'));
    expect(after).toHaveLength(4 * LEFT_OUT_ROWS);
    // Resized, not just cleared: the grid is the view, its 200 spare rows and no more than a new tab's 26,000 cells besides.
    const grid = ss.sheet('Data issues')!;
    expect(grid.maxRows * grid.maxColumns).toBeLessThanOrEqual((after.length + 2 + 200) * 5 + 26_000);
  }, 60_000);

  it('with no room left, every view keeps its header and says at its top what it does not list; the Dashboard drops its chart', async () => {
    const h = await loadScript('2021-06-10T09:00:00');
    h.script.setUp();
    for (const id of ['PS-001', 'PS-002', 'PS-003']) {
      h.asTrigger(() => h.script.onFormSubmit(h.submit('Peer supporter registration', { 'Supporter ID': id, Name: 'Testa Example', Schemes: ['Perinatal'], Role: 'Volunteer', 'Start date': '2021-01-04' })));
    }
    h.script.refreshViews();
    expect(h.google.spreadsheet.sheet('Dashboard')!.charts).toHaveLength(1);
    const archive = h.google.spreadsheet.insertSheet('Archive 2019');
    archive.maxRows += Math.floor((CELL_LIMIT - 10_000 - h.google.spreadsheet.cells()) / archive.maxColumns);

    h.script.refreshViews();
    expect(h.google.spreadsheet.cells()).toBeLessThanOrEqual(CELL_LIMIT);
    const rest = 'To make room, delete responses past their retention period: Peer support → Retention review, then Delete reviewed rows.';
    const near = "not listed here: the spreadsheet is near Google Sheets' limit of 10,000,000 cells.";
    const overview = h.google.spreadsheet.sheet('Supporter overview')!.dump();
    expect(overview).toHaveLength(2);
    expect(overview[0]!.slice(0, 2)).toEqual(['Supporter ID', 'Name']);
    expect(overview[1]![0]).toBe(`3 more peer supporters are ${near} ${rest}`);
    const dashboard = h.google.spreadsheet.sheet('Dashboard')!;
    expect(dashboard.dump().map((r) => r[0])).toEqual(['Peer support dashboard', expect.stringMatching(/^\d+ more Dashboard lines are not listed here/)]);
    expect(dashboard.charts).toHaveLength(0);
    // Data issues and Due for release are empty here: nothing of theirs is left out.
    expect(h.google.env.alerts.at(-1)).toMatch(/these views list only what fits \(each says so at its top\):\n• Dashboard\n• Supporter overview$/);
  }, 30_000);
});
