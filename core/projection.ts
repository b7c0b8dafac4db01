/**
 * Projection: the answers a command reads, so that a dataset's records keep only
 * those. Every answer of every row is still validated (a row's validity, its issues
 * and the row accounting depend on all of them); an answer nobody reads is just not
 * stored. Derived from the schemes' declarations, never listed by hand: a report
 * reads the fields its lines, cohorts and value filters name.
 */
import type { FormDefinition } from './form.js';
import type { CohortDefinition, ReportLine } from './report-lines.js';
import type { Scheme } from './scheme.js';

/** The fields a command reads, by form id. Undefined wherever it is passed: every field. */
export type Projection = ReadonlyMap<string, ReadonlySet<string>>;

/** The fields a report's lines read, by form: dates, filters, counted values, registrations, preceding rows, cohorts and their answers. */
function fieldsRead(lines: readonly ReportLine[], cohorts: Readonly<Record<string, CohortDefinition>> = {}): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (form: string, ...fields: (string | undefined)[]) => {
    const set = out.get(form) ?? new Set<string>();
    for (const f of fields) if (f !== undefined) set.add(f);
    out.set(form, set);
  };
  for (const line of lines) {
    if ('sources' in line) {
      for (const s of line.sources) {
        add(s.form, s.date, s.value, ...(s.where ?? []).map((c) => c.field));
        if (s.registered) add(s.registered.form, s.registered.field);
        for (const r of s.precededBy?.rows ?? []) add(r.form, r.date, r.by, ...(r.where ?? []).map((c) => c.field));
      }
      continue;
    }
    const cohort = cohorts[line.cohort];
    if (!cohort) continue; // evaluating the line says so
    add(cohort.form, cohort.date, cohort.by);
    if (cohort.followUp) add(cohort.followUp.form, cohort.followUp.date, cohort.followUp.by);
    for (const answer of [...(line.among ?? []).map((a) => a.answer), ...(line.answer ? [line.answer] : [])]) {
      const form = answer.from === 'first' ? cohort.form : cohort.followUp?.form;
      if (form !== undefined) add(form, answer.field);
    }
  }
  return out;
}

/** What reports of these schemes read, together. */
export function reportProjection(schemes: readonly Scheme[]): Projection {
  const out = new Map<string, Set<string>>();
  for (const scheme of schemes) {
    for (const [form, fields] of fieldsRead(scheme.lines, scheme.cohorts)) out.set(form, new Set([...(out.get(form) ?? []), ...fields]));
  }
  return out;
}

/**
 * The questions of `form` whose answers its records keep, or undefined for all.
 * Besides what the command reads, the dataset itself reads some while it is made:
 * a registration form's identifier and Timestamp (merging its rows), and every
 * identifier (warnings about identifiers no register knows, data contract §2).
 */
export function keptFields(form: FormDefinition, projection: Projection | undefined): ReadonlySet<string> | undefined {
  if (!projection) return undefined;
  const read = projection.get(form.id);
  return new Set(
    form.questions
      .filter((q) => read?.has(q.key) || q.pattern !== undefined || (form.upsertBy !== undefined && (q.key === form.upsertBy || q.type === 'timestamp')))
      .map((q) => q.key),
  );
}
