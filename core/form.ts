/**
 * Forms as code: each tab of the workbook is declared once. The declaration is
 * host-neutral data: the generator validates rows with it, the data dictionary is
 * printed from it, and Apps Script set-up builds the Google Form from it.
 */

type QuestionType =
  | 'timestamp' // Google Forms' own first column
  | 'text'
  | 'paragraph'
  | 'date'
  | 'choice' // one of `choices`
  | 'checkboxes' // one or more of `choices` (or identifiers), joined by ", " in one cell
  | 'scale' // one of an ordered `choices` list (Likert)
  | 'number';

/** A pattern an identifier must match (after trimming and upper-casing). */
export interface IdentifierPattern {
  /** Anchored regular expression source, e.g. `^PS-\d{3,}$`. */
  regex: string;
  /** A valid example, shown in help text and error messages. */
  example: string;
  /** Identifiers of one kind are cross-checked against the registration form that defines them, if any. */
  kind: 'supporter' | 'woman' | 'mentor' | 'mentee' | (string & {});
  /**
   * Whom the identifier is unique across, which decides how a roll-up of several
   * sites counts it (data contract §9): `national` (a prison number: a woman moved
   * between prisons is one person, counted once) or `site` (a Supporter ID: PS-007
   * at two prisons is two people, counted by site and ID).
   */
  identity: 'national' | 'site';
}

export interface Question {
  /** The question text, which is also the column header of the response tab. */
  title: string;
  /** The field name records use in code. */
  key: string;
  type: QuestionType;
  required?: boolean;
  /** Help text shown under the question in the form. */
  help?: string;
  /** Vocabulary for choice, checkboxes and scale questions. */
  choices?: readonly string[];
  /** For identifiers (text) and lists of identifiers (checkboxes without choices). */
  pattern?: IdentifierPattern;
  /** For numbers. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** An amount in pounds (the only currency): `£5.25`, `£1,200` and `5.25` are all read as numbers. */
  money?: boolean;
  /** A date that may lie ahead (an expected release date); other dates after today are flagged. */
  mayBeFuture?: boolean;
  /**
   * True where the answer can identify a person (names, identifiers, free text):
   * such a value is never repeated in an error message, a log or a report.
   */
  personal?: boolean;
}

export interface FormDefinition {
  /** Stable id used in code and indicator definitions, e.g. `contacts`. */
  id: string;
  /** The tab the responses land in. */
  tab: string;
  /** The Google Form's title. */
  title: string;
  description: string;
  questions: readonly Question[];
  /**
   * For registration forms: a later row with the same identifier updates the
   * earlier one, each non-blank answer of the later row winning.
   */
  upsertBy?: string;
  /** A tab kept by hand (no Google Form), e.g. the services directory. */
  manual?: boolean;
}

/**
 * Columns kept beside a form's answers on any tab (data contract §2, Corrections).
 * No question may use these titles: they are matched as headers are.
 */
export const SYSTEM_COLUMNS = {
  /** Added by hand: anything typed in it withdraws the row from every count. */
  void: 'Void',
  /** Written by Apps Script: the response's edit URL, through which it is corrected. */
  editLink: 'Edit link',
} as const;

/**
 * Declares a form keeping its id and question keys as literal types, so that
 * `defineScheme` can check report lines against them at compile time.
 */
export function defineForm<const F extends FormDefinition>(form: F): F & FormDefinition {
  return form;
}

/** A question shared by several forms, its key kept literal (see defineForm). */
export function question<const Q extends Question>(q: Q): Q & Question {
  return q;
}
