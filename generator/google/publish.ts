/**
 * `--publish drive:<folderId>`: documents uploaded to a Google Drive folder, the
 * links printed. Each HTML document becomes a Google Doc (Drive converts HTML on
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
  --publish drive:ID    upload each document to a Google Drive folder as a Google
                        Doc (and its PDF, where one was made); prints the links`;

interface DriveDocument {
  /** The file's name in Drive (the PDF's name gets ".pdf"). */
  name: string;
  html: string;
  /** A PDF of the same document, already written, to upload beside it. */
  pdfFile?: string;
}

interface PublishedFile {
  name: string;
  kind: 'Google Doc' | 'PDF';
  link: string;
}

/** The folder id from `drive:<folderId>`, or from a folder's whole address. */
export function driveFolderFrom(target: string): string {
  const rest = /^drive:(.+)$/.exec(target.trim())?.[1];
  const id = rest === undefined ? undefined : (/\/folders\/([A-Za-z0-9_-]+)/.exec(rest)?.[1] ?? rest);
  if (id === undefined || !/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new UserError(`--publish "${target}": give drive:<folderId>, the id being the last part of the folder's address (drive.google.com/drive/folders/<id>)`);
  }
  return id;
}

export async function publishToDrive(
  folderId: string,
  documents: readonly DriveDocument[],
  io: Pick<Output, 'out'>,
  options: { backoff?: Backoff } = {},
): Promise<PublishedFile[]> {
  const google = await connect(SCOPES.publish, { backoff: options.backoff });
  // Loaded here, not at the top: the report command imports this module on every run.
  const { drive } = await import('googleapis/build/src/apis/drive/index.js');
  const api = drive({ version: 'v3', auth: google.auth, rootUrl: google.rootUrl, retry: false });
  const wording: ErrorWording = {
    api: DRIVE_API,
    notFound: `${google.account} cannot see a Drive folder "${folderId}": check the id, and share the folder with that account as Editor`,
    notShared: `${google.account} cannot add files to the Drive folder "${folderId}": share the folder with that account as Editor`,
  };

  // `media` is a function because a retried upload needs a fresh stream.
  const upload = async (name: string, kind: PublishedFile['kind'], mimeType: string, media: () => { mimeType: string; body: unknown }) => {
    const { data } = await googleRequest(
      () =>
        api.files.create(
          {
            requestBody: { name, mimeType, parents: [folderId] },
            media: media(),
            fields: 'id,name,webViewLink',
            supportsAllDrives: true, // the folder may be in a shared drive
          },
          // Given again here: googleapis builds the upload URL from this call's rootUrl
          // only, not the client's, so without it uploads would still go to Google.
          { rootUrl: google.rootUrl },
        ),
      wording,
      options.backoff,
    );
    const file: PublishedFile = { name, kind, link: data.webViewLink ?? `https://drive.google.com/file/d/${data.id}/view` };
    io.out(`Published "${name}" (${kind}): ${file.link}`);
    return file;
  };

  const published: PublishedFile[] = [];
  for (const document of documents) {
    published.push(await upload(document.name, 'Google Doc', GOOGLE_DOC, () => ({ mimeType: 'text/html', body: document.html })));
    const pdf = document.pdfFile;
    if (pdf !== undefined) published.push(await upload(`${document.name}.pdf`, 'PDF', PDF, () => ({ mimeType: PDF, body: createReadStream(pdf) })));
  }
  return published;
}
