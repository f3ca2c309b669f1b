import { Injectable } from '@nestjs/common';
import { Database, SqlBuilder, SqlExpression } from '@academy/core';
import type { SqlPart } from '@academy/core';
import type { Response } from '../questions/question.types';
import { AttemptEntity } from './attempt.entity';

/** In a part of `insert`'s statement: the attempt was added by it. */
export const STARTED = new SqlExpression('EXISTS (SELECT 1 FROM started)');

/** In a part of `finish`'s statement: the attempt was closed by it. */
export const FINISHED = new SqlExpression('EXISTS (SELECT 1 FROM finished)');

/** Every column of `quiz_attempt a`, named as `AttemptEntity`'s fields. */
const ATTEMPT_FIELDS = `a.id, a.enrolment_id AS "enrolmentId", a.user_id AS "userId",
  a.course_version_id AS "courseVersionId", a.module_id AS "moduleId", a.number, a.status,
  a.started_at AS "startedAt", a.deadline_at AS "deadlineAt", a.finished_at AS "finishedAt",
  a.served, a.answers, a.drafts, a.flagged, a.late_answers AS "lateAnswers", a.score, a.passed`;

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
   * The user's attempt, its row locked until the transaction ends (a submit racing another, or an
   * answer given meanwhile, waits and then sees it closed), with how many OTHER attempts at its
   * quiz are finished and whether any of them passed: what a submit reads, in one statement. The
   * others are counted apart because after waiting for the lock the row is read anew but the
   * counts are not (they stay as at the statement's start); the others cannot change meanwhile
   * (one open attempt a quiz). Null when there is no such attempt or it is someone else's.
   */
  async findOwnedForUpdate(
    id: string,
    userId: string,
  ): Promise<{
    attempt: AttemptEntity;
    othersFinished: number;
    otherPassed: boolean;
    extraAttempts: number;
  } | null> {
    // Plain SQL, each column named as its field: a submit's hottest read skips the query builder.
    const { rows } = await this.db.execute<
      AttemptEntity & { othersFinished: number; otherPassed: boolean; extraAttempts: number }
    >(
      `SELECT ${ATTEMPT_FIELDS},
              (SELECT count(*)::int FROM quiz_attempt o
                WHERE o.enrolment_id = a.enrolment_id AND o.module_id = a.module_id AND o.id <> a.id
                  AND o.status <> 'open') AS "othersFinished",
              EXISTS (SELECT 1 FROM quiz_attempt o
                       WHERE o.enrolment_id = a.enrolment_id AND o.module_id = a.module_id AND o.id <> a.id
                         AND o.passed) AS "otherPassed",
              -- The extra attempts an admin granted at this quiz (learner support's table, read
              -- here so a submit needs no statement of its own for them).
              (SELECT count(*)::int FROM quiz_extra_attempt x
                WHERE x.enrolment_id = a.enrolment_id AND x.module_id = a.module_id) AS "extraAttempts"
         FROM quiz_attempt a
        WHERE a.id = $1 AND a.user_id = $2
          FOR UPDATE OF a`,
      [id, userId],
      { prepared: true },
    );
    const [row] = rows;
    if (!row) {
      return null;
    }
    const { othersFinished, otherPassed, extraAttempts, ...attempt } = row;
    return {
      attempt: Object.assign(new AttemptEntity(), attempt),
      othersFinished,
      otherPassed,
      extraAttempts,
    };
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

  /**
   * Adds a new attempt, with the `parts` (see `SqlPart`) that go with it in the same statement,
   * each when `STARTED` holds.
   */
  async insert(attempt: AttemptEntity, parts: SqlPart[] = []): Promise<void> {
    const sql = new SqlBuilder();
    const json = (value: unknown) => sql.value(value === null ? null : JSON.stringify(value));
    await this.db.execute(
      `WITH started AS (
         INSERT INTO quiz_attempt (id, enrolment_id, user_id, course_version_id, module_id, number, status,
           started_at, deadline_at, finished_at, served, answers, drafts, flagged, late_answers, score, passed)
         VALUES (${sql.value(attempt.id)}, ${sql.value(attempt.enrolmentId)}, ${sql.value(attempt.userId)},
           ${sql.value(attempt.courseVersionId)}, ${sql.value(attempt.moduleId)}, ${sql.value(attempt.number)},
           ${sql.value(attempt.status)}, ${sql.value(attempt.startedAt)}, ${sql.value(attempt.deadlineAt)}::timestamptz,
           ${sql.value(attempt.finishedAt)}::timestamptz, ${json(attempt.served)}::jsonb, ${json(attempt.answers)}::jsonb,
           ${json(attempt.drafts)}::jsonb, ${json(attempt.flagged)}::jsonb, ${json(attempt.lateAnswers)}::jsonb,
           ${sql.value(attempt.score)}::int, ${sql.value(attempt.passed)}::boolean)
         RETURNING id)${parts.map((part) => `,\n${sql.part(part)}`).join('')}
       SELECT 1`,
      sql.parameters,
      { prepared: true },
    );
  }

  /**
   * Saves answers (authored ids) of an attempt that is still open, and the flags when given;
   * drafts of the same questions give way to them. False when it is not open.
   */
  async saveAnswers(id: string, answers: Record<string, Response>, flagged?: string[]): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE quiz_attempt SET answers = $2, drafts = drafts - $3::text[], flagged = COALESCE($4::jsonb, flagged)
       WHERE id = $1 AND status = 'open'`,
      [id, JSON.stringify(answers), Object.keys(answers), flagged ? JSON.stringify(flagged) : null],
    );
    return affected > 0;
  }

  /**
   * Keeps one answer as given (in the ids the attempt shows; null clears it) and/or its flag, in
   * one statement that holds only when the attempt is the user's, open, within `openUntil` of its
   * deadline, and serves the question as `servedAs` says (any of those patterns, none of
   * `notServedAs`): false when any of that fails.
   */
  async saveGiven(change: {
    attemptId: string;
    userId: string;
    questionId: string;
    answer?: { value: unknown };
    flagged?: boolean;
    deadlineAfter: Date;
    servedAs: object[];
    notServedAs: object[];
  }): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE quiz_attempt
          SET drafts = CASE WHEN $4 THEN drafts || jsonb_build_object($3::text, $5::jsonb) ELSE drafts END,
              flagged = CASE $6::boolean WHEN true THEN (flagged - $3::text) || to_jsonb($3::text)
                                         WHEN false THEN flagged - $3::text ELSE flagged END
        WHERE id = $1 AND user_id = $2 AND status = 'open'
          AND (deadline_at IS NULL OR deadline_at >= $7)
          AND served @> ANY ($8::jsonb[]) AND NOT served @> ANY ($9::jsonb[])`,
      [
        change.attemptId,
        change.userId,
        change.questionId,
        change.answer !== undefined,
        JSON.stringify(change.answer?.value ?? null),
        change.flagged ?? null,
        change.deadlineAfter,
        // Each pattern is an entry of the served list: `served @> '[{...}]'`.
        change.servedAs.map((pattern) => JSON.stringify([pattern])),
        change.notServedAs.map((pattern) => JSON.stringify([pattern])),
      ],
    );
    return affected > 0;
  }

  /**
   * Closes an open attempt with its grade, exactly once; false when it was already closed. The
   * `parts` (see `SqlPart`) go in the same statement: what must be written with the grade, each
   * when `FINISHED` holds (the attempt was closed by this statement).
   */
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
    parts: SqlPart[] = [],
  ): Promise<boolean> {
    const sql = new SqlBuilder();
    const { rows } = await this.db.execute<{ finished: boolean }>(
      `WITH finished AS (
         UPDATE quiz_attempt SET status = ${sql.value(result.status)}, answers = ${sql.value(JSON.stringify(result.answers))},
                late_answers = ${sql.value(result.lateAnswers ? JSON.stringify(result.lateAnswers) : null)}::jsonb,
                score = ${sql.value(result.score)}, passed = ${sql.value(result.passed)},
                finished_at = ${sql.value(result.now)}, drafts = '{}'::jsonb
          WHERE id = ${sql.value(id)} AND status = 'open'
         RETURNING id)${parts
           .map(
             (part) => `,
${sql.part(part)}`,
           )
           .join('')}
       SELECT EXISTS (SELECT 1 FROM finished) AS finished`,
      sql.parameters,
      { prepared: true },
    );
    return rows[0]!.finished;
  }
}
