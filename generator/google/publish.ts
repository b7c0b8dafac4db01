/**
 * `--publish drive` (a folder peerkit makes) or `drive:<folderId>`: documents
 * uploaded to a Google Drive folder, the links printed. Each HTML document becomes a Google Doc (Drive converts HTML on
 * upload when the file's type is a Google Doc's); a PDF made beside it is uploaded
 * as it is. Commands that write documents (report, packs) call publishToDrive.
 */
import { createReadStream } from 'node:fs';
import { UserError } from '../../core/errors.js';
import type { Output } from '../command.js';
import { connect, SCOPES } from './auth.js';
import { DRIVE_API, type ErrorWording } from './errors.js';
import { googleRequest, type Backoff } from './request.js';

/** Uploading HTML with this type asks Drive to convert it to a Google Doc. */
const GOOGLE_DOC = 'application/vnd.google-apps.document';
const PDF = 'application/pdf';

export const PUBLISH_HELP = `
  --publish drive       upload each document to Google Drive as a Google Doc (and
                        its PDF, where one was made), into a folder peerkit makes
                        ("peerkit reports"; its link is printed, to share); prints
                        the links. drive:ID uploads into that folder instead`;

/** The name of the folder peerkit makes, and the app property that marks it as peerkit's. */
export const OWN_FOLDER = 'peerkit reports';
const OWN_FOLDER_MARK = { key: 'peerkit', value: 'reports-folder' } as const;
/** The app property that names a document (scheme and period), so a retried or repeated upload replaces it. */
const REPORT_KEY = 'peerkitReport';
const FOLDER = 'application/vnd.google-apps.folder';

interface DriveDocument {
  /** The file's name in Drive (the PDF's name gets ".pdf"). */
  name: string;
  /** Unique among the documents peerkit publishes (e.g. "perinatal-2021-22-Q1"). */
  key: string;
  html: string;
  /** A PDF of the same document, already written, to upload beside it. */
  pdfFile?: string;
}

interface PublishedFile {
  name: string;
  kind: 'Google Doc' | 'PDF';
  link: string;
}

/** Where to publish: a folder by id, or (no id) the folder peerkit makes. */
export interface DriveTarget {
  folderId?: string;
}

/** `drive` (peerkit's own folder), or the folder id from `drive:<folderId>` or a folder's whole address. */
export function driveFolderFrom(target: string): DriveTarget {
  if (target.trim() === 'drive') return {};
  const rest = /^drive:(.+)$/.exec(target.trim())?.[1];
  const id = rest === undefined ? undefined : (/\/folders\/([A-Za-z0-9_-]+)/.exec(rest)?.[1] ?? rest);
  if (id === undefined || !/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new UserError(`--publish "${target}": give drive (a folder peerkit makes), or drive:<folderId>, the id being the last part of the folder's address (drive.google.com/drive/folders/<id>)`);
  }
  return { folderId: id };
}

/** A value inside a Drive query's single quotes. */
const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export async function publishToDrive(
  target: DriveTarget,
  documents: readonly DriveDocument[],
  io: Pick<Output, 'out'>,
  options: { backoff?: Backoff } = {},
): Promise<PublishedFile[]> {
  const google = await connect(SCOPES.publish, { backoff: options.backoff });
  // Loaded here, not at the top: the report command imports this module on every run.
  const { drive } = await import('googleapis/build/src/apis/drive/index.js');
  const api = drive({ version: 'v3', auth: google.auth, rootUrl: google.rootUrl, retry: false });
  const folderId = target.folderId ?? (await ownFolder());
  // drive.file lets peerkit see only the files it made or was given, so a folder made by
  // someone else may be invisible even when shared: the way out is peerkit's own folder.
  const ownInstead = `, or use --publish drive and share the folder peerkit makes ("${OWN_FOLDER}")`;
  const wording: ErrorWording = {
    api: DRIVE_API,
    notFound: `${google.account} cannot see a Drive folder "${folderId}": check the id, and share the folder with that account as Editor${target.folderId ? ownInstead : ''}`,
    notShared: `${google.account} cannot add files to the Drive folder "${folderId}": share the folder with that account as Editor${target.folderId ? ownInstead : ''}`,
  };
  if (target.folderId !== undefined) await checkFolder(target.folderId);

  /** peerkit's folder: found by its name and mark (so every run uses the same one), or made; its link printed. */
  async function ownFolder(): Promise<string> {
    const wording: ErrorWording = { api: DRIVE_API, notFound: `${google.account} cannot see its Drive`, notShared: `${google.account} may not make a folder in its Drive` };
    const q = `name=${quoted(OWN_FOLDER)} and mimeType='${FOLDER}' and appProperties has { key='${OWN_FOLDER_MARK.key}' and value='${OWN_FOLDER_MARK.value}' } and trashed=false`;
    const folder = await googleRequest(
      async () => {
        // Looked up inside the retried call: a create answered 5xx may still have made it.
        const { data } = await api.files.list({ q, spaces: 'drive', fields: 'files(id,webViewLink)', pageSize: 1 });
        const found = data.files?.[0];
        if (found?.id) return found;
        return (
          await api.files.create({
            requestBody: { name: OWN_FOLDER, mimeType: FOLDER, appProperties: { [OWN_FOLDER_MARK.key]: OWN_FOLDER_MARK.value } },
            fields: 'id,webViewLink',
          })
        ).data;
      },
      wording,
      options.backoff,
    );
    const id = folder.id!;
    io.out(`Publishing to the Drive folder "${OWN_FOLDER}" (share it with whoever should read the reports): ${folder.webViewLink ?? `https://drive.google.com/drive/folders/${id}`}`);
    return id;
  }

  /** A folder given by id: visible to peerkit, a folder, and open to new files, or one line saying what to do. */
  async function checkFolder(id: string): Promise<void> {
    const { data } = await googleRequest(
      () => api.files.get({ fileId: id, fields: 'id,name,mimeType,capabilities/canAddChildren', supportsAllDrives: true }),
      wording,
      options.backoff,
    );
    if (data.mimeType !== FOLDER) throw new UserError(`the Drive item "${id}"${data.name ? ` ("${data.name}")` : ''} is not a folder: give a folder's id, or use --publish drive`);
    if (data.capabilities?.canAddChildren === false) throw new UserError(wording.notShared);
  }

  // `media` is a function because a retried upload needs a fresh stream.
  const upload = async (name: string, key: string, kind: PublishedFile['kind'], mimeType: string, media: () => { mimeType: string; body: unknown }) => {
    const q = `${quoted(folderId)} in parents and appProperties has { key='${REPORT_KEY}' and value=${quoted(key)} } and trashed=false`;
    // Given again in each upload call: googleapis builds the upload URL from that call's
    // rootUrl only, not the client's, so without it uploads would still go to Google.
    const uploadOptions = { rootUrl: google.rootUrl };
    const data = await googleRequest(
      async () => {
        // Looked up before creating, inside the retried call: an upload answered 5xx may
        // have been stored all the same, and a second run should replace, not add.
        const { data: list } = await api.files.list({ q, fields: 'files(id)', pageSize: 1, supportsAllDrives: true, includeItemsFromAllDrives: true });
        const existing = list.files?.[0]?.id;
        if (existing) {
          return (await api.files.update({ fileId: existing, requestBody: { name }, media: media(), fields: 'id,name,webViewLink', supportsAllDrives: true }, uploadOptions)).data;
        }
        return (
          await api.files.create(
            {
              requestBody: { name, mimeType, parents: [folderId], appProperties: { [REPORT_KEY]: key } },
              media: media(),
              fields: 'id,name,webViewLink',
              supportsAllDrives: true, // the folder may be in a shared drive
            },
            uploadOptions,
          )
        ).data;
      },
      wording,
      options.backoff,
    );
    const file: PublishedFile = { name, kind, link: data.webViewLink ?? `https://drive.google.com/file/d/${data.id}/view` };
    io.out(`Published "${name}" (${kind}): ${file.link}`);
    return file;
  };

  const published: PublishedFile[] = [];
  for (const document of documents) {
    published.push(await upload(document.name, document.key, 'Google Doc', GOOGLE_DOC, () => ({ mimeType: 'text/html', body: document.html })));
    const pdf = document.pdfFile;
    if (pdf !== undefined) published.push(await upload(`${document.name}.pdf`, `${document.key}.pdf`, 'PDF', PDF, () => ({ mimeType: PDF, body: createReadStream(pdf) })));
  }
  return published;
}
