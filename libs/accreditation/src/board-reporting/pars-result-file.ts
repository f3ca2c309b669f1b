import { parse } from 'csv-parse/sync';
import type { BatchEntry } from './board-report.types';

/**
 * PARS's answer to a batch is our batch file, row for row, with two columns added: `Result`
 * (Accepted or Rejected) and `Reason`. Each row is matched to the record it reports by the
 * `Provider Record ID` our file carries as its last column, or, where that column was dropped, by
 * the board, the board ID, the completion date and the ACCME Activity ID. Rows are numbered as a
 * spreadsheet numbers them: the header is row 1.
 */
export const RECORD_ID_COLUMN = 'Provider Record ID';
export const RESULT_COLUMN = 'Result';
export const REASON_COLUMN = 'Reason';
/** Optional: the batch the file answers, when the form does not say it. */
export const BATCH_COLUMN = 'Batch Number';
const KEY_COLUMNS = [
  'Certifying Board',
  'Certifying Board ID',
  'Completion Date',
  'ACCME Activity ID',
] as const;
type KeyColumn = (typeof KEY_COLUMNS)[number];

export const RESULT_FILE_MAX_ROWS = 5000;
const REASON_MAX = 500;
/** Problems told at once; a file with more is wrong throughout. */
const PROBLEMS_TOLD = 20;

export interface ResultRow {
  /** The row in the file (the header is row 1). */
  row: number;
  recordId: string | null;
  /** The key cells the file has columns for. */
  keys: Partial<Record<KeyColumn, string>>;
  accepted: boolean;
  reason: string | null;
}

export interface ResultFile {
  /** From the Batch Number column, when the file has one. */
  batchNumber: number | null;
  rows: ResultRow[];
}

/** A result file refused whole, with every problem found (row and column named). */
export class RefusedResultFile extends Error {
  constructor(readonly problems: string[]) {
    super(problems.slice(0, PROBLEMS_TOLD).join(' '));
  }
}

const same = (left: string, right: string) => left.trim().toLowerCase() === right.trim().toLowerCase();

/** Reads a result file, or refuses it with what is wrong where. */
export function parseResultFile(text: string): ResultFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new RefusedResultFile([
      `The file could not be read as CSV${line ? ` (row ${line}: a quotation mark is opened and never closed)` : ''}.`,
    ]);
  }
  const [header, ...body] = records.filter(({ record }) => record.some((cell) => cell !== ''));
  if (!header) {
    throw new RefusedResultFile(['The file is empty: upload the result file PARS gave for the batch.']);
  }
  const columnOf = (name: string): number => header.record.findIndex((cell) => same(cell, name));
  const result = columnOf(RESULT_COLUMN);
  const reason = columnOf(REASON_COLUMN);
  const recordId = columnOf(RECORD_ID_COLUMN);
  const batch = columnOf(BATCH_COLUMN);
  const keys = KEY_COLUMNS.map((name) => ({ name, index: columnOf(name) })).filter((key) => key.index !== -1);
  const problems: string[] = [];
  if (result === -1) {
    problems.push(`Row 1: the file has no ${RESULT_COLUMN} column (Accepted or Rejected for each row).`);
  }
  if (recordId === -1 && keys.length < KEY_COLUMNS.length) {
    const absent = KEY_COLUMNS.filter((name) => !keys.some((key) => key.name === name));
    problems.push(
      `Row 1: the file has no ${RECORD_ID_COLUMN} column, nor every column that finds a record without it (missing: ${absent.join(', ')}).`,
    );
  }
  if (body.length === 0) {
    problems.push('The file has a header but no rows.');
  }
  if (body.length > RESULT_FILE_MAX_ROWS) {
    problems.push(`The file has ${body.length} rows; a batch has at most ${RESULT_FILE_MAX_ROWS}.`);
  }
  if (problems.length > 0) {
    throw new RefusedResultFile(problems);
  }
  const batchNumbers = new Set<number>();
  const rows: ResultRow[] = [];
  for (const { record, info } of body) {
    const row = info.lines;
    const cell = (index: number) => (index === -1 ? '' : (record[index] ?? ''));
    const answer = cell(result);
    const accepted = same(answer, 'Accepted');
    if (!accepted && !same(answer, 'Rejected')) {
      problems.push(
        `Row ${row}, column ${RESULT_COLUMN}: ${answer === '' ? 'empty' : `“${answer.slice(0, 40)}”`}; give Accepted or Rejected.`,
      );
    }
    const because = cell(reason);
    if (same(answer, 'Rejected') && because === '') {
      problems.push(`Row ${row}, column ${REASON_COLUMN}: a rejected row needs PARS’s reason.`);
    }
    if (because.length > REASON_MAX) {
      problems.push(`Row ${row}, column ${REASON_COLUMN}: longer than ${REASON_MAX} characters.`);
    }
    if (batch !== -1 && cell(batch) !== '') {
      if (/^\d{1,9}$/.test(cell(batch))) {
        batchNumbers.add(Number(cell(batch)));
      } else {
        problems.push(
          `Row ${row}, column ${BATCH_COLUMN}: “${cell(batch).slice(0, 20)}” is not a batch number.`,
        );
      }
    }
    rows.push({
      row,
      recordId: cell(recordId) === '' ? null : cell(recordId),
      keys: Object.fromEntries(keys.map((key) => [key.name, cell(key.index)])),
      accepted,
      reason: because === '' ? null : because,
    });
  }
  if (batchNumbers.size > 1) {
    problems.push(
      `Column ${BATCH_COLUMN}: the rows name batches ${[...batchNumbers].join(', ')}; a result file answers one batch.`,
    );
  }
  if (problems.length > 0) {
    throw new RefusedResultFile(problems);
  }
  return { batchNumber: batchNumbers.size === 1 ? [...batchNumbers][0]! : null, rows };
}

const ENTRY_KEY: Record<KeyColumn, keyof BatchEntry> = {
  'Certifying Board': 'board',
  'Certifying Board ID': 'boardId',
  'Completion Date': 'completionDate',
  'ACCME Activity ID': 'activityId',
};

/**
 * Each row's record among the batch's entries, or refuses the file naming every row that matches
 * none, matches one another row matched, or answers a record already answered.
 */
export function matchResults(
  file: ResultFile,
  batchNumber: number,
  entries: readonly BatchEntry[],
): { entry: BatchEntry; row: ResultRow }[] {
  const problems: string[] = [];
  const matched = new Map<string, number>();
  const matches: { entry: BatchEntry; row: ResultRow }[] = [];
  for (const row of file.rows) {
    let entry: BatchEntry | undefined;
    if (row.recordId !== null) {
      entry = entries.find((candidate) => candidate.reportId === row.recordId);
      if (!entry) {
        problems.push(
          `Row ${row.row}, column ${RECORD_ID_COLUMN}: no record of batch ${batchNumber} has this ID.`,
        );
        continue;
      }
      const differing = KEY_COLUMNS.find(
        (column) => row.keys[column] !== undefined && row.keys[column] !== entry![ENTRY_KEY[column]],
      );
      if (differing) {
        problems.push(
          `Row ${row.row}, column ${differing}: batch ${batchNumber} sent “${String(entry[ENTRY_KEY[differing]])}” for this record, not “${row.keys[differing]}”.`,
        );
        continue;
      }
    } else {
      const found = entries.filter((candidate) =>
        KEY_COLUMNS.every((column) => row.keys[column] === candidate[ENTRY_KEY[column]]),
      );
      if (found.length !== 1) {
        problems.push(
          found.length === 0
            ? `Row ${row.row}: no record of batch ${batchNumber} has this Certifying Board, Certifying Board ID, Completion Date and ACCME Activity ID.`
            : `Row ${row.row}: several records of batch ${batchNumber} have this board, board ID, completion date and activity ID; give the ${RECORD_ID_COLUMN} column.`,
        );
        continue;
      }
      entry = found[0]!;
    }
    const earlier = matched.get(entry.reportId);
    if (earlier !== undefined) {
      problems.push(`Row ${row.row}: the same record as row ${earlier}.`);
      continue;
    }
    matched.set(entry.reportId, row.row);
    if (entry.result !== null) {
      problems.push(`Row ${row.row}: this record was answered (${entry.result}) by an earlier import.`);
      continue;
    }
    matches.push({ entry, row });
  }
  if (problems.length > 0) {
    throw new RefusedResultFile(problems);
  }
  return matches;
}
