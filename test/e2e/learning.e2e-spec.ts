import { AuditService } from '@academy/core';
import { sampleContent } from '../factories/course-content';
import { finishCourse } from '../factories/enrolments';
import { newPublishedCourse } from '../factories/courses';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

describe('enrolment and study', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('enrols through the API once and lists the course with its progress', async () => {
    const learner = await newUser(testApp.app);
    const headers = { authorization: `Bearer ${await bearerToken(testApp.app, learner)}` };
    const { courseId, slug } = await newPublishedCourse(testApp.app, { title: 'PSIS Landmarking' });
    const first = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/me/enrollments',
      headers,
      payload: { courseId: slug },
    });
    expect(first.statusCode).toBe(201);
    const again = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/me/enrollments',
      headers,
      payload: { courseId },
    });
    expect(again.statusCode).toBe(200);
    const list = await testApp.app.inject({ method: 'GET', url: '/api/v1/me/enrollments', headers });
    expect(list.json()).toEqual({
      items: [
        expect.objectContaining({
          courseId,
          title: 'PSIS Landmarking',
          progress: 0,
          lessonsTotal: 2,
          version: 1,
        }),
      ],
    });
    const acknowledged = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/enrollments/${slug}/disclosures`,
      headers,
    });
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.json()).toMatchObject({ courseId, disclosuresAcknowledgedAt: expect.any(String) });
    const unknown = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/me/enrollments',
      headers,
      payload: { courseId: 'no-such-course' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('lets a learner enrol from the course page, study a lesson, and see progress', async () => {
    const learner = await newUser(testApp.app);
    const { courseId, slug } = await newPublishedCourse(testApp.app, { title: 'Marrow Study Course' });
    const browser = await new BrowserSession(testApp.app).signIn(learner);
    const coursePage = await browser.request('GET', `/courses/${slug}`);
    expect(coursePage.body).toContain('>Enrol</button>');
    const enrolled = await browser.submit('/learning/enrol', { course: slug });
    expect(enrolled.headers.location).toBe(`/learning/${slug}`);
    const player = await browser.request('GET', `/learning/${slug}`);
    expect(player.body).toContain('0% done · 0 of 2 lessons seen');
    const lessonId = sampleContent().modules[0]!.lessons[0]!.id;
    // The disclosures come first; no lesson opens before they are acknowledged.
    expect(player.body).toContain('Before you start: disclosures and accreditation');
    expect(player.body).toContain('Dr Ines Calloway');
    const early = await browser.request('GET', `/learning/${slug}/lessons/${lessonId}`);
    expect(early.statusCode).toBe(403);
    expect(early.body).toContain('acknowledge the course');
    const acknowledged = await browser.submit(`/learning/${slug}/disclosures`);
    expect(acknowledged.headers.location).toBe(`/learning/${slug}`);
    expect((await browser.request('GET', `/learning/${slug}`)).body).not.toContain('Before you start');
    const lesson = await browser.request('GET', `/learning/${slug}/lessons/${lessonId}`);
    expect(lesson.statusCode).toBe(200);
    expect(lesson.body).toContain('<h2>The PSIS</h2>');
    expect((await browser.request('GET', `/learning/${slug}`)).body).toContain(
      '14% done · 1 of 2 lessons seen',
    );
    expect((await browser.request('GET', '/learning')).body).toContain('Marrow Study Course');

    const audit = await testApp.app
      .get(AuditService)
      .list({ action: 'enrolment.disclosures_acknowledged', limit: 10, offset: 0 });
    expect(audit.items.filter((event) => event.details.courseId === courseId)).toHaveLength(1);
    const stranger = await new BrowserSession(testApp.app).signIn(await newUser(testApp.app));
    const refused = await stranger.request('GET', `/learning/${slug}/lessons/${lessonId}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You are not enrolled in this course.');
  });

  it('asks anonymous visitors to sign in before enrolling', async () => {
    const { slug } = await newPublishedCourse(testApp.app);
    const page = await testApp.app.inject({
      method: 'GET',
      url: `/courses/${slug}`,
      headers: { accept: 'text/html' },
    });
    expect(page.body).toContain(`href="/login?next=/courses/${slug}"`);
  });
});

describe('evaluation and credit pages', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('takes the evaluation, then a credit claim within what the study time supports', async () => {
    const learner = await newUser(testApp.app);
    const { slug } = await newPublishedCourse(testApp.app);
    await finishCourse(testApp.app, learner.id, slug);
    const browser = await new BrowserSession(testApp.app).signIn(learner);
    const page = await browser.request('GET', `/learning/${slug}/credit`);
    expect(page.body).toContain('Every module quiz passed (2 of 2)');
    expect(page.body).toContain('Recorded study time: 2 h 0 min');
    expect(page.body).toContain('Complete the steps above first.');

    const incomplete = await browser.submit(`/learning/${slug}/evaluation`, { objectivesMet: '5' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('Must be a whole number from 1 to 5.');
    const evaluated = await browser.submit(`/learning/${slug}/evaluation`, {
      objectivesMet: '5',
      freeOfCommercialBias: '5',
      relevantToPractice: '4',
      intendedChange: 'Reposition the needle between small pulls.',
    });
    expect(evaluated.statusCode).toBe(303);
    const claimForm = await browser.request('GET', `/learning/${slug}/credit`);
    expect(claimForm.body).toContain('Up to 2: the designated maximum is 2');

    const tooMuch = await browser.submit(`/learning/${slug}/credit-claims`, { credit0: '2.25' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.body).toContain('at most 2 AMA PRA Category 1 Credit™');
    expect((await browser.submit(`/learning/${slug}/credit-claims`, { credit0: '1.75' })).statusCode).toBe(
      303,
    );
    expect((await browser.request('GET', `/learning/${slug}/credit`)).body).toContain('Claimed: 1.75');
  });
});
