import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { INestApplicationContext } from '@nestjs/common';
import { nextTotpCode } from '../factories/users';
import type { SignInDetails } from '../factories/users';
import type { Browser, Locator, Page } from 'playwright-core';
import type { TestApp } from '../support/test-app';

/** Debian's Chromium; the suite never downloads a browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where full-page screenshots of the journeys go (git-ignored), for a person to look at. */
export const ARTIFACTS_DIR = join(__dirname, 'artifacts');

/** Desktop and phone sizes the pages are looked at in. */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;
/** The narrowest phone a page must fit: 375 CSS pixels. */
export const NARROW_PHONE = { width: 375, height: 812 } as const;

/** Launches Debian's Chromium, or fails at once saying how to install it. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install it with apt-get install -y chromium (npm test does, as root).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Closes what a suite opened, one after another in the order given (a context before its
 * browser: closed together, the browser's end fails the context's close), every one even when
 * another fails to close or was never opened (a browser that did not launch): an app left
 * listening would keep the whole run from ending.
 */
export async function closeAll(...things: ({ close(): Promise<unknown> } | undefined)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const thing of things) {
    await thing?.close().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) {
    throw failures[0] instanceof Error ? failures[0] : new Error(String(failures[0]));
  }
}

/** Starts the test app on a free local port and answers its base URL. */
export async function listen(testApp: TestApp): Promise<string> {
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const address: AddressInfo | string | null = testApp.app.getHttpServer().address();
  if (address === null || typeof address === 'string') {
    throw new Error(`The app is not listening on a TCP port: ${String(address)}`);
  }
  return `http://127.0.0.1:${address.port}`;
}

/** Saves a full-page screenshot as artifacts/<name>.png. */
export async function snapshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Screenshots the page at 1280 px (`<name>-1280`) and 375 px (`<name>-375`), failing if either
 * scrolls sideways, and leaves the page at 1280 px.
 */
export async function lookAt(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await snapshot(page, `${name}-1280`);
  await page.setViewportSize(NARROW_PHONE);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await snapshot(page, `${name}-375`);
  await page.setViewportSize(DESKTOP);
}

/** The visible text of an element, with runs of white space made single. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * What assistive technology reads after a field's name: the text of every element its
 * `aria-describedby` points at (hints, then errors).
 */
export async function descriptionOf(field: Locator): Promise<string> {
  const ids = (await field.getAttribute('aria-describedby'))?.split(/\s+/).filter((id) => id !== '') ?? [];
  const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()));
  return texts
    .map((text) => text ?? '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether this element has the keyboard focus. */
export async function hasFocus(locator: Locator): Promise<boolean> {
  return (await locator.and(locator.page().locator(':focus')).count()) === 1;
}

/** How many CSS pixels the page is wider than the window: more than 0 means sideways scrolling. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/**
 * Whether `below` starts within `gap` pixels under `above` and overlaps it horizontally: a
 * message a sighted user reads as belonging to that field.
 */
export async function sitsRightUnder(above: Locator, below: Locator, gap = 48): Promise<boolean> {
  const [top, bottom] = await Promise.all([above.boundingBox(), below.boundingBox()]);
  if (!top || !bottom) {
    return false;
  }
  const distance = bottom.y - (top.y + top.height);
  const overlaps = bottom.x < top.x + top.width && top.x < bottom.x + bottom.width;
  return distance >= 0 && distance <= gap && overlaps;
}

/**
 * Signs in through the login page as a person does: e-mail and password, then, for an account
 * with an authenticator app, the code it shows (see `nextTotpCode`). Waits for the page after.
 */
export async function signInThroughPage(
  page: Page,
  app: INestApplicationContext,
  user: SignInDetails,
): Promise<void> {
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState();
  if (user.totpSecret && (await page.getByRole('heading', { name: 'Two-step verification' }).count()) > 0) {
    await page.getByLabel('Code').fill(await nextTotpCode(app, user));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
  }
}

/** Signs out from the header, opening the phone's Menu first when the navigation is folded into it. */
export async function signOutThroughMenu(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) {
    await menu.click();
  }
  await page.getByRole('button', { name: 'Sign out' }).click();
}
