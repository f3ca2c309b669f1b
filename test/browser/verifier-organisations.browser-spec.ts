import type { Browser, Page } from 'playwright-core';
import { certifiedLearner } from '../factories/certificates';
import { newUser, TEST_PASSWORD } from '../factories/users';
import { newTotpSecret, TwoFactorService, UsersService } from '@academy/identity';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  DESKTOP,
  horizontalOverflow,
  launchChromium,
  listen,
  PHONE,
  snapshot,
  textOf,
  signInThroughPage,
} from './browser';

jest.setTimeout(180_000);

describe('verifier organisations and data retention in the browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    // Each closed even if another fails or never opened: a failed start must not hang the run.
    await closeAll(browser, testApp);
  });

  async function signedIn(
    user: { email: string; password: string },
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

  it('an admin sets up an accreditation body; its reviewer signs in, checks a certificate and sees it attributed', async () => {
    const { app } = testApp;
    const holder = await certifiedLearner(app, { fullName: 'Dr Inês Carvalho' });
    const admin = await signedIn(await newUser(app, { roles: ['admin'] }));
    // The admin menu leads there.
    await admin
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Verifier organisations' })
      .click();
    await admin.waitForURL('**/admin/organisations');
    await admin.getByLabel('Name', { exact: true }).fill('Medical Board of California');
    await admin.getByRole('button', { name: 'Add organisation' }).click();
    await admin.waitForURL('**/admin/organisations/*?done=created');
    expect(await textOf(admin.getByRole('heading', { level: 1 }))).toBe('Medical Board of California');

    // A key is shown once, then only its first characters.
    await admin.getByLabel("New key's name").fill('Licensing system');
    await admin.getByRole('button', { name: 'Create API key' }).click();
    const key = await admin.getByLabel('The key').inputValue();
    expect(key).toMatch(/^rak_/);
    expect(await textOf(admin.getByRole('alert'))).toContain('shown only this once');
    await snapshot(admin, 'organisation-new-key');
    await admin.goto(new URL(admin.url()).pathname.replace(/\/api-keys$/, ''));
    expect(await admin.getByLabel('The key').count()).toBe(0);
    expect(await textOf(admin.getByRole('table', { name: /API keys/ }))).toContain(`${key.slice(0, 10)}…`);

    // The reviewer's account, in the organisation.
    await admin.getByLabel('Full name').fill('Dr Rita Reviewer');
    await admin.getByLabel('E-mail', { exact: true }).fill('rita.reviewer@mbc.example');
    await admin.getByLabel('First password').fill(TEST_PASSWORD);
    await admin.getByRole('button', { name: 'Create verifier account' }).click();
    await admin.waitForURL('**?done=account_created');
    expect(await textOf(admin.getByRole('table', { name: /Accounts of/ }))).toContain('Dr Rita Reviewer');

    // The reviewer checks a certificate, then finds the check on their page.
    const reviewer = await signedIn({ email: 'rita.reviewer@mbc.example', password: TEST_PASSWORD });
    // A verifier sets up two-factor sign-in before anything else (the two-factor test walks through it).
    await reviewer.waitForURL('**/profile/two-factor?required=1');
    const rita = (await testApp.app.get(UsersService).findByEmail('rita.reviewer@mbc.example'))!;
    await testApp.app.get(TwoFactorService).enrolTotpWithSecret(rita.id, newTotpSecret());
    await reviewer
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Verifications' })
      .click();
    await reviewer.waitForURL('**/verifier');
    expect(await textOf(reviewer.getByRole('heading', { level: 1 }))).toBe(
      'Verifications of Medical Board of California',
    );
    await reviewer.getByRole('link', { name: 'Check one or many certificates' }).click();
    await reviewer.getByRole('textbox', { name: 'Certificate number' }).fill(holder.number);
    await reviewer.getByRole('button', { name: 'Check the number' }).click();
    await reviewer.waitForURL(`**/verify/${holder.number}`);
    expect(await textOf(reviewer.getByRole('heading', { level: 1 }))).toBe('Valid');
    await reviewer.goto('/verifier');
    const checks = reviewer.getByRole('table', { name: /Certificate checks made by/ });
    const row = checks.getByRole('row', { name: new RegExp(holder.number) });
    expect(await textOf(row)).toContain('Valid');
    expect(await textOf(row)).toContain('Verification page');
    expect(await textOf(row)).toContain('Dr Rita Reviewer');
    await snapshot(reviewer, 'verifier-home');
    await reviewer.setViewportSize(PHONE);
    expect(await horizontalOverflow(reviewer)).toBeLessThanOrEqual(0);
    await snapshot(reviewer, 'verifier-home-phone');

    // The admin sees the same check on the organisation's page.
    await admin.reload();
    expect(await textOf(admin.getByRole('table', { name: /Certificate checks made by/ }))).toContain(
      holder.number,
    );
    await snapshot(admin, 'organisation');
    await reviewer.context().close();
    await admin.context().close();
  });

  it('an admin anonymises a learner who asked to be deleted; the certificate still verifies with the name as issued', async () => {
    const { app } = testApp;
    const holder = await certifiedLearner(app, { fullName: 'Dr Jonas Øberg' });
    const admin = await signedIn(await newUser(app, { roles: ['admin'] }));
    await admin.goto('/admin/users?q=Jonas');
    await admin.getByRole('link', { name: 'Anonymise… Dr Jonas Øberg' }).click();
    await admin.waitForURL(`**/admin/users/${holder.user.id}/anonymise`);
    expect(await textOf(admin.locator('main'))).toContain("Certificates, with the holder's name as issued");
    await snapshot(admin, 'anonymise-confirm');
    await admin.getByRole('button', { name: 'Anonymise this account' }).click();
    await admin.waitForURL('**/admin/users?anonymised=1');
    expect(await textOf(admin.getByRole('status'))).toContain('Account anonymised');
    await admin.goto('/admin/users?q=Jonas');
    expect(await textOf(admin.locator('main'))).toContain('0 user(s)');

    const learner = await browser.newPage({ baseURL: baseUrl });
    await learner.goto('/login');
    await signInThroughPage(learner, testApp.app, holder.user);
    expect(await textOf(learner.locator('main'))).toContain('E-mail or password is not correct.');
    await learner.goto(`/verify/${holder.number}`);
    expect(await textOf(learner.getByRole('heading', { level: 1 }))).toBe('Valid');
    expect(await textOf(learner.locator('main'))).toContain('Dr Jonas Øberg');
    await learner.close();
    await admin.context().close();
  });
});
