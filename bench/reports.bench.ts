import { Pool } from 'pg';
import { ReportQuery, ReportsService } from '@academy/accreditation';
import { PRETEST_ID } from '@academy/assessment';
import { AcademyData, generateAcademyData } from '../test/factories/academy-data';
import { createTestApp, TestApp } from '../test/support/test-app';

// Each report and its raw statement take turns, at both sizes, so a drift of the machine's speed
// hits all four alike.
const WARM_UP = 3;
const RUNS = 15;
const TEXTS_SHOWN = 100;

const day = (date: Date): string => date.toISOString().slice(0, 10);

interface Timed {
  report: number;
  raw: number;
}

interface Case {
  name: string;
  /** The service call, as the API and pages make it. */
  report: (reports: ReportsService, query: ReportQuery) => Promise<unknown>;
  /** The same aggregate as one plain SQL statement: $1 and $2 bound the period. */
  raw: string;
  /** Extra parameters of the raw statement. */
  parameters?: unknown[];
  /** What both must agree on, or the comparison means nothing. */
  agree: (report: unknown, rows: Record<string, unknown>[]) => [unknown, unknown];
}

// Written for this benchmark, independently of ReportRepository, the way one would ask the
// database directly: per table a GROUP BY, joined on the course version, totals by GROUPING SETS.
const CASES: Case[] = [
  {
    name: 'activity summary',
    report: (reports, query) => reports.activity(query),
    raw: `
      WITH enrolled AS (
        SELECT course_version_id AS v, count(*) AS n FROM enrolment
         WHERE enrolled_at >= $1 AND enrolled_at < $2 GROUP BY GROUPING SETS ((course_version_id), ())),
      started AS (
        SELECT e.course_version_id AS v, count(*) AS n
          FROM (SELECT enrolment_id, min(first_seen_at) AS first FROM lesson_view GROUP BY enrolment_id) f
          JOIN enrolment e ON e.id = f.enrolment_id
         WHERE f.first >= $1 AND f.first < $2 GROUP BY GROUPING SETS ((e.course_version_id), ())),
      passed AS (
        SELECT e.course_version_id AS v, count(*) AS n FROM module_pass p JOIN enrolment e ON e.id = p.enrolment_id
         WHERE p.passed_at >= $1 AND p.passed_at < $2 GROUP BY GROUPING SETS ((e.course_version_id), ())),
      attended AS (
        SELECT e.course_version_id AS v, count(DISTINCT b.enrolment_id) AS n
          FROM lab_booking b JOIN enrolment e ON e.id = b.enrolment_id
         WHERE b.attendance IN ('present', 'late') AND b.attendance_at >= $1 AND b.attendance_at < $2
         GROUP BY GROUPING SETS ((e.course_version_id), ())),
      certified AS (
        SELECT c.course_version_id AS v, count(*) AS n,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.issued_at - e.enrolled_at)) AS median
          FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id
         WHERE c.status <> 'revoked' AND c.issued_at >= $1 AND c.issued_at < $2
         GROUP BY GROUPING SETS ((c.course_version_id), ())),
      credits AS (
        SELECT v, jsonb_object_agg(type, amount) AS amounts FROM (
          SELECT c.course_version_id AS v, x ->> 'type' AS type, sum((x ->> 'amount')::numeric) AS amount
            FROM certificate c CROSS JOIN jsonb_array_elements(c.credits) x
           WHERE c.status <> 'revoked' AND c.issued_at >= $1 AND c.issued_at < $2
           GROUP BY GROUPING SETS ((c.course_version_id, x ->> 'type'), (x ->> 'type'))) t GROUP BY v),
      versions AS (SELECT id AS v FROM course_version WHERE status <> 'draft' UNION ALL SELECT NULL)
      SELECT versions.v, enrolled.n AS enrolled, started.n AS started, passed.n AS passed, attended.n AS attended,
             certified.n AS certified, certified.median, credits.amounts
        FROM versions
        LEFT JOIN enrolled ON enrolled.v IS NOT DISTINCT FROM versions.v
        LEFT JOIN started ON started.v IS NOT DISTINCT FROM versions.v
        LEFT JOIN passed ON passed.v IS NOT DISTINCT FROM versions.v
        LEFT JOIN attended ON attended.v IS NOT DISTINCT FROM versions.v
        LEFT JOIN certified ON certified.v IS NOT DISTINCT FROM versions.v
        LEFT JOIN credits ON credits.v IS NOT DISTINCT FROM versions.v`,
    agree: (report, rows) => {
      const total = rows.find((row) => row.v === null)!;
      const { total: counts } = report as Awaited<ReturnType<ReportsService['activity']>>;
      return [
        [counts.enrolled, counts.started, counts.modulesPassed, counts.labAttended, counts.certified],
        [total.enrolled, total.started, total.passed, total.attended, total.certified].map(Number),
      ];
    },
  },
  {
    name: 'evaluation summary',
    report: (reports, query) => reports.evaluations(query, TEXTS_SHOWN),
    raw: `
      WITH answers AS (
        SELECT a.key, a.value, ce.submitted_at
          FROM course_evaluation ce CROSS JOIN jsonb_each_text(ce.answers) a
         WHERE ce.submitted_at >= $1 AND ce.submitted_at < $2)
      SELECT 'likert' AS kind, key, value, count(*) AS n FROM answers
       WHERE key IN ('objectivesMet', 'freeOfCommercialBias', 'relevantToPractice') GROUP BY key, value
      UNION ALL
      SELECT 'text', key, value, total FROM (
        SELECT key, value, row_number() OVER (PARTITION BY key ORDER BY submitted_at DESC) AS rank,
               count(*) OVER (PARTITION BY key) AS total
          FROM answers WHERE key IN ('intendedChange', 'comments') AND btrim(value) <> '') t
       WHERE rank <= $3`,
    parameters: [TEXTS_SHOWN],
    agree: (report, rows) => {
      const { likert } = report as Awaited<ReturnType<ReportsService['evaluations']>>;
      return [
        likert.reduce((sum, question) => sum + question.responses, 0),
        rows.filter((row) => row.kind === 'likert').reduce((sum, row) => sum + Number(row.n), 0),
      ];
    },
  },
  {
    name: 'learning gain',
    report: (reports, query) => reports.learningGain(query),
    raw: `
      WITH last AS (
        SELECT DISTINCT ON (enrolment_id, module_id) enrolment_id, module_id, score, finished_at
          FROM quiz_attempt WHERE status <> 'open' AND module_id <> $3
         ORDER BY enrolment_id, module_id, number DESC),
      quizzes AS (
        SELECT v.id AS v, count(*) AS modules FROM course_version v CROSS JOIN jsonb_array_elements(v.content -> 'modules') m
         WHERE v.status <> 'draft' AND v.content ? 'pretest' AND m ? 'quiz' GROUP BY v.id),
      learner AS (
        SELECT e.course_version_id AS v, pre.score AS pre, avg(last.score) AS final
          FROM last JOIN enrolment e ON e.id = last.enrolment_id JOIN quizzes q ON q.v = e.course_version_id
          JOIN quiz_attempt pre ON pre.enrolment_id = last.enrolment_id AND pre.module_id = $3 AND pre.status <> 'open'
         GROUP BY e.course_version_id, last.enrolment_id, pre.score, q.modules
        HAVING count(*) = q.modules AND max(last.finished_at) >= $1 AND max(last.finished_at) < $2)
      SELECT v, count(*) AS learners, avg(pre) AS pre, avg(final) AS final,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY final - pre) AS median_gain
        FROM learner GROUP BY GROUPING SETS ((v), ())`,
    parameters: [PRETEST_ID],
    agree: (report, rows) => [
      (report as Awaited<ReturnType<ReportsService['learningGain']>>).total.learners,
      Number(rows.find((row) => row.v === null)!.learners),
    ],
  },
  {
    name: 'ACCME activities',
    report: (reports, query) => reports.accmeActivities(query),
    raw: `
      SELECT v.id, v.title, v.number, v.published_at, v.content ->> 'summary' AS summary,
             (SELECT a.accme_activity_id FROM accme_activity a WHERE a.course_version_id = v.id) AS accme_id,
             v.content ->> 'releaseDate' AS release, v.content ->> 'expiryDate' AS expiry, v.content -> 'credits' AS credits,
             (SELECT sum((m ->> 'estimatedMinutes')::int) FROM jsonb_array_elements(v.content -> 'modules') m) AS minutes,
             count(c.id) FILTER (WHERE u.degree IN ('MD', 'DO', 'MBBS')) AS physicians,
             count(c.id) FILTER (WHERE u.degree IS NULL OR u.degree NOT IN ('MD', 'DO', 'MBBS')) AS others
        FROM course_version v
        LEFT JOIN certificate c ON c.course_version_id = v.id AND c.status <> 'revoked'
                               AND c.issued_at >= $1 AND c.issued_at < $2
        LEFT JOIN app_user u ON u.id = c.user_id
       WHERE v.status <> 'draft'
       GROUP BY v.id
      HAVING (v.published_at < $2 AND (v.archived_at IS NULL OR v.archived_at >= $1)) OR count(c.id) > 0`,
    agree: (report, rows) => [(report as { rows: string[][] }).rows.length, rows.length],
  },
  {
    name: 'ACCME learners',
    report: (reports, query) => reports.accmeLearners(query),
    raw: `
      SELECT a.accme_activity_id, c.holder_name, u.npi, l.jurisdiction AS licence_state, l.number AS licence_number,
             to_char(u.birth_month, 'FM00') || '/' || to_char(u.birth_day, 'FM00') AS birth_date,
             (SELECT sum((x ->> 'amount')::numeric) FROM jsonb_array_elements(c.credits) x
               WHERE x ->> 'type' = 'AMA PRA Category 1 Credit™') AS credits,
             to_char(c.issued_at AT TIME ZONE 'UTC', 'MM/DD/YYYY') AS completed
        FROM certificate c LEFT JOIN app_user u ON u.id = c.user_id
        -- The licence reported: the learner's first by state code.
        LEFT JOIN LATERAL (SELECT jurisdiction, number FROM medical_licence WHERE user_id = u.id
                            ORDER BY jurisdiction LIMIT 1) l ON true
        LEFT JOIN accme_activity a ON a.course_version_id = c.course_version_id
       WHERE c.status <> 'revoked' AND c.issued_at >= $1 AND c.issued_at < $2
       ORDER BY c.issued_at, c.number`,
    agree: (report, rows) => [(report as { rows: string[][] }).rows.length, rows.length],
  },
];

function median(samples: number[]): number {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function elapsed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One academy: its app and database, a raw pool on the same database, and its data. */
interface Academy {
  testApp: TestApp;
  pool: Pool;
  data: AcademyData;
}

async function openAcademy(): Promise<Omit<Academy, 'data'>> {
  const testApp = await createTestApp({ contract: false });
  return { testApp, pool: new Pool({ connectionString: testApp.databaseUrl, max: 2 }) };
}

/** A case at one size: the report and its raw statement, checked to agree before any timing. */
async function prepare(
  benchCase: Case,
  academy: Academy,
): Promise<{ run: () => Promise<unknown>; raw: () => Promise<unknown> }> {
  const reports = academy.testApp.app.get(ReportsService);
  const query: ReportQuery = { from: day(academy.data.from), to: day(academy.data.now) };
  const period = [
    `${query.from}T00:00:00Z`,
    new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000),
  ];
  const run = () => benchCase.report(reports, query);
  const raw = () => academy.pool.query(benchCase.raw, [...period, ...(benchCase.parameters ?? [])]);
  const [mine, theirs] = benchCase.agree(await run(), (await raw()).rows as Record<string, unknown>[]);
  expect(mine).toEqual(theirs);
  return { run, raw };
}

describe('reports at 1,000 and 10,000 learners', () => {
  const academies: Omit<Academy, 'data'>[] = [];

  afterAll(async () => {
    for (const { testApp, pool } of academies) {
      // Before the test app: dropping its database (WITH FORCE) would kill idle pool connections.
      await pool.end();
      await testApp.close();
    }
  });

  /**
   * Each report and its raw statement at both sizes, taking turns round by round (in alternating
   * order), so the growth compares times taken under the same conditions; the median of each, in ms.
   */
  async function measure(small: Academy, large: Academy): Promise<Map<string, [Timed, Timed]>> {
    const results = new Map<string, [Timed, Timed]>();
    for (const benchCase of CASES) {
      const sizes = [await prepare(benchCase, small), await prepare(benchCase, large)];
      for (let index = 0; index < WARM_UP; index++) {
        for (const { run, raw } of sizes) {
          await run();
          await raw();
        }
      }
      const samples: [Timed[], Timed[]] = [[], []];
      for (let round = 0; round < RUNS; round++) {
        for (const size of round % 2 === 0 ? [0, 1] : [1, 0]) {
          const { run, raw } = sizes[size]!;
          samples[size]!.push({ report: await elapsed(run), raw: await elapsed(raw) });
        }
      }
      const medians = samples.map((timed) => ({
        report: median(timed.map((sample) => sample.report)),
        raw: median(timed.map((sample) => sample.raw)),
      }));
      results.set(benchCase.name, [medians[0]!, medians[1]!]);
    }
    return results;
  }

  it('scale with the data, within twice the same aggregate as raw SQL', async () => {
    // Two academies, each in a database of its own, so both sizes can be timed in turn: one of
    // 1,000 learners, and one of the same 1,000 grown to 10,000. Five courses (the flagship, the
    // diagnostic course and three more runs of them): about thirteen quiz attempts per learner
    // (the demo courses allow two attempts per quiz), so over 100,000 at 10,000 learners.
    const smallAcademy = await openAcademy();
    const largeAcademy = await openAcademy();
    academies.push(smallAcademy, largeAcademy);
    let started = Date.now();
    const small = await generateAcademyData(smallAcademy.testApp.app, {
      learners: 1000,
      seed: 1,
      courseCount: 5,
    });
    const smallBuild = Date.now() - started;

    started = Date.now();
    const first = await generateAcademyData(largeAcademy.testApp.app, {
      learners: 1000,
      seed: 1,
      courseCount: 5,
    });
    const more = await generateAcademyData(largeAcademy.testApp.app, {
      learners: 9000,
      seed: 2,
      courses: first.courses,
    });
    const largeBuild = Date.now() - started;
    const results = await measure(
      { ...smallAcademy, data: small },
      { ...largeAcademy, data: { ...more, from: first.from } },
    );

    const attempts = first.counts.attempts + more.counts.attempts;
    console.log(
      [
        `data: 1,000 learners (${small.counts.attempts.toLocaleString('en')} attempts, ${small.counts.certificates.toLocaleString('en')} certificates) built in ${(smallBuild / 1000).toFixed(1)} s;`,
        `10,000 learners (${attempts.toLocaleString('en')} attempts, ${(first.counts.certificates + more.counts.certificates).toLocaleString('en')} certificates) in a database of their own, built in ${(largeBuild / 1000).toFixed(1)} s`,
        ...CASES.map(({ name }) => {
          const [at1k, at10k] = results.get(name)!;
          return `${name}: ${at1k.report.toFixed(1)} ms at 1,000 → ${at10k.report.toFixed(1)} ms at 10,000 learners (×${(at10k.report / at1k.report).toFixed(1)} for ×10 the data); raw SQL ${at1k.raw.toFixed(1)} → ${at10k.raw.toFixed(1)} ms; report/raw ${(at1k.report / at1k.raw).toFixed(2)} at 1,000, ${(at10k.report / at10k.raw).toFixed(2)} at 10,000 (targets: growth ≤ ×10, report/raw ≤ 2)`;
        }),
      ].join('\n'),
    );
    expect(attempts).toBeGreaterThanOrEqual(100_000);
    for (const { name } of CASES) {
      expect(results.get(name)![1].report).toBeGreaterThan(0);
    }
  }, 900_000);
});
