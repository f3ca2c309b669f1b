import type { Browser, Page } from 'playwright-core';
import { UsersService } from '@academy/identity';
import { newUser, signUpBody, TEST_PASSWORD } from '../factories/users';
import { deliverPending, SmtpSink } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, horizontalOverflow, launchChromium, listen, PHONE, snapshot, textOf } from './browser';

jest.setTimeout(60_000);

describe('confirming an e-mail address, in a browser', () => {
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

  const linkIn = (text: string): string | undefined =>
    /http:\/\/localhost:3000(\/confirm-email\?token=[\w-]+)/.exec(text)?.[1];

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
  }

  it('tells a new physician on every page why to confirm, resends the link, and confirms it from the e-mail on a phone', async () => {
    const body = signUpBody() as Record<string, string>;
    await testApp.app.get(UsersService).signUp(body as never);
    const welcome = await mailTo(body.email!);
    expect(linkIn(welcome)).toBeDefined();

    const context = await browser.newContext({ baseURL: baseUrl, viewport: PHONE });
    const page = await context.newPage();
    try {
      await signIn(page, body.email!);
      const banner = page.getByRole('note');
      expect(await textOf(banner)).toContain('Certificates are issued only to a confirmed address');
      expect(await horizontalOverflow(page)).toBe(0);
      await snapshot(page, 'email-unconfirmed-banner-phone');

      await banner.getByRole('button', { name: 'Send the link again' }).click();
      await page.waitForURL('**/profile?saved=link-resent');
      expect(await textOf(page.getByRole('status'))).toContain('We sent a new confirmation link');
      expect(await textOf(page.locator('#email-heading + p'))).toContain('Not confirmed yet');
      const link = linkIn(await mailTo(body.email!));
      expect(link).toBeDefined();

      await page.goto(link!);
      await page.getByRole('heading', { name: 'Confirm your e-mail address' }).waitFor();
      await snapshot(page, 'email-confirm-phone');
      await page.getByRole('button', { name: 'Confirm my address' }).click();
      await page.waitForURL('**/profile?saved=email-confirmed');
      expect(await textOf(page.getByRole('status'))).toContain('Your e-mail address is confirmed');
      expect(await page.getByRole('note').count()).toBe(0);

      // Spent: the first link from the welcome e-mail went with it.
      await page.goto(linkIn(welcome)!);
      await page.getByRole('heading', { name: 'This confirmation link does not work' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('changes the address from the profile once the new one is confirmed, telling the old one', async () => {
    const user = await newUser(testApp.app, { fullName: 'Dr Moving' });
    const newEmail = `new-${user.email}`;
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    try {
      await signIn(page, user.email);
      await page.goto('/profile');
      const form = page.getByRole('form', { name: 'Change e-mail address' });
      await form.getByLabel('New e-mail address').fill('not an address');
      await form.getByLabel('Current password').fill(TEST_PASSWORD);
      await form.getByRole('button', { name: 'Send a confirmation link' }).click();
      expect(await textOf(page.locator('#newEmail-error'))).toContain('Enter an e-mail address');

      await form.getByLabel('New e-mail address').fill(newEmail);
      await form.getByLabel('Current password').fill(TEST_PASSWORD);
      await form.getByRole('button', { name: 'Send a confirmation link' }).click();
      await page.waitForURL('**/profile?saved=email-link');
      expect(await textOf(page.locator('#email-heading + p'))).toContain(user.email);

      const link = linkIn(await mailTo(newEmail));
      await page.goto(link!);
      await page.getByRole('button', { name: 'Confirm my address' }).click();
      await page.waitForURL('**/profile?saved=email-confirmed');
      expect(await textOf(page.locator('#email-heading + p'))).toContain(newEmail);
      await snapshot(page, 'email-changed');
      expect(await mailTo(user.email)).toContain(`changed from ${user.email} to ${newEmail}`);
    } finally {
      await context.close();
    }
  });
});
