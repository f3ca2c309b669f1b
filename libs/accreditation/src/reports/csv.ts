/** A report as a table: a header row and rows of cells, in the header's order. */
export interface ReportTable {
  columns: readonly string[];
  rows: (string | number | null)[][];
}

// A cell a spreadsheet would read as a formula (learners choose their own names).
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV: CRLF line ends, fields with commas, quotes, line breaks or edge spaces quoted,
 * quotes doubled. Text that a spreadsheet would run as a formula gets a leading apostrophe.
 */
export function toCsv(table: ReportTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
