/**
 * Joining PDFs and retitling outlines (generator/render/pdf-merge.ts) on small PDFs
 * written here as Chromium writes them; the real Chromium PDFs are joined in
 * packs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergePdfs, retitleOutline, UnsupportedPdf } from '../../generator/render/pdf-merge.js';
import { tempDir } from '../helpers/run-cli.js';

/** A PDF of these objects (numbered from 1) with a classic cross-reference table; the catalog is object 1. */
function pdfOf(objects: string[]): Buffer {
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text, 'latin1');
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<</Size ${objects.length + 1}\n/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/** One page saying `words`, a link whose address looks like a reference, and a one-entry outline. */
function onePage(words: string): Buffer {
  const content = `BT /F1 24 Tf 72 720 Td (${words}) Tj ET`;
  return pdfOf([
    '<</Type /Catalog\n/Pages 2 0 R\n/Outlines 6 0 R\n/Lang (en-GB)>>',
    '<</Type /Pages\n/Count 1\n/Kids [3 0 R]>>',
    '<</Type /Page\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 5 0 R>>>>\n/Contents 4 0 R\n/Annots [8 0 R]\n/Parent 2 0 R>>',
    `<</Length ${content.length}>> stream\n${content}\nendstream`,
    '<</Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica>>',
    '<</Type /Outlines\n/First 7 0 R\n/Last 7 0 R\n/Count 1>>',
    `<</Title (${words} 3 0 R)\n/Parent 6 0 R\n/Dest [3 0 R /Fit]>>`,
    '<</Type /Annot\n/Subtype /Link\n/Rect [72 700 200 740]\n/A <</S /URI\n/URI (https://example.org/\\(2 0 R\\))>>>>',
  ]);
}

const hasPoppler = spawnSync('pdftotext', ['-v']).error === undefined;
if (!hasPoppler) console.warn("SKIPPED: reading a joined PDF back needs pdftotext (Debian's poppler-utils); the joining tests still run.");

describe('joining PDFs', () => {
  const joined = mergePdfs(
    [
      { pdf: onePage('First pack'), title: 'Testa Example' },
      { pdf: onePage('Second pack'), title: 'Zoë Example' },
    ],
    'Release packs for printing',
  );
  const text = joined.toString('latin1');

  it('keeps every page and its stream, and changes no reference-like text inside a string', () => {
    expect(text.match(/\/Type \/Page\n/g)).toHaveLength(2);
    expect(text).toContain('(First pack) Tj');
    expect(text).toContain('(Second pack) Tj');
    expect(text.match(/\(https:\/\/example\.org\/\\\(2 0 R\\\)\)/g)).toHaveLength(2);
    expect(text).toContain('/Lang (en-GB)');
  });

  it('puts each source under an outline entry of its own title, its own outline inside', () => {
    const utf16 = (s: string) => `<FEFF${[...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()).join('')}>`;
    expect(text).toContain(`/Title ${utf16('Testa Example')}`);
    expect(text).toContain(`/Title ${utf16('Zoë Example')}`);
    expect(text).toContain('/Title (First pack 3 0 R)');
  });

  it.skipIf(!hasPoppler)('makes a PDF poppler reads: both pages, in order', () => {
    const file = join(tempDir(), 'joined.pdf');
    writeFileSync(file, joined);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+2/);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ').trim()).toBe('First pack Second pack');
    const outline = execFileSync('pdftohtml', ['-xml', '-stdout', '-i', '-f', '1', '-l', '1', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect([...outline.matchAll(/<item page="(\d)">([^<]*)</g)].map((m) => `${m[2]} p${m[1]}`)).toEqual([
      'Testa Example p1',
      'First pack 3 0 R p1',
      'Zoë Example p2',
      'Second pack 3 0 R p2',
    ]);
  });

  it('refuses, with its reason, a PDF it does not read rather than half-join it', () => {
    const streamed = Buffer.from('%PDF-1.5\n1 0 obj\n<</Type /XRef>>\nendobj\nstartxref\n9\n%%EOF\n', 'latin1');
    expect(() => mergePdfs([{ pdf: streamed, title: 'x' }], 'x')).toThrow(UnsupportedPdf);
    expect(() => mergePdfs([{ pdf: streamed, title: 'x' }], 'x')).toThrow(/cross-reference stream/);
    expect(() => mergePdfs([{ pdf: Buffer.from('not a pdf'), title: 'x' }], 'x')).toThrow(/not a PDF/);
  });
});

describe('retitling an outline', () => {
  it("sets each entry's title in order, and leaves an outline of another length as it is", () => {
    const pdf = onePage('Wrapped heading');
    const retitled = retitleOutline(pdf, ['Your first week']).toString('latin1');
    expect(retitled).toContain('/Title <FEFF0059006F007500720020006600690072007300740020007700650065006B>');
    expect(retitled).toContain('(Wrapped heading) Tj');
    expect(retitleOutline(pdf, ['One', 'Two']).equals(pdf)).toBe(true);
  });
});
