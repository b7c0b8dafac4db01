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
  /** Cohorts that outcome lines (percentages) are about, by name. */
  cohorts?: Readonly<Record<string, CohortDefinition>>;
  /** The forms of the workbook this scheme uses. */
  forms: readonly FormDefinition[];
  /** The Handlebars template that renders it (in templates/). */
  template: string;
  /** The line the dashboard's chart follows over the quarters (who was supported), and its short name there. */
  trend?: { line: string; label: string };
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

/** A source naming one of the forms, and columns of that form only. */
type SourceOn<F extends Forms> = {
  [Id in FormIdOf<F>]: { form: Id; date: FieldOf<F, Id>; where?: readonly ConditionOn<FieldOf<F, Id>>[]; value?: FieldOf<F, Id> };
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

/** A count line over the given forms. */
export type CountLineOn<F extends Forms> = Omit<CountLine, 'sources'> & { sources: readonly SourceOn<F>[] };
/** A cohort line over the given forms, about one of the named cohorts. */
export type CohortLineOn<F extends Forms, C extends string = string> = Omit<CohortLine, 'cohort' | 'among' | 'answer'> & {
  cohort: C;
  among?: readonly { answer: MemberFieldOn<F>; equals: string }[];
  answer?: MemberFieldOn<F>;
};
/** A report line whose every form and field reference is checked against the given forms. */
type LineOn<F extends Forms, C extends string = string> = CountLineOn<F> | CohortLineOn<F, C>;

/** What `defineScheme` takes besides the forms. */
type SchemeDeclaration<F extends Forms, Id extends string, C extends string> = Omit<Scheme, 'id' | 'forms' | 'lines' | 'cohorts'> & {
  id: Id;
  cohorts?: { readonly [K in C]: CohortOn<F> };
  lines: readonly LineOn<F, NoInfer<C>>[];
};

/** Declares a scheme over its forms; see the module comment. */
export function defineScheme<const F extends Forms, const Id extends string, const C extends string = never>(
  forms: F,
  declaration: SchemeDeclaration<F, Id, C>,
): Scheme & { id: Id } {
  return { ...declaration, forms } as Scheme & { id: Id };
}

/** Count lines declared apart from their scheme (lines two schemes share), checked the same way. */
export function defineLines<const F extends Forms, const L extends readonly CountLineOn<F>[]>(_forms: F, lines: L): L {
  return lines;
}
