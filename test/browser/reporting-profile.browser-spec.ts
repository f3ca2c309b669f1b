import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, DESKTOP, launchChromium, listen, lookAt, signInThroughPage, textOf } from './browser';

jest.setTimeout(60_000);

const CONSENT =
  'Report my completions of courses that award MOC points with this board to it through ACCME’s PARS';

describe('the reporting profile, in a browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    testApp = await createTestApp();
    const baseUrl = await listen(testApp);
    browser = await launchChromium();
    context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });

  afterAll(() => closeAll(context, browser, testApp));

  it('takes a date of birth, two licences and an ABIM ID with consent, and shows what PARS will receive', async () => {
    const learner = await newUser(testApp.app, { roles: ['learner'] });
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, learner);
    await page.waitForURL('**/learning');

    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Reporting profile' })
        .count(),
    ).toBe(1);
    await page.goto('/profile');
    await page.getByRole('main').getByRole('link', { name: 'Reporting profile' }).click();
    await page.getByRole('heading', { name: 'Reporting profile', level: 1 }).waitFor();
    expect(await textOf(page.locator('#birth-hint'))).toContain('No year is asked and none is kept');

    // A day February does not have: refused, the problem beside the date of birth.
    await page.getByLabel('Month').selectOption({ label: 'February' });
    await page.getByLabel('Day').selectOption({ label: '30' });
    await page.getByRole('button', { name: 'Save reporting profile' }).click();
    await page.locator('#birthDate-error').waitFor();
    expect(await textOf(page.locator('#birthDate-error'))).toBe(
      'February has no day 30 (it has at most 29 days).',
    );
    expect(await page.getByLabel('Month').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Month').inputValue()).toBe('02');
    await lookAt(page, 'reporting-profile-error');

    await page.getByLabel('Day').selectOption({ label: '14' });
    await page.getByLabel('Month').selectOption({ label: 'March' });
    await page.locator('#licenceState-0').selectOption({ label: 'Texas' });
    await page.locator('#licenceNumber-0').fill('Q1234');
    await page.locator('#licenceState-1').selectOption({ label: 'New York' });
    await page.locator('#licenceNumber-1').fill('012345');
    await page.locator('#board-0').selectOption('ABIM');
    await page.locator('#boardId-0').fill('123456');
    await page.getByLabel(CONSENT).check();
    await page.getByRole('button', { name: 'Save reporting profile' }).click();

    await page.getByRole('status').filter({ hasText: 'Reporting profile saved.' }).waitFor();
    const reported = page.getByRole('region', { name: 'As it will be reported' });
    expect(await textOf(reported.locator('[data-reported="birthDate"]'))).toBe('03/14');
    expect(await reported.locator('[data-reported="licences"] li').allInnerTexts()).toEqual([
      'New York 012345',
      'Texas Q1234',
    ]);
    expect(await textOf(reported.locator('[data-reported="boards"]'))).toMatch(
      /^American Board of Internal Medicine, ID 123456: reported, with your consent since \d{1,2} \w+ \d{4}$/,
    );
    // The saved rows come back to edit, with the shape each state's numbers have.
    expect(await page.locator('#licenceNumber-1').inputValue()).toBe('Q1234');
    expect(await textOf(page.locator('#licenceNumber-1-hint'))).toBe(
      'one letter and 4 digits, such as Q1234',
    );
    expect(await page.getByLabel(CONSENT).first().isChecked()).toBe(true);
    await lookAt(page, 'reporting-profile');
  });
});
