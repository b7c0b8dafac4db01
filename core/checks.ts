/**
 * Checks that need "today": dates recorded after it (usually a mistyped year) and
 * services directory entries not verified recently. They are warnings: such rows
 * still count.
 */
import type { Dataset, DataIssue } from './dataset.js';
import type { FormDefinition } from './form.js';
import { addDays } from './dates.js';

export function checkAsOf(dataset: Dataset, forms: readonly FormDefinition[], asOf: string): DataIssue[] {
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
