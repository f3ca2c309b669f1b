import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { tinyPdf } from '../factories/outside-credits';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  descriptionOf,
  DESKTOP,
  launchChromium,
  listen,
  lookAt,
  signInThroughPage,
  sitsRightUnder,
  textOf,
} from './browser';

jest.setTimeout(180_000);

describe('credits from other providers, in Chromium', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeAll(browser, testApp);
  });

  async function fillForm(page: Page, amount: string): Promise<void> {
    await page.getByLabel('Provider').fill('American Society for Regenerative Medicine');
    await page.getByLabel('Activity title').fill('Annual meeting 2025: orthobiologics track');
    await page.getByLabel('Completion date').fill('2025-05-14');
    await page.getByLabel('Credit type', { exact: true }).selectOption('AMA PRA Category 1 Credit™');
    await page.getByLabel('Amount').fill(amount);
  }

  it('a learner adds an outside credit with its PDF, sees it listed as self-reported and on the transcript', async () => {
    const { app } = testApp;
    const learner = await newUser(app, { roles: ['learner'] });
    const certificate = tinyPdf('ASRM annual meeting 2025');
    const page = await browser.newPage({ viewport: DESKTOP, acceptDownloads: true });
    await page.goto(`${baseUrl}/login`);
    await signInThroughPage(page, app, learner);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Outside credits' })
      .click();
    await page.waitForURL('**/me/outside-credits');
    await page.getByRole('heading', { level: 1, name: 'Outside credits' }).waitFor();
    expect(await textOf(page.locator('.outside-credit-list'))).toContain('No outside credits yet');

    // An amount off the quarter steps comes back next to its field, the rest of the form kept.
    await fillForm(page, '1.3');
    await page.getByLabel('Certificate file (optional)').setInputFiles({
      name: 'asrm-2025.pdf',
      mimeType: 'application/pdf',
      buffer: certificate,
    });
    await page.getByRole('button', { name: 'Add the credit' }).click();
    await page.waitForLoadState();
    const amount = page.getByLabel('Amount');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(amount)).toContain('Must be in quarter steps (0.25), such as 1.25 or 2.5.');
    expect(await sitsRightUnder(page.locator('#amount-hint'), page.locator('#amount-error'))).toBe(true);
    expect(await page.getByLabel('Provider').inputValue()).toBe('American Society for Regenerative Medicine');
    expect(await descriptionOf(page.getByLabel('Certificate file (optional)'))).toContain(
      'Choose the file again',
    );
    await lookAt(page, 'outside-credits-error');

    await amount.fill('6.25');
    await page.getByLabel('Certificate file (optional)').setInputFiles({
      name: 'asrm-2025.pdf',
      mimeType: 'application/pdf',
      buffer: certificate,
    });
    await page.getByRole('button', { name: 'Add the credit' }).click();
    await page.waitForURL('**/me/outside-credits?done=added');

    expect(await textOf(page.getByRole('status'))).toBe(
      'Outside credit added. It is on your transcript, marked self-reported.',
    );
    const card = page.locator('.outside-credit-list li').first();
    expect(await textOf(card.getByRole('heading', { level: 3 }))).toBe(
      'Annual meeting 2025: orthobiologics track',
    );
    expect(await textOf(card.locator('.tag'))).toBe('Self-reported');
    const facts = await textOf(card.locator('dl'));
    expect(facts).toContain('Provider American Society for Regenerative Medicine');
    expect(facts).toContain('Completed 14 May 2025');
    expect(facts).toContain('Credit 6.25 AMA PRA Category 1 Credit™');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: /asrm-2025\.pdf/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('asrm-2025.pdf');
    expect((await readFile(await download.path())).equals(certificate)).toBe(true);
    await lookAt(page, 'outside-credits');

    await page.getByRole('link', { name: 'My transcript' }).click();
    await page.waitForURL('**/me/transcript');
    const section = page.getByRole('region', { name: 'Credits from other providers (self-reported)' });
    const row = section.getByRole('row', { name: /Annual meeting 2025/ });
    expect(await textOf(row)).toBe(
      'Annual meeting 2025: orthobiologics track Self-reported American Society for Regenerative Medicine 14 May 2025 6.25 AMA PRA Category 1 Credit™',
    );
    expect(await textOf(section.locator('table.totals tbody'))).toBe('AMA PRA Category 1 Credit™ 6.25');
    // The academy's own totals do not count it.
    expect(await textOf(page.locator('section.transcript'))).toContain('No credits in these dates.');
    await lookAt(page, 'outside-credits-transcript');

    await section.getByRole('link', { name: 'Manage outside credits' }).click();
    await page.getByRole('link', { name: 'Delete Annual meeting 2025: orthobiologics track' }).click();
    await page.getByRole('heading', { level: 1, name: 'Delete this outside credit?' }).waitFor();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.waitForURL('**/me/outside-credits?done=deleted');
    expect(await textOf(page.locator('.outside-credit-list'))).toContain('No outside credits yet');
    await page.close();
  });
});
