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
 */
import type { GoogleEnv } from './env.js';
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

  setTitle(title: string): this {
    this.hit('setTitle');
    this.title = title;
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
  timestamp: Date;
  answers: Map<number, Stored>;
}

class FakeForm {
  readonly items: FakeItem[] = [];
  readonly responses: Response[] = [];
  title: string;
  description = '';
  published: boolean;
  destination: { spreadsheet: FakeSpreadsheet; sheet: FakeSheet } | null = null;
  deleted = false;

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
  private syncHeaders(): void {
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

  setPublished(published: boolean): this {
    this.hit('setPublished');
    this.published = published;
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

  /** Linking makes a new response tab every time, holding every response so far. */
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
    sheet.formLink = { formId: this.id, columns };
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

  private write(response: Response): number | null {
    const sheet = this.destination?.sheet;
    if (!sheet?.formLink) return null;
    this.syncHeaders();
    const values = new Map<number, Stored>([[sheet.formLink.columns.get('timestamp')!, response.timestamp]]);
    for (const [itemId, answer] of response.answers) {
      const column = sheet.formLink.columns.get(String(itemId));
      if (column !== undefined) values.set(column, answer);
    }
    return sheet.appendFormRow(values);
  }

  /**
   * A response as the form would store it: a date answer (yyyy-mm-dd) as a date
   * cell, ticked boxes joined by ", ", a short answer that is a number as a number,
   * any other text exactly as typed (never a formula). Returns the spreadsheet
   * event Apps Script passes to onFormSubmit, or null if the form is not linked.
   */
  submit(answers: Record<string, string | string[] | null>, timestamp: Date): FormSubmitEvent | null {
    const stored = new Map<number, Stored>();
    for (const [title, answer] of Object.entries(answers)) {
      if (answer === null || answer === '' || (Array.isArray(answer) && answer.length === 0)) continue;
      const item = this.item(title);
      stored.set(item.id, this.storedAnswer(item, answer));
    }
    const response = { timestamp, answers: stored };
    this.responses.push(response);
    const row = this.write(response);
    if (row === null) return null;
    return this.app.eventFor(this.destination!.sheet, row);
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

  create(title: string, isPublished = true): FakeForm {
    this.env.calls.hit('FormApp.create');
    const form = new FakeForm(this.env, this, this.env.id('form-'), title, isPublished);
    this.forms.set(form.id, form);
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

  /** The event for a row just written; its range is the row's cells (built without counting calls). */
  eventFor(sheet: FakeSheet, row: number): FormSubmitEvent {
    const width = Math.max(sheet.lastColumn(), 1);
    const cells = sheet.block(row, 1, 1, width)[0]!.map((c) => c.value);
    const header = sheet.block(1, 1, 1, width)[0]!.map((c) => String(c.value));
    const values = cells.map((v) => this.env.display(v));
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
