import type { LightMyRequestResponse } from 'fastify';
import { enrolReady } from '../factories/enrolments';
import { FakeClock } from '@academy/core';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse } from '../factories/courses';
import { PRETEST_ID } from '@academy/assessment';
import { newQuestionBank, rightAnswersAsShown, SAMPLE_QUESTIONS } from '../factories/questions';
import type { ShownQuestion } from '../factories/questions';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

const MODULE_ID = sampleContent().modules[0]!.id;

describe('quizzes over HTTP', () => {
  let testApp: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
  });

  afterAll(() => testApp.close());

  it('never sends the answer key before the review rules allow, then reviews in full after the last attempt', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    await newQuestionBank(testApp.app, courseId, MODULE_ID);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    // Tokens live 15 minutes on the moved clock: sign in again after waiting out a delay.
    const headers = { authorization: '' };
    const signIn = async () => {
      headers.authorization = `Bearer ${await bearerToken(testApp.app, learner)}`;
    };
    await signIn();
    const bodies: { step: string; response: LightMyRequestResponse }[] = [];
    const call = async (step: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
      const response = await testApp.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      bodies.push({ step, response });
      return response;
    };
    const keyLeaks = (body: string): string[] =>
      [
        ...SAMPLE_QUESTIONS.map((question) => question.explanation),
        '"correctAnswer"',
        '"explanation"',
        '"answerKey"',
        '"tolerance"',
      ].filter((secret) => body.includes(secret));

    // Attempts 1 and 2: fail. The quiz reviews "score and which wrong" after them.
    for (let attempt = 1; attempt <= 2; attempt++) {
      await call('status', 'GET', `/api/v1/me/courses/${slug}/modules/${MODULE_ID}/quiz`);
      const started = await call(
        'start',
        'POST',
        `/api/v1/me/courses/${slug}/modules/${MODULE_ID}/quiz/attempts`,
      );
      expect(started.statusCode).toBe(201);
      const attemptId = started.json<{ id: string }>().id;
      const viewed = await call('view', 'GET', `/api/v1/me/attempts/${attemptId}`);
      // The start answers the attempt as built from what it wrote; a read shows the same.
      expect(viewed.json()).toEqual(started.json());
      // A wrong answer to the true/false question, saved as the learner goes.
      const trueFalse = started
        .json<{ questions: { id: string; type: string }[] }>()
        .questions.find((question) => question.type === 'true_false');
      await call('save', 'PUT', `/api/v1/me/attempts/${attemptId}/answers`, {
        answers: trueFalse ? { [trueFalse.id]: true } : {},
      });
      const submitted = await call('submit', 'POST', `/api/v1/me/attempts/${attemptId}/submit`, {
        answers: {},
      });
      expect(submitted.json()).toMatchObject({
        status: 'submitted',
        result: { score: 0, passed: false },
        reviewLevel: 'score_and_wrong',
      });
      expect(
        submitted
          .json<{ review: object[] }>()
          .review.every((item) => Object.keys(item).sort().join() === 'correct,credit,questionId'),
      ).toBe(true);
      await call('view after', 'GET', `/api/v1/me/attempts/${attemptId}`);
      clock.advance(61 * 60_000);
      await signIn();
    }
    for (const { step, response } of bodies) {
      expect(response.statusCode).toBeLessThan(300);
      expect({ step, leaks: keyLeaks(response.body) }).toEqual({ step, leaks: [] });
    }

    // Attempt 3, the last: pass it with the right answers; now the full review may show everything.
    const last = await call('start', 'POST', `/api/v1/me/courses/${slug}/modules/${MODULE_ID}/quiz/attempts`);
    const lastId = last.json<{ id: string }>().id;
    expect(keyLeaks(last.body)).toEqual([]);
    const answers = rightAnswersAsShown(last.json<{ questions: ShownQuestion[] }>().questions);
    const passed = await call('submit', 'POST', `/api/v1/me/attempts/${lastId}/submit`, { answers });
    expect(passed.json()).toMatchObject({
      result: { score: 100, passed: true, attemptsUsed: 3, attemptsLimit: 3 },
      reviewLevel: 'full',
    });
    expect(
      passed
        .json<{ review: { explanation?: string; correctAnswer?: unknown }[] }>()
        .review.every((item) => item.explanation && item.correctAnswer !== undefined),
    ).toBe(true);
  });

  it('shuffles choices per attempt and keeps the key aligned: the right option by text is graded right', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    await newQuestionBank(testApp.app, courseId, MODULE_ID);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    const headers = { authorization: `Bearer ${await bearerToken(testApp.app, learner)}` };
    const started = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/courses/${slug}/modules/${MODULE_ID}/quiz/attempts`,
      headers,
    });
    const questions = started.json<{
      questions: {
        id: string;
        type: string;
        options?: { id: string; text: string }[];
        items?: { id: string; text: string }[];
      }[];
    }>().questions;
    const answers: Record<string, unknown> = {};
    for (const question of questions) {
      if (question.type === 'single') {
        answers[question.id] = question.options!.find(
          (option) => option.text === 'Posterior superior iliac spine',
        )!.id;
      } else if (question.type === 'true_false') {
        answers[question.id] = false;
      } else {
        const order = [
          'Palpate the landmark',
          'Prepare the sterile field',
          'Anaesthetise to the periosteum',
          'Insert the trocar',
        ];
        answers[question.id] = order.map((text) => question.items!.find((item) => item.text === text)!.id);
      }
    }
    const submitted = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/attempts/${started.json<{ id: string }>().id}/submit`,
      headers,
      payload: { answers },
    });
    expect(submitted.json()).toMatchObject({ result: { score: 100, passed: true } });
  });

  it('answers a bad answer with a 400 naming the question, and a stranger’s attempt with a 404', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    await newQuestionBank(testApp.app, courseId, MODULE_ID);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    const headers = { authorization: `Bearer ${await bearerToken(testApp.app, learner)}` };
    const started = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/courses/${slug}/modules/${MODULE_ID}/quiz/attempts`,
      headers,
    });
    const attemptId = started.json<{ id: string; questions: { id: string }[] }>().id;
    const questionId = started.json<{ questions: { id: string }[] }>().questions[0]!.id;
    const bad = await testApp.app.inject({
      method: 'PUT',
      url: `/api/v1/me/attempts/${attemptId}/answers`,
      headers,
      payload: { answers: { [questionId]: { a: 1 } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'BAD_ANSWER',
      fields: { [`answers.${questionId}`]: [expect.stringContaining(questionId)] },
    });
    const stranger = {
      authorization: `Bearer ${await bearerToken(testApp.app, await newUser(testApp.app))}`,
    };
    expect(
      (
        await testApp.app.inject({
          method: 'GET',
          url: `/api/v1/me/attempts/${attemptId}`,
          headers: stranger,
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('answers given one by one over HTTP', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('keeps an answer or flag as given, for the attempt’s owner only, while the attempt is open', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    await newQuestionBank(testApp.app, courseId, MODULE_ID);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    const headers = { authorization: `Bearer ${await bearerToken(testApp.app, learner)}` };
    const started = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/courses/${slug}/modules/${MODULE_ID}/quiz/attempts`,
      headers,
    });
    const attempt = started.json<{ id: string; questions: ShownQuestion[] }>();
    const [first, second] = attempt.questions;
    const give = (questionId: string, payload: object, as = headers) =>
      testApp.app.inject({
        method: 'PUT',
        url: `/api/v1/me/attempts/${attempt.id}/questions/${questionId}`,
        headers: as,
        payload,
      });
    const right = rightAnswersAsShown(attempt.questions);
    expect((await give(first!.id, { answer: right[first!.id] })).statusCode).toBe(204);
    expect((await give(second!.id, { flagged: true })).statusCode).toBe(204);
    const resumed = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/me/attempts/${attempt.id}`,
      headers,
    });
    expect(resumed.json()).toMatchObject({
      status: 'open',
      answers: { [first!.id]: right[first!.id] },
      flagged: [second!.id],
    });

    const bad = await give(first!.id, { answer: { a: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ fields: { answer: [expect.stringContaining('answer must be')] } });
    // True or false to a question of choices.
    const withChoices = attempt.questions.find((question) => question.options ?? question.items)!;
    const misfit = await give(withChoices.id, { answer: true });
    expect(misfit.statusCode).toBe(400);
    expect(misfit.json()).toMatchObject({ code: 'BAD_ANSWER', fields: { answer: [expect.any(String)] } });

    const stranger = {
      authorization: `Bearer ${await bearerToken(testApp.app, await newUser(testApp.app))}`,
    };
    expect((await give(first!.id, { flagged: true }, stranger)).statusCode).toBe(404);

    await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/attempts/${attempt.id}/submit`,
      headers,
      payload: {},
    });
    const closed = await give(first!.id, { flagged: false });
    expect(closed.statusCode).toBe(409);
    expect(closed.json()).toMatchObject({ code: 'ATTEMPT_CLOSED' });
  });
});

describe('quiz pages without a script', () => {
  let testApp: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
  });

  afterAll(() => testApp.close());

  const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

  /** The question ids the attempt page shows, in order. */
  const questionIdsOf = (html: string): string[] =>
    [...html.matchAll(/data-question-id="([^"]+)"/g)].map((match) => match[1]!);

  it('asks before submitting with questions unanswered, listing them; then grades what was saved and reviews by the policy', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    await newQuestionBank(testApp.app, courseId, MODULE_ID);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    const browser = await new BrowserSession(testApp.app).signIn(learner);
    const started = await browser.submit(`/learning/${slug}/modules/${MODULE_ID}/quiz/start`);
    expect(started.statusCode).toBe(303);
    const attemptUrl = started.headers.location as string;
    const page = await browser.request('GET', attemptUrl);
    const ids = questionIdsOf(page.body);
    expect(page.body.replace(/<[^>]+>/g, '')).toContain('0 of 2 answered');

    // One question answered with its first choice (an ordering has none to click), the other flagged.
    const answered = ids.findIndex((id) => page.body.includes(`name="q_${id}" value="`));
    const [given, open] = [ids[answered]!, ids[1 - answered]!];
    const choice = new RegExp(`name="q_${given}" value="([^"]+)"`).exec(page.body)![1]!;
    const asked = await browser.submit(attemptUrl, {
      [`q_${given}`]: choice,
      [`flag_${open}`]: 'yes',
      action: 'submit',
    });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(`${attemptUrl}?confirm=submit#submit-warning`);
    const warning = await browser.request('GET', `${attemptUrl}?confirm=submit`);
    expect(warning.body).toContain('1 of 2 questions are not answered');
    expect(warning.body).toContain(`href="#question-${2 - answered}">Question ${2 - answered}</a>`);
    // What was given is kept: the choice checked, the flag set, the panel saying so.
    expect(warning.body).toMatch(new RegExp(`name="q_${given}" value="${choice}" checked`));
    expect(warning.body).toContain(`name="flag_${open}" value="yes" checked`);
    expect(warning.body).toContain('not answered, flagged for review');

    const graded = await browser.submit(attemptUrl, { action: 'submit', confirmUnanswered: 'yes' });
    expect(graded.statusCode).toBe(303);
    const result = await browser.request('GET', attemptUrl);
    expect(result.body).toMatch(/Not passed: (0|50)%/);
    expect(result.body).toContain('Pass mark: <strong>80%</strong>');
    // Score and which were wrong: the learner's own answers, never the key or its rationale.
    expect(result.body).toContain('Your answer: <em>not answered</em>');
    expect(result.body).not.toContain('Right answer:');
    for (const question of SAMPLE_QUESTIONS) {
      expect(result.body).not.toContain(question.explanation);
    }
    expect(result.body).not.toMatch(ISO);

    // Too soon to try again: said in the reader's time, never as a timestamp.
    const tooSoon = await browser.submit(`/learning/${slug}/modules/${MODULE_ID}/quiz/start`);
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.body).toContain('You can try again from <time');
    expect(tooSoon.body).toMatch(/10:0\d am today/);
    expect(tooSoon.body.replace(/datetime="[^"]+"/g, '')).not.toMatch(ISO);
  });

  it('shows the pre-test’s score as a baseline, never a pass or a fail', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app, { pretest: { questionCount: 2 } });
    await newQuestionBank(testApp.app, courseId, MODULE_ID);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    const browser = await new BrowserSession(testApp.app).signIn(learner);
    const overview = await browser.request('GET', `/learning/${slug}/modules/${PRETEST_ID}/quiz`);
    expect(overview.body).toContain('Not graded');
    expect(overview.body).not.toContain('Pass with');
    const started = await browser.submit(`/learning/${slug}/modules/${PRETEST_ID}/quiz/start`);
    const attemptUrl = started.headers.location as string;
    await browser.submit(attemptUrl, { action: 'submit', confirmUnanswered: 'yes' });
    const result = await browser.request('GET', attemptUrl);
    expect(result.body).toContain('Your baseline: 0%');
    expect(result.body).not.toMatch(/Not passed|Passed:|Pass mark/);
    const after = await browser.request('GET', `/learning/${slug}/modules/${PRETEST_ID}/quiz`);
    expect(after.body).toContain('baseline 0%');
    expect(after.body).not.toMatch(/not passed|No attempts left/);
  });
});

describe('gating over HTTP', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('refuses direct calls to a locked lesson or quiz until the module before is passed', async () => {
    const [first, second] = sampleContent().modules;
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    await newQuestionBank(testApp.app, courseId, first!.id);
    await newQuestionBank(testApp.app, courseId, second!.id);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    const headers = { authorization: `Bearer ${await bearerToken(testApp.app, learner)}` };
    const lockedQuiz = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/courses/${slug}/modules/${second!.id}/quiz/attempts`,
      headers,
    });
    expect(lockedQuiz.statusCode).toBe(403);
    expect(lockedQuiz.json()).toMatchObject({
      code: 'MODULE_LOCKED',
      message: expect.stringContaining('Landmarks'),
    });
    const status = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/me/courses/${slug}/modules/${second!.id}/quiz`,
      headers,
    });
    expect(status.statusCode).toBe(403);

    const browser = await new BrowserSession(testApp.app).signIn(learner);
    const lockedLesson = await browser.request('GET', `/learning/${slug}/lessons/${second!.lessons[0]!.id}`);
    expect(lockedLesson.statusCode).toBe(403);
    expect((await browser.request('GET', `/learning/${slug}`)).body).toContain('locked');

    // Pass the first quiz; the second module opens.
    const started = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/courses/${slug}/modules/${first!.id}/quiz/attempts`,
      headers,
    });
    const served = started.json<{ id: string; questions: ShownQuestion[] }>();
    const answers = rightAnswersAsShown(served.questions);
    await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/attempts/${served.id}/submit`,
      headers,
      payload: { answers },
    });
    expect(
      (await browser.request('GET', `/learning/${slug}/lessons/${second!.lessons[0]!.id}`)).statusCode,
    ).toBe(200);
    const open = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/me/courses/${slug}/modules/${second!.id}/quiz/attempts`,
      headers,
    });
    expect(open.statusCode).toBe(201);
  });
});

describe('quiz attempts under concurrent HTTP requests', () => {
  let testApp: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
  });

  afterAll(() => testApp.close());

  it('50 parallel starts and submits never open two attempts nor exceed the limit', async () => {
    const { courseId, slug } = await newPublishedCourse(testApp.app);
    await newQuestionBank(testApp.app, courseId, MODULE_ID);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    for (let round = 0; round < 4; round++) {
      // A fresh token each round: the clock moves past the 15-minute token life.
      const headers = { authorization: `Bearer ${await bearerToken(testApp.app, learner)}` };
      const starts = await Promise.all(
        Array.from({ length: 50 }, () =>
          testApp.app.inject({
            method: 'POST',
            url: `/api/v1/me/courses/${slug}/modules/${MODULE_ID}/quiz/attempts`,
            headers,
          }),
        ),
      );
      expect(starts.every((response) => response.statusCode < 500)).toBe(true);
      const opened = new Set(
        starts
          .filter((response) => response.statusCode < 300)
          .map((response) => response.json<{ id: string }>().id),
      );
      expect(opened.size).toBeLessThanOrEqual(1);
      if (round < 3) {
        expect(starts.filter((response) => response.statusCode === 201)).toHaveLength(1);
      } else {
        expect(
          starts.every((response) => response.json<{ code?: string }>().code === 'ATTEMPTS_EXHAUSTED'),
        ).toBe(true);
      }
      for (const attemptId of opened) {
        const submits = await Promise.all(
          Array.from({ length: 50 }, () =>
            testApp.app.inject({
              method: 'POST',
              url: `/api/v1/me/attempts/${attemptId}/submit`,
              headers,
              payload: {},
            }),
          ),
        );
        expect(submits.every((response) => response.statusCode === 200)).toBe(true);
        expect(
          new Set(
            submits.map(
              (response) => response.json<{ result: { attemptsUsed: number } }>().result.attemptsUsed,
            ),
          ),
        ).toEqual(new Set([round + 1]));
      }
      clock.advance(61 * 60_000);
    }
  });
});
