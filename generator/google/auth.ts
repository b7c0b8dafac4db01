/**
 * Credentials for the Google APIs. PEERKIT_GOOGLE_ACCESS_TOKEN, when set, is a
 * bearer token used as it is; otherwise Application Default Credentials apply (a
 * service-account key named by GOOGLE_APPLICATION_CREDENTIALS, or the file that
 * `gcloud auth application-default login` writes). PEERKIT_GOOGLE_API_ROOT sends
 * every request, token requests included, to another root (a local test server).
 * PEERKIT_GOOGLE_TIMEOUT_MS bounds how long any one request may wait for an answer.
 *
 * Tokens and keys never go into a message: errors here are worded from scratch,
 * never from the library's text (which can quote a key file).
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AnyAuthClient, JWT, OAuth2Client } from 'google-auth-library';
import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import { UserError } from '../../core/errors.js';
import { SIGN_IN, type ErrorWording } from './errors.js';
import { googleRequest, type Backoff } from './request.js';

export const SCOPES = {
  /** Reading a spreadsheet, never changing it. */
  read: 'https://www.googleapis.com/auth/spreadsheets.readonly',
  /** Creating files in Drive; only the files this app makes. */
  publish: 'https://www.googleapis.com/auth/drive.file',
} as const;

/** Who to share a spreadsheet or folder with when Google says "no permission". */
const SIGNED_IN_ACCOUNT = 'the Google account you signed in with';

interface GoogleConnection {
  auth: NonNullable<sheets_v4.Options['auth']>;
  /** The address Google sees: a service account's client_email, or SIGNED_IN_ACCOUNT. */
  account: string;
  /** PEERKIT_GOOGLE_API_ROOT, or undefined for Google itself. */
  rootUrl: string | undefined;
}

/** Long enough for a slow link to fetch a whole spreadsheet; short enough that a silent server is noticed. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** An hour: beyond any answer worth waiting for, and well inside what a timer can hold. */
const MAX_TIMEOUT_MS = 3_600_000;

const NO_CREDENTIALS =
  'no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, ' +
  'or run "gcloud auth application-default login" with the scopes in the README ("Connecting to Google"), ' +
  'or set PEERKIT_GOOGLE_ACCESS_TOKEN';

export async function connect(scope: string, options: { backoff?: Backoff } = {}, env: NodeJS.ProcessEnv = process.env): Promise<GoogleConnection> {
  const rootUrl = apiRoot(env);
  const timeoutMs = requestTimeout(env);
  // Loaded here, not at the top: commands that never go online do not pay for it.
  const { auth: library } = await import('googleapis/build/src/apis/sheets/index.js');
  const token = env.PEERKIT_GOOGLE_ACCESS_TOKEN?.trim();
  if (token) {
    const client = new library.OAuth2();
    client.setCredentials({ access_token: token });
    limitRequests(client, timeoutMs, rootUrl);
    return { auth: client, account: SIGNED_IN_ACCOUNT, rootUrl };
  }
  let client: AnyAuthClient;
  try {
    client = await new library.GoogleAuth({ scopes: [scope] }).getClient();
  } catch {
    throw credentialsError(env);
  }
  checkPrivateKey(client, env);
  limitRequests(client, timeoutMs, rootUrl);
  const email = (client as Partial<JWT>).email;
  const account = email ? email : SIGNED_IN_ACCOUNT;
  // The token first, on its own, so that a failure there is named as the sign-in's
  // rather than the API's; the API requests reuse it (still one token request).
  const signIn: ErrorWording = {
    api: SIGN_IN,
    notFound: `${SIGN_IN.name} was not found (404): check the network connection or proxy${rootUrl ? ' and PEERKIT_GOOGLE_API_ROOT' : ''}`,
    notShared: `${SIGN_IN.name} refused ${account} (403): make a new service-account key, or sign in again with "gcloud auth application-default login"`,
  };
  await googleRequest(() => client.getAccessToken(), signIn, options.backoff);
  return { auth: client as OAuth2Client, account, rootUrl };
}

/** PEERKIT_GOOGLE_TIMEOUT_MS, checked, or 30 s. */
function requestTimeout(env: NodeJS.ProcessEnv): number {
  const text = env.PEERKIT_GOOGLE_TIMEOUT_MS?.trim();
  if (!text) return DEFAULT_TIMEOUT_MS;
  const ms = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 1 && ms <= MAX_TIMEOUT_MS)) {
    throw new UserError(`PEERKIT_GOOGLE_TIMEOUT_MS "${text}" is not a number of milliseconds from 1 to ${MAX_TIMEOUT_MS} (e.g. 60000 to wait a minute)`);
  }
  return ms;
}

/** PEERKIT_GOOGLE_API_ROOT, checked and ending in "/", or undefined. */
function apiRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const root = env.PEERKIT_GOOGLE_API_ROOT?.trim();
  if (!root) return undefined;
  let url: URL;
  try {
    url = new URL(root);
  } catch {
    throw new UserError(`PEERKIT_GOOGLE_API_ROOT "${root}" is not a URL (e.g. http://127.0.0.1:8080/)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`PEERKIT_GOOGLE_API_ROOT "${root}" must be an http or https URL`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function credentialsError(env: NodeJS.ProcessEnv): UserError {
  const keyFile = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (keyFile) return new UserError(`GOOGLE_APPLICATION_CREDENTIALS names "${keyFile}", ${keyFileProblem(keyFile)}`);
  return new UserError(NO_CREDENTIALS);
}

const DOWNLOAD_AGAIN = "download the service account's JSON key again";

/** Why the library would not read the key file: worded from the file's shape, never quoting it. */
function keyFileProblem(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'which does not exist (give the path of the service account\'s JSON key file)';
    return `which cannot be opened (${code ?? 'unreadable'}): check the path and the file's permissions`;
  }
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    key = undefined;
  }
  const fields = typeof key === 'object' && key !== null ? (key as Record<string, unknown>) : {};
  if (fields.type === 'service_account' && (typeof fields.private_key !== 'string' || typeof fields.client_email !== 'string')) {
    return `a service-account key without its private_key or client_email (${DOWNLOAD_AGAIN})`;
  }
  return `which cannot be read as a Google key file (${DOWNLOAD_AGAIN})`;
}

/**
 * A service-account key whose private_key is not an RSA private key (what Google
 * issues, and what signing a token needs). The library would only find out when
 * signing, and fail with OpenSSL's text ("error:1E08010C:DECODER routines::unsupported").
 */
function checkPrivateKey(client: AnyAuthClient, env: NodeJS.ProcessEnv): void {
  const key = (client as Partial<JWT>).key;
  if (typeof key !== 'string') return;
  let rsa = false;
  try {
    rsa = createPrivateKey(key).asymmetricKeyType === 'rsa';
  } catch {
    // Not a key OpenSSL can read: said below, in words of our own.
  }
  if (rsa) return;
  const keyFile = env.GOOGLE_APPLICATION_CREDENTIALS;
  const where = keyFile ? `GOOGLE_APPLICATION_CREDENTIALS names "${keyFile}", a key file` : "gcloud's application-default credentials file holds a service-account key";
  throw new UserError(`${where} whose private_key is not a valid private key (${DOWNLOAD_AGAIN}: the file may have been cut short or edited)`);
}

/**
 * Every request, token requests included, goes through the client's transporter,
 * so this is where the limits go. The timeout: a server that accepts the connection
 * and never answers would otherwise hold peerkit for ever. No retries by the library
 * (it retries token requests three times, a silent server included): googleRequest
 * does all the retrying, within its time bound. And with another root, anything
 * still bound for *.googleapis.com (the library's token requests, which ignore the
 * API clients' rootUrl) goes there instead, path kept
 * (https://oauth2.googleapis.com/token → <root>token).
 */
function limitRequests(client: AnyAuthClient, timeoutMs: number, rootUrl: string | undefined): void {
  // A default, not an interceptor: the timeout is armed before interceptors run.
  client.transporter.defaults = { ...client.transporter.defaults, timeout: timeoutMs };
  client.transporter.interceptors.request.add({
    resolved: async (config) => {
      config.retry = false;
      delete config.retryConfig;
      if (rootUrl !== undefined) {
        const url = new URL(config.url);
        if (url.hostname.endsWith('.googleapis.com')) config.url = new URL(url.pathname.slice(1) + url.search, rootUrl);
      }
      return config;
    },
  });
}
