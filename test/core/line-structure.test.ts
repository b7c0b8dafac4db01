/** Long reports as data: sections, sub-lines and the breakdown a scheme charts. */
import { describe, expect, it } from 'vitest';
import { SCHEMES, findScheme } from '../../core/schemes/index.js';
import { defineScheme } from '../../core/scheme.js';
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';

const count = { count: 'rows', definition: '', sources: [{ form: 'contacts', date: 'contactDate' }] } as const;

describe('the structure of a long report', () => {
  it('gives buddies, liaison and hcv sections and sub-lines, and each a breakdown to chart', () => {
    for (const id of ['buddies', 'liaison', 'hcv']) {
      const scheme = findScheme(id);
      expect(scheme.lines[0]!.section, id).toBeDefined();
      expect(new Set(scheme.lines.flatMap((l) => (l.section ? [l.section] : []))).size, id).toBeGreaterThanOrEqual(3);
      expect(scheme.lines.some((l) => l.parent === scheme.breakdown?.line), id).toBe(true);
    }
    expect(findScheme('buddies').lines.filter((l) => l.parent === 'support_sessions')).toHaveLength(9);
  });

  it('names only earlier lines as parents, in every scheme', () => {
    for (const scheme of SCHEMES) {
      scheme.lines.forEach((line, i) => {
        if (line.parent !== undefined) expect(scheme.lines.slice(0, i).map((l) => l.id), `${scheme.id} ${line.id}`).toContain(line.parent);
      });
    }
  });

  it('refuses a parent that is not a line before, a share of no parent, and a breakdown with no lines', () => {
    expect(() => defineScheme(CONTRACT_FORMS, { id: 't', title: '', subtitle: '', params: {}, template: 'report', lines: [{ ...count, id: 'a', label: 'A', parent: 'b' }, { ...count, id: 'b', label: 'B' }] })).toThrow(
      /line a has parent "b", which is not a line before it/,
    );
    expect(() => defineScheme(CONTRACT_FORMS, { id: 't', title: '', subtitle: '', params: {}, template: 'report', lines: [{ ...count, id: 'a', label: 'A', shareOfParent: true }] })).toThrow(/names none/);
    expect(() =>
      defineScheme(CONTRACT_FORMS, { id: 't', title: '', subtitle: '', params: {}, template: 'report', breakdown: { line: 'a', title: 'T' }, lines: [{ ...count, id: 'a', label: 'A' }] }),
    ).toThrow(/has no lines whose parent it is/);
  });
});
