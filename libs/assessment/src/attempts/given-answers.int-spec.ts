import { CatalogCoreModule } from '@academy/catalog';
import { Database, FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule } from '@academy/learning';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newQuestionBank, RIGHT_RESPONSES } from '../../../../test/factories/questions';
import { newUser } from '../../../../test/factories/users';
import { countQueries } from '../../../../test/support/query-counter';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AssessmentErrorCode } from '../assessment-error';
import { AssessmentCoreModule } from '../assessment.module';
import { toAttemptDto } from '../dto/quiz.dto';
import type { Response } from '../questions/question.types';
import { AttemptsService } from './attempts.service';
import { answersAsShown } from './served-choices';
import { GRACE_MS } from './timing';

const MINUTE = 60_000;

describe('answers saved as the learner gives them', () => {
  let context: TestContext;
  let clock: FakeClock;
  let attempts: AttemptsService;
  const moduleId = sampleContent().modules[0]!.id;

  /**
   * A learner with an open attempt at a quiz serving all three sample questions (single choice,
   * true/false, ordering); `shown(index)` is the right answer to sample question `index` in the
   * ids this attempt shows, `id(index)` that question's id.
   */
  async function openAttempt(quiz: { timeLimitMinutes?: number } = {}) {
    const content = sampleContent();
    content.modules[0]!.quiz = { ...content.modules[0]!.quiz!, questionCount: 3, ...quiz };
    const { courseId, slug } = await newPublishedCourse(context.module, { modules: content.modules });
    const questionIds = await newQuestionBank(context.module, courseId, moduleId);
    const learner = await newUser(context.module);
    await enrolReady(context.module, learner.id, slug);
    const { attemptId } = await attempts.start(learner.id, slug, moduleId);
    const served = (await attempts.view(learner.id, attemptId)).attempt.served;
    const id = (index: number) => questionIds[index]!;
    const shown = (index: number): Response =>
      answersAsShown(served, { [id(index)]: RIGHT_RESPONSES[index] as Response })[id(index)]!;
    return { slug, learner, attemptId, id, shown, served };
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

  it('keeps each answer and flag; coming back resumes the open attempt with them; submitting grades them', async () => {
    const { slug, learner, attemptId, id, shown } = await openAttempt();
    await attempts.giveAnswer(learner.id, attemptId, id(0), { answer: shown(0) });
    await attempts.giveAnswer(learner.id, attemptId, id(1), { answer: true, flagged: true });
    await attempts.giveAnswer(learner.id, attemptId, id(2), { flagged: true });

    // Coming back (a reload, another tab, the next day) continues the same attempt.
    await expect(attempts.start(learner.id, slug, moduleId)).resolves.toEqual({
      attemptId,
      created: false,
      view: null,
    });
    const resumed = toAttemptDto(await attempts.view(learner.id, attemptId));
    expect(resumed.answers).toEqual({ [id(0)]: shown(0), [id(1)]: true });
    expect(new Set(resumed.flagged)).toEqual(new Set([id(1), id(2)]));

    // A changed mind: the true/false answer is put right, a flag taken off, the ordering answered.
    await attempts.giveAnswer(learner.id, attemptId, id(1), { answer: false, flagged: false });
    await attempts.giveAnswer(learner.id, attemptId, id(2), { answer: shown(2) });
    const changed = toAttemptDto(await attempts.view(learner.id, attemptId));
    expect(changed.answers).toEqual({ [id(0)]: shown(0), [id(1)]: false, [id(2)]: shown(2) });
    expect(changed.flagged).toEqual([id(2)]);

    // Nothing is sent with the submit: what was saved is graded.
    const graded = await attempts.submit(learner.id, attemptId, {});
    expect(graded.attempt).toMatchObject({ status: 'submitted', score: 100, passed: true });
  });

  it('clears an answer given as null, and a later answer of the whole form wins over an earlier one', async () => {
    const { learner, attemptId, id, shown } = await openAttempt();
    await attempts.giveAnswer(learner.id, attemptId, id(0), { answer: shown(0) });
    await attempts.giveAnswer(learner.id, attemptId, id(0), { answer: null });
    expect(toAttemptDto(await attempts.view(learner.id, attemptId)).answers).toEqual({});

    await attempts.giveAnswer(learner.id, attemptId, id(1), { answer: true });
    await attempts.saveAnswers(learner.id, attemptId, { [id(1)]: false }, [id(0)]);
    const saved = toAttemptDto(await attempts.view(learner.id, attemptId));
    expect(saved.answers).toEqual({ [id(1)]: false });
    expect(saved.flagged).toEqual([id(0)]);
    const graded = await attempts.submit(learner.id, attemptId, {});
    // One of three right: the true/false question.
    expect(graded.attempt.score).toBe(33);
  });

  it('saves an answer in one statement', async () => {
    const { learner, attemptId, id, shown } = await openAttempt();
    const db = context.get(Database);
    await expect(
      countQueries(db.dataSource, () =>
        attempts.giveAnswer(learner.id, attemptId, id(0), { answer: shown(0) }),
      ),
    ).resolves.toBe(1);
    await expect(
      countQueries(db.dataSource, () => attempts.giveAnswer(learner.id, attemptId, id(2), { flagged: true })),
    ).resolves.toBe(1);
  });

  it('keeps every answer when many are given at once, from several tabs', async () => {
    const { learner, attemptId, id, shown } = await openAttempt();
    await Promise.all(
      [0, 1, 2].flatMap((index) => [
        attempts.giveAnswer(learner.id, attemptId, id(index), { answer: shown(index) }),
        attempts.giveAnswer(learner.id, attemptId, id(index), { flagged: true }),
      ]),
    );
    const saved = toAttemptDto(await attempts.view(learner.id, attemptId));
    expect(saved.answers).toEqual({ [id(0)]: shown(0), [id(1)]: false, [id(2)]: shown(2) });
    expect(new Set(saved.flagged)).toEqual(new Set([id(0), id(1), id(2)]));
  });

  it('answers only the attempt’s owner, and leaves a stranger’s try without effect', async () => {
    const { learner, attemptId, id, shown } = await openAttempt();
    const stranger = await newUser(context.module);
    await expect(
      code(attempts.giveAnswer(stranger.id, attemptId, id(0), { answer: shown(0), flagged: true })),
    ).resolves.toBe(AssessmentErrorCode.ATTEMPT_NOT_FOUND);
    const untouched = toAttemptDto(await attempts.view(learner.id, attemptId));
    expect(untouched.answers).toEqual({});
    expect(untouched.flagged).toEqual([]);
  });

  it('refuses answers to a finished attempt, and after the deadline closes it with what was saved in time', async () => {
    const finished = await openAttempt();
    await attempts.submit(finished.learner.id, finished.attemptId, {});
    await expect(
      code(attempts.giveAnswer(finished.learner.id, finished.attemptId, finished.id(0), { answer: true })),
    ).resolves.toBe(AssessmentErrorCode.ATTEMPT_CLOSED);

    const timed = await openAttempt({ timeLimitMinutes: 10 });
    await attempts.giveAnswer(timed.learner.id, timed.attemptId, timed.id(0), { answer: timed.shown(0) });
    // Within the grace after the deadline an answer still counts: a network hop, not extra time.
    clock.advance(10 * MINUTE + GRACE_MS);
    await attempts.giveAnswer(timed.learner.id, timed.attemptId, timed.id(1), { answer: false });
    clock.advance(1);
    await expect(
      code(attempts.giveAnswer(timed.learner.id, timed.attemptId, timed.id(2), { answer: timed.shown(2) })),
    ).resolves.toBe(AssessmentErrorCode.ATTEMPT_EXPIRED);
    const closed = await attempts.view(timed.learner.id, timed.attemptId);
    // Two of three right, the third too late.
    expect(closed.attempt).toMatchObject({ status: 'expired', score: 66 });
  });

  it('refuses a question the attempt did not serve and an answer its question does not take, naming the field', async () => {
    const { learner, attemptId, id, served } = await openAttempt();
    await expect(
      code(
        attempts.giveAnswer(learner.id, attemptId, '00000000-0000-4000-8000-00000000abcd', { answer: true }),
      ),
    ).resolves.toBe(AssessmentErrorCode.QUESTION_NOT_FOUND);
    // True or false to a choice question; a choice id the question never showed; nothing at all.
    await expect(attempts.giveAnswer(learner.id, attemptId, id(0), { answer: true })).rejects.toMatchObject({
      code: AssessmentErrorCode.BAD_ANSWER,
      field: 'answer',
      message: expect.stringContaining(`question ${served.findIndex((q) => q.questionId === id(0)) + 1}`),
    });
    await expect(code(attempts.giveAnswer(learner.id, attemptId, id(0), { answer: 'zzzzzz' }))).resolves.toBe(
      AssessmentErrorCode.BAD_ANSWER,
    );
    await expect(code(attempts.giveAnswer(learner.id, attemptId, id(1), { answer: 'a' }))).resolves.toBe(
      AssessmentErrorCode.BAD_ANSWER,
    );
    await expect(code(attempts.giveAnswer(learner.id, attemptId, id(0), {}))).resolves.toBe(
      AssessmentErrorCode.BAD_ANSWER,
    );
    expect(toAttemptDto(await attempts.view(learner.id, attemptId)).answers).toEqual({});
  });

  it('leaves out, when grading, a saved answer of the wrong form for its question', async () => {
    const { learner, attemptId, id, shown } = await openAttempt();
    // Choice ids of the single-choice question, but as a list: the statement lets it by, the question does not.
    await attempts.giveAnswer(learner.id, attemptId, id(0), { answer: [shown(0) as string] });
    await attempts.giveAnswer(learner.id, attemptId, id(1), { answer: false });
    expect(toAttemptDto(await attempts.view(learner.id, attemptId)).answers).toEqual({ [id(1)]: false });
    const graded = await attempts.submit(learner.id, attemptId, {});
    expect(graded.attempt.score).toBe(33);
    expect(Object.keys(graded.attempt.answers)).toEqual([id(1)]);
  });
});
