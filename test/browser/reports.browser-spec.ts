import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { PARS_LEARNER_COLUMNS } from '@academy/accreditation';
import { AcademyData, generateAcademyData } from '../factories/academy-data';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  descriptionOf,
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

describe('reports: an admin reads how the courses do, filters them and downloads the ACCME files', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let data: AcademyData;

  beforeAll(async () => {
    testApp = await createTestApp();
    data = await generateAcademyData(testApp.app, { learners: 150, seed: 5 });
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
    // An admin of their own per page: one account's one-time codes last 30 seconds each.
    await signInThroughPage(page, testApp.app, await newUser(testApp.app, { roles: ['admin'] }));
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it('filters the activity report by course and version, and downloads it as CSV', async () => {
    const page = await signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL('**/admin/reports');
    await page.locator('#courseId').selectOption({ label: `${data.courses[0]!.title} (versions 1, 2)` });
    await page.locator('#version').fill('2');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/version=2/);
    const table = page.getByRole('table', { name: 'Activity summary' });
    const rows = table.locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await textOf(rows.first())).toContain(data.courses[0]!.title);
    await snapshot(page, 'reports-activity');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Activity (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('activity-v2.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'Course,Version,Enrolled,Started,Modules passed,Lab attended,Certified,Credits awarded,Median days to complete',
    );
    expect(csv.split('\r\n')[1]).toMatch(/^Bone Marrow Harvesting for Regenerative Medicine,2,\d+/);
  });

  it('names a bad filter next to its field', async () => {
    const page = await signedIn();
    await page.goto('/admin/reports');
    await page.locator('#version').fill('2');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/version=2/);
    const version = page.locator('#version');
    expect(await version.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(version)).toContain('Needs a course (courseId)');
    expect(await page.getByRole('table', { name: 'Activity summary' }).count()).toBe(0);
  });

  it('shows evaluations and learning gain', async () => {
    const page = await signedIn();
    await page.goto('/admin/reports');
    await page
      .getByRole('navigation', { name: 'Reports' })
      .getByRole('link', { name: 'Evaluations' })
      .click();
    await page.waitForURL('**/admin/reports/evaluations');
    expect(await page.getByRole('table', { name: /The learning objectives were met/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'What I intend to change in my practice' }).count()).toBe(
      1,
    );
    await snapshot(page, 'reports-evaluations');
    await page
      .getByRole('navigation', { name: 'Reports' })
      .getByRole('link', { name: 'Learning gain' })
      .click();
    const gain = page.getByRole('table', { name: 'Learning gain' });
    expect(await gain.locator('tbody tr').count()).toBe(2);
  });

  it('downloads the PARS learner file with the template’s header, and reads a learner’s transcript', async () => {
    const page = await signedIn();
    await page.goto('/admin/reports/accme');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'PARS learner file (CSV)' }).click(),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe(PARS_LEARNER_COLUMNS.join(','));
    const preview = page.getByRole('table', { name: 'PARS learner file' });
    // The page leaves out only the (empty) board columns at the end: the first columns are the file's.
    const lastName = await textOf(
      preview.locator('tbody tr').first().locator('td').nth(PARS_LEARNER_COLUMNS.indexOf('Last Name')),
    );
    await snapshot(page, 'reports-accme');

    await page
      .getByRole('navigation', { name: 'Reports' })
      .getByRole('link', { name: 'Learner transcripts' })
      .click();
    await page.getByLabel('Find a learner by name or e-mail').fill(lastName);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table', { name: 'Matching accounts' }).getByRole('link').first().click();
    await page.waitForURL(/\/admin\/reports\/transcripts\/[0-9a-f-]{36}$/);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toMatch(/^Transcript: /);
    expect(await page.getByRole('link', { name: 'Transcript (CSV)' }).count()).toBe(1);
  });

  it('records an activity’s ACCME Activity ID on the export page, and the learner file carries it', async () => {
    const page = await signedIn();
    const flagship = data.courses[0]!;
    await page.goto(`/admin/reports/accme?courseId=${flagship.courseId}&version=2`);
    const warning = page.getByRole('note').filter({ hasText: 'have no ACCME Activity ID' });
    expect(await warning.count()).toBe(1);
    const activity = `${flagship.title} (${flagship.slug}-v2)`;
    const field = page.getByLabel(`ACCME Activity ID of ${activity}`);
    const save = page.getByRole('button', { name: `Save the ACCME Activity ID of ${activity}` });
    expect(await field.inputValue()).toBe('');

    // A number PARS would not have given: the problem is named next to the field.
    await field.fill('2022');
    await save.click();
    await page.locator('.field-error').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(field)).toContain('Must be the 6 to 12 digits PARS assigned');

    await field.fill('202212345');
    await save.click();
    await page.waitForURL(/done=accme_id_recorded/);
    expect(new URL(page.url()).searchParams.get('version')).toBe('2');
    expect(await textOf(page.getByRole('status'))).toContain('ACCME Activity ID recorded');
    expect(await field.inputValue()).toBe('202212345');
    expect(await warning.count()).toBe(0);
    const preview = page.getByRole('table', { name: 'PARS learner file' });
    const ids = await preview
      .locator('tbody tr')
      .locator(`td:nth-child(${PARS_LEARNER_COLUMNS.indexOf('ACCME Activity ID') + 1})`)
      .allTextContents();
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set(['202212345']));
    await snapshot(page, 'reports-accme-recorded');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'PARS learner file (CSV)' }).click(),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).split('\r\n').filter((line) => line !== '');
    const completions = /(\d+) completion\(s\)/.exec(
      await textOf(page.locator('#pars-learners-heading + p')),
    )!;
    expect(lines.length).toBe(Number(completions[1]) + 1);
    expect(lines.slice(1).every((line) => line.startsWith('Add,202212345,'))).toBe(true);
  });

  it('fits a phone: wide tables scroll inside their box, not the page', async () => {
    const page = await signedIn(PHONE);
    await page.goto('/admin/reports/accme');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'reports-accme-phone');
  });
});
