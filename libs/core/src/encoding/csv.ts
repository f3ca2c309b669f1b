import { stringify } from 'csv-stringify/sync';

/** A table to save as CSV: a header row and rows of cells, in the header's order. */
export interface CsvTable {
  columns: readonly string[];
  rows: (string | number | null)[][];
}

/**
 * The one CSV encoder (RFC 4180): CRLF line ends, fields with commas, quotes, line breaks,
 * edge spaces or semicolons (spreadsheets set to split on them) quoted, quotes doubled, null as
 * an empty cell. Text that a spreadsheet would run
 * as a formula (people choose their own names) gets a leading apostrophe.
 */
export function toCsv(table: CsvTable): string {
  return stringify([[...table.columns], ...table.rows], {
    record_delimiter: '\r\n',
    quoted_match: [/^\s|\s$/, ';'],
    escape_formulas: true,
    cast: { number: (value) => String(value) },
  });
}
