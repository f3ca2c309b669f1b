import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { COURSE_DOCUMENT_FORMAT } from '@academy/catalog';
import { sampleContent } from '../factories/course-content';
import { newSlug } from '../factories/courses';
import { SAMPLE_QUESTIONS } from '../factories/questions';
import { newUser } from '../factories/users';
import type { TestUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { closeAll, DESKTOP, launchChromium, listen, lookAt, signInThroughPage } from './browser';

jest.setTimeout(120_000);

/** Content whose first module brings the three sample questions, as an export carries them. */
function withQuestions<T extends { modules: object[] }>(content: T): T {
  return {
    ...content,
    modules: content.modules.map((module, index) => ({
      ...module,
      questions: index === 0 ? SAMPLE_QUESTIONS : [],
    })),
  };
}

function courseFile(document: unknown): { name: string; mimeType: string; buffer: Buffer } {
  return { name: 'course.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(document)) };
}

describe('authoring: importing a course file, editing a disclosure in the draft, exporting a version', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let admin: TestUser;

  async function signedInPage(viewport: { width: number; height: number }, next: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport, acceptDownloads: true });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await signInThroughPage(page, testApp.app, admin);
    await page.waitForURL(`**${next}`);
    return page;
  }

  /** Both widths: no sideways scrolling, and a screenshot of each. */
  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp);
    browser = await launchChromium();
    admin = await newUser(testApp.app, { roles: ['admin'] });
  });

  afterAll(async () => {
    await closeAll(browser, testApp);
  });

  it('an admin uploads a file with problems, reads them by place, uploads a clean one, previews it and creates the draft', async () => {
    const page = await signedInPage(DESKTOP, '/admin/courses');
    await page.getByRole('link', { name: 'Import a course file' }).click();
    await page.waitForURL('**/admin/courses/import');

    const broken = sampleContent() as unknown as {
      summary?: string;
      modules: { lessons: Record<string, unknown>[]; questions?: unknown[] }[];
    };
    delete broken.modules[1]!.lessons[0]!.title;
    delete broken.summary;
    broken.modules[1]!.questions = [SAMPLE_QUESTIONS[1], { ...SAMPLE_QUESTIONS[0], correct: 'e' }];
    const slug = newSlug('sternal');
    await page
      .getByLabel(/Course file/)
      .setInputFiles(courseFile({ format: COURSE_DOCUMENT_FORMAT, slug, content: broken }));
    await page.getByRole('button', { name: 'Check the file' }).click();
    const report = page.locator('.import-report');
    await expect(report.getByRole('listitem').allInnerTexts()).resolves.toEqual([
      'Course details: the summary is missing.',
      'Module 2, lesson 1: the title is missing.',
      'Module 2, question 2: the correct answer is not one of the choices.',
    ]);
    expect(await page.getByRole('button', { name: 'Create draft' }).count()).toBe(0);
    await lookAt(page, 'import-report');

    await page.getByLabel(/Course file/).setInputFiles(
      courseFile({
        format: COURSE_DOCUMENT_FORMAT,
        slug,
        content: withQuestions(sampleContent({ title: 'Sternal Safety' })),
      }),
    );
    await page.getByRole('button', { name: 'Check the file' }).click();
    const preview = page.locator('.import-preview');
    await expect(
      preview.getByRole('heading', { name: 'What course.json will create' }).count(),
    ).resolves.toBe(1);
    const previewText = await preview.innerText();
    expect(previewText).toContain(`A new course at /courses/${slug}, as a draft (version 1).`);
    expect(previewText).toContain('Landmarks');
    expect(previewText).toContain('Landmarks · 1 lesson · 3 questions');
    expect(previewText).toContain('Aspiration · 1 lesson · 0 questions');
    expect(previewText).toContain('2.00 AMA PRA Category 1 Credit™');
    expect(previewText).toContain(
      'designates this enduring material for a maximum of 2.00 AMA PRA Category 1 Credits™',
    );
    await lookAt(page, 'import-preview');

    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/admin\/courses\/[0-9a-f-]{36}\?notice=imported$/);
    await expect(page.getByText('Course imported as a draft.').count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain('Sternal Safety');
  });

  it('an admin edits a disclosure in a draft: an old relationship is refused in words, a relevant one needs mitigation', async () => {
    const slug = newSlug('disclosure');
    const page = await signedInPage(DESKTOP, '/admin/courses/import');
    await page.getByLabel(/Course file/).setInputFiles(
      courseFile({
        format: COURSE_DOCUMENT_FORMAT,
        slug,
        content: sampleContent({ title: 'Disclosure Course' }),
      }),
    );
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/notice=imported$/);

    await page.getByRole('link', { name: 'Edit disclosure: Dr Ines Calloway' }).click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await page.getByLabel('Company').first().fill('Acme Biologics');
    await page.getByLabel('Nature').first().fill('Speaker fees');
    await page.getByLabel('Ended on (empty if ongoing)').first().fill('2023-03-03');
    await page.getByRole('button', { name: 'Save disclosure' }).click();
    const problems = page.getByRole('alert');
    await expect(problems.innerText()).resolves.toContain(
      'Dr Ines Calloway: the relationship with Acme Biologics (speaker fees) ended on 3 March 2023, more than 24 months before the disclosure of 1 June 2026.',
    );
    // What was typed is still there to correct.
    await expect(page.getByLabel('Company').first().inputValue()).resolves.toBe('Acme Biologics');
    await lookAt(page, 'disclosure-refused');

    await page.getByLabel('Ended on (empty if ongoing)').first().fill('');
    await page.getByRole('button', { name: 'Save disclosure' }).click();
    await page.waitForURL(/notice=saved#people$/);
    const people = page.locator('#people');
    await expect(people.innerText()).resolves.toContain('Acme Biologics: Speaker fees (ongoing, relevant)');
    await expect(page.getByRole('link', { name: /Publish checklist \(1 to fix\)/ }).count()).resolves.toBe(1);

    await page.getByRole('link', { name: 'Edit disclosure: Dr Ines Calloway' }).click();
    await page
      .getByLabel(/How relevant relationships were mitigated/)
      .fill('Slides reviewed by an independent planner.');
    await page.getByRole('button', { name: 'Save disclosure' }).click();
    await page.waitForURL(/notice=saved#people$/);
    await expect(people.innerText()).resolves.toContain(
      'Mitigation: Slides reviewed by an independent planner.',
    );
    await expect(page.getByRole('link', { name: 'Publish checklist', exact: true }).count()).resolves.toBe(1);
    await lookAt(page, 'draft-disclosures');

    // The draft downloads as a course file named after the course and its version.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download this draft' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe(`${slug}-version-1.json`);
    const exported = JSON.parse(await readFile(await file.path(), 'utf8')) as {
      format: string;
      content: { people: { disclosure: { mitigation?: string } }[] };
    };
    expect(exported.format).toBe(COURSE_DOCUMENT_FORMAT);
    expect(exported.content.people[0]!.disclosure.mitigation).toBe(
      'Slides reviewed by an independent planner.',
    );
  });
});
