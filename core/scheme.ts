/**
 * A scheme: its forms, its report's lines as data, its own checks. Schemes are
 * declared with `defineScheme(forms, …)`, whose const generics check every form
 * and field a line names against the declared question keys when the code is
 * compiled: a misspelt `contactDate` is a compile error, not a report of zeros.
 */
import type { FormDefinition } from './form.js';
import type { Dataset, DataIssue } from './dataset.js';
import type { CohortDefinition, CohortLine, CountLine, Operand, Params, ReportLine } from './report-lines.js';

/** A report a scheme owes its commissioner: its lines are data, evaluated by one engine. */
export interface Scheme {
  /** The `--scheme` name, e.g. `perinatal`. */
  id: string;
  /** The report's title in the contract's own words. */
  title: string;
  /** Who the report is for and under which contract, shown under the title. */
  subtitle: string;
  /** Values the lines' `{ param }` operands take, e.g. `{ scheme: 'Perinatal' }`. */
  params: Params;
  lines: readonly ReportLine[];
  /**
   * Headings of sections below the numbered lines, each with the note shown under it
   * (what its lines show, and that they are not the contract's); a line names its
   * heading in `group`.
   */
  groups?: Readonly<Record<string, string>>;
  /** Cohorts that outcome lines (percentages) are about, by name. */
  cohorts?: Readonly<Record<string, CohortDefinition>>;
  /** The forms of the workbook this scheme uses. */
  forms: readonly FormDefinition[];
  /** The Handlebars template that renders it (in templates/). */
  template: string;
  /** The line the dashboard's chart follows over the quarters (who was supported), and its short name there. */
  trend?: { line: string; label: string };
  /** The breakdown the report draws as a bar chart: the lines whose `parent` is `line`, under `title`. */
  breakdown?: { line: string; title: string };
  /** The working views the scheme offers in the spreadsheet (built by the Apps Script host). */
  views?: readonly SchemeView[];
  /** The scheme's own rules for `peerkit check` (a mentor's pathway, a buddy's hours), as warnings. */
  checks?: (dataset: Dataset, asOf: string) => DataIssue[];
}

/** Views a scheme can ask the spreadsheet for; the Apps Script host has one builder for each. */
export type SchemeView = 'dueForRelease' | 'supporterOverview';

// --- Typed references ------------------------------------------------------

type Forms = readonly FormDefinition[];
/** A key that stayed a literal type; a key widened to `string` would check nothing, so it is refused. */
type Literal<K> = string extends K ? never : K;
/** The ids of the forms given. */
type FormIdOf<F extends Forms> = F[number]['id'];
/** The question keys of one of the forms given. */
export type FieldOf<F extends Forms, Id = FormIdOf<F>> = Literal<Extract<F[number], { id: Id }>['questions'][number]['key']>;

type ConditionOn<K> =
  | { field: K; equals: Operand }
  | { field: K; includes: Operand }
  | { field: K; in: readonly Operand[] };

/** The ids of the forms given that are upserted (registrations, merged by identifier). */
type UpsertedIdOf<F extends Forms> = Extract<F[number], { upsertBy: string }>['id'];

/** A source's `registered`: an upserted form among those given, and a field of it. */
type RegisteredOn<F extends Forms> = {
  [R in UpsertedIdOf<F>]: { form: R; field: FieldOf<F, R>; includes: Operand };
}[UpsertedIdOf<F>];

/** The rows of a source's `precededBy`: each a form among those given, with columns of that form. */
type PrecedingRowsOn<F extends Forms> = {
  [P in FormIdOf<F>]: { form: P; date: FieldOf<F, P>; by: FieldOf<F, P>; where?: readonly ConditionOn<FieldOf<F, P>>[] };
}[FormIdOf<F>];

/** A source naming one of the forms, and columns of that form only. */
type SourceOn<F extends Forms> = {
  [Id in FormIdOf<F>]: {
    form: Id;
    date: FieldOf<F, Id>;
    where?: readonly ConditionOn<FieldOf<F, Id>>[];
    value?: FieldOf<F, Id>;
    registered?: RegisteredOn<F>;
    precededBy?: { days: number; rows: readonly PrecedingRowsOn<F>[] };
  };
}[FormIdOf<F>];

type CohortOn<F extends Forms> = {
  [Id in FormIdOf<F>]: Omit<CohortDefinition, 'form' | 'date' | 'by' | 'followUp'> & {
    form: Id;
    date: FieldOf<F, Id>;
    by: FieldOf<F, Id>;
    followUp?: { [Id2 in FormIdOf<F>]: { form: Id2; date: FieldOf<F, Id2>; by: FieldOf<F, Id2> } }[FormIdOf<F>];
  };
}[FormIdOf<F>];

type MemberFieldOn<F extends Forms> = { from: 'first' | 'followUp'; field: FieldOf<F> };

/** A count line over the given forms, under one of the headings G if it names one. */
export type CountLineOn<F extends Forms, G extends string = never> = Omit<CountLine, 'sources' | 'group'> & { sources: readonly SourceOn<F>[]; group?: G };
/** A cohort line over the given forms, about one of the named cohorts. */
export type CohortLineOn<F extends Forms, C extends string = string, G extends string = never> = Omit<CohortLine, 'cohort' | 'among' | 'answer' | 'group'> & {
  cohort: C;
  among?: readonly { answer: MemberFieldOn<F>; equals: string }[];
  answer?: MemberFieldOn<F>;
  group?: G;
};
/** A report line whose every form and field reference (and heading) is checked against the given forms (and headings). */
type LineOn<F extends Forms, C extends string = string, G extends string = never> = CountLineOn<F, G> | CohortLineOn<F, C, G>;

/** What `defineScheme` takes besides the forms. */
type SchemeDeclaration<F extends Forms, Id extends string, C extends string, G extends string> = Omit<Scheme, 'id' | 'forms' | 'lines' | 'cohorts' | 'groups'> & {
  id: Id;
  cohorts?: { readonly [K in C]: CohortOn<F> };
  groups?: { readonly [K in G]: string };
  lines: readonly LineOn<F, NoInfer<C>, NoInfer<G>>[];
};

/** Declares a scheme over its forms; see the module comment. */
export function defineScheme<const F extends Forms, const Id extends string, const C extends string = never, const G extends string = never>(
  forms: F,
  declaration: SchemeDeclaration<F, Id, C, G>,
): Scheme & { id: Id } {
  // A share's line must come first: the types cannot see the order of the lines, so it is checked here, when the scheme loads.
  declaration.lines.forEach((line, i) => {
    const before = (id: string) => declaration.lines.slice(0, i).some((l) => l.id === id);
    if ('of' in line && line.of !== undefined && !before(line.of)) {
      throw new Error(`Scheme ${declaration.id}: line ${line.id} is a share of "${line.of}", which is not a line before it`);
    }
    if (line.parent !== undefined && !before(line.parent)) throw new Error(`Scheme ${declaration.id}: line ${line.id} has parent "${line.parent}", which is not a line before it`);
    if ('shareOfParent' in line && line.shareOfParent && line.parent === undefined) throw new Error(`Scheme ${declaration.id}: line ${line.id} is a share of its parent but names none`);
  });
  const breakdown = declaration.breakdown;
  if (breakdown && !declaration.lines.some((l) => l.parent === breakdown.line)) throw new Error(`Scheme ${declaration.id}: the breakdown of "${breakdown.line}" has no lines whose parent it is`);
  return { ...declaration, forms } as Scheme & { id: Id };
}

/** Count lines declared apart from their scheme (lines two schemes share), checked the same way. */
export function defineLines<const F extends Forms, const L extends readonly CountLineOn<F>[]>(_forms: F, lines: L): L {
  return lines;
}
