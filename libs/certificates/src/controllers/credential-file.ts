import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFObject,
  PDFRawStream,
  PDFString,
} from 'pdf-lib';
import { inflateSync } from 'node:zlib';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { parseCertificateNumber } from '../issuance/certificate-number';

/** The largest credential file or certificate PDF a verifier may upload. */
export const CREDENTIAL_FILE_MAX_BYTES = 5 * 1024 * 1024;

// A credential is a few kilobytes; an attachment that inflates past this is not one of ours.
const ATTACHMENT_MAX_BYTES = 1024 * 1024;
// Bounds on walking a PDF's name tree, which a hostile file may make deep or cyclic.
const NAME_TREE_MAX_DEPTH = 8;
const NAME_TREE_MAX_FILES = 50;

/** A credential read from an upload, and where it came from. */
export interface CredentialFile {
  credential: Record<string, unknown>;
  /** `pdf` when it was attached to a certificate PDF (named `attachment`). */
  source: 'json' | 'pdf';
  attachment?: string;
}

function badUpload(message: string): CertificateError {
  return new CertificateError(CertificateErrorCode.BAD_UPLOAD, message, 'file');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-8 text to JSON; null when it is not UTF-8 text or not JSON. */
function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return null;
  }
}

function isPdf(bytes: Buffer): boolean {
  // The header may follow a little junk (PDF 32000-1, 7.5.2 lets readers look further in).
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/** An embedded file's bytes, inflated with a cap on its size. */
function fileBytes(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  const hasParameters = stream.dict.has(PDFName.of('DecodeParms'));
  if (filters.length === 0) {
    return stream.contents;
  }
  if (filters.length === 1 && filters[0] === PDFName.of('FlateDecode') && !hasParameters) {
    return inflateSync(stream.contents, { maxOutputLength: ATTACHMENT_MAX_BYTES });
  }
  // Rarer filters: only small ones, as their output is not capped while decoding.
  if (stream.contents.length > ATTACHMENT_MAX_BYTES / 64) {
    throw new RangeError('Attachment too large');
  }
  const bytes = decodePDFRawStream(stream).decode();
  if (bytes.length > ATTACHMENT_MAX_BYTES) {
    throw new RangeError('Attachment too large');
  }
  return bytes;
}

function textOf(value: PDFObject | undefined): string | null {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : null;
}

/** The files attached to a PDF (its `EmbeddedFiles` name tree), in the tree's order. */
function attachments(document: PDFDocument): { name: string; stream: PDFRawStream }[] {
  const found: { name: string; stream: PDFRawStream }[] = [];
  const seen = new Set<PDFDict>();
  const walk = (node: PDFDict | undefined, depth: number): void => {
    if (!node || seen.has(node) || depth > NAME_TREE_MAX_DEPTH || found.length >= NAME_TREE_MAX_FILES) {
      return;
    }
    seen.add(node);
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let index = 0; kids && index < kids.size(); index++) {
      const kid = kids.lookup(index);
      walk(kid instanceof PDFDict ? kid : undefined, depth + 1);
    }
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let index = 0; names && index + 1 < names.size(); index += 2) {
      const spec = names.lookup(index + 1);
      const embedded = spec instanceof PDFDict ? spec.lookupMaybe(PDFName.of('EF'), PDFDict) : undefined;
      const stream = embedded?.lookup(PDFName.of('F'));
      if (spec instanceof PDFDict && stream instanceof PDFRawStream) {
        const name =
          textOf(spec.lookup(PDFName.of('UF'))) ??
          textOf(spec.lookup(PDFName.of('F'))) ??
          textOf(names.lookup(index)) ??
          'attachment';
        found.push({ name, stream });
      }
    }
  };
  const tree = document.catalog
    .lookupMaybe(PDFName.of('Names'), PDFDict)
    ?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  walk(tree, 0);
  return found;
}

async function credentialInPdf(bytes: Buffer): Promise<CredentialFile> {
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: true,
    });
  } catch {
    throw badUpload(
      'This PDF could not be read: it may be damaged. Upload the certificate PDF as downloaded.',
    );
  }
  if (document.isEncrypted) {
    throw badUpload(
      'This PDF is encrypted, so its attachment cannot be read. Upload the certificate PDF as downloaded, or its credential (.json).',
    );
  }
  let files: { name: string; stream: PDFRawStream }[];
  try {
    files = attachments(document);
  } catch {
    files = [];
  }
  // The academy attaches `<number>.json`; look at JSON files first.
  files.sort((a, b) => Number(!/\.json$/i.test(a.name)) - Number(!/\.json$/i.test(b.name)));
  for (const file of files) {
    let content: unknown;
    try {
      content = parseJson(fileBytes(file.stream));
    } catch {
      content = null;
    }
    if (isObject(content)) {
      return { credential: content, source: 'pdf', attachment: file.name };
    }
  }
  throw badUpload(
    files.length === 0
      ? 'This PDF has no credential attached. Certificate PDFs from the academy carry one: upload such a PDF, or the credential file (.json).'
      : 'The files attached to this PDF are not a credential. Upload the certificate PDF as downloaded, or the credential file (.json).',
  );
}

/**
 * The credential in an uploaded file: a credential JSON file as is, or the one a certificate PDF
 * carries as an attachment. Anything else is a 400 (`BAD_UPLOAD`) saying what to upload instead.
 */
export async function readCredentialFile(bytes: Buffer): Promise<CredentialFile> {
  if (bytes.length === 0) {
    throw badUpload('The file is empty. Choose a credential file (.json) or a certificate PDF.');
  }
  if (bytes.length > CREDENTIAL_FILE_MAX_BYTES) {
    throw badUpload('The file is larger than 5 MB. A credential or certificate PDF is much smaller.');
  }
  if (isPdf(bytes)) {
    return credentialInPdf(bytes);
  }
  const content = parseJson(bytes);
  if (content === null) {
    throw badUpload(
      'This file is neither a PDF nor a JSON credential. Upload the certificate PDF or its credential file (.json).',
    );
  }
  if (!isObject(content)) {
    throw badUpload('This JSON file is not a credential: a credential is a JSON object with a proof.');
  }
  return { credential: content, source: 'json' };
}

/**
 * The certificate number a credential names: the academy's credentials are identified by their
 * verification address (`…/verify/<number>`) and name the number in their description.
 */
export function credentialNumber(credential: Record<string, unknown>): string | null {
  if (typeof credential.id === 'string') {
    const match = /\/verify\/([^/?#]+)$/.exec(credential.id);
    const number = match ? parseCertificateNumber(match[1]!.replace(/%20/g, ' ')) : null;
    if (number) {
      return number;
    }
  }
  if (typeof credential.description === 'string') {
    const match = /\bRA(?:-[0-9A-Z]{1,4}){5,}\b/.exec(credential.description);
    return match ? parseCertificateNumber(match[0]) : null;
  }
  return null;
}
