/**
 * The errors users meet on the live path, each one clear line (exit code 2, no
 * stack), through the real googleapis client against the local fake; and no token
 * or key in any output, --debug included.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workbook } from '../../helpers/build-workbook.js';
import { runCli, tempDir } from '../../helpers/run-cli.js';
import { readSpreadsheet } from '../../../generator/google/sheets.js';
import { defaultBackoff } from '../../../generator/google/request.js';
import { explainGoogleError, SHEETS_API } from '../../../generator/google/errors.js';
import { UserError } from '../../../core/errors.js';
import { startFakeGoogle, type FakeGoogle } from './fake-google.js';
import { serviceAccountKey, setGoogleEnv, spreadsheetFrom } from './helpers.js';

const TOKEN = 'ya29.test-secret-token-do-not-print';
const MANAGER = 'manager@example.org';
const READ_SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';
const ID = 'sheet123';

let fake: FakeGoogle;
let restoreEnv: () => void = () => {};

beforeAll(async () => {
  fake = await startFakeGoogle({
    tokens: {
      [TOKEN]: { account: MANAGER, scopes: [READ_SCOPE] },
      'ya29.no-sheets-scope': { account: MANAGER, scopes: ['https://www.googleapis.com/auth/cloud-platform'] },
    },
  });
});
afterAll(() => fake.close());
afterEach(() => {
  restoreEnv();
  fake.requests.length = 0;
  fake.quotaFailures = 0;
  fake.unavailable = 0;
  fake.options.disabled = [];
  fake.options.spreadsheets = {};
});

const readArgs = (id = ID) => ['report', '--scheme', 'perinatal', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-', '--source', `sheets:${id}`];

/** Runs the command; expects exactly one error line and exit code 2; returns the line. */
async function oneLineError(args: string[]): Promise<string> {
  const run = await runCli(args);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

function share(readers: string[]) {
  fake.options.spreadsheets = { [ID]: spreadsheetFrom(workbook(), { readers }) };
}

describe('errors from a live spreadsheet, one line each', () => {
  it('not shared with the account signed in', async () => {
    share(['someone-else@example.org']);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await oneLineError(readArgs())).toBe(
      'peerkit report: the spreadsheet "sheet123" is not shared with the Google account you signed in with: share it (Viewer is enough) and try again',
    );
    expect(fake.apiCalls()[0]!.status).toBe(403);
  });

  it('not shared with the service account: names the client_email to share it with', async () => {
    const key = serviceAccountKey('reports-bot@peer-support-123.iam.gserviceaccount.com');
    fake.options.serviceAccounts = { [key.clientEmail]: key.publicKey };
    share([MANAGER]);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, GOOGLE_APPLICATION_CREDENTIALS: key.file });
    const run = await runCli([...readArgs(), '--debug']);
    expect(run.stderr.split('\n')[0]).toBe(
      'peerkit report: the spreadsheet "sheet123" is not shared with reports-bot@peer-support-123.iam.gserviceaccount.com: share it (Viewer is enough) and try again',
    );
    // Not the key, not the token it was exchanged for, not even with --debug.
    const tokenIssued = JSON.stringify(fake.requests.find((r) => r.kind === 'sheets')!.headers.authorization).replace(/^"Bearer |"$/g, '');
    for (const secret of [tokenIssued, key.privateKey.split('\n')[1]!, 'PRIVATE KEY']) expect(run.stderr + run.stdout).not.toContain(secret);
  });

  it('a wrong spreadsheet id (404)', async () => {
    share([MANAGER]);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await oneLineError(readArgs('sheet999'))).toBe(
      'peerkit report: no spreadsheet has the id "sheet999": copy the id from the spreadsheet\'s address (docs.google.com/spreadsheets/d/<id>/edit)',
    );
  });

  it('something that is not a spreadsheet id at all, before any request', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await oneLineError(readArgs('my sheet'))).toMatch(/^peerkit report: "sheets:my sheet" does not name a spreadsheet: give sheets:<id>/);
    expect(fake.requests).toHaveLength(0);
  });

  it('the Sheets API not enabled in the Cloud project (403 SERVICE_DISABLED)', async () => {
    share([MANAGER]);
    fake.options.disabled = ['sheets'];
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await oneLineError(readArgs())).toBe(
      'peerkit report: the Google Sheets API is not enabled in Google Cloud project 123456789012: enable it at https://console.cloud.google.com/apis/library/sheets.googleapis.com?project=123456789012, wait a few minutes, and try again',
    );
  });

  it('a token without the spreadsheets scope (403 ACCESS_TOKEN_SCOPE_INSUFFICIENT)', async () => {
    share([MANAGER]);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: 'ya29.no-sheets-scope' });
    expect(await oneLineError(readArgs())).toMatch(/^peerkit report: the credentials do not allow the Google Sheets API \(insufficient scopes\): sign in again with the scopes in the README/);
  });

  it('a wrong or expired access token (401), never printed, not even with --debug', async () => {
    share([MANAGER]);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: 'ya29.expired-secret-token' });
    const run = await runCli([...readArgs(), '--debug']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('peerkit report: Google did not accept the credentials (401): an access token lasts an hour, so get a new one, or sign in again');
    expect(run.stderr + run.stdout).not.toContain('expired-secret-token');
    expect(fake.apiCalls()[0]!.status).toBe(401);
  });

  it('the fake, like Google, answers 401 to a request without a token', async () => {
    share([MANAGER]);
    const answer = await fetch(`${fake.url}v4/spreadsheets/${ID}`);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });

  it('a service-account key that Google refuses (the token endpoint says invalid_grant)', async () => {
    const key = serviceAccountKey('deleted-key@peer-support-123.iam.gserviceaccount.com');
    fake.options.serviceAccounts = {}; // the key was deleted in the console
    share([key.clientEmail]);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, GOOGLE_APPLICATION_CREDENTIALS: key.file });
    expect(await oneLineError(readArgs())).toBe(
      'peerkit report: Google refused the credentials (invalid_grant: Invalid JWT Signature.); make a new service-account key, or sign in again with "gcloud auth application-default login"',
    );
  });

  it('no credentials at all: says how to provide them', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url });
    expect(await oneLineError(readArgs())).toBe(
      'peerkit report: no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run "gcloud auth application-default login" with the scopes in the README ("Connecting to Google"), or set PEERKIT_GOOGLE_ACCESS_TOKEN',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('a key file that cannot be read: names the file, never quotes it', async () => {
    const file = join(tempDir(), 'broken-key.json');
    writeFileSync(file, '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIsecretsecret');
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, GOOGLE_APPLICATION_CREDENTIALS: file });
    const run = await runCli([...readArgs(), '--debug']);
    expect(run.stderr.split('\n')[0]).toBe(`peerkit report: GOOGLE_APPLICATION_CREDENTIALS names "${file}", which cannot be read as a Google key file (download the service account's JSON key again)`);
    expect(run.stderr).not.toContain('secretsecret');
  });

  describe('a corrupt service-account key: one line naming the file and what to do, never its contents nor OpenSSL\'s text', () => {
    const SECRET = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCsecretsecret';
    const keyJson = (fields: Record<string, unknown>) =>
      JSON.stringify({ type: 'service_account', project_id: 'peer-support-123', client_email: 'bot@peer-support-123.iam.gserviceaccount.com', ...fields });
    const again = "download the service account's JSON key again";

    it.each([
      ['not JSON at all', `private_key=${SECRET}`, `which cannot be read as a Google key file (${again})`],
      ['JSON without a private_key', keyJson({ private_key_id: SECRET }), `a service-account key without its private_key or client_email (${again})`],
      ['a private_key that is not PEM', keyJson({ private_key: SECRET }), `a key file whose private_key is not a valid private key (${again}: the file may have been cut short or edited)`],
      [
        'a PEM private_key with a broken body',
        keyJson({ private_key: `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----\n` }),
        `a key file whose private_key is not a valid private key (${again}: the file may have been cut short or edited)`,
      ],
      [
        'a private key that is not RSA (Google signs tokens with RSA only)',
        keyJson({ private_key: generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey }),
        `a key file whose private_key is not a valid private key (${again}: the file may have been cut short or edited)`,
      ],
    ])('%s', async (_, contents, problem) => {
      const file = join(tempDir(), 'key.json');
      writeFileSync(file, contents);
      restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, GOOGLE_APPLICATION_CREDENTIALS: file });
      const run = await runCli([...readArgs(), '--debug']);
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(`peerkit report: GOOGLE_APPLICATION_CREDENTIALS names "${file}", ${problem}`);
      expect(run.stderr + run.stdout).not.toMatch(/secretsecret|PRIVATE KEY|routines|unexpected error/);
      expect(fake.requests).toHaveLength(0); // found before anything is sent
    });

    it('a file that is not there', async () => {
      const file = join(tempDir(), 'no-such-key.json');
      restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, GOOGLE_APPLICATION_CREDENTIALS: file });
      expect(await oneLineError(readArgs())).toBe(
        `peerkit report: GOOGLE_APPLICATION_CREDENTIALS names "${file}", which does not exist (give the path of the service account's JSON key file)`,
      );
    });
  });

  it('no network: Google could not be reached (ECONNREFUSED)', async () => {
    const closed = await closedPort();
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: `http://127.0.0.1:${closed}/`, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await oneLineError(readArgs())).toBe(
      'peerkit report: Google could not be reached (ECONNREFUSED): check the internet connection and PEERKIT_GOOGLE_API_ROOT, then try again',
    );
  });

  it('no network: a name that does not resolve (ENOTFOUND, or EAI_AGAIN without DNS)', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: 'http://sheets.invalid/', PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await oneLineError(readArgs())).toMatch(/^peerkit report: Google could not be reached \((ENOTFOUND|EAI_AGAIN)\): check the internet connection/);
  });

  it('no network: a connection that times out (ETIMEDOUT), however deep the library wraps it', () => {
    const timedOut = Object.assign(new Error('request failed'), { cause: Object.assign(new Error('connect ETIMEDOUT 142.250.0.1:443'), { code: 'ETIMEDOUT' }) });
    const line = explainGoogleError(timedOut, { api: SHEETS_API, notFound: '', notShared: '' });
    expect(line).toBeInstanceOf(UserError);
    expect(line.message).toMatch(/^Google could not be reached \(ETIMEDOUT\)/);
  });

  it('a PEERKIT_GOOGLE_API_ROOT that is not a URL', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: 'localhost:8080', PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await oneLineError(readArgs())).toMatch(/^peerkit report: PEERKIT_GOOGLE_API_ROOT "localhost:8080" must be an http or https URL/);
  });
});

describe('quota exceeded (429) and passing trouble (503): exponential backoff, then one line', () => {
  it('retries after each delay and succeeds once the quota clears', async () => {
    share([MANAGER]);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    fake.quotaFailures = 2;
    const waits: number[] = [];
    const wb = await readSpreadsheet(ID, { backoff: { delaysMs: [10, 20, 40, 80], sleep: async (ms) => void waits.push(ms) } });
    expect(wb.tabs.length).toBeGreaterThan(0);
    expect(waits).toEqual([10, 20]);
    expect(fake.apiCalls().map((r) => r.status)).toEqual([429, 429, 200, 200]);
  });

  it('gives up after the last delay and says so', async () => {
    share([MANAGER]);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    fake.quotaFailures = 100;
    const waits: number[] = [];
    const reading = readSpreadsheet(ID, { backoff: { delaysMs: [10, 20, 40], sleep: async (ms) => void waits.push(ms) } });
    await expect(reading).rejects.toThrow(
      new UserError('the Google Sheets API quota was exceeded (429) and still was after 4 tries: wait a minute and run again, or ask for a higher quota in the Google Cloud project'),
    );
    expect(waits).toEqual([10, 20, 40]);
    expect(fake.apiCalls()).toHaveLength(4);
  });

  it('stops retrying once the next wait would end past the total bound (totalMs)', async () => {
    share([MANAGER]);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    fake.quotaFailures = 100;
    let clock = 0;
    const waits: number[] = [];
    const backoff = {
      delaysMs: [10, 20, 40, 80],
      totalMs: 35,
      sleep: async (ms: number) => {
        clock += ms;
        waits.push(ms);
      },
      now: () => clock,
    };
    await expect(readSpreadsheet(ID, { backoff })).rejects.toThrow(
      new UserError('the Google Sheets API quota was exceeded (429) and still was after 3 tries: wait a minute and run again, or ask for a higher quota in the Google Cloud project'),
    );
    expect(waits).toEqual([10, 20]); // a wait of 40 would have ended at 70
    expect(fake.apiCalls()).toHaveLength(3);
  });

  it('retries Google\'s passing troubles (503) the same way, and says so if they last', async () => {
    share([MANAGER]);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    const backoff = { delaysMs: [1, 1], sleep: async () => {} };
    fake.unavailable = 1;
    await readSpreadsheet(ID, { backoff });
    expect(fake.apiCalls().map((r) => r.status)).toEqual([503, 200, 200]);
    fake.unavailable = 100;
    await expect(readSpreadsheet(ID, { backoff })).rejects.toThrow(new UserError('the Google Sheets API is having trouble (503) and still was after 3 tries: try again later'));
  });

  it('by default waits about 2, 4, 8 and 16 seconds, with a little randomness, and retries for a minute at most', () => {
    const { delaysMs, totalMs } = defaultBackoff();
    expect(totalMs).toBe(60000);
    expect(delaysMs).toHaveLength(4);
    [2000, 4000, 8000, 16000].forEach((base, i) => {
      expect(delaysMs[i]).toBeGreaterThanOrEqual(base);
      expect(delaysMs[i]).toBeLessThan(base + 1000);
    });
  });
});

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
