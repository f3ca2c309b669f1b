import { parse } from 'csv-parse/sync';
import { toCsv } from '@academy/core';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { parseCertificateNumber } from '../issuance/certificate-number';
import type { VerificationAnswer } from '../verification/verification.service';
import { MAX_BULK } from '../verification/verification.service';
import { bulkReasonInWords } from './certificate-page-models';

const DELIMITERS = [',', ';', '\t'] as const;
// A header cell naming the column of numbers.
const NUMBER_HEADER = /number|certificate|credential|nummer|numéro|número/i;

/** Rows of a CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF), one delimiter. */
export function parseCsv(text: string, delimiter: string): string[][] {
  return parseCsvLines(text, delimiter).map((row) => row.cells);
}

/** Rows of a CSV text, each with the line of the file it starts on (a quoted field may span lines). */
function parseCsvLines(text: string, delimiter: string): { line: number; cells: string[] }[] {
  // With `info`, each record comes with where it was read (the typings know only plain records).
  const records = parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return records.map(({ record, info }) => ({
    // `lines` is where the record ends: back up over the line breaks inside its fields.
    line: info.lines - record.reduce((breaks, cell) => breaks + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0),
    cells: record,
  }));
}

/** The delimiter a spreadsheet used: whichever of comma, semicolon and tab the first line has most of. */
function delimiterOf(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = DELIMITERS.map((delimiter) => firstLine.split(delimiter).length - 1);
  const best = Math.max(...counts);
  return best === 0 ? ',' : DELIMITERS[counts.indexOf(best)]!;
}

/** One row of a list to check: the line of the file it is on, and what its column of numbers holds. */
export interface ListRow {
  line: number;
  /** As in the file, trimmed; empty when the row has nothing in the column of numbers. */
  value: string;
}

/**
 * The rows of a CSV file or a pasted list (one number a line), in order, each with its line in
 * the file: the column named like "certificate number" if there is a header, else the first
 * column holding a well-formed number. A header is optional; blank lines are skipped (the other
 * rows keep their own line numbers). Answers a 400 when no row has a value, or more than 1000 rows.
 */
export function numbersFromCsv(raw: string): ListRow[] {
  const text = raw.replace(/^\uFEFF/, '');
  const rows = parseCsvLines(text, delimiterOf(text))
    .map((row) => ({ line: row.line, cells: row.cells.map((cell) => cell.trim()) }))
    .filter((row) => row.cells.some((cell) => cell !== ''));
  const [first] = rows;
  if (!first) {
    throw new CertificateError(
      CertificateErrorCode.BAD_UPLOAD,
      'No certificate numbers found. Put one number on each line, or one in each row of the first column.',
      'numbers',
    );
  }
  // A header row: nothing in it reads as a number and no cell has a digit (numbers always do), and
  // it names the column or has several: a lone word on the first line is a row to answer.
  const header =
    first.cells.every((cell) => parseCertificateNumber(cell) === null && !/\d/.test(cell)) &&
    (first.cells.some((cell) => NUMBER_HEADER.test(cell)) ||
      first.cells.filter((cell) => cell !== '').length > 1);
  const data = header ? rows.slice(1) : rows;
  const named = header ? first.cells.findIndex((cell) => NUMBER_HEADER.test(cell)) : -1;
  const holding = data
    .slice(0, 20)
    .map((row) => row.cells.findIndex(isNumber))
    .find((index) => index >= 0);
  const column = named >= 0 ? named : (holding ?? 0);
  const listed = data.map((row) => ({ line: row.line, value: row.cells[column] ?? '' }));
  if (listed.every((row) => row.value === '')) {
    throw new CertificateError(
      CertificateErrorCode.BAD_UPLOAD,
      'No certificate numbers found under the header. Put one number in each row of the first column.',
      'numbers',
    );
  }
  if (listed.length > MAX_BULK) {
    throw new CertificateError(
      CertificateErrorCode.TOO_MANY_NUMBERS,
      `At most ${MAX_BULK} numbers at once; this list has ${listed.length}. Split it and check each part.`,
      'numbers',
    );
  }
  return listed;
}

function isNumber(cell: string): boolean {
  return parseCertificateNumber(cell) !== null;
}

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');

/** One row of a bulk check: its line in the list, and the answer (null when the row had no number). */
export interface BulkResult {
  line: number;
  /** What the row held, as typed. */
  value: string;
  answer: VerificationAnswer | null;
}

/** The results of a bulk check as CSV, one row per row of the list, with its line (UTF-8, CRLF). */
export function resultsCsv(results: readonly BulkResult[]): string {
  const header = [
    'line',
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
  const rows = results.map(({ line, value, answer }) => [
    String(line),
    answer?.number ?? value,
    answer?.status ?? 'empty',
    answer?.holderName ?? '',
    answer?.course ?? '',
    answer?.courseVersion === null || answer?.courseVersion === undefined ? '' : String(answer.courseVersion),
    (answer?.credits ?? []).map((credit) => `${credit.type}: ${credit.amount}`).join('; '),
    day(answer?.issuedAt ?? null),
    day(answer?.expiresAt ?? null),
    bulkReasonInWords(answer),
  ]);
  return toCsv({ columns: header, rows });
}
