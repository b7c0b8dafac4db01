/**
 * The identifier lists on the forms (core/views/choices.ts): the Supporter IDs in
 * role on the Contacts, Training and Supervision forms, the Mentor IDs on the
 * Mentee session log, and any other scheme's lists. A kind's lists are rewritten
 * when its identifiers change, by the rebuild (hourly when something changed, and at
 * least daily: a new registration, a leaving date passing). Unchanged lists are left alone.
 */
import type { Dataset } from '../core/dataset.js';
import type { Question } from '../core/form.js';
import { emptyListChoice, identifierLists, idsInRole, type IdentifierList } from './views/choices.js';
import { normaliseHeader } from '../core/workbook.js';
import { openForm, setListChoices, type ListChoices } from './forms.js';
import type { Execution } from './execution.js';

type ListKind = Pick<IdentifierList, 'kind' | 'register'>;

function choicesFor(list: ListKind, ids: readonly string[]): readonly string[] {
  return ids.length > 0 ? ids : [emptyListChoice(list)];
}

function storedIds(run: Execution, kind: string): string[] {
  try {
    const ids: unknown = JSON.parse(run.store.choices(kind) ?? '[]');
    return Array.isArray(ids) ? ids.map(String) : [];
  } catch {
    return [];
  }
}

/** For set-up: each list as last written (the refresh that follows brings it up to date). */
export function storedListChoices(run: Execution): ListChoices {
  const lists = new Map(identifierLists(run.forms).map((l) => [l.kind, l]));
  return (q: Question) => {
    const kind = q.pattern?.kind ?? '';
    return choicesFor(lists.get(kind) ?? { kind }, storedIds(run, kind));
  };
}

function writeLists(run: Execution, list: IdentifierList, choices: readonly string[]): void {
  const byForm = new Map<string, Set<string>>();
  for (const { form, question } of list.questions) {
    const titles = byForm.get(form.id) ?? new Set<string>();
    titles.add(normaliseHeader(question.title));
    byForm.set(form.id, titles);
  }
  for (const [formId, titles] of byForm) {
    const form = openForm(run.store.formId(formId));
    if (!form) continue; // set-up has not built it yet; it will use the current list
    for (const item of form.getItems(FormApp.ItemType.CHECKBOX)) {
      if (titles.has(normaliseHeader(item.getTitle()))) setListChoices(item.asCheckboxItem(), choices);
    }
  }
}

/**
 * Rewrites the lists whose register `dataset` read, where the identifiers in role
 * changed since last written; returns the kinds rewritten.
 */
export function updateListChoices(run: Execution, dataset: Dataset): string[] {
  const rewritten: string[] = [];
  for (const list of identifierLists(run.forms)) {
    const register = list.register;
    if (!register || !dataset.registered[register.id] || dataset.unreadable.has(register.id)) continue;
    const ids = idsInRole(dataset, register, run.asOf);
    const wanted = JSON.stringify(ids);
    // Compared as read back: the store keeps the JSON ASCII (\u escapes).
    if (run.store.choices(list.kind) !== null && JSON.stringify(storedIds(run, list.kind)) === wanted) continue;
    writeLists(run, list, choicesFor(list, ids));
    run.store.setChoices(list.kind, wanted);
    rewritten.push(list.kind);
  }
  return rewritten;
}
