import type { Browser, Page } from 'playwright-core';
import { newUser } from '../factories/users';
import { deliverPending, SmtpSink } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, horizontalOverflow, launchChromium, listen, PHONE, snapshot, textOf } from './browser';

jest.setTimeout(60_000);

describe('a forgotten password, in a browser, by e-mail', () => {
  let testApp: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    testApp = await createTestApp({ env: { SMTP_URL: sink.url } });
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(() => closeAll(browser, testApp, { close: () => sink.stop() }));

  /** Sends what waits in the outbox, as the worker would, and answers the newest e-mail's text to `email`. */
  async function mailTo(email: string): Promise<string> {
    await deliverPending(testApp.app);
    return sink.newestText(email);
  }

  it('asks for a link from the sign-in page, follows it from the e-mail on a phone, and signs in with the new password', async () => {
    const user = await newUser(testApp.app, { fullName: 'Dr Forgetful' });
    const context = await browser.newContext({ baseURL: baseUrl, viewport: PHONE });
    const page: Page = await context.newPage();
    try {
      await page.goto('/login');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByLabel('E-mail').fill(user.email);
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.waitForURL('**/forgot-password?sent=1');
      expect(await textOf(page.getByRole('status'))).toContain('If an account uses this address');

      const text = await mailTo(user.email);
      const link = /http:\/\/localhost:3000(\/reset-password\?token=[\w-]+)/.exec(text)?.[1];
      expect(link).toBeDefined();
      await page.goto(link!);
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await snapshot(page, 'reset-password-phone');

      // Too short first: said next to the field, the link still works.
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.locator('#password-error').waitFor();
      await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.waitForURL('**/login?reset=1');
      expect(await textOf(page.getByRole('status'))).toContain('Your password is changed');

      await page.getByLabel('E-mail').fill(user.email);
      await page.getByLabel('Password').fill('a brand new passphrase');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/learning');

      // The link is spent.
      await page.goto(link!);
      await page.getByRole('heading', { name: 'This reset link does not work' }).waitFor();
      expect(await mailTo(user.email)).toContain('password of your account was reset');
    } finally {
      await context.close();
    }
  });
});
