/**
 * The README's tutorial, "Define your own scheme", built end to end: the example
 * scheme in examples/reading/, which the README quotes verbatim.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readingSessions } from '../../examples/reading/forms.js';
import { readingScheme } from '../../examples/reading/report.js';
import { readDataset } from '../../core/dataset.js';
import { evaluateReport, reportJson } from '../../core/report.js';
import { parseQuarter } from '../../core/quarters.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import { dataDictionary } from '../../core/dictionary.js';
import { readCsvFolder } from '../../generator/sources/index.js';
import { createRenderer } from '../../generator/render/templates.js';
import { reportView } from '../../generator/reports/view.js';
import { tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';

const header = readingSessions.questions.map((q) => q.title);
const rows = [
  ['01/04/2021 10:00:00', '01/04/2021', 'A1234BC', 'RM-001', 'Starting out', '30'],
  ['02/04/2021 10:00:00', '02/04/2021', ' a1234bc', 'RM-001', 'Building up', '45'],
  ['03/04/2021 10:00:00', '03/04/2021', 'B2345CD', 'RM-002', 'starting out', ''],
  ['04/07/2021 10:00:00', '01/07/2021', 'C3456DE', 'RM-002', 'Starting out', '20'], // next quarter
  ['05/04/2021 10:00:00', '31/04/2021', 'D4567EF', 'RM-003', 'Reading well', '15'], // no such date
];

describe('the README tutorial scheme (reading peers)', () => {
  const folder = writeCsvWorkbook({ origin: 'reading', tabs: [{ name: 'Reading sessions', header, rows }] }, tempDir());
  const dataset = readDataset(readCsvFolder(folder, 'reading workbook'), readingScheme.forms, DEFAULT_SETTINGS);
  const result = evaluateReport(readingScheme, dataset, parseQuarter('2021-22-Q1', DEFAULT_SETTINGS));
  const value = Object.fromEntries(result.lines.map((m) => [m.id, m.value]));

  it('counts each line as declared, from a CSV workbook', () => {
    expect(value).toEqual({ sessions: 3, learners: 2, new_readers: 2, minutes: 75 });
    // Row 6's date cannot be read: it belongs to no quarter, so it is counted apart rather than listed.
    expect(result.issues).toEqual([]);
    expect(result.undatedRows).toBe(1);
    expect(reportJson(result).metrics.map((m) => m.id)).toEqual(['sessions', 'learners', 'new_readers', 'minutes']);
  });

  it('renders with the generic report template and appears in a data dictionary', () => {
    const html = createRenderer().render(readingScheme.template, reportView(result, '2021-07-01'));
    expect(html).toContain('Reading peers quarterly report');
    expect(html).toMatch(/Minutes of reading support<\/th>\s*<td class="number current">75</);
    expect(dataDictionary([readingSessions])).toContain('| Learner prison number | text | required; pattern `A1234BC`');
  });

  it('is quoted verbatim in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const file of ['forms.ts', 'report.ts']) {
      const source = readFileSync(new URL(`../../examples/reading/${file}`, import.meta.url), 'utf8');
      const body = source.slice(source.search(/^\/\/ \d\. /m));
      expect(readme).toContain(body.trim());
    }
  });
});
