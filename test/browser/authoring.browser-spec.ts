import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { tinyPng } from '../factories/images';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, DESKTOP, launchChromium, listen, snapshot, textOf, signInThroughPage } from './browser';

jest.setTimeout(120_000);

describe('authoring a course and finding it in the catalog', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
    context.setDefaultTimeout(10_000);
    return context.newPage();
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

  it('an admin builds a course, is stopped by the checklist, fixes it and publishes; a visitor finds it', async () => {
    const admin = await newUser(testApp.app, { roles: ['admin'] });
    const page = await newPage();
    await page.goto('/login?next=/admin/courses');
    await signInThroughPage(page, testApp.app, admin);
    await page.waitForURL('**/admin/courses');

    await page.getByLabel('Title').fill('Sternal Aspiration Safety');
    await page.getByLabel('Address (slug)').fill('sternal-aspiration-safety');
    await page.getByRole('button', { name: 'Create course' }).click();
    await page.waitForURL(/\/admin\/courses\/[0-9a-f-]{36}$/);
    const courseUrl = page.url();

    // Two modules, each with a lesson.
    for (const [kind, moduleTitle, lessonTitle, text] of [
      [
        'anatomy',
        'Sternal anatomy',
        'The manubrium and body',
        '## The sternum\n\nIts thin cortex makes **depth control** critical.',
      ],
      [
        'extraction',
        'Sternal technique',
        'Guarded needles',
        '## Needle guards\n\nSet the guard before entering the outer table.',
      ],
    ] as const) {
      await page.goto(courseUrl);
      await page.getByLabel('Kind').selectOption(kind);
      await page.getByLabel('New module title').fill(moduleTitle);
      await page.getByRole('button', { name: 'Add module' }).click();
      await page
        .getByLabel('Learning objectives (one per line)')
        .fill(`Describe ${moduleTitle.toLowerCase()}\nExplain the main risk`);
      await page.getByLabel(/^References/).fill('V | Anatomy atlas, thorax chapter');
      await page.getByRole('button', { name: 'Save module' }).click();
      await page.getByLabel('New lesson title').fill(lessonTitle);
      await page.getByRole('button', { name: 'Add lesson' }).click();
      await page.getByLabel('Content (Markdown)').fill(`${text}\n\n<script>alert(1)</script>`);
      // The live preview renders what learners will see, scripts removed.
      await page.locator('#lesson-preview h2').waitFor();
      expect(await page.locator('#lesson-preview').innerHTML()).not.toContain('script');
      await page.getByRole('button', { name: 'Save lesson' }).click();
      await page.getByText('Lesson saved.').waitFor();
    }

    // An image for the last lesson.
    const folder = mkdtempSync(join(tmpdir(), 'academy-upload-'));
    const imagePath = join(folder, 'sternum.png');
    writeFileSync(imagePath, tinyPng(42));
    await page.getByLabel(/Add an image/).setInputFiles(imagePath);
    await page
      .getByLabel('Image description (alt text, for readers who cannot see it)')
      .fill('Sternum, lateral view');
    await page.getByRole('button', { name: 'Upload image' }).click();
    await page.getByText('Image uploaded').waitFor();
    expect(await page.getByLabel('Content (Markdown)').inputValue()).toMatch(
      /!\[Sternum, lateral view\]\(\/media\/[0-9a-f-]{36}\)/,
    );
    const image = page.locator('#lesson-preview img');
    expect(await image.getAttribute('alt')).toBe('Sternum, lateral view');
    // The preview fetches the image from the server: it has loaded once the browser says so.
    await page.waitForFunction("document.querySelector('#lesson-preview img')?.complete === true");
    expect(
      await image.evaluate((element) => {
        const img = element as unknown as { complete: boolean; naturalWidth: number };
        return img.complete && img.naturalWidth;
      }),
    ).toBe(2);
    await snapshot(page, 'authoring-lesson');

    // A module added by mistake: moved, then removed, with the buttons beside it.
    await page.goto(courseUrl);
    await page.getByLabel('New module title').fill('Scratch notes');
    await page.getByRole('button', { name: 'Add module' }).click();
    await page.goto(courseUrl);
    await page.getByRole('button', { name: 'Move Scratch notes up' }).click();
    await page.waitForURL(`${courseUrl}#modules`);
    expect(await page.locator('#modules .editor-list > li a').allTextContents()).toEqual([
      'Sternal anatomy',
      'Scratch notes',
      'Sternal technique',
    ]);
    await page.getByRole('button', { name: 'Remove Scratch notes' }).click();
    await page.waitForURL(`${courseUrl}#modules`);
    await page.getByRole('button', { name: 'Remove Sternal technique' }).waitFor();
    expect(await page.locator('#modules .editor-list > li a').allTextContents()).toEqual([
      'Sternal anatomy',
      'Sternal technique',
    ]);

    // The checklist refuses: no credits, statements, disclosures or dates yet.
    await page.goto(courseUrl);
    await page.getByRole('link', { name: /Publish checklist/ }).click();
    await page.getByText('Fix these before publishing:').waitFor();
    const unmet = await textOf(page.locator('.checklist'));
    for (const rule of ['credits', 'accreditationStatement', 'disclosures', 'expiryDate']) {
      expect(unmet).toContain(rule);
    }
    await snapshot(page, 'authoring-checklist-unmet');

    // Fix it.
    await page.goto(courseUrl);
    await page
      .getByLabel('Summary (shown in the catalog)')
      .fill('Safe sternal marrow aspiration for physicians who cannot use the iliac crest.');
    await page.getByLabel('Topics (comma-separated, for search)').fill('sternum, manubrium');
    await page.getByLabel('Target audience').fill('Haematologists and orthopaedic surgeons');
    await page
      .getByLabel('Accreditation statement')
      .fill(
        'Regen Academy is accredited by the ACCME to provide continuing medical education for physicians.',
      );
    await page.getByLabel('Release date').fill('2026-09-01');
    await page.getByLabel('Expiry (review) date').fill('2029-08-31');
    await page.getByLabel('AMA PRA Category 1 Credit™').fill('1.5');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('Saved.').waitFor();
    // The designation statement is written from the credit just designated, not typed.
    expect(await textOf(page.locator('.designation .statement'))).toContain(
      'designates this enduring material for a maximum of 1.50 AMA PRA Category 1 Credits™.',
    );
    await page.getByRole('link', { name: 'Add a person' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Dr Lena Hartmann');
    await page.getByLabel('Credentials').fill('MD');
    await page.getByLabel('Disclosed on').fill('2026-06-15');
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.getByText('Dr Lena Hartmann').waitFor();

    // Two short lessons do not take 1.5 hours: the checklist says so, beside its estimate, and
    // the author records why the credit is right (a timed pilot) with the version.
    await page.getByRole('link', { name: 'Publish checklist' }).click();
    await page.getByText('Fix these before publishing:').waitFor();
    expect(await textOf(page.locator('.checklist'))).toContain(
      'creditJustification: AMA PRA Category 1 Credit™ 1.50 is more than the content supports',
    );
    expect(await textOf(page.locator('#credit-estimate'))).toContain('1.50 above the estimate');
    await page
      .getByLabel(/^Credit justification/)
      .fill('Timed pilot: 8 haematologists, median 1 h 40 min with the linked atlas chapters.');
    await page.getByRole('button', { name: 'Save the justification' }).click();
    await page.getByText('Credit justification saved.').waitFor();
    await page.getByText('Every rule is met.').waitFor();
    await snapshot(page, 'authoring-checklist-ready');
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Version 1 is published.').waitFor();
    await snapshot(page, 'authoring-history');

    // An anonymous visitor finds it by search and reads its page.
    const visitor = await newPage();
    await visitor.goto('/courses');
    await visitor.getByLabel('Title or topic').fill('manubrium');
    await visitor.getByRole('button', { name: 'Search' }).click();
    await visitor.getByText('1 course found').waitFor();
    await visitor.getByRole('link', { name: 'Sternal Aspiration Safety' }).click();
    await visitor.waitForURL('**/courses/sternal-aspiration-safety');
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Sternal Aspiration Safety');
    for (const text of [
      'Describe sternal anatomy',
      'Dr Lena Hartmann',
      '1.5 AMA PRA Category 1 Credit™',
      'No relevant financial relationships.',
      'The Regen Academy designates this enduring material for a maximum of 1.50 AMA PRA Category 1 Credits™.',
    ]) {
      await visitor.getByText(text).first().waitFor();
    }
    await snapshot(visitor, 'catalog-course-page');
  });
});
