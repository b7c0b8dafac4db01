import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batched, jsonPieces } from '../../generator/text-pieces.js';
import { csvPieces, toCsv } from '../../generator/sources/csv.js';
import { main } from '../../generator/cli.js';
import { largest } from '../../core/arrays.js';
import { workbook } from '../helpers/build-workbook.js';
import { writeCsvWorkbook } from '../helpers/run-cli.js';

describe('long outputs in pieces', () => {
  it('writes the very text JSON.stringify(value, null, 2) writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
    // What JSON leaves out or turns into null, and what it writes by toJSON.
    const odd = { a: undefined, b: [undefined, () => 1, { c: [] }, {}], d: new Map([[1, 2]]), e: { toJSON: () => 'x' }, f: [[1, [2, { g: null }]]] };
    expect([...jsonPieces(odd)].join('')).toBe(JSON.stringify(odd, null, 2));
  });

  it('gives each item of an array as its own piece, and joins pieces into writes of about the size asked', () => {
    const issues = Array.from({ length: 1000 }, (_, row) => ({ tab: 'Contacts', row, reason: 'a reason' }));
    const pieces = [...jsonPieces({ issues })];
    expect(pieces.length).toBeGreaterThan(2000);
    const writes = [...batched(pieces, 4096)];
    expect(writes.join('')).toBe(JSON.stringify({ issues }, null, 2));
    expect(largest(writes.map((w) => w.length))).toBeLessThan(4096 + 100);
    const rows = [['Tab', 'Row'], ...issues.map((i) => [i.tab, i.row])];
    expect([...csvPieces(rows)].join('')).toBe(toCsv(rows));
    expect(toCsv([])).toBe('\ufeff\r\n');
  });

  it("peerkit check --format json and csv, and a report's JSON, write millions of issues in pieces, never as one string (V8 holds some 512 million characters)", async () => {
    const contacts = Array.from({ length: 2000 }, (_, i) => ({
      'Contact date': '01/04/2021',
      'Prison number': `Z${String(1000 + i)}ZZ`, // registered by no Women row: a warning each
      Scheme: 'Reconnect',
      'Peer supporters': 'PS-001',
      'Contact type': 'Emotional support',
      Minutes: '30',
    }));
    const source = writeCsvWorkbook(workbook({ Contacts: contacts }));
    const commands = [
      ['check', '--as-of', '2021-06-01', '--format', 'json'],
      ['check', '--as-of', '2021-06-01', '--format', 'csv'],
      // A report's JSON lists its period's issues.
      ['report', '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-'],
    ];
    for (const [command, ...options] of commands) {
      const format = options[options.indexOf('--format') + 1];
      const writes: string[] = [];
      const io = { out: () => {}, write: (text: string) => void writes.push(text), error: () => {}, note: () => {}, interactive: false };
      expect(await main([command!, '--source', source, ...options], io)).toBe(0);
      const text = writes.join('');
      expect(text.length).toBeGreaterThan(300_000);
      expect(largest(writes.map((w) => w.length))).toBeLessThan(70_000);
      if (format === 'json') expect((JSON.parse(text) as { issues: unknown[] }).issues.length).toBeGreaterThanOrEqual(2000);
      if (format === 'json') expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
      else expect(text.split('\r\n').filter((l) => l.includes('no Women row registers')).length).toBeGreaterThanOrEqual(2000);
    }
  });
});
