import type { Browser } from 'playwright-core';
import { UsersService } from '@academy/identity';
import { signUpBody } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, launchChromium, listen, textOf } from './browser';

jest.setTimeout(60_000);

describe('times in the reader’s own time zone', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(() => closeAll(browser, testApp));

  it('keeps the zone a physician’s browser reports, says times in it, and lets the profile change it', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    try {
      const body = signUpBody() as Record<string, string>;
      await page.goto('/signup');
      await page.getByLabel('Full name').fill(body.fullName!);
      await page.getByLabel('E-mail').fill(body.email!);
      await page.getByLabel('Password').fill(body.password!);
      await page.getByLabel('Degree').selectOption('MD');
      await page.getByLabel('Specialty').fill('Sports medicine');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/login?registered=1');
      const user = (await testApp.app.get(UsersService).findByEmail(body.email!))!;
      expect(user.timeZone).toBe('Asia/Tokyo');

      await page.getByLabel('E-mail').fill(body.email!);
      await page.getByLabel('Password').fill(body.password!);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL('**/profile?welcome=1');
      expect(await page.getByLabel('Time zone').inputValue()).toBe('Asia/Tokyo');

      // The devices page says when this browser signed in, in the reader's words.
      await page.goto('/profile/devices');
      expect(await textOf(page.getByRole('main'))).toMatch(/signed in \d{1,2}:\d{2} [ap]m today/);

      await page.goto('/profile');
      await page.getByLabel('Time zone').selectOption('America/Chicago');
      await page.getByRole('button', { name: 'Save details' }).click();
      await page.waitForURL('**/profile?saved=profile');
      expect((await testApp.app.get(UsersService).get(user.id)).timeZone).toBe('America/Chicago');
    } finally {
      await context.close();
    }
  });
});
