/**
 * Every data issue of a dataset, as `peerkit check`, the Apps Script refresh and a
 * form submission list them: the rows left out, repeats and unknown identifiers
 * found while reading, the checks that need "today", and each scheme's own rules.
 */
import type { Dataset, DataIssue } from './dataset.js';
import type { FormDefinition } from './form.js';
import type { Scheme } from './scheme.js';
import { addDays } from './dates.js';

interface CheckScope {
  /** The forms read into the dataset, in the order issues are listed (by tab, then row). */
  forms: readonly FormDefinition[];
  /** The schemes whose own rules run (a mentor's pathway, a buddy's hours). */
  schemes: readonly Scheme[];
  /** "Today" for the date checks, yyyy-mm-dd. */
  asOf: string;
}

/** The issues, by tab in form order, then row; a row's issues keep the order they were found in. */
export function checkDataset(dataset: Dataset, { forms, schemes, asOf }: CheckScope): DataIssue[] {
  const tabOrder = new Map(forms.map((f, i) => [f.tab, i]));
  return [...dataset.issues, ...checkAsOf(dataset, forms, asOf), ...schemes.flatMap((s) => s.checks?.(dataset, asOf) ?? [])].sort(
    (a, b) => (tabOrder.get(a.tab) ?? 0) - (tabOrder.get(b.tab) ?? 0) || (a.row ?? 0) - (b.row ?? 0),
  );
}

/**
 * Checks that need "today": dates recorded after it (usually a mistyped year) and
 * services directory entries not verified recently. They are warnings: such rows
 * still count.
 */
function checkAsOf(dataset: Dataset, forms: readonly FormDefinition[], asOf: string): DataIssue[] {
  const issues: DataIssue[] = [];
  for (const form of forms) {
    const dated = form.questions.filter((q) => q.type === 'date' && !q.mayBeFuture);
    for (const record of dataset.records[form.id] ?? []) {
      for (const q of dated) {
        const value = record.values[q.key];
        if (typeof value === 'string' && value > asOf) {
          issues.push({ tab: form.tab, row: record.row, severity: 'warning', reason: `"${q.title}" ${value} is after ${asOf}: is the year right?` });
        }
      }
    }
  }
  const staleBefore = addDays(asOf, -dataset.settings.staleAfterDays);
  for (const entry of dataset.records.services ?? []) {
    const verified = entry.values.lastVerified;
    if (typeof verified !== 'string' || verified < staleBefore) {
      issues.push({
        tab: entry.tab,
        row: entry.row,
        severity: 'warning',
        reason: verified ? `not verified since ${verified} (over ${dataset.settings.staleAfterDays} days before ${asOf})` : 'never verified',
      });
    }
  }
  return issues;
}
