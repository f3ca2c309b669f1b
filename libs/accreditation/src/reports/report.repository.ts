// Read-only reporting SQL over several features' tables: the catalog's course versions, learning's
// enrolments, lesson views, module passes, evaluations and claims, assessment's quiz attempts,
// skills-lab bookings, certificates, and identity's learner degree for the ACCME activity file
// (with the ACCME Activity IDs this lib records); the learner file's NPI, licence and date of
// birth come from identity's ReportingProfileService. This is the one exception to "features talk through public services, never
// each other's tables": a report is an aggregate over thousands of rows, only fast as one SQL
// statement, and nothing here writes. Keep it to SELECTs, one statement per report.
import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import { reportedLearnerOf, reportedLearnerSql } from '@academy/identity';
import type { ReportedLearner, ReportedLearnerColumns } from '@academy/identity';
import {
  ReportScope,
  ActivityCounts,
  VersionKey,
  ActivityRow,
  EvaluationAggregate,
  LearningGainCounts,
  LearningGainRow,
  AccmeActivityRecord,
  AccmeCompletion,
  ReportCourseChoice,
  LIKERT_QUESTIONS,
  TEXT_QUESTIONS,
  PHYSICIAN_DEGREES,
} from './report.types';

// The versions a report covers: $1 course (or null), $2 version number (or null). Drafts never.
const SCOPE = `
  scope AS (
    SELECT v.id AS version_id, v.course_id, c.slug, v.title, v.number, v.content
    FROM course_version v JOIN course c ON c.id = v.course_id
    WHERE v.status <> 'draft'
      AND ($1::uuid IS NULL OR v.course_id = $1::uuid)
      AND ($2::int IS NULL OR v.number = $2::int)
  )`;

// $3 and $4: the half-open period; -infinity and infinity when open-ended.
const IN_PERIOD = (column: string): string => `${column} >= $3::timestamptz AND ${column} < $4::timestamptz`;

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

function parameters(scope: ReportScope): unknown[] {
  return [
    scope.courseId,
    scope.version,
    scope.from ? scope.from.toISOString() : '-infinity',
    scope.until ? scope.until.toISOString() : 'infinity',
  ];
}

type Raw = Record<string, unknown>;

function versionKey(row: Raw): VersionKey {
  return {
    courseId: String(row.course_id),
    courseSlug: String(row.slug),
    courseTitle: String(row.title),
    version: num(row.number),
  };
}

/** A statement's answer per course version (`is_total` 0) and in total (its one row with `is_total` 1). */
function perVersionAndTotal<Counts>(
  rows: Raw[],
  counts: (row: Raw) => Counts,
): { rows: (VersionKey & Counts)[]; total: Counts } {
  const total = rows.find((row) => num(row.is_total) === 1)!;
  return {
    rows: rows
      .filter((row) => num(row.is_total) === 0)
      .map((row) => ({ ...versionKey(row), ...counts(row) })),
    total: counts(total),
  };
}

@Injectable()
export class ReportRepository {
  constructor(private readonly db: Database) {}

  /**
   * Per course version, and in total: enrolments, first lessons, module passes, lab attendance,
   * certificates (not revoked) with their credits by type and the median days from enrolment to
   * certificate, each counted when it happened within the period.
   */
  async activity(scope: ReportScope): Promise<{ rows: ActivityRow[]; total: ActivityCounts }> {
    const { rows } = await this.db.execute<Raw>(
      `WITH ${SCOPE},
      enrolled AS (
        SELECT e.course_version_id AS version_id, count(*) AS n
          FROM enrolment e JOIN scope s ON s.version_id = e.course_version_id
         WHERE ${IN_PERIOD('e.enrolled_at')}
         GROUP BY GROUPING SETS ((e.course_version_id), ())
      ),
      started AS (
        -- started_at: the first lesson view, kept by the database (migration EnrolmentStartedAt).
        SELECT e.course_version_id AS version_id, count(*) AS n
          FROM enrolment e JOIN scope s ON s.version_id = e.course_version_id
         WHERE ${IN_PERIOD('e.started_at')}
         GROUP BY GROUPING SETS ((e.course_version_id), ())
      ),
      passed AS (
        SELECT e.course_version_id AS version_id, count(*) AS n
          FROM module_pass mp
          JOIN enrolment e ON e.id = mp.enrolment_id
          JOIN scope s ON s.version_id = e.course_version_id
         WHERE ${IN_PERIOD('mp.passed_at')}
         GROUP BY GROUPING SETS ((e.course_version_id), ())
      ),
      attended AS (
        SELECT e.course_version_id AS version_id, count(DISTINCT b.enrolment_id) AS n
          FROM lab_booking b
          JOIN enrolment e ON e.id = b.enrolment_id
          JOIN scope s ON s.version_id = e.course_version_id
         WHERE b.attendance IN ('present', 'late') AND ${IN_PERIOD('b.attendance_at')}
         GROUP BY GROUPING SETS ((e.course_version_id), ())
      ),
      certified AS (
        SELECT c.course_version_id AS version_id, count(*) AS n,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.issued_at - e.enrolled_at) / 86400)
                 AS median_days
          FROM certificate c
          JOIN enrolment e ON e.id = c.enrolment_id
          JOIN scope s ON s.version_id = c.course_version_id
         WHERE c.status <> 'revoked' AND ${IN_PERIOD('c.issued_at')}
         GROUP BY GROUPING SETS ((c.course_version_id), ())
      ),
      credit_sums AS (
        SELECT c.course_version_id AS version_id, credit ->> 'type' AS type,
               sum((credit ->> 'amount')::numeric) AS amount
          FROM certificate c
          JOIN scope s ON s.version_id = c.course_version_id
          CROSS JOIN jsonb_array_elements(c.credits) credit
         WHERE c.status <> 'revoked' AND ${IN_PERIOD('c.issued_at')}
         GROUP BY GROUPING SETS ((c.course_version_id, credit ->> 'type'), (credit ->> 'type'))
      ),
      credit_lists AS (
        SELECT version_id, jsonb_agg(jsonb_build_object('type', type, 'amount', amount) ORDER BY type) AS credits
          FROM credit_sums GROUP BY version_id
      ),
      -- One row per version, and the total (no version) last.
      report_rows AS (
        SELECT version_id, course_id, slug, title, number FROM scope
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL
      )
      SELECT r.course_id, r.slug, r.title, r.number, (r.version_id IS NULL)::int AS is_total,
             coalesce(enrolled.n, 0) AS enrolled,
             coalesce(started.n, 0) AS started,
             coalesce(passed.n, 0) AS modules_passed,
             coalesce(attended.n, 0) AS lab_attended,
             coalesce(certified.n, 0) AS certified,
             certified.median_days,
             coalesce(credit_lists.credits, '[]'::jsonb) AS credits
        FROM report_rows r
        LEFT JOIN enrolled ON enrolled.version_id IS NOT DISTINCT FROM r.version_id
        LEFT JOIN started ON started.version_id IS NOT DISTINCT FROM r.version_id
        LEFT JOIN passed ON passed.version_id IS NOT DISTINCT FROM r.version_id
        LEFT JOIN attended ON attended.version_id IS NOT DISTINCT FROM r.version_id
        LEFT JOIN certified ON certified.version_id IS NOT DISTINCT FROM r.version_id
        LEFT JOIN credit_lists ON credit_lists.version_id IS NOT DISTINCT FROM r.version_id
       ORDER BY is_total, r.title, r.course_id, r.number`,
      parameters(scope),
    );
    const counts = (row: Raw): ActivityCounts => ({
      enrolled: num(row.enrolled),
      started: num(row.started),
      modulesPassed: num(row.modules_passed),
      labAttended: num(row.lab_attended),
      certified: num(row.certified),
      credits: (row.credits as { type: string; amount: number | string }[]).map((credit) => ({
        type: credit.type,
        amount: Number(credit.amount),
      })),
      medianDaysToComplete: numOrNull(row.median_days),
    });
    return perVersionAndTotal(rows, counts);
  }

  /**
   * The course evaluations submitted in the period: how many chose each point (1 to 5) of each
   * Likert question, and the free-text answers, newest first (at most `textLimit` per question,
   * null for all), with how many there are.
   */
  async evaluations(scope: ReportScope, textLimit: number | null): Promise<EvaluationAggregate> {
    const { rows } = await this.db.execute<Raw>(
      `WITH ${SCOPE},
      answered AS (
        SELECT ce.answers, ce.submitted_at, s.title, s.number
          FROM course_evaluation ce
          JOIN enrolment e ON e.id = ce.enrolment_id
          JOIN scope s ON s.version_id = e.course_version_id
         WHERE ${IN_PERIOD('ce.submitted_at')}
      ),
      likert AS (
        SELECT q.key, q.position,
               count(a.answers -> q.key) AS responses,
               avg((a.answers ->> q.key)::numeric) AS mean,
               jsonb_build_array(
                 count(*) FILTER (WHERE (a.answers ->> q.key)::int = 1),
                 count(*) FILTER (WHERE (a.answers ->> q.key)::int = 2),
                 count(*) FILTER (WHERE (a.answers ->> q.key)::int = 3),
                 count(*) FILTER (WHERE (a.answers ->> q.key)::int = 4),
                 count(*) FILTER (WHERE (a.answers ->> q.key)::int = 5)) AS counts
          FROM unnest($5::text[]) WITH ORDINALITY AS q(key, position)
          LEFT JOIN answered a ON true
         GROUP BY q.key, q.position
      ),
      -- Each text question's newest answers, at most $7 (all when null): a sort bounded by the
      -- limit per question (the newest kept as the answers pass), not a sort of every answer.
      texts AS (
        SELECT q.key, t.text, t.submitted_at, t.title, t.number,
               row_number() OVER (PARTITION BY q.key ORDER BY t.submitted_at DESC, t.text) AS rank
          FROM unnest($6::text[]) AS q(key)
          CROSS JOIN LATERAL (
            SELECT btrim(a.answers ->> q.key) AS text, a.submitted_at, a.title, a.number
              FROM answered a
             WHERE btrim(coalesce(a.answers ->> q.key, '')) <> ''
             ORDER BY a.submitted_at DESC, text
             LIMIT $7::int
          ) t
      ),
      text_totals AS (
        SELECT q.key, count(*) AS total
          FROM unnest($6::text[]) AS q(key)
          JOIN answered a ON btrim(coalesce(a.answers ->> q.key, '')) <> ''
         GROUP BY q.key
      )
      SELECT (SELECT count(*) FROM answered) AS evaluations,
             (SELECT jsonb_agg(jsonb_build_object('question', key, 'responses', responses, 'mean', mean,
                       'counts', counts) ORDER BY position) FROM likert) AS likert,
             (SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb) FROM text_totals) AS text_totals,
             (SELECT coalesce(jsonb_agg(jsonb_build_object('question', key, 'text', text,
                       'submittedAt', submitted_at, 'courseTitle', title, 'version', number)
                       ORDER BY key, rank), '[]'::jsonb)
                FROM texts) AS texts`,
      [...parameters(scope), LIKERT_QUESTIONS, TEXT_QUESTIONS, textLimit],
    );
    const row = rows[0]!;
    const totals = row.text_totals as Record<string, number>;
    const answers = row.texts as {
      question: string;
      text: string;
      submittedAt: string;
      courseTitle: string;
      version: number;
    }[];
    return {
      evaluations: num(row.evaluations),
      likert: (
        row.likert as { question: string; responses: number; mean: number | null; counts: number[] }[]
      ).map((question) => ({
        question: question.question,
        responses: num(question.responses),
        mean: numOrNull(question.mean),
        counts: question.counts.map(num),
      })),
      texts: TEXT_QUESTIONS.map((question) => ({
        question,
        total: num(totals[question]),
        answers: answers
          .filter((answer) => answer.question === question)
          .map((answer) => ({
            text: answer.text,
            submittedAt: new Date(answer.submittedAt),
            courseTitle: answer.courseTitle,
            version: answer.version,
          })),
      })),
    };
  }

  /**
   * Per course version with a pre-test, and in total: learners who took the pre-test and
   * finished every module quiz, their last finish in the period; the pre-test score against the
   * final score (the mean over the module quizzes of each one's last finished attempt).
   */
  async learningGain(
    scope: ReportScope,
    pretestModuleId: string,
  ): Promise<{ rows: LearningGainRow[]; total: LearningGainCounts }> {
    const { rows } = await this.db.execute<Raw>(
      `WITH ${SCOPE},
      tested AS (
        SELECT * FROM scope WHERE content ? 'pretest'
      ),
      module_counts AS (
        SELECT t.version_id, count(*) AS modules
          FROM tested t CROSS JOIN jsonb_array_elements(t.content -> 'modules') m
         WHERE m ? 'quiz'
         GROUP BY t.version_id
      ),
      -- Each learner's last finished attempt at each quiz, the pre-test's included, in one pass
      -- over the attempts: the highest attempt number wins, and its score (0 to 100) rides along
      -- in the low digits, so no sort of every attempt is needed. The pass reads the narrow index
      -- quiz_attempt_finished_idx in its order, never the wide attempt rows (served questions and
      -- answers), so it streams, and stays in memory at any size.
      last_attempts AS (
        SELECT enrolment_id, module_id, max(number * 1000 + score) % 1000 AS score,
               max(finished_at) AS finished_at
          FROM quiz_attempt
         WHERE status <> 'open'
         GROUP BY enrolment_id, module_id
      ),
      -- Attempts are only ever made at the quizzes of the learner's version, so a learner with a
      -- last attempt at as many module quizzes as the version has did them all.
      -- Materialised, as what follows: computed once, joined by hashing (the planner, misled by
      -- estimates, otherwise ran this pass once per version and looked each learner up by index).
      per_learner AS MATERIALIZED (
        SELECT enrolment_id,
               max(score) FILTER (WHERE module_id = $5::uuid) AS pre,
               avg(score) FILTER (WHERE module_id <> $5::uuid) AS final,
               max(finished_at) FILTER (WHERE module_id <> $5::uuid) AS completed_at,
               count(*) FILTER (WHERE module_id <> $5::uuid) AS modules
          FROM last_attempts
         GROUP BY enrolment_id
      ),
      -- The learners of the versions reported on, with how many module quizzes theirs has.
      tested_enrolments AS MATERIALIZED (
        SELECT e.id AS enrolment_id, e.course_version_id AS version_id, mc.modules
          FROM enrolment e JOIN module_counts mc ON mc.version_id = e.course_version_id
      ),
      learners AS MATERIALIZED (
        SELECT te.version_id, pl.pre, pl.final, pl.completed_at
          FROM per_learner pl
          JOIN tested_enrolments te ON te.enrolment_id = pl.enrolment_id AND te.modules = pl.modules
         WHERE pl.pre IS NOT NULL
      )
      SELECT t.course_id, t.slug, t.title, t.number, GROUPING(t.version_id) AS is_total,
             count(l.version_id) AS learners,
             avg(l.pre) AS mean_pretest,
             avg(l.final) AS mean_final,
             avg(l.final - l.pre) AS mean_gain,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY l.final - l.pre) AS median_gain,
             count(*) FILTER (WHERE l.final > l.pre) AS improved,
             avg((l.final - l.pre) / (100 - l.pre)) FILTER (WHERE l.pre < 100) AS mean_normalised_gain
        FROM tested t
        LEFT JOIN learners l ON l.version_id = t.version_id AND ${IN_PERIOD('l.completed_at')}
       GROUP BY GROUPING SETS ((t.version_id, t.course_id, t.slug, t.title, t.number), ())
       ORDER BY is_total, t.title, t.course_id, t.number`,
      [...parameters(scope), pretestModuleId],
    );
    const counts = (row: Raw): LearningGainCounts => ({
      learners: num(row.learners),
      meanPretest: numOrNull(row.mean_pretest),
      meanFinal: numOrNull(row.mean_final),
      meanGain: numOrNull(row.mean_gain),
      medianGain: numOrNull(row.median_gain),
      improved: num(row.improved),
      meanNormalisedGain: numOrNull(row.mean_normalised_gain),
    });
    return perVersionAndTotal(rows, counts);
  }

  /**
   * Course versions offered during the period (published before its end and not archived
   * before its start) or completed in it, with the period's completions by physicians and by
   * other learners.
   */
  async accmeActivities(scope: ReportScope): Promise<AccmeActivityRecord[]> {
    const { rows } = await this.db.execute<Raw>(
      `WITH ${SCOPE},
      completions AS (
        SELECT c.course_version_id AS version_id,
               count(*) FILTER (WHERE u.degree = ANY($5::text[])) AS physicians,
               count(*) FILTER (WHERE u.degree IS NULL OR NOT (u.degree = ANY($5::text[]))) AS others
          FROM certificate c
          JOIN scope s ON s.version_id = c.course_version_id
          LEFT JOIN app_user u ON u.id = c.user_id
         WHERE c.status <> 'revoked' AND ${IN_PERIOD('c.issued_at')}
         GROUP BY c.course_version_id
      )
      SELECT s.version_id, s.course_id, s.slug, s.title, s.number, v.published_at, aa.accme_activity_id,
             doc.summary, doc."releaseDate" AS release_date, doc."expiryDate" AS expiry_date, doc.credits,
             (SELECT coalesce(sum((m ->> 'estimatedMinutes')::int), 0) FROM jsonb_array_elements(doc.modules) m)
               AS estimated_minutes,
             coalesce(co.physicians, 0) AS physicians,
             coalesce(co.others, 0) AS others
        FROM scope s
        JOIN course_version v ON v.id = s.version_id
        -- One read of the (large) content document per version, not one per field.
        CROSS JOIN LATERAL jsonb_to_record(s.content)
          AS doc(summary text, "releaseDate" text, "expiryDate" text, credits jsonb, modules jsonb)
        LEFT JOIN completions co ON co.version_id = s.version_id
        LEFT JOIN accme_activity aa ON aa.course_version_id = s.version_id
       WHERE (v.published_at < $4::timestamptz AND (v.archived_at IS NULL OR v.archived_at >= $3::timestamptz))
          OR co.version_id IS NOT NULL
       ORDER BY s.title, s.course_id, s.number`,
      [...parameters(scope), PHYSICIAN_DEGREES],
    );
    return rows.map((row) => ({
      ...versionKey(row),
      courseVersionId: String(row.version_id),
      accmeActivityId: (row.accme_activity_id as string | null) ?? null,
      summary: (row.summary as string | null) ?? '',
      releaseDate: (row.release_date as string | null) ?? null,
      expiryDate: (row.expiry_date as string | null) ?? null,
      publishedAt: row.published_at as Date,
      credits: row.credits as { type: string; max: number }[],
      estimatedMinutes: num(row.estimated_minutes),
      physicianLearners: num(row.physicians),
      otherLearners: num(row.others),
    }));
  }

  /**
   * One record per completion in the period (issued, not revoked), oldest first, with the
   * amount of `creditType` the certificate carries, the day of issue as MM/DD/YYYY and the
   * learner as completion reports name them.
   */
  async accmeLearners(
    scope: ReportScope,
    creditType: string,
  ): Promise<(AccmeCompletion & { learner: ReportedLearner })[]> {
    // The learner as completion reports name them (identity's rule), in this same statement.
    const learner = reportedLearnerSql('c.user_id');
    const { rows } = await this.db.execute<Raw & ReportedLearnerColumns>(
      `WITH ${SCOPE}
      SELECT c.course_version_id, aa.accme_activity_id, c.number AS certificate_number, c.holder_name,
             c.user_id,
             (SELECT sum((credit ->> 'amount')::numeric) FROM jsonb_array_elements(c.credits) credit
               WHERE credit ->> 'type' = $5) AS credit,
             to_char(c.issued_at AT TIME ZONE 'UTC', 'MM/DD/YYYY') AS completed_on,
             ${learner.columns}
        FROM certificate c
        JOIN scope s ON s.version_id = c.course_version_id
        LEFT JOIN accme_activity aa ON aa.course_version_id = c.course_version_id
        ${learner.joins}
       WHERE c.status <> 'revoked' AND ${IN_PERIOD('c.issued_at')}
       ORDER BY c.issued_at, c.number`,
      [...parameters(scope), creditType],
    );
    return rows.map((row) => ({
      courseVersionId: String(row.course_version_id),
      accmeActivityId: (row.accme_activity_id as string | null) ?? null,
      certificateNumber: row.certificate_number as string,
      userId: String(row.user_id),
      holderName: row.holder_name as string,
      credit: numOrNull(row.credit),
      completedOn: row.completed_on as string,
      learner: reportedLearnerOf(row),
    }));
  }

  /** A version the ACCME export covers (published or archived, not a draft), or null. */
  async findExportedVersion(
    courseVersionId: string,
  ): Promise<(VersionKey & { courseVersionId: string }) | null> {
    const { rows } = await this.db.execute<Raw>(
      `SELECT v.id, v.course_id, c.slug, v.title, v.number
         FROM course_version v JOIN course c ON c.id = v.course_id
        WHERE v.id = $1 AND v.status <> 'draft'`,
      [courseVersionId],
    );
    return rows[0] ? { ...versionKey(rows[0]), courseVersionId: String(rows[0].id) } : null;
  }

  /** Courses with a published (or archived) version, for the reports' filter. */
  async courseChoices(): Promise<ReportCourseChoice[]> {
    const { rows } = await this.db.execute<Raw>(
      `SELECT v.course_id AS id,
              (array_agg(v.title ORDER BY v.number DESC))[1] AS title,
              array_agg(v.number ORDER BY v.number) AS versions
         FROM course_version v
        WHERE v.status <> 'draft'
        GROUP BY v.course_id
        ORDER BY 2, 1`,
    );
    return rows.map((row) => ({
      id: String(row.id),
      title: String(row.title),
      versions: (row.versions as number[]).map(num),
    }));
  }
}
