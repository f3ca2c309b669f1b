/** Where a board report stands: waiting for a batch, sent in one, or answered by PARS. */
export const BOARD_REPORT_STATES = ['queued', 'in_batch', 'accepted', 'rejected'] as const;
export type BoardReportState = (typeof BOARD_REPORT_STATES)[number];

/** One completion to report to one certifying board (a row of the PARS learner file). */
export interface BoardReport {
  id: string;
  certificateId: string;
  enrolmentId: string;
  userId: string;
  courseVersionId: string;
  certificateNumber: string;
  holderName: string;
  courseTitle: string;
  board: string;
  points: number;
  /** The board's MOC credit types (PARS codes, e.g. MK). */
  types: string[];
  /** AMA PRA Category 1 Credit™ claimed on the certificate, if any. */
  cmeCredits: number | null;
  /** The day of issue (UTC), YYYY-MM-DD. */
  completedOn: string;
  /** YYYY-MM-DD. */
  dueOn: string;
  state: BoardReportState;
  batchId: string | null;
  batchNumber: number | null;
  /** PARS's reason for the last rejection; kept when the record is queued again. */
  rejectionReason: string | null;
  acceptedAt: Date | null;
  rejectedAt: Date | null;
  updatedAt: Date;
}

/** A record to queue, as the certificate and the course version give it. */
export type NewBoardReport = Pick<
  BoardReport,
  | 'certificateId'
  | 'enrolmentId'
  | 'userId'
  | 'courseVersionId'
  | 'certificateNumber'
  | 'holderName'
  | 'courseTitle'
  | 'board'
  | 'points'
  | 'types'
  | 'cmeCredits'
  | 'completedOn'
  | 'dueOn'
>;

/** A PARS batch file: "batch N", made of the queued records ready at that moment. */
export interface BoardReportBatch {
  id: string;
  number: number;
  createdAt: Date;
  createdBy: string | null;
  rowCount: number;
  /** SHA-256 (hex) of the file. */
  checksum: string;
  resultsImportedAt: Date | null;
  /** Rows PARS has not answered yet (by a result import). */
  awaiting: number;
}

/** What a batch file said of one record, and PARS's answer once imported. */
export interface BatchEntry {
  reportId: string;
  rowNumber: number;
  board: string;
  boardId: string;
  completionDate: string;
  activityId: string;
  result: 'accepted' | 'rejected' | null;
}

/** The list's filters. */
export interface BoardReportFilter {
  state?: BoardReportState;
  board?: string;
  limit: number;
  offset: number;
}
