import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newNotification } from '../factories/notifications';
import { newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
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

jest.setTimeout(60_000);

const ACTION_TIMEOUT = 10_000;

describe('the inbox in a browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let context: BrowserContext | undefined;

  async function signedIn(user: TestUser, viewport: { width: number; height: number }): Promise<Page> {
    context = await browser.newContext({ baseURL: baseUrl, viewport });
    context.setDefaultTimeout(ACTION_TIMEOUT);
    context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
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

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  it('opens the inbox from the header, shows the unread message as new, and marks it read', async () => {
    const learner = await newUser(testApp.app, { fullName: 'Dr Inbox Reader' });
    await newNotification(testApp.app, learner.id, {
      subject: 'Welcome to Regen Academy',
      body: 'Start with the anatomy module.',
      link: '/courses',
    });
    await newNotification(testApp.app, learner.id, {
      subject: 'Your skills-lab seat is booked',
      body: 'Bone marrow harvesting lab, 3 March 2026, 09:00.\nBring your own loupes.',
      link: '/learning',
    });
    const page = await signedIn(learner, DESKTOP);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Inbox', exact: true })
      .click();
    await page.waitForURL('**/inbox');
    expect(await page.title()).toBe('Inbox (2 unread) · Regen Academy');
    const headings = page.getByRole('heading', { level: 2 });
    expect(await headings.allInnerTexts()).toEqual([
      'New Your skills-lab seat is booked',
      'New Welcome to Regen Academy',
    ]);
    await snapshot(page, 'inbox-unread');

    await page.getByRole('button', { name: 'Mark as read: Your skills-lab seat is booked' }).click();
    await page.waitForURL('**/inbox?read=1**');
    expect(await textOf(page.getByRole('status'))).toBe('Marked as read.');
    expect(await page.title()).toBe('Inbox (1 unread) · Regen Academy');
    expect(await headings.first().innerText()).toBe('Your skills-lab seat is booked');
    expect(await page.getByRole('button', { name: /^Mark as read/ }).count()).toBe(1);

    await page.getByRole('link', { name: 'Open: Your skills-lab seat is booked' }).click();
    await page.waitForURL('**/learning');
  });

  it('fits the inbox on a phone without sideways scrolling', async () => {
    const learner = await newUser(testApp.app);
    await newNotification(testApp.app, learner.id, {
      subject: 'A rather long subject line about a skills-lab booking that has been moved to another room',
      body: 'The lab on 3 March 2026 now takes place in the anatomy teaching suite, second floor, room 2.14.',
    });
    const page = await signedIn(learner, PHONE);
    await page.goto('/inbox');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'inbox-phone');
  });
});
