import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

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
    await this.db.execute(`INSERT INTO study_activity (enrolment_id, at, kind) VALUES ($1, $2, $3)`, [
      enrolmentId,
      at,
      kind,
    ]);
  }

  async activityMoments(enrolmentId: string): Promise<Date[]> {
    const rows: { at: Date }[] = await this.db.manager.query(
      `SELECT at FROM study_activity WHERE enrolment_id = $1 ORDER BY at`,
      [enrolmentId],
    );
    return rows.map((row) => row.at);
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
}
