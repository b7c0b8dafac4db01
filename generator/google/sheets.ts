/**
 * `--source sheets:<spreadsheetId>`: a live spreadsheet through the Sheets API v4.
 * Two API requests (three with a service account, whose key is first exchanged for
 * a token): spreadsheets.get for the tab names, locale and time zone, then one
 * values.batchGet for every tab. Values come unformatted with dates as serial
 * numbers, so core reads real date cells as dates in the spreadsheet's time zone,
 * and text cells reach core as text, parsed as the CSV and .xlsx sources' text is.
 */
import { sheets, type sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import { normaliseHeader, tabFromGrid, type Cell, type RawWorkbook } from '../../core/workbook.js';
import { UserError } from '../../core/errors.js';
import { connect, SCOPES } from './auth.js';
import { SHEETS_API, type ErrorWording } from './errors.js';
import { googleRequest, type Backoff } from './request.js';

interface SheetsReadOptions {
  /** Where to say things the user should know (a locale peerkit cannot read). */
  note?: (line: string) => void;
  backoff?: Backoff;
  /** The tabs to read (by name, trimmed, any case); without it, every tab. */
  only?: readonly string[];
}

/** Only what the reading needs: a smaller answer, and nothing personal beyond the cells. */
const METADATA_FIELDS = 'properties(title,locale,timeZone),sheets.properties(title,sheetType)';

/** The locales whose text dates peerkit reads (core/settings.ts). */
const READABLE_LOCALES = ['en_GB', 'en_US'] as const;
type ReadableLocale = (typeof READABLE_LOCALES)[number];

export async function readSpreadsheet(reference: string, options: SheetsReadOptions = {}): Promise<RawWorkbook> {
  const spreadsheetId = spreadsheetIdFrom(reference);
  const google = await connect(SCOPES.read, { backoff: options.backoff });
  // retry: false, because googleRequest does the retrying (and counts the tries).
  const api = sheets({ version: 'v4', auth: google.auth, rootUrl: google.rootUrl, retry: false });
  const wording: ErrorWording = {
    api: SHEETS_API,
    notFound: `no spreadsheet has the id "${spreadsheetId}": copy the id from the spreadsheet's address (docs.google.com/spreadsheets/d/<id>/edit)`,
    notShared: `the spreadsheet "${spreadsheetId}" is not shared with ${google.account}: share it (Viewer is enough) and try again`,
  };

  const { data: spreadsheet } = await googleRequest(() => api.spreadsheets.get({ spreadsheetId, fields: METADATA_FIELDS }), wording, options.backoff);
  // Chart sheets and the like hold no cells, and a values request for one fails.
  const wanted = options.only && new Set(options.only.map(normaliseHeader));
  const names = (spreadsheet.sheets ?? [])
    .filter((s) => (s.properties?.sheetType ?? 'GRID') === 'GRID')
    .map((s) => s.properties?.title ?? '')
    // Only the tabs the command reads: a spreadsheet holding several schemes need not be fetched whole.
    .filter((name) => !wanted || wanted.has(normaliseHeader(name)));
  const ranges = names.length === 0 ? [] : await readValues(api, spreadsheetId, names, wording, options.backoff);

  const properties = spreadsheet.properties ?? {};
  const workbook: RawWorkbook = {
    origin: `Google Sheets "${properties.title ?? spreadsheetId}"`,
    tabs: names.map((name, i) => tabFromGrid(name, ranges[i]?.values ?? [], toCell)),
  };
  if (properties.timeZone) workbook.timeZone = properties.timeZone;
  const locale = readableLocale(properties.locale, options.note);
  if (locale) workbook.locale = locale;
  return workbook;
}

async function readValues(api: sheets_v4.Sheets, spreadsheetId: string, names: string[], wording: ErrorWording, backoff?: Backoff): Promise<sheets_v4.Schema$ValueRange[]> {
  const { data } = await googleRequest(
    () =>
      api.spreadsheets.values.batchGet({
        spreadsheetId,
        ranges: names.map(sheetRange),
        majorDimension: 'ROWS',
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'SERIAL_NUMBER',
      }),
    wording,
    backoff,
  );
  // The value ranges come back in the order they were asked for.
  return data.valueRanges ?? [];
}

/** A whole tab in A1 notation: its name in single quotes, quotes inside doubled. */
function sheetRange(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Numbers (serial dates among them), booleans and text are raw cells as they are. */
function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** en_GB and en_US are kept; any other locale means en_GB, and a note says so. */
function readableLocale(locale: string | null | undefined, note?: (line: string) => void): ReadableLocale | undefined {
  if (!locale) return undefined;
  if ((READABLE_LOCALES as readonly string[]).includes(locale)) return locale as ReadableLocale;
  note?.(`note: the spreadsheet's locale is ${locale}; dates typed as text are read as en_GB (dd/mm/yyyy) unless --locale en_US is given (real date cells are not affected)`);
  return 'en_GB';
}

/** The id from `sheets:<id>`, or from a spreadsheet's whole address pasted instead. */
function spreadsheetIdFrom(reference: string): string {
  const id = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(reference)?.[1] ?? reference.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new UserError(`"sheets:${reference}" does not name a spreadsheet: give sheets:<id>, the id being the long code in the spreadsheet's address`);
  }
  return id;
}
