import { ReportingProfileService } from '@academy/identity';
import { newPublishedCourse, newReadyDraft } from '../factories/courses';
import { finishCourse } from '../factories/enrolments';
import { sampleContent } from '../factories/course-content';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

const AMA = 'AMA PRA Category 1 Credit™';

describe('MOC points per course version and consent to report them, through the API and pages', () => {
  let testApp: TestApp;
  let adminHeaders: Record<string, string>;

  beforeAll(async () => {
    testApp = await createTestApp();
    const admin = await newUser(testApp.app, { roles: ['admin'] });
    adminHeaders = { authorization: `Bearer ${await bearerToken(testApp.app, admin)}` };
  });

  afterAll(() => testApp.close());

  it('refuses MOC points above the AMA credit at the authoring API with a 400 naming moc.0.points', async () => {
    const draft = await newReadyDraft(testApp.app);
    const response = await testApp.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/courses/${draft.courseId}/draft`,
      headers: adminHeaders,
      payload: {
        revision: draft.revision,
        content: sampleContent({ moc: [{ board: 'ABIM', points: 2.5, types: ['MK'] }] }),
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ fields: Record<string, string[]> }>().fields).toEqual({
      'moc.0.points': ['MOC points may be at most 2, the AMA PRA Category 1 Credits™ designated (got 2.5).'],
    });
  });

  it('lets an admin set MOC points and licensure topics on the draft page, with problems next to the inputs', async () => {
    const draft = await newReadyDraft(testApp.app);
    const session = new BrowserSession(testApp.app);
    await session.signIn(await newUser(testApp.app, { roles: ['admin'] }));
    const page = await session.request('GET', `/admin/courses/${draft.courseId}`);
    expect(page.body).toContain('at most 2, the AMA PRA Category 1 Credits™ designated');
    const form = (points: string) => ({
      revision: String(draft.revision),
      board: ['ABA', 'ABIM', 'ABS'],
      points: ['', points, ''],
      types: ['ABIM:MK', 'ABIM:PS'],
      jurisdiction: ['TX', ''],
      topic: ['Pain management', ''],
    });

    const refused = await session.submit(`/admin/courses/${draft.courseId}/moc`, form('3'));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      `<p class='field-error' id='moc-ABIM-points-error'>MOC points may be at most 2, the AMA PRA Category 1 Credits™ designated (got 3). </p>`,
    );
    expect(refused.body).toMatch(/id="moc-ABIM-points"[^>]*value="3"/);
    expect(refused.body).toMatch(/<input id="topic-0" name="topic" maxlength="200" value="Pain management">/);
    expect(refused.body).toContain('<label for="jurisdiction-1">State 2</label>');

    const saved = await session.submit(`/admin/courses/${draft.courseId}/moc`, form('2'));
    expect(saved.statusCode).toBe(303);
    const draftApi = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/admin/courses/${draft.courseId}/draft`,
      headers: adminHeaders,
    });
    expect(draftApi.json<{ content: object }>().content).toMatchObject({
      moc: [{ board: 'ABIM', points: 2, types: ['MK', 'PS'] }],
      licensureTopics: [{ jurisdiction: 'TX', topic: 'Pain management' }],
    });
  });

  it('shows MOC per board and licensure topics by state on the public course page and in the catalog API', async () => {
    const { slug } = await newPublishedCourse(testApp.app, {
      moc: [{ board: 'ABIM', points: 2, types: ['MK', 'PS'] }],
      licensureTopics: [{ jurisdiction: 'TX', topic: 'Pain management' }],
    });
    const page = await testApp.app.inject({ method: 'GET', url: `/courses/${slug}` });
    expect(page.body).toContain(
      '<li><strong>American Board of Internal Medicine</strong>: 2 MOC points (Medical Knowledge, Patient Safety)</li>',
    );
    expect(page.body).toContain('<li><strong>Texas</strong>: Pain management</li>');
    const api = await testApp.app.inject({ method: 'GET', url: `/api/v1/courses/${slug}` });
    expect(api.json<object>()).toMatchObject({
      moc: [{ board: 'ABIM', points: 2, types: ['MK', 'PS'] }],
      licensureTopics: [{ jurisdiction: 'TX', topic: 'Pain management' }],
    });
  });

  it('takes reportTo with the first claim through the API, and refuses a board without MOC naming reportTo.0', async () => {
    const learner = await newUser(testApp.app);
    await testApp.app.get(ReportingProfileService).update(learner.id, {
      birthDate: '03/14',
      boards: [{ board: 'ABIM', boardId: '123456', consent: false }],
    });
    const { slug } = await newPublishedCourse(testApp.app, {
      moc: [{ board: 'ABIM', points: 2, types: ['MK'] }],
    });
    await finishCourse(testApp.app, learner.id, slug, { evaluated: true });
    const headers = { authorization: `Bearer ${await bearerToken(testApp.app, learner)}` };
    const claim = (reportTo: string[]) =>
      testApp.app.inject({
        method: 'POST',
        url: `/api/v1/me/courses/${slug}/credit-claims`,
        headers,
        payload: { claims: [{ type: AMA, amount: 1 }], reportTo },
      });

    const refused = await claim(['ABS']);
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ fields: Record<string, string[]> }>().fields).toEqual({
      'reportTo.0': ['This course awards MOC points only with ABIM, not ABS.'],
    });

    const claimed = await claim(['ABIM']);
    expect(claimed.statusCode).toBe(201);
    expect(claimed.json<object>()).toMatchObject({
      reportedBirthDate: '03/14',
      boards: [
        {
          board: 'ABIM',
          boardName: 'American Board of Internal Medicine',
          points: 2,
          types: ['Medical Knowledge'],
          boardId: '123456',
          profileConsent: true,
          report: true,
        },
      ],
    });
  });
});
