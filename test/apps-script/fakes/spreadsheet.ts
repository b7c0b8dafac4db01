/**
 * A fake of SpreadsheetApp that behaves as Google's reference describes it:
 * 1-based ranges that must lie inside the sheet's grid, rectangular getValues()
 * with '' for empty cells and Date objects for date cells, setValues() that throws
 * when the data's dimensions differ from the range's, and setValues() reading
 * strings the way Sheets reads typed input: "=…" (and "+…", "-…", "@…" that are not
 * numbers) become formulas, numbers and dd/mm/yyyy dates are parsed, and a leading
 * apostrophe keeps the rest as plain text. Every method call is counted, and a
 * test can make the next call of a kind on a tab fail (GoogleEnv.failNext).
 */
import { DateTime } from 'luxon';
import { isDate, type GoogleEnv } from './env.js';

export type Stored = string | number | boolean | Date;

interface CellData {
  value: Stored;
  formula: string;
}

const EMPTY: CellData = { value: '', formula: '' };

/**
 * Google: a spreadsheet holds "up to 10 million cells" across all its tabs, empty
 * ones included (Google Drive Help, "Files you can store in Google Drive",
 * https://support.google.com/drive/answer/37603): every tab's grid, max rows × max
 * columns, counts. A change that would pass it is refused with this message, the
 * one Sheets gives scripts and API clients (quoted in
 * https://github.com/UoaWDCC/uasc-web/pull/833 and, at the older limits,
 * https://github.com/burnash/gspread/issues/516).
 */
export const CELL_LIMIT = 10_000_000;
const OVER_CELL_LIMIT = `This action would increase the number of cells in the workbook above the limit of ${CELL_LIMIT} cells.`;
/** A new tab's grid, as Sheets makes it: 1,000 rows × 26 columns (A–Z). */
const NEW_TAB = { rows: 1000, columns: 26 };
const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const SLASHED_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** What Sheets stores for a value written by setValues()/setValue(). */
function interpret(env: GoogleEnv, input: unknown): CellData {
  if (input === null || input === undefined || input === '') return EMPTY;
  if (isDate(input)) return { value: new Date(input.getTime()), formula: '' };
  if (typeof input === 'number' || typeof input === 'boolean') return { value: input, formula: '' };
  if (typeof input !== 'string') env.fail(`Cannot write a value of type ${Object.prototype.toString.call(input)} into a cell.`);
  if (input.startsWith("'")) return { value: input.slice(1), formula: '' };
  if (NUMBER.test(input)) return { value: Number(input), formula: '' };
  if (/^[=+\-@]/.test(input)) return { value: '#ERROR!', formula: input.startsWith('=') ? input : `=${input}` };
  const slashed = SLASHED_DATE.exec(input);
  if (slashed) {
    const [first, second, year] = [+slashed[1]!, +slashed[2]!, +slashed[3]!];
    const [day, month] = env.locale === 'en_US' ? [second, first] : [first, second];
    if (DateTime.fromObject({ year, month, day }).isValid) return { value: env.wallClock(year, month, day), formula: '' };
  }
  const iso = ISO_DATE.exec(input);
  if (iso && DateTime.fromObject({ year: +iso[1]!, month: +iso[2]!, day: +iso[3]! }).isValid) {
    return { value: env.wallClock(+iso[1]!, +iso[2]!, +iso[3]!), formula: '' };
  }
  if (/^(true|false)$/i.test(input)) return { value: input.toLowerCase() === 'true', formula: '' };
  return { value: input, formula: '' };
}

function copy(value: Stored): Stored {
  return isDate(value) ? new Date(value.getTime()) : value;
}

function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

class FakeDataValidationBuilder {
  criteria: { type: string; values: unknown[] } | null = null;
  allowInvalid = true;
  helpText = '';

  constructor(private readonly env: GoogleEnv) {}

  requireValueInList(values: string[], showDropdown = true): this {
    this.env.calls.hit('DataValidationBuilder.requireValueInList');
    this.criteria = { type: 'VALUE_IN_LIST', values: [values, showDropdown] };
    return this;
  }

  requireDate(): this {
    this.env.calls.hit('DataValidationBuilder.requireDate');
    this.criteria = { type: 'DATE_IS_VALID_DATE', values: [] };
    return this;
  }

  setAllowInvalid(allow: boolean): this {
    this.env.calls.hit('DataValidationBuilder.setAllowInvalid');
    this.allowInvalid = allow;
    return this;
  }

  setHelpText(text: string): this {
    this.env.calls.hit('DataValidationBuilder.setHelpText');
    this.helpText = text;
    return this;
  }

  build(): FakeDataValidation {
    this.env.calls.hit('DataValidationBuilder.build');
    if (!this.criteria) this.env.fail('You must specify a data validation criteria.');
    return new FakeDataValidation(this.criteria.type, this.criteria.values, this.allowInvalid, this.helpText);
  }
}

class FakeDataValidation {
  constructor(
    readonly type: string,
    readonly values: unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
}

class FakeRange {
  constructor(
    private readonly env: GoogleEnv,
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {}

  private hit(method: string): void {
    this.env.hitOn(`Range.${method}`, this.sheet.name);
  }

  getSheet(): FakeSheet {
    this.hit('getSheet');
    return this.sheet;
  }

  getRow(): number {
    this.hit('getRow');
    return this.row;
  }

  getColumn(): number {
    this.hit('getColumn');
    return this.column;
  }

  getNumRows(): number {
    this.hit('getNumRows');
    return this.numRows;
  }

  getNumColumns(): number {
    this.hit('getNumColumns');
    return this.numColumns;
  }

  getLastRow(): number {
    this.hit('getLastRow');
    return this.row + this.numRows - 1;
  }

  getLastColumn(): number {
    this.hit('getLastColumn');
    return this.column + this.numColumns - 1;
  }

  getA1Notation(): string {
    this.hit('getA1Notation');
    const start = `${columnLetters(this.column)}${this.row}`;
    if (this.numRows === 1 && this.numColumns === 1) return start;
    return `${start}:${columnLetters(this.column + this.numColumns - 1)}${this.row + this.numRows - 1}`;
  }

  /** Rectangular: numRows arrays of numColumns values; '' where a cell is empty. */
  getValues(): Stored[][] {
    this.hit('getValues');
    this.env.reads.hit(this.sheet.name);
    this.env.meter.cellsRead(this.numRows * this.numColumns);
    return this.sheet.block(this.row, this.column, this.numRows, this.numColumns).map((r) => r.map((c) => copy(c.value)));
  }

  getFormulas(): string[][] {
    this.hit('getFormulas');
    return this.sheet.block(this.row, this.column, this.numRows, this.numColumns).map((r) => r.map((c) => c.formula));
  }

  getValue(): Stored {
    this.hit('getValue');
    return copy(this.sheet.cell(this.row, this.column).value);
  }

  setValues(values: unknown[][]): this {
    this.hit('setValues');
    this.env.writes.hit(this.sheet.name);
    this.env.meter.cellsWritten(this.numRows * this.numColumns);
    if (!Array.isArray(values) || values.some((r) => !Array.isArray(r))) this.env.fail('The parameters (String) don\'t match the method signature for SpreadsheetApp.Range.setValues.');
    if (values.length !== this.numRows) {
      this.env.fail(`The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.numRows}.`);
    }
    for (const row of values) {
      if (row.length !== this.numColumns) {
        this.env.fail(`The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.numColumns}.`);
      }
    }
    const cells = values.map((row) => row.map((v) => interpret(this.env, v)));
    cells.forEach((row, r) => row.forEach((cell, c) => this.sheet.put(this.row + r, this.column + c, cell)));
    return this;
  }

  setValue(value: unknown): this {
    this.hit('setValue');
    for (let r = 0; r < this.numRows; r++) for (let c = 0; c < this.numColumns; c++) this.sheet.put(this.row + r, this.column + c, interpret(this.env, value));
    return this;
  }

  clearContent(): this {
    this.hit('clearContent');
    for (let r = 0; r < this.numRows; r++) for (let c = 0; c < this.numColumns; c++) this.sheet.put(this.row + r, this.column + c, EMPTY);
    return this;
  }

  setDataValidation(rule: FakeDataValidation | null): this {
    this.hit('setDataValidation');
    for (let c = 0; c < this.numColumns; c++) this.sheet.validations.set(this.column + c, { fromRow: this.row, rule });
    return this;
  }

  setNumberFormat(format: string): this {
    this.hit('setNumberFormat');
    this.sheet.numberFormats.push({ a1: `${this.row},${this.column},${this.numRows},${this.numColumns}`, format });
    return this;
  }
}

class FakeChartBuilder {
  ranges: FakeRange[] = [];
  type = '';
  options: Record<string, unknown> = {};
  position: number[] = [];

  constructor(
    private readonly env: GoogleEnv,
    private readonly chartId: string | null = null,
  ) {}

  private hit(method: string): this {
    this.env.calls.hit(`EmbeddedChartBuilder.${method}`);
    return this;
  }

  addRange(range: FakeRange): this {
    this.ranges.push(range);
    return this.hit('addRange');
  }

  clearRanges(): this {
    this.ranges = [];
    return this.hit('clearRanges');
  }

  setChartType(type: string): this {
    this.type = type;
    return this.hit('setChartType');
  }

  setOption(option: string, value: unknown): this {
    this.options[option] = value;
    return this.hit('setOption');
  }

  setPosition(anchorRow: number, anchorColumn: number, offsetX: number, offsetY: number): this {
    this.position = [anchorRow, anchorColumn, offsetX, offsetY];
    return this.hit('setPosition');
  }

  build(): FakeChart {
    this.hit('build');
    if (!this.type) this.env.fail('Chart type must be set.');
    return new FakeChart(this.env, this.chartId ?? this.env.id('chart-'), this.type, [...this.ranges], { ...this.options }, [...this.position]);
  }
}

class FakeChart {
  constructor(
    private readonly env: GoogleEnv,
    readonly id: string,
    readonly type: string,
    readonly ranges: FakeRange[],
    readonly options: Record<string, unknown>,
    readonly position: number[],
  ) {}

  getRanges(): FakeRange[] {
    this.env.calls.hit('EmbeddedChart.getRanges');
    return [...this.ranges];
  }

  getChartId(): string {
    this.env.calls.hit('EmbeddedChart.getChartId');
    return this.id;
  }

  modify(): FakeChartBuilder {
    this.env.calls.hit('EmbeddedChart.modify');
    const builder = new FakeChartBuilder(this.env, this.id);
    builder.ranges = [...this.ranges];
    builder.type = this.type;
    builder.options = { ...this.options };
    builder.position = [...this.position];
    return builder;
  }
}

/** Where a linked form writes each answer: item id (or "timestamp") → column (1-based). */
interface FormLink {
  formId: string;
  columns: Map<string, number>;
  /** Told when rows are deleted, so that the form's responses keep pointing at their rows as they move up. */
  rowsDeleted(first: number, howMany: number): void;
}

export class FakeSheet {
  private rows: CellData[][] = [];
  /** Bumped on every change of the grid: lastRow/lastColumn are worked out once per version (a 50,000-row tab is read often). */
  private version = 0;
  private extent: { version: number; rows: number; columns: number } | null = null;
  maxRows = NEW_TAB.rows;
  maxColumns = NEW_TAB.columns;
  frozenRows = 0;
  formLink: FormLink | null = null;
  formUrl: string | null = null;
  readonly validations = new Map<number, { fromRow: number; rule: FakeDataValidation | null }>();
  readonly numberFormats: { a1: string; format: string }[] = [];
  readonly charts: FakeChart[] = [];

  constructor(
    private readonly env: GoogleEnv,
    readonly spreadsheet: FakeSpreadsheet,
    public name: string,
    readonly sheetId: number,
  ) {}

  private hit(method: string): void {
    this.env.hitOn(`Sheet.${method}`, this.name);
  }

  // ---- the grid, for the fakes and the tests (not counted) ----

  cell(row: number, column: number): CellData {
    return this.rows[row - 1]?.[column - 1] ?? EMPTY;
  }

  put(row: number, column: number, cell: CellData): void {
    if (row > this.maxRows || column > this.maxColumns) this.env.fail('The coordinates of the range are outside the dimensions of the sheet.');
    this.version++;
    while (this.rows.length < row) this.rows.push([]);
    const r = this.rows[row - 1]!;
    while (r.length < column) r.push(EMPTY);
    r[column - 1] = cell;
  }

  block(row: number, column: number, numRows: number, numColumns: number): CellData[][] {
    return Array.from({ length: numRows }, (_, r) => Array.from({ length: numColumns }, (_, c) => this.cell(row + r, column + c)));
  }

  private measured(): { rows: number; columns: number } {
    if (this.extent?.version === this.version) return this.extent;
    let rows = 0;
    for (let r = this.rows.length; r > 0 && rows === 0; r--) if (this.rows[r - 1]!.some((c) => c.value !== '' || c.formula !== '')) rows = r;
    let columns = 0;
    for (const row of this.rows) for (let c = row.length; c > columns; c--) if (row[c - 1]!.value !== '' || row[c - 1]!.formula !== '') columns = c;
    this.extent = { version: this.version, rows, columns };
    return this.extent;
  }

  lastRow(): number {
    return this.measured().rows;
  }

  lastColumn(): number {
    return this.measured().columns;
  }

  /** Every stored value (the test's view of the tab), rows × lastColumn. */
  dump(): Stored[][] {
    return this.block(1, 1, this.lastRow(), Math.max(this.lastColumn(), 1)).map((r) => r.map((c) => copy(c.value)));
  }

  formulas(): string[] {
    return this.rows.flatMap((r) => r.filter((c) => c.formula !== '').map((c) => c.formula));
  }

  /** A row written by a form submission: past the last row, growing the grid as Google does. */
  appendFormRow(values: Map<number, Stored>): number {
    const row = this.lastRow() + 1;
    const columns = Math.max(this.maxColumns, ...values.keys());
    this.spreadsheet.assertRoom(this, Math.max(row, this.maxRows), columns);
    if (row > this.maxRows) this.maxRows = row;
    this.maxColumns = columns;
    for (const [column, value] of values) this.put(row, column, { value, formula: '' });
    return row;
  }

  /** A range built by Google itself (the form-submit event's), not by the script: not counted. */
  rangeUncounted(row: number, column: number, numRows: number, numColumns: number): FakeRange {
    return new FakeRange(this.env, this, row, column, numRows, numColumns);
  }

  /** A person typing into a cell: stored as typed input is (not counted: no script call). */
  typeByHand(row: number, column: number, value: string): void {
    this.put(row, column, interpret(this.env, value));
  }

  /** A person inserting a column by hand: cells, validations and the form's columns move right. */
  insertColumnByHand(before: number, header: string): void {
    this.spreadsheet.assertRoom(this, this.maxRows, this.maxColumns + 1);
    this.maxColumns += 1;
    this.version++;
    for (const row of this.rows) if (row.length >= before) row.splice(before - 1, 0, EMPTY);
    if (this.formLink) for (const [key, column] of this.formLink.columns) if (column >= before) this.formLink.columns.set(key, column + 1);
    if (header) this.put(1, before, { value: header, formula: '' });
  }

  // ---- Sheet methods the script may call (counted) ----

  getName(): string {
    this.hit('getName');
    return this.name;
  }

  setName(name: string): this {
    this.hit('setName');
    this.spreadsheet.assertFreeName(name, this);
    this.name = name;
    return this;
  }

  /**
   * Google: unique within the spreadsheet, "a monotonically increasing integer
   * assigned at sheet creation time that is independent of sheet position"; a
   * rename keeps it (https://developers.google.com/apps-script/reference/spreadsheet/sheet#getSheetId()).
   */
  getSheetId(): number {
    this.hit('getSheetId');
    return this.sheetId;
  }

  getParent(): FakeSpreadsheet {
    this.hit('getParent');
    return this.spreadsheet;
  }

  getLastRow(): number {
    this.hit('getLastRow');
    return this.lastRow();
  }

  getLastColumn(): number {
    this.hit('getLastColumn');
    return this.lastColumn();
  }

  getMaxRows(): number {
    this.hit('getMaxRows');
    return this.maxRows;
  }

  getMaxColumns(): number {
    this.hit('getMaxColumns');
    return this.maxColumns;
  }

  insertRowsAfter(afterPosition: number, howMany: number): this {
    this.hit('insertRowsAfter');
    if (afterPosition < 1 || afterPosition > this.maxRows || howMany < 1) this.env.fail('Those rows are out of bounds.');
    this.spreadsheet.assertRoom(this, this.maxRows + howMany, this.maxColumns);
    this.version++;
    // Only stored rows below move down (concat: a spread of a million rows would pass the stack's limit).
    if (afterPosition < this.rows.length) this.rows = this.rows.slice(0, afterPosition).concat(Array.from({ length: howMany }, () => []), this.rows.slice(afterPosition));
    this.maxRows += howMany;
    return this;
  }

  /**
   * Google: "Deletes the row at the given row position"
   * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#deleteRow(Integer)).
   */
  deleteRow(rowPosition: number): this {
    this.hit('deleteRow');
    this.removeRows(rowPosition, 1);
    return this;
  }

  /**
   * Google: "Deletes a number of rows starting at the given row position"
   * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#deleteRows(Integer,Integer)).
   * As in Sheets, the rows below move up and the grid loses as many rows. Leaving
   * only frozen rows throws "Sorry, it is not possible to delete all non-frozen
   * rows.", the message Apps Script gives (the reference does not list it).
   */
  deleteRows(rowPosition: number, howMany: number): void {
    this.hit('deleteRows');
    this.removeRows(rowPosition, howMany);
  }

  private removeRows(first: number, howMany: number): void {
    if (!Number.isInteger(first) || !Number.isInteger(howMany) || first < 1 || howMany < 1 || first + howMany - 1 > this.maxRows) this.env.fail('Those rows are out of bounds.');
    if (this.maxRows - howMany <= this.frozenRows) this.env.fail('Sorry, it is not possible to delete all non-frozen rows.');
    this.version++;
    this.rows.splice(first - 1, howMany);
    this.maxRows -= howMany;
    this.formLink?.rowsDeleted(first, howMany);
  }

  insertColumnsAfter(afterPosition: number, howMany: number): this {
    this.hit('insertColumnsAfter');
    if (afterPosition < 1 || afterPosition > this.maxColumns || howMany < 1) this.env.fail('Those columns are out of bounds.');
    this.spreadsheet.assertRoom(this, this.maxRows, this.maxColumns + howMany);
    this.version++;
    for (const row of this.rows) if (row.length > afterPosition) row.splice(afterPosition, 0, ...Array<CellData>(howMany).fill(EMPTY));
    this.maxColumns += howMany;
    return this;
  }

  /**
   * Google: "Deletes a number of columns starting at the given column position"
   * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#deleteColumns(Integer,Integer)):
   * the columns to the right move left and the grid loses as many, freeing their cells.
   */
  deleteColumns(columnPosition: number, howMany: number): void {
    this.hit('deleteColumns');
    const valid = Number.isInteger(columnPosition) && Number.isInteger(howMany) && columnPosition >= 1 && howMany >= 1;
    if (!valid || columnPosition + howMany - 1 > this.maxColumns) this.env.fail('Those columns are out of bounds.');
    if (howMany >= this.maxColumns) this.env.fail('Sorry, it is not possible to delete all columns.');
    this.version++;
    for (const row of this.rows) row.splice(columnPosition - 1, howMany);
    this.maxColumns -= howMany;
  }

  getRange(row: number, column: number, numRows = 1, numColumns = 1): FakeRange {
    this.hit('getRange');
    if (typeof row !== 'number' || typeof column !== 'number') this.env.fail('This fake supports getRange(row, column, numRows, numColumns) only.');
    if (row < 1) this.env.fail('The starting row of the range is too small.');
    if (column < 1) this.env.fail('The starting column of the range is too small.');
    if (numRows < 1) this.env.fail('The number of rows in the range must be at least 1.');
    if (numColumns < 1) this.env.fail('The number of columns in the range must be at least 1.');
    if (row + numRows - 1 > this.maxRows || column + numColumns - 1 > this.maxColumns) {
      this.env.fail('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new FakeRange(this.env, this, row, column, numRows, numColumns);
  }

  /** From A1 to the last row and column with content (A1 alone on an empty sheet). */
  getDataRange(): FakeRange {
    this.hit('getDataRange');
    return new FakeRange(this.env, this, 1, 1, Math.max(this.lastRow(), 1), Math.max(this.lastColumn(), 1));
  }

  clearContents(): this {
    this.hit('clearContents');
    this.rows = [];
    this.version++;
    return this;
  }

  clear(): this {
    this.hit('clear');
    this.rows = [];
    this.version++;
    this.validations.clear();
    return this;
  }

  setFrozenRows(rows: number): void {
    this.hit('setFrozenRows');
    this.frozenRows = rows;
  }

  getFrozenRows(): number {
    this.hit('getFrozenRows');
    return this.frozenRows;
  }

  /**
   * Google: "the URL for the form that sends its responses to this sheet, or null
   * if this sheet has no associated form"
   * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#getFormUrl()).
   * Set when a form is linked here, null again once it is unlinked or linked elsewhere.
   */
  getFormUrl(): string | null {
    this.hit('getFormUrl');
    return this.formUrl;
  }

  getCharts(): FakeChart[] {
    this.hit('getCharts');
    return [...this.charts];
  }

  newChart(): FakeChartBuilder {
    this.hit('newChart');
    return new FakeChartBuilder(this.env);
  }

  insertChart(chart: FakeChart): void {
    this.hit('insertChart');
    this.charts.push(chart);
  }

  updateChart(chart: FakeChart): void {
    this.hit('updateChart');
    const at = this.charts.findIndex((c) => c.id === chart.id);
    if (at === -1) this.env.fail('The chart does not exist on this sheet.');
    this.charts[at] = chart;
  }

  removeChart(chart: FakeChart): void {
    this.hit('removeChart');
    const at = this.charts.findIndex((c) => c.id === chart.id);
    if (at !== -1) this.charts.splice(at, 1);
  }
}

export class FakeSpreadsheet {
  readonly sheets: FakeSheet[] = [];
  readonly id: string;

  constructor(
    private readonly env: GoogleEnv,
    readonly name = 'Peer support',
  ) {
    this.id = env.id('ss-');
    this.sheets.push(new FakeSheet(env, this, 'Sheet1', 0));
  }

  private hit(method: string): void {
    this.env.calls.hit(`Spreadsheet.${method}`);
  }

  // ---- for the fakes and the tests (not counted) ----

  /** Every tab's grid, max rows × max columns, empty cells included: what Google counts against CELL_LIMIT. */
  cells(): number {
    return [...this.sheets, ...this.pending.map((p) => p.sheet)].reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
  }

  /** Throws Google's message when `sheet` (new, or grown) at rows × columns would take the workbook past CELL_LIMIT. */
  assertRoom(sheet: FakeSheet, rows: number, columns: number): void {
    const now = this.sheets.includes(sheet) || this.pending.some((p) => p.sheet === sheet) ? sheet.maxRows * sheet.maxColumns : 0;
    if (this.cells() - now + rows * columns > CELL_LIMIT) this.env.fail(OVER_CELL_LIMIT);
  }

  assertFreeName(name: string, except?: FakeSheet): void {
    if (this.sheets.some((s) => s !== except && s.name.toLowerCase() === name.toLowerCase())) {
      this.env.fail(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /**
   * Google's new response tab: "Form responses N", first in the spreadsheet. Google
   * links a form asynchronously: the tab may appear only after setDestination has
   * returned (the issue "Google for real"). Here it is shown on the
   * `responseTabLag`-th SpreadsheetApp.flush() or getSheets() after linking (1: the
   * next one, which a script that flushes and lists again sees at once); a test sets
   * a larger lag, or Infinity and then showLinkedTabs(), to make it appear later.
   * Until then the form writes its responses into the hidden tab, which shows them
   * when it appears.
   */
  addResponseSheet(): FakeSheet {
    const sheet = new FakeSheet(this.env, this, this.freeResponseName(), this.env.numericId());
    this.assertRoom(sheet, sheet.maxRows, sheet.maxColumns);
    this.pending.push({ sheet, wait: this.responseTabLag });
    return sheet;
  }

  /** Calls to wait before a linked form's tab appears (see addResponseSheet). */
  responseTabLag = 1;
  private readonly pending: { sheet: FakeSheet; wait: number }[] = [];

  private freeResponseName(): string {
    let n = 1;
    const taken = (name: string) => [...this.sheets, ...this.pending.map((p) => p.sheet)].some((s) => s.name.toLowerCase() === name);
    while (taken(`form responses ${n}`)) n++;
    return `Form responses ${n}`;
  }

  private show(sheet: FakeSheet): void {
    const at = this.pending.findIndex((p) => p.sheet === sheet);
    this.pending.splice(at, 1);
    if (this.sheets.some((s) => s.name.toLowerCase() === sheet.name.toLowerCase())) sheet.name = this.freeResponseName();
    this.sheets.unshift(sheet);
  }

  /** A flush or a listing of the tabs: linked tabs whose wait is over appear. */
  tick(): void {
    for (const p of [...this.pending]) if (--p.wait <= 0) this.show(p.sheet);
  }

  /** For the tests: every linked tab still hidden appears now. */
  showLinkedTabs(): void {
    for (const p of [...this.pending]) this.show(p.sheet);
  }

  // ---- Spreadsheet methods (counted) ----

  getId(): string {
    this.hit('getId');
    return this.id;
  }

  getName(): string {
    this.hit('getName');
    return this.name;
  }

  getSpreadsheetTimeZone(): string {
    this.hit('getSpreadsheetTimeZone');
    return this.env.timeZone;
  }

  getSpreadsheetLocale(): string {
    this.hit('getSpreadsheetLocale');
    return this.env.locale;
  }

  getSheets(): FakeSheet[] {
    this.hit('getSheets');
    this.tick();
    return [...this.sheets];
  }

  /**
   * Google: the sheet with the given id, or null if there is none
   * (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSheetById(Integer)).
   */
  getSheetById(id: number): FakeSheet | null {
    this.hit('getSheetById');
    return this.sheets.find((s) => s.sheetId === id) ?? null;
  }

  getSheetByName(name: string): FakeSheet | null {
    this.hit('getSheetByName');
    return this.sheets.find((s) => s.name === name) ?? null;
  }

  /**
   * Google: a new sheet with the given name; a name another sheet has (ignoring
   * case) throws "A sheet with the name "…" already exists. Please enter another name."
   * (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#insertSheet(String)).
   */
  insertSheet(name?: string): FakeSheet {
    this.hit('insertSheet');
    const sheetName = name ?? `Sheet${this.sheets.length + 1}`;
    this.assertFreeName(sheetName);
    const sheet = new FakeSheet(this.env, this, sheetName, this.env.numericId());
    this.assertRoom(sheet, sheet.maxRows, sheet.maxColumns);
    this.sheets.push(sheet);
    return sheet;
  }

  deleteSheet(sheet: FakeSheet): void {
    this.hit('deleteSheet');
    const at = this.sheets.indexOf(sheet);
    if (at !== -1) this.sheets.splice(at, 1);
  }

  toast(message: string, title?: string): void {
    this.hit('toast');
    this.env.toasts.push(title ? `${title}: ${message}` : message);
  }
}

export class FakeSpreadsheetApp {
  constructor(
    private readonly env: GoogleEnv,
    private readonly active: FakeSpreadsheet,
    private readonly ui: unknown,
  ) {}

  getActiveSpreadsheet(): FakeSpreadsheet {
    this.env.calls.hit('SpreadsheetApp.getActiveSpreadsheet');
    return this.active;
  }

  getActive(): FakeSpreadsheet {
    this.env.calls.hit('SpreadsheetApp.getActive');
    return this.active;
  }

  getUi(): unknown {
    this.env.calls.hit('SpreadsheetApp.getUi');
    if (!this.env.uiAvailable) this.env.fail('Cannot call SpreadsheetApp.getUi() from this context.');
    return this.ui;
  }

  flush(): void {
    this.env.calls.hit('SpreadsheetApp.flush');
    this.active.tick(); // a linked form's tab may appear now (see FakeSpreadsheet.addResponseSheet)
  }

  newDataValidation(): FakeDataValidationBuilder {
    this.env.calls.hit('SpreadsheetApp.newDataValidation');
    return new FakeDataValidationBuilder(this.env);
  }
}
