import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

/** A file a person downloads: what it is, the name to save it under, and its bytes. */
export interface Download {
  /** The media type, with its charset for text (`text/csv; charset=utf-8`). */
  type: string;
  /** The name a browser saves it under; any character (RFC 6266, with an ASCII fallback). */
  fileName: string;
  body: Buffer | string;
}

/**
 * The one way files leave the platform (PDFs, credentials, CSVs, calendars, exports): typed,
 * named for saving, never sniffed, and, being someone's own record, never kept by a browser or
 * proxy cache. The caller has already checked that the reader may have it.
 */
export async function sendDownload(reply: FastifyReply, file: Download): Promise<void> {
  await reply
    .type(file.type)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}

/**
 * A public file shown in the page (lesson images): addressed by its content, so it never
 * changes behind its URL and any cache may keep it for a year.
 */
export async function sendImmutable(
  reply: FastifyReply,
  file: { type: string; etag: string; body: Buffer },
  ifNoneMatch: string | undefined,
): Promise<void> {
  reply
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('etag', file.etag)
    .header('x-content-type-options', 'nosniff');
  if (ifNoneMatch === file.etag) {
    await reply.status(304).send();
    return;
  }
  await reply.type(file.type).header('content-disposition', 'inline').send(file.body);
}
