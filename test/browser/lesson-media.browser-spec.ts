import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CoursesService } from '@academy/catalog';
import { enrolReady } from '../factories/enrolments';
import { courseWithLessonMedia, photoPng } from '../factories/media';
import { newUser } from '../factories/users';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import {
  closeAll,
  DESKTOP,
  horizontalOverflow,
  launchChromium,
  listen,
  NARROW_PHONE,
  signInThroughPage,
  snapshot,
} from './browser';

jest.setTimeout(180_000);

describe('a lesson with a figure and a captioned video, in Chromium', () => {
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

  /** A short WebM the browser itself records from a canvas (VP8); Chromium writes its length on stopping. */
  async function recordedWebm(): Promise<Buffer> {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    // Draws frames until the recording holds about a second and a half of video.
    const base64 = await page.evaluate<string>(`(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 180;
      const context = canvas.getContext('2d');
      const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm;codecs=vp8' });
      const parts = [];
      recorder.ondataavailable = (event) => parts.push(event.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      for (let frame = 0; frame < 24; frame++) {
        context.fillStyle = 'hsl(' + frame * 15 + ', 60%, 40%)';
        context.fillRect(0, 0, 320, 180);
        await new Promise((resolve) => setTimeout(resolve, 1000 / 15));
      }
      recorder.stop();
      await stopped;
      const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
      let binary = '';
      bytes.forEach((byte) => (binary += String.fromCharCode(byte)));
      return btoa(binary);
    })()`);
    await page.close();
    return Buffer.from(base64, 'base64');
  }

  it('shows the figure with its alt text and plays the video with captions on, reporting the time watched', async () => {
    const { app } = testApp;
    const course = await courseWithLessonMedia(app, {
      figure: await photoPng(1600, 900),
      video: await recordedWebm(),
    });
    const learner = await newUser(app);
    await enrolReady(app, learner.id, course.slug);
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(`${baseUrl}/login`);
    await signInThroughPage(page, app, learner);
    await page.goto(`${baseUrl}/learning/${course.slug}/lessons/${course.lessonId}`);
    // Resolves once the element's property holds, or its event fires (the page's CSP forbids eval'd waits).
    const untilEvent = (selector: string, property: string, event: string) =>
      page.evaluate(`new Promise((resolve) => {
        const element = document.querySelector(${JSON.stringify(selector)});
        if (element[${JSON.stringify(property)}]) { resolve(true); }
        element.addEventListener(${JSON.stringify(event)}, () => resolve(true), { once: true });
      })`);

    const figure = page.getByRole('img', { name: 'The posterior superior iliac spine, marked' });
    await figure.scrollIntoViewIfNeeded();
    await untilEvent('.lesson-figure img', 'complete', 'load');
    // A 1280-px window shows the figure from a resized variant, not the 1600-px original.
    expect(
      await page.evaluate<number>(`document.querySelector('.lesson-figure img').naturalWidth`),
    ).toBeLessThan(1600);

    const video = page.locator('video#lesson-video');
    expect(await video.locator('track[kind="captions"]').count()).toBe(1);
    await untilEvent('video', 'readyState', 'loadedmetadata');
    expect(await page.evaluate<string>(`document.querySelector('video').textTracks[0].mode`)).toBe('showing');
    const length = await page.evaluate<number>(`document.querySelector('video').duration`);
    expect(length).toBeGreaterThan(1);

    // Played from the keyboard: focus the player and press the space bar.
    const started = page.waitForResponse((response) => response.url().endsWith('/watched'));
    const credited = page.waitForResponse(
      async (response) =>
        response.url().endsWith('/watched') &&
        ((await response.json()) as { creditedSeconds: number }).creditedSeconds > 0,
    );
    await video.focus();
    await page.keyboard.press('Space');
    expect((await started).status()).toBe(200);
    await untilEvent('video', 'ended', 'ended');
    const report = (await (await credited).json()) as { creditedSeconds: number };
    expect(report.creditedSeconds).toBeGreaterThan(0);
    expect(report.creditedSeconds).toBeLessThanOrEqual(length + 0.001);
    await page.reload();
    await snapshot(page, 'lesson-media-1280');
    await page.setViewportSize(NARROW_PHONE);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'lesson-media-375');
    await page.close();
  });

  it('lets an author add a figure from the lesson page, asking for its description first', async () => {
    const { app } = testApp;
    const course = await courseWithLessonMedia(app);
    const author = await newUser(app, { roles: ['admin'] });
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(`${baseUrl}/login`);
    await signInThroughPage(page, app, author);
    const draft = await app.get(CoursesService).startDraft(course.courseId);
    const moduleId = draft.content.modules[0]!.id;
    await page.goto(
      `${baseUrl}/admin/courses/${course.courseId}/modules/${moduleId}/lessons/${course.lessonId}`,
    );
    const folder = mkdtempSync(join(tmpdir(), 'academy-figure-'));
    writeFileSync(join(folder, 'pelvis.png'), await photoPng(800, 450));
    await page.getByLabel(/^Image \(PNG/).setInputFiles(join(folder, 'pelvis.png'));
    await page.getByLabel('Caption (optional)').fill('Seen from behind');
    // The description is required: the browser asks for it before sending.
    await page.getByRole('button', { name: 'Add figure' }).click();
    expect(
      await page
        .getByLabel('Description of the image (alt text)')
        .evaluate(
          (element) => (element as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing,
        ),
    ).toBe(true);
    await page.getByLabel('Description of the image (alt text)').fill('The pelvis from behind, PSIS marked');
    await page.getByRole('button', { name: 'Add figure' }).click();
    await page.getByText('Figure added after the lesson text.').waitFor();
    expect(await page.locator('.media-list strong').allTextContents()).toEqual([
      'The posterior superior iliac spine, marked',
      'The pelvis from behind, PSIS marked',
    ]);
    await snapshot(page, 'lesson-media-authoring-1280');
    await page.setViewportSize(NARROW_PHONE);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await snapshot(page, 'lesson-media-authoring-375');
    await page.close();
  });
});
