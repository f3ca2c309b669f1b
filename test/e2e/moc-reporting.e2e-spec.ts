import { COURSE_DOCUMENT_FORMAT } from '@academy/catalog';
import { ReportingProfileService } from '@academy/identity';
import { newPublishedCourse, newReadyDraft, newSlug } from '../factories/courses';
import { multipartFile } from '../factories/images';
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
      board: ['ABA', 'ABIM', 'ABOS'],
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

  it('reports MOC problems of an imported course file by their place in it', async () => {
    const session = new BrowserSession(testApp.app);
    await session.signIn(await newUser(testApp.app, { roles: ['admin'] }));
    const token = await session.csrfToken('/admin/courses/import');
    const document = {
      format: COURSE_DOCUMENT_FORMAT,
      slug: newSlug('imp'),
      content: sampleContent({
        moc: [
          { board: 'ABA', points: 1, types: ['LL'] },
          { board: 'ABIM', points: 3, types: ['MK', 'LL'] },
        ],
        licensureTopics: [{ jurisdiction: 'ZZ', topic: 'Opioids' }],
      }),
    };
    const report = await session.upload(
      `/admin/courses/import?_csrf=${encodeURIComponent(token)}`,
      multipartFile('file', 'course.json', 'application/json', Buffer.from(JSON.stringify(document))),
    );
    expect(report.statusCode).toBe(400);
    expect(report.body).toContain(
      'MOC entry 2 (ABIM), MOC type 2: LL is not one of the ABIM MOC types; choose from MK (Medical Knowledge), PA (Practice Assessment), PS (Patient Safety).',
    );
    expect(report.body).toContain(
      'MOC entry 2 (ABIM): MOC points may be at most 2, the AMA PRA Category 1 Credits™ designated (got 3).',
    );
    expect(report.body).toContain(
      'Licensure topic 1: ZZ is not a US state or territory; use its two-letter code, such as TX.',
    );
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

  it('records a refusal when the learner unticks the box on the claim page', async () => {
    const learner = await newUser(testApp.app);
    const profiles = testApp.app.get(ReportingProfileService);
    await profiles.update(learner.id, { boards: [{ board: 'ABIM', boardId: '123456', consent: false }] });
    const { slug } = await newPublishedCourse(testApp.app, {
      moc: [{ board: 'ABIM', points: 2, types: ['MK'] }],
    });
    await finishCourse(testApp.app, learner.id, slug, { evaluated: true });
    const session = new BrowserSession(testApp.app);
    await session.signIn(learner);
    const before = await session.request('GET', `/learning/${slug}/credit`);
    expect(before.body).toContain('without a birth date');
    expect(before.body).toMatch(
      /<input type="checkbox" id="report-ABIM" name="reportTo" value="ABIM" aria-describedby/,
    );

    const claimed = await session.submit(`/learning/${slug}/credit-claims`, {
      credit0: '1',
      reportAsked: '1',
    });
    expect(claimed.statusCode).toBe(303);
    const after = await session.request('GET', `/learning/${slug}/credit`);
    expect(after.body).toContain('Not reported to ABIM, as you chose');
    expect((await profiles.profile(learner.id)).boards[0]!.consentedAt).toBeNull();
  });
});
