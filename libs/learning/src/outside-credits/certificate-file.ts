/** The largest certificate file a learner may upload with an outside credit. */
export const CERTIFICATE_FILE_MAX_BYTES = 5 * 1024 * 1024;

export type CertificateFileType = 'application/pdf' | 'image/png' | 'image/jpeg';

const EXTENSIONS: Record<CertificateFileType, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
};

/**
 * What the bytes really are, by their signature at the very start, whatever the upload's name or
 * declared type said: a PDF, a PNG or a JPEG, or undefined for anything else (a program renamed
 * .pdf, a Word file, an empty file).
 */
export function certificateFileType(bytes: Buffer): CertificateFileType | undefined {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    return 'application/pdf';
  }
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'image/png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg';
  }
  return undefined;
}

/**
 * The name the file is kept and downloaded under: the uploaded name without control characters
 * or folders, its extension the one of what the bytes are (a PNG sent as "scan.exe" comes back as
 * "scan.png", so nobody is invited to run it).
 */
export function certificateFileName(uploaded: string, type: CertificateFileType): string {
  const base = (uploaded.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 200);
  return `${base || 'certificate'}${EXTENSIONS[type]}`;
}
