import type { BatchEntry } from './board-report.types';
import { matchResults, parseResultFile, RefusedResultFile } from './pars-result-file';

const HEADER =
  'Certifying Board,Certifying Board ID,Completion Date,ACCME Activity ID,Provider Record ID,Result,Reason';

const entry = (reportId: string, boardId: string, result: BatchEntry['result'] = null): BatchEntry => ({
  reportId,
  rowNumber: 2,
  board: 'ABIM',
  boardId,
  completionDate: '12/01/2026',
  activityId: '202600123',
  result,
});

const problemsOf = (work: () => unknown): string[] => {
  try {
    work();
  } catch (error) {
    if (error instanceof RefusedResultFile) {
      return error.problems;
    }
    throw error;
  }
  throw new Error('The file was not refused');
};

describe('PARS result files', () => {
  it('reads each row’s answer and finds its record by our id', () => {
    const file = parseResultFile(
      `\uFEFF${HEADER}\r\nABIM,123456,12/01/2026,202600123,r1,Accepted,\r\n\r\nABIM,654321,12/01/2026,202600123,r2,rejected,ID not found\r\n`,
    );
    expect(file.batchNumber).toBeNull();
    // Rows as a spreadsheet numbers them: a blank line keeps its number.
    expect(file.rows.map((row) => [row.row, row.recordId, row.accepted, row.reason])).toEqual([
      [2, 'r1', true, null],
      [4, 'r2', false, 'ID not found'],
    ]);
    const matches = matchResults(file, 3, [entry('r1', '123456'), entry('r2', '654321')]);
    expect(matches.map((match) => match.entry.reportId)).toEqual(['r1', 'r2']);
  });

  it('finds a record without our id column by board, board ID, completion date and activity', () => {
    const file = parseResultFile(
      'Certifying Board,Certifying Board ID,Completion Date,ACCME Activity ID,Result,Reason,Batch Number\nABIM,654321,12/01/2026,202600123,Accepted,,3\n',
    );
    expect(file.batchNumber).toBe(3);
    expect(matchResults(file, 3, [entry('r1', '123456'), entry('r2', '654321')])[0]!.entry.reportId).toBe(
      'r2',
    );
  });

  it('refuses a file it cannot match, naming each row and column', () => {
    expect(problemsOf(() => parseResultFile('Name,Outcome\nKim,yes\n'))).toEqual([
      'Row 1: the file has no Result column (Accepted or Rejected for each row).',
      'Row 1: the file has no Provider Record ID column, nor every column that finds a record without it (missing: Certifying Board, Certifying Board ID, Completion Date, ACCME Activity ID).',
    ]);
    expect(problemsOf(() => parseResultFile(`${HEADER}\n`))).toEqual(['The file has a header but no rows.']);
    expect(problemsOf(() => parseResultFile(`${HEADER}\nABIM,1,12/01/2026,2,"r1,Accepted\n`))[0]).toMatch(
      /could not be read as CSV/,
    );
    const file = parseResultFile(
      `${HEADER}\nABIM,123456,12/01/2026,202600123,r1,Accepted,\nABIM,999999,12/01/2026,202600123,r2,Accepted,\nABIM,1,12/01/2026,202600123,r9,Accepted,\nABIM,123456,12/01/2026,202600123,r1,Accepted,\n`,
    );
    expect(problemsOf(() => matchResults(file, 3, [entry('r1', '123456'), entry('r2', '654321')]))).toEqual([
      'Row 3, column Certifying Board ID: batch 3 sent “654321” for this record, not “999999”.',
      'Row 4, column Provider Record ID: no record of batch 3 has this ID.',
      'Row 5: the same record as row 2.',
    ]);
    const answered = parseResultFile(`${HEADER}\nABIM,123456,12/01/2026,202600123,r1,Accepted,\n`);
    expect(problemsOf(() => matchResults(answered, 3, [entry('r1', '123456', 'accepted')]))).toEqual([
      'Row 2: this record was answered (accepted) by an earlier import.',
    ]);
    expect(
      problemsOf(() =>
        parseResultFile(
          `${HEADER},Batch Number\nABIM,1,12/01/2026,2,r1,Accepted,,3\nABIM,1,12/01/2026,2,r2,Accepted,,4\n`,
        ),
      ),
    ).toEqual(['Column Batch Number: the rows name batches 3, 4; a result file answers one batch.']);
  });
});
