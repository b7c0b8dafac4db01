/**
 * Google's errors as one line a user can act on. Google answers with a body like
 * {"error": {"code": 403, "message": "…", "status": "PERMISSION_DENIED",
 * "details": [{"@type": "…ErrorInfo", "reason": "SERVICE_DISABLED", "metadata": {…}}],
 * "errors": [{"reason": "accessNotConfigured", …}]}}: newer APIs (Sheets) give
 * `details`, older ones (Drive v3) `errors`, often both. The reason decides the line.
 */
import { UserError } from '../../core/errors.js';

interface GoogleApi {
  /** As a line names it, article included ("the Google Sheets API"). */
  name: string;
  service: string;
}

export const SHEETS_API: GoogleApi = { name: 'the Google Sheets API', service: 'sheets.googleapis.com' };
export const DRIVE_API: GoogleApi = { name: 'the Google Drive API', service: 'drive.googleapis.com' };
/** The token endpoint, where a key or a gcloud sign-in is exchanged for an access token. */
export const SIGN_IN: GoogleApi = { name: "Google's sign-in", service: 'oauth2.googleapis.com' };

/** What the caller asked for, worded for the errors that depend on it. */
export interface ErrorWording {
  api: GoogleApi;
  /** The line for 404: nothing has that id, as far as this account can see. */
  notFound: string;
  /** The line for a 403 about sharing: the account may not see or change it. */
  notShared: string;
}

interface GoogleErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: Array<{ reason?: string; metadata?: Record<string, string> }>;
  errors?: Array<{ reason?: string; message?: string }>;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** Certificate errors (OpenSSL's names, as Node gives them), by what the user can do about them. */
const UNTRUSTED_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
]);
const WRONG_NAME_CODES = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
const OUT_OF_DATE_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const RATE_LIMIT_REASONS = new Set(['RATE_LIMIT_EXCEEDED', 'rateLimitExceeded', 'userRateLimitExceeded']);
const SERVICE_DISABLED_REASONS = new Set(['SERVICE_DISABLED', 'accessNotConfigured']);
const SCOPE_REASONS = new Set(['ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'insufficientPermissions']);

type HttpLikeError = { status?: unknown; code?: unknown; name?: unknown; cause?: unknown; config?: { timeout?: unknown }; response?: { status?: number; data?: unknown } };

function statusOf(error: unknown): number | undefined {
  const status = (error as HttpLikeError | undefined)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function bodyOf(error: unknown): GoogleErrorBody | undefined {
  const data = (error as HttpLikeError | undefined)?.response?.data as { error?: unknown } | undefined;
  return data && typeof data.error === 'object' && data.error !== null ? (data.error as GoogleErrorBody) : undefined;
}

function reasonsOf(body: GoogleErrorBody | undefined): string[] {
  return [...(body?.details ?? []).map((d) => d.reason), ...(body?.errors ?? []).map((e) => e.reason)].filter((r): r is string => typeof r === 'string');
}

/** The first error code in the error or its causes (the library wraps a few deep) that `wanted` accepts. */
function codeOf(error: unknown, wanted: (code: string) => boolean): string | undefined {
  for (let e = error as HttpLikeError | undefined, depth = 0; e && depth < 4; e = e.cause as HttpLikeError | undefined, depth++) {
    if (typeof e.code === 'string' && wanted(e.code)) return e.code;
  }
  return undefined;
}

const isTlsCode = (code: string) =>
  UNTRUSTED_CODES.has(code) || WRONG_NAME_CODES.has(code) || OUT_OF_DATE_CODES.has(code) || code === 'EPROTO' || /^ERR_(SSL|TLS)_/.test(code);

/** The request's own timeout ran out: gaxios's code TimeoutError, or the AbortSignal's DOMException (whose code is a number). */
function timedOut(error: unknown): boolean {
  for (let e = error as HttpLikeError | undefined, depth = 0; e && depth < 4; e = e.cause as HttpLikeError | undefined, depth++) {
    if (e.code === 'TimeoutError' || e.name === 'TimeoutError') return true;
  }
  return false;
}

/** "30 seconds", "1 second", "0.2 seconds". */
function seconds(ms: number): string {
  return ms === 1000 ? '1 second' : `${ms / 1000} seconds`;
}

/** 429, or Drive's 403 rate-limit reasons: worth waiting and trying again. */
function isQuotaError(error: unknown): boolean {
  const status = statusOf(error);
  return status === 429 || (status === 403 && reasonsOf(bodyOf(error)).some((r) => RATE_LIMIT_REASONS.has(r)));
}

/** Quota errors, and the 500/502/503/504 that Google says to retry with backoff too. */
export function isWorthRetrying(error: unknown): boolean {
  const status = statusOf(error);
  return isQuotaError(error) || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * One line for an error from a Google call. Errors that are not from Google or
 * the network (a bug) come back unchanged, so they show as unexpected.
 */
export function explainGoogleError(error: unknown, wording: ErrorWording, tries = 1): Error {
  const { api } = wording;
  const root = process.env.PEERKIT_GOOGLE_API_ROOT ? ' and PEERKIT_GOOGLE_API_ROOT' : '';
  const network = codeOf(error, (code) => NETWORK_CODES.has(code));
  if (network) return new UserError(`Google could not be reached (${network}): check the internet connection${root}, then try again`);
  if (timedOut(error)) {
    const timeout = (error as HttpLikeError).config?.timeout;
    const within = typeof timeout === 'number' ? `within ${seconds(timeout)}` : 'in time';
    return new UserError(`${api.name} did not answer ${within}: check the network connection or proxy${root}, or try again later (PEERKIT_GOOGLE_TIMEOUT_MS sets how long to wait)`);
  }
  const tls = codeOf(error, isTlsCode);
  if (tls) return new UserError(tlsLine(api, tls, root));
  const status = statusOf(error);
  if (status === undefined) return error instanceof Error ? error : new Error(String(error));

  const oauth = (error as HttpLikeError).response?.data as { error?: unknown; error_description?: unknown } | undefined;
  if (typeof oauth?.error === 'string') {
    // The token endpoint's own format: {"error": "invalid_grant", "error_description": "…"}.
    const description = typeof oauth.error_description === 'string' ? `: ${oauth.error_description}` : '';
    // Since 2025 Google blocks gcloud's own OAuth client for scopes outside Cloud
    // (Sheets, Drive): signing in again the same way cannot help, only one's own client can.
    if (oauth.error === 'invalid_scope' || /app is blocked/i.test(String(oauth.error_description ?? ''))) {
      return new UserError(
        `Google refused this sign-in for Sheets and Drive (${oauth.error}), as it does for gcloud's own client: make a Desktop app OAuth client in your Cloud project and sign in with it ("gcloud auth application-default login --client-id-file=client_secret.json --scopes=…", README "Connecting to Google")`,
      );
    }
    return new UserError(`Google refused the credentials (${oauth.error}${description}); make a new service-account key, or sign in again with "gcloud auth application-default login"`);
  }

  const body = bodyOf(error);
  const reasons = reasonsOf(body);
  if (isQuotaError(error)) {
    return new UserError(`${api.name} quota was exceeded (${status}) and still was after ${tries} tries: wait a minute and run again, or ask for a higher quota in the Google Cloud project`);
  }
  if (status === 401) {
    return new UserError('Google did not accept the credentials (401): an access token lasts an hour, so get a new one, or sign in again');
  }
  if (reasons.some((r) => SERVICE_DISABLED_REASONS.has(r))) {
    const info = body?.details?.find((d) => d.reason === 'SERVICE_DISABLED')?.metadata;
    const project = (info?.consumer ?? '').replace(/^projects\//, '') || (/project[ =](\d+)/.exec(body?.message ?? '')?.[1] ?? '');
    const where = project ? `Google Cloud project ${project}` : 'the Google Cloud project of these credentials';
    return new UserError(`${api.name} is not enabled in ${where}: enable it at https://console.cloud.google.com/apis/library/${api.service}${project ? `?project=${project}` : ''}, wait a few minutes, and try again`);
  }
  if (reasons.some((r) => SCOPE_REASONS.has(r))) {
    return new UserError(`the credentials do not allow ${api.name} (insufficient scopes): sign in again with the scopes in the README ("Connecting to Google")`);
  }
  if (reasons.includes('storageQuotaExceeded')) {
    return new UserError('Drive refused the upload: a service account has no Drive storage of its own, so publish to a folder in a shared drive (with the service account as a member), or use a person\'s own sign-in');
  }
  if (status === 404) return new UserError(wording.notFound);
  if (status === 403) return new UserError(wording.notShared);
  if (status >= 500) return new UserError(`${api.name} is having trouble (${status}) and still was after ${tries} tries: try again later`);
  return new UserError(`${api.name} answered ${status}${body?.message ? `: ${body.message.split('\n')[0]}` : ''}`);
}

/**
 * A certificate Node would not accept. Inside an organisation this is most often a
 * proxy or antivirus that inspects HTTPS with its own root certificate, which Node
 * does not know unless told; a clock far off makes Google's certificate look expired.
 */
function tlsLine(api: GoogleApi, code: string, root: string): string {
  if (UNTRUSTED_CODES.has(code)) {
    return `${api.name} sent a certificate this computer does not trust (${code}): if your network inspects HTTPS (a company proxy or antivirus), set NODE_EXTRA_CA_CERTS to its root certificate file; otherwise check the network connection or proxy${root}`;
  }
  if (WRONG_NAME_CODES.has(code)) {
    return `${api.name} sent a certificate for another name (${code}): something on the way is answering for Google; check the network connection or proxy${root}`;
  }
  if (OUT_OF_DATE_CODES.has(code)) {
    return `${api.name} sent a certificate that is out of date (${code}): check this computer's date and time, then the network connection or proxy${root}`;
  }
  return `the secure connection to ${api.name} failed (${code}): check the network connection or proxy${root}, then try again`;
}
