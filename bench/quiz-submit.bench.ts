import { randomUUID } from 'node:crypto';
import { enrolReady } from '../test/factories/enrolments';
import { Pool } from 'pg';
import { answersAsShown, AttemptsService } from '@academy/assessment';
import { LEDGER_LOCK_KEY, ledgerEntryHash } from '@academy/core';
import type { LedgerEntryFields } from '@academy/core';
import type { AnswerKey, QuestionInput, Response, ServedQuestion } from '@academy/assessment';
import type { CourseModule } from '@academy/catalog';
import { sampleContent } from '../test/factories/course-content';
import { newPublishedCourse } from '../test/factories/courses';
import { addQuestions } from '../test/factories/questions';
import { bearerToken, newUser } from '../test/factories/users';
import { createTestApp, TestApp } from '../test/support/test-app';

const QUESTION_COUNT = 10;
// More questions than an attempt serves, so each start really draws (and shuffles) its ten.
const BANK_SIZE = 12;
// Each path gets its own learners, so both go through the same attempt numbers (the service reads
// a learner's earlier attempts on every submit) and neither inherits the other's history. A round
// opens one attempt per learner, since a learner may have only one open attempt at a quiz.
const LEARNERS_PER_PATH = 10;
const WARM_UP_ROUNDS = 3;
const TIMED_ROUNDS = 20;
// 3 + 20 rounds = 23 attempts per learner, under the quiz's limit of 50. Over HTTP that is
// 10 token requests + 30 warm-up + 200 timed submits = 240 requests, well under the throttler's
// 600 a minute per address (every inject comes from 127.0.0.1), so we never time a 429.

/** A bank question with a right and a wrong (but well-formed) response to it. */
interface BankQuestion {
  input: QuestionInput;
  right: Response;
  wrong: Response;
}

/** Single-choice, true/false and numeric questions in turn, as a module bank mixes them. */
function bankQuestion(index: number): BankQuestion {
  const common = {
    explanation: `Explanation of question ${index + 1}.`,
    reference: 'Standard anatomy text, pelvis chapter',
  };
  switch (index % 3) {
    case 0:
      return {
        input: {
          ...common,
          type: 'single',
          prompt: `Which landmark comes first in approach ${index + 1}?`,
          options: [
            { id: 'a', text: 'Anterior superior iliac spine' },
            { id: 'b', text: 'Posterior superior iliac spine' },
            { id: 'c', text: 'Greater trochanter' },
          ],
          correct: 'b',
        },
        right: 'b',
        wrong: 'a',
      };
    case 1:
      return {
        input: { ...common, type: 'true_false', prompt: `Statement ${index + 1} is true.`, correct: true },
        right: true,
        wrong: false,
      };
    default:
      return {
        input: {
          ...common,
          type: 'numeric',
          prompt: `How many millilitres per pull in case ${index + 1}?`,
          unit: 'mL',
          answer: 10 + index,
          tolerance: 0.5,
        },
        right: 10 + index,
        wrong: 20 + index,
      };
  }
}

/** A learner of one path: the user, their enrolment, and (for the HTTP path) a bearer token. */
interface Learner {
  userId: string;
  enrolmentId: string;
  token: string | null;
}

/** An attempt opened before timing, with the body its submit carries. */
interface OpenAttempt {
  learner: Learner;
  attemptId: string;
  answers: Record<string, Response>;
  /** The same answers in the choice ids this attempt shows (its choices are shuffled per attempt). */
  shown: Record<string, Response>;
}

interface Fixture {
  testApp: TestApp;
  pool: Pool;
  slug: string;
  moduleId: string;
  passingScore: number;
  bank: Map<string, BankQuestion>;
  learnersPerRound: number;
}

/**
 * Opens one attempt per learner through the service (untimed) and answers all ten served
 * questions, every other one wrongly: a score of 50 fails (the pass mark is 80), so no pass is
 * recorded and the learner may keep starting attempts, on both paths alike.
 */
async function openRound(fixture: Fixture, learners: Learner[]): Promise<OpenAttempt[]> {
  const attempts = fixture.testApp.app.get(AttemptsService);
  const opened: { learner: Learner; attemptId: string }[] = [];
  for (const learner of learners) {
    const { attemptId, created } = await attempts.start(learner.userId, fixture.slug, fixture.moduleId);
    if (!created) {
      throw new Error(`Attempt ${attemptId} was still open: the last round did not submit it`);
    }
    opened.push({ learner, attemptId });
  }
  // Which questions each start drew: the shuffle is per attempt, so read them back.
  const { rows } = await fixture.pool.query<{ id: string; served: ServedQuestion[] }>(
    `SELECT id, served FROM quiz_attempt WHERE id = ANY($1::uuid[])`,
    [opened.map((attempt) => attempt.attemptId)],
  );
  const served = new Map(rows.map((row) => [row.id, row.served]));
  return opened.map(({ learner, attemptId }) => {
    const questionIds = (served.get(attemptId) ?? []).map((question) => question.questionId);
    if (questionIds.length !== QUESTION_COUNT) {
      throw new Error(`Attempt ${attemptId} served ${questionIds.length} questions, not ${QUESTION_COUNT}`);
    }
    const answers = Object.fromEntries(
      questionIds.map((questionId, index): [string, Response] => {
        const question = fixture.bank.get(questionId);
        if (!question) {
          throw new Error(`Attempt ${attemptId} served ${questionId}, not from this bench's bank`);
        }
        return [questionId, index % 2 === 0 ? question.right : question.wrong];
      }),
    );
    return { learner, attemptId, answers, shown: answersAsShown(served.get(attemptId) ?? [], answers) };
  });
}

/** One way to submit, with its own learners. */
interface SubmitPath {
  learners: Learner[];
  submit: (attempt: OpenAttempt) => Promise<void>;
}

/**
 * Warms both paths up, then times only the submits, the two paths taking turns round by round
 * (in alternating order), so a machine busy with something else slows both alike. Each round's
 * attempts are opened before its clock starts. Answers each path's count and rate per second and
 * the median of the rounds' ratios (first path over second).
 */
async function ratesTakingTurns(
  fixture: Fixture,
  paths: [SubmitPath, SubmitPath],
): Promise<{ rates: [number, number]; count: number; medianRatio: number }> {
  for (const path of paths) {
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      for (const attempt of await openRound(fixture, path.learners)) {
        await path.submit(attempt);
      }
    }
  }
  const nanoseconds = [0n, 0n];
  const ratios: number[] = [];
  let count = 0;
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    const times = [0n, 0n];
    for (const index of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const path = paths[index]!;
      const attempts = await openRound(fixture, path.learners);
      const start = process.hrtime.bigint();
      for (const attempt of attempts) {
        await path.submit(attempt);
      }
      times[index] = process.hrtime.bigint() - start;
      nanoseconds[index]! += times[index];
    }
    ratios.push(Number(times[1]) / Number(times[0]));
    count += fixture.learnersPerRound;
  }
  const rate = (index: number) => count / (Number(nanoseconds[index]) / 1e9);
  const sorted = ratios.sort((a, b) => a - b);
  return { rates: [rate(0), rate(1)], count, medianRatio: sorted[Math.floor(sorted.length / 2)]! };
}

/** The credit `gradeResponse` gives without partial credit (as this quiz is set up). */
function credit(key: AnswerKey, response: Response | undefined): number {
  switch (key.type) {
    case 'single':
    case 'true_false':
      return response === key.correct ? 1 : 0;
    case 'numeric':
      return typeof response === 'number' && Math.abs(response - key.answer) <= key.tolerance + 1e-9 ? 1 : 0;
    case 'multiple':
    case 'ordering':
      throw new Error(`The baseline grades no ${key.type} questions: this bench's bank has none`);
  }
}

/**
 * The floor for a submit: the writes the service makes (the grade, the audit event, the moment of
 * study, the ledger entry), in one raw `pg` transaction, with the same locks and the same
 * conditional UPDATE, and nothing else: no HTTP, authentication, ownership check, validation of
 * the answers, TypeORM, or reading back the graded attempt.
 */
async function rawSubmit(fixture: Fixture, attempt: OpenAttempt): Promise<void> {
  const client = await fixture.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `${attempt.learner.enrolmentId}:${fixture.moduleId}`,
    ]);
    const { rows } = await client.query<{
      status: string;
      number: number;
      served: { questionId: string }[];
      answers: Record<string, Response>;
    }>(`SELECT status, number, served, answers FROM quiz_attempt WHERE id = $1`, [attempt.attemptId]);
    const current = rows[0];
    if (current?.status !== 'open') {
      throw new Error(`Attempt ${attempt.attemptId} is not open`);
    }
    const questionIds = current.served.map((served) => served.questionId);
    const keys = await client.query<{ id: string; answer_key: { key: AnswerKey } }>(
      `SELECT id, answer_key FROM question WHERE id = ANY($1::uuid[])`,
      [questionIds],
    );
    const keyById = new Map(keys.rows.map((row) => [row.id, row.answer_key.key]));
    const answers = { ...current.answers, ...attempt.answers };
    const credits = questionIds.map((id) => {
      const key = keyById.get(id);
      return key ? credit(key, answers[id]) : 0;
    });
    const score = Math.floor((100 * credits.reduce((sum, value) => sum + value, 0)) / credits.length + 1e-9);
    const passed = score >= fixture.passingScore;
    const now = new Date();
    const updated = await client.query(
      `UPDATE quiz_attempt SET status = $2, answers = $3, late_answers = $4, score = $5, passed = $6, finished_at = $7
       WHERE id = $1 AND status = 'open'`,
      [attempt.attemptId, 'submitted', JSON.stringify(answers), null, score, passed, now],
    );
    if (updated.rowCount !== 1) {
      throw new Error(`Attempt ${attempt.attemptId} was not closed`);
    }
    // The row the service's audit record writes, actor and request included.
    await client.query(
      `INSERT INTO audit_event (occurred_at, action, actor_user_id, actor_api_key_id, subject_type, subject_id, ip, request_id, details)
       VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8)`,
      [
        now,
        'quiz.attempt_graded',
        attempt.learner.userId,
        'quiz_attempt',
        attempt.attemptId,
        '127.0.0.1',
        randomUUID(),
        JSON.stringify({
          moduleId: fixture.moduleId,
          number: current.number,
          status: 'submitted',
          score,
          passed,
        }),
      ],
    );
    // The moment of study, then the ledger entry every graded attempt makes, plainly: the chain's
    // lock, its head (and the time to record, never before the head's), the hashed entry.
    await client.query(`INSERT INTO study_activity (enrolment_id, at, kind) VALUES ($1, $2, 'quiz')`, [
      attempt.learner.enrolmentId,
      now,
    ]);
    await client.query(`SELECT pg_advisory_xact_lock($1)`, [LEDGER_LOCK_KEY]);
    const head = await client.query<{ seq: string; hash: string; recorded_at: string }>(
      `SELECT seq, hash, to_char(greatest(clock_timestamp(), occurred_at) AT TIME ZONE 'UTC',
                                 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at
         FROM ledger_entry ORDER BY seq DESC LIMIT 1`,
    );
    const previous = head.rows[0]!;
    const entry: LedgerEntryFields = {
      seq: Number(previous.seq) + 1,
      occurredAt: previous.recorded_at,
      action: 'quiz.attempt_graded',
      subjectType: 'quiz_attempt',
      subjectId: attempt.attemptId,
      actor: attempt.learner.userId,
      details: { moduleId: fixture.moduleId, number: current.number, status: 'submitted', score, passed },
      prevHash: previous.hash,
    };
    await client.query(
      `INSERT INTO ledger_entry (seq, occurred_at, action, subject_type, subject_id, actor, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.seq,
        entry.occurredAt,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.actor,
        JSON.stringify(entry.details),
        entry.prevHash,
        ledgerEntryHash(entry),
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

describe('quiz attempt submit', () => {
  let testApp: TestApp;
  let pool: Pool;
  let fixture: Fixture;
  let httpLearners: Learner[];
  let rawLearners: Learner[];

  beforeAll(async () => {
    testApp = await createTestApp({ contract: false });
    const { app } = testApp;
    const content = sampleContent();
    const [first, ...others] = content.modules;
    if (!first) {
      throw new Error('sampleContent() has no modules');
    }
    // Ten questions a try, and enough tries without a wait for every round of this bench.
    const quizModule: CourseModule = {
      ...first,
      quiz: {
        questionCount: QUESTION_COUNT,
        attemptsLimit: 50,
        retryDelayMinutes: 0,
        reviewPolicy: 'score_and_wrong',
        partialCredit: false,
      },
    };
    const { courseId, slug } = await newPublishedCourse(app, { modules: [quizModule, ...others] });

    // Banks are versioned with the course: added through a draft that is then published.
    const questions = Array.from({ length: BANK_SIZE }, (_, index) => bankQuestion(index));
    const ids = await addQuestions(
      app,
      courseId,
      quizModule.id,
      questions.map((question) => question.input),
    );
    const bank = new Map(ids.map((id, index): [string, BankQuestion] => [id, questions[index]!]));

    const learner = async (withToken: boolean): Promise<Learner> => {
      const user = await newUser(app);
      const enrolment = await enrolReady(app, user.id, slug);
      return {
        userId: user.id,
        enrolmentId: enrolment.id,
        token: withToken ? await bearerToken(app, user) : null,
      };
    };
    httpLearners = [];
    rawLearners = [];
    for (let index = 0; index < LEARNERS_PER_PATH; index++) {
      httpLearners.push(await learner(true));
      rawLearners.push(await learner(false));
    }

    pool = new Pool({ connectionString: testApp.databaseUrl });
    fixture = {
      testApp,
      pool,
      slug,
      moduleId: quizModule.id,
      passingScore: content.passingScore,
      bank,
      learnersPerRound: LEARNERS_PER_PATH,
    };
  });

  afterAll(async () => {
    // Before the test app: dropping its database (WITH FORCE) would kill idle pool connections.
    await pool.end();
    await testApp.close();
  });

  it('submits a 10-question attempt at a fair fraction of raw pg', async () => {
    const { app } = testApp;
    const httpSubmit = async (attempt: OpenAttempt): Promise<void> => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/me/attempts/${attempt.attemptId}/submit`,
        headers: { authorization: `Bearer ${attempt.learner.token ?? ''}` },
        payload: { answers: attempt.shown },
      });
      // Checked on every request: a 4xx or an attempt left open would flatter the rate.
      if (response.statusCode !== 200) {
        throw new Error(`Submit answered ${response.statusCode}: ${response.body}`);
      }
      const { status } = response.json<{ status: string }>();
      if (status !== 'submitted') {
        throw new Error(`Submit left attempt ${attempt.attemptId} ${status}`);
      }
    };
    const {
      rates: [http, raw],
      count,
      medianRatio,
    } = await ratesTakingTurns(fixture, [
      { learners: httpLearners, submit: httpSubmit },
      { learners: rawLearners, submit: (attempt) => rawSubmit(fixture, attempt) },
    ]);

    console.log(
      `POST /api/v1/me/attempts/{id}/submit (${QUESTION_COUNT} questions): ${http.toFixed(0)} submissions/s vs raw-pg baseline ${raw.toFixed(0)}/s → ratio ${(http / raw).toFixed(2)} (target ≥ 0.50; median of ${TIMED_ROUNDS} rounds taking turns: ${medianRatio.toFixed(2)})`,
    );
    expect(count).toBeGreaterThan(0);
    expect(http).toBeGreaterThan(0);
    expect(raw).toBeGreaterThan(0);
  });
});
