/**
 * The identifier lists on the forms. A checkbox question without a vocabulary
 * whose pattern kind a registration form (`upsertBy`) defines offers that
 * register's identifiers in role: the Supporter IDs on the Contacts, Training and
 * Supervision forms, the Mentor IDs on the Mentee session log. The lists are data
 * like everything else: any scheme's register and lists work the same way.
 */
import { textOf } from '../../core/validate.js';
import type { Dataset } from '../../core/dataset.js';
import type { FormDefinition, Question } from '../../core/form.js';

/** A question whose answer is a list of identifiers (the choices come from a register, if any). */
function isIdentifierList(q: Question): boolean {
  return q.type === 'checkboxes' && !q.choices && q.pattern !== undefined;
}

export interface IdentifierList {
  /** The identifier pattern's kind, e.g. `supporter`, `mentor`. */
  kind: string;
  /** The form that registers this kind, when one of `forms` does. */
  register?: FormDefinition;
  /** The forms that ask for a list of this kind, with the questions. */
  questions: { form: FormDefinition; question: Question }[];
}

/** The identifier lists the given forms ask for, by kind, in the order the forms first ask. */
export function identifierLists(forms: readonly FormDefinition[]): IdentifierList[] {
  const registers = new Map<string, FormDefinition>();
  for (const form of forms) {
    const id = form.questions.find((q) => q.key === form.upsertBy);
    if (id?.pattern && !registers.has(id.pattern.kind)) registers.set(id.pattern.kind, form);
  }
  const lists = new Map<string, IdentifierList>();
  for (const form of forms) {
    for (const question of form.questions.filter(isIdentifierList)) {
      const kind = question.pattern!.kind;
      let list = lists.get(kind);
      if (!list) lists.set(kind, (list = { kind, register: registers.get(kind), questions: [] }));
      list.questions.push({ form, question });
    }
  }
  return [...lists.values()];
}


/**
 * The identifiers a register holds that are in role on `asOf`, sorted: no start
 * date after it, and no end date before it. (A register without those questions
 * offers everyone registered; a mentor still shadowing has no start date yet and
 * is offered, as shadowing is work with another mentor.)
 */
export function idsInRole(dataset: Dataset, register: FormDefinition, asOf: string): string[] {
  const key = register.upsertBy!;
  return [...(dataset.registered[register.id]?.values() ?? [])]
    .filter((r) => {
      const start = textOf(r.values.startDate);
      const end = textOf(r.values.endDate);
      return (start === null || start <= asOf) && (end === null || end >= asOf);
    })
    .map((r) => String(r.values[key]))
    .sort();
}

/**
 * What a checkbox list offers while nobody is registered: a checkbox item needs at
 * least one choice, and "Other" lets an identifier be typed. Either way the row is
 * checked against the identifier's pattern, so a wrong answer is reported, never lost.
 */
export function emptyListChoice(list: Pick<IdentifierList, 'kind' | 'register'>): string {
  if (list.kind === 'supporter') return 'No peer supporter registered yet: use Other';
  const idTitle = list.register?.questions.find((q) => q.key === list.register!.upsertBy)?.title;
  return idTitle ? `No ${idTitle} registered yet: use Other` : 'Type the ID under Other';
}
