/**
 * Long outputs written in pieces. One string in V8 holds at most about 512 million
 * characters, and `JSON.stringify` or `join` of a large workbook's issues (several
 * million of them) or rows passes that: "Invalid string length", with nothing written.
 */

/** `JSON.stringify(value, null, 2)`, the same text, in pieces: arrays and objects item by item. */
export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  const inner = `${indent}  `;
  if (Array.isArray(value) && !value.every(isLeaf)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      // As JSON.stringify writes them in an array.
      yield* jsonPieces(value[i] === undefined || typeof value[i] === 'function' ? null : value[i], inner);
    }
    yield `\n${indent}]`;
    return;
  }
  if (isPlainObject(value) && !Object.values(value).every(isLeaf)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
    yield '{';
    for (let i = 0; i < entries.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(entries[i]![0])}: `;
      yield* jsonPieces(entries[i]![1], inner);
    }
    yield `\n${indent}}`;
    return;
  }
  // Small enough whole; a line break in it is never inside a string (JSON escapes those).
  yield JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

/** A file's or standard output's JSON text, JSON.stringify(value, null, 2) and a line end, in writes of about 64 KB. */
export function jsonText(value: unknown): Generator<string> {
  return batched(
    (function* () {
      yield* jsonPieces(value);
      yield '\n';
    })(),
  );
}

/** Not an array or object of its own: written whole. */
function isLeaf(value: unknown): boolean {
  return value === null || typeof value !== 'object' || (!Array.isArray(value) && !isPlainObject(value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || 'toJSON' in value) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The pieces joined into writes of about 64 KB: millions of tiny writes are slow, one huge one impossible. */
export function* batched(pieces: Iterable<string>, size = 1 << 16): Generator<string> {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}
