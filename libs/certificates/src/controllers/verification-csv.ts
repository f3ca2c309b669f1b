import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { parseCertificateNumber } from '../issuance/certificate-number';
import type { VerificationAnswer } from '../verification/verification.service';
import { MAX_BULK } from '../verification/verification.service';

const DELIMITERS = [',', ';', '\t'] as const;
// A header cell naming the column of numbers.
const NUMBER_HEADER = /number|certificate|credential|nummer|numéro|número/i;

/** Rows of a CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF), one delimiter. */
export function parseCsv(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, relax_column_count: true, relax_quotes: true });
}

/** The delimiter a spreadsheet used: whichever of comma, semicolon and tab the first line has most of. */
function delimiterOf(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = DELIMITERS.map((delimiter) => firstLine.split(delimiter).length - 1);
  const best = Math.max(...counts);
  return best === 0 ? ',' : DELIMITERS[counts.indexOf(best)]!;
}

/**
 * The certificate numbers in a CSV file or a pasted list (one a line), in order: the column
 * named like "certificate number" if there is a header, else the first column holding a
 * well-formed number. A header is optional. Answers a 400 when there are none or more than 1000.
 */
export function numbersFromCsv(raw: string): string[] {
  const text = raw.replace(/^\uFEFF/, '');
  const rows = parseCsv(text, delimiterOf(text))
    .map((row) => row.map((cell) => cell.trim()))
    .filter((row) => row.some((cell) => cell !== ''));
  const [first] = rows;
  if (!first) {
    throw new CertificateError(
      CertificateErrorCode.BAD_UPLOAD,
      'No certificate numbers found. Put one number on each line, or one in each row of the first column.',
      'numbers',
    );
  }
  // A header row: nothing in it reads as a number, and no cell has a digit (numbers always do).
  const header = first.every((cell) => parseCertificateNumber(cell) === null && !/\d/.test(cell));
  const data = header ? rows.slice(1) : rows;
  const named = header ? first.findIndex((cell) => NUMBER_HEADER.test(cell)) : -1;
  const holding = data
    .slice(0, 20)
    .map((row) => row.findIndex(isNumber))
    .find((index) => index >= 0);
  const column = named >= 0 ? named : (holding ?? 0);
  const numbers = data.map((row) => row[column] ?? '').filter((cell) => cell !== '');
  if (numbers.length === 0) {
    throw new CertificateError(
      CertificateErrorCode.BAD_UPLOAD,
      'No certificate numbers found under the header. Put one number in each row of the first column.',
      'numbers',
    );
  }
  if (numbers.length > MAX_BULK) {
    throw new CertificateError(
      CertificateErrorCode.TOO_MANY_NUMBERS,
      `At most ${MAX_BULK} numbers at once; this list has ${numbers.length}. Split it and check each part.`,
      'numbers',
    );
  }
  return numbers;
}

function isNumber(cell: string): boolean {
  return parseCertificateNumber(cell) !== null;
}

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');

/** The results of a bulk check as CSV, one row per number in the order given (UTF-8, CRLF). */
export function resultsCsv(answers: readonly VerificationAnswer[]): string {
  const header = [
    'row',
    'number',
    'status',
    'holder',
    'course',
    'course version',
    'credits',
    'issued',
    'expires',
    'reason',
  ];
  const rows = answers.map((answer, index) => [
    String(index + 1),
    answer.number,
    answer.status,
    answer.holderName ?? '',
    answer.course ?? '',
    answer.courseVersion === null ? '' : String(answer.courseVersion),
    answer.credits.map((credit) => `${credit.type}: ${credit.amount}`).join('; '),
    day(answer.issuedAt),
    day(answer.expiresAt),
    answer.reason ?? '',
  ]);
  // Semicolons quoted too, for spreadsheets that split on them; formulas defused.
  return stringify([header, ...rows], { record_delimiter: '\r\n', quoted_match: ';', escape_formulas: true });
}
