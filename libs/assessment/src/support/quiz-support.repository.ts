import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { AttemptEntity } from '../attempts/attempt.entity';

/** A learner's extra quiz time and why it was given. */
export interface QuizAccommodation {
  userId: string;
  extraTimePercent: number;
  extraMinutes: number;
  reason: string;
  grantedBy: string | null;
  grantedAt: Date;
}

/** One attempt of a learner, without its questions and answers: what an admin overview needs. */
export type AttemptSummaryRow = Pick<
  AttemptEntity,
  | 'id'
  | 'enrolmentId'
  | 'moduleId'
  | 'number'
  | 'status'
  | 'startedAt'
  | 'deadlineAt'
  | 'finishedAt'
  | 'score'
  | 'passed'
>;

@Injectable()
export class QuizSupportRepository {
  constructor(private readonly db: Database) {}

  /** How many extra attempts were granted at one quiz of one enrolment. */
  async extraAttempts(enrolmentId: string, moduleId: string): Promise<number> {
    const { rows } = await this.db.execute<{ count: number }>(
      `SELECT count(*)::int AS count FROM quiz_extra_attempt WHERE enrolment_id = $1 AND module_id = $2`,
      [enrolmentId, moduleId],
    );
    return rows[0]?.count ?? 0;
  }

  /** Extra attempts per `enrolmentId:moduleId` for a set of enrolments (one query). */
  async extraAttemptsOf(enrolmentIds: string[]): Promise<Map<string, number>> {
    const { rows } = await this.db.execute<{ key: string; count: number }>(
      `SELECT enrolment_id || ':' || module_id AS key, count(*)::int AS count
       FROM quiz_extra_attempt WHERE enrolment_id = ANY($1::uuid[]) GROUP BY enrolment_id, module_id`,
      [enrolmentIds],
    );
    return new Map(rows.map((row) => [row.key, row.count]));
  }

  async insertExtraAttempt(grant: {
    enrolmentId: string;
    moduleId: string;
    reason: string;
    grantedBy: string | null;
    now: Date;
  }): Promise<string> {
    const { rows } = await this.db.execute<{ id: string }>(
      `INSERT INTO quiz_extra_attempt (enrolment_id, module_id, reason, granted_by, granted_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [grant.enrolmentId, grant.moduleId, grant.reason, grant.grantedBy, grant.now],
    );
    return rows[0]!.id;
  }

  async findAccommodation(userId: string): Promise<QuizAccommodation | null> {
    const { rows } = await this.db.execute<QuizAccommodation>(
      `SELECT user_id AS "userId", extra_time_percent AS "extraTimePercent", extra_minutes AS "extraMinutes",
              reason, granted_by AS "grantedBy", granted_at AS "grantedAt"
       FROM quiz_accommodation WHERE user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** Sets (or replaces) a learner's accommodation. */
  async upsertAccommodation(accommodation: QuizAccommodation): Promise<void> {
    await this.db.execute(
      `INSERT INTO quiz_accommodation (user_id, extra_time_percent, extra_minutes, reason, granted_by, granted_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET extra_time_percent = EXCLUDED.extra_time_percent,
         extra_minutes = EXCLUDED.extra_minutes, reason = EXCLUDED.reason,
         granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at`,
      [
        accommodation.userId,
        accommodation.extraTimePercent,
        accommodation.extraMinutes,
        accommodation.reason,
        accommodation.grantedBy,
        accommodation.grantedAt,
      ],
    );
  }

  async deleteAccommodation(userId: string): Promise<boolean> {
    const { affected } = await this.db.execute(`DELETE FROM quiz_accommodation WHERE user_id = $1`, [userId]);
    return affected > 0;
  }

  /** A learner's attempts, newest first, without questions or answers. */
  async attemptsOfLearner(userId: string, limit: number): Promise<AttemptSummaryRow[]> {
    const { rows } = await this.db.execute<AttemptSummaryRow>(
      `SELECT id, enrolment_id AS "enrolmentId", module_id AS "moduleId", number, status,
              started_at AS "startedAt", deadline_at AS "deadlineAt", finished_at AS "finishedAt", score, passed
       FROM quiz_attempt WHERE user_id = $1 ORDER BY started_at DESC, id LIMIT $2`,
      [userId, limit],
    );
    return rows;
  }

  /**
   * Moves an open timed attempt's deadline later, only while it is still open and in time (the
   * grace included): one statement, so a racing submit or expiry wins or loses cleanly.
   */
  async extendOpenAttempt(attemptId: string, minutes: number, notBefore: Date): Promise<Date | null> {
    const { rows } = await this.db.execute<{ deadlineAt: Date }>(
      `UPDATE quiz_attempt SET deadline_at = deadline_at + make_interval(mins => $2)
       WHERE id = $1 AND status = 'open' AND deadline_at IS NOT NULL AND deadline_at >= $3
       RETURNING deadline_at AS "deadlineAt"`,
      [attemptId, minutes, notBefore],
    );
    return rows[0]?.deadlineAt ?? null;
  }
}
