// Read-only reporting SQL over several features' tables (learning's enrolments and module passes,
// assessment's attempts, skills-lab bookings, certificates, verifications, the catalog's
// versions). The one exception to "features never read each other's tables": aggregates are
// only fast as single SQL statements, and nothing here writes. Keep it to SELECTs.
import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

/** Which learners and events a dashboard counts: one course or all, and a half-open time range. */
export interface DashboardScope {
  courseId: string | null;
  from: Date;
  /** Exclusive. */
  until: Date;
}

export interface FunnelCounts {
  enrolled: number;
  modulesPassed: number;
  labAttended: number;
  certified: number;
}

export interface MonthCount {
  /** `YYYY-MM`, in UTC. */
  month: string;
  count: number;
}

export interface VerificationMonth extends MonthCount {
  valid: number;
  /** Revoked, suspended or expired. */
  notValid: number;
  unknown: number;
}

export interface ModulePassRate {
  courseId: string;
  courseTitle: string;
  moduleId: string;
  moduleTitle: string;
  /** Learners with a graded attempt in the period, and of those how many passed. */
  learners: number;
  passed: number;
  attempts: number;
}

export interface OrganisationVerifications {
  organisationId: string | null;
  name: string | null;
  count: number;
}

export interface CourseChoice {
  id: string;
  title: string;
}

/** The month series of a scope, every month present (zeros too): `months` CTE, columns m. */
const MONTHS = `
  months AS (
    SELECT generate_series(
      date_trunc('month', $1::timestamptz AT TIME ZONE 'UTC'),
      date_trunc('month', ($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC'),
      interval '1 month') AS m
  )`;

const int = (value: unknown): number => Number(value ?? 0);

@Injectable()
export class DashboardRepository {
  constructor(private readonly db: Database) {}

  /**
   * Learners who enrolled in the period and how far they got, each stage including the ones
   * before it: every module quiz passed; the skills lab attended (present or late) where the
   * course version requires one; a certificate issued.
   */
  async funnel(scope: DashboardScope): Promise<FunnelCounts> {
    const { rows } = await this.db.execute<Record<string, string>>(
      `
      WITH cohort AS (
        SELECT e.id, e.course_version_id
          FROM enrolment e
         WHERE e.enrolled_at >= $1 AND e.enrolled_at < $2 AND ($3::uuid IS NULL OR e.course_id = $3)
      ),
      -- Materialised: each version's (large) content is read once, not once per learner.
      versions AS MATERIALIZED (
        SELECT cv.id,
               (SELECT count(*) FROM jsonb_array_elements(cv.content -> 'modules') m
                 WHERE jsonb_typeof(m -> 'quiz') = 'object') AS quizzes,
               coalesce((cv.content ->> 'skillsLabRequired')::boolean, false) AS lab_required
          FROM course_version cv
         WHERE cv.id IN (SELECT DISTINCT course_version_id FROM cohort)
      ),
      passes AS (
        SELECT mp.enrolment_id, count(*) AS passed
          FROM module_pass mp JOIN cohort ON cohort.id = mp.enrolment_id
         GROUP BY mp.enrolment_id
      ),
      attended AS (
        SELECT DISTINCT b.enrolment_id
          FROM lab_booking b JOIN cohort ON cohort.id = b.enrolment_id
         WHERE b.attendance IN ('present', 'late')
      ),
      certified AS (
        SELECT c.enrolment_id FROM certificate c JOIN cohort ON cohort.id = c.enrolment_id
      ),
      stages AS (
        SELECT coalesce(passes.passed, 0) >= v.quizzes AS modules_passed,
               (NOT v.lab_required OR attended.enrolment_id IS NOT NULL) AS lab_done,
               certified.enrolment_id IS NOT NULL AS certified
          FROM cohort
          JOIN versions v ON v.id = cohort.course_version_id
          LEFT JOIN passes ON passes.enrolment_id = cohort.id
          LEFT JOIN attended ON attended.enrolment_id = cohort.id
          LEFT JOIN certified ON certified.enrolment_id = cohort.id
      )
      SELECT count(*) AS enrolled,
             count(*) FILTER (WHERE modules_passed) AS modules_passed,
             count(*) FILTER (WHERE modules_passed AND lab_done) AS lab_attended,
             count(*) FILTER (WHERE modules_passed AND lab_done AND certified) AS certified
        FROM stages`,
      [scope.from, scope.until, scope.courseId],
    );
    const row = rows[0] ?? {};
    return {
      enrolled: int(row.enrolled),
      modulesPassed: int(row.modules_passed),
      labAttended: int(row.lab_attended),
      certified: int(row.certified),
    };
  }

  /** Certificates issued per month of the period (UTC), whatever their status now. */
  async certificatesPerMonth(scope: DashboardScope): Promise<MonthCount[]> {
    const { rows } = await this.db.execute<{ month: string; count: string }>(
      `
      WITH ${MONTHS},
      issued AS (
        SELECT date_trunc('month', c.issued_at AT TIME ZONE 'UTC') AS m, count(*) AS n
          FROM certificate c
         WHERE c.issued_at >= $1 AND c.issued_at < $2 AND ($3::uuid IS NULL OR c.course_id = $3)
         GROUP BY 1
      )
      SELECT to_char(months.m, 'YYYY-MM') AS month, coalesce(issued.n, 0) AS count
        FROM months LEFT JOIN issued USING (m)
       ORDER BY months.m`,
      [scope.from, scope.until, scope.courseId],
    );
    return rows.map((row) => ({ month: row.month, count: int(row.count) }));
  }

  /**
   * Verifications per month of the period (UTC) by result. With a course, only checks of that
   * course's certificates (unknown numbers belong to no course).
   */
  async verificationsPerMonth(scope: DashboardScope): Promise<VerificationMonth[]> {
    const { rows } = await this.db.execute<Record<string, string>>(
      `
      WITH ${MONTHS},
      checks AS (
        SELECT date_trunc('month', v.at AT TIME ZONE 'UTC') AS m,
               count(*) AS n,
               count(*) FILTER (WHERE v.result = 'valid') AS valid,
               count(*) FILTER (WHERE v.result IN ('revoked', 'suspended', 'expired')) AS not_valid,
               count(*) FILTER (WHERE v.result = 'unknown') AS unknown
          FROM verification_event v
         WHERE v.at >= $1 AND v.at < $2
           AND ($3::uuid IS NULL OR EXISTS (
                 SELECT 1 FROM certificate c WHERE c.number = v.number AND c.course_id = $3))
         GROUP BY 1
      )
      SELECT to_char(months.m, 'YYYY-MM') AS month, coalesce(checks.n, 0) AS count,
             coalesce(checks.valid, 0) AS valid, coalesce(checks.not_valid, 0) AS not_valid,
             coalesce(checks.unknown, 0) AS unknown
        FROM months LEFT JOIN checks USING (m)
       ORDER BY months.m`,
      [scope.from, scope.until, scope.courseId],
    );
    return rows.map((row) => ({
      month: row.month!,
      count: int(row.count),
      valid: int(row.valid),
      notValid: int(row.not_valid),
      unknown: int(row.unknown),
    }));
  }

  /** Who verified in the period: each organisation's checks, and anonymous ones (null), most first. */
  async verificationsByOrganisation(
    scope: DashboardScope,
    limit: number,
  ): Promise<OrganisationVerifications[]> {
    const { rows } = await this.db.execute<{
      organisation_id: string | null;
      name: string | null;
      count: string;
    }>(
      `
      SELECT v.organisation_id, o.name, count(*) AS count
        FROM verification_event v
        LEFT JOIN verifier_organisation o ON o.id = v.organisation_id
       WHERE v.at >= $1 AND v.at < $2
         AND ($3::uuid IS NULL OR EXISTS (
               SELECT 1 FROM certificate c WHERE c.number = v.number AND c.course_id = $3))
       GROUP BY v.organisation_id, o.name
       ORDER BY count(*) DESC, o.name NULLS LAST
       LIMIT $4`,
      [scope.from, scope.until, scope.courseId, limit],
    );
    return rows.map((row) => ({
      organisationId: row.organisation_id,
      name: row.name,
      count: int(row.count),
    }));
  }

  /**
   * Per module quiz (the pre-test left out): learners with a graded attempt finished in the
   * period and how many of them passed it, titles from the course's latest published version.
   */
  async passRates(scope: DashboardScope, pretestModuleId: string): Promise<ModulePassRate[]> {
    const { rows } = await this.db.execute<Record<string, string | null>>(
      `
      WITH tried AS (
        SELECT e.course_id, a.module_id, a.enrolment_id, bool_or(a.passed) AS passed, count(*) AS attempts
          FROM quiz_attempt a
          JOIN enrolment e ON e.id = a.enrolment_id
         WHERE a.status <> 'open' AND a.module_id <> $4
           AND a.finished_at >= $1 AND a.finished_at < $2
           AND ($3::uuid IS NULL OR e.course_id = $3)
         GROUP BY e.course_id, a.module_id, a.enrolment_id
      ),
      per_module AS (
        SELECT course_id, module_id, count(*) AS learners, count(*) FILTER (WHERE passed) AS passed,
               sum(attempts) AS attempts
          FROM tried
         GROUP BY course_id, module_id
      )
      SELECT p.course_id, p.module_id, p.learners, p.passed, p.attempts,
             latest.title AS course_title, titled.title AS module_title
        FROM per_module p
        LEFT JOIN LATERAL (
          SELECT cv.title, cv.content FROM course_version cv
           WHERE cv.course_id = p.course_id AND cv.status <> 'draft'
           ORDER BY cv.number DESC LIMIT 1) latest ON true
        LEFT JOIN LATERAL (
          SELECT m.module ->> 'title' AS title, m.position
            FROM jsonb_array_elements(latest.content -> 'modules') WITH ORDINALITY AS m(module, position)
           WHERE m.module ->> 'id' = p.module_id::text) titled ON true
       ORDER BY latest.title, p.course_id, titled.position NULLS LAST, p.module_id`,
      [scope.from, scope.until, scope.courseId, pretestModuleId],
    );
    return rows.map((row) => ({
      courseId: row.course_id!,
      courseTitle: row.course_title ?? 'Untitled course',
      moduleId: row.module_id!,
      moduleTitle: row.module_title ?? 'Module no longer in the course',
      learners: int(row.learners),
      passed: int(row.passed),
      attempts: int(row.attempts),
    }));
  }

  /** Courses with a published (or archived) version, for the filter, by title. */
  async courses(): Promise<CourseChoice[]> {
    const { rows } = await this.db.execute<CourseChoice>(
      `
      SELECT DISTINCT ON (cv.course_id) cv.course_id AS id, cv.title
        FROM course_version cv
       WHERE cv.status <> 'draft'
       ORDER BY cv.course_id, cv.number DESC`,
    );
    return rows.sort((a, b) => a.title.localeCompare(b.title));
  }
}
