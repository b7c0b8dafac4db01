/**
 * Projection (core/projection.ts): a dataset whose records keep only the answers the
 * reports read must give every report exactly as the full dataset does — lines,
 * comparisons, issues, rows behind each number, each file written — and the same
 * row accounting, while its records really hold fewer answers.
 */
import { describe, expect, it } from 'vitest';
import { readDataset, type Dataset } from '../../core/dataset.js';
import { keptFields, reportProjection } from '../../core/projection.js';
import { compareReport, evaluateReport, reportJson } from '../../core/report.js';
import { contractPeriod, quartersBetween } from '../../core/quarters.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import type { Scheme } from '../../core/scheme.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import { generateSampleWorkbook } from '../../generator/sample/sample-workbook.js';
import { readCsvFolderDataset, SAMPLE_WORKBOOK } from '../../generator/sources/index.js';
import { auditRows, reportCsvRows, reportView } from '../../generator/reports/view.js';
import { createRenderer } from '../../generator/render/templates.js';
import { toCsv } from '../../generator/sources/csv.js';

const renderer = createRenderer();
const FORMS = formsOf(SCHEMES);

/** Every file of every report of the schemes, one per contract quarter, with its comparisons. */
function reportFiles(schemes: readonly Scheme[], dataset: Dataset): string[] {
  const contract = contractPeriod(DEFAULT_SETTINGS);
  const files: string[] = [];
  for (const scheme of schemes) {
    const earlier = new Map();
    for (const period of quartersBetween(contract.start, contract.end, DEFAULT_SETTINGS)) {
      const result = compareReport(scheme, dataset, evaluateReport(scheme, dataset, period), earlier);
      files.push(
        JSON.stringify(reportJson(result)),
        toCsv(reportCsvRows(result)),
        toCsv(auditRows(result)),
        renderer.render(scheme.template, reportView(result, '2023-06-01', { site: 'HMP Example', scheme })),
      );
    }
  }
  return files;
}

/** How many answers the records of a dataset hold, all forms together. */
const answersHeld = (dataset: Dataset) => Object.values(dataset.records).reduce((n, records) => n + records.reduce((m, r) => m + Object.keys(r.values).length, 0), 0);

function expectSameReports(schemes: readonly Scheme[], full: Dataset, projected: Dataset): void {
  // The same rows counted, left out and said to be wrong: only what records hold differs.
  expect(projected.issues).toEqual(full.issues);
  expect(projected.leftOutDates).toEqual(full.leftOutDates);
  expect(projected.unreadable).toEqual(full.unreadable);
  for (const form of FORMS) expect(projected.records[form.id]?.map((r) => r.row)).toEqual(full.records[form.id]?.map((r) => r.row));
  expect(answersHeld(projected)).toBeLessThan(answersHeld(full));
  const [a, b] = [reportFiles(schemes, full), reportFiles(schemes, projected)];
  expect(a.length).toBe(b.length);
  // Compared one by one: a difference then names its file, not a million characters.
  a.forEach((text, i) => expect(b[i] === text, `report file ${i} differs with projection`).toBe(true));
}

describe('a dataset that keeps only the answers the reports read', () => {
  it('gives every report of every scheme, every quarter, as the full dataset does, on the bundled sample', () => {
    const full = readCsvFolderDataset(SAMPLE_WORKBOOK, 'sample', FORMS, DEFAULT_SETTINGS);
    for (const scheme of SCHEMES) {
      const projected = readCsvFolderDataset(SAMPLE_WORKBOOK, 'sample', FORMS, DEFAULT_SETTINGS, reportProjection([scheme]));
      expectSameReports([scheme], full, projected);
    }
  });

  it('gives the same reports on generated workbooks of other seeds, every scheme at once', () => {
    for (const seed of [1, 77, 2026]) {
      const workbook = generateSampleWorkbook({ seed, scale: 0.5 });
      const full = readDataset(workbook, FORMS, DEFAULT_SETTINGS);
      expectSameReports(SCHEMES, full, readDataset(workbook, FORMS, DEFAULT_SETTINGS, reportProjection(SCHEMES)));
    }
  });

  it('keeps what the lines name, identifiers and a register’s merge keys, and leaves out the rest', () => {
    const reconnect = SCHEMES.find((s) => s.id === 'reconnect')!;
    const projection = reportProjection([reconnect]);
    const form = (id: string) => FORMS.find((f) => f.id === id)!;
    // Contacts: dated, filtered and counted by the lines; Minutes, Notes and Timestamp read by none.
    expect([...keptFields(form('contacts'), projection)!].sort()).toEqual(['contactDate', 'contactType', 'peerSupporters', 'prisonNumber', 'scheme']);
    // Women: a register, merged by Timestamp and Prison number; names never read by this report.
    expect([...keptFields(form('women'), projection)!].sort()).toEqual(['prisonNumber', 'timestamp']);
    // Supporters: read for the schemes a supporter is registered for.
    expect(keptFields(form('supporters'), projection)).toContain('schemes');
    expect(keptFields(form('contacts'), undefined)).toBeUndefined();
  });
});
