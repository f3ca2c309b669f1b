import { CatalogCoreModule } from '@academy/catalog';
import { FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { LearningService } from '../enrolments/learning.service';
import { LearningErrorCode } from '../learning-error';
import { LearningCoreModule } from '../learning.module';
import { CreditService } from './credit.service';

const MINUTE = 60_000;
const EVALUATION = {
  objectivesMet: 5,
  freeOfCommercialBias: 5,
  relevantToPractice: 4,
  intendedChange: 'Use small pulls.',
};

describe('evaluation and credit claims on PostgreSQL', () => {
  let context: TestContext;
  let clock: FakeClock;
  let learning: LearningService;
  let credit: CreditService;

  /** A learner who studied for `studyMinutes` (lessons opened 10 minutes apart) and passed every quiz. */
  async function finishedLearner(studyMinutes: number) {
    const learner = await newUser(context.module);
    const { slug } = await newPublishedCourse(context.module);
    const enrolment = await enrolReady(context.module, learner.id, slug);
    const lessonId = sampleContent().modules[0]!.lessons[0]!.id;
    for (let minute = 0; minute <= studyMinutes; minute += 10) {
      await learning.openLesson(learner.id, slug, lessonId);
      clock.advance(10 * MINUTE);
    }
    for (const module of sampleContent().modules) {
      await learning.recordModulePassed(enrolment.id, module.id);
    }
    return { learner, slug };
  }

  const code = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };

  beforeAll(async () => {
    clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));
    context = await createTestContext([IdentityCoreModule, CatalogCoreModule, LearningCoreModule], { clock });
    learning = context.get(LearningService);
    credit = context.get(CreditService);
  });

  afterAll(() => context.close());

  it('asks for every quiz passed before the evaluation, and the evaluation before credit', async () => {
    const learner = await newUser(context.module);
    const { slug } = await newPublishedCourse(context.module);
    await enrolReady(context.module, learner.id, slug);
    await expect(code(credit.submitEvaluation(learner.id, slug, EVALUATION))).resolves.toBe(
      LearningErrorCode.NOT_READY,
    );
    const status = await credit.status(learner.id, slug);
    expect(status.requirements.map((requirement) => [requirement.key, requirement.met])).toEqual([
      ['disclosures', true],
      ['quizzes', false],
      ['evaluation', false],
    ]);
    await expect(
      code(credit.claim(learner.id, slug, [{ type: 'AMA PRA Category 1 Credit™', amount: 1 }])),
    ).resolves.toBe(LearningErrorCode.NOT_READY);
  });

  it('caps a claim at what the recorded study time supports, in 0.25 steps, and takes each type once', async () => {
    const { learner, slug } = await finishedLearner(90);
    await credit.submitEvaluation(learner.id, slug, EVALUATION);
    await expect(code(credit.submitEvaluation(learner.id, slug, EVALUATION))).resolves.toBe(
      LearningErrorCode.ALREADY_DONE,
    );
    const status = await credit.status(learner.id, slug);
    expect(status.timeOnTaskMinutes).toBe(90);
    expect(status.credits).toEqual([
      { type: 'AMA PRA Category 1 Credit™', max: 2, allowed: 1.5, claimed: null, claimedAt: null },
    ]);
    await expect(
      credit.claim(learner.id, slug, [{ type: 'AMA PRA Category 1 Credit™', amount: 1.75 }]),
    ).rejects.toMatchObject({
      code: LearningErrorCode.BAD_CLAIM,
      field: 'claims.0.amount',
      // The reason in words, without the field's path (the API names the field beside it).
      message:
        'You asked for 1.75. You may claim up to 1.5 AMA PRA Category 1 Credit™: your recorded study time of 1 hour 30 minutes supports that much (one credit per hour, in quarter steps), below the 2 this course is designated for.',
    });
    await expect(
      code(credit.claim(learner.id, slug, [{ type: 'AMA PRA Category 1 Credit™', amount: 1.1 }])),
    ).resolves.toBe(LearningErrorCode.BAD_CLAIM);
    await expect(
      code(credit.claim(learner.id, slug, [{ type: 'ANCC contact hours', amount: 1 }])),
    ).resolves.toBe(LearningErrorCode.BAD_CLAIM);
    const results = await Promise.allSettled([
      credit.claim(learner.id, slug, [{ type: 'AMA PRA Category 1 Credit™', amount: 1.5 }]),
      credit.claim(learner.id, slug, [{ type: 'AMA PRA Category 1 Credit™', amount: 1.25 }]),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect((await credit.status(learner.id, slug)).credits[0]?.claimed).toBeGreaterThan(0);
  });

  it('does not count an idle tab as hours of study', async () => {
    const learner = await newUser(context.module);
    const { slug } = await newPublishedCourse(context.module);
    await enrolReady(context.module, learner.id, slug);
    const lessonId = sampleContent().modules[0]!.lessons[0]!.id;
    await learning.openLesson(learner.id, slug, lessonId);
    clock.advance(8 * 60 * MINUTE);
    await learning.openLesson(learner.id, slug, lessonId);
    // Eight hours away count as nothing, not as the idle limit.
    expect((await credit.status(learner.id, slug)).timeOnTaskMinutes).toBe(0);
    clock.advance(20 * MINUTE);
    await learning.openLesson(learner.id, slug, lessonId);
    expect((await credit.status(learner.id, slug)).timeOnTaskMinutes).toBe(20);
  });
});
