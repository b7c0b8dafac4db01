/**
 * The call bounds the README states ("Limits and figures"), which budget.test.ts
 * and the day scenario (day.test.ts) assert.
 */
import { CONTRACT_FORMS } from '../../core/schemes/contract/forms.js';

/** The bounds stated in the README ("Limits and figures"). */
export const SUBMISSION_CALLS = 15;
/** Calls of the other services a submission makes (the lock, the document and script properties). */
export const SUBMISSION_OTHER_CALLS = 10;
/** A rebuild with the contract's two schemes (nine tabs). */
export const REBUILD_CALLS = 160;
/** Each form beyond the contract's (one more tab listed and read in a rebuild) adds at most this many calls. */
export const CALLS_PER_FURTHER_FORM = 5;
/**
 * Responses to one form sent within the same second (a double click) are told apart
 * by the rebuild by their answers: at most this many responses, each costing its
 * answers + 2 calls.
 */
export const SAME_SECOND_RESPONSES_COMPARED = 3;

/** A rebuild's bound when the configured schemes have `forms` forms (manual tabs included). */
export function refreshBound(base: number, forms: number): number {
  return base + CALLS_PER_FURTHER_FORM * Math.max(0, forms - CONTRACT_FORMS.length);
}

/** The services that are not Spreadsheets or Forms (the fakes' call names start so): a submission's 15 do not count them. */
export const OTHER_SERVICES = /^(Properties\(|Lock\.|LockService\.|ScriptApp\.|Trigger\.|TriggerBuilder\.|Session\.|User\.|Ui\.)/;
