import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Clock } from '@academy/core';
import { totpCodeAt, UsersService } from '@academy/identity';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  horizontalOverflow,
  launchChromium,
  listen,
  PHONE,
  signOutThroughMenu,
  snapshot,
  textOf,
} from './browser';

jest.setTimeout(90_000);

/** Two-factor sign-in as staff and physicians meet it: an app, recovery codes, a passkey. */
describe('two-factor sign-in, in a browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    // Passkeys need a secure context: localhost is one, 127.0.0.1 is not a domain they accept.
    baseUrl = (await listen(testApp)).replace('127.0.0.1', 'localhost');
    browser = await launchChromium();
  });

  afterAll(() => closeAll(browser, testApp));

  async function signInWithPassword(page: Page, user: { email: string; password: string }): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('forces a new admin to set up an app (QR and key), shows ten recovery codes once, then asks for a code at each sign-in', async () => {
    const admin = await newUser(testApp.app, {
      roles: ['admin'],
      secondFactor: false,
      fullName: 'Dr New Admin',
    });
    const context = await browser.newContext({ baseURL: baseUrl, viewport: PHONE });
    const page = await context.newPage();
    try {
      await signInWithPassword(page, admin);
      await page.waitForURL('**/profile/two-factor?required=1');
      expect(await textOf(page.getByRole('note'))).toContain('Your role needs two-factor sign-in');
      // The admin pages wait for it.
      await page.goto('/admin/dashboard');
      await page.waitForURL('**/profile/two-factor?required=1');

      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
      expect(
        await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).count(),
      ).toBe(1);
      expect(await horizontalOverflow(page)).toBe(0);
      await snapshot(page, 'two-factor-setup-phone');
      const secret = (await textOf(page.getByLabel('Set-up key'))).replace(/\s/g, '');

      await page.getByLabel('Type the six-digit code the app shows').fill('000000');
      await page.getByRole('button', { name: 'Turn it on' }).click();
      expect(await textOf(page.locator('#code-error'))).toContain('not the one the app shows now');
      await page
        .getByLabel('Type the six-digit code the app shows')
        .fill(totpCodeAt(secret, testApp.app.get(Clock).now()));
      await page.getByRole('button', { name: 'Turn it on' }).click();
      await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
      const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('code').allInnerTexts();
      expect(codes).toHaveLength(10);
      await snapshot(page, 'two-factor-recovery-codes-phone');
      await page.getByRole('link', { name: 'I have saved them' }).click();
      await page.waitForURL('**/admin/dashboard');

      // Next sign-in: the password, then a code; a recovery code works once instead.
      await signOutThroughMenu(page);
      await signInWithPassword(page, admin);
      await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
      await snapshot(page, 'two-factor-second-step-phone');
      await page.getByLabel('Code').fill('123456');
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      expect(await textOf(page.locator('#code-error'))).toContain('This code is not correct');
      await page.getByLabel('Code').fill(codes[0]!);
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      await page.waitForURL('**/admin/dashboard');

      await signOutThroughMenu(page);
      await signInWithPassword(page, admin);
      await page.getByLabel('Code').fill(codes[0]!);
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      expect(await textOf(page.locator('#code-error'))).toContain('used already');
      await page
        .getByLabel('Code')
        .fill(totpCodeAt(secret, new Date(testApp.app.get(Clock).now().getTime() + 30_000)));
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      await page.waitForURL('**/admin/dashboard');
    } finally {
      await context.close();
    }
  });

  it('adds a passkey through the browser’s authenticator and signs in with it alone', async () => {
    const learner = await newUser(testApp.app, { fullName: 'Dr Passkey' });
    const context: BrowserContext = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    try {
      await signInWithPassword(page, learner);
      await page.waitForURL('**/learning');
      await page.goto('/profile/two-factor');
      await page.getByLabel('Name it, to know it again').fill('Work laptop');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
      await page.getByRole('link', { name: 'I have saved them' }).click();
      await page.waitForURL('**/profile/two-factor?saved=first');
      expect(await textOf(page.getByRole('list', { name: 'Passkeys' }))).toContain('Work laptop');
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
      await snapshot(page, 'two-factor-passkeys');

      // Signed out, the passkey alone signs in: no e-mail, no password.
      await signOutThroughMenu(page);
      await page.goto('/login');
      await page.getByRole('button', { name: 'Use a passkey' }).click();
      await page.waitForURL('**/learning');
      const user = await testApp.app.get(UsersService).get(learner.id);
      expect(user.secondFactorAt).not.toBeNull();
    } finally {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
      await context.close();
    }
  });
});
