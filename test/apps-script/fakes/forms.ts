/**
 * A fake of FormApp, following Google's reference: items created with add…Item()
 * and reached through getItems()/as…Item(), choices that cannot be empty, text
 * validation, and a spreadsheet destination. Linking a form (setDestination) makes
 * a new "Form responses N" tab holding every response so far, first in the
 * spreadsheet, with Timestamp and one column per question; a question added later
 * gets a new column at the end; a response is written to the form's columns, even
 * when a person has inserted a column among them.
 *
 * Unlike a real form, `submit` accepts any answer (no required/pattern checks): it
 * stands for everything that can reach a tab (old forms, "Other" answers, typing).
 *
 * Responses can be read back (Form.getResponses, FormResponse) and, once the form
 * allows it, edited through their edit URL: the edit replaces the response's
 * answers and timestamp, Google rewrites the same row of the linked tab, and the
 * spreadsheet's form-submit trigger fires again for that row with blanks in
 * e.values for the answers the edit left unchanged (see `edit`: what Google does,
 * as users report it; its reference does not describe edits).
 */
import { DateTime } from 'luxon';
import { isDate, type GoogleEnv } from './env.js';
import type { FakeSheet, FakeSpreadsheet, Stored } from './spreadsheet.js';

const ItemType = {
  CHECKBOX: 'CHECKBOX',
  DATE: 'DATE',
  LIST: 'LIST',
  MULTIPLE_CHOICE: 'MULTIPLE_CHOICE',
  PARAGRAPH_TEXT: 'PARAGRAPH_TEXT',
  SCALE: 'SCALE',
  TEXT: 'TEXT',
} as const;
type ItemKind = (typeof ItemType)[keyof typeof ItemType];

const DestinationType = { SPREADSHEET: 'SPREADSHEET' } as const;

class FakeTextValidation {
  constructor(
    readonly rule: string,
    readonly args: unknown[],
    readonly helpText: string,
  ) {}
}

class FakeTextValidationBuilder {
  private rule = '';
  private args: unknown[] = [];
  private helpText = '';

  constructor(private readonly env: GoogleEnv) {}

  private set(rule: string, ...args: unknown[]): this {
    this.env.calls.hit(`TextValidationBuilder.${rule}`);
    this.rule = rule;
    this.args = args;
    return this;
  }

  requireTextMatchesPattern(pattern: string): this {
    new RegExp(pattern); // Google rejects a pattern it cannot read
    return this.set('requireTextMatchesPattern', pattern);
  }

  requireNumberBetween(start: number, end: number): this {
    return this.set('requireNumberBetween', start, end);
  }

  requireNumberGreaterThanOrEqualTo(n: number): this {
    return this.set('requireNumberGreaterThanOrEqualTo', n);
  }

  requireNumberLessThanOrEqualTo(n: number): this {
    return this.set('requireNumberLessThanOrEqualTo', n);
  }

  requireWholeNumber(): this {
    return this.set('requireWholeNumber');
  }

  requireNumber(): this {
    return this.set('requireNumber');
  }

  setHelpText(text: string): this {
    this.env.calls.hit('TextValidationBuilder.setHelpText');
    this.helpText = text;
    return this;
  }

  build(): FakeTextValidation {
    this.env.calls.hit('TextValidationBuilder.build');
    return new FakeTextValidation(this.rule, this.args, this.helpText);
  }
}

/**
 * One class stands for every item kind; the as…Item() casts check the kind as
 * Google's do, and the methods a kind lacks are refused.
 */
class FakeItem {
  title = '';
  helpText = '';
  required = false;
  choices: string[] = [];
  otherOption = false;
  validation: FakeTextValidation | null = null;

  constructor(
    private readonly env: GoogleEnv,
    readonly form: FakeForm,
    readonly kind: ItemKind,
    readonly id: number,
  ) {}

  private hit(method: string): void {
    this.env.calls.hit(`Item.${method}`);
  }

  private cast(kind: ItemKind, name: string): this {
    this.hit(`as${name}`);
    if (this.kind !== kind) this.env.fail(`Item ${this.id} is a ${this.kind} item, not a ${name}.`);
    return this;
  }

  private only(kinds: ItemKind[], method: string): void {
    if (!kinds.includes(this.kind)) this.env.fail(`${method} is not a method of a ${this.kind} item.`);
  }

  asTextItem(): this {
    return this.cast(ItemType.TEXT, 'TextItem');
  }

  asParagraphTextItem(): this {
    return this.cast(ItemType.PARAGRAPH_TEXT, 'ParagraphTextItem');
  }

  asDateItem(): this {
    return this.cast(ItemType.DATE, 'DateItem');
  }

  asMultipleChoiceItem(): this {
    return this.cast(ItemType.MULTIPLE_CHOICE, 'MultipleChoiceItem');
  }

  asCheckboxItem(): this {
    return this.cast(ItemType.CHECKBOX, 'CheckboxItem');
  }

  getId(): number {
    this.hit('getId');
    return this.id;
  }

  getIndex(): number {
    this.hit('getIndex');
    return this.form.items.indexOf(this);
  }

  getType(): ItemKind {
    this.hit('getType');
    return this.kind;
  }

  getTitle(): string {
    this.hit('getTitle');
    return this.title;
  }

  /** A linked tab shows a new question's column, headed by its title (Google adds it as the form is saved; here, once titled). */
  setTitle(title: string): this {
    this.hit('setTitle');
    this.title = title;
    this.form.syncHeaders();
    return this;
  }

  getHelpText(): string {
    this.hit('getHelpText');
    return this.helpText;
  }

  setHelpText(text: string): this {
    this.hit('setHelpText');
    this.helpText = text;
    return this;
  }

  isRequired(): boolean {
    this.hit('isRequired');
    return this.required;
  }

  setRequired(required: boolean): this {
    this.hit('setRequired');
    this.required = required;
    return this;
  }

  /** Google: throws if the array is empty. */
  setChoiceValues(values: string[]): this {
    this.hit('setChoiceValues');
    this.only([ItemType.CHECKBOX, ItemType.MULTIPLE_CHOICE, ItemType.LIST], 'setChoiceValues');
    if (!Array.isArray(values) || values.length === 0) this.env.fail('Invalid data updating form: a choice item needs at least one choice.');
    this.choices = values.map(String);
    return this;
  }

  getChoiceValues(): string[] {
    return [...this.choices];
  }

  showOtherOption(enabled: boolean): this {
    this.hit('showOtherOption');
    this.only([ItemType.CHECKBOX, ItemType.MULTIPLE_CHOICE], 'showOtherOption');
    this.otherOption = enabled;
    return this;
  }

  setValidation(validation: FakeTextValidation): this {
    this.hit('setValidation');
    this.only([ItemType.TEXT, ItemType.PARAGRAPH_TEXT, ItemType.CHECKBOX], 'setValidation');
    this.validation = validation;
    return this;
  }

  clearValidation(): this {
    this.hit('clearValidation');
    this.validation = null;
    return this;
  }
}

interface Response {
  id: string;
  timestamp: Date;
  answers: Map<number, Stored>;
  /** Its row in the linked tab (rewritten in place by an edit), or null while the form is not linked. */
  row: number | null;
}

/**
 * Google: "A response to the form as a whole", with getEditResponseUrl(),
 * getId(), getItemResponses() and getTimestamp()
 * (https://developers.google.com/apps-script/reference/forms/form-response).
 * A snapshot here, taken by getResponses(); the script reads each response at once,
 * so whether Google's objects would see a later edit does not matter.
 */
class FakeFormResponse {
  private readonly timestamp: Date;
  private readonly answers: [FakeItem, Stored][];

  constructor(
    private readonly env: GoogleEnv,
    private readonly form: FakeForm,
    private readonly response: Response,
  ) {
    this.timestamp = new Date(response.timestamp.getTime());
    this.answers = form.items.flatMap((item): [FakeItem, Stored][] => (response.answers.has(item.id) ? [[item, response.answers.get(item.id)!]] : []));
  }

  private hit(method: string): void {
    this.env.calls.hit(`FormResponse.${method}`);
  }

  /** Google: "Gets the ID of the form response" (https://developers.google.com/apps-script/reference/forms/form-response#getId()). */
  getId(): string {
    this.hit('getId');
    return this.response.id;
  }

  /**
   * Google: "Gets the timestamp for a form response submission"
   * (https://developers.google.com/apps-script/reference/forms/form-response#getTimestamp()); after an edit, the edit's.
   */
  getTimestamp(): Date {
    this.hit('getTimestamp');
    return new Date(this.timestamp.getTime());
  }

  /**
   * Google: "Generates a URL that can be used to edit a response that has already
   * been submitted. If the Form.setAllowResponseEdits(enabled) setting is disabled,
   * the link leads to a page that explains that editing form responses is disabled."
   * (https://developers.google.com/apps-script/reference/forms/form-response#getEditResponseUrl()).
   */
  getEditResponseUrl(): string {
    this.hit('getEditResponseUrl');
    return this.form.editUrlOf(this.response);
  }

  /**
   * Google: the item responses "in the same order that the items appear in the form"
   * (https://developers.google.com/apps-script/reference/forms/form-response#getItemResponses());
   * unanswered items are left out (only getGradableItemResponses() keeps them).
   */
  getItemResponses(): FakeItemResponse[] {
    this.hit('getItemResponses');
    return this.answers.map(([item, answer]) => new FakeItemResponse(this.env, item, answer));
  }
}

/**
 * Google: getItem() and getResponse(), which is a String for most items, a
 * String[] for a CheckboxItem, and "YYYY-MM-DD" for a DateItem
 * (https://developers.google.com/apps-script/reference/forms/item-response#getResponse()).
 */
class FakeItemResponse {
  constructor(
    private readonly env: GoogleEnv,
    private readonly item: FakeItem,
    private readonly answer: Stored,
  ) {}

  getItem(): FakeItem {
    this.env.calls.hit('ItemResponse.getItem');
    return this.item;
  }

  getResponse(): string | string[] {
    this.env.calls.hit('ItemResponse.getResponse');
    if (this.item.kind === ItemType.CHECKBOX) return String(this.answer).split(', ');
    if (this.item.kind === ItemType.DATE && isDate(this.answer)) return DateTime.fromJSDate(this.answer, { zone: this.env.timeZone }).toISODate()!;
    return String(this.answer);
  }
}

class FakeForm {
  readonly items: FakeItem[] = [];
  readonly responses: Response[] = [];
  title: string;
  description = '';
  published: boolean;
  destination: { spreadsheet: FakeSpreadsheet; sheet: FakeSheet } | null = null;
  deleted = false;
  /** Google's default for a new form: respondents cannot edit a response once sent. */
  allowResponseEdits = false;
  /** The form's "Accepting responses" switch (see isAcceptingResponses); a test may turn it off. */
  acceptingResponses = true;

  constructor(
    private readonly env: GoogleEnv,
    private readonly app: FakeFormApp,
    readonly id: string,
    title: string,
    published: boolean,
  ) {
    this.title = title;
    this.published = published;
  }

  private hit(method: string): void {
    this.env.calls.hit(`Form.${method}`);
  }

  private add(kind: ItemKind, method: string): FakeItem {
    this.hit(method);
    const item = new FakeItem(this.env, this, kind, this.env.numericId());
    this.items.push(item);
    // A linked tab gets a column for the new question, after the last one.
    const link = this.destination?.sheet.formLink;
    if (link) link.columns.set(String(item.id), this.destination!.sheet.lastColumn() + 1);
    return item;
  }

  /** The header Google writes for a new question column, once the item has its title. */
  syncHeaders(): void {
    const sheet = this.destination?.sheet;
    if (!sheet?.formLink) return;
    for (const item of this.items) {
      const column = sheet.formLink.columns.get(String(item.id));
      if (column !== undefined && sheet.cell(1, column).value === '') sheet.put(1, column, { value: item.title, formula: '' });
    }
  }

  getId(): string {
    this.hit('getId');
    return this.id;
  }

  getTitle(): string {
    this.hit('getTitle');
    return this.title;
  }

  setTitle(title: string): this {
    this.hit('setTitle');
    this.title = title;
    return this;
  }

  setDescription(description: string): this {
    this.hit('setDescription');
    this.description = description;
    return this;
  }

  /** Google's sample: "Publish the form. This also enables accepting responses." (https://developers.google.com/workspace/forms/api/guides/publish-form). */
  setPublished(published: boolean): this {
    this.hit('setPublished');
    this.published = published;
    if (published) this.acceptingResponses = true;
    return this;
  }

  /**
   * Google: "Determines whether the form is currently accepting responses"
   * (https://developers.google.com/apps-script/reference/forms/form#isAcceptingResponses());
   * for an unpublished form it is "forced to false" (the Forms API's PublishState,
   * https://developers.google.com/workspace/forms/api/reference/rest/v1/forms#PublishState).
   */
  isAcceptingResponses(): boolean {
    this.hit('isAcceptingResponses');
    return this.published && this.acceptingResponses;
  }

  setAcceptingResponses(enabled: boolean): this {
    this.hit('setAcceptingResponses');
    this.acceptingResponses = enabled;
    return this;
  }

  isPublished(): boolean {
    this.hit('isPublished');
    return this.published;
  }

  getPublishedUrl(): string {
    this.hit('getPublishedUrl');
    return `https://docs.google.com/forms/d/e/${this.id}-published/viewform`;
  }

  getEditUrl(): string {
    this.hit('getEditUrl');
    return `https://docs.google.com/forms/d/${this.id}/edit`;
  }

  /**
   * Google: "Sets whether the form displays a link to edit a response after
   * submitting it" (https://developers.google.com/apps-script/reference/forms/form#setAllowResponseEdits(Boolean)).
   */
  setAllowResponseEdits(enabled: boolean): this {
    this.hit('setAllowResponseEdits');
    this.allowResponseEdits = enabled;
    return this;
  }

  canEditResponse(): boolean {
    this.hit('canEditResponse');
    return this.allowResponseEdits;
  }

  /**
   * Google: getResponses() "Gets an array of all of the form's responses";
   * getResponses(timestamp) "Gets an array of all of the form's responses after a
   * given date and time" (https://developers.google.com/apps-script/reference/forms/form#getResponses(Date)).
   * "After" is read strictly here: a caller must not count on a response stamped
   * exactly at the time given. An edited response carries the time of its edit.
   */
  getResponses(timestamp?: Date): FakeFormResponse[] {
    this.hit('getResponses');
    if (timestamp !== undefined && !isDate(timestamp)) this.env.fail('The parameters (String) don\'t match the method signature for FormApp.Form.getResponses.');
    const after = timestamp === undefined ? -Infinity : timestamp.getTime();
    const found = this.responses.filter((r) => r.timestamp.getTime() > after);
    this.env.meter.responses(found.length);
    return found.map((r) => new FakeFormResponse(this.env, this, r));
  }

  /**
   * Google: "Deletes a single response from the form's response store. This method
   * does not delete copies of responses stored in a response destination (such as
   * a spreadsheet), but does remove the response from the form's summary view"
   * (https://developers.google.com/apps-script/reference/forms/form#deleteResponse(String)).
   * The reference does not say what an unknown id does: here it throws, so a script
   * that counts on deleting a response it has not just read fails here first.
   */
  deleteResponse(responseId: string): this {
    this.hit('deleteResponse');
    const at = this.responses.findIndex((r) => r.id === responseId);
    if (at === -1) this.env.fail(`No response with the ID ${String(responseId)} exists for this form.`);
    this.responses.splice(at, 1);
    return this;
  }

  getItems(type?: ItemKind): FakeItem[] {
    this.hit('getItems');
    return this.items.filter((i) => type === undefined || i.kind === type);
  }

  addTextItem(): FakeItem {
    return this.add(ItemType.TEXT, 'addTextItem');
  }

  addParagraphTextItem(): FakeItem {
    return this.add(ItemType.PARAGRAPH_TEXT, 'addParagraphTextItem');
  }

  addDateItem(): FakeItem {
    return this.add(ItemType.DATE, 'addDateItem');
  }

  addMultipleChoiceItem(): FakeItem {
    return this.add(ItemType.MULTIPLE_CHOICE, 'addMultipleChoiceItem');
  }

  addCheckboxItem(): FakeItem {
    return this.add(ItemType.CHECKBOX, 'addCheckboxItem');
  }

  deleteItem(item: FakeItem): void {
    this.hit('deleteItem');
    const at = this.items.indexOf(item);
    if (at !== -1) this.items.splice(at, 1);
  }

  moveItem(from: number | FakeItem, to: number): FakeItem {
    this.hit('moveItem');
    const index = typeof from === 'number' ? from : this.items.indexOf(from);
    if (index < 0 || index >= this.items.length || to < 0 || to >= this.items.length) this.env.fail('Invalid item index.');
    const [item] = this.items.splice(index, 1);
    this.items.splice(to, 0, item!);
    return item!;
  }

  /** Google: throws when the form has no destination. */
  getDestinationId(): string {
    this.hit('getDestinationId');
    if (!this.destination) this.env.fail('This form does not currently have a response destination.');
    return this.destination.spreadsheet.id;
  }

  getDestinationType(): string {
    this.hit('getDestinationType');
    if (!this.destination) this.env.fail('This form does not currently have a response destination.');
    return DestinationType.SPREADSHEET;
  }

  /**
   * Linking makes a new response tab every time, holding every response so far. The
   * tab may appear only after this returns (FakeSpreadsheet.addResponseSheet), as
   * Google links asynchronously; its getFormUrl() is the form's …/viewform URL, with
   * the same form id as getEditUrl()'s …/edit.
   */
  setDestination(type: string, id: string): this {
    this.hit('setDestination');
    if (type !== DestinationType.SPREADSHEET) this.env.fail('Unsupported destination type.');
    const spreadsheet = this.app.spreadsheets.get(id) ?? this.env.fail(`No spreadsheet with id ${id}.`);
    this.unlink();
    const sheet = spreadsheet.addResponseSheet();
    sheet.formUrl = `https://docs.google.com/forms/d/${this.id}/viewform`;
    const columns = new Map<string, number>([['timestamp', 1]]);
    sheet.put(1, 1, { value: 'Timestamp', formula: '' });
    this.items.forEach((item, i) => {
      columns.set(String(item.id), i + 2);
      sheet.put(1, i + 2, { value: item.title, formula: '' });
    });
    sheet.formLink = { formId: this.id, columns, rowsDeleted: (first, howMany) => this.rowsDeleted(first, howMany) };
    this.destination = { spreadsheet, sheet };
    for (const response of this.responses) this.write(response);
    return this;
  }

  removeDestination(): this {
    this.hit('removeDestination');
    this.unlink();
    this.destination = null;
    return this;
  }

  /** The old response tab stays, holding its rows, as a plain tab: its getFormUrl() is null from then on. */
  private unlink(): void {
    if (!this.destination) return;
    this.destination.sheet.formLink = null;
    this.destination.sheet.formUrl = null;
  }

  // ---- for the tests (not counted) ----

  item(title: string): FakeItem {
    const item = this.items.find((i) => i.title === title);
    if (!item) throw new Error(`Form "${this.title}" has no question "${title}"`);
    return item;
  }

  /** The response's URL as Google builds it: the published form's, with the response's id. */
  editUrlOf(response: Response): string {
    return `https://docs.google.com/forms/d/e/${this.id}-published/viewform?edit2=${response.id}`;
  }

  /** Rows deleted from the linked tab: a response whose row went has none; those below follow their rows up. */
  private rowsDeleted(first: number, howMany: number): void {
    for (const response of this.responses) {
      if (response.row === null || response.row < first) continue;
      response.row = response.row < first + howMany ? null : response.row - howMany;
    }
  }

  private write(response: Response): number | null {
    const sheet = this.destination?.sheet;
    if (!sheet?.formLink) return null;
    this.syncHeaders();
    response.row = sheet.appendFormRow(this.rowValues(response));
    return response.row;
  }

  /** Every form column of the response's row: its timestamp, its answers, blank for a question left unanswered. */
  private rowValues(response: Response): Map<number, Stored> {
    const values = new Map<number, Stored>();
    for (const [key, column] of this.destination!.sheet.formLink!.columns) {
      values.set(column, key === 'timestamp' ? response.timestamp : (response.answers.get(Number(key)) ?? ''));
    }
    return values;
  }

  /**
   * A response as the form would store it: a date answer (yyyy-mm-dd) as a date
   * cell, ticked boxes joined by ", ", a short answer that is a number as a number,
   * any other text exactly as typed (never a formula). Returns the spreadsheet
   * event Apps Script passes to onFormSubmit, or null if the form is not linked.
   */
  submit(answers: Record<string, string | string[] | null>, timestamp: Date): FormSubmitEvent | null {
    if (!this.published) throw new Error(`Form "${this.title}" is not published: respondents cannot open it, so no response reaches it`);
    if (!this.acceptingResponses) throw new Error(`Form "${this.title}" is not accepting responses: respondents see that it is closed`);
    const stored = new Map<number, Stored>();
    for (const [title, answer] of Object.entries(answers)) {
      if (answer === null || answer === '' || (Array.isArray(answer) && answer.length === 0)) continue;
      const item = this.item(title);
      stored.set(item.id, this.storedAnswer(item, answer));
    }
    const response: Response = { id: `2_${this.env.id('response-')}`, timestamp, answers: stored, row: null };
    this.responses.push(response);
    const row = this.write(response);
    if (row === null) return null;
    return this.app.eventFor(this.destination!.sheet, row);
  }

  /**
   * A respondent opening the edit URL and sending the form again: the answers
   * given replace the response's (null clears one), the rest stay, and the
   * response's timestamp becomes the time of the edit. Google rewrites the
   * response's own row of the linked tab in place (no new row) and fires the
   * spreadsheet's form-submit trigger again with that row's range; in e.values and
   * e.namedValues the answers the edit did not change are blank. Returns that event.
   */
  edit(editUrl: string, answers: Record<string, string | string[] | null>, timestamp: Date): FormSubmitEvent | null {
    if (!this.allowResponseEdits) throw new Error(`Form "${this.title}" does not allow responses to be edited: its edit links show a page saying so`);
    const response = this.responses.find((r) => this.editUrlOf(r) === editUrl);
    if (!response) throw new Error(`No response of "${this.title}" has the edit URL ${editUrl}`);
    const changed = new Set<number>();
    for (const [title, answer] of Object.entries(answers)) {
      const item = this.item(title);
      const before = response.answers.get(item.id);
      if (answer === null || answer === '' || (Array.isArray(answer) && answer.length === 0)) response.answers.delete(item.id);
      else response.answers.set(item.id, this.storedAnswer(item, answer));
      const after = response.answers.get(item.id);
      if (this.env.display(before ?? '') !== this.env.display(after ?? '')) changed.add(item.id);
    }
    response.timestamp = timestamp;
    const sheet = this.destination?.sheet;
    if (!sheet?.formLink || response.row === null) return null;
    this.syncHeaders();
    for (const [column, value] of this.rowValues(response)) sheet.put(response.row, column, { value, formula: '' });
    const shown = new Set([sheet.formLink.columns.get('timestamp')!, ...[...changed].flatMap((id) => sheet.formLink!.columns.get(String(id)) ?? [])]);
    return this.app.eventFor(sheet, response.row, shown);
  }

  private storedAnswer(item: FakeItem, answer: string | string[]): Stored {
    if (Array.isArray(answer)) return answer.join(', ');
    if (item.kind === ItemType.DATE) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(answer);
      if (!m) throw new Error(`A date item takes yyyy-mm-dd in the tests, not "${answer}"`);
      return this.env.wallClock(+m[1]!, +m[2]!, +m[3]!);
    }
    if (item.kind === ItemType.TEXT && /^-?\d+(\.\d+)?$/.test(answer.trim())) return Number(answer);
    return answer;
  }
}

/** The spreadsheet form-submit event: authMode, namedValues, range, source, triggerUid, values. */
export interface FormSubmitEvent {
  authMode: string;
  namedValues: Record<string, string[]>;
  range: unknown;
  source: FakeSpreadsheet;
  triggerUid: string;
  values: string[];
}

export class FakeFormApp {
  readonly ItemType = ItemType;
  readonly DestinationType = DestinationType;
  readonly forms = new Map<string, FakeForm>();
  readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  /** Set by the script fake: the uid of the form-submit trigger, for events. */
  submitTriggerUid: () => string = () => '';

  constructor(private readonly env: GoogleEnv) {}

  /**
   * Google: FormApp.create(title, isPublished) "Creates and returns a new Form"
   * (https://developers.google.com/apps-script/reference/forms/form-app#create(String,Boolean)).
   * Since Google's 2026 Forms change a form made by the API starts unpublished
   * unless isPublished is true, so create(title) gives an unpublished form here; one
   * takes no responses (see submit) until Form.setPublished(true).
   */
  create(title: string, isPublished = false): FakeForm {
    this.env.calls.hit('FormApp.create');
    const form = new FakeForm(this.env, this, this.env.id('form-'), title, isPublished);
    this.forms.set(form.id, form);
    return form;
  }

  /**
   * Google: "Returns the Form with the specified URL. Throws an exception if the URL
   * doesn't exist or the user doesn't have permission to open it"
   * (https://developers.google.com/apps-script/reference/forms/form-app#openByUrl(String)).
   * The form's own URLs (…/forms/d/<id>/edit or …/viewform, as Sheet.getFormUrl() gives) open it.
   */
  openByUrl(url: string): FakeForm {
    this.env.calls.hit('FormApp.openByUrl');
    const id = /^https:\/\/docs\.google\.com\/forms\/d\/([^/e][^/]*)\//.exec(String(url))?.[1];
    const form = id === undefined ? undefined : this.forms.get(id);
    if (!form || form.deleted) this.env.fail('No item with the given ID could be found, or you do not have permission to access it.');
    return form;
  }

  openById(id: string): FakeForm {
    this.env.calls.hit('FormApp.openById');
    const form = this.forms.get(id);
    if (!form || form.deleted) this.env.fail('No item with the given ID could be found, or you do not have permission to access it.');
    return form;
  }

  createTextValidation(): FakeTextValidationBuilder {
    this.env.calls.hit('FormApp.createTextValidation');
    return new FakeTextValidationBuilder(this.env);
  }

  // ---- for the tests ----

  byTitle(title: string): FakeForm {
    const form = [...this.forms.values()].find((f) => f.title === title && !f.deleted);
    if (!form) throw new Error(`No form titled "${title}"`);
    return form;
  }

  /** A response of any form by its edit URL, as a respondent opens it. */
  formOfEditUrl(editUrl: string): FakeForm {
    const form = [...this.forms.values()].find((f) => f.responses.some((r) => f.editUrlOf(r) === editUrl));
    if (!form) throw new Error(`No response has the edit URL ${editUrl}`);
    return form;
  }

  /**
   * The event for a row just written; its range is the row's cells (built without
   * counting calls). With `shown`, only those columns carry their value (an edit).
   */
  eventFor(sheet: FakeSheet, row: number, shown?: ReadonlySet<number>): FormSubmitEvent {
    const width = Math.max(sheet.lastColumn(), 1);
    const cells = sheet.block(row, 1, 1, width)[0]!.map((c) => c.value);
    const header = sheet.block(1, 1, 1, width)[0]!.map((c) => String(c.value));
    const values = cells.map((v, i) => (shown && !shown.has(i + 1) ? '' : this.env.display(v)));
    const namedValues: Record<string, string[]> = {};
    header.forEach((title, i) => {
      if (title) namedValues[title] = [values[i]!];
    });
    return {
      authMode: 'FULL',
      namedValues,
      range: sheet.rangeUncounted(row, 1, 1, width),
      source: sheet.spreadsheet,
      triggerUid: this.submitTriggerUid(),
      values,
    };
  }
}
