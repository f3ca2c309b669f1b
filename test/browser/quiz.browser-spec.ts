import type { Browser, Page } from 'playwright-core';
import { QuestionBankService } from '@academy/assessment';
import type { QuestionInput } from '@academy/assessment';
import { CatalogService } from '@academy/catalog';
import { FakeClock } from '@academy/core';
import { seedDemo } from '../../apps/api/src/demo/demo-seed';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, DESKTOP, launchChromium, listen, snapshot } from './browser';

jest.setTimeout(180_000);

const PASSWORD = 'demo passphrase 2026';
const FLAGSHIP = 'bone-marrow-harvesting';

describe('the demo learner studies and takes a quiz', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    await seedDemo(testApp.app, PASSWORD);
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    // Each closed even if another fails or never opened: a failed start must not hang the run.
    await closeAll(browser, testApp);
  });

  /** Answers every question on the attempt page right, finding each by its prompt. */
  async function answerRight(
    page: Page,
    bank: { prompt: string; question: QuestionInput }[],
  ): Promise<number> {
    let answered = 0;
    for (const { prompt, question } of bank) {
      const fieldset = page.locator('fieldset.question', { hasText: prompt });
      if ((await fieldset.count()) === 0) {
        continue;
      }
      answered += 1;
      const textOf = (id: string) =>
        [...(question.options ?? []), ...(question.items ?? [])].find((choice) => choice.id === id)!.text;
      switch (question.type) {
        case 'single':
          await fieldset.getByLabel(textOf(question.correct as string), { exact: true }).check();
          break;
        case 'multiple':
          for (const id of question.correct as string[]) {
            await fieldset.getByLabel(textOf(id), { exact: true }).check();
          }
          break;
        case 'true_false':
          await fieldset.getByLabel(question.correct ? 'True' : 'False', { exact: true }).check();
          break;
        case 'numeric':
          await fieldset.getByRole('spinbutton').fill(String(question.answer));
          break;
        case 'ordering':
          for (const [position, item] of (question.items ?? []).entries()) {
            await fieldset.getByLabel(item.text, { exact: true }).selectOption(String(position + 1));
          }
          break;
      }
    }
    return answered;
  }

  it('reads a lesson, fails the quiz, waits out the delay, passes, reviews, and sees progress move', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`/login?next=/learning/${FLAGSHIP}`);
    await page.getByLabel('E-mail').fill('learner@demo.regen.academy');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`**/learning/${FLAGSHIP}`);
    const progressBefore = Number(await page.locator('progress').first().getAttribute('value'));
    expect(progressBefore).toBeGreaterThan(0);
    // Anatomy is passed; injection is still locked.
    await page.getByText('locked').first().waitFor();
    await snapshot(page, 'quiz-player-before');

    // Read the next lesson.
    await page.getByRole('link', { name: /^Continue: / }).click();
    await page.locator('article.lesson-body h1').waitFor();
    await page.getByRole('link', { name: 'Bone Marrow Harvesting for Regenerative Medicine' }).click();
    const progressAfterLesson = Number(await page.locator('progress').first().getAttribute('value'));
    expect(progressAfterLesson).toBeGreaterThan(progressBefore);

    // Take the extraction quiz and fail it.
    await page.getByRole('link', { name: 'Take the quiz' }).click();
    await page.getByRole('button', { name: 'Start attempt' }).click();
    await page.waitForURL('**/learning/attempts/**');
    await page.getByRole('button', { name: 'Submit for grading' }).click();
    // Nothing answered: the page asks first.
    await page.getByRole('dialog').getByRole('button', { name: 'Submit anyway' }).click();
    await page.getByRole('heading', { name: 'Not passed: 0%' }).waitFor();
    await snapshot(page, 'quiz-failed');

    // The retry delay holds; once the clock has moved past it, a new attempt starts.
    await page.getByRole('link', { name: 'Quiz overview' }).click();
    await page.getByText('You can try again from').waitFor();
    clock.advance(61 * 60_000);
    await page.reload();
    await page.getByRole('button', { name: 'Start attempt' }).click();
    await page.waitForURL('**/learning/attempts/**');

    const flagship = await testApp.app.get(CatalogService).getPublished(FLAGSHIP);
    const extraction = flagship.content.modules[1]!;
    const bank = (await testApp.app.get(QuestionBankService).list(flagship.courseId, extraction.id)).map(
      (entity) => {
        const key = entity.answerKey.key;
        const body = entity.body;
        const question: QuestionInput = {
          type: body.type,
          prompt: body.prompt,
          options: body.type === 'single' || body.type === 'multiple' ? body.options : undefined,
          items: body.type === 'ordering' ? body.items : undefined,
          correct:
            key.type === 'single' || key.type === 'multiple' || key.type === 'true_false'
              ? key.correct
              : undefined,
          answer: key.type === 'numeric' ? key.answer : undefined,
          explanation: entity.answerKey.explanation,
          reference: entity.answerKey.reference,
        };
        if (body.type === 'ordering' && key.type === 'ordering') {
          question.items = key.order.map((id) => body.items.find((item) => item.id === id)!);
        }
        return { prompt: body.prompt, question };
      },
    );
    // An answer is saved as it is given, and survives a reload.
    const firstChoice = page.locator('fieldset.question input[type="radio"]').first();
    const [name, value] = [await firstChoice.getAttribute('name'), await firstChoice.getAttribute('value')];
    const saved = page.waitForResponse(
      (response) => response.url().includes('/learning/attempts/') && response.request().method() === 'POST',
    );
    await firstChoice.check();
    const savedResponse = await saved;
    expect(savedResponse.status()).toBe(204);
    await page.reload();
    expect(await page.locator(`input[name="${name}"][value="${value}"]`).isChecked()).toBe(true);
    expect(await answerRight(page, bank)).toBe(extraction.quiz!.questionCount);
    await snapshot(page, 'quiz-answered');
    await page.getByRole('button', { name: 'Submit for grading' }).click();
    await page.getByRole('heading', { name: 'Passed: 100%' }).waitFor();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    expect(await page.locator('.review .quiz-verdict', { hasText: 'Right' }).count()).toBe(
      extraction.quiz!.questionCount,
    );
    await snapshot(page, 'quiz-passed-review');

    // The next module is open now.
    await page.getByRole('link', { name: 'Back to the course' }).click();
    const processing = page.locator(`[data-step="lessons:${flagship.content.modules[2]!.id}"]`);
    expect(await processing.getAttribute('class')).not.toContain('is-locked');
    expect(await processing.getByRole('link').count()).toBeGreaterThan(0);
    await snapshot(page, 'quiz-player-after');
    await context.close();
  });
});
