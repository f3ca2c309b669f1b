import type { Browser } from 'playwright-core';
import { ReportingProfileService } from '@academy/identity';
import { newPublishedCourse } from '../factories/courses';
import { finishCourse } from '../factories/enrolments';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, DESKTOP, launchChromium, listen, lookAt, signInThroughPage, textOf } from './browser';

jest.setTimeout(120_000);

describe('the claim step asks a physician before reporting a completion to a certifying board', () => {
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

  it('shows what will be reported, keeps the consent ticked, claims, and says it will be reported', async () => {
    const { app } = testApp;
    const learner = await newUser(app, { fullName: 'Dr Amara Osei' });
    await app.get(ReportingProfileService).update(learner.id, {
      birthDate: '03/14',
      boards: [{ board: 'ABIM', boardId: '123456', consent: true }],
    });
    const { slug } = await newPublishedCourse(app, {
      moc: [
        { board: 'ABIM', points: 2, types: ['MK'] },
        { board: 'ABA', points: 2, types: ['LL'] },
      ],
    });
    await finishCourse(app, learner.id, slug, { evaluated: true });

    const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughPage(page, app, learner);
    await page.goto(`/learning/${slug}/credit`);

    const consent = page.getByRole('checkbox', { name: 'Report this completion to ABIM' });
    expect(await consent.isChecked()).toBe(true);
    const reporting = page.locator('fieldset.board-reporting');
    expect(await textOf(reporting)).toContain(
      '2 MOC points, Medical Knowledge, to the American Board of Internal Medicine for ABIM ID 123456, with your birth date 03/14.',
    );
    // No ABA ID in the profile: no box, but the way to add one.
    expect(await textOf(reporting)).toContain('Your reporting profile has no ABA ID');
    expect(await page.getByRole('checkbox', { name: 'Report this completion to ABA' }).count()).toBe(0);
    expect(
      await reporting
        .getByRole('link', { name: 'Add your ABA ID to your reporting profile' })
        .getAttribute('href'),
    ).toBe('/me/reporting-profile');
    await lookAt(page, 'claim-consent');

    await page.getByRole('button', { name: 'Claim credit' }).click();
    await page.waitForURL(`**/learning/${slug}/credit#credit`);
    const decisions = page.locator('ul.board-decisions');
    expect(await textOf(decisions)).toContain('Will be reported to ABIM');
    expect(await textOf(decisions)).toContain('Not reported to ABA: your reporting profile has no ABA ID');
    await lookAt(page, 'claim-consent-decided');
    await context.close();
  });
});
