import { CatalogCoreModule, CatalogErrorCode, CoursesService } from '@academy/catalog';
import { Database, FakeClock, pgConstraint } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule } from '@academy/learning';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newQuestionBank, RIGHT_RESPONSES, SAMPLE_QUESTIONS } from '../../../../test/factories/questions';
import { learnersTakeQuiz } from '../../../../test/factories/quiz-takers';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AssessmentErrorCode } from '../assessment-error';
import { AssessmentCoreModule } from '../assessment.module';
import { AttemptsService } from '../attempts/attempts.service';
import { answersAsShown } from '../attempts/served-choices';
import { QuestionBankService } from './question-bank.service';
import type { Response } from './question.types';

describe('the question bank is versioned with the course', () => {
  let context: TestContext;
  let bank: QuestionBankService;
  let courses: CoursesService;
  let attempts: AttemptsService;
  let db: Database;
  const moduleId = sampleContent().modules[0]!.id;

  /** A published course whose first module's quiz serves all three sample questions. */
  async function courseWithBank() {
    const content = sampleContent();
    content.modules[0]!.quiz!.questionCount = 3;
    const course = await newPublishedCourse(context.module, { modules: content.modules });
    const questionIds = (await newQuestionBank(context.module, course.courseId, moduleId)) as [
      string,
      string,
      string,
    ];
    return { ...course, questionIds };
  }

  /** The draft's copy of a published question (same lineage). */
  async function draftCopy(courseId: string, lineageId: string) {
    const draft = await bank.versionBank(courseId, moduleId);
    expect(draft.editable).toBe(true);
    return draft.items.find((item) => item.lineageId === lineageId)!;
  }

  /** Waits until some statement of this database waits for a lock (the racing write is parked). */
  async function someoneWaitsForALock(): Promise<void> {
    for (;;) {
      const { rows } = await db.execute<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0]!.waiting > 0) {
        return;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  beforeAll(async () => {
    context = await createTestContext(
      [IdentityCoreModule, CatalogCoreModule, LearningCoreModule, AssessmentCoreModule],
      { clock: new FakeClock(new Date('2026-11-21T09:00:00Z')) },
    );
    bank = context.get(QuestionBankService);
    courses = context.get(CoursesService);
    attempts = context.get(AttemptsService);
    db = context.get(Database);
  });

  afterAll(() => context.close());

  it('edits a question in a draft while a learner pinned to the published version keeps the old one, graded by the old key', async () => {
    const { courseId, slug, questionIds } = await courseWithBank();
    const [single] = questionIds;
    const learner = await newUser(context.module);
    await enrolReady(context.module, learner.id, slug);
    const { attemptId } = await attempts.start(learner.id, slug, moduleId);

    // Published questions never change, through the service or straight in SQL.
    await expect(bank.edit(single, { ...SAMPLE_QUESTIONS[0]!, prompt: 'Changed?' })).rejects.toMatchObject({
      code: AssessmentErrorCode.VERSION_FROZEN,
    });
    const direct = await db
      .execute(`UPDATE question SET body = jsonb_set(body, '{prompt}', '"Sneaky"') WHERE id = $1`, [single])
      .catch((error: unknown) => error);
    expect(pgConstraint(direct)).toBe('question_version_frozen');

    await courses.startDraft(courseId);
    const copy = await draftCopy(courseId, single);
    expect(copy.id).not.toBe(single);
    const edited = await bank.edit(copy.id, {
      ...SAMPLE_QUESTIONS[0]!,
      prompt: 'Which landmark do you palpate first for a posterior crest harvest?',
      correct: 'a',
      difficulty: 'easy',
    });
    expect(edited).toMatchObject({ lineageId: single, difficulty: 'easy' });
    // A new question in the draft does not reach the published version either.
    await bank.add(courseId, moduleId, { ...SAMPLE_QUESTIONS[1]!, prompt: 'A new statement.' });

    const view = await attempts.view(learner.id, attemptId);
    const prompts = view.questions.map((question) => question.body.prompt);
    expect(prompts).toContain(SAMPLE_QUESTIONS[0]!.prompt);
    expect(prompts).not.toContain(edited.body.prompt);
    expect(prompts).not.toContain('A new statement.');
    const published = await bank.versionBank(courseId, moduleId, view.course.number);
    // (The fake clock gives the questions one creation time: compare as sets.)
    expect(published.items.map((item) => item.body.prompt).sort()).toEqual(
      SAMPLE_QUESTIONS.map((question) => question.prompt).sort(),
    );
    // Graded by the key of the version served: the old right answer still scores.
    const answers: Record<string, Response> = {};
    questionIds.forEach((id, index) => (answers[id] = RIGHT_RESPONSES[index] as Response));
    await attempts.submit(learner.id, attemptId, answersAsShown(view.attempt.served, answers));
    expect((await attempts.view(learner.id, attemptId)).attempt.score).toBe(100);

    // Published, the next learners get the edited stem; the first learner's attempt is unchanged.
    await courses.publish(courseId, (await courses.getDraft(courseId)).revision);
    const [next] = await learnersTakeQuiz(context.module, {
      slug,
      moduleId,
      count: 1,
      answer: () => undefined,
    });
    const newcomer = await attempts.view(
      (await db.execute<{ user_id: string }>(`SELECT user_id FROM quiz_attempt WHERE id = $1`, [next]))
        .rows[0]!.user_id,
      next!,
    );
    expect(newcomer.questions.map((question) => question.body.prompt)).not.toContain(
      SAMPLE_QUESTIONS[0]!.prompt,
    );
    const current = (await bank.versionBank(courseId, moduleId)).items.map((item) => item.body.prompt);
    expect(current).toContain(edited.body.prompt);
    expect(current).not.toContain(SAMPLE_QUESTIONS[0]!.prompt);
    expect((await attempts.view(learner.id, attemptId)).questions.map((q) => q.body.prompt)).toContain(
      SAMPLE_QUESTIONS[0]!.prompt,
    );
  });

  it('refuses an edit that races a publication and loses, and keeps one that wins', async () => {
    const { courseId, questionIds } = await courseWithBank();
    const [single, trueFalse] = questionIds;

    // The publication updates the version row first: the edit waits for it, then is refused.
    await courses.startDraft(courseId);
    const first = await draftCopy(courseId, single);
    let commitPublication!: () => void;
    const held = new Promise<void>((resolve) => (commitPublication = resolve));
    let published!: () => void;
    const publishedInTransaction = new Promise<void>((resolve) => (published = resolve));
    const publication = db.withTransaction(async () => {
      await courses.publish(courseId, (await courses.getDraft(courseId)).revision);
      published();
      await held;
    });
    await publishedInTransaction;
    const edit = bank
      .edit(first.id, { ...SAMPLE_QUESTIONS[0]!, prompt: 'Too late.' })
      .catch((e: unknown) => e);
    await someoneWaitsForALock();
    commitPublication();
    await publication;
    expect(await edit).toMatchObject({ code: AssessmentErrorCode.VERSION_FROZEN });
    expect((await bank.get(first.id)).body.prompt).toBe(SAMPLE_QUESTIONS[0]!.prompt);

    // The edit locks first: the publication reviewed before it waits, then is refused (the edit
    // moved the draft's revision on); reviewed again, the draft publishes with the edited question.
    await courses.startDraft(courseId);
    const second = await draftCopy(courseId, trueFalse);
    let commitEdit!: () => void;
    const editHeld = new Promise<void>((resolve) => (commitEdit = resolve));
    let edited!: () => void;
    const editedInTransaction = new Promise<void>((resolve) => (edited = resolve));
    const editing = db.withTransaction(async () => {
      await bank.edit(second.id, { ...SAMPLE_QUESTIONS[1]!, prompt: 'In time.' });
      edited();
      await editHeld;
    });
    await editedInTransaction;
    const reviewed = (await courses.getDraft(courseId)).revision;
    const publishing = courses.publish(courseId, reviewed).catch((e: unknown) => e);
    await someoneWaitsForALock();
    commitEdit();
    await editing;
    expect(await publishing).toMatchObject({ code: CatalogErrorCode.STALE_REVISION });
    const draft = await courses.getDraft(courseId);
    expect(draft.revision).toBe(reviewed + 1);
    const version = await courses.publish(courseId, draft.revision);
    expect(version.status).toBe('published');
    const frozen = await bank.versionBank(courseId, moduleId, version.number);
    expect(frozen.items.find((item) => item.id === second.id)!.body.prompt).toBe('In time.');
  });

  it('retires and replaces items in a draft only; earlier versions keep them', async () => {
    const { courseId, slug, questionIds } = await courseWithBank();
    const [single, trueFalse, ordering] = questionIds;
    const before = (await courses.history(courseId))[0]!.number;
    await courses.startDraft(courseId);
    const retired = await bank.retire(ordering);
    expect(retired.lineageId).toBe(ordering);
    expect(retired.id).not.toBe(ordering);
    const replacement = await bank.replace((await draftCopy(courseId, trueFalse)).id, {
      ...SAMPLE_QUESTIONS[1]!,
      prompt: 'Small pulls with repositioning give a purer sample than one large pull.',
      correct: true,
    });
    expect(replacement.replacesLineageId).toBe(trueFalse);
    const draft = await bank.versionBank(courseId, moduleId);
    expect(
      draft.items
        .filter((item) => item.retiredAt === null)
        .map((item) => item.lineageId)
        .sort(),
    ).toEqual([single, replacement.lineageId].sort());
    expect(draft.replacedPrompts.get(trueFalse)).toBe(SAMPLE_QUESTIONS[1]!.prompt);
    // A replaced or retired item cannot be replaced again.
    await expect(bank.replace(retired.id, SAMPLE_QUESTIONS[2]!)).rejects.toMatchObject({
      code: AssessmentErrorCode.QUESTION_RETIRED,
    });

    const earlier = await bank.versionBank(courseId, moduleId, before);
    expect(earlier.items.every((item) => item.retiredAt === null)).toBe(true);
    expect(earlier.items.map((item) => item.id).sort()).toEqual([...questionIds].sort());

    await courses.publish(courseId, (await courses.getDraft(courseId)).revision);
    await courses.startDraft(courseId);
    const next = await bank.versionBank(courseId, moduleId);
    expect(next.items.map((item) => item.lineageId).sort()).toEqual([single, replacement.lineageId].sort());
    // Learners of the version with the replacement are never served the retired items.
    const [attemptId] = await learnersTakeQuiz(context.module, {
      slug,
      moduleId,
      count: 1,
      answer: () => undefined,
    });
    const { rows } = await db.execute<{ served: { questionId: string }[] }>(
      `SELECT served FROM quiz_attempt WHERE id = $1`,
      [attemptId],
    );
    const servedLineages = (await bank.versionBank(courseId, moduleId, before + 1)).items
      .filter((item) => rows[0]!.served.some((served) => served.questionId === item.id))
      .map((item) => item.lineageId);
    expect(servedLineages.sort()).toEqual([single, replacement.lineageId].sort());
  });

  it('follows an item across versions in the item analysis, with statistics per version', async () => {
    const { courseId, slug, questionIds } = await courseWithBank();
    const [single] = questionIds;
    const v1 = (await courses.history(courseId))[0]!.number;
    // Two learners on the first version: both right on the single choice.
    await learnersTakeQuiz(context.module, {
      slug,
      moduleId,
      count: 2,
      answer: (questionId) => (questionId === single ? 'b' : undefined),
    });
    // The next version re-keys it (a): three learners answer b, now wrong.
    await courses.startDraft(courseId);
    await bank.edit((await draftCopy(courseId, single)).id, { ...SAMPLE_QUESTIONS[0]!, correct: 'a' });
    await courses.publish(courseId, (await courses.getDraft(courseId)).revision);
    const rekeyed = (await bank.versionBank(courseId, moduleId)).items.find(
      (item) => item.lineageId === single,
    )!;
    await learnersTakeQuiz(context.module, {
      slug,
      moduleId,
      count: 3,
      answer: (questionId) => (questionId === rekeyed.id ? 'b' : undefined),
    });

    const analysis = await bank.itemAnalysis(courseId, moduleId);
    expect(analysis.attempts).toBe(5);
    const item = analysis.items.find((candidate) => candidate.lineageId === single)!;
    expect(item).toMatchObject({ responses: 5, difficulty: 2 / 5 });
    expect(
      item.versions.map((version) => [version.versionNumber, version.responses, version.difficulty]),
    ).toEqual([
      [v1, 2, 1],
      [v1 + 1, 3, 0],
    ]);
    expect(analysis.items).toHaveLength(3);
  });
});
