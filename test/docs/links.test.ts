/**
 * Every relative Markdown link in README.md and docs/*.md points at a file the
 * repository tracks, so the documentation can never again cite a missing file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, normalize, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The files git tracks, as repository-relative paths with forward slashes. */
const tracked: string[] = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f !== '');
const trackedFiles = new Set(tracked);
/** Folders holding tracked files, so a link to a folder resolves too. */
const trackedFolders = new Set(tracked.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));

const documents = ['README.md', ...tracked.filter((f) => /^docs\/[^/]+\.md$/.test(f))];

/** Inline links and images, `[text](target "title")`, and reference definitions, `[id]: target`. */
function markdownLinks(markdown: string): string[] {
  // Code blocks and inline code are not links.
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const inline = [...text.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+["'(][^)]*)?\s*\)/g)].map((m) => (m[1] ?? m[2])!);
  const references = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...references];
}

/** A link that leaves the repository (a scheme such as https: or mailto:, or //host) or stays on the page (#anchor). */
function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') || target.startsWith('#');
}

/** The repository path a relative link from `document` points at, or undefined when it climbs out of the repository. */
function resolveLink(document: string, target: string): string | undefined {
  const path = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
  const joined = path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(document), path);
  const resolved = posix.normalize(joined).replace(/\/$/, '');
  return resolved.startsWith('..') ? undefined : resolved;
}

describe('markdownLinks', () => {
  it('finds inline links, images and reference definitions, not code', () => {
    const md = [
      'See [a](docs/a.md) and ![b](img/b.png "B") and [c](<docs/c d.md>).',
      '[ref]: docs/ref.md',
      '`[not](a-link.md)`',
      '```',
      '[not](in-a-block.md)',
      '```',
    ].join('\n');
    expect(markdownLinks(md)).toEqual(['docs/a.md', 'img/b.png', 'docs/c d.md', 'docs/ref.md']);
  });
});

describe('relative links in the documentation', () => {
  it('reads README.md and the docs', () => {
    expect(documents).toContain('README.md');
    expect(documents).toContain('docs/data-contract.md');
  });

  it.each(documents)('%s links only to files the repository tracks', (document) => {
    const markdown = readFileSync(join(root, normalize(document)), 'utf8');
    const broken = markdownLinks(markdown)
      .filter((target) => !isExternal(target))
      .filter((target) => {
        const path = resolveLink(document, target);
        return path === undefined || (!trackedFiles.has(path) && !trackedFolders.has(path));
      });
    expect(broken, `${document} links to files that are not in the repository`).toEqual([]);
  });
});
