// Reports encode through the core's one CSV encoder; a report is a CSV table.
export { toCsv } from '@academy/core';
export type { CsvTable as ReportTable } from '@academy/core';
