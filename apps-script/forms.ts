/**
 * Builds a Google Form from a form declaration (core/forms), or brings an existing
 * one up to date: titles, help text, required, choice and checkbox lists, pattern
 * and number validation. Matching is by question title, which is also the response
 * tab's column header, so responses stay where they are when a form is updated.
 */
import type { FormDefinition, Question } from '../core/form.js';
import { normaliseHeader } from '../core/workbook.js';

type Form = GoogleAppsScript.Forms.Form;
type Item = GoogleAppsScript.Forms.Item;
type ItemType = GoogleAppsScript.Forms.ItemType;

/**
 * Google's 2026 Forms change: a form made by the API starts unpublished (it takes no
 * responses) unless made with FormApp.create(title, isPublished)
 * (https://developers.google.com/apps-script/reference/forms/form-app#create(String,Boolean))
 * or published with Form.setPublished(true); Form.isPublished() tells
 * (https://developers.google.com/apps-script/reference/forms/form#isPublished()).
 * The typings predate these. This follows Google's announcement; it could not be
 * tried on a real account here.
 */
export type PublishableForm = Form & { isPublished(): boolean; setPublished(published: boolean): Form };
type PublishingFormApp = { create(title: string, isPublished: boolean): Form };

/**
 * What an identifier list (a checkbox question whose choices come from a register,
 * core/views/choices.ts) offers: the identifiers given (never empty: the caller
 * puts a placeholder when nobody is registered), with "Other" to type one.
 */
export type ListChoices = (q: Question) => readonly string[];

function itemTypeOf(q: Question): ItemType {
  switch (q.type) {
    case 'text':
    case 'number':
      return FormApp.ItemType.TEXT;
    case 'paragraph':
      return FormApp.ItemType.PARAGRAPH_TEXT;
    case 'date':
      return FormApp.ItemType.DATE;
    case 'choice':
    case 'scale': // the agreement labels, not a 1–5 scale: the tab must hold the words
      return FormApp.ItemType.MULTIPLE_CHOICE;
    case 'checkboxes':
      return FormApp.ItemType.CHECKBOX;
    case 'timestamp':
      throw new Error('The Timestamp column is written by Google Forms, not asked');
  }
}

/** An item as the class its kind has (FormApp's add…Item and as…Item both give these). */
type TypedItem =
  | { kind: 'text'; item: GoogleAppsScript.Forms.TextItem }
  | { kind: 'paragraph'; item: GoogleAppsScript.Forms.ParagraphTextItem }
  | { kind: 'date'; item: GoogleAppsScript.Forms.DateItem }
  | { kind: 'choice'; item: GoogleAppsScript.Forms.MultipleChoiceItem }
  | { kind: 'checkboxes'; item: GoogleAppsScript.Forms.CheckboxItem };

function addItem(form: Form, type: ItemType): TypedItem {
  switch (type) {
    case FormApp.ItemType.TEXT:
      return { kind: 'text', item: form.addTextItem() };
    case FormApp.ItemType.PARAGRAPH_TEXT:
      return { kind: 'paragraph', item: form.addParagraphTextItem() };
    case FormApp.ItemType.DATE:
      return { kind: 'date', item: form.addDateItem() };
    case FormApp.ItemType.MULTIPLE_CHOICE:
      return { kind: 'choice', item: form.addMultipleChoiceItem() };
    default:
      return { kind: 'checkboxes', item: form.addCheckboxItem() };
  }
}

function typed(item: Item, type: ItemType): TypedItem {
  switch (type) {
    case FormApp.ItemType.TEXT:
      return { kind: 'text', item: item.asTextItem() };
    case FormApp.ItemType.PARAGRAPH_TEXT:
      return { kind: 'paragraph', item: item.asParagraphTextItem() };
    case FormApp.ItemType.DATE:
      return { kind: 'date', item: item.asDateItem() };
    case FormApp.ItemType.MULTIPLE_CHOICE:
      return { kind: 'choice', item: item.asMultipleChoiceItem() };
    default:
      return { kind: 'checkboxes', item: item.asCheckboxItem() };
  }
}

function numberRule(q: Question): string {
  if (q.min !== undefined && q.max !== undefined) return `A number from ${q.min} to ${q.max}.`;
  if (q.min !== undefined) return `A number, ${q.min} or more.`;
  return q.integer ? 'A whole number.' : 'A number.';
}

function textValidation(q: Question): GoogleAppsScript.Forms.TextValidation | null {
  if (q.pattern) {
    return FormApp.createTextValidation()
      .setHelpText(`Write it like ${q.pattern.example}.`)
      .requireTextMatchesPattern(q.pattern.regex)
      .build();
  }
  if (q.type !== 'number') return null;
  // One rule per item: the range if there is one (core still checks whole numbers).
  const builder = FormApp.createTextValidation().setHelpText(numberRule(q));
  if (q.min !== undefined && q.max !== undefined) builder.requireNumberBetween(q.min, q.max);
  else if (q.min !== undefined) builder.requireNumberGreaterThanOrEqualTo(q.min);
  else if (q.max !== undefined) builder.requireNumberLessThanOrEqualTo(q.max);
  else if (q.integer) builder.requireWholeNumber();
  else builder.requireNumber();
  return builder.build();
}

/** Sets an identifier list's choices (at least one), with an "Other" box. */
export function setListChoices(item: GoogleAppsScript.Forms.CheckboxItem, choices: readonly string[]): void {
  item.setChoiceValues([...choices]).showOtherOption(true);
}

function configure(typedItem: TypedItem, q: Question, listChoices: ListChoices): void {
  const help = q.help ?? '';
  const required = q.required === true;
  switch (typedItem.kind) {
    case 'text': {
      const text = typedItem.item.setTitle(q.title).setHelpText(help).setRequired(required);
      const validation = textValidation(q);
      if (validation) text.setValidation(validation);
      else text.clearValidation();
      return;
    }
    case 'paragraph':
      typedItem.item.setTitle(q.title).setHelpText(help).setRequired(required);
      return;
    case 'date':
      typedItem.item.setTitle(q.title).setHelpText(help).setRequired(required);
      return;
    case 'choice':
      typedItem.item.setTitle(q.title).setHelpText(help).setRequired(required).setChoiceValues([...q.choices!]);
      return;
    case 'checkboxes': {
      const box = typedItem.item.setTitle(q.title).setHelpText(help).setRequired(required);
      if (q.choices) box.setChoiceValues([...q.choices]);
      else setListChoices(box, listChoices(q));
      return;
    }
  }
}

interface FormSync {
  form: Form;
  created: boolean;
  /** Questions added to an existing form. */
  added: string[];
  /** Questions whose item is of another kind than declared: left alone, reported. */
  mismatched: string[];
  /** An existing form found unpublished, and published again. */
  republished: boolean;
}

export function syncForm(definition: FormDefinition, existing: Form | null, listChoices: ListChoices): FormSync {
  const form = (existing ?? (FormApp as unknown as PublishingFormApp).create(definition.title, true)) as PublishableForm;
  // A form nobody can answer is no use: published when made, and again if found unpublished.
  const republished = !form.isPublished();
  if (republished) form.setPublished(true);
  // A response is corrected through its edit link (the tab's Edit link column), which only works while edits are allowed.
  form.setTitle(definition.title).setDescription(definition.description).setAllowResponseEdits(true);

  const items = new Map(form.getItems().map((item) => [normaliseHeader(item.getTitle()), item]));
  const asked = definition.questions.filter((q) => q.type !== 'timestamp');
  const added: string[] = [];
  const mismatched: string[] = [];
  const placed: TypedItem[] = [];
  for (const q of asked) {
    const type = itemTypeOf(q);
    const item = items.get(normaliseHeader(q.title));
    if (item && item.getType() !== type) {
      mismatched.push(q.title);
      continue;
    }
    if (!item && existing) added.push(q.title);
    const typedItem = item ? typed(item, type) : addItem(form, type);
    configure(typedItem, q, listChoices);
    placed.push(typedItem);
  }
  // A question added to an existing form goes to the end; move the declared ones into order.
  if (added.length > 0) {
    placed.forEach(({ item }, index) => {
      const at = item.getIndex();
      if (at !== index) form.moveItem(at, index);
    });
  }
  return { form, created: !existing, added, mismatched, republished: republished && existing !== null };
}

/** The stored form, or null when it was deleted or this account cannot open it. */
export function openForm(id: string | null): Form | null {
  if (!id) return null;
  try {
    return FormApp.openById(id);
  } catch {
    return null;
  }
}
