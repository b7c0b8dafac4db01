/**
 * The Attendees and Peer supporters questions list the Supporter IDs in role.
 * They are rewritten when that list changes: after a registration (a new
 * supporter, or a leaving date) and by the daily refresh (a leaving date passing).
 */
import { CONTRACT_FORMS } from '../core/forms/contract.js';
import { normaliseHeader } from '../core/workbook.js';
import { isSupporterList, openForm, setSupporterChoices } from './forms.js';
import type { Run } from './run.js';

/** Rewrites the lists if they changed since last written; returns whether it wrote. */
export function updateSupporterChoices(run: Run, ids: readonly string[]): boolean {
  const wanted = JSON.stringify(ids);
  if (run.store.supporterChoices() === wanted) return false;
  for (const definition of CONTRACT_FORMS) {
    const titles = new Set(definition.questions.filter(isSupporterList).map((q) => normaliseHeader(q.title)));
    if (titles.size === 0) continue;
    const form = openForm(run.store.formId(definition.id));
    if (!form) continue; // set-up has not built it yet; it will use the current list
    for (const item of form.getItems(FormApp.ItemType.CHECKBOX)) {
      if (titles.has(normaliseHeader(item.getTitle()))) setSupporterChoices(item.asCheckboxItem(), ids);
    }
  }
  run.store.setSupporterChoices(wanted);
  return true;
}
