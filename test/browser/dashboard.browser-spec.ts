import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { ApiKeysService } from '@academy/identity';
import { Database, FakeClock } from '@academy/core';
import { generateAcademyData } from '../factories/academy-data';
import type { AcademyData } from '../factories/academy-data';
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

jest.setTimeout(240_000);

const MONTH = 30 * 24 * 3_600_000;

describe('oversight: an admin reads the dashboard, downloads the ACCME export and retires a flagged question', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let data: AcademyData;
  let admin: TestUser;
  const now = new Date();
  const clock = new FakeClock(now);

  beforeAll(async () => {
    testApp = await createTestApp({ clock });
    const { app } = testApp;
    data = await generateAcademyData(app, { learners: 300, seed: 7, now });
    // An accreditation body checks certificates month after month with its API key, and
    // strangers check some on the public page: the verifications chart has a history.
    const keys = app.get(ApiKeysService);
    const board = await keys.createOrganisation('Texas Medical Board');
    const { key } = await keys.createKey(board.id, 'Licensing system');
    const { rows } = await app
      .get(Database)
      .execute<{ number: string }>('SELECT number FROM certificate ORDER BY issued_at');
    for (let month = 5; month >= 0; month--) {
      clock.set(new Date(now.getTime() - month * MONTH));
      const numbers = rows.slice(0, 4 + (5 - month) * 3).map((row) => row.number);
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/verify',
        headers: { authorization: `Bearer ${key}` },
        payload: { numbers },
      });
      expect(response.statusCode).toBe(200);
      await app.inject({ method: 'GET', url: `/api/v1/verify/${numbers[0]!}` });
    }
    clock.set(now);
    admin = await newUser(app, { roles: ['admin'], fullName: 'Dr Ada Admin' });
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    // Each closed even if another fails or never opened: a failed start must not hang the run.
    await closeAll(browser, testApp);
  });

  async function signedIn(viewport: { width: number; height: number } = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport, acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, admin);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it('an admin opens the dashboard, sees the charts and their numbers, downloads the ACCME export and retires a flagged question', async () => {
    const page = await signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL('**/admin/dashboard');
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Dashboard');

    // Four charts, each an image named by its title, drawn (not empty), with the numbers beside.
    for (const name of [
      'Completion funnel',
      'Certificates issued per month',
      'Pass rate per module',
      'Verifications per month',
    ]) {
      const chart = page.getByRole('img', { name });
      await chart.scrollIntoViewIfNeeded();
      expect(await chart.isVisible()).toBe(true);
      expect((await chart.boundingBox())!.width).toBeGreaterThan(300);
      expect(await chart.locator('rect').count()).toBeGreaterThan(0);
      expect(await chart.locator('desc').textContent()).not.toContain('No data');
    }
    const funnel = page.getByRole('table', { name: 'Completion funnel in numbers' });
    const enrolled = Number(
      await textOf(
        funnel
          .getByRole('row', { name: /^Enrolled/ })
          .getByRole('cell')
          .first(),
      ),
    );
    const certified = Number(
      await textOf(
        funnel
          .getByRole('row', { name: /^Certified/ })
          .getByRole('cell')
          .first(),
      ),
    );
    expect(enrolled).toBeGreaterThan(certified);
    expect(certified).toBeGreaterThan(0);
    // The chart says the same numbers in words as the table.
    expect(
      await page.getByRole('img', { name: 'Completion funnel' }).locator('desc').textContent(),
    ).toContain(`Of ${enrolled} learners who enrolled`);
    const verifications = page.getByRole('table', { name: 'Verifications per month in numbers' });
    expect(await textOf(verifications.locator('tfoot td').first())).not.toBe('0');
    expect(await textOf(page.getByRole('table', { name: /Checks per verifier organisation/ }))).toContain(
      'Texas Medical Board',
    );
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'dashboard');

    // One course, this year.
    const flagship = data.courses[0]!;
    await page.getByLabel('Course').selectOption({ label: flagship.title });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(`**/admin/dashboard?courseId=${flagship.courseId}**`);
    expect(await textOf(page.locator('.lead'))).toContain(flagship.title);
    await snapshot(page, 'dashboard-course');

    // A period that ends before it starts is named, and the page still shows something sensible.
    await page.getByLabel('From', { exact: true }).fill('2026-05-01');
    await page.getByLabel('To (included)').fill('2026-04-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL('**/admin/dashboard?**');
    expect(await page.getByLabel('To (included)').getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(page.locator('#to-error'))).toContain('Must be on or after from');
    await snapshot(page, 'dashboard-bad-period');

    // The ACCME batch export, from the dashboard: one learner row per completion on record.
    await page.getByRole('link', { name: 'reports and the ACCME export' }).click();
    await page.waitForURL('**/admin/reports');
    await page
      .getByRole('navigation', { name: 'Reports' })
      .getByRole('link', { name: 'ACCME export' })
      .click();
    await page.waitForURL('**/admin/reports/accme');
    await snapshot(page, 'accme-export');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'PARS learner file (CSV)' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const csv = (await readFile(await file.path())).toString('utf8').trim().split(/\r?\n/);
    const { rows: completions } = await testApp.app
      .get(Database)
      .execute<{ count: string }>(`SELECT count(*) FROM certificate WHERE status <> 'revoked'`);
    expect(csv.length - 1).toBe(Number(completions[0]!.count));

    // From a module's pass rate to its item analysis: the too easy first question is flagged.
    await page.goto(`/admin/dashboard?courseId=${flagship.courseId}`);
    const firstModule = flagship.versions.at(-1)!.content.modules[0]!;
    await page
      .getByRole('table', { name: 'Pass rates in numbers' })
      .getByRole('link', { name: `Item analysis of ${firstModule.title}` })
      .click();
    await page.waitForURL(`**/admin/courses/${flagship.courseId}/modules/${firstModule.id}/item-analysis`);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Item analysis: ${firstModule.title}`);
    const flagged = page.locator('tr.flagged');
    const flaggedBefore = await flagged.count();
    expect(flaggedBefore).toBeGreaterThan(0);
    const easy = flagged.filter({ hasText: 'Too easy' }).first();
    const prompt = await textOf(easy.locator('.item-prompt'));
    await snapshot(page, 'item-analysis');
    await easy.getByRole('button', { name: /^Retire question/ }).click();
    await page.waitForURL('**/item-analysis?retired=**');
    expect(await textOf(page.getByRole('status'))).toContain(`Retired “${prompt.slice(0, 40)}`);
    // It stays in the table, marked retired, with its history; no longer offered for retiring.
    const row = page.getByRole('row').filter({ hasText: prompt });
    expect(await textOf(row)).toContain('retired');
    expect(await row.getByRole('button', { name: /^Retire/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Retire question/ }).count()).toBe(flaggedBefore - 1);
    await snapshot(page, 'item-analysis-retired');
    // The bank opens on the draft the retirement started: it lists it as retired, nothing to change.
    await page.getByRole('link', { name: 'Question bank' }).click();
    const card = page.locator('.bank-items > li').filter({ hasText: prompt });
    expect(await textOf(card)).toContain('retired');
    expect(await card.getByRole('button', { name: /^Retire/ }).count()).toBe(0);
    // The published version the learners are on still has it as it was.
    await page.locator('.bank-versions a').filter({ hasText: 'published' }).click();
    const published = page.locator('.bank-items > li').filter({ hasText: prompt });
    expect(await textOf(published)).not.toContain('retired');
    await page.context().close();
  });

  it('reads on a phone: charts fit the screen with their text still readable, tables scroll inside their box', async () => {
    const page = await signedIn(PHONE);
    await page.goto('/admin/dashboard');
    for (const name of ['Completion funnel', 'Certificates issued per month', 'Pass rate per module']) {
      const chart = page.getByRole('img', { name });
      const box = (await chart.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      // Its labels still print at 9 CSS pixels or more.
      expect((await chart.locator('text').first().boundingBox())!.height).toBeGreaterThanOrEqual(9);
    }
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'dashboard-phone');
    await page.context().close();
  });
});
