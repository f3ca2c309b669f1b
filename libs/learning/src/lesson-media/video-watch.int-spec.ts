import { CatalogCoreModule } from '@academy/catalog';
import type { CourseContent } from '@academy/catalog';
import { FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { CreditService } from '../credit/credit.service';
import { LearningService } from '../enrolments/learning.service';
import { LearningErrorCode } from '../learning-error';
import { LearningCoreModule } from '../learning.module';
import { LessonMediaAccessService } from './lesson-media-access.service';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The sample course with a ten-minute video in its first lesson. */
function withVideo(): CourseContent {
  const content = sampleContent();
  content.modules[0]!.lessons[0]!.video = {
    videoId: '0b5e55aa-1111-4222-8333-444455556666',
    contentType: 'video/webm',
    durationSeconds: 600,
    captionsId: '0b5e55aa-1111-4222-8333-444455556667',
    title: 'Palpating the PSIS',
  };
  return content;
}

describe('watched lesson video in time on task, on PostgreSQL', () => {
  let context: TestContext;
  let clock: FakeClock;
  let learning: LearningService;
  let credit: CreditService;
  let media: LessonMediaAccessService;
  const lessonId = sampleContent().modules[0]!.lessons[0]!.id;

  beforeAll(async () => {
    clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));
    context = await createTestContext([IdentityCoreModule, CatalogCoreModule, LearningCoreModule], { clock });
    learning = context.get(LearningService);
    credit = context.get(CreditService);
    media = context.get(LessonMediaAccessService);
  });

  afterAll(() => context.close());

  async function learnerInCourse() {
    const learner = await newUser(context.module);
    const { slug } = await newPublishedCourse(context.module, withVideo());
    await enrolReady(context.module, learner.id, slug);
    await learning.openLesson(learner.id, slug, lessonId);
    return { learner, slug };
  }

  it('credits no more than was reported, than time passed, or than the video is long', async () => {
    const { learner, slug } = await learnerInCourse();
    const report = (seconds: number) => media.reportWatched(learner.id, slug, lessonId, seconds);
    clock.advance(MINUTE);
    // Pressing play starts the clock: nothing is credited yet.
    expect(await report(0)).toEqual({ creditedSeconds: 0 });
    clock.advance(15 * SECOND);
    expect(await report(15)).toEqual({ creditedSeconds: 15 });
    // The same report again at once: no time has passed, so nothing more.
    expect(await report(15)).toEqual({ creditedSeconds: 0 });
    clock.advance(5 * MINUTE);
    // Claims ten minutes after five: five are credited.
    expect(await report(600)).toEqual({ creditedSeconds: 300 });
    clock.advance(10 * MINUTE);
    // Ten minutes later, only what is left of the ten-minute video.
    expect(await report(600)).toEqual({ creditedSeconds: 285 });
    clock.advance(10 * MINUTE);
    expect(await report(300)).toEqual({ creditedSeconds: 0 });

    // Opened, 1 minute to play, then 15 s + 300 s + 285 s of video: eleven minutes, no more.
    expect((await credit.status(learner.id, slug)).timeOnTaskMinutes).toBe(11);
  });

  it('lets concurrent reports together credit no more than the time that passed', async () => {
    const { learner, slug } = await learnerInCourse();
    await media.reportWatched(learner.id, slug, lessonId, 0);
    clock.advance(MINUTE);
    const results = await Promise.all(
      [60, 60, 60, 60].map((seconds) => media.reportWatched(learner.id, slug, lessonId, seconds)),
    );
    expect(results.reduce((total, result) => total + result.creditedSeconds, 0)).toBe(60);
  });

  it('counts a whole video watched past the 30-minute cap of an idle gap', async () => {
    const learner = await newUser(context.module);
    const content = withVideo();
    content.modules[0]!.lessons[0]!.video!.durationSeconds = 45 * 60;
    const { slug } = await newPublishedCourse(context.module, content);
    await enrolReady(context.module, learner.id, slug);
    await learning.openLesson(learner.id, slug, lessonId);
    await media.reportWatched(learner.id, slug, lessonId, 0);
    for (let minute = 0; minute < 45; minute += 5) {
      clock.advance(5 * MINUTE);
      await media.reportWatched(learner.id, slug, lessonId, 300);
    }
    expect((await credit.status(learner.id, slug)).timeOnTaskMinutes).toBe(45);
  });

  it('refuses reports for a lesson without a video file, and from learners not enrolled', async () => {
    const { learner, slug } = await learnerInCourse();
    const other = sampleContent().modules[0]!.lessons[1]?.id ?? sampleContent().modules[1]!.lessons[0]!.id;
    await expect(media.reportWatched(learner.id, slug, other, 10)).rejects.toMatchObject({
      code: LearningErrorCode.LESSON_NOT_FOUND,
    });
    const stranger = await newUser(context.module);
    await expect(media.reportWatched(stranger.id, slug, lessonId, 10)).rejects.toMatchObject({
      code: LearningErrorCode.NOT_ENROLLED,
    });
  });

  it('keeps the media of a module not yet open from a learner, not from staff', async () => {
    const { learner, slug } = await learnerInCourse();
    const later = sampleContent().modules[1]!.lessons[0]!.id;
    await expect(
      media.lessonFor({ userId: learner.id, roles: ['learner'] }, slug, later),
    ).rejects.toMatchObject({
      code: LearningErrorCode.MODULE_LOCKED,
    });
    const admin = await newUser(context.module, { roles: ['admin'] });
    await expect(media.lessonFor({ userId: admin.id, roles: ['admin'] }, slug, later)).resolves.toMatchObject(
      {
        id: later,
      },
    );
  });
});
