import { CatalogCoreModule } from '@academy/catalog';
import { enrolReady } from '../../../test/factories/enrolments';
import { FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule, LearningService } from '@academy/learning';
import { sampleContent } from '../../../test/factories/course-content';
import { newPublishedCourse } from '../../../test/factories/courses';
import { newQuestionBank, newQuestionBanks, RIGHT_RESPONSES } from '../../../test/factories/questions';
import { newUser } from '../../../test/factories/users';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { AssessmentErrorCode } from './assessment-error';
import { AssessmentCoreModule } from './assessment.module';
import { AttemptsService, PRETEST_ID } from './attempts/attempts.service';
import { answersAsShown } from './attempts/served-choices';
import { GRACE_MS } from './attempts/timing';
import type { Response } from './questions/question.types';

const MINUTE = 60_000;

describe('quiz attempts on PostgreSQL', () => {
  let context: TestContext;
  let clock: FakeClock;
  let attempts: AttemptsService;
  const moduleId = sampleContent().modules[0]!.id;

  /** A learner enrolled in a fresh course whose first module has a 3-question bank. */
  async function learnerWithQuiz(overrides: Parameters<typeof sampleContent>[0] = {}) {
    const { courseId, slug } = await newPublishedCourse(context.module, overrides);
    const questionIds = await newQuestionBank(context.module, courseId, moduleId);
    const learner = await newUser(context.module);
    const enrolment = await enrolReady(context.module, learner.id, slug);
    const rightAnswers = (ids: string[]) =>
      Object.fromEntries(ids.map((id) => [id, RIGHT_RESPONSES[questionIds.indexOf(id)]])) as Record<
        string,
        Response
      >;
    return { slug, learner, enrolment, questionIds, rightAnswers };
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
    context = await createTestContext(
      [IdentityCoreModule, CatalogCoreModule, LearningCoreModule, AssessmentCoreModule],
      { clock },
    );
    attempts = context.get(AttemptsService);
  });

  afterAll(() => context.close());

  it('draws the configured number of questions, grades on submit and records the module pass', async () => {
    const { slug, learner, enrolment, rightAnswers } = await learnerWithQuiz();
    const { attemptId } = await attempts.start(learner.id, slug, moduleId);
    const view = await attempts.view(learner.id, attemptId);
    expect(view.attempt.served).toHaveLength(2);
    expect(view.review).toBe('none');
    const served = view.attempt.served.map((question) => question.questionId);
    const graded = await attempts.submit(
      learner.id,
      attemptId,
      answersAsShown(view.attempt.served, rightAnswers(served)),
    );
    expect(graded.attempt).toMatchObject({ status: 'submitted', score: 100, passed: true });
    expect(graded.review).toBe('full');
    expect(await context.get(LearningService).passedModules(enrolment.id)).toEqual(new Set([moduleId]));
    await expect(code(attempts.start(learner.id, slug, moduleId))).resolves.toBe(
      AssessmentErrorCode.ALREADY_PASSED,
    );
  });

  it('holds the attempts limit and a single open attempt under 50 concurrent starts and submits', async () => {
    const { slug, learner, enrolment } = await learnerWithQuiz();
    for (let round = 0; round < 4; round++) {
      const starts = await Promise.allSettled(
        Array.from({ length: 50 }, () => attempts.start(learner.id, slug, moduleId)),
      );
      const opened = new Set(
        starts.flatMap((result) => (result.status === 'fulfilled' ? [result.value.attemptId] : [])),
      );
      expect(opened.size).toBeLessThanOrEqual(1);
      const [attemptId] = [...opened];
      if (attemptId) {
        const submits = await Promise.all(
          Array.from({ length: 50 }, () => attempts.submit(learner.id, attemptId, {})),
        );
        expect(new Set(submits.map((view) => view.attempt.score))).toEqual(new Set([0]));
      }
      clock.advance(61 * MINUTE);
    }
    const all = await context.get(AttemptsService).status(learner.id, slug, moduleId);
    expect(all.attempts.map((attempt) => [attempt.number, attempt.status])).toEqual([
      [1, 'submitted'],
      [2, 'submitted'],
      [3, 'submitted'],
    ]);
    expect(all.attemptsLeft).toBe(0);
    expect(enrolment.id).toBeDefined();
    await expect(code(attempts.start(learner.id, slug, moduleId))).resolves.toBe(
      AssessmentErrorCode.ATTEMPTS_EXHAUSTED,
    );
  });

  it('makes the learner wait out the retry delay, then allows the next attempt', async () => {
    const { slug, learner } = await learnerWithQuiz();
    const first = await attempts.start(learner.id, slug, moduleId);
    const failed = await attempts.submit(learner.id, first.attemptId, {});
    expect(failed.attempt.passed).toBe(false);
    expect(failed.review).toBe('score_and_wrong');
    await expect(code(attempts.start(learner.id, slug, moduleId))).resolves.toBe(
      AssessmentErrorCode.RETRY_TOO_SOON,
    );
    clock.advance(60 * MINUTE);
    await expect(attempts.start(learner.id, slug, moduleId)).resolves.toMatchObject({ created: true });
  });

  it('judges the time limit on the server clock: late answers are kept but not graded', async () => {
    const content = sampleContent();
    content.modules[0]!.quiz = { ...content.modules[0]!.quiz!, timeLimitMinutes: 10 };
    const { slug, learner, rightAnswers } = await learnerWithQuiz({ modules: content.modules });
    const { attemptId } = await attempts.start(learner.id, slug, moduleId);
    const servedQuestions = (await attempts.view(learner.id, attemptId)).attempt.served;
    const [first, second] = servedQuestions.map((question) => question.questionId);
    const shown = (ids: string[]) => answersAsShown(servedQuestions, rightAnswers(ids));
    await attempts.saveAnswers(learner.id, attemptId, shown([first!]));
    clock.advance(10 * MINUTE + GRACE_MS - 1);
    await attempts.saveAnswers(learner.id, attemptId, {});
    clock.advance(2);
    await expect(code(attempts.saveAnswers(learner.id, attemptId, shown([second!])))).resolves.toBe(
      AssessmentErrorCode.ATTEMPT_EXPIRED,
    );
    const view = await attempts.view(learner.id, attemptId);
    expect(view.attempt).toMatchObject({ status: 'expired', score: 50 });
    expect(Object.keys(view.attempt.lateAnswers ?? {})).toEqual([second]);
  });

  it('draws only questions with the quiz’s tags when it names some', async () => {
    const content = sampleContent();
    content.modules[0]!.quiz = { ...content.modules[0]!.quiz!, questionCount: 3, tags: ['landmarks'] };
    const { slug, learner, questionIds } = await learnerWithQuiz({ modules: content.modules });
    const { attemptId } = await attempts.start(learner.id, slug, moduleId);
    const served = (await attempts.view(learner.id, attemptId)).attempt.served.map(
      (question) => question.questionId,
    );
    // Only the first sample question is tagged "landmarks".
    expect(served).toEqual([questionIds[0]]);
  });

  it('refuses answers to questions that were not served or of the wrong shape, naming them', async () => {
    const { slug, learner, questionIds } = await learnerWithQuiz();
    const { attemptId } = await attempts.start(learner.id, slug, moduleId);
    const served = (await attempts.view(learner.id, attemptId)).attempt.served.map(
      (question) => question.questionId,
    );
    const notServed = questionIds.find((id) => !served.includes(id))!;
    await expect(code(attempts.saveAnswers(learner.id, attemptId, { [notServed]: 'a' }))).resolves.toBe(
      AssessmentErrorCode.BAD_ANSWER,
    );
    await expect(
      code(attempts.saveAnswers(learner.id, attemptId, { [served[0]!]: { hack: true } })),
    ).resolves.toBe(AssessmentErrorCode.BAD_ANSWER);
    const stranger = await newUser(context.module);
    await expect(code(attempts.view(stranger.id, attemptId))).resolves.toBe(
      AssessmentErrorCode.ATTEMPT_NOT_FOUND,
    );
  });
});

describe('the pre-test', () => {
  let context: TestContext;
  let attempts: AttemptsService;

  beforeAll(async () => {
    context = await createTestContext([
      IdentityCoreModule,
      CatalogCoreModule,
      LearningCoreModule,
      AssessmentCoreModule,
    ]);
    attempts = context.get(AttemptsService);
  });

  afterAll(() => context.close());

  it('draws from every module bank, is taken once, scores without passing anything or showing answers', async () => {
    const [first, second] = sampleContent().modules;
    const { courseId, slug } = await newPublishedCourse(context.module, { pretest: { questionCount: 6 } });
    const [firstIds, secondIds] = (await newQuestionBanks(context.module, courseId, [
      first!.id,
      second!.id,
    ])) as [string[], string[]];
    const learner = await newUser(context.module);
    const enrolment = await enrolReady(context.module, learner.id, slug);
    const { attemptId } = await attempts.start(learner.id, slug, PRETEST_ID);
    const view = await attempts.view(learner.id, attemptId);
    expect(new Set(view.attempt.served.map((question) => question.questionId))).toEqual(
      new Set([...firstIds, ...secondIds]),
    );
    const right = Object.fromEntries(
      view.attempt.served.map((served) => {
        const index = [...firstIds, ...secondIds].indexOf(served.questionId) % 3;
        return [served.questionId, RIGHT_RESPONSES[index] as Response];
      }),
    );
    const graded = await attempts.submit(learner.id, attemptId, answersAsShown(view.attempt.served, right));
    expect(graded.attempt).toMatchObject({ score: 100, passed: false });
    expect(graded.review).toBe('score_only');
    expect(await context.get(LearningService).passedModules(enrolment.id)).toEqual(new Set());
    await expect(attempts.start(learner.id, slug, PRETEST_ID)).rejects.toMatchObject({
      code: AssessmentErrorCode.ATTEMPTS_EXHAUSTED,
    });
  });
});
