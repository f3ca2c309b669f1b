import type { Browser, Page } from 'playwright-core';
import { sampleContent } from '../factories/course-content';
import { newReadyDraft } from '../factories/courses';
import { newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, DESKTOP, launchChromium, listen, signInThroughPage, snapshot, textOf } from './browser';

jest.setTimeout(180_000);

const NEGATIVE = 'Which of the following is not a landmark used for a posterior iliac crest harvest?';
const EMPHASISED = 'Which of the following is NOT a landmark used for a posterior iliac crest harvest?';

describe('an author writes a question and the item-writing linter answers as they type', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let admin: TestUser;
  const module = sampleContent().modules[0]!;

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
    admin = await newUser(testApp.app, { roles: ['admin'] });
  });

  afterAll(() => closeAll(browser, testApp));

  async function signedIn(user: TestUser): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    return page;
  }

  it('shows a warning live, keeps one with its reason, and counts the bank on the publish checklist', async () => {
    const { courseId } = await newReadyDraft(testApp.app);
    const page = await signedIn(admin);
    try {
      await page.goto(`/admin/courses/${courseId}/modules/${module.id}/questions/new`);
      const warnings = page.locator('#question-warnings');
      const negative = warnings.locator('[data-rule="negative-stem"]');
      const noObjective = warnings.locator('[data-rule="no-objective"]');
      // Nothing written yet: only the missing objective is flagged.
      await noObjective.waitFor({ state: 'visible' });
      expect(await negative.isHidden()).toBe(true);

      // Typing a negative question without emphasis: the warning appears without saving.
      await page.getByLabel('Question', { exact: true }).fill(NEGATIVE);
      await negative.waitFor({ state: 'visible' });
      expect(await textOf(negative)).toContain('A negative question without emphasis');
      expect(await textOf(negative)).toContain('“not” in lower case');
      expect(await textOf(negative)).toContain('write the word in capitals (NOT, EXCEPT, LEAST)');
      expect(page.url()).toContain('/questions/new');
      await snapshot(page, 'item-lint-negative-stem');

      // Writing NOT in capitals is the emphasis: the warning goes.
      await page.getByLabel('Question', { exact: true }).fill(EMPHASISED);
      await negative.waitFor({ state: 'hidden' });

      // Choices whose key is much the longest, and an absolute word in a distractor.
      await page
        .getByLabel('a', { exact: true })
        .fill('The sacroiliac joint line, palpated medial to the PSIS in every patient');
      await page.getByLabel('b', { exact: true }).fill('Iliac tubercle');
      await page.getByLabel('c', { exact: true }).fill('PSIS dimple');
      await page.getByLabel('d', { exact: true }).fill('Iliac crest');
      await page.getByRole('checkbox', { name: 'right answer a' }).check();
      const longest = warnings.locator('[data-rule="key-longest"]');
      await longest.waitFor({ state: 'visible' });
      expect(await textOf(longest)).toContain('The right answer is the longest choice');

      // Choosing the objective takes its warning away.
      await page
        .getByLabel('Learning objective it measures')
        .selectOption({ label: `1. ${module.objectives[0]!}` });
      await noObjective.waitFor({ state: 'hidden' });

      // The author keeps the length warning, saying why, and saves.
      await longest
        .getByRole('textbox')
        .fill('The key must name the joint and its palpation; shorter loses meaning.');
      await page.getByLabel('Rationale (shown in reviews)').fill('The SI joint is not a harvest landmark.');
      await page.getByLabel('Reference (where it is taught)').fill('Lesson: The PSIS');
      await snapshot(page, 'item-lint-explained');
      await page.getByRole('button', { name: 'Add question' }).click();
      await page.waitForURL('**/questions?notice=added');

      const bank = await textOf(page.getByRole('main'));
      expect(bank).toContain('Kept because: The key must name the joint');
      expect(bank).toContain(`Objective 1: ${module.objectives[0]!}`);
      expect(await textOf(page.locator('#blueprint'))).toContain(`1. ${module.objectives[0]!} 1`);
      await snapshot(page, 'item-lint-bank');

      await page.goto(`/admin/courses/${courseId}/checklist`);
      const estimate = await textOf(page.locator('#credit-estimate'));
      expect(estimate).toContain('AMA PRA Category 1 Credit™ 2.00 above the estimate');
      expect(estimate).toContain('supports at most 0.00 credit');
      expect(await page.getByLabel(/^Credit justification/).inputValue()).toContain(
        'Timed pilot: 12 orthopaedic surgeons',
      );
      const lint = await textOf(page.locator('#item-lint'));
      // The kept warning is explained; the choices' lengths and the small bank are not.
      expect(lint).toMatch(/Module 1 \(Landmarks\) 1 3 2/);
      expect(lint).toContain('The right answer is the longest choice: 1');
      expect(await page.getByRole('button', { name: /^Publish version/ }).isVisible()).toBe(true);
      await snapshot(page, 'item-lint-checklist');
    } finally {
      await page.context().close();
    }
  });

  it('adds a question to the pre-test’s own pool, tagged with another module’s objective, and explains a bank warning', async () => {
    const second = sampleContent().modules[1]!;
    const { courseId } = await newReadyDraft(testApp.app, { pretest: { questionCount: 2 } });
    const page = await signedIn(admin);
    try {
      await page.goto(`/admin/courses/${courseId}`);
      await page.getByRole('link', { name: 'Pre-test questions' }).click();
      await page.waitForURL('**/questions');
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Pre-test questions');
      await page.getByRole('link', { name: 'Add a question' }).click();
      await page.getByLabel('Type of question').selectOption('true_false');
      await page
        .getByLabel('Question', { exact: true })
        .fill('Small pulls with repositioning dilute the sample less.');
      await page.getByLabel('The statement is').selectOption('true');
      await page
        .getByLabel('Learning objective it measures')
        .selectOption({ label: `1. ${second.objectives[0]!}` });
      await page.getByLabel('Rationale (shown in reviews)').fill('Large pulls draw peripheral blood.');
      await page.getByLabel('Reference (where it is taught)').fill('Lesson: Small pulls');
      await page.getByRole('button', { name: 'Add question' }).click();
      await page.waitForURL('**/questions?notice=added');
      const pool = await textOf(page.getByRole('main'));
      expect(pool).toContain(`Module 2, objective 1: ${second.objectives[0]!}`);
      // Tagged with an objective the course states: the question itself draws no warning.
      expect(await page.locator('.item-warnings').count()).toBe(0);
      expect(pool).toContain('1 warning(s) in this bank, 1 unexplained.');
      expect(await textOf(page.locator('#blueprint'))).toContain(
        `2.1. Aspiration: ${second.objectives[0]!} 1`,
      );

      // One question for a draw of two: the pool is small; the author keeps it, saying why.
      const small = page.locator('#bank-warnings [data-rule="bank-too-small"]');
      expect(await textOf(small)).toContain('The pre-test draws 2 questions; its pool has 1.');
      await small
        .getByRole('textbox')
        .fill('The pool grows with the next version; the draw is reduced then.');
      await page.getByRole('button', { name: 'Save the explanations' }).click();
      await page.waitForURL('**/questions?notice=notes');
      expect(await textOf(page.getByRole('status'))).toContain('Explanations saved in the draft.');
      await snapshot(page, 'item-lint-pretest-pool');

      await page.goto(`/admin/courses/${courseId}/checklist`);
      expect(await textOf(page.locator('#item-lint'))).toMatch(/Pre-test 1 1 0/);
    } finally {
      await page.context().close();
    }
  });
});
