import type { Browser, Page } from 'playwright-core';
import { PRETEST_ID } from '@academy/assessment';
import { FakeClock } from '@academy/core';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse } from '../factories/courses';
import { enrolReady } from '../factories/enrolments';
import { newQuestionBank } from '../factories/questions';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  DESKTOP,
  horizontalOverflow,
  launchChromium,
  NARROW_PHONE,
  listen,
  signInThroughPage,
  snapshot,
  textOf,
} from './browser';

jest.setTimeout(180_000);

describe('a physician takes a timed quiz, leaves, comes back, and reads the review', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const clock = new FakeClock(new Date('2026-11-21T15:00:00Z'));
  const moduleId = sampleContent().modules[0]!.id;

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(() => closeAll(browser, testApp));

  /** A learner signed in on a course whose first quiz serves all three sample questions in 10 minutes, with a pre-test. */
  async function signedInLearner(page: Page): Promise<string> {
    const content = sampleContent();
    content.modules[0]!.quiz = { ...content.modules[0]!.quiz!, questionCount: 3, timeLimitMinutes: 10 };
    const { courseId, slug } = await newPublishedCourse(testApp.app, {
      modules: content.modules,
      pretest: { questionCount: 3 },
    });
    await newQuestionBank(testApp.app, courseId, moduleId);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, learner);
    return slug;
  }

  const saved = (page: Page) =>
    page.waitForResponse(
      (response) => response.url().includes('/questions/') && response.request().method() === 'POST',
    );

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', NARROW_PHONE],
  ] as const) {
    it(`keeps answers and flags across a reload, warns of unanswered questions, reviews by the policy (${name})`, async () => {
      const context = await browser.newContext({ baseURL: baseUrl, viewport, timezoneId: 'America/Chicago' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      try {
        const slug = await signedInLearner(page);
        await page.goto(`/learning/${slug}/modules/${moduleId}/quiz`);
        expect(await textOf(page.getByRole('main'))).toContain('A countdown shows the time left');
        await page.getByRole('button', { name: 'Start attempt' }).click();
        await page.waitForURL('**/learning/attempts/**');

        // The countdown runs from the server's deadline; the end is said in the reader's time.
        const timer = page.getByRole('timer');
        expect(await timer.textContent()).toMatch(/^(10:00|9:5\d)$/);
        expect(await textOf(page.locator('#countdown'))).toContain('ends 9:10 am today');

        // Answer the true/false question, flag the single-choice one.
        const trueFalse = page.locator('fieldset[data-type="true_false"]');
        const single = page.locator('fieldset[data-type="single"]');
        const trueFalseNumber = await trueFalse.getAttribute('data-number');
        const singleNumber = await single.getAttribute('data-number');
        let response = saved(page);
        await trueFalse.getByLabel('False', { exact: true }).check();
        expect((await response).status()).toBe(204);
        response = saved(page);
        await single.getByLabel(`Flag question ${singleNumber} for review`).check();
        expect((await response).status()).toBe(204);
        const panel = page.getByRole('navigation', { name: 'Questions' });
        expect(await textOf(panel)).toContain('1 of 3 answered');
        await expect(
          panel.getByRole('link', { name: `Question ${trueFalseNumber}, answered` }).count(),
        ).resolves.toBe(1);
        await expect(
          panel
            .getByRole('link', { name: `Question ${singleNumber}, not answered, flagged for review` })
            .count(),
        ).resolves.toBe(1);

        // A reload (or a closed tab) loses nothing: the answer, the flag and the panel come back.
        await page.reload();
        expect(await trueFalse.getByLabel('False', { exact: true }).isChecked()).toBe(true);
        expect(await single.getByLabel(`Flag question ${singleNumber} for review`).isChecked()).toBe(true);
        expect(
          await panel
            .getByRole('link', { name: `Question ${singleNumber}, not answered, flagged for review` })
            .count(),
        ).toBe(1);
        expect(await horizontalOverflow(page)).toBe(0);
        await snapshot(page, `quiz-attempt-${name}`);

        // Submitting with questions unanswered asks first, naming them.
        await page.getByRole('button', { name: 'Submit for grading' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        expect(await textOf(dialog)).toContain('2 of 3 questions not answered');
        await expect(dialog.getByRole('link', { name: `Question ${singleNumber}` }).count()).resolves.toBe(1);
        await snapshot(page, `quiz-unanswered-warning-${name}`);
        await dialog.getByRole('button', { name: 'Keep answering' }).click();
        expect(await dialog.isVisible()).toBe(false);
        await page.getByRole('button', { name: 'Submit for grading' }).click();
        await dialog.getByRole('button', { name: 'Submit anyway' }).click();

        // Failed: the score against the pass mark, and per question what the policy opens
        // (the learner's answer and whether it was right, never the key).
        await page.getByRole('heading', { name: 'Not passed: 33%' }).waitFor();
        const main = await textOf(page.getByRole('main'));
        expect(main).toContain('Your score: 33%. Pass mark: 80%.');
        expect(main).toContain('Your answer: False');
        expect(main).toContain('Your answer: not answered');
        expect(main).not.toContain('Right answer');
        expect(await page.locator('.review .quiz-verdict', { hasText: 'Right' }).count()).toBe(1);
        expect(await page.locator('.review .quiz-verdict', { hasText: 'Wrong' }).count()).toBe(2);
        expect(await horizontalOverflow(page)).toBe(0);
        await snapshot(page, `quiz-failed-review-${name}`);

        // The pre-test: a baseline, without a pass or a fail.
        await page.goto(`/learning/${slug}/modules/${PRETEST_ID}/quiz`);
        await page.getByRole('button', { name: 'Start the pre-test' }).click();
        await page.waitForURL('**/learning/attempts/**');
        expect(await page.getByRole('timer').count()).toBe(0);
        await page.getByRole('button', { name: 'Submit for grading' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Submit anyway' }).click();
        await page.getByRole('heading', { name: 'Your baseline: 0%' }).waitFor();
        expect(await textOf(page.getByRole('main'))).not.toMatch(/Passed|Not passed|Pass mark/);
        expect(await horizontalOverflow(page)).toBe(0);
        await snapshot(page, `quiz-pretest-baseline-${name}`);
      } finally {
        await context.close();
      }
    });
  }
});
