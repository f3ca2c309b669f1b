/**
 * An uploaded text file's content (a CSV of numbers, a member list, a result file), or null when
 * it is not text at all (a spreadsheet saved as .xlsx, an image). UTF-8 first; a file that is not
 * valid UTF-8 is read as Windows-1252, which spreadsheets on Windows still save CSV in.
 */
export function uploadedText(bytes: Buffer): string | null {
  if (bytes.includes(0)) {
    return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
