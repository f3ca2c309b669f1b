import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse as parseCsv } from 'csv-parse/sync';
import { CertificatesService } from '@academy/certificates';
import { toCsv } from '@academy/core';
import { newPublishedCourse } from '../factories/courses';
import { finishCourse } from '../factories/enrolments';
import { newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, DESKTOP, launchChromium, listen, lookAt, signInThroughPage, textOf } from './browser';

jest.setTimeout(180_000);

const CONSENT =
  'Report my completions of courses that award MOC points with this board to it through ACCME’s PARS';

/**
 * The whole path of a board report, as the people involved click through it: the physician
 * records what PARS needs, consents at the claim, the admin sends the batch file to PARS and
 * imports its answer, and the physician reads that the completion was reported.
 */
describe('board reporting from the reporting profile to "Reported"', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];

  const signedIn = async (user: TestUser): Promise<Page> => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP, acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, testApp.app, user);
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) {
      await context.close().catch(() => undefined);
    }
    await closeAll(browser, testApp);
  });

  it('takes a completion from the profile and the claim through a PARS batch and its result to the learner’s “Reported”', async () => {
    const { app } = testApp;
    const learner = await newUser(app, { fullName: 'Dr Nadia Rahman' });
    const { slug } = await newPublishedCourse(app, {
      skillsLabRequired: false,
      moc: [{ board: 'ABIM', points: 1.5, types: ['MK'] }],
    });

    // The physician records what PARS needs.
    const physician = await signedIn(learner);
    await physician.goto('/me/reporting-profile');
    await physician.getByLabel('Month').selectOption({ label: 'March' });
    await physician.getByLabel('Day').selectOption({ label: '14' });
    await physician.locator('#licenceState-0').selectOption({ label: 'Texas' });
    await physician.locator('#licenceNumber-0').fill('Q1234');
    await physician.locator('#board-0').selectOption('ABIM');
    await physician.locator('#boardId-0').fill('123456');
    await physician.getByLabel(CONSENT).check();
    await physician.getByRole('button', { name: 'Save reporting profile' }).click();
    await physician.getByRole('status').filter({ hasText: 'Reporting profile saved.' }).waitFor();

    // Studies the course (set up directly), then claims, keeping the consent to report to ABIM.
    await finishCourse(app, learner.id, slug, { evaluated: true });
    await physician.goto(`/learning/${slug}/credit`);
    expect(
      await physician.getByRole('checkbox', { name: 'Report this completion to ABIM' }).isChecked(),
    ).toBe(true);
    await physician.getByRole('button', { name: 'Claim credit' }).click();
    await physician.waitForURL(`**/learning/${slug}/credit#credit`);
    expect(await textOf(physician.locator('ul.board-decisions'))).toContain('Will be reported to ABIM');

    const [certificate] = await app.get(CertificatesService).mine(learner.id);
    await physician.goto(`/me/certificates/${certificate!.number}`);
    expect(await textOf(physician.locator('ul.board-report-lines'))).toMatch(
      /^Queued for the American Board of Internal Medicine: due \d{1,2} \w+ \d{4}$/,
    );

    // The admin downloads the batch file with the record in it...
    const admin = await signedIn(await newUser(app, { roles: ['admin'] }));
    await admin.goto('/admin/board-reporting');
    const record = admin.locator('table.board-reports tbody tr').filter({ hasText: 'Dr Nadia Rahman' });
    expect(await textOf(record)).toContain('Queued');
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: 'Download PARS batch file' }).click(),
    ]);
    const batch = await readFile(await download.path(), 'utf8');
    const table: string[][] = parseCsv(batch.replace(/^\uFEFF/, ''));
    const [header, ...rows] = table;
    const row = rows.find((cells) => cells[header!.indexOf('Last Name')] === 'Rahman')!;
    expect(row[header!.indexOf('Date of Birth')]).toBe('03/14');
    expect(row[header!.indexOf('Certifying Board')]).toBe('ABIM');
    expect(row[header!.indexOf('Certifying Board ID')]).toBe('123456');
    expect(row[header!.indexOf('Licensing State')]).toBe('Texas');

    // ...PARS accepts every row, and the admin imports its answer.
    const results = toCsv({
      columns: [...header!, 'Result', 'Reason'],
      rows: rows.map((cells) => [...cells, 'Accepted', '']),
    });
    await admin.goto('/admin/board-reporting');
    const batchNumber = /^pars-board-batch-(\d+)\.csv$/.exec(download.suggestedFilename())![1]!;
    await admin.getByLabel('Batch number').fill(batchNumber);
    await admin.getByLabel('Result file (CSV)').setInputFiles({
      name: 'pars-results.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(results),
    });
    await admin.getByRole('button', { name: 'Import PARS results' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: /accepted/ })
      .waitFor();
    expect(await textOf(admin.getByRole('status'))).toMatch(/^Batch \d+: \d+ accepted, 0 rejected\./);
    await lookAt(admin, 'board-reporting-imported');

    // The physician reads that the completion was reported.
    await physician.reload();
    expect(await textOf(physician.locator('ul.board-report-lines'))).toMatch(
      /^Reported to the American Board of Internal Medicine on \d{1,2} \w+ \d{4}$/,
    );
    await lookAt(physician, 'board-reporting-learner-reported');
  });
});
