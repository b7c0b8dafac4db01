/**
 * `--publish drive:<folderId>`: each report uploaded to Drive as a Google Doc (and
 * its PDF), the links printed; through the real googleapis client against the
 * local fake of Drive v3.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workbook } from '../../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../../helpers/run-cli.js';
import { publishToDrive } from '../../../generator/google/publish.js';
import { findBrowser } from '../../../generator/render/pdf.js';
import { GCLOUD_CLIENT_ID, startFakeGoogle, type FakeGoogle } from './fake-google.js';
import { gcloudSignIn, serviceAccountKey, setGoogleEnv, spreadsheetFrom } from './helpers.js';

const TOKEN = 'ya29.test-manager-token';
const MANAGER = 'manager@example.org';
const FOLDER = '0AbCdReportsFolder_1';
const SCOPE = 'https://www.googleapis.com/auth/';

let fake: FakeGoogle;
let restoreEnv: () => void = () => {};

beforeAll(async () => {
  fake = await startFakeGoogle({
    tokens: { [TOKEN]: { account: MANAGER, scopes: [`${SCOPE}spreadsheets.readonly`, `${SCOPE}drive.file`] } },
    folders: {
      // `app`: opened with peerkit (drive.file sees it); someoneElsesFolder was not.
      [FOLDER]: { editors: [MANAGER], app: true },
      viewOnlyFolder: { editors: [], viewers: [MANAGER], app: true },
      sharedDriveFolder: { editors: [MANAGER], sharedDrive: true, app: true },
      someoneElsesFolder: { editors: [MANAGER] },
    },
  });
});
afterAll(() => fake.close());
afterEach(() => {
  restoreEnv();
  fake.requests.length = 0;
  fake.uploads.length = 0;
  fake.failAfterUpload = 0;
  fake.options.disabled = [];
});

const source = () =>
  writeCsvWorkbook(
    workbook({
      Contacts: [{ 'Contact date': '01/04/2021', 'Prison number': 'A1234BC', Scheme: 'Perinatal', 'Peer supporters': 'PS-001' }],
    }),
  );
const reportArgs = (out: string) => ['report', '--scheme', 'perinatal', '--quarter', '2021-22-Q1', '--out', out];

describe('publishing reports to Google Drive', () => {
  it('uploads each HTML report as a Google Doc into the folder and prints the link', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    const out = tempDir();
    const run = await runCli([...reportArgs(out), '--source', source(), '--publish', `drive:${FOLDER}`]);
    expect(run.code).toBe(0);

    expect(fake.uploads).toHaveLength(1);
    const [upload] = fake.uploads;
    expect(upload!.parents).toEqual([FOLDER]);
    expect(upload!.name).toBe('Perinatal peer support scheme report 2021-22 Q1');
    expect(upload!.mimeType).toBe('application/vnd.google-apps.document'); // converted by Drive
    expect(upload!.mediaType).toBe('text/html');
    // The multipart body holds the metadata and the very HTML written to the folder.
    const html = readFileSync(join(out, 'perinatal-2021-22-Q1.html'), 'utf8');
    expect(upload!.media.toString('utf8')).toBe(html);
    expect(upload!.multipart).toContain('"parents":["0AbCdReportsFolder_1"]');
    expect(upload!.multipart).toContain('"mimeType":"application/vnd.google-apps.document"');

    // The folder checked first, then a look-up for this report (none yet), then the upload.
    const calls = fake.apiCalls();
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /drive/v3/files/${FOLDER}`, 'GET /drive/v3/files', 'POST /upload/drive/v3/files']);
    expect(calls[1]!.query.get('q')).toBe(`'${FOLDER}' in parents and appProperties has { key='peerkitReport' and value='perinatal-2021-22-Q1' } and trashed=false`);
    expect(upload!.appProperties).toEqual({ peerkitReport: 'perinatal-2021-22-Q1' });
    const request = calls[2];
    expect(request!.query.get('uploadType')).toBe('multipart');
    expect(request!.query.get('fields')).toBe('id,name,webViewLink');
    expect(request!.query.get('supportsAllDrives')).toBe('true');
    expect(run.stdout).toContain(`Published "Perinatal peer support scheme report 2021-22 Q1" (Google Doc): https://docs.google.com/document/d/${upload!.id}/edit?usp=drivesdk`);
  });

  it('reads the live spreadsheet and publishes in one run: two Sheets requests, the folder checked, then a look-up and an upload per report', async () => {
    fake.options.spreadsheets = {
      sheet1: spreadsheetFrom(workbook({ Contacts: [{ 'Contact date': '01/04/2021', 'Prison number': 'A1234BC', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' }] }), { readers: [MANAGER] }),
    };
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    // Every quarter of the contract: one report, and one upload, each.
    const run = await runCli(['report', '--scheme', 'reconnect', '--out', tempDir(), '--source', 'sheets:sheet1', '--publish', `drive:${FOLDER}`]);
    expect(run.code).toBe(0);
    const quarters = fake.uploads.length;
    expect(quarters).toBeGreaterThan(1);
    expect(fake.apiCalls().map((r) => r.kind)).toEqual(['sheets', 'sheets', 'drive', ...Array(2 * quarters).fill('drive')]);
    expect(fake.uploads[0]!.name).toBe('Reconnect peer support scheme report 2020-21 Q4');
    expect(run.stdout.match(/^Published .*: https:\/\/docs\.google\.com\/document\/d\/\S+$/gm)).toHaveLength(quarters);
  });

  it('uploads a PDF beside its Google Doc (publishToDrive, as the packs command can call it)', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    const pdfFile = join(tempDir(), 'report.pdf');
    const pdfBytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 255, 128, 13, 10, 37]), Buffer.from('\n%%EOF\n')]);
    writeFileSync(pdfFile, pdfBytes);
    const lines: string[] = [];
    const published = await publishToDrive({ folderId: FOLDER }, [{ name: 'A report', key: 'a-report', html: '<html><body><h1>A report</h1></body></html>', pdfFile }], { out: (l) => lines.push(l) });
    expect(published.map((p) => p.kind)).toEqual(['Google Doc', 'PDF']);
    const pdf = fake.uploads[1]!;
    expect(pdf).toMatchObject({ name: 'A report.pdf', mimeType: 'application/pdf', mediaType: 'application/pdf', parents: [FOLDER] });
    expect(pdf.media.equals(pdfBytes)).toBe(true); // byte for byte
    expect(lines[1]).toBe(`Published "A report.pdf" (PDF): https://drive.google.com/file/d/${pdf.id}/view?usp=drivesdk`);
  });

  // Printed, not silent: CI installs Chromium, so there this test always runs.
  if (!findBrowser()) console.warn('SKIPPED: the Drive PDF upload test needs Chrome or Chromium (on the PATH or PEERKIT_CHROME).');
  it.skipIf(!findBrowser())('uploads the PDFs that --format pdf made, through a real Chromium', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    const out = tempDir();
    const run = await runCli([...reportArgs(out), '--format', 'html,pdf', '--source', source(), '--publish', `drive:${FOLDER}`]);
    expect(run.code).toBe(0);
    expect(fake.uploads.map((u) => [u.name, u.mimeType])).toEqual([
      ['Perinatal peer support scheme report 2021-22 Q1', 'application/vnd.google-apps.document'],
      ['Perinatal peer support scheme report 2021-22 Q1.pdf', 'application/pdf'],
    ]);
    expect(fake.uploads[1]!.media.equals(readFileSync(join(out, 'perinatal-2021-22-Q1.pdf')))).toBe(true);
  });

  it('asks a service account for drive.file access only (into a shared drive, where it can store files)', async () => {
    const key = serviceAccountKey();
    fake.options.serviceAccounts = { [key.clientEmail]: key.publicKey };
    fake.options.folders!.sharedDriveFolder!.editors.push(key.clientEmail);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, GOOGLE_APPLICATION_CREDENTIALS: key.file });
    const run = await runCli([...reportArgs(tempDir()), '--source', source(), '--publish', 'drive:sharedDriveFolder']);
    expect(run.code).toBe(0);
    const assertion = new URLSearchParams(fake.requests.find((r) => r.kind === 'token')!.body.toString()).get('assertion')!;
    expect(JSON.parse(Buffer.from(assertion.split('.')[1]!, 'base64url').toString()).scope).toBe(`${SCOPE}drive.file`);
    expect(fake.uploads).toHaveLength(1);
  });
});

describe('publishing errors, one line each', () => {
  async function publishError(target: string, extra: string[] = []): Promise<string> {
    const run = await runCli([...reportArgs(tempDir()), '--source', source(), '--publish', target, ...extra]);
    expect(run.code).toBe(2);
    return run.stderr.trimEnd().split('\n').pop()!;
  }

  it('a folder the account cannot see (404)', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await publishError('drive:noSuchFolder')).toBe(
      'peerkit report: the Google account you signed in with cannot see a Drive folder "noSuchFolder": check the id, and share the folder with that account as Editor, or use --publish drive and share the folder peerkit makes ("peerkit reports")',
    );
    expect(fake.uploads).toHaveLength(0);
  });

  it('a folder shared with the account but not made or opened by peerkit (drive.file: 404)', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await publishError('drive:someoneElsesFolder')).toBe(
      'peerkit report: the Google account you signed in with cannot see a Drive folder "someoneElsesFolder": check the id, and share the folder with that account as Editor, or use --publish drive and share the folder peerkit makes ("peerkit reports")',
    );
    // Checked before any upload: one request, the folder's.
    expect(fake.apiCalls().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /drive/v3/files/someoneElsesFolder 404']);
  });

  it('a folder shared for viewing only (403 insufficientFilePermissions)', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await publishError('drive:viewOnlyFolder')).toBe(
      'peerkit report: the Google account you signed in with cannot add files to the Drive folder "viewOnlyFolder": share the folder with that account as Editor, or use --publish drive and share the folder peerkit makes ("peerkit reports")',
    );
    expect(fake.uploads).toHaveLength(0);
  });

  it('the Drive API not enabled (403 accessNotConfigured, in Drive\'s error form)', async () => {
    fake.options.disabled = ['drive'];
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await publishError(`drive:${FOLDER}`)).toBe(
      'peerkit report: the Google Drive API is not enabled in Google Cloud project 123456789012: enable it at https://console.cloud.google.com/apis/library/drive.googleapis.com?project=123456789012, wait a few minutes, and try again',
    );
  });

  it('a service account publishing outside a shared drive (403 storageQuotaExceeded)', async () => {
    const key = serviceAccountKey();
    fake.options.serviceAccounts = { [key.clientEmail]: key.publicKey };
    fake.options.folders![FOLDER]!.editors.push(key.clientEmail);
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, GOOGLE_APPLICATION_CREDENTIALS: key.file });
    expect(await publishError(`drive:${FOLDER}`)).toBe(
      "peerkit report: Drive refused the upload: a service account has no Drive storage of its own, so publish to a folder in a shared drive (with the service account as a member), or use a person's own sign-in",
    );
  });

  it('a --publish target that is not drive:<folderId>, or with --out -, before anything is read', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    expect(await publishError('dropbox:abc')).toMatch(/^peerkit report: --publish "dropbox:abc": give drive \(a folder peerkit makes\), or drive:<folderId>/);
    const run = await runCli(['report', '--scheme', 'perinatal', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-', '--source', source(), '--publish', `drive:${FOLDER}`]);
    expect(run.stderr).toBe('peerkit report: --publish uploads the reports written to a folder: give --out DIR, not --out -\n');
    expect(fake.requests).toHaveLength(0);
  });

  it('takes a folder\'s whole address', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    const run = await runCli([...reportArgs(tempDir()), '--source', source(), '--publish', `drive:https://drive.google.com/drive/folders/${FOLDER}?usp=sharing`]);
    expect(run.code).toBe(0);
    expect(fake.uploads[0]!.parents).toEqual([FOLDER]);
  });
});

describe("peerkit's own folder, and uploads that are not repeated", () => {
  it('--publish drive makes "peerkit reports" once, prints its link, and a second run replaces the report there', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    const first = await runCli([...reportArgs(tempDir()), '--source', source(), '--publish', 'drive']);
    expect(first.code).toBe(0);
    expect(fake.createdFolders).toHaveLength(1);
    const folderId = fake.createdFolders[0]!;
    expect(fake.options.folders![folderId]).toMatchObject({ name: 'peerkit reports', appProperties: { peerkit: 'reports-folder' } });
    expect(first.stdout).toContain(`Publishing to the Drive folder "peerkit reports" (share it with whoever should read the reports): https://drive.google.com/drive/folders/${folderId}`);
    expect(fake.uploads.map((u) => u.parents)).toEqual([[folderId]]);
    // Looked up by name and mark, made, then per report a look-up and an upload.
    expect(fake.apiCalls().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /drive/v3/files', 'POST /drive/v3/files', 'GET /drive/v3/files', 'POST /upload/drive/v3/files']);

    fake.requests.length = 0;
    const second = await runCli([...reportArgs(tempDir()), '--source', source(), '--publish', 'drive']);
    expect(second.code).toBe(0);
    expect(fake.createdFolders).toHaveLength(1); // found, not made again
    expect(fake.uploads).toHaveLength(1); // the report updated in place
    expect(fake.apiCalls().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /drive/v3/files', 'GET /drive/v3/files', `PATCH /upload/drive/v3/files/${fake.uploads[0]!.id}`]);
    expect(second.stdout).toContain(`https://docs.google.com/document/d/${fake.uploads[0]!.id}/edit?usp=drivesdk`);
  });

  it('an upload answered 503 after Drive stored it is not stored twice when retried', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    fake.failAfterUpload = 1;
    const lines: string[] = [];
    const html = '<html><body><h1>Retried</h1></body></html>';
    await publishToDrive({ folderId: FOLDER }, [{ name: 'Retried', key: 'retried', html }], { out: (l) => lines.push(l) }, { backoff: { delaysMs: [0, 0] } });
    expect(fake.uploads).toHaveLength(1);
    expect(fake.apiCalls().map((r) => `${r.method} ${r.path.replace(/file\d+_\w+$/, 'ID')} ${r.status}`)).toEqual([
      `GET /drive/v3/files/${FOLDER} 200`,
      'GET /drive/v3/files 200',
      'POST /upload/drive/v3/files 503',
      'GET /drive/v3/files 200', // the retry finds it
      'PATCH /upload/drive/v3/files/ID 200',
    ]);
    expect(lines).toEqual([`Published "Retried" (Google Doc): https://docs.google.com/document/d/${fake.uploads[0]!.id}/edit?usp=drivesdk`]);
  });

  it('a Drive item that is not a folder', async () => {
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, PEERKIT_GOOGLE_ACCESS_TOKEN: TOKEN });
    await publishToDrive({ folderId: FOLDER }, [{ name: 'A doc', key: 'a-doc', html: '<p>x</p>' }], { out: () => {} });
    const id = fake.uploads[0]!.id;
    const run = await runCli([...reportArgs(tempDir()), '--source', source(), '--publish', `drive:${id}`]);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe(`peerkit report: the Drive item "${id}" ("A doc") is not a folder: give a folder's id, or use --publish drive`);
  });

  it("a gcloud sign-in with gcloud's own client, which Google refuses for Drive: one line on signing in with your own client", async () => {
    fake.options.refreshTokens = { 'gcloud-own': { account: MANAGER, scopes: [`${SCOPE}cloud-platform`, `${SCOPE}drive.file`] } };
    restoreEnv = setGoogleEnv({ PEERKIT_GOOGLE_API_ROOT: fake.url, CLOUDSDK_CONFIG: gcloudSignIn('gcloud-own', GCLOUD_CLIENT_ID) });
    const run = await runCli([...reportArgs(tempDir()), '--source', source(), '--publish', 'drive']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe(
      'peerkit report: Google refused this sign-in for Sheets and Drive (invalid_scope), as it does for gcloud\'s own client: make a Desktop app OAuth client in your Cloud project and sign in with it ("gcloud auth application-default login --client-id-file=client_secret.json --scopes=…", README "Connecting to Google")',
    );
    expect(fake.apiCalls()).toHaveLength(0);
  });
});
