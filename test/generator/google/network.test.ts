/**
 * Hostile networks on the live path, each one clear line (exit code 2) naming the
 * service: a server that accepts the connection and never answers (a timeout,
 * through the real googleapis client against a local silent server), and
 * certificates Node will not accept (a local HTTPS server with certificates made by
 * `openssl` for the test, and the codes Node gives, simulated).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import * as tls from 'node:tls';
import type { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workbook } from '../../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../../helpers/run-cli.js';
import { connect, SCOPES } from '../../../generator/google/auth.js';
import { explainGoogleError, SHEETS_API } from '../../../generator/google/errors.js';
import { UserError } from '../../../core/errors.js';
import { gcloudSignIn, serviceAccountKey, setGoogleEnv } from './helpers.js';

const TOKEN = 'ya29.test-secret-token-do-not-print';
const readArgs = ['report', '--scheme', 'perinatal', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-', '--source', 'sheets:sheet123'];

let restoreEnv: () => void = () => {};
afterEach(() => restoreEnv());

/** Runs the command; expects exactly one error line and exit code 2; returns the line. */
async function oneLineError(args: string[]): Promise<string> {
  const run = await runCli(args);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

interface SilentServer {
  url: string;
  /** Connections accepted: one per request tried. */
  connections: number;
  close(): Promise<void>;
}

/**
 * A server on 127.0.0.1 that accepts every connection and never answers, or with
 * `head`, sends an answer's status line and headers, then nothing more. Closing it
 * drops the connections still open, so it never outlives its test.
 */
async function silentServer(mode: 'nothing' | 'head' = 'nothing'): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    silent.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // the client hanging up is the point
    if (mode === 'head') socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"spreadsheetId":'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const silent: SilentServer = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    connections: 0,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return silent;
}

/** The line for a request that timed out after `seconds`, naming the service. */
const timedOut = (service: string, seconds: string) =>
  `peerkit report: ${service} did not answer within ${seconds}: check the network connection or proxy and PEERKIT_GOOGLE_API_ROOT, or try again later (PEERKIT_GOOGLE_TIMEOUT_MS sets how long to wait)`;

describe('a server that accepts the connection and never answers: a timeout, then one line', () => {
  let silent: SilentServer;
  afterEach(() => silent.close());

  it('the Sheets API: gives up after PEERKIT_GOOGLE_TIMEOUT_MS, tries once, and never prints the token', async () => {
    silent = await silentServer();
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: silent.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN, PEERKIT_GOOGLE_TIMEOUT_MS: '200' });
    const started = Date.now();
    const run = await runCli([...readArgs, '--debug']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(timedOut('the Google Sheets API', '0.2 seconds'));
    expect(run.stderr + run.stdout).not.toContain(TOKEN);
    expect(silent.connections).toBe(1); // a timeout is not retried: the next try would wait as long
  });

  it('an answer that starts and then stops (headers, half a body) times out the same way', async () => {
    silent = await silentServer('head');
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: silent.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN, PEERKIT_GOOGLE_TIMEOUT_MS: '200' });
    expect(await oneLineError(readArgs)).toBe(timedOut('the Google Sheets API', '0.2 seconds'));
  });

  it("Google's sign-in: a service-account key's token request, tried once (the library's own retries are off)", async () => {
    silent = await silentServer();
    const key = serviceAccountKey();
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: silent.url, GOOGLE_APPLICATION_CREDENTIALS: key.file, PEERKIT_GOOGLE_TIMEOUT_MS: '200' });
    const run = await runCli([...readArgs, '--debug']);
    expect(run.stderr.split('\n')[0]).toBe(timedOut("Google's sign-in", '0.2 seconds'));
    expect(run.stderr).not.toContain('PRIVATE KEY');
    expect(silent.connections).toBe(1);
  });

  it("Google's sign-in: refreshing a gcloud sign-in", async () => {
    silent = await silentServer();
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: silent.url, CLOUDSDK_CONFIG: gcloudSignIn('refresh-secret'), PEERKIT_GOOGLE_TIMEOUT_MS: '200' });
    expect(await oneLineError(readArgs)).toBe(timedOut("Google's sign-in", '0.2 seconds'));
    expect(silent.connections).toBe(1);
  });

  it('the Drive API: an upload that is never answered', async () => {
    silent = await silentServer();
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: silent.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN, PEERKIT_GOOGLE_TIMEOUT_MS: '250' });
    const source = writeCsvWorkbook(workbook({ Contacts: [{ 'Contact date': '01/04/2021', 'Prison number': 'A1234BC', Scheme: 'Perinatal', 'Peer supporters': 'PS-001' }] }));
    const run = await runCli(['report', '--scheme', 'perinatal', '--quarter', '2021-22-Q1', '--out', tempDir(), '--source', source, '--publish', 'drive:folder1']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe(timedOut('the Google Drive API', '0.25 seconds'));
    expect(silent.connections).toBe(1);
  });
});

describe('the request timeout', () => {
  it('is 30 seconds unless PEERKIT_GOOGLE_TIMEOUT_MS says otherwise, for every request of the client', async () => {
    const timeoutOf = async (env: NodeJS.ProcessEnv) => ((await connect(SCOPES.read, {}, env)).auth as OAuth2Client).transporter.defaults.timeout;
    expect(await timeoutOf({ PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN })).toBe(30000);
    expect(await timeoutOf({ PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN, PEERKIT_GOOGLE_TIMEOUT_MS: '90000' })).toBe(90000);
  });

  it.each(['soon', '0', '-5', '1.5', '99999999999'])('a PEERKIT_GOOGLE_TIMEOUT_MS of "%s" is refused before any request', async (value) => {
    const silent = await silentServer();
    try {
      restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: silent.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN, PEERKIT_GOOGLE_TIMEOUT_MS: value });
      expect(await oneLineError(readArgs)).toBe(
        `peerkit report: PEERKIT_GOOGLE_TIMEOUT_MS "${value}" is not a number of milliseconds from 1 to 3600000 (e.g. 60000 to wait a minute)`,
      );
      expect(silent.connections).toBe(0);
    } finally {
      await silent.close();
    }
  });
});

/** Is `openssl` on the PATH, to make certificates with? */
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

interface Certificates {
  /** A root certificate of a CA nobody trusts (as a company proxy's is, until told). */
  ca: string;
  /** Signed by that CA, for google.example only: not for 127.0.0.1. */
  leaf: { key: string; cert: string };
  /** Signed by itself. */
  self: { key: string; cert: string };
}

/** Fresh certificates, made for this run by openssl. */
function makeCertificates(): Certificates {
  const dir = tempDir('peerkit-tls-');
  const at = (name: string) => join(dir, name);
  writeFileSync(
    at('openssl.cnf'),
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      'CN = peerkit test',
      '[ca]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      '[leaf]',
      'basicConstraints = CA:FALSE',
      'subjectAltName = DNS:google.example',
      '',
    ].join('\n'),
  );
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const newKey = ['-newkey', 'rsa:2048', '-nodes', '-days', '2', '-config', at('openssl.cnf')];
  openssl('req', '-x509', ...newKey, '-extensions', 'ca', '-subj', '/CN=peerkit test CA', '-keyout', at('ca.key'), '-out', at('ca.pem'));
  openssl('req', '-new', ...newKey, '-subj', '/CN=google.example', '-keyout', at('leaf.key'), '-out', at('leaf.csr'));
  openssl('x509', '-req', '-in', at('leaf.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-set_serial', '2', '-days', '2', '-extfile', at('openssl.cnf'), '-extensions', 'leaf', '-out', at('leaf.pem'));
  openssl('req', '-x509', ...newKey, '-extensions', 'leaf', '-subj', '/CN=127.0.0.1', '-keyout', at('self.key'), '-out', at('self.pem'));
  const read = (name: string) => readFileSync(at(name), 'utf8');
  return { ca: read('ca.pem'), leaf: { key: read('leaf.key'), cert: read('leaf.pem') }, self: { key: read('self.key'), cert: read('self.pem') } };
}

const untrusted = (service: string, code: string) =>
  `peerkit report: ${service} sent a certificate this computer does not trust (${code}): if your network inspects HTTPS (a company proxy or antivirus), set NODE_EXTRA_CA_CERTS to its root certificate file; otherwise check the network connection or proxy and PEERKIT_GOOGLE_API_ROOT`;

// Printed, not silent: CI has openssl, so there these tests always run.
if (!hasOpenssl) console.warn('SKIPPED: the TLS tests against a local HTTPS server need openssl on the PATH (the simulated ones still run).');
describe.skipIf(!hasOpenssl)('certificates Node will not accept, from a local HTTPS server: one line each', () => {
  let certificates: Certificates;
  let server: HttpsServer;
  let url: string;

  beforeAll(async () => {
    certificates = makeCertificates();
    server = createHttpsServer(certificates.self, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const serve = (context: tls.SecureContextOptions) => server.setSecureContext(context);

  it('a self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)', async () => {
    serve(certificates.self);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await oneLineError(readArgs)).toBe(untrusted('the Google Sheets API', 'DEPTH_ZERO_SELF_SIGNED_CERT'));
  });

  it("a chain ending in a root this computer does not know, as an HTTPS-inspecting proxy sends (SELF_SIGNED_CERT_IN_CHAIN), never printing OpenSSL's text", async () => {
    serve({ key: certificates.leaf.key, cert: certificates.leaf.cert + certificates.ca });
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    const run = await runCli([...readArgs, '--debug']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(untrusted('the Google Sheets API', 'SELF_SIGNED_CERT_IN_CHAIN'));
    expect(run.stderr).not.toMatch(/self-signed certificate|unexpected error/);
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('a certificate whose issuer is not sent and not known (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', async () => {
    serve(certificates.leaf);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await oneLineError(readArgs)).toBe(untrusted('the Google Sheets API', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'));
  });

  it("Google's sign-in over such a connection: the token request of a service-account key", async () => {
    serve({ key: certificates.leaf.key, cert: certificates.leaf.cert + certificates.ca });
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: url, GOOGLE_APPLICATION_CREDENTIALS: serviceAccountKey().file });
    expect(await oneLineError(readArgs)).toBe(untrusted("Google's sign-in", 'SELF_SIGNED_CERT_IN_CHAIN'));
  });

  // Trusting the test CA for a moment (Node 24.5+) leaves the name as the only fault.
  if (typeof tls.setDefaultCACertificates !== 'function') console.warn(`SKIPPED: the wrong-name TLS test needs Node 24.5 or later (this is ${process.version}).`);
  it.skipIf(typeof tls.setDefaultCACertificates !== 'function')('a trusted certificate for another name (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
    serve(certificates.leaf);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    const trusted = tls.getCACertificates('default');
    tls.setDefaultCACertificates([...trusted, certificates.ca]);
    try {
      expect(await oneLineError(readArgs)).toBe(
        'peerkit report: the Google Sheets API sent a certificate for another name (ERR_TLS_CERT_ALTNAME_INVALID): something on the way is answering for Google; check the network connection or proxy and PEERKIT_GOOGLE_API_ROOT',
      );
    } finally {
      tls.setDefaultCACertificates(trusted);
    }
  });
});

describe('certificate and connection errors as the client gives them (simulated): one line each', () => {
  /** As gaxios wraps node-fetch's FetchError, which carries Node's code. */
  const failed = (code: string, message: string) => {
    const fetchError = Object.assign(new Error(`request to https://sheets.googleapis.com/v4/spreadsheets/x failed, reason: ${message}`), { name: 'FetchError', code });
    return Object.assign(new Error(fetchError.message, { cause: fetchError }), { code });
  };
  const explain = (error: unknown) => {
    const line = explainGoogleError(error, { api: SHEETS_API, notFound: '', notShared: '' });
    expect(line).toBeInstanceOf(UserError);
    expect(line.message).not.toMatch(/\n|routines|reason:/);
    return line.message;
  };

  it.each([
    ['CERT_HAS_EXPIRED', 'certificate has expired', "sent a certificate that is out of date (CERT_HAS_EXPIRED): check this computer's date and time"],
    ['CERT_NOT_YET_VALID', 'certificate is not yet valid', 'sent a certificate that is out of date (CERT_NOT_YET_VALID)'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'sent a certificate this computer does not trust (SELF_SIGNED_CERT_IN_CHAIN): if your network inspects HTTPS'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'sent a certificate this computer does not trust (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", 'sent a certificate for another name (ERR_TLS_CERT_ALTNAME_INVALID)'],
    ['EPROTO', 'write EPROTO error:0A00010B:SSL routines::wrong version number', 'the secure connection to the Google Sheets API failed (EPROTO): check the network connection or proxy'],
  ])('%s', (code, message, expected) => {
    expect(explain(failed(code, message))).toContain(expected);
  });

  it('a timeout however it comes: gaxios\'s TimeoutError code, or the AbortSignal\'s DOMException as the cause', () => {
    const gaxios = Object.assign(new Error('The operation was aborted due to timeout'), { code: 'TimeoutError', config: { timeout: 30000 } });
    expect(explain(gaxios)).toMatch(/^the Google Sheets API did not answer within 30 seconds: check the network connection or proxy/);
    const dom = new Error('aborted', { cause: new DOMException('The operation was aborted due to timeout', 'TimeoutError') });
    expect(explain(dom)).toMatch(/^the Google Sheets API did not answer in time:/);
  });
});
