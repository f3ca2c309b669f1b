import { CatalogCoreModule } from '@academy/catalog';
import { FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { LearningErrorCode } from '../learning-error';
import { LearningCoreModule } from '../learning.module';
import { CourseChecklistService } from './course-checklist.service';
import { CourseStepRegistry } from './course-step-registry';
import type { CourseStepContext } from './course-steps';

describe('course checklists on PostgreSQL', () => {
  let context: TestContext;
  let checklists: CourseChecklistService;
  const clock = new FakeClock(new Date('2026-11-21T12:00:00Z'));
  const reader = { zone: 'Europe/Berlin', now: clock.now() };

  beforeAll(async () => {
    context = await createTestContext([IdentityCoreModule, CatalogCoreModule, LearningCoreModule], { clock });
    checklists = context.get(CourseChecklistService);
  });

  afterAll(() => context.close());

  it('adds the steps a feature registers where it asks, for each of the learner’s courses', async () => {
    const seen: CourseStepContext[][] = [];
    context.get(CourseStepRegistry).register({
      place: 'after-credit',
      stepsFor: (contexts) => {
        seen.push(contexts);
        return Promise.resolve(
          new Map(
            contexts.map((each) => [
              each.enrolmentId,
              [
                {
                  key: 'certificate',
                  title: 'Receive your certificate',
                  status: 'locked' as const,
                  required: true,
                },
              ],
            ]),
          ),
        );
      },
    });
    const learner = await newUser(context.module);
    const first = await newPublishedCourse(context.module);
    const second = await newPublishedCourse(context.module);
    await enrolReady(context.module, learner.id, first.slug);
    await enrolReady(context.module, learner.id, second.slug);

    const courses = await checklists.forLearner(learner.id, reader);
    expect(courses).toHaveLength(2);
    // One call for both courses: a feature answers many enrolments at once.
    expect(seen.at(-1)).toHaveLength(2);
    for (const { checklist } of courses) {
      expect(checklist.steps.at(-1)?.key).toBe('certificate');
      expect(checklist.steps.at(-2)?.key).toBe('credit');
      expect(checklist.next?.key).toMatch(/^lessons:/);
    }
    const one = await checklists.forCourse(learner.id, first.slug, reader);
    expect(one.summary.course.slug).toBe(first.slug);
    await expect(
      checklists.forCourse((await newUser(context.module)).id, first.slug, reader),
    ).rejects.toMatchObject({
      code: LearningErrorCode.NOT_ENROLLED,
    });
  });
});
