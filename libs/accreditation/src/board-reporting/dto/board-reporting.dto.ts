import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '@academy/core';
import type { BoardReportView, DueSoon, ImportedResults } from '../board-reporting.service';
import { BOARD_REPORT_STATES } from '../board-report.types';
import type { BoardReportBatch, BoardReportState } from '../board-report.types';

/** A result file of 5000 rows of the learner template fits well inside. */
export const RESULT_FILE_MAX_CHARS = 2_000_000;

export class BoardReportQueryDto extends PageQueryDto {
  /** Only records in this state. */
  @IsOptional()
  @IsIn(BOARD_REPORT_STATES, { message: `state must be one of ${BOARD_REPORT_STATES.join(', ')}` })
  state?: BoardReportState;

  @ApiPropertyOptional({ example: 'ABIM', description: 'Only records for this certifying board (its code).' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2,10}$/, { message: 'board must be a certifying board’s code, such as ABIM' })
  board?: string;
}

export class BatchNumberDto {
  @ApiPropertyOptional({
    minimum: 1,
    description: 'The batch the results are for; may instead be given by a Batch Number column of the file.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'batch must be a batch number, such as 3' })
  @Min(1, { message: 'batch must be a batch number, such as 3' })
  @Max(1_000_000_000, { message: 'batch must be a batch number, such as 3' })
  batch?: number;
}

export class ImportResultsDto extends BatchNumberDto {
  @ApiProperty({
    maxLength: RESULT_FILE_MAX_CHARS,
    description:
      'PARS’s result file as CSV text: the batch file’s rows with a Result column (Accepted or Rejected) and a Reason column; each row is found by its Provider Record ID, or by Certifying Board, Certifying Board ID, Completion Date and ACCME Activity ID.',
    example:
      'Certifying Board,Certifying Board ID,Completion Date,ACCME Activity ID,Provider Record ID,Result,Reason\nABIM,123456,03/05/2027,202600001,0d9b…,Accepted,\n',
  })
  @IsString({ message: 'csv must be the result file’s text' })
  @MaxLength(RESULT_FILE_MAX_CHARS, { message: 'csv must be at most 2 MB of text' })
  csv!: string;
}

export class BoardReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) certificateId!: string;
  certificateNumber!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  learner!: string;
  courseTitle!: string;
  @ApiProperty({ example: 'ABIM' }) board!: string;
  @ApiProperty({ example: 6 }) points!: number;
  @ApiProperty({ type: [String], example: ['MK'] }) types!: string[];
  @ApiProperty({ format: 'date' }) completedOn!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ enum: BOARD_REPORT_STATES }) state!: string;
  /** The batch it was sent in. */
  batch!: number | null;
  /** PARS’s reason for the last rejection (kept when queued again). */
  rejectionReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) acceptedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) rejectedAt!: string | null;
  @ApiProperty({
    type: [String],
    example: ['date of birth'],
    description:
      'What PARS needs that the learner’s reporting profile lacks; a record lacking anything is not put in a batch.',
  })
  missing!: string[];
  /** The certificate was revoked: the record is never put in a batch. */
  revoked!: boolean;
  /** Queued and due within 5 days, or overdue. */
  dueSoon!: boolean;
  overdue!: boolean;
}

export class BoardReportPageDto {
  items!: BoardReportDto[];
  total!: number;
  /** Queued records (not revoked) due within 5 days or overdue, whatever the filters. */
  dueSoon!: number;
  overdue!: number;
}

export class BoardReportBatchDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 3 }) number!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  rowCount!: number;
  /** SHA-256 of the file, hex. */
  checksum!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resultsImportedAt!: string | null;
  /** Rows PARS has not answered yet. */
  awaiting!: number;
}

export class BoardReportBatchListDto {
  items!: BoardReportBatchDto[];
}

export class ImportedResultsDto {
  batch!: number;
  accepted!: number;
  rejected!: number;
}

export function toBoardReportDto(view: BoardReportView): BoardReportDto {
  return {
    id: view.id,
    certificateId: view.certificateId,
    certificateNumber: view.certificateNumber,
    userId: view.userId,
    learner: view.holderName,
    courseTitle: view.courseTitle,
    board: view.board,
    points: view.points,
    types: view.types,
    completedOn: view.completedOn,
    dueOn: view.dueOn,
    state: view.state,
    batch: view.batchNumber,
    rejectionReason: view.rejectionReason,
    acceptedAt: view.acceptedAt?.toISOString() ?? null,
    rejectedAt: view.rejectedAt?.toISOString() ?? null,
    missing: view.missing,
    revoked: view.revoked,
    dueSoon: view.dueSoon,
    overdue: view.overdue,
  };
}

export function toBoardReportPageDto(
  page: { items: BoardReportView[]; total: number },
  dueSoon: DueSoon,
): BoardReportPageDto {
  return {
    items: page.items.map(toBoardReportDto),
    total: page.total,
    dueSoon: dueSoon.count,
    overdue: dueSoon.overdue,
  };
}

export function toBoardReportBatchDto(batch: BoardReportBatch): BoardReportBatchDto {
  return {
    id: batch.id,
    number: batch.number,
    createdAt: batch.createdAt.toISOString(),
    rowCount: batch.rowCount,
    checksum: batch.checksum,
    resultsImportedAt: batch.resultsImportedAt?.toISOString() ?? null,
    awaiting: batch.awaiting,
  };
}

export const toImportedResultsDto = (imported: ImportedResults): ImportedResultsDto => ({ ...imported });
