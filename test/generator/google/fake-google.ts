/**
 * A local stand-in for Google, for the real googleapis client to talk to over HTTP
 * (node:http on 127.0.0.1, an ephemeral port). It serves what peerkit uses, as
 * Google documents it:
 *
 * - Sheets v4 `spreadsheets.get` (with a `fields` mask applied) and
 *   `spreadsheets.values.batchGet` (UNFORMATTED_VALUE + SERIAL_NUMBER: typed
 *   cells, dates as serial numbers, trailing empty cells and rows left out);
 * - Drive v3 multipart `files.create` into a folder, converting text/html to a
 *   Google Doc when asked, answering with the fields asked for; multipart
 *   `files.update`; `files.create` of a folder; `files.get`; `files.list` with the
 *   queries peerkit makes (name, mimeType, parents, appProperties, trashed). As with
 *   the drive.file scope, the app sees only files it made or was granted (`app` on a
 *   folder): others are 404, shared or not;
 * - the OAuth token endpoint: a service account's signed JWT (checked against its
 *   public key) or a gcloud refresh token exchanged for an access token, refused
 *   (invalid_scope) when made with gcloud's own client for Sheets or Drive scopes,
 *   as Google has done since 2025;
 * - bearer auth on every API call (401 without a token or with a wrong one), scopes,
 *   sharing (403 PERMISSION_DENIED), unknown ids (404), APIs not enabled (403
 *   SERVICE_DISABLED / accessNotConfigured), quota (429 RESOURCE_EXHAUSTED) and
 *   passing trouble (503 UNAVAILABLE), in
 *   Google's error bodies: Sheets in the newer form ({code, message, status,
 *   details}), Drive in its v3 form ({code, message, errors: [{domain, reason}]}).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, verify } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export type FakeCell = string | number | boolean | null;

interface FakeSheet {
  title: string;
  /** The grid as the spreadsheet holds it, header row first; null is an empty cell. */
  rows: FakeCell[][];
  sheetType?: 'GRID' | 'OBJECT';
}

export interface FakeSpreadsheet {
  title: string;
  locale: string;
  timeZone: string;
  sheets: FakeSheet[];
  /** Accounts it is shared with. */
  readers: string[];
}

export interface FakeFolder {
  editors: string[];
  viewers?: string[];
  sharedDrive?: boolean;
  app?: boolean;
  name?: string;
  appProperties?: Record<string, string>;
}

/** gcloud's own OAuth client, which Google blocks for scopes outside Cloud. */
export const GCLOUD_CLIENT_ID = '764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com';

interface FakeGrant {
  account: string;
  scopes: string[];
}

interface FakeGoogleOptions {
  spreadsheets?: Record<string, FakeSpreadsheet>;
  /**
   * Drive folders by id: who may add files, who may only look, whether it is in a
   * shared drive, and whether the app made it or was granted it (without, drive.file
   * cannot see it). Folders the app makes are added here.
   */
  folders?: Record<string, FakeFolder>;
  /** Access tokens that exist (as `gcloud auth application-default print-access-token` gives). */
  tokens?: Record<string, FakeGrant>;
  /** Service accounts by client_email: the PEM public key of their key. */
  serviceAccounts?: Record<string, string>;
  /** gcloud sign-ins: refresh token → the account and the scopes granted at login. */
  refreshTokens?: Record<string, FakeGrant>;
  /** APIs not enabled in the Cloud project. */
  disabled?: Array<'sheets' | 'drive'>;
}

interface RecordedRequest {
  kind: 'token' | 'sheets' | 'drive' | 'other';
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  status?: number;
}

interface FakeUpload {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  appProperties: Record<string, string>;
  /** Who made it: drive.file shows it to that account's app only. */
  owner: string;
  /** The media part: its content type and bytes. */
  mediaType: string;
  media: Buffer;
  /** The whole multipart body, as sent. */
  multipart: string;
}

export interface FakeGoogle {
  /** The root to give PEERKIT_GOOGLE_API_ROOT, ending in "/". */
  url: string;
  requests: RecordedRequest[];
  uploads: FakeUpload[];
  /** The next this-many API calls are answered 429 RESOURCE_EXHAUSTED. */
  quotaFailures: number;
  /** The next this-many API calls are answered 503 UNAVAILABLE (after the quota ones). */
  unavailable: number;
  /** The next this-many uploads are stored, then answered 503 all the same (as a timed-out backend can). */
  failAfterUpload: number;
  /** Folders the app made, by id. */
  createdFolders: string[];
  options: FakeGoogleOptions;
  /** API calls made (token requests left out). */
  apiCalls(): RecordedRequest[];
  close(): Promise<void>;
}

const PROJECT = '123456789012';
const GOOGLE_DOC = 'application/vnd.google-apps.document';
const SCOPE = 'https://www.googleapis.com/auth/';
const SHEETS_READ_SCOPES = ['spreadsheets.readonly', 'spreadsheets', 'drive.readonly', 'drive'].map((s) => SCOPE + s);
const DRIVE_WRITE_SCOPES = ['drive.file', 'drive'].map((s) => SCOPE + s);
const FOLDER = 'application/vnd.google-apps.folder';
/** The scopes gcloud's own client may still ask for. */
const CLOUD_SCOPES = ['cloud-platform', 'userinfo.email', 'sqlservice.login', 'accounts.reauth'];

interface Listed {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  appProperties: Record<string, string>;
  resource: unknown;
}

type Api = 'sheets' | 'drive';

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** A Sheets (newer-style) error body, with an ErrorInfo detail when there is a reason. */
function sheetsError(code: number, status: string, message: string, reason?: string, metadata?: Record<string, string>): HttpAnswer {
  const details = reason ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata: { service: 'sheets.googleapis.com', ...metadata } }] : undefined;
  return new HttpAnswer(code, { error: { code, message, status, ...(details ? { details } : {}) } });
}

/** A Drive v3 error body: the reason in `errors`. */
function driveError(code: number, message: string, reason: string, domain = 'global'): HttpAnswer {
  return new HttpAnswer(code, { error: { code, message, errors: [{ message, domain, reason }] } });
}

function apiError(api: Api, code: number, status: string, message: string, reason: string, metadata?: Record<string, string>): HttpAnswer {
  return api === 'sheets' ? sheetsError(code, status, message, reason, metadata) : driveError(code, message, reason);
}

export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const tokens = new Map(Object.entries(options.tokens ?? {}));
  const fake: FakeGoogle = {
    url: '',
    requests: [],
    uploads: [],
    quotaFailures: 0,
    unavailable: 0,
    failAfterUpload: 0,
    createdFolders: [],
    options,
    apiCalls: () => fake.requests.filter((r) => r.kind === 'sheets' || r.kind === 'drive'),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = decodeURIComponent(url.pathname);
      const record: RecordedRequest = { kind: kindOf(path), method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body };
      fake.requests.push(record);
      let answer: HttpAnswer;
      try {
        answer = route(record);
      } catch (error) {
        answer = error instanceof HttpAnswer ? error : sheetsError(500, 'INTERNAL', `fake: ${(error as Error).message}`);
      }
      record.status = answer.status;
      send(res, answer);
    });
  });

  function route(request: RecordedRequest): HttpAnswer {
    const { method, path } = request;
    if (method === 'POST' && path === '/token') return tokenEndpoint(request);
    let m = /^\/v4\/spreadsheets\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) return getSpreadsheet(request, m[1]!);
    m = /^\/v4\/spreadsheets\/([^/]+)\/values:batchGet$/.exec(path);
    if (method === 'GET' && m) return batchGet(request, m[1]!);
    if (method === 'POST' && path === '/upload/drive/v3/files') return createFile(request);
    m = /^\/upload\/drive\/v3\/files\/([^/]+)$/.exec(path);
    if (method === 'PATCH' && m) return updateFile(request, m[1]!);
    if (method === 'POST' && path === '/drive/v3/files') return createFolder(request);
    if (method === 'GET' && path === '/drive/v3/files') return listFiles(request);
    m = /^\/drive\/v3\/files\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) return getFile(request, m[1]!);
    return sheetsError(404, 'NOT_FOUND', `fake: no such endpoint ${method} ${path}`);
  }

  /** Bearer token → grant; API enabled; scope; quota. Throws the answer Google would give. */
  function authorise(request: RecordedRequest, api: Api, scopes: string[]): FakeGrant {
    const header = request.headers.authorization;
    if (!header) {
      throw apiError(api, 401, 'UNAUTHENTICATED', 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.', api === 'sheets' ? 'CREDENTIALS_MISSING' : 'required');
    }
    const grant = /^Bearer (.+)$/.exec(header) ? tokens.get(header.slice('Bearer '.length)) : undefined;
    if (!grant) {
      throw apiError(api, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', api === 'sheets' ? 'ACCESS_TOKEN_TYPE_UNSUPPORTED' : 'authError');
    }
    if (options.disabled?.includes(api)) {
      const name = api === 'sheets' ? 'Google Sheets API' : 'Google Drive API';
      const service = `${api}.googleapis.com`;
      const message = `${name} has not been used in project ${PROJECT} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/${service}/overview?project=${PROJECT} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
      if (api === 'sheets') throw sheetsError(403, 'PERMISSION_DENIED', message, 'SERVICE_DISABLED', { consumer: `projects/${PROJECT}`, service });
      throw driveError(403, message, 'accessNotConfigured', 'usageLimits');
    }
    if (!grant.scopes.some((s) => scopes.includes(s))) {
      throw apiError(api, 403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', api === 'sheets' ? 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' : 'insufficientPermissions');
    }
    if (fake.quotaFailures > 0) {
      fake.quotaFailures--;
      const message = `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service '${api}.googleapis.com' for consumer 'project_number:${PROJECT}'.`;
      throw apiError(api, 429, 'RESOURCE_EXHAUSTED', message, api === 'sheets' ? 'RATE_LIMIT_EXCEEDED' : 'rateLimitExceeded', { consumer: `projects/${PROJECT}` });
    }
    if (fake.unavailable > 0) {
      fake.unavailable--;
      throw sheetsError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
    }
    return grant;
  }

  function spreadsheetFor(request: RecordedRequest, id: string): FakeSpreadsheet {
    const grant = authorise(request, 'sheets', SHEETS_READ_SCOPES);
    const spreadsheet = options.spreadsheets?.[id];
    if (!spreadsheet) throw sheetsError(404, 'NOT_FOUND', 'Requested entity was not found.');
    if (!spreadsheet.readers.includes(grant.account)) throw sheetsError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
    return spreadsheet;
  }

  function getSpreadsheet(request: RecordedRequest, id: string): HttpAnswer {
    const s = spreadsheetFor(request, id);
    const resource = {
      spreadsheetId: id,
      properties: { title: s.title, locale: s.locale, autoRecalc: 'ON_CHANGE', timeZone: s.timeZone },
      sheets: s.sheets.map((sheet, index) => ({
        properties: {
          sheetId: index * 1000,
          title: sheet.title,
          index,
          sheetType: sheet.sheetType ?? 'GRID',
          gridProperties: { rowCount: Math.max(1000, sheet.rows.length), columnCount: 26 },
        },
      })),
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${id}/edit`,
    };
    const fields = request.query.get('fields');
    return new HttpAnswer(200, fields ? applyFieldMask(resource, parseFieldMask(fields)) : resource);
  }

  function batchGet(request: RecordedRequest, id: string): HttpAnswer {
    const s = spreadsheetFor(request, id);
    const { query } = request;
    if (query.get('valueRenderOption') !== 'UNFORMATTED_VALUE' || (query.get('dateTimeRenderOption') ?? 'SERIAL_NUMBER') !== 'SERIAL_NUMBER') {
      // Formatted values would need each cell's number format, which this fake does not keep.
      throw sheetsError(400, 'INVALID_ARGUMENT', 'fake: only valueRenderOption=UNFORMATTED_VALUE with dateTimeRenderOption=SERIAL_NUMBER is served');
    }
    if ((query.get('majorDimension') ?? 'ROWS') !== 'ROWS') throw sheetsError(400, 'INVALID_ARGUMENT', 'fake: only majorDimension=ROWS is served');
    const valueRanges = query.getAll('ranges').map((range) => {
      const title = sheetTitleOf(range);
      const sheet = s.sheets.find((x) => x.title === title && (x.sheetType ?? 'GRID') === 'GRID');
      if (!sheet) throw sheetsError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${range}`);
      const values = trimmed(sheet.rows);
      const width = Math.max(1, ...values.map((r) => r.length));
      const quoted = /^[A-Za-z0-9_]+$/.test(sheet.title) ? sheet.title : `'${sheet.title.replace(/'/g, "''")}'`;
      return { range: `${quoted}!A1:${columnName(width)}${Math.max(1, values.length)}`, majorDimension: 'ROWS', ...(values.length ? { values } : {}) };
    });
    return new HttpAnswer(200, { spreadsheetId: id, valueRanges });
  }

  function createFile(request: RecordedRequest): HttpAnswer {
    const grant = authorise(request, 'drive', DRIVE_WRITE_SCOPES);
    if (request.query.get('uploadType') !== 'multipart') throw driveError(400, 'fake: only uploadType=multipart is served', 'badRequest');
    const [metadataPart, mediaPart] = multipartParts(request);
    if (!metadataPart || !mediaPart) throw driveError(400, 'fake: a multipart upload needs metadata and media', 'badRequest');
    const metadata = JSON.parse(metadataPart.body.toString('utf8')) as { name?: string; mimeType?: string; parents?: string[]; appProperties?: Record<string, string> };
    for (const parent of metadata.parents ?? []) {
      const folder = options.folders?.[parent];
      const canSee = folder && appSees(folder, grant.account);
      if (!canSee) throw new HttpAnswer(404, { error: { code: 404, message: `File not found: ${parent}.`, errors: [{ message: `File not found: ${parent}.`, domain: 'global', reason: 'notFound', location: 'fileId', locationType: 'parameter' }] } });
      if (!folder.editors.includes(grant.account)) throw driveError(403, `The user does not have sufficient permissions for file ${parent}.`, 'insufficientFilePermissions');
      // A file is stored in its owner's quota, and a service account has none: only a shared drive (which owns its files) works.
      if (grant.account.endsWith('.iam.gserviceaccount.com') && !folder.sharedDrive) {
        throw driveError(403, 'Service Accounts do not have storage quota. Leverage shared drives, or use OAuth delegation instead.', 'storageQuotaExceeded', 'usageLimits');
      }
    }
    const id = `file${fake.uploads.length + 1}_${randomBytes(4).toString('hex')}`;
    const converted = metadata.mimeType === GOOGLE_DOC && mediaPart.type === 'text/html';
    const upload: FakeUpload = {
      id,
      name: metadata.name ?? 'Untitled',
      mimeType: converted ? GOOGLE_DOC : (metadata.mimeType ?? mediaPart.type),
      parents: metadata.parents ?? [],
      appProperties: metadata.appProperties ?? {},
      owner: grant.account,
      mediaType: mediaPart.type,
      media: mediaPart.body,
      multipart: request.body.toString('latin1'),
    };
    fake.uploads.push(upload);
    if (fake.failAfterUpload > 0) {
      fake.failAfterUpload--;
      throw sheetsError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
    }
    return fileAnswer(request, upload);
  }

  function fileAnswer(request: RecordedRequest, upload: FakeUpload): HttpAnswer {
    const { id } = upload;
    const converted = upload.mimeType === GOOGLE_DOC;
    const resource = {
      kind: 'drive#file',
      id,
      name: upload.name,
      mimeType: upload.mimeType,
      parents: upload.parents,
      webViewLink: converted ? `https://docs.google.com/document/d/${id}/edit?usp=drivesdk` : `https://drive.google.com/file/d/${id}/view?usp=drivesdk`,
    };
    return driveAnswer(request, resource);
  }

  /** Without `fields`, Drive v3 answers with kind, id, name and mimeType only. */
  function driveAnswer(request: RecordedRequest, resource: unknown): HttpAnswer {
    return new HttpAnswer(200, applyFieldMask(resource, parseFieldMask(request.query.get('fields') ?? 'kind,id,name,mimeType')));
  }

  /** drive.file: only folders the app made or was granted, and only if the account may see them too. */
  function appSees(folder: FakeFolder, account: string): boolean {
    return folder.app === true && (folder.editors.includes(account) || (folder.viewers ?? []).includes(account));
  }

  const notFound = (id: string) =>
    new HttpAnswer(404, { error: { code: 404, message: `File not found: ${id}.`, errors: [{ message: `File not found: ${id}.`, domain: 'global', reason: 'notFound', location: 'fileId', locationType: 'parameter' }] } });

  function updateFile(request: RecordedRequest, id: string): HttpAnswer {
    const grant = authorise(request, 'drive', DRIVE_WRITE_SCOPES);
    const upload = fake.uploads.find((u) => u.id === id && u.owner === grant.account);
    if (!upload) throw notFound(id);
    if (request.query.get('uploadType') !== 'multipart') throw driveError(400, 'fake: only uploadType=multipart is served', 'badRequest');
    const [metadataPart, mediaPart] = multipartParts(request);
    if (!metadataPart || !mediaPart) throw driveError(400, 'fake: a multipart upload needs metadata and media', 'badRequest');
    const metadata = JSON.parse(metadataPart.body.toString('utf8')) as { name?: string; parents?: string[] };
    if (metadata.parents) throw driveError(403, 'The parents field is not directly writable in update requests. Use the addParents and removeParents parameters instead.', 'fieldNotWritable');
    Object.assign(upload, { name: metadata.name ?? upload.name, mediaType: mediaPart.type, media: mediaPart.body, multipart: request.body.toString('latin1') });
    return fileAnswer(request, upload);
  }

  function createFolder(request: RecordedRequest): HttpAnswer {
    const grant = authorise(request, 'drive', DRIVE_WRITE_SCOPES);
    const metadata = JSON.parse(request.body.toString('utf8') || '{}') as { name?: string; mimeType?: string; parents?: string[]; appProperties?: Record<string, string> };
    if (metadata.mimeType !== FOLDER || metadata.parents?.length) throw driveError(400, 'fake: only folders in My Drive are made without media', 'badRequest');
    if (grant.account.endsWith('.iam.gserviceaccount.com')) {
      throw driveError(403, 'Service Accounts do not have storage quota. Leverage shared drives, or use OAuth delegation instead.', 'storageQuotaExceeded', 'usageLimits');
    }
    const id = `folder${fake.createdFolders.length + 1}_${randomBytes(4).toString('hex')}`;
    (options.folders ??= {})[id] = { editors: [grant.account], app: true, name: metadata.name ?? 'Untitled', appProperties: metadata.appProperties ?? {} };
    fake.createdFolders.push(id);
    return driveAnswer(request, folderResource(id, grant.account));
  }

  function folderResource(id: string, account: string) {
    const folder = options.folders![id]!;
    return { kind: 'drive#file', id, name: folder.name ?? id, mimeType: FOLDER, webViewLink: `https://drive.google.com/drive/folders/${id}`, capabilities: { canAddChildren: folder.editors.includes(account) } };
  }

  function getFile(request: RecordedRequest, id: string): HttpAnswer {
    const grant = authorise(request, 'drive', DRIVE_WRITE_SCOPES);
    const folder = options.folders?.[id];
    if (folder && appSees(folder, grant.account)) return driveAnswer(request, folderResource(id, grant.account));
    const upload = fake.uploads.find((u) => u.id === id && u.owner === grant.account);
    if (upload) return fileAnswer(request, upload);
    throw notFound(id);
  }

  /** The queries peerkit makes: clauses joined by "and", each of a kind below. */
  function listFiles(request: RecordedRequest): HttpAnswer {
    const grant = authorise(request, 'drive', DRIVE_WRITE_SCOPES);
    const q = request.query.get('q') ?? '';
    const value = "'((?:[^'\\\\]|\\\\.)*)'";
    const unquote = (v: string) => v.replace(/\\(.)/g, '$1');
    const clauses = [
      { re: new RegExp(`^${value} in parents`), test: (f: Listed, [p]: string[]) => f.parents.includes(unquote(p!)) },
      { re: new RegExp(`^name=${value}`), test: (f: Listed, [n]: string[]) => f.name === unquote(n!) },
      { re: new RegExp(`^mimeType=${value}`), test: (f: Listed, [t]: string[]) => f.mimeType === unquote(t!) },
      { re: new RegExp(`^appProperties has \\{ key=${value} and value=${value} \\}`), test: (f: Listed, [k, v]: string[]) => f.appProperties[unquote(k!)] === unquote(v!) },
      { re: /^trashed=false/, test: () => true },
    ];
    const tests: Array<(f: Listed) => boolean> = [];
    for (let rest = q; rest !== ''; ) {
      const clause = clauses.map((c) => ({ c, m: c.re.exec(rest) })).find((x) => x.m);
      if (!clause) throw driveError(400, `fake: cannot read the query ${q}`, 'invalid', 'global');
      const args = clause.m!.slice(1);
      tests.push((f) => clause.c.test(f, args));
      rest = rest.slice(clause.m![0].length).replace(/^ and /, '');
    }
    const listed: Listed[] = [
      ...Object.entries(options.folders ?? {})
        .filter(([, f]) => appSees(f, grant.account))
        .map(([id, f]) => ({ id, name: f.name ?? id, mimeType: FOLDER, parents: [], appProperties: f.appProperties ?? {}, resource: folderResource(id, grant.account) })),
      ...fake.uploads.filter((u) => u.owner === grant.account).map((u) => ({ id: u.id, name: u.name, mimeType: u.mimeType, parents: u.parents, appProperties: u.appProperties, resource: { id: u.id, name: u.name } })),
    ];
    const files = listed.filter((f) => tests.every((t) => t(f))).map((f) => f.resource);
    return driveAnswer(request, { kind: 'drive#fileList', incompleteSearch: false, files });
  }

  function tokenEndpoint(request: RecordedRequest): HttpAnswer {
    const form = new URLSearchParams(request.body.toString('utf8'));
    let grant: FakeGrant | undefined;
    if (form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const [header, payload, signature] = (form.get('assertion') ?? '').split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8') || '{}') as { iss?: string; scope?: string };
      const publicKey = claims.iss ? options.serviceAccounts?.[claims.iss] : undefined;
      const signed = publicKey !== undefined && verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature ?? '', 'base64url'));
      if (!signed) return new HttpAnswer(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      grant = { account: claims.iss!, scopes: (claims.scope ?? '').split(' ') };
    } else if (form.get('grant_type') === 'refresh_token') {
      grant = options.refreshTokens?.[form.get('refresh_token') ?? ''];
      if (!grant) return new HttpAnswer(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      if (form.get('client_id') === GCLOUD_CLIENT_ID && grant.scopes.some((s) => s.startsWith(SCOPE) && !CLOUD_SCOPES.includes(s.slice(SCOPE.length)))) {
        return new HttpAnswer(400, { error: 'invalid_scope', error_description: 'This app is blocked: this app tried to access sensitive info in your Google Account.' });
      }
    } else {
      return new HttpAnswer(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
    }
    const accessToken = `ya29.fake-${randomBytes(12).toString('hex')}`;
    tokens.set(accessToken, grant);
    return new HttpAnswer(200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer', scope: grant.scopes.join(' ') });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return fake;
}

function kindOf(path: string): RecordedRequest['kind'] {
  if (path === '/token') return 'token';
  if (path.startsWith('/v4/spreadsheets')) return 'sheets';
  if (path.startsWith('/upload/drive/') || path.startsWith('/drive/')) return 'drive';
  return 'other';
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(answer.body));
}

/** "'Focus groups'" or "Contacts" → the sheet title; anything else (cells, ranges) is not served. */
function sheetTitleOf(range: string): string | undefined {
  const quoted = /^'((?:[^']|'')*)'$/.exec(range);
  if (quoted) return quoted[1]!.replace(/''/g, "'");
  return /^[^'!:]+$/.test(range) ? range : undefined;
}

/** Google leaves out trailing empty cells of each row and trailing empty rows; empty cells inside are "". */
function trimmed(rows: FakeCell[][]): Array<Array<string | number | boolean>> {
  const out = rows.map((row) => {
    const cells = row.map((c) => (c === null ? '' : c));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    return cells;
  });
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

function columnName(n: number): string {
  let name = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) name = String.fromCharCode(65 + ((k - 1) % 26)) + name;
  return name;
}

/** The parts of a multipart/related body: each part's content type and bytes. */
function multipartParts(request: RecordedRequest): Array<{ type: string; body: Buffer }> {
  const boundary = /boundary=([^;]+)/.exec(String(request.headers['content-type']))?.[1];
  if (!boundary) return [];
  const text = request.body.toString('latin1');
  return text
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .map((part) => {
      const split = part.indexOf('\r\n\r\n');
      const headers = part.slice(0, split);
      const body = part.slice(split + 4).replace(/\r\n$/, '');
      const type = (/content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1] ?? '').trim();
      return { type, body: Buffer.from(body, 'latin1') };
    });
}

type FieldMask = { [field: string]: FieldMask | true };

/** Parses a fields mask such as "properties(title,locale),sheets.properties(title)". */
function parseFieldMask(text: string): FieldMask {
  let i = 0;
  const list = (): FieldMask => {
    const mask: FieldMask = {};
    for (;;) {
      path(mask);
      if (text[i] !== ',') return mask;
      i++;
    }
  };
  const path = (mask: FieldMask): void => {
    const name = /^[A-Za-z0-9_]+/.exec(text.slice(i))?.[0];
    if (!name) throw sheetsError(400, 'INVALID_ARGUMENT', `Invalid field selection ${text}`);
    i += name.length;
    // "a.b" and "a/b" both select b inside a; "a(b,c)" several.
    if (text[i] === '.' || text[i] === '/' || text[i] === '(') {
      const existing = mask[name];
      const sub: FieldMask = existing === undefined || existing === true ? {} : existing;
      if (text[i++] !== '(') path(sub);
      else {
        Object.assign(sub, list());
        if (text[i++] !== ')') throw sheetsError(400, 'INVALID_ARGUMENT', `Invalid field selection ${text}`);
      }
      if (existing !== true) mask[name] = sub;
    } else mask[name] = true;
  };
  const mask = list();
  if (i !== text.length) throw sheetsError(400, 'INVALID_ARGUMENT', `Invalid field selection ${text}`);
  return mask;
}

function applyFieldMask(value: unknown, mask: FieldMask | true): unknown {
  if (mask === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => applyFieldMask(v, mask));
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(mask)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = applyFieldMask(v, sub);
  }
  return out;
}
