import type { LightMyRequestResponse } from 'fastify';
import { Database } from '@academy/core';
import { certifiedLearner } from '../factories/certificates';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse } from '../factories/courses';
import { enrolReady } from '../factories/enrolments';
import { eligibleLearner, newLab } from '../factories/labs';
import { newQuestionBank, rightAnswersAsShown } from '../factories/questions';
import type { ShownQuestion } from '../factories/questions';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { countQueries } from '../support/query-counter';
import { createTestApp, TestApp } from '../support/test-app';

const MODULE_ID = sampleContent().modules[0]!.id;
const LESSON_ID = sampleContent().modules[0]!.lessons[0]!.id;

/**
 * Statement budgets of hot paths, through HTTP as a client calls them (the address's rate-limit
 * counter and authentication included): each fails above its budget, so an N+1 or a second read
 * of the same row cannot come back unnoticed. Raise one only on purpose, in the same commit,
 * saying why.
 */
describe('statement budgets of hot HTTP paths', () => {
  let testApp: TestApp;
  let db: Database;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(Database);
  });

  afterAll(() => testApp.close());

  /** The statements one request sends, checking its status. */
  async function statementsOf(request: () => Promise<LightMyRequestResponse>, status = 200): Promise<number> {
    let answered = 0;
    const statements = await countQueries(db.dataSource, async () => {
      answered = (await request()).statusCode;
    });
    expect(answered).toBe(status);
    return statements;
  }

  /** The statements of the second of two like requests: steady state (the session touched, caches warm). */
  async function steadyStatementsOf(
    request: () => Promise<LightMyRequestResponse>,
    status = 200,
  ): Promise<number> {
    expect((await request()).statusCode).toBe(status);
    return statementsOf(request, status);
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('GET /api/v1/me with a bearer token: 2', async () => {
    const { app } = testApp;
    const token = await bearerToken(app, await newUser(app));
    // The address's rate-limit counter (shared by replicas), then the live session joined with
    // its account in one statement; the profile is the account read with it. Was 4: the
    // session lookup took two (a DISTINCT id query first) and the profile read the account again.
    const statements = await steadyStatementsOf(() =>
      app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) }),
    );
    expect(statements).toBeLessThanOrEqual(2);
  });

  it('GET /api/v1/verify/{number}: 2', async () => {
    const { app } = testApp;
    const { certificate } = await certifiedLearner(app, { signed: true });
    const statements = await steadyStatementsOf(() =>
      app.inject({ method: 'GET', url: `/api/v1/verify/${certificate.number}` }),
    );
    // The address's rate-limit counter, then one statement that looks the certificate up and
    // records the check (the verify path's group commit). Anonymous: no session.
    expect(statements).toBeLessThanOrEqual(2);
  });

  it('GET /api/v1/courses, a catalog page: 2', async () => {
    const { app } = testApp;
    for (let index = 0; index < 3; index++) {
      await newPublishedCourse(app);
    }
    const statements = await steadyStatementsOf(() =>
      app.inject({ method: 'GET', url: '/api/v1/courses?limit=20' }),
    );
    // The rate-limit counter and one statement for the page and its total, however many courses.
    expect(statements).toBeLessThanOrEqual(2);
  });

  it('GET /learning/{slug}/lessons/{lessonId}, the course player: 9', async () => {
    const { app } = testApp;
    const learner = await newUser(app);
    const { slug } = await newPublishedCourse(app);
    await enrolReady(app, learner.id, slug);
    const browser = await new BrowserSession(app).signIn(learner);
    const statements = await steadyStatementsOf(() =>
      browser.request('GET', `/learning/${slug}/lessons/${LESSON_ID}`),
    );
    // Counter and session (2); the enrolment (1: its published version is read once per process),
    // the modules passed for gating (1), the view with its moment of study (1), then the course's
    // progress for the page (4: enrolment, lessons seen, modules passed, finishing steps). Was 15,
    // with every course's progress read twice.
    expect(statements).toBeLessThanOrEqual(9);
  });

  it('POST …/quiz/attempts, starting a quiz: 11', async () => {
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app);
    await newQuestionBank(app, courseId, MODULE_ID);
    const start = async () => {
      const learner = await newUser(app);
      await enrolReady(app, learner.id, slug);
      const token = await bearerToken(app, learner);
      return statementsOf(
        () =>
          app.inject({
            method: 'POST',
            url: `/api/v1/me/courses/${slug}/modules/${MODULE_ID}/quiz/attempts`,
            headers: bearer(token),
          }),
        201,
      );
    };
    await start();
    const statements = await start();
    // Counter and session (2); the enrolment (1: published versions are read once per process),
    // the modules passed for gating (1), extra attempts (1); the start's transaction (BEGIN, the
    // quiz's lock, its attempts, the bank, one statement for the attempt with its moment of study
    // and audit event, COMMIT: 6). The attempt shown is built from what the start read and wrote,
    // not read back. Was 25, then 18.
    expect(statements).toBeLessThanOrEqual(11);
  });

  it('POST /api/v1/me/attempts/{id}/submit, grading a quiz: 8, and a pass 10', async () => {
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app);
    await newQuestionBank(app, courseId, MODULE_ID);
    const submit = async (passing: boolean) => {
      const learner = await newUser(app);
      await enrolReady(app, learner.id, slug);
      const token = await bearerToken(app, learner);
      const started = await app.inject({
        method: 'POST',
        url: `/api/v1/me/courses/${slug}/modules/${MODULE_ID}/quiz/attempts`,
        headers: bearer(token),
      });
      const attempt = started.json<{ id: string; questions: ShownQuestion[] }>();
      let graded: LightMyRequestResponse | undefined;
      const statements = await statementsOf(async () => {
        graded = await app.inject({
          method: 'POST',
          url: `/api/v1/me/attempts/${attempt.id}/submit`,
          headers: bearer(token),
          payload: { answers: passing ? rightAnswersAsShown(attempt.questions) : {} },
        });
        return graded;
      });
      expect(graded!.json()).toMatchObject({ status: 'submitted', result: { passed: passing } });
      return statements;
    };
    // Every question of the bank served once first: a process reads each (frozen) question once.
    for (let round = 0; round < 4; round++) {
      await submit(false);
    }
    // Counter and session (2); the transaction (BEGIN, the attempt locked with its quiz's counts,
    // one statement for the grade with the module pass, the moment of study and the audit event,
    // the ledger's lock with its head, the ledger entry, COMMIT: 6). Was 30.
    expect(await submit(false)).toBeLessThanOrEqual(8);
    // A pass moves the enrolment on, so the course's completion is checked in the same
    // transaction: the enrolment locked (1), then what the rule reads of it (1).
    expect(await submit(true)).toBeLessThanOrEqual(10);
  });

  it('POST /api/v1/labs/{id}/bookings, booking a seat: 5', async () => {
    const { app } = testApp;
    const { courseId, slug } = await newPublishedCourse(app);
    const lab = await newLab(app, courseId, { capacity: 12 });
    const book = async () => {
      const learner = await eligibleLearner(app, slug);
      const token = await bearerToken(app, learner);
      return statementsOf(
        () => app.inject({ method: 'POST', url: `/api/v1/labs/${lab.id}/bookings`, headers: bearer(token) }),
        201,
      );
    };
    await book();
    const statements = await book();
    // Counter and session (2); the lab (1); the enrolment with its passed modules (1; the catalog
    // keeps its frozen course version once read, here by the first booking); one statement that
    // takes the seat or a waitlist place (the lab_take_place function), inserts the booking with
    // its ticket, its audit event and its inbox message, committed on its own (1). The places the
    // learner holds are the constraints' to check in that statement; the answer is built from what
    // was read and written. Was 14: the learner's places read up front, the enrolment, version
    // and passed modules in three, START and COMMIT around five writes, and the lab read back.
    expect(statements).toBeLessThanOrEqual(5);
  });

  it('GET /api/v1/certificates/{number}/pdf, the holder downloading it: 4', async () => {
    const { app } = testApp;
    const { user, certificate } = await certifiedLearner(app, { signed: true });
    const token = await bearerToken(app, user);
    const statements = await steadyStatementsOf(() =>
      app.inject({
        method: 'GET',
        url: `/api/v1/certificates/${certificate.number}/pdf`,
        headers: bearer(token),
      }),
    );
    // Counter and session (2), the certificate (1), its cached PDF (1).
    expect(statements).toBeLessThanOrEqual(4);
  });

  it('GET /api/v1/admin/dashboard: 7', async () => {
    const { app } = testApp;
    const admin = await newUser(app, { roles: ['admin'] });
    const token = await bearerToken(app, admin);
    const { courseId } = await newPublishedCourse(app);
    const statements = await steadyStatementsOf(() =>
      app.inject({
        method: 'GET',
        url: `/api/v1/admin/dashboard?courseId=${courseId}&from=2026-01-01&to=2026-12-31`,
        headers: bearer(token),
      }),
    );
    // Counter and session (2); one aggregate statement per panel (5: cohort, months, quiz
    // outcomes, monthly issues, verifications by organisation), none per course or learner.
    expect(statements).toBeLessThanOrEqual(7);
  });
});
