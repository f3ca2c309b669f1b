import { CoursesService, LessonMediaService } from '@academy/catalog';
import type { LightMyRequestResponse } from 'fastify';
import { sampleContent } from '../factories/course-content';
import { newReadyDraft } from '../factories/courses';
import { enrolReady } from '../factories/enrolments';
import { tinyPng } from '../factories/images';
import { multipartBody, patternByte, photoPng, tinyMp4, tinyWebm, webVtt } from '../factories/media';
import { bearerToken, newUser } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

const VIDEO_BYTES = 600_000;

describe('lesson figures and captioned video', () => {
  let testApp: TestApp;
  let admin: Record<string, string>;
  let course: { courseId: string; slug: string };
  let learner: BrowserSession;
  let video: Buffer;
  const lessonId = sampleContent().modules[0]!.lessons[0]!.id;
  const lessonPage = () => `/learning/${course.slug}/lessons/${lessonId}`;

  const post = (
    courseId: string,
    what: 'figures' | 'video',
    files: Parameters<typeof multipartBody>[0],
    fields: Record<string, string> = {},
  ) => {
    const body = multipartBody(files, fields);
    return testApp.app.inject({
      method: 'POST',
      url: `/api/v1/admin/courses/${courseId}/lessons/${lessonId}/${what}`,
      headers: { ...admin, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const image = (bytes: Buffer) => ({ field: 'file', fileName: 'psis.png', contentType: 'image/png', bytes });
  const videoFile = (bytes: Buffer, fileName = 'psis.webm') => ({
    field: 'file',
    fileName,
    contentType: 'video/webm',
    bytes,
  });
  const captions = (bytes = webVtt()) => ({
    field: 'captions',
    fileName: 'psis.vtt',
    contentType: 'text/vtt',
    bytes,
  });
  const fieldsOf = (response: LightMyRequestResponse) =>
    response.json<{ fields: Record<string, string[]> }>().fields;

  beforeAll(async () => {
    testApp = await createTestApp();
    const { app } = testApp;
    admin = {
      authorization: `Bearer ${await bearerToken(app, await newUser(app, { roles: ['admin'] }))}`,
    };
    const draft = await newReadyDraft(app);
    video = tinyWebm(4000, VIDEO_BYTES);
    const figure = await post(draft.courseId, 'figures', [image(await photoPng())], {
      alt: 'Posterior pelvis with the PSIS marked',
      caption: 'The PSIS lies under the dimple of Venus.',
    });
    expect(figure.statusCode).toBe(201);
    const added = await post(draft.courseId, 'video', [videoFile(video), captions()], {
      title: 'Palpating the PSIS',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ contentType: 'video/webm', durationSeconds: 4 });
    const courses = app.get(CoursesService);
    await courses.publish(draft.courseId, (await courses.getDraft(draft.courseId)).revision);
    course = draft;
    const user = await newUser(app);
    await enrolReady(app, user.id, course.slug);
    learner = await new BrowserSession(app).signIn(user);
  });

  afterAll(() => testApp.close());

  it('shows the figure with its alt text and sizes, and the video with captions on', async () => {
    const page = await learner.request('GET', lessonPage());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('alt="Posterior pelvis with the PSIS marked"');
    expect(page.body).toContain('<figcaption>The PSIS lies under the dimple of Venus.</figcaption>');
    // As a browser reads the attribute (the page escapes "=" and "&").
    const srcset = /srcset="([^"]+)"/
      .exec(page.body)![1]!
      .replace(/&#x3D;/g, '=')
      .replace(/&amp;/g, '&');
    expect(srcset.split(', ').map((candidate) => candidate.split(' ')[1])).toEqual([
      '320w',
      '640w',
      '960w',
      '1280w',
      '1600w',
    ]);
    expect(page.body).toMatch(
      /<track kind="captions" src="[^"]+captions\.vtt" srclang="en" label="English captions" default>/,
    );
    expect(page.body).toContain('Your time on task includes the video time you watch here');
    // Pages may frame only the allowed video hosts' players.
    expect(String(page.headers['content-security-policy'])).toContain(
      "frame-src 'self' https://www.youtube.com https://youtube.com https://youtu.be https://www.youtube-nocookie.com https://vimeo.com https://player.vimeo.com",
    );

    // Each width is an image of that width, served to the learner only.
    const small = await learner.request('GET', srcset.split(', ')[0]!.split(' ')[0]!);
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-type']).toBe('image/png');
    expect(small.rawPayload.readUInt32BE(16)).toBe(320);
    expect(small.headers['cache-control']).toBe('private, max-age=31536000, immutable');

    const vtt = await learner.request('GET', `${lessonPage()}/captions.vtt`);
    expect(vtt.headers['content-type']).toBe('text/vtt; charset=utf-8');
    expect(vtt.body).toContain('Palpate the posterior superior iliac spine.');
  });

  it('streams the video in the ranges a player asks for', async () => {
    const url = `${lessonPage()}/video`;
    const whole = await learner.request('GET', url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-type']).toBe('video/webm');
    expect(whole.rawPayload.equals(video)).toBe(true);

    const first = await learner.request('GET', url, { headers: { range: 'bytes=0-99' } });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-99/${video.length}`);
    expect(first.rawPayload.equals(video.subarray(0, 100))).toBe(true);

    // A range across chunk boundaries in the middle.
    const middle = await learner.request('GET', url, { headers: { range: 'bytes=262000-530000' } });
    expect(middle.statusCode).toBe(206);
    expect(middle.headers['content-length']).toBe(String(530000 - 262000 + 1));
    expect(middle.rawPayload.equals(video.subarray(262000, 530001))).toBe(true);

    const suffix = await learner.request('GET', url, { headers: { range: 'bytes=-500' } });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.headers['content-range']).toBe(
      `bytes ${video.length - 500}-${video.length - 1}/${video.length}`,
    );
    expect([...suffix.rawPayload.subarray(-3)]).toEqual(
      [3, 2, 1].map((back) => patternByte(VIDEO_BYTES - back)),
    );

    const past = await learner.request('GET', url, { headers: { range: `bytes=${video.length}-` } });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${video.length}`);

    const head = await learner.request('HEAD' as 'GET', url, { headers: { range: 'bytes=10-19' } });
    expect(head.statusCode).toBe(206);
    expect(head.headers['content-length']).toBe('10');
    expect(head.rawPayload.length).toBe(0);
  });

  it('shows lesson media only to those who may see the lesson', async () => {
    const url = `${lessonPage()}/video`;
    const anonymous = await testApp.app.inject({ method: 'GET', url, headers: { accept: 'video/webm' } });
    expect([401, 303, 302]).toContain(anonymous.statusCode);
    const stranger = await new BrowserSession(testApp.app).signIn(await newUser(testApp.app));
    expect((await stranger.request('GET', url)).statusCode).toBe(403);
    const instructor = await new BrowserSession(testApp.app).signIn(
      await newUser(testApp.app, { roles: ['instructor'] }),
    );
    expect((await instructor.request('GET', url, { headers: { range: 'bytes=0-9' } })).statusCode).toBe(206);
    // A figure's image is not at the public media address either.
    const page = await learner.request('GET', lessonPage());
    const mediaId = /figures\/([0-9a-f-]{36})/.exec(page.body)![1]!;
    expect((await testApp.app.inject({ method: 'GET', url: `/media/${mediaId}` })).statusCode).toBe(404);
    expect((await stranger.request('GET', `${lessonPage()}/figures/${mediaId}`)).statusCode).toBe(403);
  });

  it('credits watched video only with the page’s CSRF token', async () => {
    const url = `${lessonPage()}/watched`;
    const csrf = await learner.csrfToken(lessonPage());
    const send = (body: Record<string, unknown>) =>
      learner.upload(url, { payload: Buffer.from(JSON.stringify(body)), contentType: 'application/json' });
    expect((await send({ seconds: 0 })).statusCode).toBe(403);
    const started = await send({ seconds: 0, _csrf: csrf });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toEqual({ creditedSeconds: 0 });
    const wrong = await send({ seconds: 'lots', _csrf: csrf });
    expect(wrong.statusCode).toBe(400);
  });

  it('plays a linked video in its site’s player, with the captions as a transcript', async () => {
    const { app } = testApp;
    const draft = await newReadyDraft(app);
    await app.get(LessonMediaService).setVideo(draft.courseId, lessonId, {
      url: 'https://youtu.be/dQw4w9WgXcQ',
      captions: { bytes: webVtt(['Palpate the posterior superior iliac spine.']) },
      title: 'Landmarks on a model',
    });
    const courses = app.get(CoursesService);
    await courses.publish(draft.courseId, (await courses.getDraft(draft.courseId)).revision);
    const user = await newUser(app);
    await enrolReady(app, user.id, draft.slug);
    const reader = await new BrowserSession(app).signIn(user);
    const page = await reader.request('GET', `/learning/${draft.slug}/lessons/${lessonId}`);
    expect(page.body).toContain(
      '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Landmarks on a model"',
    );
    expect(page.body).toContain('<p>Palpate the posterior superior iliac spine.</p>');
    expect(page.body).toContain('the time you watch it is not recorded as time on task');
    expect(page.body).not.toContain('lesson-video.js');
  });

  it('refuses uploads that are not what a lesson needs, in words', async () => {
    const { courseId } = await newReadyDraft(testApp.app);
    const noAlt = await post(courseId, 'figures', [image(tinyPng(4))]);
    expect(noAlt.statusCode).toBe(400);
    expect(fieldsOf(noAlt).alt).toEqual([expect.stringContaining('Describe what the image shows')]);

    const wrongType = await post(courseId, 'video', [videoFile(tinyPng(5), 'clip.mp4'), captions()]);
    expect(wrongType.statusCode).toBe(415);
    expect(fieldsOf(wrongType).file).toEqual([expect.stringContaining('MP4 or WebM')]);

    const noCaptions = await post(courseId, 'video', [videoFile(tinyMp4())]);
    expect(noCaptions.statusCode).toBe(400);
    expect(fieldsOf(noCaptions).captions).toEqual([
      expect.stringContaining('every lesson video needs captions'),
    ]);

    const srt = await post(courseId, 'video', [
      videoFile(tinyMp4()),
      captions(Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nHello\n')),
    ]);
    expect(srt.statusCode).toBe(415);
    expect(fieldsOf(srt).captions).toEqual([expect.stringContaining('not WebVTT')]);

    const foreign = await post(courseId, 'video', [captions()], {
      url: 'https://videos.example.org/psis.mp4',
    });
    expect(foreign.statusCode).toBe(400);
    expect(fieldsOf(foreign).url).toEqual([expect.stringContaining('videos.example.org is not one of them')]);

    const tooBig = await post(courseId, 'video', [
      videoFile(Buffer.concat([tinyMp4(), Buffer.alloc(100 * 1024 * 1024)])),
      captions(),
    ]);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ message: expect.stringContaining('at most 100 MB') });

    const embedded = await post(courseId, 'video', [captions()], {
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    });
    expect(embedded.statusCode).toBe(201);
    expect(embedded.json()).toMatchObject({ embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' });
  });

  it('lets an author add a figure and a captioned video on the lesson page, with problems next to the fields', async () => {
    const { app } = testApp;
    const author = await new BrowserSession(app).signIn(await newUser(app, { roles: ['admin'] }));
    const draft = await newReadyDraft(app);
    const moduleId = sampleContent().modules[0]!.id;
    const page = `/admin/courses/${draft.courseId}/modules/${moduleId}/lessons/${lessonId}`;
    const send = async (what: 'figures' | 'video', body: ReturnType<typeof multipartBody>) =>
      author.upload(`${page}/${what}?_csrf=${encodeURIComponent(await author.csrfToken(page))}`, body);

    const noAlt = await send(
      'figures',
      multipartBody([image(tinyPng(11))], { revision: String(draft.revision), caption: 'Seen from behind' }),
    );
    expect(noAlt.statusCode).toBe(400);
    expect(noAlt.body).toContain("id='figure-alt-error'");
    expect(noAlt.body.match(/Describe what the image shows/g)).toHaveLength(1);
    // What the author typed is kept.
    expect(noAlt.body).toContain('value="Seen from behind"');

    const added = await send(
      'figures',
      multipartBody([image(tinyPng(12))], {
        revision: String(draft.revision),
        alt: 'The pelvis from behind',
      }),
    );
    expect(added.statusCode).toBe(303);
    const revision = String((await app.get(CoursesService).getDraft(draft.courseId)).revision);

    const foreign = await send(
      'video',
      multipartBody([captions()], { revision, url: 'https://videos.example.org/psis.mp4' }),
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toMatch(/id='video-url-error'>Videos may be linked only from/);
    expect(foreign.body).toContain('value="https://videos.example.org/psis.mp4"');

    const saved = await send(
      'video',
      multipartBody([videoFile(tinyMp4(), 'psis.mp4'), captions()], { revision }),
    );
    expect(saved.statusCode).toBe(303);
    const shown = await author.request('GET', page);
    expect(shown.body).toContain('<strong>The pelvis from behind</strong>');
    expect(shown.body).toContain('This lesson has the video “The PSIS”, uploaded, with captions.');
  });
});
