import type { Browser, BrowserContext, Page } from 'playwright-core';
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

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('signed-in devices, in a browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await closeAll(browser, testApp);
  });

  async function signedIn(
    user: TestUser,
    userAgent: string,
    viewport: { width: number; height: number } = DESKTOP,
  ): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport, userAgent });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    await page.waitForURL('**/learning');
    return page;
  }

  it('lists each device in words, signs one out, then everywhere else, from a phone', async () => {
    const user = await newUser(testApp.app);
    const laptop = await signedIn(user, FIREFOX);
    const tablet = await signedIn(user, FIREFOX);
    const phone = await signedIn(user, IPHONE, PHONE);

    await phone.goto('/profile');
    await phone.getByRole('link', { name: 'Signed-in devices' }).click();
    await phone.getByRole('heading', { name: 'Signed-in devices', level: 1 }).waitFor();
    const devices = phone.locator('.card-item h2');
    expect(await devices.allTextContents()).toHaveLength(3);
    expect(await textOf(phone.locator('.card-item', { hasText: 'This device' }))).toContain('Safari on iOS');
    expect(await phone.locator('.card-item', { hasText: 'Firefox on Linux' }).count()).toBe(2);
    expect(await horizontalOverflow(phone)).toBe(0);
    await snapshot(phone, 'devices-phone');

    // One of the Firefox devices: signed out, the other still in.
    await phone
      .locator('.card-item', { hasText: 'Firefox on Linux' })
      .first()
      .getByRole('button', { name: /^Sign out/ })
      .click();
    await phone.waitForURL('**/profile/devices?done=one');
    expect(await textOf(phone.locator('.notice'))).toBe('That device is signed out.');
    expect(await phone.locator('.card-item').count()).toBe(2);
    const stillIn = await Promise.all(
      [laptop, tablet].map(async (page) => {
        await page.goto('/profile');
        return !page.url().includes('/login');
      }),
    );
    expect(stillIn.sort()).toEqual([false, true]);

    await phone.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await phone.waitForURL('**/profile/devices?done=others');
    expect(await phone.locator('.card-item').count()).toBe(1);
    for (const page of [laptop, tablet]) {
      await page.goto('/profile');
      expect(page.url()).toContain('/login');
    }
    // This device stays signed in until it signs itself out.
    await phone
      .locator('.card-item')
      .getByRole('button', { name: /^Sign out/ })
      .click();
    await phone.waitForURL('**/login');
    await phone.goto('/profile');
    expect(phone.url()).toContain('/login');
  });
});
