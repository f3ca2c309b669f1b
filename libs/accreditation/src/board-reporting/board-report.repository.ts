import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type {
  BatchEntry,
  BoardReport,
  BoardReportBatch,
  BoardReportFilter,
  NewBoardReport,
} from './board-report.types';

const REPORT_COLUMNS = `r.id, r.certificate_id AS "certificateId", r.enrolment_id AS "enrolmentId",
  r.user_id AS "userId", r.course_version_id AS "courseVersionId", r.certificate_number AS "certificateNumber",
  r.holder_name AS "holderName", r.course_title AS "courseTitle", r.board, r.points::float8 AS points, r.types,
  r.cme_credits::float8 AS "cmeCredits", to_char(r.completed_on, 'YYYY-MM-DD') AS "completedOn",
  to_char(r.due_on, 'YYYY-MM-DD') AS "dueOn", r.state, r.batch_id AS "batchId", b.number AS "batchNumber",
  r.rejection_reason AS "rejectionReason", r.accepted_at AS "acceptedAt", r.rejected_at AS "rejectedAt",
  r.updated_at AS "updatedAt"`;

const FROM_REPORTS = `board_report r LEFT JOIN board_report_batch b ON b.id = r.batch_id`;

const BATCH_COLUMNS = `b.id, b.number, b.created_at AS "createdAt", b.created_by AS "createdBy",
  b.row_count AS "rowCount", b.checksum, b.results_imported_at AS "resultsImportedAt",
  (SELECT count(*)::int FROM board_report_batch_entry e WHERE e.batch_id = b.id AND e.result IS NULL) AS awaiting`;

// Batches are made one at a time (two admins clicking at once: the second waits, then finds the
// records the first took already in its batch).
const BATCH_LOCK = `SELECT pg_advisory_xact_lock(hashtext('board_report_batch'))`;

@Injectable()
export class BoardReportRepository {
  constructor(private readonly db: Database) {}

  /** Queues the records; a certificate already queued for a board keeps its record. */
  async insertAll(reports: readonly NewBoardReport[], now: Date): Promise<void> {
    for (const report of reports) {
      await this.db.execute(
        `INSERT INTO board_report (certificate_id, enrolment_id, user_id, course_version_id, certificate_number,
                                   holder_name, course_title, board, points, types, cme_credits, completed_on,
                                   due_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
         ON CONFLICT (certificate_id, board) DO NOTHING`,
        [
          report.certificateId,
          report.enrolmentId,
          report.userId,
          report.courseVersionId,
          report.certificateNumber,
          report.holderName,
          report.courseTitle,
          report.board,
          report.points,
          report.types,
          report.cmeCredits,
          report.completedOn,
          report.dueOn,
          now,
        ],
      );
    }
  }

  async findById(id: string): Promise<BoardReport | null> {
    const { rows } = await this.db.execute<BoardReport>(
      `SELECT ${REPORT_COLUMNS} FROM ${FROM_REPORTS} WHERE r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Records by due date (the soonest first), filtered by state and board, a page at a time. */
  async findPage(filter: BoardReportFilter): Promise<{ items: BoardReport[]; total: number }> {
    const where = `($1::text IS NULL OR r.state = $1) AND ($2::text IS NULL OR r.board = $2)`;
    const { rows } = await this.db.execute<BoardReport>(
      `SELECT ${REPORT_COLUMNS} FROM ${FROM_REPORTS} WHERE ${where}
        ORDER BY r.due_on, r.completed_on, r.holder_name, r.id LIMIT $3 OFFSET $4`,
      [filter.state ?? null, filter.board ?? null, filter.limit, filter.offset],
    );
    const total = await this.db.execute<{ total: number }>(
      `SELECT count(*)::int AS total FROM board_report r WHERE ${where}`,
      [filter.state ?? null, filter.board ?? null],
    );
    return { items: rows, total: total.rows[0]?.total ?? 0 };
  }

  /** Queued records due on or before `day` (YYYY-MM-DD), overdue ones included. */
  async findQueuedDueBy(day: string): Promise<BoardReport[]> {
    const { rows } = await this.db.execute<BoardReport>(
      `SELECT ${REPORT_COLUMNS} FROM ${FROM_REPORTS} WHERE r.state = 'queued' AND r.due_on <= $1::date
        ORDER BY r.due_on, r.id`,
      [day],
    );
    return rows;
  }

  /** The records of these certificates, for their holder's pages. */
  async findForCertificates(certificateIds: readonly string[]): Promise<BoardReport[]> {
    const { rows } = await this.db.execute<BoardReport>(
      `SELECT ${REPORT_COLUMNS} FROM ${FROM_REPORTS} WHERE r.certificate_id = ANY($1::uuid[])
        ORDER BY r.board`,
      [certificateIds],
    );
    return rows;
  }

  /** Takes the batch lock (to the end of the transaction) and answers every queued record. */
  async lockQueued(): Promise<BoardReport[]> {
    await this.db.execute(BATCH_LOCK);
    const { rows } = await this.db.execute<BoardReport>(
      `SELECT ${REPORT_COLUMNS} FROM ${FROM_REPORTS} WHERE r.state = 'queued'
        ORDER BY r.due_on, r.completed_on, r.holder_name, r.id`,
    );
    return rows;
  }

  /** The ACCME Activity IDs recorded for these course versions. */
  async accmeActivityIds(courseVersionIds: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await this.db.execute<{ versionId: string; activityId: string }>(
      `SELECT course_version_id AS "versionId", accme_activity_id AS "activityId"
         FROM accme_activity WHERE course_version_id = ANY($1::uuid[])`,
      [courseVersionIds],
    );
    return new Map(rows.map((row) => [row.versionId, row.activityId]));
  }

  /** A new batch with the next number (the batch lock held), and its entries. */
  async insertBatch(
    batch: { createdBy: string | null; content: string; checksum: string; now: Date },
    entries: readonly Omit<BatchEntry, 'result'>[],
  ): Promise<{ id: string; number: number }> {
    const { rows } = await this.db.execute<{ id: string; number: number }>(
      `INSERT INTO board_report_batch (number, created_at, created_by, row_count, checksum, content)
       VALUES ((SELECT coalesce(max(number), 0) + 1 FROM board_report_batch), $1, $2, $3, $4, $5)
       RETURNING id, number`,
      [batch.now, batch.createdBy, entries.length, batch.checksum, batch.content],
    );
    const created = rows[0]!;
    await this.db.execute(
      `INSERT INTO board_report_batch_entry (batch_id, report_id, row_number, board, board_id, completion_date, activity_id)
       SELECT $1, e.report_id, e.row_number, e.board, e.board_id, e.completion_date, e.activity_id
         FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS e(report_id, row_number, board, board_id, completion_date, activity_id)`,
      [
        created.id,
        entries.map((entry) => entry.reportId),
        entries.map((entry) => entry.rowNumber),
        entries.map((entry) => entry.board),
        entries.map((entry) => entry.boardId),
        entries.map((entry) => entry.completionDate),
        entries.map((entry) => entry.activityId),
      ],
    );
    return created;
  }

  /** Puts queued records in a batch; answers how many were still queued (all, or the caller undoes). */
  async markInBatch(reportIds: readonly string[], batchId: string, now: Date): Promise<number> {
    const { affected } = await this.db.execute(
      `UPDATE board_report SET state = 'in_batch', batch_id = $2, updated_at = $3
        WHERE id = ANY($1::uuid[]) AND state = 'queued'`,
      [reportIds, batchId, now],
    );
    return affected;
  }

  async findBatches(limit: number): Promise<BoardReportBatch[]> {
    const { rows } = await this.db.execute<BoardReportBatch>(
      `SELECT ${BATCH_COLUMNS} FROM board_report_batch b ORDER BY b.number DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }

  async findBatchFile(number: number): Promise<{ batch: BoardReportBatch; content: string } | null> {
    const { rows } = await this.db.execute<BoardReportBatch & { content: string }>(
      `SELECT ${BATCH_COLUMNS}, b.content FROM board_report_batch b WHERE b.number = $1`,
      [number],
    );
    const row = rows[0];
    if (!row) {
      return null;
    }
    const { content, ...batch } = row;
    return { batch, content };
  }

  /** The batch, locked to the end of the transaction (one result import at a time), with its entries. */
  async lockBatch(number: number): Promise<{ batch: BoardReportBatch; entries: BatchEntry[] } | null> {
    const locked = await this.db.execute<{ id: string }>(
      `SELECT id FROM board_report_batch WHERE number = $1 FOR UPDATE`,
      [number],
    );
    const id = locked.rows[0]?.id;
    if (!id) {
      return null;
    }
    const batch = await this.db.execute<BoardReportBatch>(
      `SELECT ${BATCH_COLUMNS} FROM board_report_batch b WHERE b.id = $1`,
      [id],
    );
    const { rows } = await this.db.execute<BatchEntry>(
      `SELECT report_id AS "reportId", row_number AS "rowNumber", board, board_id AS "boardId",
              completion_date AS "completionDate", activity_id AS "activityId", result
         FROM board_report_batch_entry WHERE batch_id = $1 ORDER BY row_number`,
      [id],
    );
    return { batch: batch.rows[0]!, entries: rows };
  }

  /**
   * Records PARS's answer for a record of the batch; false when the record is no longer in that
   * batch waiting for one (the caller undoes the whole import).
   */
  async resolve(
    batchId: string,
    reportId: string,
    result: { accepted: true } | { accepted: false; reason: string },
    now: Date,
  ): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE board_report SET
          state = CASE WHEN $3::boolean THEN 'accepted' ELSE 'rejected' END,
          accepted_at = CASE WHEN $3::boolean THEN $5::timestamptz END,
          rejected_at = CASE WHEN $3::boolean THEN rejected_at ELSE $5::timestamptz END,
          rejection_reason = CASE WHEN $3::boolean THEN rejection_reason ELSE $4 END,
          updated_at = $5
        WHERE id = $2 AND batch_id = $1 AND state = 'in_batch'`,
      [batchId, reportId, result.accepted, result.accepted ? null : result.reason, now],
    );
    if (affected !== 1) {
      return false;
    }
    await this.db.execute(
      `UPDATE board_report_batch_entry SET result = $3, reason = $4, resolved_at = $5
        WHERE batch_id = $1 AND report_id = $2 AND result IS NULL`,
      [
        batchId,
        reportId,
        result.accepted ? 'accepted' : 'rejected',
        result.accepted ? null : result.reason,
        now,
      ],
    );
    return true;
  }

  async markResultsImported(batchId: string, now: Date): Promise<void> {
    await this.db.execute(`UPDATE board_report_batch SET results_imported_at = $2 WHERE id = $1`, [
      batchId,
      now,
    ]);
  }

  /** A rejected record back in the queue (its due date and last reason kept); false when it was not rejected. */
  async requeue(id: string, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE board_report SET state = 'queued', batch_id = NULL, updated_at = $2
        WHERE id = $1 AND state = 'rejected'`,
      [id, now],
    );
    return affected === 1;
  }
}
