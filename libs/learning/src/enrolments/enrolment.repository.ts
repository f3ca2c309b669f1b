import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { ALWAYS, Database } from '@academy/core';
import type { SqlExpression, SqlPart } from '@academy/core';
import { EnrolmentEntity } from './enrolment.entity';

@Injectable()
export class EnrolmentRepository {
  constructor(private readonly db: Database) {}

  private get enrolments() {
    return this.db.repository(EnrolmentEntity);
  }

  /** Enrols unless already enrolled in the course (any version); answers the enrolment and whether it is new. */
  async insertIfAbsent(
    enrolment: Omit<EnrolmentEntity, 'id' | 'disclosuresAcknowledgedAt' | 'labCompletedAt'>,
  ): Promise<{ enrolment: EnrolmentEntity; created: boolean }> {
    const { affected } = await this.db.execute(
      `INSERT INTO enrolment (user_id, course_id, course_version_id, enrolled_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, course_id) DO NOTHING`,
      [enrolment.userId, enrolment.courseId, enrolment.courseVersionId, enrolment.enrolledAt],
    );
    const stored = await this.enrolments.findOneByOrFail({
      userId: enrolment.userId,
      courseId: enrolment.courseId,
    });
    return { enrolment: stored, created: affected > 0 };
  }

  findForUser(userId: string): Promise<EnrolmentEntity[]> {
    return this.enrolments.find({ where: { userId }, order: { enrolledAt: 'DESC', id: 'ASC' } });
  }

  findByIds(ids: string[]): Promise<EnrolmentEntity[]> {
    return this.enrolments.find({ where: { id: In(ids) }, order: { enrolledAt: 'DESC', id: 'ASC' } });
  }

  /** The enrolment, locked until the transaction ends. */
  lockById(id: string): Promise<EnrolmentEntity | null> {
    // NO KEY UPDATE, not UPDATE: rows that reference the enrolment (a credit claim) hold a KEY
    // SHARE lock on it, which FOR UPDATE would wait on, deadlocking two racing last steps.
    return this.enrolments.findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  /**
   * What the completion rule reads of an enrolment besides its course, in one statement: the
   * modules passed, whether the evaluation is in, the credit claimed and the boards the learner
   * chose to be reported to. Read after `lockById` (a statement of its own, so that this one's
   * snapshot is taken once the lock is held and sees every step committed before).
   */
  async completionFacts(id: string): Promise<{
    passed: Set<string>;
    evaluated: boolean;
    claims: { type: string; amount: number; claimedAt: Date }[];
    reportTo: string[];
  }> {
    const { rows } = await this.db.execute<{
      passed: string[];
      evaluated: boolean;
      claims: { type: string; amount: number; claimedAt: string }[];
      reportTo: string[];
    }>(
      `SELECT array(SELECT p.module_id FROM module_pass p WHERE p.enrolment_id = $1) AS passed,
              EXISTS (SELECT 1 FROM course_evaluation v WHERE v.enrolment_id = $1) AS evaluated,
              coalesce((SELECT json_agg(json_build_object('type', c.credit_type, 'amount', c.amount,
                                                          'claimedAt', c.claimed_at) ORDER BY c.credit_type)
                          FROM credit_claim c WHERE c.enrolment_id = $1), '[]') AS claims,
              array(SELECT b.board FROM enrolment_board_consent b WHERE b.enrolment_id = $1 AND b.report
                     ORDER BY b.board) AS "reportTo"`,
      [id],
      { prepared: true },
    );
    const row = rows[0]!;
    return {
      passed: new Set(row.passed),
      evaluated: row.evaluated,
      claims: row.claims.map((claim) => ({
        type: claim.type,
        amount: Number(claim.amount),
        claimedAt: new Date(claim.claimedAt),
      })),
      reportTo: row.reportTo,
    };
  }

  findByIdForUser(id: string, userId: string): Promise<EnrolmentEntity | null> {
    return this.enrolments.findOneBy({ id, userId });
  }

  findForUserAndCourse(userId: string, courseId: string): Promise<EnrolmentEntity | null> {
    return this.enrolments.findOneBy({ userId, courseId });
  }

  /** The learner's enrolment in the course with the modules it passed, in one query. */
  async findForUserAndCourseWithPassed(
    userId: string,
    courseId: string,
  ): Promise<{ enrolment: EnrolmentEntity; passed: Set<string> } | null> {
    const { rows } = await this.db.execute<EnrolmentEntity & { passed: string[] }>(
      `SELECT e.id, e.user_id AS "userId", e.course_id AS "courseId", e.course_version_id AS "courseVersionId",
         e.enrolled_at AS "enrolledAt", e.disclosures_acknowledged_at AS "disclosuresAcknowledgedAt",
         e.lab_completed_at AS "labCompletedAt",
         array(SELECT p.module_id FROM module_pass p WHERE p.enrolment_id = e.id) AS passed
       FROM enrolment e WHERE e.user_id = $1 AND e.course_id = $2`,
      [userId, courseId],
      { prepared: true },
    );
    const row = rows[0];
    if (!row) {
      return null;
    }
    const { passed, ...enrolment } = row;
    return { enrolment: Object.assign(new EnrolmentEntity(), enrolment), passed: new Set(passed) };
  }

  /**
   * A lesson opened, in one statement: its first view (once; opening it again changes nothing)
   * and a moment of study (`study_activity`, the credit records').
   */
  async recordLessonView(enrolmentId: string, lessonId: string, now: Date): Promise<void> {
    await this.db.execute(
      `WITH viewed AS (
         INSERT INTO lesson_view (enrolment_id, lesson_id, first_seen_at) VALUES ($1, $2, $3)
         ON CONFLICT (enrolment_id, lesson_id) DO NOTHING)
       INSERT INTO study_activity (enrolment_id, at, kind) VALUES ($1, $3, 'lesson')`,
      [enrolmentId, lessonId, now],
    );
  }

  /** Records the acknowledgement once; false when it was already recorded. */
  async acknowledgeDisclosures(enrolmentId: string, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE enrolment SET disclosures_acknowledged_at = $2 WHERE id = $1 AND disclosures_acknowledged_at IS NULL`,
      [enrolmentId, now],
    );
    return affected > 0;
  }

  /** Sets (keeping the first time) or clears when the learner met the lab requirement. */
  async setLabCompleted(enrolmentId: string, at: Date | null): Promise<void> {
    await this.db.execute(
      `UPDATE enrolment SET lab_completed_at = CASE WHEN $2::timestamptz IS NULL THEN NULL
         ELSE coalesce(lab_completed_at, $2::timestamptz) END
       WHERE id = $1`,
      [enrolmentId, at],
    );
  }

  /**
   * A statement part (see `SqlPart`): the CTEs `name_pass` and `name` record, when `when` holds in
   * the composing statement, a graded attempt's mark on progress: the module pass (once; a later
   * pass changes nothing) and the quiz's moment of study.
   */
  quizOutcomePart(
    name: string,
    when: SqlExpression,
    enrolmentId: string,
    moduleId: string,
    outcome: { passed: boolean; submitted: boolean; now: Date },
  ): SqlPart {
    return {
      sql: `${name}_pass AS (
         INSERT INTO module_pass (enrolment_id, module_id, passed_at)
         SELECT $1::uuid, $2::uuid, $3::timestamptz WHERE $4::boolean AND ${when.sql}
         ON CONFLICT (enrolment_id, module_id) DO NOTHING),
       ${name} AS (
         INSERT INTO study_activity (enrolment_id, at, kind)
         SELECT $1::uuid, $3::timestamptz, 'quiz' WHERE $5::boolean AND ${when.sql})`,
      parameters: [enrolmentId, moduleId, outcome.now, outcome.passed, outcome.submitted],
    };
  }

  /** `quizOutcomePart` as a statement of its own (a pass recorded outside a grade). */
  async recordQuizOutcome(
    enrolmentId: string,
    moduleId: string,
    outcome: { passed: boolean; submitted: boolean; now: Date },
  ): Promise<void> {
    const part = this.quizOutcomePart('outcome', ALWAYS, enrolmentId, moduleId, outcome);
    await this.db.execute(`WITH ${part.sql} SELECT 1`, part.parameters, { prepared: true });
  }

  /** The modules each enrolment has passed, in one query. */
  async passedModulesOf(enrolmentIds: string[]): Promise<Map<string, Set<string>>> {
    const passed = new Map<string, Set<string>>(enrolmentIds.map((id) => [id, new Set<string>()]));
    if (enrolmentIds.length > 0) {
      const rows: { enrolment_id: string; module_id: string }[] = await this.db.manager.query(
        `SELECT enrolment_id, module_id FROM module_pass WHERE enrolment_id = ANY($1::uuid[])`,
        [enrolmentIds],
      );
      for (const row of rows) {
        passed.get(row.enrolment_id)?.add(row.module_id);
      }
    }
    return passed;
  }

  async passedModules(enrolmentId: string): Promise<Set<string>> {
    const rows: { module_id: string }[] = await this.db.manager.query(
      `SELECT module_id FROM module_pass WHERE enrolment_id = $1`,
      [enrolmentId],
    );
    return new Set(rows.map((row) => row.module_id));
  }

  /** The lessons each enrolment has seen, in one query. */
  async seenLessons(enrolmentIds: string[]): Promise<Map<string, Set<string>>> {
    const seen = new Map<string, Set<string>>(enrolmentIds.map((id) => [id, new Set<string>()]));
    if (enrolmentIds.length === 0) {
      return seen;
    }
    const rows: { enrolment_id: string; lesson_id: string }[] = await this.db.manager.query(
      `SELECT enrolment_id, lesson_id FROM lesson_view WHERE enrolment_id = ANY($1::uuid[])`,
      [enrolmentIds],
    );
    for (const row of rows) {
      seen.get(row.enrolment_id)?.add(row.lesson_id);
    }
    return seen;
  }
}
