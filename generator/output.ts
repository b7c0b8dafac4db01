/** Writing results: to a folder, or to standard output when --out is "-". */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
import { UserError } from '../core/errors.js';

export const STDOUT = '-';

/**
 * Makes the folder and any missing parents. Modes are set only on folders peerkit
 * creates (private ones, for packs, readable by their owner alone): a folder that
 * already exists — a shared 1777 one, a read-only 0500 one, a symlink's target —
 * is the user's, and is left as it is. Returns true when it already existed.
 */
export function ensureFolder(dir: string, options: { private?: boolean } = {}): boolean {
  const existed = existsSync(dir);
  // mkdir would say only EEXIST of a file standing where the folder should be.
  if (existed && !statSync(dir).isDirectory()) throw new UserError(`cannot write into "${dir}": it is not a folder`);
  try {
    mkdirSync(dir, { recursive: true, mode: options.private ? 0o700 : 0o755 });
  } catch (error) {
    throw new UserError(`cannot create output folder "${dir}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!statSync(dir).isDirectory()) throw new UserError(`cannot write into "${dir}": it is not a folder`);
  return existed;
}

/**
 * Writes a file so that nothing outside the folder is touched and nobody sees it
 * half-written: the content goes to a new file with a temporary name, created
 * exclusively (an existing file or a planted symlink there makes it fail, never
 * followed) with its final mode, then renamed into place. The rename replaces
 * whatever stood at the name — a symlink is replaced, not followed, and a file with
 * wider permissions is replaced, not reused.
 */
export function writeFileSafely(path: string, content: string | Uint8Array | Iterable<string>, mode: number): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  let piecesFailed = false;
  try {
    fd = openSync(temporary, 'wx', mode);
    if (typeof content === 'string' || content instanceof Uint8Array) writeFileSync(fd, content);
    // Pieces are written as they come, so the whole never has to be one string.
    else for (const piece of pieces(content, () => (piecesFailed = true))) writeFileSync(fd, piece);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    // A piece that could not be made (a template's error) is not a failure to write.
    if (piecesFailed) throw error;
    throw new UserError(`cannot write "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function* pieces(content: Iterable<string>, failed: () => void): Generator<string> {
  try {
    yield* content;
  } catch (error) {
    failed();
    throw error;
  }
}

export function writeOutput(dir: string, name: string, content: string | Iterable<string>, options: { private?: boolean } = {}): string {
  const path = join(dir, name);
  writeFileSafely(path, content, options.private ? 0o600 : 0o644);
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
