import { Injectable } from '@nestjs/common';
import { ALWAYS, Database } from '@academy/core';
import type { SqlExpression, SqlPart } from '@academy/core';

export interface EvaluationAnswers {
  objectivesMet: number;
  freeOfCommercialBias: number;
  relevantToPractice: number;
  intendedChange: string;
  comments?: string;
}

@Injectable()
export class StudyRecordRepository {
  constructor(private readonly db: Database) {}

  async recordActivity(enrolmentId: string, kind: 'lesson' | 'quiz', at: Date): Promise<void> {
    const part = this.activityPart('activity', ALWAYS, enrolmentId, kind, at);
    await this.db.execute(`WITH ${part.sql} SELECT 1`, part.parameters);
  }

  /** A statement part (see `SqlPart`): the CTE `name` records a moment of study when `when` holds. */
  activityPart(
    name: string,
    when: SqlExpression,
    enrolmentId: string,
    kind: 'lesson' | 'quiz',
    at: Date,
  ): SqlPart {
    return {
      sql: `${name} AS (
         INSERT INTO study_activity (enrolment_id, at, kind)
         SELECT $1::uuid, $2::timestamptz, $3::text WHERE ${when.sql})`,
      parameters: [enrolmentId, at, kind],
    };
  }

  async activityMoments(enrolmentId: string): Promise<{ at: Date; creditMs: number | null }[]> {
    const rows: { at: Date; credit_ms: number | null }[] = await this.db.manager.query(
      `SELECT at, credit_ms FROM study_activity WHERE enrolment_id = $1 ORDER BY at`,
      [enrolmentId],
    );
    return rows.map((row) => ({ at: row.at, creditMs: row.credit_ms }));
  }

  /**
   * Credits watched video time for one lesson of an enrolment, in one statement so concurrent
   * reports cannot add up to more: no more than was reported, than the wall-clock time since
   * the previous report, or than is left of the video's length. The first report only starts
   * the clock. Answers the milliseconds credited now (null on the first report).
   */
  async creditWatched(
    enrolmentId: string,
    lessonId: string,
    lengthMs: number,
    reportedMs: number,
    at: Date,
  ): Promise<number | null> {
    const started = await this.db.execute(
      `INSERT INTO video_watch (enrolment_id, lesson_id, length_ms, last_report_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (enrolment_id, lesson_id) DO NOTHING`,
      [enrolmentId, lessonId, lengthMs, at],
    );
    if (started.affected > 0) {
      return null;
    }
    // One UPDATE: the row lock makes a concurrent report see this one's clock and total.
    const { rows } = await this.db.execute<{ last_credit_ms: number }>(
      `UPDATE video_watch
          SET last_credit_ms = GREATEST(0, LEAST($3::integer,
                floor(EXTRACT(EPOCH FROM ($4::timestamptz - last_report_at)) * 1000)::integer,
                length_ms - credited_ms)),
              credited_ms = credited_ms + GREATEST(0, LEAST($3::integer,
                floor(EXTRACT(EPOCH FROM ($4::timestamptz - last_report_at)) * 1000)::integer,
                length_ms - credited_ms)),
              last_report_at = GREATEST(last_report_at, $4::timestamptz)
        WHERE enrolment_id = $1 AND lesson_id = $2
        RETURNING last_credit_ms`,
      [enrolmentId, lessonId, Math.max(0, Math.min(Math.floor(reportedMs), 2_000_000_000)), at],
    );
    return rows[0]?.last_credit_ms ?? 0;
  }

  async recordVideoActivity(enrolmentId: string, creditMs: number, at: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO study_activity (enrolment_id, at, kind, credit_ms) VALUES ($1, $2, 'video', $3)`,
      [enrolmentId, at, creditMs],
    );
  }

  /** Stores the evaluation once; false when one was already submitted. */
  async insertEvaluation(enrolmentId: string, answers: EvaluationAnswers, at: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `INSERT INTO course_evaluation (enrolment_id, answers, submitted_at) VALUES ($1, $2, $3) ON CONFLICT (enrolment_id) DO NOTHING`,
      [enrolmentId, JSON.stringify(answers), at],
    );
    return affected > 0;
  }

  async findEvaluation(
    enrolmentId: string,
  ): Promise<{ answers: EvaluationAnswers; submittedAt: Date } | null> {
    const rows: { answers: EvaluationAnswers; submitted_at: Date }[] = await this.db.manager.query(
      `SELECT answers, submitted_at FROM course_evaluation WHERE enrolment_id = $1`,
      [enrolmentId],
    );
    return rows[0] ? { answers: rows[0].answers, submittedAt: rows[0].submitted_at } : null;
  }

  /** Which enrolments have submitted the evaluation and claimed credit, in one query. */
  async finishingSteps(
    enrolmentIds: string[],
  ): Promise<Map<string, { evaluated: boolean; claimed: boolean }>> {
    const steps = new Map(enrolmentIds.map((id) => [id, { evaluated: false, claimed: false }]));
    if (enrolmentIds.length > 0) {
      const rows: { id: string; evaluated: boolean; claimed: boolean }[] = await this.db.manager.query(
        `SELECT e.id,
                EXISTS (SELECT 1 FROM course_evaluation ce WHERE ce.enrolment_id = e.id) AS evaluated,
                EXISTS (SELECT 1 FROM credit_claim cc WHERE cc.enrolment_id = e.id) AS claimed
         FROM enrolment e WHERE e.id = ANY($1::uuid[])`,
        [enrolmentIds],
      );
      for (const row of rows) {
        steps.set(row.id, { evaluated: row.evaluated, claimed: row.claimed });
      }
    }
    return steps;
  }

  /** Stores a claim per credit type; false when that type was already claimed. */
  async insertClaim(enrolmentId: string, creditType: string, amount: number, at: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `INSERT INTO credit_claim (enrolment_id, credit_type, amount, claimed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (enrolment_id, credit_type) DO NOTHING`,
      [enrolmentId, creditType, amount, at],
    );
    return affected > 0;
  }

  async findClaims(enrolmentId: string): Promise<{ type: string; amount: number; claimedAt: Date }[]> {
    const rows: { credit_type: string; amount: string; claimed_at: Date }[] = await this.db.manager.query(
      `SELECT credit_type, amount, claimed_at FROM credit_claim WHERE enrolment_id = $1 ORDER BY credit_type`,
      [enrolmentId],
    );
    return rows.map((row) => ({
      type: row.credit_type,
      amount: Number(row.amount),
      claimedAt: row.claimed_at,
    }));
  }

  /** The learner's answer per board, at the first claim; a second claim keeps the first answer. */
  async insertBoardConsents(
    enrolmentId: string,
    decisions: readonly { board: string; report: boolean }[],
    at: Date,
  ): Promise<void> {
    for (const decision of decisions) {
      await this.db.execute(
        `INSERT INTO enrolment_board_consent (enrolment_id, board, report, decided_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (enrolment_id, board) DO NOTHING`,
        [enrolmentId, decision.board, decision.report, at],
      );
    }
  }

  async findBoardConsents(
    enrolmentId: string,
  ): Promise<{ board: string; report: boolean; decidedAt: Date }[]> {
    const { rows } = await this.db.execute<{ board: string; report: boolean; decidedAt: Date }>(
      `SELECT board, report, decided_at AS "decidedAt" FROM enrolment_board_consent
        WHERE enrolment_id = $1 ORDER BY board`,
      [enrolmentId],
    );
    return rows;
  }
}
