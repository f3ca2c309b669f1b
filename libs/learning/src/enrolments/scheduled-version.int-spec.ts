import {
  CatalogCoreModule,
  CatalogService,
  CoursesService,
  ReleaseScheduledVersionsJob,
} from '@academy/catalog';
import { FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { LearningCoreModule } from '../learning.module';
import { LearningService } from './learning.service';

describe('a version published with a release date still ahead', () => {
  // The academy keeps New York's calendar: 1 June 2027 starts there at 04:00 UTC.
  const clock = new FakeClock(new Date('2027-05-20T15:00:00Z'));
  let context: TestContext;

  beforeAll(async () => {
    context = await createTestContext([IdentityCoreModule, CatalogCoreModule, LearningCoreModule], {
      clock,
      env: { ACADEMY_TIME_ZONE: 'America/New_York' },
    });
  });

  afterAll(() => context.close());

  it('is scheduled: new enrolments stay on the current version until its release date, then join it', async () => {
    const courses = context.get(CoursesService);
    const catalog = context.get(CatalogService);
    const learning = context.get(LearningService);
    const { courseId, slug } = await newPublishedCourse(context.module);
    const draft = await courses.startDraft(courseId);
    const saved = await courses.saveDraft(courseId, draft.revision, {
      ...draft.content,
      releaseDate: '2027-06-01',
      summary: 'The second edition.',
    });
    const version = await courses.publish(courseId, saved.revision);
    expect(version).toMatchObject({ number: 2, status: 'scheduled' });
    expect(version.opensAt).toEqual(new Date('2027-06-01T04:00:00Z'));
    expect(await catalog.scheduled(courseId)).toEqual({ number: 2, opensAt: version.opensAt });

    const early = await newUser(context.module);
    expect((await catalog.getPublished(slug)).number).toBe(1);
    const first = await learning.enrol(early.id, slug);
    const job = context.get(ReleaseScheduledVersionsJob);
    // Late on 31 May in New York (already 1 June in UTC): still the current version.
    clock.set(new Date('2027-06-01T03:59:00Z'));
    expect(await job.run()).toEqual({ opened: 0 });
    expect((await catalog.getPublished(slug)).number).toBe(1);

    clock.set(new Date('2027-06-01T04:00:00Z'));
    expect(await job.run()).toEqual({ opened: 1 });
    expect(await catalog.scheduled(courseId)).toBeNull();
    expect((await catalog.getPublished(slug)).number).toBe(2);
    const late = await newUser(context.module);
    const second = await learning.enrol(late.id, slug);
    expect(second.enrolment.courseVersionId).not.toBe(first.enrolment.courseVersionId);
    expect(second.enrolment.courseVersionId).toBe(version.id);
    // The early learner keeps the version they enrolled in.
    expect((await learning.enrol(early.id, slug)).enrolment.courseVersionId).toBe(
      first.enrolment.courseVersionId,
    );
    expect((await courses.history(courseId)).map((row) => [row.number, row.status])).toEqual(
      expect.arrayContaining([
        [1, 'archived'],
        [2, 'published'],
      ]),
    );
  });

  it('opens at once when its release date has come in the academy’s zone', async () => {
    clock.set(new Date('2027-07-01T04:30:00Z'));
    const courses = context.get(CoursesService);
    const { courseId } = await newPublishedCourse(context.module);
    const draft = await courses.startDraft(courseId);
    const saved = await courses.saveDraft(courseId, draft.revision, {
      ...draft.content,
      releaseDate: '2027-07-01',
    });
    expect(await courses.publish(courseId, saved.revision)).toMatchObject({
      status: 'published',
      opensAt: null,
    });
  });
});
