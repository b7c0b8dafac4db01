/**
 * A folder of CSVs read straight into a dataset, each file validated as it streams
 * past (what `report`, `check` and `packs` do), must give exactly the dataset that
 * reading the files whole and then validating them gives: the same records, issues
 * in the same order, the same dates of rows left out, the same unreadable tabs.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsvFolder, readCsvFolderDataset, SAMPLE_WORKBOOK } from '../../../generator/sources/index.js';
import { toWorkbookCsv } from '../../../generator/sources/csv.js';
import { readDataset } from '../../../core/dataset.js';
import { formsOf, SCHEMES } from '../../../core/schemes/index.js';
import { CONTRACT_FORMS } from '../../../core/schemes/contract/forms.js';
import { DEFAULT_SETTINGS, makeSettings } from '../../../core/settings.js';
import type { FormDefinition } from '../../../core/form.js';
import { tempDir } from '../../helpers/run-cli.js';

function both(dir: string, forms: readonly FormDefinition[], settings = DEFAULT_SETTINGS) {
  const streamed = readCsvFolderDataset(dir, 'folder', forms, settings);
  const whole = readDataset(readCsvFolder(dir, 'folder', forms.map((f) => f.tab)), forms, settings);
  return { streamed, whole };
}

const contacts = CONTRACT_FORMS.find((f) => f.id === 'contacts')!;
const titles = contacts.questions.map((q) => q.title);
const cells = (i: number, over: Record<string, string> = {}) => {
  const answers: Record<string, string> = { Timestamp: `01/04/2021 10:00:${String(i % 60).padStart(2, '0')}`, 'Contact date': '01/04/2021', 'Prison number': 'A1234BC', Scheme: 'Perinatal', 'Peer supporters': 'PS-001', Minutes: '30', ...over };
  return titles.map((t) => answers[t] ?? '');
};

describe('a CSV folder read straight into a dataset', () => {
  it('gives the dataset of the bundled sample, every scheme, in both locales', () => {
    for (const settings of [DEFAULT_SETTINGS, makeSettings({ locale: 'en_US' })]) {
      const { streamed, whole } = both(SAMPLE_WORKBOOK, formsOf(SCHEMES), settings);
      expect(streamed.issues.length).toBeGreaterThan(10);
      expect(streamed).toEqual(whole);
    }
  });

  it('gives the same dataset from files people break: quotes left open, Windows-1252, Void, repeats, a tab twice, a column missing, an empty file', () => {
    const dir = tempDir();
    for (const file of readdirSync(SAMPLE_WORKBOOK)) copyFileSync(join(SAMPLE_WORKBOOK, file), join(dir, file));
    const rows = [
      cells(1),
      cells(2, { Notes: 'first line\nsecond line' }),
      cells(1), // a repeat of row 2
      cells(3, { 'Prison number': 'not one' }),
      cells(4, { 'Contact date': '31/02/2021' }),
      cells(5, { Notes: 'Zoé ␟ 😀' }),
      cells(6, { Notes: 'a\u001fb' }),
      cells(5, { Notes: 'Zoé ␟ 😀' }), // a repeat once the texts are two bytes a character
      cells(1), // a repeat of row 2, kept as one byte a character
    ];
    const body = toWorkbookCsv([[...titles, 'Void'], ...rows.map((r, i) => [...r, i === 1 ? 'entered twice' : ''])]);
    writeFileSync(join(dir, 'Contacts.csv'), body + [...cells(7).slice(0, 4), '"PS-001', ...cells(7).slice(5)].join(',') + '\r\n' + toWorkbookCsv([cells(8)]));
    const women = [['Timestamp', 'Prison number', 'First name', 'Last name', 'Date received'], ['01/02/2021 10:00:00', 'A1234BC', 'Zoé', 'Example', '01/02/2021']];
    writeFileSync(join(dir, 'Women.csv'), Buffer.from(toWorkbookCsv(women), 'latin1'));
    writeFileSync(join(dir, 'Training.csv'), '');
    copyFileSync(join(SAMPLE_WORKBOOK, 'Supervision.csv'), join(dir, 'supervision.csv'));
    writeFileSync(join(dir, 'Releases.csv'), toWorkbookCsv([['Timestamp', 'Prison number'], ['01/02/2021 10:00:00', 'A1234BC']]));
    const { streamed, whole } = both(dir, CONTRACT_FORMS);
    expect(streamed).toEqual(whole);
    const contactIssues = streamed.issues.filter((i) => i.tab === 'Contacts').map((i) => `${i.row} ${i.severity}`);
    expect(contactIssues).toEqual(expect.arrayContaining(['3 voided', '4 duplicate', '5 error', '6 error', '9 duplicate', '10 duplicate', '11 error']));
    expect(streamed.issues).toContainEqual({ tab: 'Women', row: null, severity: 'warning', reason: 'Women.csv is not UTF-8: read as Windows-1252; save it as CSV UTF-8' });
    expect([...streamed.unreadable.keys()].sort()).toEqual(['releases', 'supervision', 'training']);
  });

  it('finds repeats across many blocks of row texts, before and after a text that is not Latin-1 widens them', () => {
    const dir = tempDir();
    const notes = (i: number) => `note ${i} `.repeat(20);
    const rows = Array.from({ length: 3000 }, (_, i) => cells(i, { 'Prison number': `A${String(1000 + (i % 9000)).padStart(4, '0')}BC`, Notes: notes(i) }));
    const body = [...rows, rows[5]!, cells(9, { Notes: 'Zoé 😀' }), rows[2500]!, rows[7]!, cells(9, { Notes: 'Zoé 😀' })];
    writeFileSync(join(dir, 'Contacts.csv'), toWorkbookCsv([titles, ...body]));
    const { streamed, whole } = both(dir, [contacts]);
    expect(streamed).toEqual(whole);
    expect(streamed.issues.filter((i) => i.severity === 'duplicate').map((i) => i.reason)).toEqual([
      'repeats row 7 exactly; counted once',
      'repeats row 2502 exactly; counted once',
      'repeats row 9 exactly; counted once',
      'repeats row 3003 exactly; counted once',
    ]);
  });
});
