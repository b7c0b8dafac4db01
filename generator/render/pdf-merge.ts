/**
 * Two edits to PDFs that Chromium printed. Joining them into one file, page for
 * page: the print file of release packs is made this way rather than printed as one
 * document, so each woman's pages keep her own footer (her first name, "page x of y"
 * of her own pack), which one shared footer cannot give. Each pack's tags (its
 * structure tree) and its outline come along, the outline under an entry of its
 * own, so the joined file stays accessible. And setting an outline's titles to the
 * headings' own text.
 *
 * It reads what Chromium's PDF writer (Skia) writes: one classic cross-reference
 * table, no object streams, no encryption. Anything else is refused with a reason,
 * never half-joined.
 */
import { append, largest } from '../../core/arrays.js';

/** One object: its dictionary or value as text (latin1, byte for byte), and its stream's bytes. */
interface PdfObject {
  head: string;
  stream?: Buffer;
}

interface ParsedPdf {
  version: string;
  objects: Map<number, PdfObject>;
  trailer: string;
}

/** A PDF this does not read: the reason is its message. */
export class UnsupportedPdf extends Error {}

const fail = (reason: string): never => {
  throw new UnsupportedPdf(reason);
};

/** Just past the literal string that opens at `start` ("("): escapes and nested brackets allowed. */
function stringEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return fail('a string does not end');
}

/** Text outside PDF strings, so that a reference-like "2 0 R" typed into a string is never changed. */
function outsideStrings(text: string, edit: (code: string) => string): string {
  let out = '';
  let code = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '(') {
      out += edit(code);
      code = '';
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (c === '<' && text[i + 1] !== '<') {
      out += edit(code);
      code = '';
      const end = text.indexOf('>', i);
      out += text.slice(i, end + 1);
      i = end + 1;
    } else if (c === '<' || c === '>') {
      // "<<" and ">>" are dictionaries: code, two characters at once.
      code += text.slice(i, i + 2);
      i += 2;
    } else {
      code += c;
      i++;
    }
  }
  return out + edit(code);
}

const REFERENCE = /(?<![\w.+-])(\d+)\s+(\d+)\s+R(?![\w])/g;

function renumber(text: string, map: (n: number) => number): string {
  return outsideStrings(text, (code) => code.replace(REFERENCE, (_, n: string) => `${map(Number(n))} 0 R`));
}

/** The end of the dictionary that opens at `start` ("<<"), strings and nested dictionaries skipped. */
function dictionaryEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; ) {
    if (text.startsWith('<<', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('>>', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else if (text[i] === '(') i = stringEnd(text, i);
    else i++;
  }
  return fail('a dictionary does not end');
}

/** A direct value of a dictionary key: its text (a number, a name, a reference, an array, a string). */
function valueOf(head: string, key: string): string | undefined {
  const m = new RegExp(`/${key}(?![\\w])\\s*`).exec(head);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  const rest = head.slice(start);
  const ref = /^(\d+)\s+(\d+)\s+R/.exec(rest);
  if (ref) return ref[0];
  if (rest.startsWith('[')) {
    let depth = 0;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '[') depth++;
      else if (rest[i] === ']' && --depth === 0) return rest.slice(0, i + 1);
    }
    return fail(`/${key} does not end`);
  }
  if (rest.startsWith('<<')) return rest.slice(0, dictionaryEnd(rest, 0));
  if (rest.startsWith('(')) return rest.slice(0, stringEnd(rest, 0));
  return /^[^\s/<>[\]()]+|^\/[^\s/<>[\]()]+/.exec(rest)?.[0];
}

function refOf(head: string, key: string): number | undefined {
  const value = valueOf(head, key);
  const m = value === undefined ? null : /^(\d+)\s+\d+\s+R$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

function parsePdf(bytes: Uint8Array): ParsedPdf {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('latin1');
  const version = /^%PDF-(\d\.\d)/.exec(text)?.[1] ?? fail('not a PDF');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text) ?? fail('no startxref at its end');
  const xrefAt = Number(startxref[1]);
  if (!text.startsWith('xref', xrefAt)) fail('a cross-reference stream (only a classic table is read)');
  const trailerAt = text.indexOf('trailer', xrefAt);
  if (trailerAt < 0) fail('no trailer');
  const trailer = text.slice(trailerAt + 'trailer'.length, dictionaryEnd(text, text.indexOf('<<', trailerAt)));
  if (valueOf(trailer, 'Prev') !== undefined || valueOf(trailer, 'Encrypt') !== undefined) fail('an updated or encrypted PDF');

  const offsets = new Map<number, number>();
  const lines = text.slice(xrefAt + 4, trailerAt).trim().split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; ) {
    const [first, count] = lines[i++]!.trim().split(/\s+/).map(Number) as [number, number];
    for (let k = 0; k < count; k++) {
      const [offset, , kind] = lines[i++]!.trim().split(/\s+/);
      if (kind === 'n') offsets.set(first + k, Number(offset));
    }
  }

  const objects = new Map<number, PdfObject>();
  for (const [num, offset] of offsets) {
    const header = /^(\d+)\s+(\d+)\s+obj\s*/.exec(text.slice(offset, offset + 40));
    if (!header || Number(header[1]) !== num) fail(`object ${num} is not where the table says`);
    const start = offset + header![0].length;
    if (text.startsWith('<<', start)) {
      const end = dictionaryEnd(text, start);
      const after = /^\s*stream(\r\n|\n)/.exec(text.slice(end, end + 12));
      if (after) {
        const head = text.slice(start, end);
        const length = Number(valueOf(head, 'Length'));
        if (!Number.isInteger(length)) fail(`stream ${num} has no length written in it`);
        const dataAt = end + after[0].length;
        objects.set(num, { head, stream: buffer.subarray(dataAt, dataAt + length) });
        continue;
      }
    }
    const end = text.indexOf('endobj', start);
    objects.set(num, { head: text.slice(start, end).trimEnd() });
  }
  return { version, objects, trailer };
}

/** A PDF text string: UTF-16 with its byte-order mark, as hex, safe whatever the title holds. */
function textString(value: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** A dictionary with one key set: replaced where it is, added where it is not. */
function withKey(head: string, key: string, value: string): string {
  const current = valueOf(head, key);
  if (current !== undefined) {
    const at = new RegExp(`/${key}(?![\\w])\\s*`).exec(head)!;
    return head.slice(0, at.index) + `/${key} ${value}` + head.slice(at.index + at[0].length + current.length);
  }
  return head.replace(/>>\s*$/, `\n/${key} ${value}>>`);
}

/** The key-value pairs of a flat number tree's /Nums array, as text. */
function numsOf(nums: string): [number, string][] {
  const inner = nums.slice(1, -1);
  const pairs: [number, string][] = [];
  const token = /\s*(\d+)\s+(\d+\s+\d+\s+R|\[[^\]]*\]|null)/y;
  let read = 0;
  for (let m = token.exec(inner); m; m = token.exec(inner)) {
    pairs.push([Number(m[1]), m[2]!]);
    read = token.lastIndex;
  }
  if (inner.slice(read).trim() !== '') fail('a parent tree it cannot read');
  return pairs;
}

interface Source {
  pdf: Uint8Array;
  /** Its entry in the joined file's outline. */
  title: string;
}

/**
 * One PDF of every source's pages in order, under this title. Throws UnsupportedPdf,
 * saying why, when a source is not the kind of PDF this reads.
 */
export function mergePdfs(sources: readonly Source[], title: string): Buffer {
  const parsed = sources.map((s) => parsePdf(s.pdf));
  const out: { num: number; head: string; stream?: Buffer }[] = [];
  let next = 1;
  const allocate = () => next++;
  const catalog = allocate();
  const info = allocate();
  const pagesRoot = allocate();
  const tagged = parsed.every((p) => refOf(p.objects.get(refOf(p.trailer, 'Root')!)?.head ?? '', 'StructTreeRoot') !== undefined);
  const structRoot = tagged ? allocate() : 0;
  const documentElement = tagged ? allocate() : 0;
  const outlineRoot = allocate();

  const pageRoots: number[] = [];
  const elements: number[] = [];
  const nums: string[] = [];
  const outlineItems: { num: number; title: string; first?: number; last?: number; count: number; page: number }[] = [];
  let pageCount = 0;
  let keyOffset = 0;
  let lang: string | undefined;

  parsed.forEach((pdf, index) => {
    const rootNum = refOf(pdf.trailer, 'Root') ?? fail('no catalog');
    const root = pdf.objects.get(rootNum)?.head ?? fail('no catalog');
    lang ??= valueOf(root, 'Lang');
    const pagesNum = refOf(root, 'Pages') ?? fail('no page tree');
    const structNum = refOf(root, 'StructTreeRoot');
    const outlinesNum = refOf(root, 'Outlines');
    const parentTreeNum = structNum === undefined ? undefined : refOf(pdf.objects.get(structNum)!.head, 'ParentTree');
    const dropped = new Set([rootNum, refOf(pdf.trailer, 'Info'), structNum, parentTreeNum, outlinesNum]);

    const map = new Map<number, number>();
    for (const num of [...pdf.objects.keys()].sort((a, b) => a - b)) if (!dropped.has(num)) map.set(num, allocate());
    const item = allocate();
    // What pointed at the dropped roots now points at their replacements.
    if (structNum !== undefined) map.set(structNum, documentElement);
    if (outlinesNum !== undefined) map.set(outlinesNum, item);
    const to = (n: number) => map.get(n) ?? fail(`object ${n} is referred to but not there`);

    const structHead = structNum === undefined ? '' : pdf.objects.get(structNum)!.head;
    const topElements = new Set([...(valueOf(structHead, 'K') ?? '').matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1])));
    const offset = keyOffset;
    for (const [num, object] of pdf.objects) {
      if (dropped.has(num)) continue;
      let head = renumber(object.head, to);
      // Keys into the joined parent tree: this document's come after the ones before it.
      head = outsideStrings(head, (code) => code.replace(/\/(StructParents?)\s+(\d+)/g, (_, key: string, n: string) => `/${key} ${Number(n) + offset}`));
      if (num === pagesNum) head = withKey(head, 'Parent', `${pagesRoot} 0 R`);
      // Each pack's document element becomes a part of the joined document.
      if (topElements.has(num)) head = head.replace(/\/S\s*\/Document\b/, '/S /Part');
      out.push({ num: to(num), head, stream: object.stream });
    }

    pageRoots.push(to(pagesNum));
    pageCount += Number(valueOf(pdf.objects.get(pagesNum)!.head, 'Count') ?? fail('a page tree with no count'));
    if (tagged) {
      append(elements, [...topElements].map(to));
      const structure = pdf.objects.get(structNum!)!.head;
      const parentTree = pdf.objects.get(parentTreeNum ?? fail('a structure tree with no parent tree'))!.head;
      if (valueOf(parentTree, 'Kids') !== undefined) fail('a parent tree in several parts');
      for (const [key, value] of numsOf(valueOf(parentTree, 'Nums') ?? '[]')) nums.push(`${key + offset} ${renumber(value, to)}`);
      keyOffset += Number(valueOf(structure, 'ParentTreeNextKey') ?? 0);
    }
    const outlines = outlinesNum === undefined ? '' : pdf.objects.get(outlinesNum)!.head;
    const firstPage = firstPageOf(pdf, pagesNum);
    outlineItems.push({
      num: item,
      title: sources[index]!.title,
      first: refOf(outlines, 'First') === undefined ? undefined : to(refOf(outlines, 'First')!),
      last: refOf(outlines, 'Last') === undefined ? undefined : to(refOf(outlines, 'Last')!),
      count: Number(valueOf(outlines, 'Count') ?? 0),
      page: to(firstPage),
    });
  });

  const catalogKeys = [
    '<</Type /Catalog',
    `/Pages ${pagesRoot} 0 R`,
    `/Outlines ${outlineRoot} 0 R`,
    '/ViewerPreferences <</DisplayDocTitle true>>',
    ...(lang ? [`/Lang ${lang}`] : []),
    ...(tagged ? ['/MarkInfo <</Marked true>>', `/StructTreeRoot ${structRoot} 0 R`] : []),
  ];
  out.push({ num: catalog, head: catalogKeys.join('\n') + '>>' });
  out.push({ num: info, head: `<</Title ${textString(title)}>>` });
  out.push({ num: pagesRoot, head: `<</Type /Pages\n/Count ${pageCount}\n/Kids [${pageRoots.map((n) => `${n} 0 R`).join(' ')}]>>` });
  if (tagged) {
    const parentTree = allocate();
    out.push({ num: structRoot, head: `<</Type /StructTreeRoot\n/K [${documentElement} 0 R]\n/ParentTree ${parentTree} 0 R\n/ParentTreeNextKey ${keyOffset}>>` });
    out.push({ num: documentElement, head: `<</Type /StructElem\n/S /Document\n/P ${structRoot} 0 R\n/K [${elements.map((n) => `${n} 0 R`).join(' ')}]>>` });
    out.push({ num: parentTree, head: `<</Nums [${nums.join(' ')}]>>` });
  }
  // One closed entry per source, its own outline inside.
  outlineItems.forEach((item, i) => {
    const keys = [
      `<</Title ${textString(item.title)}`,
      `/Parent ${outlineRoot} 0 R`,
      `/Dest [${item.page} 0 R /Fit]`,
      ...(i > 0 ? [`/Prev ${outlineItems[i - 1]!.num} 0 R`] : []),
      ...(i < outlineItems.length - 1 ? [`/Next ${outlineItems[i + 1]!.num} 0 R`] : []),
      ...(item.first !== undefined ? [`/First ${item.first} 0 R`, `/Last ${item.last} 0 R`, `/Count ${-Math.abs(item.count)}`] : []),
    ];
    out.push({ num: item.num, head: keys.join('\n') + '>>' });
  });
  out.push({
    num: outlineRoot,
    head: `<</Type /Outlines\n/First ${outlineItems[0]!.num} 0 R\n/Last ${outlineItems.at(-1)!.num} 0 R\n/Count ${outlineItems.length}>>`,
  });

  return write(parsed[0]!.version, out, next, `/Root ${catalog} 0 R\n/Info ${info} 0 R`);
}

/**
 * Sets the titles of a PDF's outline, in order, to the headings' own text. Chromium
 * builds them from the lines as laid out and drops the space where a heading wraps
 * ("your chosensurgery"). A PDF whose outline has a different number of entries is
 * returned as it is.
 */
export function retitleOutline(bytes: Uint8Array, titles: readonly string[]): Buffer {
  const pdf = parsePdf(bytes);
  const root = pdf.objects.get(refOf(pdf.trailer, 'Root') ?? fail('no catalog'))?.head ?? fail('no catalog');
  const outlines = refOf(root, 'Outlines');
  const items: number[] = [];
  // Depth first, each entry before its children: the order of the headings.
  const walk = (parent: number) => {
    for (let item = refOf(pdf.objects.get(parent)!.head, 'First'); item !== undefined; item = refOf(pdf.objects.get(item)!.head, 'Next')) {
      if (items.includes(item) || !pdf.objects.has(item)) fail('an outline that loops');
      items.push(item);
      walk(item);
    }
  };
  if (outlines !== undefined) walk(outlines);
  if (items.length !== titles.length || items.length === 0) return Buffer.from(bytes);
  items.forEach((num, i) => {
    const object = pdf.objects.get(num)!;
    object.head = withKey(object.head, 'Title', textString(titles[i]!));
  });
  const size = largest(pdf.objects.keys()) + 1;
  const kept = ['Root', 'Info'].filter((key) => refOf(pdf.trailer, key) !== undefined).map((key) => `/${key} ${refOf(pdf.trailer, key)} 0 R`);
  return write(pdf.version, [...pdf.objects].map(([num, o]) => ({ num, ...o })), size, kept.join('\n'));
}

/** The first page of a page tree, down its first kids. */
function firstPageOf(pdf: ParsedPdf, pagesNum: number): number {
  let num = pagesNum;
  for (let depth = 0; depth < 32; depth++) {
    const head = pdf.objects.get(num)?.head ?? fail('a page tree that refers to nothing');
    if (!/\/Type\s*\/Pages\b/.test(head)) return num;
    num = Number(/\[\s*(\d+)\s+\d+\s+R/.exec(valueOf(head, 'Kids') ?? '')?.[1] ?? fail('an empty page tree'));
  }
  return fail('a page tree too deep');
}

/** A whole PDF: its objects (numbers below size; any missing is written as free), a table, a trailer. */
function write(version: string, objects: { num: number; head: string; stream?: Buffer }[], size: number, trailer: string): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const put = (chunk: string | Buffer) => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(b);
    length += b.length;
  };
  put(`%PDF-${version}\n%\xE2\xE3\xCF\xD3\n`);
  const offsets = new Array<number | undefined>(size).fill(undefined);
  for (const object of [...objects].sort((a, b) => a.num - b.num)) {
    offsets[object.num] = length;
    if (object.stream) {
      put(`${object.num} 0 obj\n${withKey(object.head, 'Length', String(object.stream.length))} stream\n`);
      put(object.stream);
      put('\nendstream\nendobj\n');
    } else put(`${object.num} 0 obj\n${object.head}\nendobj\n`);
  }
  const xref = length;
  put(`xref\n0 ${size}\n0000000000 65535 f \n`);
  for (let n = 1; n < size; n++) put(offsets[n] === undefined ? '0000000000 65535 f \n' : `${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  put(`trailer\n<</Size ${size}\n${trailer}>>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}
