/**
 * Test helpers for the live Google path: a workbook as Google Sheets would hold it,
 * credentials of each kind, and an environment that points peerkit at the fake.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_FORMS } from '../../../core/schemes/contract/forms.js';
import type { Cell, RawWorkbook } from '../../../core/workbook.js';
import { tempDir } from '../../helpers/run-cli.js';
import type { FakeCell, FakeSpreadsheet } from './fake-google.js';

const DAY_MS = 86400000;
const SERIAL_EPOCH_OFFSET = 25569;
const DMY = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/** A real date (and time) written dd/mm/yyyy [HH:mm:ss] as a serial number; null when it is no real date. */
function serialOf(text: string): number | null {
  const m = DMY.exec(text);
  if (!m) return null;
  const [d, mo, y, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? '0');
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
  const check = new Date(ms);
  if (check.getUTCDate() !== +d! || check.getUTCMonth() !== +mo! - 1) return null;
  return ms / DAY_MS + SERIAL_EPOCH_OFFSET;
}

/**
 * A RawWorkbook as Sheets would hold it: in date and timestamp columns, real dates
 * written dd/mm/yyyy become serial numbers (date cells; Forms writes its Timestamp
 * so); numeric text in number columns becomes numbers. Everything else stays text,
 * as Sheets keeps "31/02/2021" or "about ten" as typed. `keepText` names cells to
 * leave as text (a date typed into a plain-text column), as "Tab:row:column".
 */
export function spreadsheetFrom(wb: RawWorkbook, meta: Partial<Omit<FakeSpreadsheet, 'sheets'>> & { keepText?: string[] } = {}): FakeSpreadsheet {
  const sheets = wb.tabs.map((tab) => {
    const form = CONTRACT_FORMS.find((f) => f.tab === tab.name);
    const typeOf = (column: string) => form?.questions.find((q) => q.title === column)?.type;
    const rows: FakeCell[][] = tab.rows.map((row, r) =>
      row.map((cell, c): FakeCell => {
        const type = typeOf(tab.header[c] ?? '');
        if (meta.keepText?.includes(`${tab.name}:${r + 2}:${tab.header[c]}`)) return asText(cell);
        if (typeof cell === 'string' && (type === 'date' || type === 'timestamp')) return serialOf(cell.trim()) ?? cell;
        if (typeof cell === 'string' && type === 'number' && /^-?\d+(\.\d+)?$/.test(cell.trim())) return Number(cell);
        return asText(cell);
      }),
    );
    return { title: tab.name, rows: [tab.header, ...rows] };
  });
  return {
    title: meta.title ?? 'Peer support — test site',
    locale: meta.locale ?? 'en_GB',
    timeZone: meta.timeZone ?? 'Europe/London',
    readers: meta.readers ?? [],
    sheets,
  };
}

function asText(cell: Cell): FakeCell {
  if (cell === null || typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') return cell;
  return String(cell);
}

/** The variables peerkit and google-auth-library read, set for one test and put back after. */
const GOOGLE_VARIABLES = ['PEERKIT_GOOGLE_API_ROOT', 'PEERKIT_GOOGLE_ACCESS_TOKEN', 'PEERKIT_GOOGLE_TIMEOUT_MS', 'GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CONFIG', 'METADATA_SERVER_DETECTION'] as const;

/**
 * Sets the Google variables (unset unless given), with gcloud's folder empty and the
 * metadata-server probe off, so nothing on this machine is picked up. Returns a
 * function that restores them.
 */
export function setGoogleEnv(vars: Partial<Record<(typeof GOOGLE_VARIABLES)[number], string>>): () => void {
  const saved = Object.fromEntries(GOOGLE_VARIABLES.map((k) => [k, process.env[k]]));
  const defaults = { CLOUDSDK_CONFIG: tempDir('peerkit-gcloud-'), METADATA_SERVER_DETECTION: 'none' };
  for (const key of GOOGLE_VARIABLES) {
    const value = vars[key] ?? defaults[key as keyof typeof defaults];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const key of GOOGLE_VARIABLES) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  };
}

interface ServiceAccountKey {
  file: string;
  clientEmail: string;
  publicKey: string;
  privateKey: string;
}

/** A service-account key file, as the Cloud console downloads it, with a fresh RSA key. */
export function serviceAccountKey(clientEmail = 'peerkit-reports@peer-support-123.iam.gserviceaccount.com'): ServiceAccountKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const file = join(tempDir('peerkit-key-'), 'key.json');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'service_account',
      project_id: 'peer-support-123',
      private_key_id: 'abc123',
      private_key: privateKey,
      client_email: clientEmail,
      client_id: '1234567890',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
    }),
  );
  return { file, clientEmail, publicKey, privateKey };
}

/** The file `gcloud auth application-default login` writes, in a folder to give CLOUDSDK_CONFIG. */
export function gcloudSignIn(refreshToken: string, clientId = 'client.apps.googleusercontent.com'): string {
  const dir = tempDir('peerkit-gcloud-');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'application_default_credentials.json'),
    JSON.stringify({ type: 'authorized_user', client_id: clientId, client_secret: 'client-secret', refresh_token: refreshToken }),
  );
  return dir;
}
