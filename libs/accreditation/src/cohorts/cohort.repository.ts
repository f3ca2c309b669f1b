import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

export interface Cohort {
  id: string;
  name: string;
  courseId: string;
  createdAt: Date;
  /** Members (enrolled or invited). */
  memberCount: number;
}

export type CohortMemberStatus = 'enrolled' | 'invited';

export interface CohortMember {
  email: string;
  fullName: string | null;
  userId: string | null;
  enrolmentId: string | null;
  status: CohortMemberStatus;
  addedAt: Date;
}

/** An invitation waiting for an address: the cohort and its course. */
export interface WaitingInvitation {
  cohortId: string;
  courseId: string;
}

const COHORT_COLUMNS = `c.id, c.name, c.course_id AS "courseId", c.created_at AS "createdAt",
  (SELECT count(*)::int FROM cohort_member m WHERE m.cohort_id = c.id) AS "memberCount"`;

@Injectable()
export class CohortRepository {
  constructor(private readonly db: Database) {}

  async insert(cohort: {
    name: string;
    courseId: string;
    createdBy: string | null;
    now: Date;
  }): Promise<string> {
    const { rows } = await this.db.execute<{ id: string }>(
      `INSERT INTO cohort (name, course_id, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [cohort.name, cohort.courseId, cohort.createdBy, cohort.now],
    );
    return rows[0]!.id;
  }

  async findById(id: string): Promise<Cohort | null> {
    const { rows } = await this.db.execute<Cohort>(`SELECT ${COHORT_COLUMNS} FROM cohort c WHERE c.id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** Cohorts, newest first, a page at a time. */
  async findPage(page: { limit: number; offset: number }): Promise<{ items: Cohort[]; total: number }> {
    const { rows } = await this.db.execute<Cohort>(
      `SELECT ${COHORT_COLUMNS} FROM cohort c ORDER BY c.created_at DESC, c.id LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    const total = await this.db.execute<{ total: number }>(`SELECT count(*)::int AS total FROM cohort`);
    return { items: rows, total: total.rows[0]?.total ?? 0 };
  }

  async members(cohortId: string): Promise<CohortMember[]> {
    const { rows } = await this.db.execute<CohortMember>(
      `SELECT email, full_name AS "fullName", user_id AS "userId", enrolment_id AS "enrolmentId", status,
              added_at AS "addedAt"
       FROM cohort_member WHERE cohort_id = $1 ORDER BY coalesce(full_name, email), email`,
      [cohortId],
    );
    return rows;
  }

  /**
   * Puts an enrolled learner in the cohort (an invited address becomes enrolled); answers whether
   * the address was new to the cohort.
   */
  async upsertEnrolled(member: {
    cohortId: string;
    email: string;
    fullName: string | null;
    userId: string;
    enrolmentId: string;
    now: Date;
  }): Promise<boolean> {
    const { rows } = await this.db.execute<{ inserted: boolean }>(
      `INSERT INTO cohort_member (cohort_id, email, full_name, user_id, enrolment_id, status, added_at)
       VALUES ($1, $2, $3, $4, $5, 'enrolled', $6)
       ON CONFLICT (cohort_id, email) DO UPDATE SET user_id = EXCLUDED.user_id,
         enrolment_id = EXCLUDED.enrolment_id, status = 'enrolled',
         full_name = coalesce(cohort_member.full_name, EXCLUDED.full_name)
       RETURNING (xmax = 0) AS inserted`,
      [member.cohortId, member.email, member.fullName, member.userId, member.enrolmentId, member.now],
    );
    return rows[0]?.inserted === true;
  }

  /** Invites an address that has no account; false when the cohort has it already (invited or enrolled). */
  async insertInvited(member: {
    cohortId: string;
    email: string;
    fullName: string | null;
    now: Date;
  }): Promise<boolean> {
    const { affected } = await this.db.execute(
      `INSERT INTO cohort_member (cohort_id, email, full_name, status, added_at) VALUES ($1, $2, $3, 'invited', $4)
       ON CONFLICT (cohort_id, email) DO NOTHING`,
      [member.cohortId, member.email, member.fullName, member.now],
    );
    return affected > 0;
  }

  /** The status the address has in the cohort now, or null when it is not in it. */
  async statusOf(cohortId: string, email: string): Promise<CohortMemberStatus | null> {
    const { rows } = await this.db.execute<{ status: CohortMemberStatus }>(
      `SELECT status FROM cohort_member WHERE cohort_id = $1 AND email = $2`,
      [cohortId, email],
    );
    return rows[0]?.status ?? null;
  }

  /** The invitations waiting for an address, locked until the transaction ends. */
  async lockInvitationsFor(email: string): Promise<WaitingInvitation[]> {
    const { rows } = await this.db.execute<WaitingInvitation>(
      `SELECT m.cohort_id AS "cohortId", c.course_id AS "courseId"
       FROM cohort_member m JOIN cohort c ON c.id = m.cohort_id
       WHERE m.email = $1 AND m.status = 'invited' ORDER BY m.added_at, m.cohort_id FOR UPDATE OF m`,
      [email],
    );
    return rows;
  }

  async markEnrolled(cohortId: string, email: string, userId: string, enrolmentId: string): Promise<void> {
    await this.db.execute(
      `UPDATE cohort_member SET status = 'enrolled', user_id = $3, enrolment_id = $4
       WHERE cohort_id = $1 AND email = $2 AND status = 'invited'`,
      [cohortId, email, userId, enrolmentId],
    );
  }

  /** An anonymised learner's address and name leave the cohorts they are in. */
  async anonymise(userId: string): Promise<void> {
    await this.db.execute(
      `UPDATE cohort_member SET email = 'anonymised-' || user_id || '@anonymised.invalid', full_name = NULL
       WHERE user_id = $1`,
      [userId],
    );
  }
}
