import { AuditService } from '@academy/core';
import { sampleContent } from '../factories/course-content';
import { CreditService, LearningService } from '@academy/learning';
import { enrolReady, finishCourse } from '../factories/enrolments';
import { BookingService } from '@academy/skills-lab';
import { newPublishedCourse } from '../factories/courses';
import { eligibleLearner, newLab } from '../factories/labs';
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

  it('takes the evaluation, then a credit claim within what the study time supports, saying why', async () => {
    const learner = await newUser(testApp.app);
    const { slug } = await newPublishedCourse(testApp.app);
    await finishCourse(testApp.app, learner.id, slug);
    const browser = await new BrowserSession(testApp.app).signIn(learner);
    const page = await browser.request('GET', `/learning/${slug}/credit`);
    expect(page.body).toContain('Your recorded study time is <strong>2 hours</strong>');
    expect(page.body).toContain('You can claim credit once you have done these steps:');
    expect(page.body).toContain('<li>Evaluate the course</li>');
    expect(page.body).not.toContain('credit-claims');

    const incomplete = await browser.submit(`/learning/${slug}/evaluation`, {
      objectivesMet: '5',
      comments: 'Clear videos.',
    });
    expect(incomplete.statusCode).toBe(400);
    // Each problem once, next to its field, in words; what was typed and chosen stays.
    expect(incomplete.body.match(/Choose how free of commercial bias/g)).toHaveLength(1);
    expect(incomplete.body).toContain("id='intendedChange-error'");
    expect(incomplete.body).not.toContain('Must be a');
    expect(incomplete.body).toContain('name="objectivesMet" value="5" required checked');
    expect(incomplete.body).toContain('>Clear videos.</textarea>');
    const evaluated = await browser.submit(`/learning/${slug}/evaluation`, {
      objectivesMet: '5',
      freeOfCommercialBias: '5',
      relevantToPractice: '4',
      intendedChange: 'Reposition the needle between small pulls.',
    });
    expect(evaluated.statusCode).toBe(303);
    const claimForm = await browser.request('GET', `/learning/${slug}/credit`);
    expect(claimForm.body).toContain(
      'You may claim up to 2 AMA PRA Category 1 Credit™, the most this course is designated for',
    );
    // The maximum is offered as the default.
    expect(claimForm.body).toMatch(
      /id="credit0" name="credit0" type="number"[^>]* max="2" value="2" required/,
    );

    const tooMuch = await browser.submit(`/learning/${slug}/credit-claims`, { credit0: '2.25' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.body).toContain(
      "<p class='field-error' id='credit0-error'>You asked for 2.25. You may claim up to 2",
    );
    expect(tooMuch.body).not.toContain('claims.0');
    expect(tooMuch.body).toContain('value="2.25"');
    expect((await browser.submit(`/learning/${slug}/credit-claims`, { credit0: '1.75' })).statusCode).toBe(
      303,
    );
    expect((await browser.request('GET', `/learning/${slug}/credit`)).body).toContain(
      '<span class="tag">claimed</span> 1.75 AMA PRA Category 1 Credit™',
    );
  });

  it('says why nothing can be claimed yet instead of offering a form with a zero limit', async () => {
    const learner = await newUser(testApp.app);
    const { slug } = await newPublishedCourse(testApp.app);
    // Every quiz passed and the evaluation given, but no study time recorded.
    const enrolment = await enrolReady(testApp.app, learner.id, slug);
    for (const module of sampleContent().modules) {
      await testApp.app.get(LearningService).recordModulePassed(enrolment.id, module.id);
    }
    await testApp.app.get(CreditService).submitEvaluation(learner.id, slug, {
      objectivesMet: 4,
      freeOfCommercialBias: 5,
      relevantToPractice: 4,
      intendedChange: 'Smaller pulls.',
    });
    const browser = await new BrowserSession(testApp.app).signIn(learner);
    const page = await browser.request('GET', `/learning/${slug}/credit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      'Your recorded study time (less than a minute) does not yet support any AMA PRA Category 1 Credit™',
    );
    expect(page.body).toContain('come back once it reaches at least 15 minutes');
    expect(page.body).not.toContain('credit-claims');
    expect(page.body).not.toContain('max="0"');
  });
});

describe('the course checklist', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  /** The key of the highlighted step, and each step's text, from a course page. */
  function stepsOf(html: string): { next: string | undefined; text: Record<string, string> } {
    const text: Record<string, string> = {};
    for (const match of html.matchAll(
      /<li class="course-step[^"]*" data-step="([^"]+)"[^>]*>([\s\S]*?)<\/li>\s*(?=<li class="course-step|<\/ol>\s*<\/section>)/g,
    )) {
      text[match[1]!] = match[2]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    }
    return { next: /<li class="course-step is-next[^"]*" data-step="([^"]+)"/.exec(html)?.[1], text };
  }

  it('names each lock’s real cause and highlights one next step, from the disclosures to the lab', async () => {
    const [first, second] = sampleContent().modules;
    const learner = await newUser(testApp.app);
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    await testApp.app.get(LearningService).enrol(learner.id, slug);
    const browser = await new BrowserSession(testApp.app).signIn(learner);

    let steps = stepsOf((await browser.request('GET', `/learning/${slug}`)).body);
    expect(steps.next).toBe('disclosures');
    // Module 1 is closed by the disclosures, not by a quiz before it.
    expect(steps.text[`lessons:${first!.id}`]).toContain(
      'Opens once you acknowledge the course’s disclosures',
    );
    expect(steps.text[`lessons:${first!.id}`]).not.toContain('quiz');

    await browser.submit(`/learning/${slug}/disclosures`);
    steps = stepsOf((await browser.request('GET', `/learning/${slug}`)).body);
    expect(steps.next).toBe(`lessons:${first!.id}`);
    expect(steps.text[`quiz:${first!.id}`]).toContain(
      'You may take it now, but it asks about the lessons: read them first (0 of 1 read, 1 unread).',
    );
    expect(steps.text[`lessons:${second!.id}`]).toContain('Opens once you pass the quiz of “Landmarks”.');
    expect(steps.text['lab-booking']).toContain(
      'Opens once you pass the quizzes of “Landmarks”, “Aspiration”.',
    );
    expect(steps.text.evaluation).toContain('Opens once you pass every module quiz (0 of 2 passed');
    expect(steps.text.certificate).toContain('Issued as soon as every step above is done.');

    await browser.request('GET', `/learning/${slug}/lessons/${first!.lessons[0]!.id}`);
    steps = stepsOf((await browser.request('GET', `/learning/${slug}`)).body);
    expect(steps.next).toBe(`quiz:${first!.id}`);

    // Every quiz passed, no lab scheduled: the evaluation can be done meanwhile.
    const { enrolment } = await testApp.app.get(LearningService).enrolmentFor(learner.id, slug);
    for (const module of [first!, second!]) {
      await testApp.app.get(LearningService).recordModulePassed(enrolment.id, module.id);
    }
    steps = stepsOf((await browser.request('GET', `/learning/${slug}`)).body);
    expect(steps.text['lab-booking']).toContain('No skills lab is open for booking yet');
    expect(steps.next).toBe('evaluation');

    const lab = await newLab(testApp.app, courseId, { capacity: 1 });
    steps = stepsOf((await browser.request('GET', `/learning/${slug}`)).body);
    expect(steps.next).toBe('lab-booking');
    expect(steps.text['lab-booking']).toContain('One lab is open for booking');

    // Full: a waitlist place is waiting, and says so with the place in the queue.
    const other = await eligibleLearner(testApp.app, slug);
    await testApp.app.get(BookingService).book(other.id, lab.id);
    await testApp.app.get(BookingService).book(learner.id, lab.id);
    steps = stepsOf((await browser.request('GET', `/learning/${slug}`)).body);
    expect(steps.text['lab-booking']).toContain(
      'You are number 1 on the waitlist of “Bone marrow harvest skills lab”',
    );
    expect(steps.next).toBe('evaluation');

    const dashboard = (await browser.request('GET', '/learning')).body;
    expect(dashboard).toContain('Next: <strong>Evaluate the course</strong>');
    expect(dashboard).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});
