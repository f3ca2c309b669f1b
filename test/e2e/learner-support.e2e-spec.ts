import { AttemptsService } from '@academy/assessment';
import { learnerMidQuiz, newCohort } from '../factories/learner-support';
import { multipartFile } from '../factories/images';
import { bearerToken, newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

interface Problem {
  message: string;
  fields?: Record<string, string[]>;
}

/** Learner support and cohorts over HTTP: the JSON API, its refusals by field, and the pages. */
describe('learner support and cohorts', () => {
  let testApp: TestApp;
  let admin: TestUser;
  let headers: Record<string, string>;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await newUser(testApp.app, { roles: ['admin'] });
    headers = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
  });

  afterAll(() => testApp.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    testApp.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('finds a learner and reads their record; grants extra time and another attempt, which the quiz then shows', async () => {
    const { learner, moduleId, enrolmentId, attemptId } = await learnerMidQuiz(testApp.app, {
      fullName: 'Dr Imogen Featherstonehaugh',
      timeLimitMinutes: 20,
    });
    const found = await call('GET', '/api/v1/admin/learners?q=FEATHERSTONE');
    expect(found.statusCode).toBe(200);
    expect(found.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toEqual([learner.id]);

    const accommodation = await call('PUT', `/api/v1/admin/learners/${learner.id}/accommodation`, {
      extraTimePercent: 100,
      extraMinutes: 0,
      reason: 'Documented need',
    });
    expect(accommodation.statusCode).toBe(204);
    const granted = await call('POST', `/api/v1/admin/learners/${learner.id}/extra-attempts`, {
      enrolmentId,
      moduleId,
      reason: 'Interrupted',
    });
    expect(granted.statusCode).toBe(204);

    const record = await call('GET', `/api/v1/admin/learners/${learner.id}`);
    expect(record.statusCode).toBe(200);
    const body = record.json<{
      enrolments: { quizzes: { attemptsLimit: number; extraAttempts: number }[] }[];
      attempts: { id: string; status: string }[];
      accommodation: { extraTimePercent: number } | null;
    }>();
    expect(body.enrolments[0]!.quizzes[0]).toMatchObject({ attemptsLimit: 2, extraAttempts: 1 });
    expect(body.attempts).toEqual([expect.objectContaining({ id: attemptId, status: 'open' })]);
    expect(body.accommodation).toMatchObject({ extraTimePercent: 100 });

    // The quiz's time limit, as this learner now has it: double.
    const attempts = testApp.app.get(AttemptsService);
    await attempts.submit(learner.id, attemptId, {});
    const view = await attempts.view(learner.id, attemptId);
    expect(view.settings.timeLimitMinutes).toBe(40);
  });

  it('answers bad requests with 4xx naming the field, in words', async () => {
    const { learner, attemptId } = await learnerMidQuiz(testApp.app);
    const noReason = await call('PUT', `/api/v1/admin/learners/${learner.id}/accommodation`, {
      extraTimePercent: 50,
      extraMinutes: 0,
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<Problem>().fields?.reason?.[0]).toContain('reason must say why');

    const tooMuch = await call('PUT', `/api/v1/admin/learners/${learner.id}/accommodation`, {
      extraTimePercent: 500,
      extraMinutes: 0,
      reason: 'x',
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json<Problem>().fields?.extraTimePercent).toBeDefined();

    const nothing = await call('PUT', `/api/v1/admin/learners/${learner.id}/accommodation`, {
      extraTimePercent: 0,
      extraMinutes: 0,
      reason: 'x',
    });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json<Problem>().fields?.extraTimePercent?.[0]).toContain('Give some extra time');

    const notALearner = await call('GET', `/api/v1/admin/learners/${admin.id}`);
    expect(notALearner.statusCode).toBe(404);

    const someoneElses = await call(
      'POST',
      `/api/v1/admin/learners/${admin.id}/attempts/${attemptId}/extend`,
      {
        minutes: 5,
        reason: 'x',
      },
    );
    expect(someoneElses.statusCode).toBe(404);

    const { cohort } = await newCohort(testApp.app);
    const notText = await call('POST', `/api/v1/admin/cohorts/${cohort.id}/members`, { list: 12345 });
    expect(notText.statusCode).toBe(400);
    expect(notText.json<Problem>().fields?.list).toBeDefined();
    const empty = await call('POST', `/api/v1/admin/cohorts/${cohort.id}/members`, { list: 'email\n\n' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<Problem>().fields?.list?.[0]).toContain('The list is empty');
    const taken = await call('POST', '/api/v1/admin/cohorts', {
      name: cohort.name,
      courseId: cohort.courseId,
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<Problem>().fields?.name).toBeDefined();
  });

  it('enrols a cohort from a JSON list, answering each line by its number', async () => {
    const { cohort } = await newCohort(testApp.app);
    const learner = await newUser(testApp.app);
    const response = await call('POST', `/api/v1/admin/cohorts/${cohort.id}/members`, {
      list: `email,name\n${learner.email},Dr One\nnot-an-address,Dr Two\nnew-${Date.now()}@example.org\n`,
    });
    expect(response.statusCode).toBe(200);
    const report = response.json<{ rows: { line: number; outcome: string; message: string }[] }>();
    expect(report.rows.map((row) => [row.line, row.outcome])).toEqual([
      [2, 'enrolled'],
      [3, 'error'],
      [4, 'invited'],
    ]);
    expect(report.rows[1]!.message).toBe('line 3: “not-an-address” is not an e-mail address.');
    // The invitation's link opens sign-up with the address filled in.
    const invited = report.rows[2]!.message.split(' ')[2]!;
    const signUp = await testApp.app.inject({
      method: 'GET',
      url: `/signup?email=${encodeURIComponent(invited)}`,
    });
    expect(signUp.body).toContain(`value="${invited}"`);
    const detail = await call('GET', `/api/v1/admin/cohorts/${cohort.id}`);
    expect(detail.json<{ counts: Record<string, number> }>().counts).toMatchObject({
      enrolled: 1,
      invited: 1,
    });
  });

  it('shows the pages: an accommodation form without a reason comes back with the error next to it, a CSV upload with its report', async () => {
    const { learner } = await learnerMidQuiz(testApp.app, { fullName: 'Dr Page Learner' });
    const session = await new BrowserSession(testApp.app).signIn(admin);
    const page = await session.request('GET', `/admin/learners/${learner.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dr Page Learner');
    const refused = await session.submit(`/admin/learners/${learner.id}/accommodation`, {
      extraTimePercent: '50',
      extraMinutes: '0',
      reason: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("id='accommodation-reason-error'");
    expect(refused.body).toContain('Must say why');
    const saved = await session.submit(`/admin/learners/${learner.id}/accommodation`, {
      extraTimePercent: '50',
      extraMinutes: '5',
      reason: 'Documented need',
    });
    expect(saved.statusCode).toBe(303);
    const after = await session.request('GET', saved.headers.location as string);
    expect(after.body).toContain('50% more time and 5 more minutes');

    const { cohort } = await newCohort(testApp.app);
    const token = await session.csrfToken(`/admin/cohorts/${cohort.id}`);
    const upload = await session.upload(
      `/admin/cohorts/${cohort.id}/members?_csrf=${encodeURIComponent(token)}`,
      multipartFile('file', 'fellows.csv', 'text/csv', Buffer.from(`email\n${learner.email}\njane.doe@\n`)),
    );
    expect(upload.statusCode).toBe(200);
    expect(upload.body).toContain('What became of each line');
    expect(upload.body).toContain('line 3: “jane.doe@” is not an e-mail address.');
  });

  it('is for admins only', async () => {
    const learner = await newUser(testApp.app);
    const learnerHeaders = { authorization: `Bearer ${await bearerToken(testApp.app, learner)}` };
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/admin/learners',
      headers: learnerHeaders,
    });
    expect(response.statusCode).toBe(403);
  });
});
