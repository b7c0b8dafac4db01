/**
 * Credentials for the Google APIs. PEERKIT_GOOGLE_ACCESS_TOKEN, when set, is a
 * bearer token used as it is; otherwise Application Default Credentials apply (a
 * service-account key named by GOOGLE_APPLICATION_CREDENTIALS, or the file that
 * `gcloud auth application-default login` writes). PEERKIT_GOOGLE_API_ROOT sends
 * every request, token requests included, to another root (a local test server).
 *
 * Tokens and keys never go into a message: errors here are worded from scratch,
 * never from the library's text (which can quote a key file).
 */
import type { AnyAuthClient, JWT, OAuth2Client } from 'google-auth-library';
import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import { UserError } from '../../core/errors.js';

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

const NO_CREDENTIALS =
  'no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, ' +
  'or run "gcloud auth application-default login" with the scopes in the README ("Connecting to Google"), ' +
  'or set PEERKIT_GOOGLE_ACCESS_TOKEN';

export async function connect(scope: string, env: NodeJS.ProcessEnv = process.env): Promise<GoogleConnection> {
  const rootUrl = apiRoot(env);
  // Loaded here, not at the top: commands that never go online do not pay for it.
  const { auth: library } = await import('googleapis/build/src/apis/sheets/index.js');
  const token = env.PEERKIT_GOOGLE_ACCESS_TOKEN?.trim();
  if (token) {
    const client = new library.OAuth2();
    client.setCredentials({ access_token: token });
    return { auth: client, account: SIGNED_IN_ACCOUNT, rootUrl };
  }
  let client: AnyAuthClient;
  try {
    client = await new library.GoogleAuth({ scopes: [scope] }).getClient();
  } catch {
    throw credentialsError(env);
  }
  if (rootUrl !== undefined) redirectTokenRequests(client, rootUrl);
  const email = (client as Partial<JWT>).email;
  return { auth: client as OAuth2Client, account: email ? email : SIGNED_IN_ACCOUNT, rootUrl };
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
  if (keyFile) {
    return new UserError(`GOOGLE_APPLICATION_CREDENTIALS names "${keyFile}", which cannot be read as a Google key file (download the service account's JSON key again)`);
  }
  return new UserError(NO_CREDENTIALS);
}

/**
 * The library sends token requests (a service-account key exchanged for a token, a
 * gcloud sign-in refreshed) to Google's fixed token endpoint, whatever rootUrl the
 * API clients use. With another root, anything still bound for *.googleapis.com
 * goes there instead, path kept (https://oauth2.googleapis.com/token → <root>token).
 */
function redirectTokenRequests(client: AnyAuthClient, rootUrl: string): void {
  client.transporter.interceptors.request.add({
    resolved: async (config) => {
      const url = new URL(config.url);
      if (url.hostname.endsWith('.googleapis.com')) config.url = new URL(url.pathname.slice(1) + url.search, rootUrl);
      return config;
    },
  });
}
