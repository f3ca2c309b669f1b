import { Readable } from 'node:stream';
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

/** A byte range of a file, both ends included. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * What a Range header asks of a file of `size` bytes: the whole file (no header, or another unit
 * or several ranges, which a server may answer with the whole), one range, or 'unsatisfiable'.
 */
export function requestedRange(
  header: string | undefined,
  size: number,
): ByteRange | 'whole' | 'unsatisfiable' {
  if (!header || !/^\s*bytes\s*=/i.test(header) || header.includes(',')) {
    return 'whole';
  }
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) {
    return 'unsatisfiable';
  }
  if (match[1] === '') {
    // A suffix: the last N bytes.
    const length = Number(match[2]);
    return length === 0 || size === 0
      ? 'unsatisfiable'
      : { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}

/** A stored file that may be read in parts (a lesson video), kept by whoever may see it. */
export interface RangedFile {
  type: string;
  etag: string;
  size: number;
  /** The bytes from `start` to `end` (included), read as they are sent. */
  read(range: ByteRange): Readable;
}

/**
 * Lesson media a signed-in reader may see (the caller has checked they may): shown inline, never
 * sniffed, kept only by the reader's browser (it never changes behind its address), and read in
 * parts as a video player asks (206 with Content-Range; 416 for a range past the end; HEAD
 * answers the headers alone). Only the range asked for is read.
 */
export async function sendRanged(
  reply: FastifyReply,
  file: RangedFile,
  request: { method: string; headers: { range?: string; 'if-none-match'?: string; 'if-range'?: string } },
): Promise<void> {
  reply
    .header('cache-control', 'private, max-age=31536000, immutable')
    .header('etag', file.etag)
    .header('accept-ranges', 'bytes')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', 'inline')
    .type(file.type);
  if (request.headers['if-none-match'] === file.etag) {
    await reply.status(304).send();
    return;
  }
  const ifRange = request.headers['if-range'];
  const asked =
    ifRange === undefined || ifRange === file.etag
      ? requestedRange(request.headers.range, file.size)
      : 'whole';
  if (asked === 'unsatisfiable') {
    await reply.status(416).header('content-range', `bytes */${file.size}`).send();
    return;
  }
  const range = asked === 'whole' ? { start: 0, end: file.size - 1 } : asked;
  if (asked !== 'whole') {
    reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
  }
  reply.header('content-length', String(range.end - range.start + 1));
  if (request.method === 'HEAD' || file.size === 0) {
    // An empty stream: the server keeps the Content-Length above, and nothing is read.
    await reply.send(Readable.from([]));
    return;
  }
  await reply.send(file.read(range));
}
