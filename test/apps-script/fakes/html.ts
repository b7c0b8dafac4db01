/**
 * HtmlService, after Google's reference: createHtmlOutput(html) gives an HtmlOutput
 * (https://developers.google.com/apps-script/reference/html/html-output) whose
 * setWidth/setHeight "set the initial width/height of a custom dialog" in pixels
 * (Integer), setTitle sets the page's title, and getContent returns the content as
 * given. Each method returns the HtmlOutput, for chaining. What Google would refuse
 * (a size or title of the wrong type) fails here with Apps Script's wording.
 */
import type { GoogleEnv } from './env.js';

export class FakeHtmlOutput {
  /** Not set: Google then picks the dialog's size. */
  private width: number | null = null;
  private height: number | null = null;
  private title = '';

  constructor(
    private readonly env: GoogleEnv,
    private content: string,
  ) {}

  private hit(method: string): void {
    this.env.calls.hit(`HtmlOutput.${method}`);
  }

  private integer(method: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.env.fail(`The parameters (${typeof value}) don't match the method signature for HtmlOutput.${method}.`);
    return Math.trunc(value);
  }

  setWidth(width: number): this {
    this.hit('setWidth');
    this.width = this.integer('setWidth', width);
    return this;
  }

  setHeight(height: number): this {
    this.hit('setHeight');
    this.height = this.integer('setHeight', height);
    return this;
  }

  setTitle(title: string): this {
    this.hit('setTitle');
    if (typeof title !== 'string') this.env.fail(`The parameters (${typeof title}) don't match the method signature for HtmlOutput.setTitle.`);
    this.title = title;
    return this;
  }

  append(addedContent: string): this {
    this.hit('append');
    this.content += String(addedContent);
    return this;
  }

  getContent(): string {
    this.hit('getContent');
    return this.content;
  }

  getWidth(): number | null {
    this.hit('getWidth');
    return this.width;
  }

  getHeight(): number | null {
    this.hit('getHeight');
    return this.height;
  }

  getTitle(): string {
    this.hit('getTitle');
    return this.title;
  }
}

export class FakeHtmlService {
  constructor(private readonly env: GoogleEnv) {}

  /** createHtmlOutput() or createHtmlOutput(html: String); a Blob source is not faked, so it fails. */
  createHtmlOutput(html: unknown = ''): FakeHtmlOutput {
    this.env.calls.hit('HtmlService.createHtmlOutput');
    if (typeof html !== 'string') this.env.fail(`The parameters (${typeof html}) don't match the method signature for HtmlService.createHtmlOutput.`);
    return new FakeHtmlOutput(this.env, html);
  }
}
