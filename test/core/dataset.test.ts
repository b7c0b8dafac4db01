/** Validity (data contract §2) and reading the workbook (data contract §1): which rows count, and what is said about the rest. */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { UserError } from '../../core/errors.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';
import { readDataset } from '../../core/dataset.js';
import { makeSettings } from '../../core/settings.js';
import { evaluateReport } from '../../core/report.js';
import { parseQuarter } from '../../core/quarters.js';
import { perinatalScheme, reconnectScheme } from '../../core/schemes/contract/report.js';
import {
  dataset,
  dropColumn,
  headerOf,
  issuesOn,
  renameColumn,
  report,
  tabOf,
  withoutTab,
  workbook,
  type RowSpec,
} from '../helpers/build-workbook.js';
import { collidingTexts } from '../../generator/bench/fnv-collisions.js';
import { join } from 'node:path';
import { SYSTEM_COLUMNS } from '../../core/form.js';
import { dataDictionary } from '../../core/dictionary.js';
import { normaliseHeader } from '../../core/workbook.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import { readCsvFolder } from '../../generator/sources/index.js';
import { readXlsxWorkbook, writeXlsxWorkbook } from '../../generator/sources/xlsx.js';
import { tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';

const contact = (over: RowSpec = {}): RowSpec => ({
  'Contact date': '01/04/2021',
  'Prison number': 'A1234BC',
  Scheme: 'Perinatal',
  'Peer supporters': 'PS-001',
  ...over,
});
const supporter = (over: RowSpec = {}): RowSpec => ({
  'Supporter ID': 'PS-001',
  Name: 'Alice Example',
  Schemes: 'Perinatal',
  'Start date': '01/01/2021',
  ...over,
});
const woman = (over: RowSpec = {}): RowSpec => ({
  'Prison number': 'A1234BC',
  'First name': 'Jessica',
  'Last name': 'Quenby',
  'Date received': '01/02/2021',
  ...over,
});

/** Registers PS-001, A1234BC and B2345CD, so that rows naming them raise no warnings. */
const registrations = {
  Supporters: [supporter()],
  Women: [woman(), woman({ 'Prison number': 'B2345CD', 'First name': 'Kim' })],
};

describe('the test workbook builder', () => {
  it('gives every contract tab its full declared header, blanks elsewhere and a unique Timestamp per row', () => {
    const wb = workbook({ Contacts: [contact(), contact()] });
    expect(wb.tabs.map((t) => t.name)).toEqual(CONTRACT_FORMS.map((f) => f.tab));
    const contacts = tabOf(wb, 'Contacts');
    expect(contacts.header).toEqual(headerOf('Contacts'));
    expect(contacts.rows).toHaveLength(2);
    expect(contacts.rows[0]![contacts.header.indexOf('Notes')]).toBe('');
    expect(contacts.rows[0]![0]).not.toBe(contacts.rows[1]![0]);
    expect(tabOf(wb, 'Releases').rows).toEqual([]);
    expect(() => workbook({ Contacts: [{ 'Contact dat': '01/04/2021' }] })).toThrow(/no column/);
  });

  it('reads a clean workbook without issues', () => {
    const ds = dataset(workbook({ Supporters: [supporter()], Women: [woman()], Contacts: [contact()] }));
    expect(ds.issues).toEqual([]);
    expect(ds.records.contacts).toHaveLength(1);
  });
});

describe('excluded rows (spec §2)', () => {
  it('a missing required answer excludes the row and names tab, spreadsheet row and reason', () => {
    const ds = dataset(workbook({ Contacts: [contact(), contact(), contact({ 'Prison number': '' })] }));
    expect(ds.records.contacts!.map((r) => r.row)).toEqual([2, 3]);
    expect(issuesOn(ds, 'Contacts', 'error')).toEqual([
      { tab: 'Contacts', row: 4, severity: 'error', reason: expect.stringMatching(/"Prison number" is required/) },
    ]);
  });

  it('a blank (whitespace-only) required answer is missing too', () => {
    const ds = dataset(workbook({ 'Focus groups': [{ 'Date held': '01/04/2021', Scheme: 'Perinatal', Participants: 3, Facilitator: '   ' }] }));
    expect(ds.records.focusGroups).toEqual([]);
    expect(issuesOn(ds, 'Focus groups', 'error')[0]).toMatchObject({ row: 2, reason: expect.stringContaining('"Facilitator" is required') });
  });

  it('an unreadable date excludes the row', () => {
    const ds = dataset(workbook({ Contacts: [contact({ 'Contact date': '31/02/2021' }), contact({ 'Contact date': 'next week' })] }));
    expect(ds.records.contacts).toEqual([]);
    const issues = issuesOn(ds, 'Contacts', 'error');
    expect(issues.map((i) => i.row)).toEqual([2, 3]);
    expect(issues[0]!.reason).toMatch(/"Contact date" is not a date that can be read/);
  });

  it('an unreadable optional date excludes the row too', () => {
    const ds = dataset(workbook({ Supporters: [supporter({ 'End date': 'soon' })] }));
    expect(ds.records.supporters).toEqual([]);
    expect(issuesOn(ds, 'Supporters', 'error')[0]!.reason).toMatch(/"End date"/);
  });

  it('a value outside its vocabulary (Perinatl) excludes the row, and the message lists the choices', () => {
    const ds = dataset(
      workbook({
        Contacts: [contact({ Scheme: 'Perinatl' })],
        Training: [{ 'Session date': '01/04/2021', Schemes: 'Perinatal, Reconect', Trainer: 'T', Attendees: 'PS-001' }],
      }),
    );
    expect(ds.records.contacts).toEqual([]);
    expect(ds.records.training).toEqual([]);
    // The wrong answer itself is not quoted (it has letters, so it could be a name): the row number leads to it.
    expect(issuesOn(ds, 'Contacts', 'error')[0]!.reason).toBe('excluded: "Scheme" has an answer that is not one of: Perinatal, Reconnect');
    expect(issuesOn(ds, 'Training', 'error')[0]!.reason).toMatch(/"Schemes" has an answer that is not one of/);
  });

  it('one Scheme only: "Perinatal, Reconnect" on a Contacts row (single choice) is outside the vocabulary', () => {
    const ds = dataset(workbook({ Contacts: [contact({ Scheme: 'Perinatal, Reconnect' })] }));
    expect(ds.records.contacts).toEqual([]);
  });

  it.each(['A12345', 'AB1234C', 'B1234C', 'A1234BCD', '1234ABC', 'A12 34BC'])('a malformed prison number (%s) excludes the row', (bad) => {
    const ds = dataset(workbook({ Contacts: [contact({ 'Prison number': bad })] }));
    expect(ds.records.contacts).toEqual([]);
    const [issue] = issuesOn(ds, 'Contacts', 'error');
    expect(issue).toMatchObject({ tab: 'Contacts', row: 2, severity: 'error' });
    expect(issue!.reason).toMatch(/"Prison number" does not match the pattern A1234BC/);
    expect(issue!.reason).not.toContain(bad);
  });

  it.each(['PS-07', 'PS007', 'P-007', 'PS-0A7', 'XPS-007'])('a malformed Supporter ID (%s) excludes a Supporters row and a Contacts row', (bad) => {
    const ds = dataset(
      workbook({
        Supporters: [supporter({ 'Supporter ID': bad })],
        Contacts: [contact({ 'Peer supporters': `PS-001, ${bad}` })],
        Supervision: [{ 'Session date': '01/04/2021', Schemes: 'Perinatal', Supervisor: 'S', Attendees: bad }],
      }),
    );
    expect(ds.records.supporters).toEqual([]);
    expect(ds.records.contacts).toEqual([]);
    expect(ds.records.supervision).toEqual([]);
    for (const tab of ['Supporters', 'Contacts', 'Supervision']) {
      const [issue] = issuesOn(ds, tab, 'error');
      expect(issue, tab).toMatchObject({ row: 2, reason: expect.stringContaining('does not match the pattern PS-007') });
      expect(issue!.reason.toUpperCase()).not.toContain(bad.toUpperCase());
    }
  });

  it('PS- then more than three digits is a valid Supporter ID', () => {
    const ds = dataset(workbook({ Supporters: [supporter({ 'Supporter ID': 'PS-1234' })] }));
    expect(ds.records.supporters).toHaveLength(1);
  });

  it('numbers outside their range are excluded; the bounds themselves are valid', () => {
    const ds = dataset(
      workbook({
        Contacts: [
          contact({ Minutes: 0 }),
          contact({ Minutes: '601' }),
          contact({ Minutes: 'lots' }),
          contact({ Minutes: 1 }),
          contact({ Minutes: '600' }),
          contact({ Minutes: '' }),
        ],
        'Focus groups': [
          { 'Date held': '01/04/2021', Scheme: 'Perinatal', Participants: 0, Facilitator: 'F' },
          { 'Date held': '01/04/2021', Scheme: 'Perinatal', Participants: 2.5, Facilitator: 'F' },
          { 'Date held': '01/04/2021', Scheme: 'Perinatal', Participants: '', Facilitator: 'F' },
          { 'Date held': '01/04/2021', Scheme: 'Perinatal', Participants: '1', Facilitator: 'F' },
        ],
      }),
    );
    expect(ds.records.contacts!.map((r) => [r.row, r.values.minutes])).toEqual([
      [5, 1],
      [6, 600],
      [7, null],
    ]);
    expect(issuesOn(ds, 'Contacts', 'error').map((i) => i.row)).toEqual([2, 3, 4]);
    expect(ds.records.focusGroups!.map((r) => r.row)).toEqual([5]);
    expect(issuesOn(ds, 'Focus groups', 'error').map((i) => i.row)).toEqual([2, 3, 4]);
  });

  it('every problem of a row is listed, each under its row number', () => {
    const ds = dataset(workbook({ Contacts: [contact(), contact({ 'Contact date': '', Scheme: 'Both', 'Peer supporters': 'nobody' })] }));
    const issues = issuesOn(ds, 'Contacts', 'error');
    expect(issues).toHaveLength(3);
    expect(issues.every((i) => i.row === 3 && i.reason.startsWith('excluded: '))).toBe(true);
  });

  it('no issue ever repeats a personal answer (prison number, name, supporter ID, free text)', () => {
    const personal = ['X99999', 'Jessica', 'Quenby', 'PS-9', 'Nobody Atall', 'Trainer Tess', 'Sister Sue', 'Fiona Facil', 'Z9876QQ', 'PS-042'];
    const ds = dataset(
      workbook({
        Supporters: [supporter({ 'Supporter ID': 'PS-9', Name: 'Nobody Atall', 'Start date': 'x' })],
        Women: [woman({ 'Prison number': 'X99999', 'Date received': '' })],
        Contacts: [
          contact({ 'Prison number': 'X99999', Notes: 'Jessica Quenby was upset', Minutes: '0' }),
          // Valid but unregistered: a warning must not name them either.
          contact({ 'Prison number': 'Z9876QQ', 'Peer supporters': 'PS-042' }),
        ],
        Training: [{ 'Session date': '', Schemes: 'Perinatal', Trainer: 'Trainer Tess', Attendees: 'PS-9' }],
        Supervision: [{ 'Session date': '01/04/2021', Schemes: 'Perinatal', Supervisor: 'Sister Sue', Attendees: 'PS-042', Format: 'Circle' }],
        'Focus groups': [{ 'Date held': '01/04/2021', Scheme: 'Perinatal', Participants: 0, Facilitator: 'Fiona Facil' }],
        Releases: [{ 'Prison number': 'Z9876QQ', 'Release date': '01/04/2021', 'Destination area': '' }],
      }),
    );
    expect(ds.issues.length).toBeGreaterThanOrEqual(9);
    for (const issue of ds.issues) {
      for (const value of personal) expect(issue.reason.toUpperCase(), issue.reason).not.toContain(value.toUpperCase());
    }
  });
});

describe('normalising valid answers', () => {
  it('identifiers with stray case and spaces are valid, trimmed and upper-cased', () => {
    const ds = dataset(
      workbook({
        Supporters: [supporter({ 'Supporter ID': ' ps-001 ' })],
        Women: [woman({ 'Prison number': ' a1234bc ' })],
        Contacts: [contact({ 'Prison number': ' a1234bc ', 'Peer supporters': ' ps-001,PS-002 ,  ps-002' })],
      }),
    );
    expect(ds.records.contacts![0]!.values).toMatchObject({ prisonNumber: 'A1234BC', peerSupporters: ['PS-001', 'PS-002'] });
    expect([...ds.registered.supporters!.keys()]).toEqual(['PS-001']);
    expect([...ds.registered.women!.keys()]).toEqual(['A1234BC']);
    // PS-002 is not registered; the others match their registrations despite the stray case.
    expect(issuesOn(ds, 'Contacts')).toEqual([
      { tab: 'Contacts', row: 2, severity: 'warning', reason: expect.stringContaining('Supporter ID') },
    ]);
  });

  it('vocabulary is matched case-insensitively and stored in the declared spelling', () => {
    const ds = dataset(
      workbook({
        Contacts: [contact({ Scheme: ' perinatal ', 'Contact type': 'emotional SUPPORT, Practical help', 'GP practice identified': 'not yet' })],
        Training: [{ 'Session date': '01/04/2021', Schemes: 'RECONNECT, perinatal', Trainer: 'T', Topics: 'active listening' }],
        Questionnaires: [{ 'Date completed': '01/04/2021', Scheme: 'reconnect', 'Got the care I needed': 'strongly AGREE' }],
      }),
    );
    expect(ds.records.contacts![0]!.values).toMatchObject({
      scheme: 'Perinatal',
      contactType: ['Emotional support', 'Practical help'],
      gpPracticeIdentified: 'Not yet',
    });
    expect(ds.records.training![0]!.values).toMatchObject({ schemes: ['Reconnect', 'Perinatal'], topics: ['Active listening'] });
    expect(ds.records.questionnaires![0]!.values).toMatchObject({ scheme: 'Reconnect', careNeeded: 'Strongly agree' });
  });

  it('dates become ISO text; timestamps keep their time', () => {
    const ds = dataset(workbook({ Contacts: [contact({ Timestamp: '02/04/2021 09:15:00', 'Contact date': '01/04/2021' })] }));
    expect(ds.records.contacts![0]!.values).toMatchObject({ timestamp: '2021-04-02T09:15:00', contactDate: '2021-04-01' });
  });

  it('the locale setting decides how text dates are read (en_US: month first)', () => {
    const wb = workbook({ Contacts: [contact({ 'Contact date': '04/01/2021' })] });
    expect(dataset(wb).records.contacts![0]!.values.contactDate).toBe('2021-01-04');
    expect(dataset(wb, { locale: 'en_US' }).records.contacts![0]!.values.contactDate).toBe('2021-04-01');
    const usWorkbook = workbook({ Contacts: [contact({ 'Contact date': '04/01/2021' })] }, { locale: 'en_US' });
    expect(dataset(usWorkbook).records.contacts![0]!.values.contactDate).toBe('2021-04-01');
  });

  it('real date cells and serial numbers are read as dates, never as text', () => {
    const ds = dataset(
      workbook({
        Contacts: [
          contact({ 'Contact date': DateTime.fromObject({ year: 2021, month: 7, day: 1, hour: 0, minute: 30 }, { zone: 'Europe/London' }) }),
          contact({ 'Contact date': 44197 }),
          contact({ 'Contact date': 44197.75, Timestamp: 44197.75 }),
        ],
      }),
    );
    expect(ds.records.contacts!.map((r) => r.values.contactDate)).toEqual(['2021-07-01', '2021-01-01', '2021-01-01']);
    expect(ds.records.contacts![2]!.values.timestamp).toBe('2021-01-01T18:00:00');
  });
});

describe('duplicates (spec §2: identical in every column, Timestamp included)', () => {
  it('an exact repeat counts once and is listed as a duplicate of the first', () => {
    const row = contact({ Timestamp: '01/04/2021 10:00:00' });
    const wb = workbook({ Contacts: [row, contact({ 'Prison number': 'B2345CD' }), { ...row }] });
    const run = report('perinatal', '2021-22 Q1', wb);
    expect(run.dataset.records.contacts!.map((r) => r.row)).toEqual([2, 3]);
    expect(issuesOn(run.dataset, 'Contacts', 'duplicate')).toEqual([
      { tab: 'Contacts', row: 4, severity: 'duplicate', reason: expect.stringContaining('row 2') },
    ]);
    expect(run.evidence.women_supported).toEqual([{ tab: 'Contacts', rows: [2, 3] }]);
  });

  it('an exact repeat of a row-counted line (training) counts once', () => {
    const session = { Timestamp: '01/04/2021 10:00:00', 'Session date': '01/04/2021', Schemes: 'Perinatal', Trainer: 'T', Attendees: 'PS-001' };
    const run = report('perinatal', '2021-22 Q1', workbook({ Training: [session, { ...session }, { ...session }] }));
    expect(run.value.training_sessions).toBe(1);
    expect(issuesOn(run.dataset, 'Training', 'duplicate').map((i) => i.row)).toEqual([3, 4]);
  });

  it('the same answers with a different Timestamp are two rows and count twice', () => {
    const answers = { 'Date completed': '01/04/2021', Scheme: 'Perinatal', Stage: 'Pregnant' };
    const run = report(
      'perinatal',
      '2021-22 Q1',
      workbook({
        Questionnaires: [
          { Timestamp: '01/04/2021 10:00:00', ...answers },
          { Timestamp: '01/04/2021 10:00:01', ...answers },
          answers, // the builder gives it a third, unique Timestamp
        ],
      }),
    );
    expect(run.value.questionnaires).toBe(3);
    expect(issuesOn(run.dataset, 'Questionnaires')).toEqual([]);
  });

  it('rows that differ only in a column outside the form are not duplicates', () => {
    const wb = workbook({ Questionnaires: [{ Timestamp: '01/04/2021 10:00:00', 'Date completed': '01/04/2021', Scheme: 'Perinatal' }] });
    const tab = tabOf(wb, 'Questionnaires');
    tab.header.push('Checked by');
    tab.rows[0]!.push('AB');
    tab.rows.push([...tab.rows[0]!.slice(0, -1), 'CD']);
    expect(report('perinatal', '2021-22 Q1', wb).value.questionnaires).toBe(2);
  });

  it('a repeat of an excluded row is still one row (one error, one duplicate)', () => {
    const bad = contact({ Timestamp: '01/04/2021 10:00:00', Scheme: 'Perinatl' });
    const ds = dataset(workbook({ Contacts: [bad, { ...bad }] }));
    expect(issuesOn(ds, 'Contacts').map((i) => [i.row, i.severity])).toEqual([
      [2, 'error'],
      [3, 'duplicate'],
    ]);
  });
});

describe('unknown identifiers are warnings: the row still counts (spec §2)', () => {
  it('a Prison number no Women row registers, and a Supporter ID no Supporters row registers', () => {
    const wb = workbook({
      Supporters: [supporter()],
      Women: [woman()],
      Contacts: [contact(), contact({ 'Prison number': 'Z9999ZZ' }), contact({ 'Peer supporters': 'PS-001, PS-404' })],
      Releases: [{ 'Prison number': 'Y1111YY', 'Release date': '01/05/2021', 'Destination area': 'Leeds', 'Supported to reconnect with healthcare': 'Yes' }],
      Training: [{ 'Session date': '01/04/2021', Schemes: 'Perinatal', Trainer: 'T', Attendees: 'PS-500' }],
    });
    const perinatal = report('perinatal', '2021-22 Q1', wb);
    expect(issuesOn(perinatal.dataset, 'Contacts')).toEqual([
      { tab: 'Contacts', row: 3, severity: 'warning', reason: expect.stringMatching(/"Prison number" names a Prison number that no Women row registers; still counted/) },
      { tab: 'Contacts', row: 4, severity: 'warning', reason: expect.stringMatching(/"Peer supporters" names a Supporter ID that no Supporters row registers/) },
    ]);
    expect(issuesOn(perinatal.dataset, 'Training', 'warning').map((i) => i.row)).toEqual([2]);
    expect(issuesOn(perinatal.dataset, 'Releases', 'warning').map((i) => i.row)).toEqual([2]);
    expect(perinatal.value.women_supported).toBe(2);
    expect(perinatal.value.active_supporters).toBe(3); // PS-001, PS-404, PS-500
    const reconnect = report('reconnect', '2021-22 Q1', wb);
    expect(reconnect.value.women_released).toBe(1);
    expect(reconnect.value.women_reconnected).toBe(1);
  });

  it('an excluded registration row registers nobody', () => {
    const ds = dataset(workbook({ Supporters: [supporter()], Women: [woman({ 'Last name': '' })], Contacts: [contact()] }));
    expect(issuesOn(ds, 'Contacts', 'warning')).toEqual([expect.objectContaining({ row: 2, reason: expect.stringContaining('no Women row registers') })]);
  });

  it('any number of warnings and left-out rows: 200,000 rows naming an unregistered woman, a quarter of them excluded, all listed; 130,000 training sessions all behind their line (no stack overflow)', () => {
    // Appending a tab's issues with push(...issues) overflowed the stack past about 120,000.
    const rows = Array.from({ length: 200_000 }, (_, i) => contact(i % 4 ? { 'Prison number': 'Z9999ZZ' } : { 'Prison number': 'Z9999ZZ', 'Contact date': '31/02/2021' }));
    const training = Array.from({ length: 130_000 }, (_, i) => ({ 'Session date': '01/04/2021', Schemes: 'Perinatal', Trainer: `T${i}`, Attendees: 'PS-001' }));
    const run = report('perinatal', '2021-22 Q1', workbook({ Supporters: [supporter()], Contacts: rows, Training: training }));
    expect(issuesOn(run.dataset, 'Contacts', 'warning')).toHaveLength(150_000);
    expect(issuesOn(run.dataset, 'Contacts', 'error')).toHaveLength(50_000);
    expect(run.value.women_supported).toBe(1);
    // A count of rows: every one of 130,000 rows is behind the number.
    expect(run.value.training_sessions).toBe(130_000);
    expect(run.evidence.training_sessions!.flatMap((e) => e.rows)).toHaveLength(130_000);
  });

  it("finds the rows behind a workbook's warnings once, not again for each report and period (700,000 warnings: 54 reports took 100 s; 800,000 left out, 130 s)", () => {
    const ds = dataset(workbook({ Supporters: [supporter()], Women: [woman()], Contacts: [contact({ 'Prison number': 'Z9999ZZ' })] }));
    let walks = 0;
    const issues = ds.issues;
    const counted = Object.assign(Object.create(null) as object, ds, {
      issues: new Proxy(issues, { get: (target, key, receiver) => (key === Symbol.iterator && walks++, Reflect.get(target, key, receiver)) }),
    }) as typeof ds;
    const quarters = ['2021-22 Q1', '2021-22 Q2', '2021-22 Q3', '2021-22 Q4', '2022-23 Q1', '2022-23 Q2'];
    const results = quarters.map((q) => evaluateReport(perinatalScheme, counted, parseQuarter(q, ds.settings)));
    expect(results[0]!.issues).toEqual([expect.objectContaining({ tab: 'Contacts', severity: 'warning' })]);
    // Each period lists its own issues (one walk each); the warned rows were found in one more.
    expect(walks).toBeLessThanOrEqual(quarters.length + 1);
  });

  it('the warnings say how many identifiers are unknown', () => {
    const ds = dataset(workbook({ Supporters: [supporter()], Women: [woman()], Contacts: [contact({ 'Peer supporters': 'PS-001, PS-002, PS-003' })] }));
    expect(issuesOn(ds, 'Contacts', 'warning')[0]!.reason).toMatch(/names 2 Supporter IDs that no Supporters row registers/);
  });
});

describe('registrations are upserted (spec §1)', () => {
  it('a later row with the same Supporter ID (stray case) fills End date; earlier answers survive where it is blank', () => {
    const ds = dataset(
      workbook({
        Supporters: [
          supporter({ Timestamp: '01/01/2021 09:00:00', Role: 'Volunteer', 'Security clearance date': '15/12/2020', Schemes: 'Perinatal' }),
          supporter({ 'Supporter ID': 'PS-002', Name: 'Beth Example', Timestamp: '02/01/2021 09:00:00' }),
          supporter({ Timestamp: '30/06/2021 17:00:00', 'Supporter ID': ' ps-001', Schemes: 'Perinatal, Reconnect', 'End date': '30/06/2021' }),
        ],
      }),
    );
    expect(ds.registered.supporters!.size).toBe(2);
    const merged = ds.registered.supporters!.get('PS-001')!;
    expect(merged.values).toMatchObject({
      supporterId: 'PS-001',
      endDate: '2021-06-30',
      role: 'Volunteer',
      securityClearanceDate: '2020-12-15',
      schemes: ['Perinatal', 'Reconnect'],
      startDate: '2021-01-01',
    });
    expect(merged.row).toBe(4);
    // Both rows stay as records: nothing is dropped.
    expect(ds.records.supporters).toHaveLength(3);
    expect(ds.issues).toEqual([]);
  });

  it('"later" is by Timestamp: an older row further down the sheet does not overwrite a newer one', () => {
    const ds = dataset(
      workbook({
        Women: [
          woman({ Timestamp: '01/06/2021 09:00:00', 'Destination area': 'Leeds' }),
          woman({ Timestamp: '01/03/2021 09:00:00', 'Destination area': 'York', 'Expected release date': '01/09/2021' }),
        ],
      }),
    );
    expect(ds.registered.women!.get('A1234BC')!.values).toMatchObject({ destinationArea: 'Leeds', expectedReleaseDate: '2021-09-01' });
  });

  it('the original registration object is not changed by the merge', () => {
    const ds = dataset(workbook({ Supporters: [supporter({ Timestamp: '01/01/2021 09:00:00' }), supporter({ Timestamp: '01/02/2021 09:00:00', 'End date': '01/02/2021' })] }));
    expect(ds.records.supporters![0]!.values.endDate).toBeNull();
  });
});

describe('tabs and columns', () => {
  it('a missing tab makes the form unreadable, and a report that reads it throws a UserError naming the tab', () => {
    const wb = withoutTab(workbook({ Contacts: [contact()] }), 'Training');
    const ds = dataset(wb);
    expect(ds.unreadable.get('training')).toMatch(/tab "Training" not found/);
    expect(ds.records.training).toEqual([]);
    expect(issuesOn(ds, 'Training')).toEqual([{ tab: 'Training', row: null, severity: 'error', reason: 'tab "Training" not found' }]);
    expect(() => evaluateReport(perinatalScheme, ds, parseQuarter('2021-22 Q1', ds.settings))).toThrow(UserError);
    expect(() => report('perinatal', '2021-22 Q1', wb)).toThrow(/Training/);
  });

  it('a report does not need a tab it does not read (Releases for Perinatal), but Reconnect does', () => {
    const wb = withoutTab(workbook({ Contacts: [contact()] }), 'Releases');
    expect(report('perinatal', '2021-22 Q1', wb).value.women_supported).toBe(1);
    expect(() => report('reconnect', '2021-22 Q1', wb)).toThrow(/tab "Releases" not found/);
  });

  it('a tab there twice (names alike but for case or spaces) is a tab problem naming both, never half the rows', () => {
    // Found by the hostile-workbook property test: "Contacts.csv" beside "contacts .csv" read only the first, the other's rows unseen.
    const wb = workbook({ Contacts: [contact()] });
    wb.tabs.push({ ...tabOf(wb, 'Contacts'), name: 'contacts ', rows: [tabOf(wb, 'Contacts').rows[0]!.map((c) => c), tabOf(wb, 'Contacts').rows[0]!.map((c) => c)] });
    const ds = dataset(wb);
    expect(issuesOn(ds, 'Contacts')).toEqual([{ tab: 'Contacts', row: null, severity: 'error', reason: 'tab "Contacts" is there 2 times ("Contacts", "contacts "); keep one' }]);
    expect(ds.records.contacts).toEqual([]);
    expect(ds.unreadable.get('contacts')).toMatch(/keep one/);
    expect(() => report('perinatal', '2021-22 Q1', wb)).toThrow(/tab "Contacts" is there 2 times/);
  });

  it('a renamed required column makes the form unreadable and the report names the column', () => {
    const wb = renameColumn(workbook({ Contacts: [contact()] }), 'Contacts', 'Contact date', 'Date of contact');
    const ds = dataset(wb);
    expect(ds.unreadable.get('contacts')).toMatch(/"Contact date"/);
    expect(ds.records.contacts).toEqual([]);
    expect(issuesOn(ds, 'Contacts')).toEqual([{ tab: 'Contacts', row: 1, severity: 'error', reason: expect.stringContaining('"Contact date"') }]);
    let error: unknown;
    try {
      evaluateReport(reconnectScheme, ds, parseQuarter('2021-22 Q1', ds.settings));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/Contacts/);
    expect((error as Error).message).toMatch(/Contact date/);
    expect((error as Error).message).toContain('test workbook');
  });

  it('a column twice (the first blank) is a tab problem naming both columns, never a report of zeros', () => {
    const wb = workbook({ Contacts: [contact(), contact({ 'Prison number': 'B2345CD' })] });
    const tab = tabOf(wb, 'Contacts');
    const at = tab.header.indexOf('Prison number');
    tab.header.splice(at, 0, ' prison  NUMBER'); // a blank copy before the real one, as a person might insert
    for (const row of tab.rows) row.splice(at, 0, '');
    const ds = dataset(wb);
    const letter = String.fromCharCode(65 + at);
    const next = String.fromCharCode(66 + at);
    expect(issuesOn(ds, 'Contacts')).toEqual([
      {
        tab: 'Contacts',
        row: 1,
        severity: 'error',
        reason: `tab "Contacts" has a column twice: "Prison number" (columns ${letter} and ${next}); remove or rename one of each`,
      },
    ]);
    expect(ds.records.contacts).toEqual([]);
    expect(() => report('perinatal', '2021-22 Q1', wb)).toThrow(UserError);
  });

  it('a column name far to the right is named by its letters as the spreadsheet shows them', () => {
    const wb = workbook({ Contacts: [contact()] });
    const tab = tabOf(wb, 'Contacts');
    while (tab.header.length < 27) tab.header.push('');
    tab.header.push('Scheme'); // column AB
    expect(issuesOn(dataset(wb), 'Contacts')[0]!.reason).toMatch(/"Scheme" \(columns [A-Z] and AB\)/);
  });

  it('a missing optional column is a warning only: its answers read as blank', () => {
    const wb = dropColumn(workbook({ ...registrations, Contacts: [contact({ Minutes: 30 })] }), 'Contacts', 'Minutes');
    const run = report('perinatal', '2021-22 Q1', wb);
    expect(run.dataset.unreadable.size).toBe(0);
    expect(issuesOn(run.dataset, 'Contacts')).toEqual([{ tab: 'Contacts', row: 1, severity: 'warning', reason: expect.stringContaining('"Minutes"') }]);
    expect(run.dataset.records.contacts![0]!.values.minutes).toBeNull();
    expect(run.value.women_supported).toBe(1);
  });

  it('tab names and headers are matched trimmed, case-insensitively, spaces collapsed; columns may be in any order', () => {
    const wb = workbook({ ...registrations, Contacts: [contact()] });
    const tab = tabOf(wb, 'Contacts');
    tab.name = ' contacts ';
    tab.header = tab.header.map((h) => ` ${h.toUpperCase().replace(' ', '  ')} `);
    // Reverse the column order.
    tab.header.reverse();
    tab.rows = tab.rows.map((r) => [...r].reverse());
    const run = report('perinatal', '2021-22 Q1', wb);
    expect(run.dataset.issues).toEqual([]);
    expect(run.value.women_supported).toBe(1);
  });

  it('blank rows (trailing, or in the middle) are ignored but keep the row numbering', () => {
    const wb = workbook({ ...registrations, Contacts: [contact()] });
    const tab = tabOf(wb, 'Contacts');
    tab.rows.push([], new Array(tab.header.length).fill(''), [null, '  ', null]);
    tab.rows.push(tabOf(workbook({ Contacts: [contact({ 'Prison number': 'B2345CD' })] }), 'Contacts').rows[0]!);
    tab.rows.push([], ['']);
    const run = report('perinatal', '2021-22 Q1', wb);
    expect(run.dataset.issues).toEqual([]);
    expect(run.dataset.records.contacts!.map((r) => r.row)).toEqual([2, 6]);
    expect(run.evidence.women_supported).toEqual([{ tab: 'Contacts', rows: [2, 6] }]);
  });

  it('a row shorter than the header reads its missing cells as blank', () => {
    const wb = workbook();
    const tab = tabOf(wb, 'Contacts');
    const header = tab.header;
    const row = new Array(header.indexOf('Peer supporters') + 1).fill(null);
    row[header.indexOf('Contact date')] = '01/04/2021';
    row[header.indexOf('Prison number')] = 'A1234BC';
    row[header.indexOf('Scheme')] = 'Perinatal';
    row[header.indexOf('Peer supporters')] = 'PS-001';
    tab.rows.push(row);
    const ds = dataset(wb);
    expect(ds.records.contacts).toHaveLength(1);
    expect(issuesOn(ds, 'Contacts', 'error')).toEqual([]);
  });

  it('issues are listed by tab in form order, then by row', () => {
    const ds = readDataset(
      workbook({
        Releases: [{ 'Prison number': 'bad' }],
        Contacts: [contact(), contact({ Scheme: 'x' }), contact({ 'Prison number': 'x' })],
        Supporters: [supporter({ Name: '' })],
      }),
      CONTRACT_FORMS,
      makeSettings(),
    );
    const order = ds.issues.map((i) => `${i.tab}:${i.row}`);
    expect(order[0]).toBe('Supporters:2');
    expect(order.indexOf('Contacts:3')).toBeLessThan(order.indexOf('Contacts:4'));
    expect(order.at(-1)).toMatch(/^Releases:/);
  });
});

describe('repeats among rows crafted to share a fingerprint', () => {
  it('are told apart by their text, and real repeats among them are still found', () => {
    const base = contact({ Timestamp: '01/04/2021 10:00:00' });
    const header = headerOf('Contacts');
    const column = header.indexOf('Notes') >= 0 ? header.indexOf('Notes') : header.length - 1;
    // The row's text up to the crafted cell, as repeat detection joins it.
    const cells = header.map((title) => (title in base ? String(base[title] ?? '') : ''));
    const prefix = cells.slice(0, column).join('\u241f') + (column > 0 ? '\u241f' : '');
    const texts = collidingTexts(prefix, 12); // 4,096 different rows, one fingerprint
    const rows = texts.map((text) => ({ ...base, [header[column]!]: text }));
    const wb = workbook({ Contacts: [...rows, rows[7]!, rows[4000]!] });
    const ds = dataset(wb);
    expect(issuesOn(ds, 'Contacts', 'duplicate')).toEqual([
      { tab: 'Contacts', row: texts.length + 2, severity: 'duplicate', reason: 'repeats row 9 exactly; counted once' },
      { tab: 'Contacts', row: texts.length + 3, severity: 'duplicate', reason: 'repeats row 4002 exactly; counted once' },
    ]);
  });
});

describe('repeats among rows whose text goes past Latin-1 part-way', () => {
  it('are found whether the wider character comes first, mid-cell or after earlier rows, and one character apart is no repeat', () => {
    // Row texts are kept a byte a character until one is past Latin-1 (or is the byte standing for ␟): then all are widened.
    const notes = ['plain note', 'Zoë, Latin-1 only', 'met Łucja at reception', 'a\u001fb', '短い', 'met Łucja at receptioN'];
    // The last row differs from the third only in its last letter.
    const rows = notes.map((Notes, i) => contact({ Timestamp: `01/04/2021 10:00:0${i === 5 ? 2 : i}`, Notes }));
    const ds = dataset(workbook({ Contacts: [...rows, rows[0]!, rows[2]!, rows[3]!, rows[4]!, rows[5]!] }));
    expect(issuesOn(ds, 'Contacts', 'duplicate').map((i) => `${i.row} ${i.reason}`)).toEqual([
      '8 repeats row 2 exactly; counted once',
      '9 repeats row 4 exactly; counted once',
      '10 repeats row 5 exactly; counted once',
      '11 repeats row 6 exactly; counted once',
      '12 repeats row 7 exactly; counted once',
    ]);
    expect(ds.records.contacts).toHaveLength(notes.length);
  });
});

describe('corrections (spec §2): Void and Edit link on exported workbooks', () => {
  const REASON = 'wrong woman: Jessica Quenby';
  const LINK = 'https://docs.google.com/forms/d/e/1FAIpQLSexample/viewform?edit2=2_ABaOnudexample';

  /** The contract's tabs with a Void column added by hand and an Edit link column on Contacts, as Google Sheets exports them. */
  function exported(contacts: (RowSpec & { Void?: string; 'Edit link'?: string })[], headers = { void: 'Void', link: 'Edit link' }) {
    const wb = workbook({ ...registrations, Contacts: contacts.map(({ Void: _v, 'Edit link': _l, ...answers }) => answers) });
    const tab = tabOf(wb, 'Contacts');
    tab.header.push(headers.link, headers.void);
    tab.rows.forEach((row, i) => row.push(contacts[i]!['Edit link'] ?? '', contacts[i]!.Void ?? ''));
    return wb;
  }

  async function readBack(wb: ReturnType<typeof workbook>) {
    const csv = readCsvFolder(writeCsvWorkbook(wb), 'export');
    const file = join(tempDir(), 'export.xlsx');
    const text = (cell: unknown) => (cell === null ? '' : String(cell));
    await writeXlsxWorkbook(
      file,
      wb.tabs.map((t) => ({ name: t.name, header: t.header, rows: t.rows.map((r) => r.map(text)), columns: t.header.map(() => ({ kind: 'text' as const })) })),
    );
    return [csv, readXlsxWorkbook(file, 'export.xlsx')];
  }

  const stamp = '01/04/2021 10:00:00';
  const rows = [
    contact({ Timestamp: stamp, 'Edit link': LINK }), // 2: counts
    contact({ 'Prison number': 'B2345CD', Void: REASON }), // 3: voided
    contact({ Scheme: 'Perinatl', Void: 'typo' }), // 4: voided, so never an error
    contact({ Timestamp: stamp, 'Edit link': LINK, Void: 'entered twice' }), // 5: a repeat of row 2, voided: only voided
    contact({ 'Prison number': 'B2345CD', Void: '   ' }), // 6: spaces are blank: counts
  ];

  it('a row with anything in Void is left out of every count and listed as voided, never also a repeat or an error; the reason is never quoted', async () => {
    for (const read of await readBack(exported(rows))) {
      const run = report('perinatal', '2021-22 Q1', read);
      expect(run.dataset.records.contacts!.map((r) => r.row)).toEqual([2, 6]);
      expect(issuesOn(run.dataset, 'Contacts')).toEqual([3, 4, 5].map((row) => ({ tab: 'Contacts', row, severity: 'voided', reason: 'left out of every count ("Void" is filled in)' })));
      expect(run.value.women_supported).toBe(2);
      expect(run.evidence.women_supported).toEqual([{ tab: 'Contacts', rows: [2, 6] }]);
      expect(JSON.stringify(run.result)).not.toMatch(/Quenby|typo|twice/);
    }
  });

  it('a row repeating a voided one counts: the voided copy is not the one counted', () => {
    const wb = exported([contact({ Timestamp: stamp, Void: 'entered twice' }), contact({ Timestamp: stamp })]);
    const ds = dataset(wb);
    expect(ds.records.contacts!.map((r) => r.row)).toEqual([3]);
    expect(issuesOn(ds, 'Contacts').map((i) => [i.row, i.severity])).toEqual([[2, 'voided']]);
  });

  it('Void and Edit link are found as any header is (trimmed, any case); rows that differ only in their edit link are one row', () => {
    const wb = exported(
      [contact({ Timestamp: stamp, 'Edit link': `${LINK}1` }), contact({ Timestamp: stamp, 'Edit link': `${LINK}2` }), contact({ Void: 'x' })],
      { void: '  VOID ', link: 'edit LINK' },
    );
    tabOf(wb, 'Contacts').rows.push([...headerOf('Contacts').map(() => ''), LINK, '']); // an edit link alone is no record
    const ds = dataset(wb);
    expect(issuesOn(ds, 'Contacts').map((i) => [i.row, i.severity])).toEqual([
      [3, 'duplicate'],
      [4, 'voided'],
    ]);
    expect(ds.records.contacts!.map((r) => r.row)).toEqual([2]);
  });

  it('a voided registration registers nobody; an unticked tick box (false) in Void voids nothing, a ticked one does', () => {
    const wb = workbook({ ...registrations, Contacts: [contact(), contact({ 'Prison number': 'B2345CD' })] });
    const women = tabOf(wb, 'Women');
    women.header.push('Void');
    women.rows.forEach((row, i) => row.push(i === 0 ? false : true));
    const ds = dataset(wb);
    expect([...ds.registered.women!.keys()]).toEqual(['A1234BC']);
    expect(issuesOn(ds, 'Women').map((i) => [i.row, i.severity])).toEqual([[3, 'voided']]);
    expect(issuesOn(ds, 'Contacts', 'warning').map((i) => i.row)).toEqual([3]);
  });

  it('no question of any registered scheme uses a system column’s title, and the data dictionary names both', () => {
    const system = Object.values(SYSTEM_COLUMNS).map(normaliseHeader);
    for (const form of formsOf(SCHEMES)) {
      for (const q of form.questions) expect(system, `${form.id}: "${q.title}"`).not.toContain(normaliseHeader(q.title));
    }
    const dictionary = dataDictionary(formsOf(SCHEMES));
    expect(dictionary).toContain('## System columns (any tab)');
    expect(dictionary).toMatch(/\n\| Void \| staff, added by hand to any tab \|/);
    expect(dictionary).toMatch(/\n\| Edit link \| Apps Script, on each response tab \|/);
  });
});
