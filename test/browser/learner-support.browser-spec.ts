import type { Browser, Page } from 'playwright-core';
import { learnerMidQuiz } from '../factories/learner-support';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  descriptionOf,
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

describe('learner support and cohorts in the browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeAll(browser, testApp);
  });

  async function signedIn(
    user: { email: string; password: string; totpSecret?: string },
    viewport: { width: number; height: number } = DESKTOP,
  ): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  async function openMenuIfFolded(page: Page): Promise<void> {
    const menu = page.getByRole('button', { name: 'Menu' });
    if (await menu.isVisible()) {
      await menu.click();
    }
  }

  it('an admin finds a learner and gives them extra quiz time, with a reason', async () => {
    const { app } = testApp;
    const { learner, slug, moduleId, attemptId } = await learnerMidQuiz(app, {
      fullName: 'Dr Oluwaseun Abernathy',
    });
    const adminUser = await newUser(app, { roles: ['admin'] });
    for (const viewport of [DESKTOP, NARROW_PHONE]) {
      const admin = await signedIn(adminUser, viewport);
      await openMenuIfFolded(admin);
      await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learners' }).click();
      await admin.waitForURL('**/admin/learners');
      await admin.getByLabel('Name, e-mail or NPI').fill('abernath');
      await admin.getByRole('button', { name: 'Find' }).click();
      await admin.getByRole('link', { name: 'Dr Oluwaseun Abernathy' }).click();
      await admin.waitForURL(`**/admin/learners/${learner.id}`);
      expect(await textOf(admin.getByRole('heading', { level: 1 }))).toContain('Dr Oluwaseun Abernathy');
      expect(await textOf(admin.getByRole('table', { name: /Quiz attempts/ }))).toContain('In progress');

      if (viewport === DESKTOP) {
        // Without a reason the form comes back with the problem next to the field, the choice kept.
        await admin.getByLabel('More time, as a share of the time limit').selectOption({ label: '+50%' });
        await admin.getByRole('button', { name: 'Give the accommodation' }).click();
        const reason = admin.getByLabel('Reason', { exact: true }).nth(1);
        expect(await descriptionOf(reason)).toContain('Must say why');
        expect(await admin.getByLabel('More time, as a share of the time limit').inputValue()).toBe('50');
        await reason.fill('Documented reading disability');
        await admin.getByRole('button', { name: 'Give the accommodation' }).click();
        await admin.waitForURL('**?done=accommodation*');
        expect(await textOf(admin.getByRole('status'))).toContain('Accommodation saved');
        expect(await textOf(admin.locator('#accommodation'))).toContain('50% more time on every timed quiz');

        // Ten more minutes on the attempt the learner has open now (its hour started before).
        await admin.getByLabel('More minutes for this attempt').fill('15');
        await admin.getByLabel('Reason', { exact: true }).nth(2).fill('Fire alarm during the quiz');
        await admin.getByRole('button', { name: 'Extend the deadline' }).click();
        await admin.waitForURL('**?done=extended*');
        expect(await textOf(admin.getByRole('status'))).toContain('now runs longer');
      } else {
        expect(await textOf(admin.locator('#accommodation'))).toContain('50% more time');
        expect(await horizontalOverflow(admin)).toBe(0);
      }
      await snapshot(admin, `learner-support-${viewport.width}`);
      await admin.context().close();
    }

    // What the learner then sees: the open attempt's timer runs 15 minutes longer, and the quiz
    // says the time limit the accommodation gives (an hour and a half).
    const own = await signedIn(learner);
    await own.goto(`/learning/attempts/${attemptId}`);
    const secondsLeft = Number(await own.locator('#countdown').getAttribute('data-seconds-left'));
    expect(secondsLeft).toBeGreaterThan(74 * 60);
    expect(secondsLeft).toBeLessThanOrEqual(75 * 60);
    await own.goto(`/learning/${slug}/modules/${moduleId}/quiz`);
    expect(await textOf(own.locator('main'))).toContain('Time limit: 90 minutes');
    await own.context().close();
  });

  it('an admin creates a cohort and enrols a CSV with mixed rows; each line is reported by number', async () => {
    const { app } = testApp;
    const existing = await newUser(app, { fullName: 'Dr Ana Lopez' });
    const adminUser = await newUser(app, { roles: ['admin'] });
    const admin = await signedIn(adminUser);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cohorts' }).click();
    await admin.waitForURL('**/admin/cohorts');
    await admin.getByLabel('Name', { exact: true }).fill('St Mary’s fellows 2027');
    await admin.getByRole('button', { name: 'Create cohort' }).click();
    await admin.waitForURL('**/admin/cohorts/*?done=created');
    expect(await textOf(admin.getByRole('heading', { level: 1 }))).toBe('St Mary’s fellows 2027');
    const cohortPath = new URL(admin.url()).pathname;

    const csv = [
      'email,name',
      `${existing.email},Dr Ana Lopez`,
      'new.fellow@stmarys.example,Dr New Fellow',
      'jane.doe@,Jane Doe',
      `${existing.email.toUpperCase()},Ana again`,
    ].join('\n');
    await admin
      .getByLabel('CSV file')
      .setInputFiles({ name: 'fellows.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await admin.getByRole('button', { name: 'Enrol the list' }).click();
    const report = admin.getByRole('table', { name: /Each line of the list/ });
    await report.waitFor();
    const rows = await report.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^2\s+Enrolled/);
    expect(rows[1]).toMatch(/^3\s+Invited by e-mail/);
    expect(rows[2]).toContain('line 4: “jane.doe@” is not an e-mail address.');
    expect(rows[3]).toMatch(/^5\s+Repeated line/);
    expect(await textOf(admin.locator('.cohort-counts'))).toContain('1 Invited, no account yet');
    await snapshot(admin, 'cohort-report-1280');

    // The same page on a phone: the progress fits without sideways scrolling.
    const phone = await signedIn(adminUser, NARROW_PHONE);
    await phone.goto(cohortPath);
    await phone.getByLabel('Paste the list').fill(`${existing.email}\nnot an address`);
    await phone.getByRole('button', { name: 'Enrol the list' }).click();
    await phone.getByRole('table', { name: /Each line of the list/ }).waitFor();
    expect(await textOf(phone.getByRole('table', { name: /Each line of the list/ }))).toContain(
      'Already enrolled',
    );
    expect(await horizontalOverflow(phone)).toBe(0);
    await snapshot(phone, 'cohort-report-375');
    await closeAll(admin.context(), phone.context());
  });
});
