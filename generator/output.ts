/** Writing results: to a folder, or to standard output when --out is "-". */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../core/errors.js';

export const STDOUT = '-';

export function ensureFolder(dir: string, options: { private?: boolean } = {}): void {
  try {
    // Private folders (packs carry names) are readable by their owner alone.
    mkdirSync(dir, { recursive: true, mode: options.private ? 0o700 : 0o755 });
    if (options.private) chmodSync(dir, 0o700); // an existing folder too
  } catch (error) {
    throw new UserError(`cannot create output folder "${dir}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function writeOutput(dir: string, name: string, content: string, options: { private?: boolean } = {}): string {
  const path = join(dir, name);
  try {
    writeFileSync(path, content, { mode: options.private ? 0o600 : 0o644 });
  } catch (error) {
    throw new UserError(`cannot write "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return path;
}

/** A path as the user would type it from where they are. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Splits and checks a --format list such as "html,json". */
export function parseFormats(text: string, allowed: readonly string[]): string[] {
  const formats = [...new Set(text.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean))];
  const unknown = formats.filter((f) => !allowed.includes(f));
  if (unknown.length > 0 || formats.length === 0) {
    throw new UserError(`--format "${text}": choose from ${allowed.join(', ')} (comma-separated)`);
  }
  return formats;
}
