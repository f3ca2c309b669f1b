import { Database } from '@academy/core';
import { ApiKeysService, newTotpSecret, TwoFactorService, UsersService } from '@academy/identity';
import { NotificationsService } from '@academy/notifications';
import { completedCourse } from '../factories/completion';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse } from '../factories/courses';
import { enrolReady, finishCourse } from '../factories/enrolments';
import { newQuestionBank, RIGHT_RESPONSES } from '../factories/questions';
import { learnersTakeQuiz } from '../factories/quiz-takers';
import { bearerToken, newUser, TEST_PASSWORD } from '../factories/users';
import type { TestUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const MODULE_ID = sampleContent().modules[0]!.id;

/** The parts of the JSON answers these tests read. */
interface DashboardDto {
  funnel: Record<string, number>;
  certificatesPerMonth: { month: string; count: number }[];
  passRates: Record<string, unknown>[];
  verificationsPerMonth: Record<string, number | string>[];
  verifiers: Record<string, unknown>[];
}
interface ItemAnalysisDto {
  attempts: number;
  items: { questionId: string; lineageId: string; flags: string[]; retiredAt: string | null }[];
}
interface VerificationRecordPageDto {
  organisation: { id: string; name: string } | null;
  total: number;
  items: { channel: string; userName: string | null; apiKeyName: string | null }[];
}

/**
 * Oversight over HTTP: the admin dashboard's numbers, item analysis and retiring a flagged
 * question, verifier organisations whose checks are attributed, and anonymising a learner who
 * asked to be deleted while their certificate still verifies.
 */
describe('oversight: dashboard, item analysis, verifier organisations, data retention', () => {
  let testApp: TestApp;
  let admin: TestUser;
  let adminHeaders: Record<string, string>;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await newUser(testApp.app, { roles: ['admin'] });
    adminHeaders = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
  });

  afterAll(() => testApp.close());

  const get = (url: string, headers: Record<string, string> = adminHeaders) =>
    testApp.app.inject({ method: 'GET', url, headers });

  let signedInAdmin: BrowserSession | undefined;

  /**
   * The admin signed in on the pages, once: each sign-in spends a one-time code, and a second in
   * the same 30 seconds would wait for the next.
   */
  async function adminSession(): Promise<BrowserSession> {
    signedInAdmin ??= await new BrowserSession(testApp.app).signIn(admin);
    return signedInAdmin;
  }

  /** A key of a new verifier organisation, and the organisation. */
  async function organisationWithKey(name: string) {
    const keys = testApp.app.get(ApiKeysService);
    const organisation = await keys.createOrganisation(`${name} ${Math.random().toString(36).slice(2, 7)}`);
    const created = await keys.createKey(organisation.id, 'Licensing system');
    return { organisation, key: created.key };
  }

  describe('the dashboard', () => {
    it('counts the funnel, certificates, pass rates and verifications of a course', async () => {
      const { app } = testApp;
      const { certificate } = await completedCourse(app);
      const courseId = certificate.courseId;
      const slug = (
        await app.get(Database).execute<{ slug: string }>('SELECT slug FROM course WHERE id = $1', [courseId])
      ).rows[0]!.slug;
      // Passed every module, no lab yet; enrolled only; two quiz takers, one right, one wrong.
      await finishCourse(app, (await newUser(app)).id, slug);
      await enrolReady(app, (await newUser(app)).id, slug);
      const questionIds = await newQuestionBank(app, courseId, MODULE_ID);
      const right = (questionId: string) =>
        RIGHT_RESPONSES[questionIds.indexOf(questionId)] as string | boolean | string[];
      await learnersTakeQuiz(app, { slug, moduleId: MODULE_ID, count: 1, answer: right });
      const wrongResponses = ['a', true, ['d', 'c', 'b', 'a']];
      const wrong = (questionId: string) => wrongResponses[questionIds.indexOf(questionId)];
      await learnersTakeQuiz(app, { slug, moduleId: MODULE_ID, count: 1, answer: wrong });
      // One check by an organisation's key; an unknown number belongs to no course.
      const { organisation, key } = await organisationWithKey('Dashboard Board');
      expect(
        (await get(`/api/v1/verify/${certificate.number}`, { authorization: `Bearer ${key}` })).statusCode,
      ).toBe(200);
      expect((await get('/api/v1/verify/RA-0000-0000-0000-0000-0000-0000-000', {})).statusCode).toBe(404);

      const response = await get(`/api/v1/admin/dashboard?courseId=${courseId}`);
      expect(response.statusCode).toBe(200);
      const dashboard = response.json<DashboardDto>();
      expect(dashboard.funnel).toEqual({ enrolled: 5, modulesPassed: 2, labAttended: 1, certified: 1 });
      expect(dashboard.certificatesPerMonth).toHaveLength(12);
      expect(dashboard.certificatesPerMonth.at(-1)).toEqual({
        month: new Date().toISOString().slice(0, 7),
        count: 1,
      });
      expect(dashboard.passRates).toEqual([
        expect.objectContaining({
          moduleId: MODULE_ID,
          moduleTitle: 'Landmarks',
          learners: 2,
          passed: 1,
          passRate: 0.5,
        }),
      ]);
      expect(dashboard.verificationsPerMonth.at(-1)).toMatchObject({ count: 1, valid: 1, unknown: 0 });
      expect(dashboard.verifiers).toEqual([
        { organisationId: organisation.id, name: organisation.name, count: 1 },
      ]);

      const page = await (await adminSession()).request('GET', `/admin/dashboard?courseId=${courseId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body.match(/<svg [^>]*role="img"/g)).toHaveLength(4);
      for (const title of [
        'Completion funnel',
        'Certificates issued per month',
        'Pass rate per module',
        'Verifications per month',
      ]) {
        expect(page.body).toContain(`-title">${title}</title>`);
      }
      expect(page.body).toContain(`/admin/courses/${courseId}/modules/${MODULE_ID}/item-analysis`);
      expect(page.body).not.toMatch(/style=/);
    });

    it('refuses a period that ends before it starts or an id that is not one, naming the field', async () => {
      const backwards = await get('/api/v1/admin/dashboard?from=2026-05-01&to=2026-04-01');
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().message).toMatch(/^to must be on or after from/);
      expect((await get('/api/v1/admin/dashboard?courseId=nope')).json().message).toMatch(/courseId/);
      expect((await get('/api/v1/admin/dashboard?from=2026-02-30')).json().message).toMatch(
        /from must be a day/,
      );
      const page = await (
        await adminSession()
      ).request('GET', '/admin/dashboard?from=2026-05-01&to=2026-04-01');
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('Must be on or after from');
      expect(page.body.match(/<svg [^>]*role="img"/g)).toHaveLength(4);
    });
  });

  describe('item analysis', () => {
    it('flags questions out of bounds, and a flagged question retires in one click while past attempts keep it', async () => {
      const { app } = testApp;
      const content = sampleContent();
      content.modules[0]!.quiz!.questionCount = 3;
      const { courseId, slug } = await newPublishedCourse(app, { modules: content.modules });
      const [single, trueFalse, ordering] = (await newQuestionBank(app, courseId, MODULE_ID)) as [
        string,
        string,
        string,
      ];
      // Everybody gets the single choice right, half the true/false, nobody the ordering.
      await learnersTakeQuiz(app, {
        slug,
        moduleId: MODULE_ID,
        count: 20,
        answer: (questionId, learner) =>
          questionId === single ? 'b' : questionId === trueFalse ? learner % 2 === 0 : ['d', 'c', 'b', 'a'],
      });
      const base = `/api/v1/admin/courses/${courseId}/modules/${MODULE_ID}/item-analysis`;
      const analysis = (await get(base)).json<ItemAnalysisDto>();
      expect(analysis).toMatchObject({ attempts: 20, thresholds: { minResponsesToFlag: 20 } });
      const flags = Object.fromEntries(analysis.items.map((item) => [item.questionId, item.flags]));
      expect(flags).toEqual({ [single]: ['too_easy'], [trueFalse]: [], [ordering]: ['too_hard'] });

      const session = await adminSession();
      const pageUrl = `/admin/courses/${courseId}/modules/${MODULE_ID}/item-analysis`;
      const page = await session.request('GET', pageUrl);
      expect(page.statusCode).toBe(200);
      expect(page.body.match(/<tr class="flagged">/g)).toHaveLength(2);
      expect(page.body.match(/>Retire<\/button>/g)).toHaveLength(2);

      // The item analysis's Retire button posts to the question's own retire route, saying where it came from.
      expect(page.body).toContain(
        `action="/admin/courses/${courseId}/modules/${MODULE_ID}/questions/${single}/retire"`,
      );
      const retired = await session.submit(
        `/admin/courses/${courseId}/modules/${MODULE_ID}/questions/${single}/retire`,
        {
          from: 'item-analysis',
        },
      );
      expect(retired.statusCode).toBe(303);
      const after = await session.request('GET', retired.headers.location as string);
      expect(after.body).toContain('Retired “Which landmark is usually palpated first');
      expect(after.body.match(/>Retire<\/button>/g)).toHaveLength(1);
      // Retired in a draft started for it: the draft's bank lacks it, the published one keeps it.
      const bank = (await get(`/api/v1/admin/courses/${courseId}/modules/${MODULE_ID}/questions`)).json<{
        items: { id: string; lineageId: string }[];
      }>();
      expect(bank.items.map((question) => question.lineageId)).not.toContain(single);
      expect(bank.items).toHaveLength(2);
      const published = (await get(`/api/v1/admin/questions/${single}`)).json<{ retiredAt: string | null }>();
      expect(published.retiredAt).toBeNull();
      const kept = (await get(base)).json<ItemAnalysisDto>().items.find((item) => item.lineageId === single);
      expect(kept).toMatchObject({ responses: 20, difficulty: 1 });
      expect(kept!.retiredAt).not.toBeNull();
    });

    it('answers 404 for a course that does not exist', async () => {
      const response = await get(`/api/v1/admin/courses/${MODULE_ID}/modules/${MODULE_ID}/item-analysis`);
      expect(response.statusCode).toBe(404);
    });
  });

  describe('verifier organisations', () => {
    it('an admin sets one up; its people and keys verify, and every check is attributed to it', async () => {
      const { app } = testApp;
      const { certificate } = await completedCourse(app);
      const session = await adminSession();
      const name = `State Board ${Math.random().toString(36).slice(2, 7)}`;
      const created = await session.submit('/admin/organisations', { name });
      expect(created.statusCode).toBe(303);
      const organisationId = /\/admin\/organisations\/([0-9a-f-]{36})/.exec(
        created.headers.location as string,
      )![1]!;

      const withKey = await session.submit(`/admin/organisations/${organisationId}/api-keys`, {
        name: 'Licensing system',
      });
      expect(withKey.statusCode).toBe(200);
      expect(withKey.headers['cache-control']).toBe('no-store');
      const key = /value="(rak_[^"]+)"/.exec(withKey.body)![1]!;
      expect((await session.request('GET', `/admin/organisations/${organisationId}`)).body).not.toContain(
        key,
      );

      const email = `reviewer-${Math.random().toString(36).slice(2, 7)}@board.example`;
      const account = await session.submit(`/admin/organisations/${organisationId}/accounts`, {
        fullName: 'Dr Rita Reviewer',
        email,
        password: TEST_PASSWORD,
      });
      expect(account.statusCode).toBe(303);
      const existing = await newUser(app, { roles: ['learner'] });
      expect(
        (await session.submit(`/admin/organisations/${organisationId}/members`, { email: existing.email }))
          .statusCode,
      ).toBe(303);
      const members = (await get(`/api/v1/admin/organisations/${organisationId}/members`)).json<{
        items: { id: string; email: string; roles: string[] }[];
      }>().items;
      expect(members.map((member) => member.email).sort()).toEqual([email, existing.email].sort());
      expect(members.find((member) => member.email === existing.email)!.roles).toEqual([
        'learner',
        'verifier',
      ]);

      // A member checks on the page and in bulk through the API; the key checks too; a stranger too.
      // A verifier sets up two-factor sign-in at the first sign-in (as the two-factor tests show).
      const totpSecret = newTotpSecret();
      const reviewerId = members.find((member) => member.email === email)!.id;
      await app.get(TwoFactorService).enrolTotpWithSecret(reviewerId, totpSecret);
      const reviewer = { email, password: TEST_PASSWORD, totpSecret };
      const reviewerSession = await new BrowserSession(app).signIn(reviewer);
      expect((await reviewerSession.request('GET', `/verify/${certificate.number}`)).statusCode).toBe(200);
      const reviewerToken = await bearerToken(app, reviewer);
      const bulk = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/verify',
        headers: { authorization: `Bearer ${reviewerToken}` },
        payload: { numbers: [certificate.number] },
      });
      expect(bulk.statusCode).toBe(200);
      expect(
        (await get(`/api/v1/verify/${certificate.number}`, { authorization: `Bearer ${key}` })).statusCode,
      ).toBe(200);
      expect((await get(`/api/v1/verify/${certificate.number}`, {})).statusCode).toBe(200);

      const mine = (
        await get('/api/v1/verifier/verifications', { authorization: `Bearer ${reviewerToken}` })
      ).json<VerificationRecordPageDto>();
      expect(mine.organisation).toEqual({ id: organisationId, name });
      expect(mine.total).toBe(3);
      expect(mine.items.map((item) => [item.channel, item.userName ?? item.apiKeyName])).toEqual([
        ['api', 'Licensing system'],
        ['bulk', 'Dr Rita Reviewer'],
        ['page', 'Dr Rita Reviewer'],
      ]);
      const home = await reviewerSession.request('GET', '/verifier');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain(`Verifications of ${name}`);
      expect(home.body).toContain('API key “Licensing system”');
      expect(home.body).toContain('href="/verify"');
      const anonymous = await app
        .get(Database)
        .execute<{ count: string }>(
          `SELECT count(*) FROM verification_event WHERE number = $1 AND organisation_id IS NULL`,
          [certificate.number],
        );
      expect(Number(anonymous.rows[0]!.count)).toBe(1);

      // Revoking the key stops it at once; a removed member's checks are theirs alone again.
      const keyId = (await get(`/api/v1/admin/organisations/${organisationId}/api-keys`)).json<{
        items: { id: string }[];
      }>().items[0]!.id;
      expect(
        (await session.submit(`/admin/organisations/${organisationId}/api-keys/${keyId}/revoke`)).statusCode,
      ).toBe(303);
      expect((await get('/api/v1/auth/api-key', { authorization: `Bearer ${key}` })).statusCode).toBe(401);
      expect(
        (await session.submit(`/admin/organisations/${organisationId}/members/${reviewerId}/remove`))
          .statusCode,
      ).toBe(303);
      const after = await reviewerSession.request('GET', '/verifier');
      expect(after.body).toContain('does not belong to a verifier organisation');
    });

    it('shows form problems next to the field: a duplicate name, a bad e-mail, an unknown account', async () => {
      const session = await adminSession();
      const { organisation } = await organisationWithKey('Duplicate Board');
      const duplicate = await session.submit('/admin/organisations', {
        name: organisation.name.toUpperCase(),
      });
      expect(duplicate.statusCode).toBe(400);
      expect(duplicate.body).toContain('An organisation with this name already exists.');
      const unknown = await session.submit(`/admin/organisations/${organisation.id}/members`, {
        email: 'nobody@board.example',
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toContain("id='member-email-error'");
      expect(unknown.body).toContain('No account with this e-mail address.');
      const badEmail = await session.submit(`/admin/organisations/${organisation.id}/accounts`, {
        fullName: 'Dr X',
        email: 'not-an-address',
        password: TEST_PASSWORD,
      });
      expect(badEmail.statusCode).toBe(400);
      expect(badEmail.body).toContain('Enter an e-mail address, such as jane.smith@clinic.example.');
    });
  });

  describe('data retention', () => {
    it('anonymises a learner on request: personal data gone, no sign-in, the certificate still verifies as issued', async () => {
      const { app } = testApp;
      const learner = await newUser(app, { fullName: 'Dr Ana Müller-Øster' });
      await app.get(UsersService).updateProfile(learner.id, {
        fullName: 'Dr Ana Müller-Øster',
        degree: 'MD',
        specialty: 'Orthopaedic surgery',
        npi: '1234567893',
        licenceState: 'CA',
        licenceNumber: 'A123456',
      });
      const { certificate } = await completedCourse(app, { userId: learner.id });
      const learnerToken = await bearerToken(app, learner);
      await app.get(Database).withTransaction(() =>
        app.get(NotificationsService).notify(learner.id, {
          kind: 'lab.booking_confirmed',
          subject: 'Your seat, Dr Ana Müller-Øster',
          body: 'See you at the lab.',
        }),
      );
      const mistyped = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        payload: { email: learner.email, password: 'not the password at all' },
      });
      expect(mistyped.statusCode).toBe(401);

      const response = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/admin/users/${learner.id}/anonymise`,
        headers: adminHeaders,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        id: learner.id,
        email: `anonymised-${learner.id}@anonymised.invalid`,
        fullName: 'Anonymised user',
        degree: null,
        specialty: null,
        npi: null,
        disabled: true,
        anonymised: true,
      });
      const stored = (
        await app
          .get(Database)
          .execute<Record<string, unknown>>('SELECT * FROM app_user WHERE id = $1', [learner.id])
      ).rows[0]!;
      expect(JSON.stringify(stored)).not.toMatch(/Müller|1234567893|A123456|Orthopaedic/);
      // Their inbox is gone, and the trail names the account, never its old address.
      const left = await app
        .get(Database)
        .execute<{ count: string }>('SELECT count(*) FROM notification WHERE user_id = $1', [learner.id]);
      expect(Number(left.rows[0]!.count)).toBe(0);
      const addressed = await app
        .get(Database)
        .execute<{ count: string }>(
          `SELECT count(*) FROM audit_event WHERE details::text ILIKE '%' || $1 || '%'`,
          [learner.email],
        );
      expect(Number(addressed.rows[0]!.count)).toBe(0);

      // Sessions ended, and the old e-mail and password sign in no more.
      expect((await get('/api/v1/me', { authorization: `Bearer ${learnerToken}` })).statusCode).toBe(401);
      const signIn = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        payload: { email: learner.email, password: learner.password },
      });
      expect(signIn.statusCode).toBe(401);

      // The certificate verifies as issued, with the holder's name on it; the records stay.
      const verified = await get(`/api/v1/verify/${certificate.number}`, {});
      expect(verified.json()).toMatchObject({ status: 'valid', holderName: 'Dr Ana Müller-Øster' });
      const enrolments = await app
        .get(Database)
        .execute<{ count: string }>('SELECT count(*) FROM enrolment WHERE user_id = $1', [learner.id]);
      expect(Number(enrolments.rows[0]!.count)).toBe(1);

      // Asking twice changes nothing; the account cannot come back; the trail says who did it.
      const again = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/admin/users/${learner.id}/anonymise`,
        headers: adminHeaders,
      });
      expect(again.statusCode).toBe(200);
      const enable = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/admin/users/${learner.id}/enable`,
        headers: adminHeaders,
      });
      expect(enable.statusCode).toBe(409);
      const trail = (
        await get(`/api/v1/admin/audit-events?action=user.anonymised&subjectId=${learner.id}`)
      ).json<{ items: unknown[] }>();
      expect(trail.items).toEqual([
        expect.objectContaining({ actorUserId: admin.id, subjectId: learner.id }),
      ]);
    });

    it('keeps records six years: the database refuses to delete them, whoever asks', async () => {
      const { app } = testApp;
      const { userId, certificate } = await completedCourse(app);
      const db = app.get(Database);
      await expect(
        db.execute('DELETE FROM certificate WHERE number = $1', [certificate.number]),
      ).rejects.toThrow(/kept for six years/);
      await expect(db.execute('DELETE FROM enrolment WHERE user_id = $1', [userId])).rejects.toThrow(
        /kept for six years/,
      );
      await expect(db.execute('DELETE FROM verification_event')).rejects.toThrow(/kept for six years/);
      await expect(db.execute('TRUNCATE quiz_attempt CASCADE')).rejects.toThrow(/kept for six years/);
      await expect(db.execute('DELETE FROM app_user WHERE id = $1', [userId])).rejects.toThrow(
        /kept for six years/,
      );
    });

    it('anonymises from the users page after a confirmation, never the admin themself', async () => {
      const session = await adminSession();
      const learner = await newUser(testApp.app);
      const confirm = await session.request('GET', `/admin/users/${learner.id}/anonymise`);
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toContain('What stays');
      const done = await session.submit(`/admin/users/${learner.id}/anonymise`);
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/admin/users?anonymised=1');
      const self = await session.submit(`/admin/users/${admin.id}/anonymise`);
      expect(self.statusCode).toBe(409);
      expect(self.body).toContain('You cannot anonymise your own account.');
    });
  });
});
