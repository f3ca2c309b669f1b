import type { Browser } from 'playwright-core';
import type { Role } from '@academy/core';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, DESKTOP, launchChromium, listen, signInThroughPage } from './browser';

jest.setTimeout(60_000);

/** Where each role starts after signing in, and the header it finds there. */
const HOMES: { role: Role; path: string; link: string }[] = [
  { role: 'learner', path: '/learning', link: 'My learning' },
  { role: 'instructor', path: '/instructor/labs', link: 'My labs' },
  { role: 'admin', path: '/admin/dashboard', link: 'Dashboard' },
  { role: 'verifier', path: '/verifier', link: 'Verifications' },
];

describe('a home per role, in a browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(() => closeAll(browser, testApp));

  it.each(HOMES)(
    'signs in as $role and lands on $path, marked in the header',
    async ({ role, path, link }) => {
      const user = await newUser(testApp.app, { roles: [role] });
      const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
      try {
        const page = await context.newPage();
        await page.goto('/login');
        await signInThroughPage(page, testApp.app, user);
        await page.waitForURL(`**${path}`);
        const current = page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]');
        expect(await current.innerText()).toBe(link);
        // A same-site next still wins over the home.
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.goto('/login?next=/courses');
        await signInThroughPage(page, testApp.app, user);
        await page.waitForURL('**/courses');
      } finally {
        await context.close();
      }
    },
  );
});
