import type { Browser, Page } from 'playwright-core';
import { CoursesService } from '@academy/catalog';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse } from '../factories/courses';
import { enrolReady } from '../factories/enrolments';
import { newQuestionBank, SAMPLE_QUESTIONS } from '../factories/questions';
import { newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  DESKTOP,
  horizontalOverflow,
  launchChromium,
  listen,
  NARROW_PHONE,
  signInThroughPage,
  snapshot,
  textOf,
} from './browser';

jest.setTimeout(180_000);

const NEW_STEM = 'Which bony landmark do you palpate first for a posterior iliac crest harvest?';

describe('an admin edits the question bank in a draft while learners keep the published version', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let admin: TestUser;
  const moduleId = sampleContent().modules[0]!.id;

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
    admin = await newUser(testApp.app, { roles: ['admin'] });
  });

  afterAll(() => closeAll(browser, testApp));

  async function signedIn(viewport: { width: number; height: number }, user: TestUser): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    return page;
  }

  it('edits a question in the draft; a learner pinned to the published version still gets the old stem', async () => {
    const content = sampleContent();
    content.modules[0]!.quiz = { ...content.modules[0]!.quiz!, questionCount: 3 };
    const { courseId, slug } = await newPublishedCourse(testApp.app, { modules: content.modules });
    await newQuestionBank(testApp.app, courseId, moduleId);
    const learner = await newUser(testApp.app);
    await enrolReady(testApp.app, learner.id, slug);
    const courses = testApp.app.get(CoursesService);
    await courses.startDraft(courseId);

    const page = await signedIn(DESKTOP, admin);
    try {
      await page.goto(`/admin/courses/${courseId}/modules/${moduleId}/questions`);
      expect(await textOf(page.getByRole('main'))).toContain('is the draft');
      const card = page.locator('.bank-items > li').filter({ hasText: SAMPLE_QUESTIONS[0]!.prompt });
      await card.getByRole('link', { name: /^Edit question/ }).click();
      await page.waitForURL('**/edit');
      await page.getByLabel('Question', { exact: true }).fill(NEW_STEM);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL('**/questions?notice=edited');
      expect(await textOf(page.getByRole('status'))).toContain('Question saved in the draft.');
      expect(await textOf(page.getByRole('main'))).toContain(NEW_STEM);

      // The published version's bank is unchanged, and offers nothing to edit.
      const published = (await courses.history(courseId)).find((version) => version.status === 'published')!;
      await page.goto(`/admin/courses/${courseId}/modules/${moduleId}/questions?version=${published.number}`);
      const publishedText = await textOf(page.getByRole('main'));
      expect(publishedText).toContain(SAMPLE_QUESTIONS[0]!.prompt);
      expect(publishedText).not.toContain(NEW_STEM);
      expect(await page.getByRole('link', { name: /^Edit question/ }).count()).toBe(0);
      await snapshot(page, 'question-bank-published');

      // The version history's comparison lists the edit, with the stem it had.
      await page.goto(
        `/admin/courses/${courseId}/history?from=${published.number}&to=${published.number + 1}`,
      );
      const changes = page.locator('.question-changes > li');
      expect(await changes.count()).toBe(1);
      const change = await textOf(changes);
      expect(change).toContain(`edited Landmarks › “${NEW_STEM}” (the question text)`);
      expect(change).toMatch(/Was:\s+Which landmark is usually palpated first/);
      for (const [width, viewport] of [
        ['1280', DESKTOP],
        ['375', NARROW_PHONE],
      ] as const) {
        await page.setViewportSize(viewport);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await snapshot(page, `version-diff-questions-${width}`);
      }
      await page.setViewportSize(DESKTOP);

      // Even once the draft is published, the learner enrolled before keeps their version's stem.
      await courses.publish(courseId, (await courses.getDraft(courseId)).revision);
    } finally {
      await page.context().close();
    }

    const learnerPage = await signedIn(DESKTOP, learner);
    try {
      await learnerPage.goto(`/learning/${slug}/modules/${moduleId}/quiz`);
      await learnerPage.getByRole('button', { name: 'Start attempt' }).click();
      await learnerPage.waitForURL('**/learning/attempts/**');
      const prompts = await learnerPage.locator('.question .prompt').allInnerTexts();
      expect(prompts).toContain(SAMPLE_QUESTIONS[0]!.prompt);
      expect(prompts).not.toContain(NEW_STEM);
    } finally {
      await learnerPage.context().close();
    }
  });

  for (const [name, viewport] of [
    ['1280', DESKTOP],
    ['375', NARROW_PHONE],
  ] as const) {
    it(`shows only the chosen type's fields, with a live preview as learners see it (${name} px)`, async () => {
      const { courseId } = await newPublishedCourse(testApp.app);
      await testApp.app.get(CoursesService).startDraft(courseId);
      const page = await signedIn(viewport, admin);
      try {
        await page.goto(`/admin/courses/${courseId}/modules/${moduleId}/questions`);
        await page.getByRole('link', { name: 'Add a question' }).click();
        await page.waitForURL('**/questions/new');
        // With the script, the no-script switch is gone and only one right answer's fields show.
        expect(await page.getByRole('button', { name: 'Show the fields for this type' }).isVisible()).toBe(
          false,
        );
        expect(await page.getByLabel('Answer', { exact: true }).isVisible()).toBe(false);
        await page.getByLabel('Question', { exact: true }).fill('Which landmark is palpated first?');
        await page.getByLabel('a', { exact: true }).fill('Posterior superior iliac spine');
        await page.getByLabel('b', { exact: true }).fill('Xiphoid process');
        const preview = page.locator('#question-preview');
        expect(await textOf(preview)).toContain('Which landmark is palpated first?');
        expect(await preview.getByRole('radio').count()).toBe(2);
        await snapshot(page, `question-form-single-${name}`);

        await page.getByLabel('Type of question').selectOption('numeric');
        expect(await page.getByLabel('Answer', { exact: true }).isVisible()).toBe(true);
        expect(await page.getByLabel('a', { exact: true }).isVisible()).toBe(false);
        await page.getByLabel('Unit').fill('mL');
        expect(await textOf(preview)).toContain('Your answer (mL)');
        expect(await preview.getByRole('spinbutton').count()).toBe(1);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await snapshot(page, `question-form-numeric-${name}`);

        // Saved with only the number's fields: the hidden choices are not sent.
        await page.getByLabel('Question', { exact: true }).fill('How many mL per pull at most?');
        await page.getByLabel('Answer', { exact: true }).fill('2');
        await page.getByLabel('Tolerance (±)').fill('0.5');
        await page.getByLabel('Rationale (shown in reviews)').fill('Small pulls keep the sample pure.');
        await page.getByLabel('Reference (where it is taught)').fill('Lesson: Small pulls');
        await page.getByRole('button', { name: 'Add question' }).click();
        await page.waitForURL('**/questions?notice=added');
        const bank = await textOf(page.getByRole('main'));
        expect(bank).toContain('How many mL per pull at most?');
        expect(bank).toContain('Right answer: 2 ± 0.5 mL');
      } finally {
        await page.context().close();
      }
    });
  }
});
