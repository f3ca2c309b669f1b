import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '@academy/core';
import { certifiedLearner } from '../factories/certificates';
import { labOfCourse, seatOnRoster } from '../factories/labs';
import { newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { BookingService } from '@academy/skills-lab';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  DESKTOP,
  hasFocus,
  horizontalOverflow,
  launchChromium,
  listen,
  NARROW_PHONE,
  signInThroughPage,
  snapshot,
  textOf,
} from './browser';

jest.setTimeout(240_000);

describe('the page shell on a 375 px phone', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(() => closeAll(...contexts, browser, testApp));

  async function open(
    user: TestUser | null,
    options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: options.viewport ?? NARROW_PHONE,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    if (user) {
      await page.goto('/login');
      await signInThroughPage(page, testApp.app, user);
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    }
    return page;
  }

  const menuButton = (page: Page) => page.getByRole('button', { name: 'Menu' });
  const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  it('folds the navigation into a menu that opens and closes from the keyboard', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'], fullName: 'Dr Mina Phone' });
    const page = await open(learner);
    await page.goto('/learning');
    // Closed: one row of header, the links out of sight and out of the Tab order.
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false');
    expect(await mainNav(page).isVisible()).toBe(false);
    const header = await page.locator('.site-header').boundingBox();
    expect(header!.height).toBeLessThan(80);
    await snapshot(page, 'shell-phone-menu-closed');

    // Tab: skip link, the academy's name, then the menu button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await hasFocus(menuButton(page))).toBe(true);
    await page.keyboard.press('Enter');
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('true');
    expect(await mainNav(page).getByRole('link', { name: 'My bookings' }).isVisible()).toBe(true);
    expect(await mainNav(page).getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    // The links are fingers' targets: at least 44 px high, none wider than the screen.
    for (const link of await mainNav(page).locator('a, button').all()) {
      const box = (await link.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width).toBeLessThanOrEqual(NARROW_PHONE.width);
    }
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'shell-phone-menu-open');

    // Tab goes on into the menu; Escape closes it and gives the focus back to the button.
    await page.keyboard.press('Tab');
    expect(await hasFocus(mainNav(page).getByRole('link', { name: 'Courses' }))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false');
    expect(await mainNav(page).isVisible()).toBe(false);
    expect(await hasFocus(menuButton(page))).toBe(true);

    // Space opens it too, and a link in it leads on.
    await page.keyboard.press('Space');
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('true');
    await mainNav(page).getByRole('link', { name: 'My bookings' }).click();
    await page.waitForURL('**/me/bookings');
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false');
  });

  it('shows the whole navigation without a script, and no menu button, still without sideways scrolling', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'] });
    const page = await open(null, { javaScriptEnabled: false });
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(learner.email);
    await page.getByLabel('Password').fill(learner.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/learning');
    expect(await menuButton(page).isVisible()).toBe(false);
    expect(await mainNav(page).getByRole('link', { name: 'My certificates' }).isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'shell-phone-no-script');
  });

  it('keeps the full navigation on a desktop, with no menu button', async () => {
    const admin = await newUser(testApp.app, { roles: ['admin'] });
    const page = await open(admin, { viewport: DESKTOP });
    await page.goto('/admin/dashboard');
    expect(await menuButton(page).isVisible()).toBe(false);
    expect(await mainNav(page).getByRole('link', { name: 'Ledger' }).isVisible()).toBe(true);
    await snapshot(page, 'shell-desktop-admin');
  });

  it('scrolls no main page of any role sideways', async () => {
    const app = testApp.app;
    const holder = await certifiedLearner(app, { signed: true });
    const learner = holder.user;
    const { lab, slug } = await labOfCourse(app, { id: learner.id, roles: ['learner'] });
    const { booking } = await app.get(BookingService).book(learner.id, lab.id);
    const instructor = await newUser(app, { roles: ['instructor'] });
    const roster = await seatOnRoster(app, { id: instructor.id, roles: ['instructor'] }, 'recorded');
    const admin = await newUser(app, { roles: ['admin'] });
    const verifier = await newUser(app, { roles: ['verifier'] });
    const pages: [Role | 'anonymous', TestUser | null, string[]][] = [
      [
        'anonymous',
        null,
        ['/', '/courses', `/courses/${slug}`, '/login', '/signup', '/verify', '/nothing-here'],
      ],
      [
        'learner',
        learner,
        [
          '/learning',
          `/learning/${slug}`,
          `/learning/${slug}/labs`,
          '/me/bookings',
          `/me/bookings/${booking.id}`,
          `/me/bookings/${booking.id}/cancel`,
          '/me/certificates',
          `/me/certificates/${holder.number}`,
          '/me/transcript',
          '/inbox',
          '/profile',
          '/profile/devices',
        ],
      ],
      [
        'instructor',
        instructor,
        [
          '/instructor/labs',
          `/instructor/labs/${roster.lab.id}`,
          `/instructor/labs/${roster.lab.id}/bookings/${roster.booking.id}`,
        ],
      ],
      [
        'admin',
        admin,
        [
          '/admin/dashboard',
          '/admin/reports',
          '/admin/courses',
          '/admin/users',
          '/admin/labs',
          '/admin/labs/new',
          `/admin/labs/${roster.lab.id}`,
          '/admin/certificates',
          `/admin/certificates/${holder.number}`,
          '/admin/ledger',
          '/admin/emails',
          '/admin/organisations',
          '/admin/issuer',
        ],
      ],
      ['verifier', verifier, ['/verifier', '/verify', `/verify/${holder.number}`]],
    ];
    const overflowing: string[] = [];
    for (const [role, user, paths] of pages) {
      const page = await open(user);
      for (const path of paths) {
        await page.goto(path);
        // Every page keeps the one-row header with its menu.
        expect(await menuButton(page).isVisible()).toBe(true);
        const overflow = await horizontalOverflow(page);
        if (overflow > 0) {
          overflowing.push(`${role} ${path}: ${overflow} px`);
        }
        await snapshot(page, `shell-phone-${role}-${path.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
      }
    }
    expect(overflowing).toEqual([]);
  });

  it('shows a signed-in user the 404 page under their own header, with their home to go on to', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'], fullName: 'Dr Lost Link' });
    const page = await open(learner);
    const response = await page.goto('/learning/some-course/lessons/not-a-lesson');
    expect(response?.status()).toBe(404);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('We could not find that page');
    const main = await textOf(page.locator('main'));
    expect(main).toContain('There is no page at this address.');
    expect(main).not.toMatch(/Cannot GET|must be a|UUID/);
    await menuButton(page).click();
    expect(await mainNav(page).getByRole('link', { name: 'Dr Lost Link' }).isVisible()).toBe(true);
    expect(await mainNav(page).getByRole('link', { name: 'Sign in' }).count()).toBe(0);
    await menuButton(page).click();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'shell-phone-404-signed-in');
    await page.getByRole('link', { name: 'Go to My learning' }).click();
    await page.waitForURL('**/learning');
  });
});
