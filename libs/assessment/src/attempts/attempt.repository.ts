import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { Response } from '../questions/question.types';
import { AttemptEntity } from './attempt.entity';

@Injectable()
export class AttemptRepository {
  constructor(private readonly db: Database) {}

  private get attempts() {
    return this.db.repository(AttemptEntity);
  }

  /**
   * Serialises every start and finish of one learner's attempts at one quiz until the
   * transaction ends, so limits and the single open attempt hold under concurrent requests.
   */
  async lockQuizFor(enrolmentId: string, moduleId: string): Promise<void> {
    await this.db.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `${enrolmentId}:${moduleId}`,
    ]);
  }

  findForQuiz(enrolmentId: string, moduleId: string): Promise<AttemptEntity[]> {
    return this.attempts.find({ where: { enrolmentId, moduleId }, order: { number: 'ASC' } });
  }

  findById(id: string): Promise<AttemptEntity | null> {
    return this.attempts.findOneBy({ id });
  }

  /**
   * The served questions and graded answers of every finished attempt at a module's quiz of a
   * course, for item analysis. Module ids may repeat across courses, so an attempt belongs to the
   * course whose bank its first served question comes from.
   */
  async findGradedOfModule(
    courseId: string,
    moduleId: string,
  ): Promise<Pick<AttemptEntity, 'served' | 'answers'>[]> {
    const { rows } = await this.db.execute<Pick<AttemptEntity, 'served' | 'answers'>>(
      `SELECT a.served, a.answers
         FROM quiz_attempt a
        WHERE a.module_id = $2
          AND a.status <> 'open'
          AND (a.served -> 0 ->> 'questionId')::uuid IN (
                SELECT q.id FROM question q WHERE q.course_id = $1 AND q.module_id = $2)`,
      [courseId, moduleId],
    );
    return rows;
  }

  insert(attempt: AttemptEntity): Promise<AttemptEntity> {
    return this.attempts.save(this.attempts.create(attempt));
  }

  /** Saves answers of an attempt that is still open; false when it is not. */
  async saveAnswers(id: string, answers: Record<string, Response>): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE quiz_attempt SET answers = $2 WHERE id = $1 AND status = 'open'`,
      [id, JSON.stringify(answers)],
    );
    return affected > 0;
  }

  /** Closes an open attempt with its grade, exactly once; false when it was already closed. */
  async finish(
    id: string,
    result: {
      status: 'submitted' | 'expired';
      answers: Record<string, Response>;
      lateAnswers: Record<string, Response> | null;
      score: number;
      passed: boolean;
      now: Date;
    },
  ): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE quiz_attempt SET status = $2, answers = $3, late_answers = $4, score = $5, passed = $6, finished_at = $7
       WHERE id = $1 AND status = 'open'`,
      [
        id,
        result.status,
        JSON.stringify(result.answers),
        result.lateAnswers ? JSON.stringify(result.lateAnswers) : null,
        result.score,
        result.passed,
        result.now,
      ],
    );
    return affected > 0;
  }
}
