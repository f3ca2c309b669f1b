import type { Browser, Page } from 'playwright-core';
import { CertificatesService } from '@academy/certificates';
import { FakeClock } from '@academy/core';
import { BookingService, RosterService } from '@academy/skills-lab';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse } from '../factories/courses';
import { finishCourse } from '../factories/enrolments';
import { newLab } from '../factories/labs';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, DESKTOP, launchChromium, lookAt, listen, signInThroughPage, textOf } from './browser';

jest.setTimeout(180_000);

const HOUR = 3_600_000;

describe('the course checklist leads a learner from the first lesson to the certificate', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeAll(browser, testApp);
  });

  /** The highlighted step of the course page: its key and its text. */
  async function nextStep(page: Page): Promise<{ key: string | null; text: string }> {
    const next = page.locator('.course-step.is-next');
    expect(await next.count()).toBe(1);
    return { key: await next.getAttribute('data-step'), text: await textOf(next) };
  }

  /** Looks at the page at 1280 and 375 px wide (no sideways scrolling on a phone), then back. */
  it('highlights lessons, quiz, lab booking, lab sign-off, evaluation, claim and certificate in turn', async () => {
    const { app } = testApp;
    const [landmarks, aspiration] = sampleContent().modules;
    const learner = await newUser(app, { fullName: 'Dr Amara Osei' });
    const { courseId, slug } = await newPublishedCourse(app);
    const lab = await newLab(app, courseId, { startsAt: new Date(clock.now().getTime() + HOUR) });

    const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, app, learner);
    await page.goto(`/courses/${slug}`);
    await page.getByRole('button', { name: 'Enrol' }).click();
    await page.waitForURL(`**/learning/${slug}`);

    // Before the disclosures, module 1 names the disclosures as its lock, not a quiz.
    expect((await nextStep(page)).key).toBe('disclosures');
    const firstLessons = page.locator(`[data-step="lessons:${landmarks!.id}"]`);
    expect(await textOf(firstLessons)).toContain('Opens once you acknowledge the course’s disclosures');
    await lookAt(page, 'course-steps-disclosures');
    await page.getByRole('button', { name: /I have read the disclosures/ }).click();

    // Lessons first; the quiz may be taken, and says the lessons are unread.
    expect((await nextStep(page)).key).toBe(`lessons:${landmarks!.id}`);
    expect(await textOf(page.locator(`[data-step="quiz:${landmarks!.id}"]`))).toContain(
      'You may take it now, but it asks about the lessons: read them first (0 of 1 read, 1 unread).',
    );
    expect(await textOf(page.locator(`[data-step="lessons:${aspiration!.id}"]`))).toContain(
      'Opens once you pass the quiz of “Landmarks”.',
    );
    await lookAt(page, 'course-steps-lessons');
    await page.locator('.course-step.is-next').getByRole('link', { name: 'Start: The PSIS' }).click();
    await page.locator('article.lesson-body h1').waitFor();
    // The module's last lesson leads to its quiz.
    await page.getByRole('link', { name: 'Take the quiz of “Landmarks” →' }).waitFor();
    await page.goto(`/learning/${slug}`);
    const quiz = await nextStep(page);
    expect(quiz.key).toBe(`quiz:${landmarks!.id}`);
    expect(quiz.text).toContain('You have read every lesson of this module.');
    await lookAt(page, 'course-steps-quiz');

    // Fast-forward: every quiz passed, two hours of study recorded.
    await finishCourse(app, learner.id, slug);
    await page.reload();
    expect((await nextStep(page)).key).toBe('lab-booking');
    await lookAt(page, 'course-steps-lab-booking');
    expect(
      await page
        .locator('.course-step.is-next')
        .getByRole('link', { name: 'Book a lab' })
        .getAttribute('href'),
    ).toBe(`/learning/${slug}/labs`);
    // Booked through the service: the labs page itself is the skills lab's to test.
    await app.get(BookingService).book(learner.id, lab.id);
    await page.goto(`/learning/${slug}`);
    const signOff = await nextStep(page);
    expect(signOff.key).toBe('lab-sign-off');
    // In the reader's words, not a timestamp: the lab starts within the hour.
    expect(signOff.text).toMatch(/\d{1,2}:\d{2} (am|pm) today/);
    expect(signOff.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await lookAt(page, 'course-steps-lab-sign-off');

    // The lab starts: the instructor checks the learner in and signs every step at its level.
    clock.set(lab.startsAt);
    const roster = app.get(RosterService);
    const instructor = { userId: lab.instructor!.id, roles: lab.instructor!.roles };
    const [booking] = (await roster.roster(instructor, lab.id)).entries;
    await roster.checkIn(instructor, lab.id, booking!.booking.ticketCode);
    for (const step of lab.checklist) {
      await roster.recordStep(instructor, lab.id, booking!.booking.id, {
        stepId: step.id,
        level: step.requiredLevel,
      });
    }
    await roster.sign(instructor, lab.id, booking!.booking.id);
    await page.reload();
    expect((await nextStep(page)).key).toBe('evaluation');
    await lookAt(page, 'course-steps-evaluation');

    // The evaluation: each error once, next to its field; what was chosen and typed stays.
    await page.locator('.course-step.is-next').getByRole('link', { name: 'Evaluate the course' }).click();
    await page.waitForURL(`**/learning/${slug}/credit#evaluation`);
    const objectives = page.getByRole('group', { name: /The learning objectives were met/ });
    await objectives.getByLabel('5').check();
    await page.getByLabel('Other comments (optional)').fill('The trocar video helped.');
    expect(
      await page.getByLabel(/What will you change in your practice/).getAttribute('required'),
    ).not.toBeNull();
    await page.getByRole('button', { name: 'Submit the evaluation' }).click();
    await page.locator('.field-error').first().waitFor();
    const bias = page.getByRole('group', { name: /free of commercial bias/ });
    expect(await bias.locator('.field-error').count()).toBe(1);
    expect(await textOf(bias.locator('.field-error'))).toBe(
      'Choose how free of commercial bias the content was, from 1 to 5.',
    );
    expect(await page.getByText('Choose how free of commercial bias').count()).toBe(1);
    expect(await page.locator('.field-error').count()).toBe(3);
    expect(await objectives.getByLabel('5').isChecked()).toBe(true);
    expect(await page.getByLabel('Other comments (optional)').inputValue()).toBe('The trocar video helped.');
    await lookAt(page, 'course-steps-evaluation-errors');
    await bias.getByLabel('5').check();
    await page
      .getByRole('group', { name: /relevant to my practice/ })
      .getByLabel('4')
      .check();
    await page
      .getByLabel(/What will you change in your practice/)
      .fill('Smaller pulls, repositioning between them.');
    await page.getByRole('button', { name: 'Submit the evaluation' }).click();
    await page.waitForURL(`**/learning/${slug}/credit#credit`);

    // The claim explains its limit and offers the most that may be claimed.
    await page.goto(`/learning/${slug}`);
    expect((await nextStep(page)).key).toBe('credit');
    await page.locator('.course-step.is-next').getByRole('link', { name: 'Claim your credit' }).click();
    const claim = page.locator('#credit');
    expect(await textOf(claim)).toContain('Your recorded study time is 2 hours');
    expect(await textOf(claim)).toContain(
      'You may claim up to 2 AMA PRA Category 1 Credit™, the most this course is designated for',
    );
    expect(await textOf(claim)).not.toMatch(/claims\.0|max 0|\b0 hours|\b0 minutes/);
    const amount = page.getByLabel('AMA PRA Category 1 Credit™ to claim');
    expect(await amount.inputValue()).toBe('2');
    await lookAt(page, 'course-steps-claim');
    await amount.fill('1.75');
    await page.getByRole('button', { name: 'Claim credit' }).click();
    await page.waitForURL(`**/learning/${slug}/credit#credit`);

    // The certificate, issued by the last step, is what is left to look at.
    const [certificate] = await app.get(CertificatesService).mine(learner.id);
    expect(certificate).toBeDefined();
    await page.goto(`/learning/${slug}`);
    const last = await nextStep(page);
    expect(last.key).toBe('certificate');
    expect(last.text).toContain(`Certificate ${certificate!.number}, issued on 21 November 2026`);
    await lookAt(page, 'course-steps-certificate');

    // My learning says the same, per course.
    await page.goto('/learning');
    const card = page.locator(`[data-course="${slug}"] .next-step`);
    expect(await textOf(card)).toContain('Done: Receive your certificate');
    await lookAt(page, 'course-steps-my-learning');
    await context.close();
  });
});
