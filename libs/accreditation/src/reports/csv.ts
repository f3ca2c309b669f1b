import { stringify } from 'csv-stringify/sync';

/** A report as a table: a header row and rows of cells, in the header's order. */
export interface ReportTable {
  columns: readonly string[];
  rows: (string | number | null)[][];
}

/**
 * RFC 4180 CSV: CRLF line ends, fields with commas, quotes, line breaks or edge spaces quoted,
 * quotes doubled. Text that a spreadsheet would run as a formula (learners choose their own
 * names) gets a leading apostrophe.
 */
export function toCsv(table: ReportTable): string {
  return stringify([[...table.columns], ...table.rows], {
    record_delimiter: '\r\n',
    quoted_match: /^\s|\s$/,
    escape_formulas: true,
    cast: { number: (value) => String(value) },
  });
}
