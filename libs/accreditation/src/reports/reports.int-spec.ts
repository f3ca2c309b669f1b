import { parse as parseCsv } from 'csv-parse/sync';
import { AssessmentCoreModule, PRETEST_ID } from '@academy/assessment';
import { CatalogCoreModule, CoursesService } from '@academy/catalog';
import { Database, parseForm, RequestContext } from '@academy/core';
import { AcademyData, generateAcademyData } from '../../../../test/factories/academy-data';
import { newPublishedCourse, newReadyDraft } from '../../../../test/factories/courses';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AccreditationError, AccreditationErrorCode } from '../accreditation-error';
import { AccreditationCoreModule } from '../accreditation.module';
import { AccmeActivitiesService } from './accme-activities.service';
import { RecordAccmeActivityDto, ReportQueryDto } from './dto/report.dto';
import { ReportQuery, ReportsService } from './reports.service';

// Written out again here, not imported: the export must keep these columns and their order. The
// learner file's are those of ACCME's 2024 learner template; the activity file's follow the field
// list of ACCME's PARS FAQ.
const ACTIVITY_TEMPLATE = [
  'Provider Activity ID',
  'ACCME Activity ID',
  'Activity Title',
  'Format',
  'Start Date',
  'End Date',
  'Activity Description',
  'City',
  'State',
  'Country',
  'Providership',
  'Hours of Instruction',
  'AMA PRA Category 1 Credits Designated',
  'Other Credits Designated',
  'Total Physician Learners',
  'Total Other Learners',
  'Commercial Support',
];
const LEARNER_TEMPLATE = [
  'Record Action',
  'ACCME Activity ID',
  'Completion Date',
  'First Name',
  'Last Name',
  'Date of Birth',
  'Licensing State',
  'Licensing ID or NPI',
  'Number of CME Credits',
  'Certifying Board',
  'Certifying Board ID',
  'Total Board Credits',
  'Credit Type',
  'Credits Awarded for Credit Type',
];
const BOARD_COLUMNS = LEARNER_TEMPLATE.slice(LEARNER_TEMPLATE.indexOf('Certifying Board'));

// The state codes the data generator gives licensed physicians, and the names PARS wants.
const GENERATED_STATES: Record<string, string> = {
  CA: 'California',
  TX: 'Texas',
  NY: 'New York',
  FL: 'Florida',
  IL: 'Illinois',
  PA: 'Pennsylvania',
  OH: 'Ohio',
  GA: 'Georgia',
  NC: 'North Carolina',
  MI: 'Michigan',
  WA: 'Washington',
  AZ: 'Arizona',
  MA: 'Massachusetts',
  CO: 'Colorado',
  MN: 'Minnesota',
};

const DAY = 86_400_000;
const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

function median(values: number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const mean = (values: number[]): number | null =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

describe('reports on a generated academy of 500 learners', () => {
  let context: TestContext;
  let data: AcademyData;
  let reports: ReportsService;
  let db: Database;
  let flagshipId: string;
  // A period inside the history: the last 150 days but the final week.
  let period: { from: string; to: string; start: Date; until: Date };

  const sql = async <Row>(text: string, parameters: unknown[] = []): Promise<Row[]> =>
    (await db.execute<Row>(text, parameters)).rows;

  beforeAll(async () => {
    context = await createTestContext([AccreditationCoreModule, CatalogCoreModule, AssessmentCoreModule]);
    data = await generateAcademyData(context.module, { learners: 500, seed: 42 });
    reports = context.get(ReportsService);
    db = context.get(Database);
    flagshipId = data.courses[0]!.courseId;
    const from = dayOf(new Date(data.now.getTime() - 150 * DAY));
    const to = dayOf(new Date(data.now.getTime() - 7 * DAY));
    period = {
      from,
      to,
      start: new Date(`${from}T00:00:00Z`),
      until: new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY),
    };
  }, 120_000);

  afterAll(() => context.close());

  it('generates a varied academy: every stage reached by some, not by all', async () => {
    // The demo quizzes allow two attempts, so a failed second attempt exhausts them.
    const [counts] = await sql<Record<string, string>>(
      `SELECT (SELECT count(*) FROM app_user WHERE 'learner' = ANY(roles)) AS learners,
              (SELECT count(*) FROM enrolment) AS enrolments,
              (SELECT count(*) FROM enrolment WHERE disclosures_acknowledged_at IS NULL) AS never_started,
              (SELECT count(*) FROM quiz_attempt WHERE status = 'open') AS open_attempts,
              (SELECT count(*) FROM quiz_attempt WHERE number = 2 AND NOT passed) AS exhausted,
              (SELECT count(*) FROM lab_booking WHERE attendance = 'absent') AS absent,
              (SELECT count(*) FROM lab_booking WHERE attendance IS NULL) AS lab_to_come,
              (SELECT count(*) FROM certificate) AS certificates,
              (SELECT count(*) FROM certificate WHERE status = 'revoked') AS revoked`,
    );
    expect(Number(counts!.learners)).toBe(500);
    expect(Number(counts!.enrolments)).toBeGreaterThan(600);
    for (const stage of ['never_started', 'exhausted', 'absent', 'certificates', 'revoked']) {
      expect(Number(counts![stage])).toBeGreaterThan(0);
    }
    expect(Number(counts!.certificates)).toBeLessThan(Number(counts!.enrolments));
    // Learners on both versions of the revised flagship course.
    const versions = await sql<{ number: number; learners: string }>(
      `SELECT v.number, count(*) AS learners FROM enrolment e JOIN course_version v ON v.id = e.course_version_id
        WHERE e.course_id = $1 GROUP BY v.number ORDER BY v.number`,
      [flagshipId],
    );
    expect(versions.map((version) => version.number)).toEqual([1, 2]);
  });

  it('keeps the services’ invariants: credit within time on task, certificates only when complete', async () => {
    // Every claim within what the recorded study time allows (a pause over 30 minutes counts nothing).
    const [overClaimed] = await sql<{ count: string }>(
      `WITH steps AS (
         SELECT enrolment_id, credit_ms, at - lag(at) OVER (PARTITION BY enrolment_id ORDER BY at) AS step FROM study_activity),
       gaps AS (
         SELECT enrolment_id,
                CASE WHEN credit_ms IS NOT NULL THEN least(step, credit_ms * interval '1 millisecond')
                     WHEN step <= interval '30 minutes' THEN step ELSE interval '0' END AS gap
           FROM steps WHERE step IS NOT NULL)
       SELECT count(*) FROM credit_claim cc
        WHERE cc.amount > (SELECT coalesce(extract(epoch FROM sum(gap)), 0) / 3600 FROM gaps WHERE gaps.enrolment_id = cc.enrolment_id)`,
    );
    expect(Number(overClaimed!.count)).toBe(0);
    const [incomplete] = await sql<{ count: string }>(
      `SELECT count(*) FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id
        JOIN course_version v ON v.id = e.course_version_id
        WHERE e.disclosures_acknowledged_at IS NULL
           OR NOT EXISTS (SELECT 1 FROM course_evaluation ce WHERE ce.enrolment_id = e.id)
           OR NOT EXISTS (SELECT 1 FROM credit_claim cc WHERE cc.enrolment_id = e.id)
           OR ((v.content ->> 'skillsLabRequired')::boolean AND e.lab_completed_at IS NULL)
           OR (SELECT count(*) FROM module_pass mp WHERE mp.enrolment_id = e.id)
              <> jsonb_array_length(v.content -> 'modules')
           OR c.issued_at > $1`,
      [data.now],
    );
    expect(Number(incomplete!.count)).toBe(0);
    // Each module pass is the passing attempt's, and no quiz has more than three attempts.
    const [mismatched] = await sql<{ count: string }>(
      `SELECT count(*) FROM module_pass mp
        WHERE NOT EXISTS (SELECT 1 FROM quiz_attempt a WHERE a.enrolment_id = mp.enrolment_id
                            AND a.module_id = mp.module_id AND a.passed AND a.finished_at = mp.passed_at)`,
    );
    expect(Number(mismatched!.count)).toBe(0);
    const [tooMany] = await sql<{ max: number }>(`SELECT max(number) AS max FROM quiz_attempt`);
    expect(tooMany!.max).toBeLessThanOrEqual(3);
    const [overbooked] = await sql<{ count: string }>(
      `SELECT count(*) FROM lab_session l
        WHERE l.seats_taken <> (SELECT count(*) FROM lab_booking b WHERE b.lab_id = l.id AND b.status = 'confirmed')`,
    );
    expect(Number(overbooked!.count)).toBe(0);
  });

  describe('activity summary', () => {
    async function expected(query: ReportQuery, start: Date | null, until: Date | null) {
      const inPeriod = (at: Date | null): boolean =>
        at !== null && (!start || at >= start) && (!until || at < until);
      // Rows fetched plainly and counted here, not in SQL aggregates like the report's.
      const enrolments = await sql<{ id: string; version_id: string; enrolled_at: Date }>(
        `SELECT id, course_version_id AS version_id, enrolled_at FROM enrolment`,
      );
      const versionOf = new Map(enrolments.map((enrolment) => [enrolment.id, enrolment.version_id]));
      const enrolledAt = new Map(enrolments.map((enrolment) => [enrolment.id, enrolment.enrolled_at]));
      const firstLessons = await sql<{ enrolment_id: string; first: Date }>(
        `SELECT DISTINCT ON (enrolment_id) enrolment_id, first_seen_at AS first FROM lesson_view
          ORDER BY enrolment_id, first_seen_at`,
      );
      const passes = await sql<{ enrolment_id: string; passed_at: Date }>(
        `SELECT enrolment_id, passed_at FROM module_pass`,
      );
      const attended = await sql<{ enrolment_id: string; attendance_at: Date }>(
        `SELECT enrolment_id, attendance_at FROM lab_booking WHERE attendance IN ('present', 'late')`,
      );
      const certificates = await sql<{ enrolment_id: string; issued_at: Date }>(
        `SELECT enrolment_id, issued_at FROM certificate WHERE status IN ('valid', 'suspended')`,
      );
      const claims = await sql<{ enrolment_id: string; credit_type: string; amount: string }>(
        `SELECT enrolment_id, credit_type, amount FROM credit_claim`,
      );
      const versions = await sql<{ id: string; course_id: string; number: number }>(
        `SELECT id, course_id, number FROM course_version
          WHERE ($1::uuid IS NULL OR course_id = $1) AND ($2::int IS NULL OR number = $2)`,
        [query.courseId ?? null, query.version ?? null],
      );
      const inScope = new Set(versions.map((version) => version.id));
      const certifiedIds = new Set(
        certificates
          .filter((certificate) => inPeriod(certificate.issued_at))
          .map((certificate) => certificate.enrolment_id),
      );
      const tally = (versionIds: Set<string>) => {
        const ours = (enrolmentId: string) => versionIds.has(versionOf.get(enrolmentId)!);
        const credits = new Map<string, number>();
        for (const claim of claims.filter((candidate) => certifiedIds.has(candidate.enrolment_id))) {
          if (ours(claim.enrolment_id)) {
            credits.set(claim.credit_type, (credits.get(claim.credit_type) ?? 0) + Number(claim.amount));
          }
        }
        const certified = certificates.filter(
          (certificate) => ours(certificate.enrolment_id) && inPeriod(certificate.issued_at),
        );
        return {
          enrolled: enrolments.filter((enrolment) => ours(enrolment.id) && inPeriod(enrolment.enrolled_at))
            .length,
          started: firstLessons.filter((lesson) => ours(lesson.enrolment_id) && inPeriod(lesson.first))
            .length,
          modulesPassed: passes.filter((pass) => ours(pass.enrolment_id) && inPeriod(pass.passed_at)).length,
          labAttended: new Set(
            attended
              .filter((booking) => ours(booking.enrolment_id) && inPeriod(booking.attendance_at))
              .map((booking) => booking.enrolment_id),
          ).size,
          certified: certified.length,
          credits: [...credits.entries()]
            .sort(([left], [right]) => left.localeCompare(right))
            .map(([type, amount]) => ({ type, amount })),
          medianDaysToComplete: median(
            certified.map(
              (certificate) =>
                (certificate.issued_at.getTime() - enrolledAt.get(certificate.enrolment_id)!.getTime()) / DAY,
            ),
          ),
        };
      };
      return {
        rows: new Map(
          versions.map((version) => [version.id, { ...version, ...tally(new Set([version.id])) }]),
        ),
        total: tally(inScope),
      };
    }

    function expectSame(
      actual: Awaited<ReturnType<ReportsService['activity']>>['total'],
      wanted: Awaited<ReturnType<typeof expected>>['total'],
    ) {
      const counts = ({
        enrolled,
        started,
        modulesPassed,
        labAttended,
        certified,
        credits,
      }: typeof wanted) => ({
        enrolled,
        started,
        modulesPassed,
        labAttended,
        certified,
        credits,
      });
      expect(counts(actual)).toEqual(counts(wanted));
      if (wanted.medianDaysToComplete === null) {
        expect(actual.medianDaysToComplete).toBeNull();
      } else {
        expect(Math.abs(actual.medianDaysToComplete! - wanted.medianDaysToComplete)).toBeLessThanOrEqual(
          0.05 + 1e-9,
        );
      }
    }

    it.each([
      ['everything on record', false],
      ['a period', true],
    ])('matches counts made independently, per version and in total, over %s', async (_name, dated) => {
      const query: ReportQuery = dated ? { from: period.from, to: period.to } : {};
      const report = await reports.activity(query);
      const wanted = await expected(query, dated ? period.start : null, dated ? period.until : null);
      expect(report.rows).toHaveLength(3);
      for (const row of report.rows) {
        const version = [...wanted.rows.values()].find(
          (candidate) => candidate.course_id === row.courseId && candidate.number === row.version,
        )!;
        expectSame(row, version);
      }
      expectSame(report.total, wanted.total);
      expect(report.total.certified).toBeGreaterThan(0);
      expect(report.total.labAttended).toBeGreaterThan(0);
    });

    it('narrows to a course and to one of its versions', async () => {
      const course = await reports.activity({ courseId: flagshipId });
      expect(course.rows.map((row) => row.version)).toEqual([1, 2]);
      const wanted = await expected({ courseId: flagshipId }, null, null);
      expectSame(course.total, wanted.total);

      const second = await reports.activity({
        courseId: flagshipId,
        version: 2,
        from: period.from,
        to: period.to,
      });
      expect(second.rows.map((row) => row.version)).toEqual([2]);
      const wantedSecond = await expected({ courseId: flagshipId, version: 2 }, period.start, period.until);
      expectSame(second.total, wantedSecond.total);
      expectSame(second.rows[0]!, wantedSecond.total);
      expect(second.total.enrolled).toBeLessThan(course.total.enrolled);
    });

    it('gives the activity as CSV, one line per version and one for all', async () => {
      const report = await reports.activity({ from: period.from, to: period.to });
      const file = await reports.activityCsv({ from: period.from, to: period.to });
      const rows = parseCsv(file.content);
      expect(rows[0]).toEqual([
        'Course',
        'Version',
        'Enrolled',
        'Started',
        'Modules passed',
        'Lab attended',
        'Certified',
        'Credits awarded',
        'Median days to complete',
      ]);
      expect(rows).toHaveLength(report.rows.length + 2);
      expect(rows.at(-1)!.slice(0, 7)).toEqual([
        'All courses',
        '',
        String(report.total.enrolled),
        String(report.total.started),
        String(report.total.modulesPassed),
        String(report.total.labAttended),
        String(report.total.certified),
      ]);
      expect(file.fileName).toBe(`activity-${period.from}-to-${period.to}.csv`);
    });
  });

  describe('evaluation summary', () => {
    it('counts each Likert answer as independent SQL does, and lists the free text newest first', async () => {
      const report = await reports.evaluations({ courseId: flagshipId, from: period.from, to: period.to }, 5);
      const submitted = await sql<{ answers: Record<string, unknown>; submitted_at: Date }>(
        `SELECT ce.answers, ce.submitted_at FROM course_evaluation ce
           JOIN enrolment e ON e.id = ce.enrolment_id
          WHERE e.course_id = $1 AND ce.submitted_at >= $2 AND ce.submitted_at < $3`,
        [flagshipId, period.start, period.until],
      );
      expect(report.evaluations).toBe(submitted.length);
      expect(report.evaluations).toBeGreaterThan(10);
      for (const question of report.likert) {
        const values = submitted.map((row) => Number(row.answers[question.question]));
        expect(question.responses).toBe(values.length);
        expect(question.distribution.map((point) => point.count)).toEqual(
          [1, 2, 3, 4, 5].map((point) => values.filter((value) => value === point).length),
        );
        expect(question.mean).toBeCloseTo(mean(values)!, 2);
      }
      for (const question of report.freeText) {
        const answers = submitted
          .filter((row) => typeof row.answers[question.question] === 'string')
          .sort((left, right) => right.submitted_at.getTime() - left.submitted_at.getTime());
        expect(question.responses).toBe(answers.length);
        expect(question.answers).toHaveLength(Math.min(5, answers.length));
        expect(question.answers.map((answer) => answer.submittedAt.getTime())).toEqual(
          answers.slice(0, 5).map((answer) => answer.submitted_at.getTime()),
        );
      }
      expect(report.freeText.map((question) => question.question)).toEqual(['intendedChange', 'comments']);
    });

    it('puts every free-text answer in the CSV', async () => {
      const report = await reports.evaluations({}, null);
      const rows = parseCsv((await reports.evaluationsCsv({})).content);
      const texts = report.freeText.reduce((sum, question) => sum + question.responses, 0);
      expect(rows).toHaveLength(1 + 3 * 5 + texts);
      expect(rows[1]).toEqual([
        'The learning objectives were met',
        '1 (Strongly disagree)',
        String(report.likert[0]!.distribution[0]!.count),
        String(report.likert[0]!.distribution[0]!.share),
        '',
        '',
        '',
      ]);
    });
  });

  describe('learning gain', () => {
    it('compares pre-test and final scores as computed here from every attempt', async () => {
      const report = await reports.learningGain({});
      // Only the flagship course has a pre-test.
      expect(report.rows.map((row) => [row.courseId, row.version])).toEqual([
        [flagshipId, 1],
        [flagshipId, 2],
      ]);
      const attempts = await sql<{
        enrolment_id: string;
        version_id: string;
        module_id: string;
        number: number;
        score: number;
        finished_at: Date;
      }>(
        `SELECT a.enrolment_id, e.course_version_id AS version_id, a.module_id, a.number, a.score, a.finished_at
           FROM quiz_attempt a JOIN enrolment e ON e.id = a.enrolment_id
          WHERE a.status = 'submitted' AND e.course_id = $1`,
        [flagshipId],
      );
      const moduleCount = data.courses[0]!.versions[0]!.content.modules.length;
      type Learner = { version: string; pre?: number; last: Map<string, (typeof attempts)[number]> };
      const learners = new Map<string, Learner>();
      for (const attempt of attempts) {
        const learner: Learner = learners.get(attempt.enrolment_id) ?? {
          version: attempt.version_id,
          last: new Map(),
        };
        learners.set(attempt.enrolment_id, learner);
        if (attempt.module_id === PRETEST_ID) {
          learner.pre = attempt.score;
        } else if ((learner.last.get(attempt.module_id)?.number ?? 0) < attempt.number) {
          learner.last.set(attempt.module_id, attempt);
        }
      }
      const gains = (versionId: string | null) => {
        const counted = [...learners.values()]
          .filter((learner) => learner.pre !== undefined && learner.last.size === moduleCount)
          .filter((learner) => versionId === null || learner.version === versionId)
          .map((learner) => ({
            pre: learner.pre!,
            final: mean([...learner.last.values()].map((attempt) => attempt.score))!,
          }));
        return {
          learners: counted.length,
          meanPretest: mean(counted.map((learner) => learner.pre)),
          meanFinal: mean(counted.map((learner) => learner.final)),
          medianGain: median(counted.map((learner) => learner.final - learner.pre)),
          improved: counted.filter((learner) => learner.final > learner.pre).length,
        };
      };
      for (const [index, row] of report.rows.entries()) {
        const wanted = gains(data.courses[0]!.versions[index]!.versionId);
        expect(row.learners).toBe(wanted.learners);
        expect(row.learners).toBeGreaterThan(5);
        expect(row.improved).toBe(wanted.improved);
        // The report rounds to one decimal.
        expect(Math.abs(row.meanPretest! - wanted.meanPretest!)).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(Math.abs(row.meanFinal! - wanted.meanFinal!)).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(Math.abs(row.medianGain! - wanted.medianGain!)).toBeLessThanOrEqual(0.05 + 1e-9);
      }
      const all = gains(null);
      expect(report.total.learners).toBe(all.learners);
      expect(report.total.meanFinal).toBeCloseTo(all.meanFinal!, 1);
      // Learners gain: the pre-test is taken before the course.
      expect(report.total.meanGain!).toBeGreaterThan(5);
    });
  });

  describe('learner transcript', () => {
    it('lists any learner’s certificates with credit totals, by course when asked', async () => {
      const [holder] = await sql<{ user_id: string }>(
        `SELECT user_id FROM certificate GROUP BY user_id HAVING count(*) = 2 AND bool_and(status = 'valid') LIMIT 1`,
      );
      const transcript = await reports.transcript(holder!.user_id, {});
      const held = await sql<{
        number: string;
        credits: { type: string; amount: number }[];
        course_id: string;
      }>(`SELECT number, credits, course_id FROM certificate WHERE user_id = $1 ORDER BY issued_at DESC`, [
        holder!.user_id,
      ]);
      expect(transcript.items.map((item) => item.number)).toEqual(
        held.map((certificate) => certificate.number),
      );
      expect(transcript.learner.id).toBe(holder!.user_id);
      const total = (certificates: typeof held) =>
        certificates
          .flatMap((certificate) => certificate.credits)
          .reduce((sum, credit) => sum + credit.amount, 0);
      expect(transcript.totals.reduce((sum, credit) => sum + credit.amount, 0)).toBeCloseTo(total(held), 2);

      const flagship = await reports.transcript(holder!.user_id, { courseId: flagshipId });
      const ofFlagship = held.filter((certificate) => certificate.course_id === flagshipId);
      expect(flagship.items.map((item) => item.number)).toEqual(
        ofFlagship.map((certificate) => certificate.number),
      );
      expect(flagship.totals.reduce((sum, credit) => sum + credit.amount, 0)).toBeCloseTo(
        total(ofFlagship),
        2,
      );
    });
  });

  describe('ACCME batch export', () => {
    // The ACCME Activity IDs recorded: the flagship's two versions are registered in PARS, the
    // other course not yet. Course version id → ACCME Activity ID.
    const recorded = new Map<string, string>();
    const providerIds = new Map<string, string>();

    beforeAll(async () => {
      for (const course of data.courses) {
        for (const version of course.versions) {
          providerIds.set(version.versionId, `${course.slug}-v${version.number}`);
        }
      }
      const flagship = data.courses[0]!;
      for (const [index, version] of flagship.versions.entries()) {
        const accmeId = `20260000${index + 1}`;
        await context.get(AccmeActivitiesService).record(version.versionId, accmeId);
        recorded.set(version.versionId, accmeId);
      }
    });

    it('has the activity columns in order, one row per version offered, with its ACCME Activity ID', async () => {
      const file = await reports.accmeActivities({ from: period.from, to: period.to });
      expect([...file.columns]).toEqual(ACTIVITY_TEMPLATE);
      const csv = parseCsv((await reports.accmeActivitiesCsv({ from: period.from, to: period.to })).content);
      expect(csv[0]).toEqual(ACTIVITY_TEMPLATE);
      expect(csv.slice(1)).toEqual(file.rows);
      const byId = new Map(file.rows.map((row) => [row[0], row]));
      const completed = await sql<{ id: string }>(
        `SELECT DISTINCT co.slug || '-v' || c.course_version AS id FROM certificate c JOIN course co ON co.id = c.course_id
          WHERE c.status <> 'revoked' AND c.issued_at >= $1 AND c.issued_at < $2`,
        [period.start, period.until],
      );
      // Versions offered during the period, and those completed in it (archived or not).
      const offered = data.courses.flatMap((course) =>
        course.versions
          .filter(
            (version) =>
              version.publishedAt < period.until &&
              (!version.archivedAt || version.archivedAt >= period.start),
          )
          .map((version) => `${course.slug}-v${version.number}`),
      );
      expect([...byId.keys()].sort()).toEqual(
        [...new Set([...offered, ...completed.map((row) => row.id)])].sort(),
      );
      expect(byId.size).toBeGreaterThanOrEqual(2);
      // Each row's course version, its recorded ACCME Activity ID (or none), and how many lack one.
      file.rows.forEach((row, index) => {
        const versionId = file.courseVersionIds[index]!;
        expect(row[ACTIVITY_TEMPLATE.indexOf('Provider Activity ID')]).toBe(providerIds.get(versionId));
        expect(row[ACTIVITY_TEMPLATE.indexOf('ACCME Activity ID')]).toBe(recorded.get(versionId) ?? '');
        expect(row[ACTIVITY_TEMPLATE.indexOf('Format')]).toBe('Enduring Material');
        expect(row[ACTIVITY_TEMPLATE.indexOf('Providership')]).toBe('Direct');
        expect(row[ACTIVITY_TEMPLATE.indexOf('Commercial Support')]).toBe('No');
      });
      const unrecorded = file.courseVersionIds.filter((versionId) => !recorded.has(versionId)).length;
      expect(file.missingActivityIds).toBe(unrecorded);
      expect(unrecorded).toBeGreaterThan(0);
      expect(unrecorded).toBeLessThan(file.rows.length);
      // Learner counts: the period's completions, physicians (MD, DO, MBBS) apart.
      const counts = await sql<{ slug: string; number: number; physicians: string; others: string }>(
        `SELECT co.slug, c.course_version AS number,
                sum(CASE WHEN u.degree IN ('MD', 'DO', 'MBBS') THEN 1 ELSE 0 END) AS physicians,
                sum(CASE WHEN u.degree IN ('MD', 'DO', 'MBBS') THEN 0 ELSE 1 END) AS others
           FROM certificate c JOIN app_user u ON u.id = c.user_id JOIN course co ON co.id = c.course_id
          WHERE c.status <> 'revoked' AND c.issued_at >= $1 AND c.issued_at < $2
          GROUP BY co.slug, c.course_version`,
        [period.start, period.until],
      );
      for (const count of counts) {
        const row = byId.get(`${count.slug}-v${count.number}`)!;
        expect(row[ACTIVITY_TEMPLATE.indexOf('Total Physician Learners')]).toBe(String(count.physicians));
        expect(row[ACTIVITY_TEMPLATE.indexOf('Total Other Learners')]).toBe(String(count.others));
      }
      const flagship = byId.get(`${data.courses[0]!.slug}-v2`)!;
      const content = data.courses[0]!.versions[1]!.content;
      const [year, month, day] = content.releaseDate!.split('-');
      expect(flagship[ACTIVITY_TEMPLATE.indexOf('Start Date')]).toBe(`${month}/${day}/${year}`);
      expect(flagship[ACTIVITY_TEMPLATE.indexOf('ACCME Activity ID')]).toBe('202600002');
      expect(flagship[ACTIVITY_TEMPLATE.indexOf('AMA PRA Category 1 Credits Designated')]).toBe('2');
    });

    it('has the learner template’s columns in order and one row per completion', async () => {
      const query = { from: period.from, to: period.to };
      const file = await reports.accmeLearners(query);
      expect([...file.columns]).toEqual(LEARNER_TEMPLATE);
      const completions = await sql<{
        number: string;
        course_version_id: string;
        holder_name: string;
        npi: string | null;
        licence_state: string | null;
        licence_number: string | null;
        birth_date: string | null;
        issued_at: Date;
      }>(
        // The reporting profile: the first licence by state code, the birth month and day.
        `SELECT c.number, c.course_version_id, c.holder_name, u.npi, l.jurisdiction AS licence_state,
                l.number AS licence_number, to_char(u.birth_month, 'FM00') || '/' || to_char(u.birth_day, 'FM00') AS birth_date,
                c.issued_at
           FROM certificate c JOIN app_user u ON u.id = c.user_id
           LEFT JOIN LATERAL (SELECT jurisdiction, number FROM medical_licence WHERE user_id = u.id
                               ORDER BY jurisdiction LIMIT 1) l ON true
          WHERE c.status IN ('valid', 'suspended') AND c.issued_at >= $1 AND c.issued_at < $2
          ORDER BY c.issued_at, c.number`,
        [period.start, period.until],
      );
      expect(file.rows).toHaveLength(completions.length);
      expect(completions.length).toBeGreaterThan(20);
      const cell = (row: string[], column: string) => row[LEARNER_TEMPLATE.indexOf(column)];
      file.rows.forEach((row, index) => {
        const completion = completions[index]!;
        expect(file.courseVersionIds[index]).toBe(completion.course_version_id);
        expect(cell(row, 'Record Action')).toBe('Add');
        expect(cell(row, 'ACCME Activity ID')).toBe(recorded.get(completion.course_version_id) ?? '');
        const issued = dayOf(completion.issued_at).split('-');
        expect(cell(row, 'Completion Date')).toBe(`${issued[1]}/${issued[2]}/${issued[0]}`);
        // The name as issued, split in two without losing a word (titles aside).
        expect(`${cell(row, 'First Name')} ${cell(row, 'Last Name')}`.trim()).toBe(
          completion.holder_name.replace(/^(Dr|Prof)\.? /, ''),
        );
        expect(cell(row, 'Date of Birth')).toBe(completion.birth_date ?? '');
        const state = completion.licence_state === null ? '' : GENERATED_STATES[completion.licence_state];
        expect(cell(row, 'Licensing State')).toBe(state);
        expect(cell(row, 'Licensing ID or NPI')).toBe(completion.licence_number ?? completion.npi ?? '');
        for (const column of BOARD_COLUMNS) {
          expect(cell(row, column)).toBe('');
        }
      });
      // The generated academy has licensed physicians, others with an NPI only, learners with
      // neither, and learners who gave their date of birth and others who did not.
      expect(file.rows.some((row) => cell(row, 'Licensing State') === 'Texas')).toBe(true);
      expect(
        file.rows.some(
          (row) => cell(row, 'Licensing State') === '' && cell(row, 'Licensing ID or NPI') !== '',
        ),
      ).toBe(true);
      expect(file.rows.some((row) => cell(row, 'Licensing ID or NPI') === '')).toBe(true);
      expect(file.rows.some((row) => /^\d\d\/\d\d$/.test(cell(row, 'Date of Birth')!))).toBe(true);
      expect(file.rows.some((row) => cell(row, 'Date of Birth') === '')).toBe(true);
      const unrecorded = completions.filter((completion) => !recorded.has(completion.course_version_id));
      expect(file.missingActivityIds).toBe(unrecorded.length);
      expect(unrecorded.length).toBeGreaterThan(0);
      expect(unrecorded.length).toBeLessThan(completions.length);
      const csv = parseCsv((await reports.accmeLearnersCsv(query)).content);
      expect(csv[0]).toEqual(LEARNER_TEMPLATE);
      expect(csv.slice(1)).toEqual(file.rows);

      // The AMA credit claimed on each certificate, in the learner's row.
      const [amaTotal] = await sql<{ total: string }>(
        `SELECT coalesce(sum(cc.amount), 0) AS total FROM credit_claim cc
           JOIN certificate c ON c.enrolment_id = cc.enrolment_id
          WHERE cc.credit_type = 'AMA PRA Category 1 Credit™' AND c.status <> 'revoked'
            AND c.issued_at >= $1 AND c.issued_at < $2`,
        [period.start, period.until],
      );
      const earned = file.rows.reduce((sum, row) => sum + Number(cell(row, 'Number of CME Credits') || 0), 0);
      expect(earned).toBeCloseTo(Number(amaTotal!.total), 2);
    });

    it('narrows both files to one course version', async () => {
      const query = { courseId: flagshipId, version: 1 };
      const activities = await reports.accmeActivities(query);
      expect(activities.rows.map((row) => row[0])).toEqual([`${data.courses[0]!.slug}-v1`]);
      expect(activities.missingActivityIds).toBe(0);
      const learners = await reports.accmeLearners(query);
      const [count] = await sql<{ count: string }>(
        `SELECT count(*) FROM certificate WHERE course_id = $1 AND course_version = 1 AND status <> 'revoked'`,
        [flagshipId],
      );
      expect(learners.rows).toHaveLength(Number(count!.count));
      expect(new Set(learners.rows.map((row) => row[LEARNER_TEMPLATE.indexOf('ACCME Activity ID')]))).toEqual(
        new Set(['202600001']),
      );
      expect(learners.missingActivityIds).toBe(0);
    });
  });

  describe('recording ACCME Activity IDs', () => {
    let ids: AccmeActivitiesService;
    let admin: string;
    const asAdmin = <T>(work: () => Promise<T>): Promise<T> =>
      RequestContext.run(
        { requestId: 'accme-test', ip: undefined, userAgent: undefined, actorUserId: admin },
        work,
      );
    const versionOf = async (courseId: string, number = 1): Promise<string> =>
      (await context.get(CoursesService).getVersion(courseId, number)).id;
    const events = (versionId: string) =>
      sql<{ actor_user_id: string; details: Record<string, unknown> }>(
        `SELECT actor_user_id, details FROM audit_event
          WHERE action = 'accme_activity.recorded' AND subject_type = 'course_version' AND subject_id = $1
          ORDER BY id`,
        [versionId],
      );

    beforeAll(async () => {
      ids = context.get(AccmeActivitiesService);
      admin = (await newUser(context.module, { roles: ['admin'] })).id;
    });

    it('records an id, replaces it, audits each change and nothing when it is the same', async () => {
      const { courseId } = await newPublishedCourse(context.module);
      const versionId = await versionOf(courseId);
      const first = await asAdmin(() => ids.record(versionId, '301000001'));
      expect(first).toMatchObject({
        courseVersionId: versionId,
        accmeActivityId: '301000001',
        recordedByUserId: admin,
      });
      await asAdmin(() => ids.record(versionId, '301000001'));
      const changed = await asAdmin(() => ids.record(versionId, '301000002'));
      expect(changed.accmeActivityId).toBe('301000002');
      expect(await events(versionId)).toEqual([
        {
          actor_user_id: admin,
          details: { courseId, version: 1, accmeActivityId: '301000001', previousAccmeActivityId: null },
        },
        {
          actor_user_id: admin,
          details: {
            courseId,
            version: 1,
            accmeActivityId: '301000002',
            previousAccmeActivityId: '301000001',
          },
        },
      ]);
      const rows = await sql<{ accme_activity_id: string }>(
        `SELECT accme_activity_id FROM accme_activity WHERE course_version_id = $1`,
        [versionId],
      );
      expect(rows).toEqual([{ accme_activity_id: '301000002' }]);
    });

    it('refuses an id another version holds, naming that version; a replaced id is free again', async () => {
      const holder = await newPublishedCourse(context.module);
      const other = await newPublishedCourse(context.module);
      const holderVersion = await versionOf(holder.courseId);
      const otherVersion = await versionOf(other.courseId);
      await ids.record(holderVersion, '302000001');
      const refusal = ids.record(otherVersion, '302000001');
      await expect(refusal).rejects.toBeInstanceOf(AccreditationError);
      await expect(refusal).rejects.toMatchObject({
        code: AccreditationErrorCode.ACCME_ACTIVITY_ID_TAKEN,
        status: 409,
        field: 'accmeActivityId',
        message: expect.stringContaining(`${holder.slug}-v1`),
      });
      expect(await events(otherVersion)).toEqual([]);
      await ids.record(holderVersion, '302000002');
      expect((await ids.record(otherVersion, '302000001')).accmeActivityId).toBe('302000001');
    });

    it('knows no draft and no unknown version', async () => {
      const draft = await newReadyDraft(context.module);
      const draftVersion = (await context.get(CoursesService).getDraft(draft.courseId)).id;
      for (const versionId of [draftVersion, '6f1c2a4e-8b1d-4c7e-9a55-0d3e2f1a7b01']) {
        await expect(ids.record(versionId, '303000001')).rejects.toMatchObject({
          code: AccreditationErrorCode.COURSE_VERSION_NOT_FOUND,
          status: 404,
        });
      }
    });

    it('takes 6 to 12 digits only, in the form and in the table', async () => {
      for (const good of ['123456', ' 202212345 ', '123456789012']) {
        expect(await parseForm(RecordAccmeActivityDto, { accmeActivityId: good })).toMatchObject({
          ok: true,
          value: { accmeActivityId: good.trim() },
        });
      }
      for (const bad of ['12345', '1234567890123', 'PARS-202212345', '2022 12345', '']) {
        const form = await parseForm(RecordAccmeActivityDto, { accmeActivityId: bad });
        expect(form.ok ? [] : Object.keys(form.fields)).toEqual(['accmeActivityId']);
      }
      const { courseId } = await newPublishedCourse(context.module);
      await expect(
        db.execute(
          `INSERT INTO accme_activity (course_version_id, accme_activity_id, recorded_at) VALUES ($1, 'A12345', now())`,
          [await versionOf(courseId)],
        ),
      ).rejects.toThrow(/accme_activity_accme_activity_id_check/);
    });
  });

  describe('filters', () => {
    it.each([
      [{ version: '2' }, 'version'],
      [{ courseId: 'not-a-uuid' }, 'courseId'],
      [{ from: '2026-02-30' }, 'from'],
      [{ to: 'yesterday' }, 'to'],
      [{ from: '2026-05-02', to: '2026-05-01' }, 'to'],
      [{ courseId: '6f1c2a4e-8b1d-4c7e-9a55-0d3e2f1a7b01', version: '0' }, 'version'],
    ])('refuses %j, naming %s', async (values, field) => {
      const form = await parseForm(ReportQueryDto, values);
      expect(form.ok).toBe(false);
      expect(form.ok ? {} : Object.keys(form.fields)).toEqual([field]);
    });

    it('takes a course, a version and a period together', async () => {
      const form = await parseForm(ReportQueryDto, {
        courseId: flagshipId,
        version: '2',
        from: period.from,
        to: period.to,
      });
      expect(form).toMatchObject({ ok: true, value: { courseId: flagshipId, version: 2 } });
    });
  });
});

describe('the data generator', () => {
  let context: TestContext;

  beforeAll(async () => {
    context = await createTestContext([AccreditationCoreModule, CatalogCoreModule, AssessmentCoreModule]);
  });

  afterAll(() => context.close());

  it('builds the same academy from the same seed and now, and another from another seed', async () => {
    const now = new Date('2026-10-15T12:00:00Z');
    const first = await generateAcademyData(context.module, { learners: 200, seed: 7, now });
    const again = await generateAcademyData(context.module, { learners: 200, seed: 7, now });
    const other = await generateAcademyData(context.module, { learners: 200, seed: 8, now });
    expect(again.counts).toEqual(first.counts);
    expect(other.counts).not.toEqual(first.counts);
    const scores = await context.get(Database).execute<{ course_id: string; scores: number[] }>(
      `SELECT e.course_id, array_agg(a.score ORDER BY u.email, a.module_id, a.number) AS scores
           FROM quiz_attempt a JOIN enrolment e ON e.id = a.enrolment_id JOIN app_user u ON u.id = e.user_id
          WHERE e.course_id = ANY($1::uuid[]) AND a.status = 'submitted' GROUP BY e.course_id`,
      [[first.courses[0]!.courseId, again.courses[0]!.courseId]],
    );
    expect(scores.rows).toHaveLength(2);
    expect(scores.rows[0]!.scores).toEqual(scores.rows[1]!.scores);
  });
});
