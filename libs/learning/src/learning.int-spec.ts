import { CatalogCoreModule, CoursesService } from '@academy/catalog';
import { FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { sampleContent } from '../../../test/factories/course-content';
import { newPublishedCourse } from '../../../test/factories/courses';
import { newUser } from '../../../test/factories/users';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { LearningService } from './enrolments/learning.service';
import { LearningError, LearningErrorCode } from './learning-error';
import { LearningCoreModule } from './learning.module';

describe('enrolment and study on PostgreSQL', () => {
  let context: TestContext;
  let learning: LearningService;

  beforeAll(async () => {
    context = await createTestContext([IdentityCoreModule, CatalogCoreModule, LearningCoreModule], {
      clock: new FakeClock(new Date('2026-11-21T12:00:00Z')),
    });
    learning = context.get(LearningService);
  });

  afterAll(() => context.close());

  it('enrols once, even when the same learner enrols twice at the same moment', async () => {
    const learner = await newUser(context.module);
    const { slug } = await newPublishedCourse(context.module);
    const results = await Promise.all([learning.enrol(learner.id, slug), learning.enrol(learner.id, slug)]);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.enrolment.id)).size).toBe(1);
    expect(await learning.myCourses(learner.id)).toHaveLength(1);
  });

  it('keeps a learner on the version they enrolled in after the course is revised', async () => {
    const learner = await newUser(context.module);
    const { courseId, slug } = await newPublishedCourse(context.module);
    await learning.enrol(learner.id, slug);
    const courses = context.get(CoursesService);
    const draft = await courses.startDraft(courseId);
    const saved = await courses.saveDraft(
      courseId,
      draft.revision,
      sampleContent({ title: 'Revised title' }),
    );
    await courses.publish(courseId, saved.revision);

    const [mine] = await learning.myCourses(learner.id);
    expect(mine?.course.number).toBe(1);
    expect(mine?.course.content.title).toBe(sampleContent().title);
    const newcomer = await newUser(context.module);
    await learning.enrol(newcomer.id, slug);
    expect((await learning.myCourses(newcomer.id))[0]?.course.number).toBe(2);
  });

  it('counts progress over every step: lessons (each once), quizzes, evaluation, credit and the lab', async () => {
    const learner = await newUser(context.module);
    const { slug } = await newPublishedCourse(context.module, { moduleGating: false });
    await learning.enrol(learner.id, slug);
    await learning.acknowledgeDisclosures(learner.id, slug);
    const lessons = sampleContent().modules.flatMap((module) => module.lessons);
    expect((await learning.myCourse(learner.id, slug)).progress).toBe(0);
    const opened = await learning.openLesson(learner.id, slug, lessons[0]!.id);
    expect(opened.html).toContain('<h2>The PSIS</h2>');
    expect(opened.next?.id).toBe(lessons[1]!.id);
    await learning.openLesson(learner.id, slug, lessons[0]!.id);
    // 2 lessons + 2 quizzes + evaluation + credit + the required lab = 7 steps.
    expect((await learning.myCourse(learner.id, slug)).progress).toBe(14);
    await learning.openLesson(learner.id, slug, lessons[1]!.id);
    const { enrolment } = await learning.enrolmentFor(learner.id, slug);
    await learning.recordModulePassed(enrolment.id, sampleContent().modules[0]!.id);
    expect(await learning.myCourse(learner.id, slug)).toMatchObject({
      progress: 42,
      lessonsSeen: 2,
      lessonsTotal: 2,
      quizzesPassed: 1,
      quizzesTotal: 2,
      labRequired: true,
    });
  });

  it('keeps the next module locked until the one before is passed, unless the course turns gating off', async () => {
    const learner = await newUser(context.module);
    const { slug } = await newPublishedCourse(context.module);
    const { enrolment } = await learning.enrol(learner.id, slug);
    const [first, second] = sampleContent().modules;
    // Nothing opens before the disclosures are acknowledged.
    await expect(learning.openLesson(learner.id, slug, first!.lessons[0]!.id)).rejects.toMatchObject({
      code: LearningErrorCode.DISCLOSURES_NOT_ACKNOWLEDGED,
    });
    const acknowledged = await learning.acknowledgeDisclosures(learner.id, slug);
    expect(acknowledged.disclosuresAcknowledgedAt).toBeInstanceOf(Date);
    await expect(learning.openLesson(learner.id, slug, first!.lessons[0]!.id)).resolves.toBeDefined();
    await expect(learning.openLesson(learner.id, slug, second!.lessons[0]!.id)).rejects.toMatchObject({
      code: LearningErrorCode.MODULE_LOCKED,
      message: expect.stringContaining('Landmarks'),
    });
    await learning.recordModulePassed(enrolment.id, first!.id);
    await expect(learning.openLesson(learner.id, slug, second!.lessons[0]!.id)).resolves.toBeDefined();
  });

  it('refuses lessons of courses the learner is not enrolled in, and lessons the version does not have', async () => {
    const learner = await newUser(context.module);
    const { slug } = await newPublishedCourse(context.module);
    const lessonId = sampleContent().modules[0]!.lessons[0]!.id;
    await expect(learning.openLesson(learner.id, slug, lessonId)).rejects.toMatchObject({
      code: LearningErrorCode.NOT_ENROLLED,
    });
    await learning.enrol(learner.id, slug);
    await learning.acknowledgeDisclosures(learner.id, slug);
    const missing = learning.openLesson(learner.id, slug, '00000000-0000-4000-8000-000000000000');
    await expect(missing).rejects.toBeInstanceOf(LearningError);
    await expect(missing).rejects.toMatchObject({ code: LearningErrorCode.LESSON_NOT_FOUND });
  });
});
