import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newUser, TEST_PASSWORD } from '../factories/users';
import type { TestUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  descriptionOf,
  DESKTOP,
  hasFocus,
  horizontalOverflow,
  launchChromium,
  listen,
  PHONE,
  sitsRightUnder,
  snapshot,
  textOf,
  signInThroughPage,
} from './browser';

// Argon2 on every sign-in and a real browser: journeys take a few seconds each.
jest.setTimeout(60_000);

/** Playwright gives up before jest does, so a failure names the locator it waited for. */
const ACTION_TIMEOUT = 10_000;

function uniqueEmail(name: string): string {
  return `${name}-${randomBytes(3).toString('hex')}@browser.regen.academy`;
}

describe('identity pages in a browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let context: BrowserContext;
  let page: Page;

  async function openContext(viewport: { width: number; height: number } = DESKTOP): Promise<Page> {
    context = await browser.newContext({ baseURL: baseUrl, viewport });
    context.setDefaultTimeout(ACTION_TIMEOUT);
    context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
    return context.newPage();
  }

  /** Signs in through the form, as a person does, from wherever the page is. */
  async function signInThroughForm(user: { email: string; password: string }): Promise<void> {
    await signInThroughPage(page, testApp.app, user);
  }

  /** Whether the browser holds a session cookie the app would accept. */
  async function hasSessionCookie(): Promise<boolean> {
    return (await context.cookies(baseUrl)).some((cookie) => cookie.name.endsWith('ra_session'));
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    // Each closed even if another fails or never opened: a failed start must not hang the run.
    await closeAll(browser, testApp);
  });

  beforeEach(async () => {
    page = await openContext();
  });

  afterEach(async () => {
    await context?.close();
  });

  it('lets a keyboard user skip the header: "Skip to content" is the first Tab stop', async () => {
    await page.goto('/signup');

    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Skip to content' });
    expect(await hasFocus(skipLink)).toBe(true);
    expect(await skipLink.isVisible()).toBe(true);
    const box = await skipLink.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0).toBe(true);
    await snapshot(page, 'skip-link-focused');

    await page.keyboard.press('Enter');
    await page.waitForURL('**/signup#main');
    expect(await hasFocus(page.getByRole('main'))).toBe(true);
    await page.keyboard.press('Tab');
    expect(await hasFocus(page.getByLabel('Full name'))).toBe(true);
  });

  it('signs a physician up through /signup, then in, and lands on the profile with a welcome', async () => {
    const email = uniqueEmail('signup');
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Create account' })
      .click();
    await page.waitForURL('**/signup');
    await page.getByRole('heading', { level: 1, name: 'Create your physician account' }).waitFor();

    await page.getByLabel('Full name').fill('Dr Ada Marrow');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByLabel('Degree').selectOption('DO');
    await page.getByLabel('Specialty').fill('Sports medicine');
    await page.getByLabel('NPI').fill('1234567893');
    await snapshot(page, 'signup-filled');
    await page.getByRole('button', { name: 'Create account' }).click();

    // The same answer whether the address was new or taken: sign in next.
    await page.waitForURL('**/login?registered=1');
    expect(await textOf(page.getByRole('status'))).toContain(
      'If this address is new to us, your account is ready',
    );
    await snapshot(page, 'signup-then-sign-in');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/profile?welcome=1');
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    expect(await textOf(page.getByRole('status'))).toBe(
      'Welcome! Your account is ready. We sent a link to your e-mail address: open it to confirm the address.',
    );
    expect(await page.getByText(email, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel('Full name').inputValue()).toBe('Dr Ada Marrow');
    expect(await page.getByLabel('Degree').inputValue()).toBe('DO');
    expect(await page.getByLabel('Specialty').inputValue()).toBe('Sports medicine');
    expect(await page.getByLabel('NPI').inputValue()).toBe('1234567893');
    const header = page.getByRole('navigation', { name: 'Main' });
    expect(await header.getByRole('link', { name: 'Dr Ada Marrow' }).isVisible()).toBe(true);
    expect(await header.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await snapshot(page, 'signup-welcome');
  });

  it('shows sign-up errors next to the NPI and password fields and keeps what was typed', async () => {
    const email = uniqueEmail('bad-npi');
    await page.goto('/signup');
    await page.getByLabel('Full name').fill('Dr Typo Prone');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Degree').selectOption('MD');
    await page.getByLabel('Specialty').fill('Orthopaedic surgery');
    await page.getByLabel('NPI').fill('1234567890');
    await page.getByRole('button', { name: 'Create account' }).click();

    const npiError = page.getByText('Must be 10 digits ending in a valid check digit.');
    const passwordError = page.getByText(/Must be 8 to 128 characters\./);
    await npiError.waitFor();
    await passwordError.waitFor();
    expect(page.url()).toBe(`${baseUrl}/signup`);
    await page.getByRole('heading', { level: 1, name: 'Create your physician account' }).waitFor();

    const npi = page.getByLabel('NPI');
    const password = page.getByLabel('Password');
    expect(await npi.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(npi)).toContain('Must be 10 digits ending in a valid check digit.');
    expect(await descriptionOf(password)).toContain('Must be 8 to 128 characters.');
    expect(await sitsRightUnder(npi, npiError, 64)).toBe(true);
    expect(await sitsRightUnder(password, passwordError, 64)).toBe(true);

    // Everything else is as typed; only the password has to be typed again.
    expect(await page.getByLabel('Full name').inputValue()).toBe('Dr Typo Prone');
    expect(await page.getByLabel('E-mail').inputValue()).toBe(email);
    expect(await page.getByLabel('Degree').inputValue()).toBe('MD');
    expect(await page.getByLabel('Specialty').inputValue()).toBe('Orthopaedic surgery');
    expect(await npi.inputValue()).toBe('1234567890');
    expect(await password.inputValue()).toBe('');
    for (const label of ['Full name', 'E-mail', 'Degree', 'Specialty']) {
      expect(await page.getByLabel(label).getAttribute('aria-invalid')).toBeNull();
    }
    expect(await hasSessionCookie()).toBe(false);
    await snapshot(page, 'signup-errors');
  });

  it('saves an edited profile: "Profile saved." and the new specialty survives a reload', async () => {
    const user = await newUser(testApp.app, { fullName: 'Dr Edith Profile' });
    await page.goto('/login?next=/profile');
    await signInThroughForm(user);
    await page.waitForURL('**/profile');
    expect(await page.getByLabel('Specialty').inputValue()).toBe('Sports medicine');

    await page.getByLabel('Specialty').fill('Interventional pain medicine');
    await page.getByRole('button', { name: 'Save details' }).click();

    await page.waitForURL('**/profile?saved=profile');
    expect(await textOf(page.getByRole('status'))).toBe('Profile saved.');
    expect(await page.getByLabel('Specialty').inputValue()).toBe('Interventional pain medicine');
    await snapshot(page, 'profile-saved');

    await page.goto('/profile');
    expect(await page.getByRole('status').count()).toBe(0);
    expect(await page.getByLabel('Specialty').inputValue()).toBe('Interventional pain medicine');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Dr Edith Profile');
  });

  it('signs out from the header; /profile then asks to sign in and returns there afterwards', async () => {
    const user = await newUser(testApp.app, { fullName: 'Dr Out And Back' });
    await page.goto('/login');
    await signInThroughForm(user);
    // Signed in without a page to return to: the learner's home.
    await page.waitForURL(`${baseUrl}/learning`);
    await page.getByRole('link', { name: 'Dr Out And Back' }).click();
    await page.waitForURL('**/profile');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/?signedOut=1');
    expect(await textOf(page.getByRole('status'))).toBe('You are signed out.');
    const header = page.getByRole('navigation', { name: 'Main' });
    expect(await header.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await header.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await hasSessionCookie()).toBe(false);
    await snapshot(page, 'signed-out');

    await page.goto('/profile');
    await page.waitForURL('**/login?next=%2Fprofile');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await snapshot(page, 'login-for-profile');

    await signInThroughForm(user);
    await page.waitForURL('**/profile');
    expect(new URL(page.url()).pathname).toBe('/profile');
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    expect(await page.getByText(user.email, { exact: true }).isVisible()).toBe(true);
  });

  it('refuses a wrong password with a message and no session', async () => {
    const user = await newUser(testApp.app);
    await page.goto('/login?next=/profile');
    await signInThroughForm({ email: user.email, password: 'not the right password' });

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await textOf(alert)).toBe('E-mail or password is not correct.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('E-mail').inputValue()).toBe(user.email);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await hasSessionCookie()).toBe(false);
    const header = page.getByRole('navigation', { name: 'Main' });
    expect(await header.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    await snapshot(page, 'login-wrong-password');

    await page.goto('/profile');
    await page.waitForURL('**/login?next=%2Fprofile');
  });

  it('lets an admin give another user the instructor role from /admin/users', async () => {
    const admin = await newUser(testApp.app, { roles: ['admin'], fullName: 'Dr Ada Admin' });
    const learner: TestUser = await newUser(testApp.app, { fullName: 'Dr Lee Learner' });
    await page.goto('/login?next=/admin/users');
    await signInThroughForm(admin);
    await page.waitForURL('**/admin/users');

    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const header = page.getByRole('navigation', { name: 'Main' });
    expect(await header.getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBe('page');
    const table = page.getByRole('table', { name: 'Users with their roles and status' });
    const rowOf = (name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
    await rowOf('Dr Ada Admin').waitFor();
    expect(await textOf(rowOf('Dr Ada Admin').getByRole('rowheader'))).toBe('Dr Ada Admin (you)');
    const learnerRow = rowOf('Dr Lee Learner');
    expect(await textOf(learnerRow.getByRole('cell').first())).toBe(learner.email);
    expect(await learnerRow.getByRole('checkbox', { name: 'learner' }).isChecked()).toBe(true);
    const instructor = learnerRow.getByRole('checkbox', { name: 'instructor' });
    expect(await instructor.isChecked()).toBe(false);
    await snapshot(page, 'admin-users');

    // With more than a page of accounts, an admin finds the person first.
    await page.getByRole('searchbox', { name: 'Find by name or e-mail' }).fill('Lee Learner');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('**/admin/users?q=Lee+Learner');
    expect(await textOf(page.getByText(/user\(s\)$/))).toBe('1 user(s)');
    expect(await table.getByRole('row').count()).toBe(2);
    expect(await learnerRow.isVisible()).toBe(true);

    await instructor.check();
    const saved = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/roles'),
    );
    const reloaded = page.waitForEvent('load');
    await learnerRow.getByRole('button', { name: 'Save roles' }).click();
    expect((await saved).status()).toBe(303);
    await reloaded;

    expect(page.url()).toBe(`${baseUrl}/admin/users?q=Lee+Learner&saved=1`);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('status').textContent()).toBe('Changes saved.');
    expect(await learnerRow.getByRole('checkbox', { name: 'instructor' }).isChecked()).toBe(true);
    expect(await learnerRow.getByRole('checkbox', { name: 'learner' }).isChecked()).toBe(true);
    await snapshot(page, 'admin-users-instructor-saved');

    await page.reload();
    expect(await learnerRow.getByRole('checkbox', { name: 'instructor' }).isChecked()).toBe(true);
  });

  it('fits /signup on a phone without sideways scrolling', async () => {
    await context.close();
    page = await openContext(PHONE);
    await page.goto('/signup');
    await page.getByRole('heading', { level: 1, name: 'Create your physician account' }).waitFor();

    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await page.getByRole('button', { name: 'Create account' }).isVisible()).toBe(true);
    await snapshot(page, 'signup-phone');
  });
});
