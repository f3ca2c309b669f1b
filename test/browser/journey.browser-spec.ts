import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { FakeClock } from '@academy/core';
import { sampleContent } from '../factories/course-content';
import { newPublishedCourse } from '../factories/courses';
import { newLab } from '../factories/labs';
import { newQuestionBank, SAMPLE_QUESTIONS } from '../factories/questions';
import { newUser, TEST_PASSWORD } from '../factories/users';
import { deliverPending, SmtpSink, textOf as textOfMail } from '../support/smtp-sink';
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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The whole journey of a physician, every step through the pages as a person clicks: sign-up,
 * enrolment, disclosures, pre-test, lessons, quizzes (a failed attempt and its review, then a
 * pass), a lab seat booked, cancelled and booked again, check-in and sign-off by the instructor
 * in a browser of their own, evaluation, credit claim, the address confirmed and the certificate.
 * Factories make only what the academy sets up (the course, its questions, the lab, the
 * instructor's account); the clock moves where time passes for a person (reading, the wait
 * before another attempt, the days until the lab).
 */
describe('a physician’s journey from sign-up to certificate, through the pages', () => {
  let testApp: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let baseUrl: string;
  const clock = new FakeClock(new Date('2026-11-23T08:00:00Z'));

  beforeAll(async () => {
    sink = await SmtpSink.start();
    testApp = await createTestApp({ clock, env: { SMTP_URL: sink.url } });
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(() => closeAll(browser, testApp, { close: () => sink.stop() }));

  /**
   * Sends what waits in the outbox, as the worker does, and answers the confirmation link of the
   * e-mails that reach `email` now (other notifications, a lab's, go out with them).
   */
  async function confirmationLinkMailedTo(email: string): Promise<string | undefined> {
    const before = sink.receivedFor(email).length;
    await deliverPending(testApp.app);
    return sink
      .receivedFor(email)
      .slice(before)
      .map((mail) => /http:\/\/localhost:3000(\/confirm-email\?token=[\w-]+)/.exec(textOfMail(mail))?.[1])
      .find((link) => link !== undefined);
  }

  // Each walk starts on a Monday at 09:00 in Berlin; its lab is on the Thursday.
  for (const [name, viewport, monday, thursday] of [
    ['1280', DESKTOP, '2026-11-23T08:00:00Z', '26 November 2026'],
    ['375', NARROW_PHONE, '2026-11-30T08:00:00Z', '3 December 2026'],
  ] as const) {
    it(`walks from sign-up to the certificate, the next step highlighted at each (${name} px)`, async () => {
      const { app } = testApp;
      clock.set(new Date(monday));
      const phone = viewport.width < 768;
      const contexts: BrowserContext[] = [];

      /** A browser of one person: this run's width, Berlin's time zone. */
      async function newPage(): Promise<Page> {
        const context = await browser.newContext({
          baseURL: baseUrl,
          viewport,
          timezoneId: 'Europe/Berlin',
        });
        context.setDefaultTimeout(10_000);
        contexts.push(context);
        return context.newPage();
      }

      /** Looks at the page: no sideways scrolling, and a screenshot to look at. */
      async function lookAt(page: Page, step: string): Promise<void> {
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await snapshot(page, `journey-${step}-${name}`);
      }

      /** Follows a link of the header, through the Menu button on a phone. */
      async function fromMenu(page: Page, link: string): Promise<void> {
        const menu = page.getByRole('button', { name: 'Menu' });
        expect(await menu.isVisible()).toBe(phone);
        if (phone) {
          await menu.click();
          expect(await menu.getAttribute('aria-expanded')).toBe('true');
        }
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
        await page.waitForLoadState();
      }

      /** The highlighted step of the course page: its key, its text and its one action. */
      async function nextStep(page: Page): Promise<{ key: string | null; text: string }> {
        const next = page.locator('.course-step.is-next');
        expect(await next.count()).toBe(1);
        return { key: await next.getAttribute('data-step'), text: await textOf(next) };
      }

      /**
       * Back on the course page, through the page's breadcrumb or else My learning: the step
       * highlighted is `key`; its one action is `action` (if any).
       */
      async function expectNext(page: Page, slug: string, key: string, step: string, action?: string) {
        if (new URL(page.url()).pathname !== `/learning/${slug}`) {
          const crumb = page.locator(`.breadcrumb a[href="/learning/${slug}"]`);
          if ((await crumb.count()) > 0) {
            await crumb.click();
          } else {
            await fromMenu(page, 'My learning');
            await page.locator(`[data-course="${slug}"] h2 a`).click();
          }
          await page.waitForURL(`**/learning/${slug}`);
        }
        const next = await nextStep(page);
        expect(next.key).toBe(key);
        if (action) {
          expect(
            await page.locator('.course-step.is-next .course-step-action').getByRole('link').allInnerTexts(),
          ).toEqual([action]);
        }
        await lookAt(page, `course-${step}`);
        return next;
      }

      /** Clicks the highlighted step's action, as the course page asks. */
      async function doNext(page: Page, action: string): Promise<void> {
        await page.locator('.course-step.is-next').getByRole('link', { name: action }).click();
        await page.waitForLoadState();
      }

      /** Answers every question of the attempt on the page, each right or each wrong. */
      async function answerAll(page: Page, right: boolean): Promise<void> {
        for (const fieldset of await page.locator('fieldset.question').all()) {
          const prompt = await textOf(fieldset.locator('.prompt'));
          const question = SAMPLE_QUESTIONS.find((candidate) => candidate.prompt === prompt);
          if (!question) {
            throw new Error(`A question the test does not know: ${prompt}`);
          }
          switch (question.type) {
            case 'single': {
              const option = question.options!.find((candidate) =>
                right ? candidate.id === question.correct : candidate.id !== question.correct,
              )!;
              await fieldset.getByLabel(option.text, { exact: true }).check();
              break;
            }
            case 'true_false':
              await fieldset
                .getByLabel(right === question.correct ? 'True' : 'False', { exact: true })
                .check();
              break;
            case 'ordering': {
              const items = question.items!;
              for (const [index, item] of items.entries()) {
                await fieldset
                  .getByLabel(item.text, { exact: true })
                  .selectOption(String(right ? index + 1 : items.length - index));
              }
              break;
            }
            case 'multiple':
            case 'numeric':
              throw new Error(`A question type the sample bank does not have: ${question.type}`);
          }
        }
        await page.locator('#save-status', { hasText: 'All answers saved.' }).waitFor();
      }

      // What the academy sets up: a course with a pre-test and a lab, its questions, its instructor.
      const title = `Iliac Crest Aspiration (${name})`;
      const [landmarks, aspiration] = sampleContent().modules;
      const { courseId, slug } = await newPublishedCourse(app, { title, pretest: { questionCount: 3 } });
      await newQuestionBank(app, courseId, landmarks!.id);
      await newQuestionBank(app, courseId, aspiration!.id);
      const instructor = await newUser(app, {
        roles: ['instructor'],
        fullName: `Dr Ines Instructor ${name}`,
      });
      const labStartsAt = new Date(clock.now().getTime() + 3 * DAY);
      const lab = await newLab(app, courseId, {
        title: `Harvest skills lab (${name})`,
        startsAt: labStartsAt,
        capacity: 8,
        instructorIds: [instructor.id],
      });

      try {
        const page = await newPage();

        // Sign-up, from the header's Create account.
        const physician = `Dr Amara Osei ${name}`;
        const email = `amara.osei.${name}@clinic.example`;
        await page.goto('/');
        await fromMenu(page, 'Create account');
        await page.getByRole('heading', { name: 'Create your physician account' }).waitFor();
        await page.getByLabel('Full name *').fill(physician);
        await page.getByLabel('E-mail *').fill(email);
        await page.getByLabel('Password *').fill(TEST_PASSWORD);
        await page.getByLabel('Degree *').selectOption('MD');
        await page.getByLabel('Specialty *').fill('Sports medicine');
        await lookAt(page, 'signup');
        await page.getByRole('button', { name: 'Create account' }).click();
        await page.waitForURL('**/login?registered=1');
        await lookAt(page, 'signup-done');
        // The welcome e-mail carries the confirmation link; the physician leaves it for later.
        expect(await confirmationLinkMailedTo(email)).toBeDefined();
        await signInThroughPage(page, app, { email, password: TEST_PASSWORD });
        await page.waitForURL('**/profile?welcome=1');
        expect(await textOf(page.getByRole('status'))).toContain('Welcome! Your account is ready.');
        expect(await textOf(page.locator('#email-heading + p'))).toContain('Not confirmed yet');
        await lookAt(page, 'welcome');

        // Enrolment, from the catalog.
        await fromMenu(page, 'Courses');
        await page.getByRole('link', { name: title }).click();
        await page.waitForURL(`**/courses/${slug}`);
        expect(await textOf(page.getByRole('note'))).toContain(
          'Certificates are issued only to a confirmed address',
        );
        // Dates of the course document in words, not as stored.
        const description = await textOf(page.getByRole('main'));
        expect(description).toContain('Released on 1 September 2026 · valid for credit until 31 August 2029');
        expect(description).toContain('Disclosed on 1 June 2026');
        expect(description).not.toMatch(/\d{4}-\d{2}-\d{2}/);
        await lookAt(page, 'course-description');
        await page.getByRole('button', { name: 'Enrol' }).click();
        await page.waitForURL(`**/learning/${slug}`);

        // The disclosures come first.
        await expectNext(page, slug, 'disclosures', 'disclosures', 'Read the disclosures');
        await page.getByRole('button', { name: /I have read the disclosures/ }).click();
        await page.waitForURL(`**/learning/${slug}`);

        // The pre-test, before the first lesson: a baseline, not a pass or a fail.
        const pretest = await expectNext(page, slug, 'pretest', 'pretest', 'Take the pre-test');
        expect(pretest.text).toContain('Best taken before the first lesson');
        // Said once that it is optional.
        expect(pretest.text.match(/optional/g)).toHaveLength(1);
        await doNext(page, 'Take the pre-test');
        await lookAt(page, 'pretest-overview');
        await page.getByRole('button', { name: 'Start the pre-test' }).click();
        await page.waitForURL('**/learning/attempts/**');
        await answerAll(page, false);
        await lookAt(page, 'pretest-attempt');
        await page.getByRole('button', { name: 'Submit for grading' }).click();
        await page.getByRole('heading', { name: 'Your baseline: 0%' }).waitFor();
        expect(await textOf(page.getByRole('main'))).not.toMatch(/Not passed|Pass mark/);
        await lookAt(page, 'pretest-baseline');
        await page.getByRole('link', { name: 'Back to the course' }).click();
        await page.waitForURL(`**/learning/${slug}`);

        // The first module's lesson, read for half an hour.
        await expectNext(page, slug, `lessons:${landmarks!.id}`, 'lessons-1', 'Start: The PSIS');
        await doNext(page, 'Start: The PSIS');
        await page.getByRole('heading', { level: 1, name: 'The PSIS' }).waitFor();
        await lookAt(page, 'lesson-1');
        const lessonOne = new URL(page.url()).pathname;
        clock.advance(30 * MINUTE);
        await page.getByRole('link', { name: 'Take the quiz of “Landmarks” →' }).waitFor();

        // Its quiz: failed first, with the review of what was wrong.
        const quiz = await expectNext(page, slug, `quiz:${landmarks!.id}`, 'quiz-1', 'Take the quiz');
        expect(quiz.text).toContain('You have read every lesson of this module.');
        await doNext(page, 'Take the quiz');
        await page.getByRole('heading', { name: 'Quiz: Landmarks' }).waitFor();
        await lookAt(page, 'quiz-1-overview');
        await page.getByRole('button', { name: 'Start attempt' }).click();
        await page.waitForURL('**/learning/attempts/**');
        clock.advance(10 * MINUTE);
        await answerAll(page, false);
        await lookAt(page, 'quiz-1-attempt');
        await page.getByRole('button', { name: 'Submit for grading' }).click();
        await page.getByRole('heading', { name: 'Not passed: 0%' }).waitFor();
        const review = await textOf(page.getByRole('main'));
        expect(review).toContain('Your score: 0%. Pass mark: 80%. Attempts used: 1 of 3.');
        expect(await page.locator('.review .quiz-verdict', { hasText: 'Wrong' }).count()).toBe(2);
        expect(review).toContain('Your answer:');
        await lookAt(page, 'quiz-1-failed-review');
        await page.getByRole('link', { name: 'Quiz overview' }).click();
        // The retry waits an hour, said in the reader's time.
        expect(await textOf(page.getByRole('status'))).toMatch(
          /^You can try again from 10:\d{2} am today\.$/,
        );
        await lookAt(page, 'quiz-1-wait');

        // Waiting, the learner reads the lesson again (a wait away from the course would count
        // as no study time); an hour later: passed.
        for (const minutes of [25, 25, 10]) {
          clock.advance(minutes * MINUTE);
          if (minutes === 25) {
            await page.goto(lessonOne);
            await page.getByRole('heading', { level: 1, name: 'The PSIS' }).waitFor();
          }
        }
        await expectNext(page, slug, `quiz:${landmarks!.id}`, 'quiz-1-retry', 'Take the quiz');
        await doNext(page, 'Take the quiz');
        await page.getByRole('button', { name: 'Start attempt' }).click();
        await page.waitForURL('**/learning/attempts/**');
        clock.advance(10 * MINUTE);
        await answerAll(page, true);
        await page.getByRole('button', { name: 'Submit for grading' }).click();
        await page.getByRole('heading', { name: 'Passed: 100%' }).waitFor();
        await lookAt(page, 'quiz-1-passed');
        await page.getByRole('link', { name: 'Back to the course' }).click();
        await page.waitForURL(`**/learning/${slug}`);

        // The second module: its lesson, then its quiz, passed at once.
        await expectNext(page, slug, `lessons:${aspiration!.id}`, 'lessons-2', 'Start: Small pulls');
        await doNext(page, 'Start: Small pulls');
        await page.getByRole('heading', { level: 1, name: 'Small pulls' }).waitFor();
        await lookAt(page, 'lesson-2');
        clock.advance(30 * MINUTE);
        await expectNext(page, slug, `quiz:${aspiration!.id}`, 'quiz-2', 'Take the quiz');
        await doNext(page, 'Take the quiz');
        await page.getByRole('button', { name: 'Start attempt' }).click();
        await page.waitForURL('**/learning/attempts/**');
        clock.advance(10 * MINUTE);
        await answerAll(page, true);
        await page.getByRole('button', { name: 'Submit for grading' }).click();
        await page.getByRole('heading', { name: 'Passed: 100%' }).waitFor();
        await page.getByRole('link', { name: 'Back to the course' }).click();
        await page.waitForURL(`**/learning/${slug}`);

        // The lab: booked, cancelled after a confirmation, booked again.
        const booking = await expectNext(page, slug, 'lab-booking', 'lab-booking', 'Book a lab');
        expect(booking.text).toContain('One lab is open for booking; the first starts Thursday at 9:00 am');
        await doNext(page, 'Book a lab');
        await page.getByRole('heading', { level: 1, name: 'Skills labs' }).waitFor();
        await lookAt(page, 'labs');
        const card = page.locator('.lab-card', { hasText: lab.title });
        await card.getByRole('button', { name: /^Book a seat/ }).click();
        await page.getByText('Seat confirmed. Show the ticket below when you arrive.').waitFor();
        const firstCode = await textOf(page.locator('.ticket-code'));
        await lookAt(page, 'ticket');
        await page.getByRole('link', { name: 'Cancel my seat…' }).click();
        await page.getByRole('heading', { level: 1, name: 'Cancel your seat?' }).waitFor();
        expect(await textOf(page.locator('.cancel-consequences'))).toContain(
          'Nobody is waiting, so your seat becomes free for anyone to book.',
        );
        await lookAt(page, 'cancel-confirm');
        await page.getByRole('button', { name: 'Yes, cancel my seat' }).click();
        await page.getByText('Your booking is cancelled.').waitFor();
        expect(await page.locator('.ticket-code').count()).toBe(0);
        await lookAt(page, 'cancelled');
        clock.advance(10 * MINUTE);
        await expectNext(page, slug, 'lab-booking', 'lab-booking-again', 'Book a lab');
        await doNext(page, 'Book a lab');
        await page
          .locator('.lab-card', { hasText: lab.title })
          .getByRole('button', { name: /^Book a seat/ })
          .click();
        await page.getByText('Seat confirmed.').waitFor();
        const ticketCode = await textOf(page.locator('.ticket-code'));
        expect(ticketCode).not.toBe(firstCode);
        const signOff = await expectNext(page, slug, 'lab-sign-off', 'lab-sign-off', 'See your ticket');
        expect(signOff.text).toContain('Thursday at 9:00 am');
        expect(signOff.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

        // Lab day, half an hour before the start: signed in again (days passed), the learner
        // shows the ticket from My bookings.
        clock.set(new Date(labStartsAt.getTime() - 30 * MINUTE));
        await page.goto('/');
        await fromMenu(page, 'Sign in');
        await signInThroughPage(page, app, { email, password: TEST_PASSWORD });
        await page.waitForURL('**/learning');
        await fromMenu(page, 'My bookings');
        await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
        await lookAt(page, 'my-bookings');
        await page.getByRole('link', { name: `Show my ticket for ${lab.title}` }).click();
        await page.locator('.ticket-code').waitFor();
        await lookAt(page, 'ticket-lab-day');

        // The lab starts. The instructor, in a browser of their own, checks the learner in from the roster.
        clock.set(new Date(labStartsAt.getTime() + 5 * MINUTE));
        const desk = await newPage();
        await desk.goto('/login');
        await signInThroughPage(desk, app, instructor);
        await desk.waitForURL('**/instructor/labs');
        await desk.getByRole('heading', { level: 1, name: 'My labs' }).waitFor();
        await lookAt(desk, 'instructor-labs');
        await desk
          .locator('.lab-card', { hasText: lab.title })
          .getByRole('link', { name: /^Open roster/ })
          .click();
        await desk.getByRole('heading', { level: 1, name: lab.title }).waitFor();
        await lookAt(desk, 'roster');
        if (phone) {
          // On a phone the instructor scans the ticket's QR code: it opens the roster, code ready.
          const qr = PNG.sync.read(await page.locator('.ticket-qr svg').screenshot());
          const scanned = jsQR(new Uint8ClampedArray(qr.data), qr.width, qr.height);
          expect(scanned).not.toBeNull();
          await desk.goto(new URL(scanned!.data).pathname + new URL(scanned!.data).search);
          await desk.getByText('Ticket scanned').waitFor();
        } else {
          await desk.getByLabel('Ticket number').fill(ticketCode);
        }
        await desk.getByRole('button', { name: 'Check in' }).click();
        await desk.getByText(`${physician} is checked in (present).`).waitFor();
        await lookAt(desk, 'roster-checked-in');

        // The checklist, every step at its required level, then signed.
        await desk.getByRole('link', { name: `Checklist of ${physician}` }).click();
        await desk.getByRole('heading', { level: 1, name: `Checklist: ${physician}` }).waitFor();
        await lookAt(desk, 'checklist');
        for (const step of await desk.locator('fieldset.step').all()) {
          await step.getByRole('radio', { name: /\(required\)/ }).check();
        }
        await desk.getByRole('button', { name: 'Save levels' }).click();
        await desk.getByText('Levels saved.').waitFor();
        await desk
          .getByLabel(`I observed these steps and sign this checklist as Dr Ines Instructor ${name}.`)
          .check();
        await desk.getByRole('button', { name: 'Sign checklist' }).click();
        await desk.getByText('Checklist signed. The learner meets the skills-lab requirement.').waitFor();
        await lookAt(desk, 'checklist-signed');

        // The evaluation, then the claim.
        await expectNext(page, slug, 'evaluation', 'evaluation', 'Evaluate the course');
        expect(await textOf(page.locator('[data-step="lab-sign-off"]'))).toContain(
          'Signed off at the required levels',
        );
        await doNext(page, 'Evaluate the course');
        await page.waitForURL(`**/learning/${slug}/credit#evaluation`);
        await lookAt(page, 'evaluation-form');
        // Each 1–5 scale reads as one row, on a phone too.
        for (const scale of await page.locator('.likert-choices').all()) {
          const boxes = await Promise.all(
            (await scale.locator('label').all()).map((label) => label.boundingBox()),
          );
          expect(boxes).toHaveLength(5);
          expect(new Set(boxes.map((box) => Math.round(box!.y))).size).toBe(1);
        }
        for (const [statement, value] of [
          [/The learning objectives were met/, '5'],
          [/free of commercial bias/, '5'],
          [/relevant to my practice/, '4'],
        ] as const) {
          await page.getByRole('group', { name: statement }).getByLabel(value, { exact: true }).check();
        }
        await page
          .getByLabel(/What will you change in your practice/)
          .fill('Smaller pulls, repositioning between them.');
        await page.getByRole('button', { name: 'Submit the evaluation' }).click();
        await page.waitForURL(`**/learning/${slug}/credit#credit`);

        await expectNext(page, slug, 'credit', 'credit', 'Claim your credit');
        await doNext(page, 'Claim your credit');
        await page.waitForURL(`**/learning/${slug}/credit#credit`);
        const claim = await textOf(page.locator('#credit'));
        // Lessons and quiz work, at least two hours: the most the course is designated for.
        expect(claim).toContain('Your recorded study time is 2 hours');
        expect(claim).toContain('You may claim up to 2 AMA PRA Category 1 Credit™');
        const amount = page.getByLabel('AMA PRA Category 1 Credit™ to claim');
        expect(await amount.inputValue()).toBe('2');
        await lookAt(page, 'claim');
        await page.getByRole('button', { name: 'Claim credit' }).click();
        await page.waitForURL(`**/learning/${slug}/credit#credit`);
        expect(await textOf(page.locator('.claimed-list'))).toContain('2 AMA PRA Category 1 Credit™');

        // Every step is done but the address: the certificate waits for it.
        const waiting = await expectNext(
          page,
          slug,
          'certificate',
          'confirm-email',
          'Confirm your e-mail address',
        );
        expect(waiting.text).toContain('Confirm your e-mail address with the link we sent you');
        await doNext(page, 'Confirm your e-mail address');
        await page.waitForURL('**/profile#email');
        // The address is in view, not below the profile's other forms; the welcome e-mail's link
        // is days old: a new one.
        const resend = page.getByRole('button', { name: 'Send the link again' });
        expect(await resend.isVisible()).toBe(true);
        const box = await resend.boundingBox();
        expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
        await resend.click();
        await page.waitForURL('**/profile?saved=link-resent');
        await lookAt(page, 'link-resent');
        const link = await confirmationLinkMailedTo(email);
        expect(link).toBeDefined();
        await page.goto(link!);
        await page.getByRole('heading', { name: 'Confirm your e-mail address' }).waitFor();
        await lookAt(page, 'confirm-email-link');
        await page.getByRole('button', { name: 'Confirm my address' }).click();
        await page.waitForURL('**/profile?saved=email-confirmed');
        expect(await page.getByRole('note').count()).toBe(0);

        // The certificate, issued as the address was confirmed: My learning says so too.
        await fromMenu(page, 'My learning');
        expect(await textOf(page.locator(`[data-course="${slug}"] .next-step`))).toContain(
          'Done: Receive your certificate',
        );
        await lookAt(page, 'my-learning');
        await page.getByRole('link', { name: title, exact: true }).click();
        await page.waitForURL(`**/learning/${slug}`);
        const issued = await expectNext(page, slug, 'certificate', 'certificate', 'See your certificate');
        expect(issued.text).toMatch(new RegExp(`Certificate [\\w-]+, issued on ${thursday}`));
        await doNext(page, 'See your certificate');
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        const certificate = await textOf(page.getByRole('main'));
        expect(certificate).toContain(physician);
        expect(certificate).toContain('2 AMA PRA Category 1 Credit™');
        await lookAt(page, 'certificate');
      } finally {
        await closeAll(...contexts);
      }
    });
  }
});
