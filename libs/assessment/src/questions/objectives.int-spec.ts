import { CatalogCoreModule, contentHash, CoursesService, PRETEST_POOL_ID } from '@academy/catalog';
import type { CourseDocumentDto } from '@academy/catalog';
import { FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule } from '@academy/learning';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse, newSlug } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { addQuestions, SAMPLE_QUESTIONS } from '../../../../test/factories/questions';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AssessmentErrorCode } from '../assessment-error';
import { AssessmentCoreModule } from '../assessment.module';
import { AttemptsService, PRETEST_ID } from '../attempts/attempts.service';
import { QuestionBankService } from './question-bank.service';
import type { QuestionInput } from './question-bank.service';

describe('objectives as data: tagged questions, the pre-test’s own pool, and drawing to the blueprint', () => {
  let context: TestContext;
  let bank: QuestionBankService;
  let courses: CoursesService;
  const [first, second] = sampleContent().modules as [
    ReturnType<typeof sampleContent>['modules'][number],
    ReturnType<typeof sampleContent>['modules'][number],
  ];
  /** The sample course with two objectives in each module and a pre-test of four questions. */
  const content = () => {
    const modules = sampleContent().modules;
    modules[0]!.objectives = ['Identify the PSIS by palpation', 'Position the patient prone'];
    modules[1]!.objectives = ['Aspirate small volumes', 'Reposition between pulls'];
    return { modules, pretest: { questionCount: 4 } };
  };
  const tagged = (question: QuestionInput, objective: number, objectiveModule?: string): QuestionInput => ({
    ...question,
    objective,
    ...(objectiveModule ? { objectiveModule } : {}),
  });

  beforeAll(async () => {
    context = await createTestContext(
      [IdentityCoreModule, CatalogCoreModule, LearningCoreModule, AssessmentCoreModule],
      { clock: new FakeClock(new Date('2026-11-21T09:00:00Z')) },
    );
    bank = context.get(QuestionBankService);
    courses = context.get(CoursesService);
  });

  afterAll(() => context.close());

  it('keeps a question’s objective and kept-warning reasons through versions; a retag is an edit of the same item', async () => {
    const { courseId } = await newPublishedCourse(context.module, content());
    const [questionId] = await addQuestions(context.module, courseId, first.id, [
      {
        ...tagged(SAMPLE_QUESTIONS[0]!, 2),
        lintNotes: [{ rule: 'key-longest', explanation: 'The anatomical name is simply longer.' }],
      },
    ]);
    const v2 = await bank.get(questionId!);
    expect(v2).toMatchObject({ objectiveModuleId: first.id, objective: 2 });

    // The next draft starts from a copy that keeps the tag and the reasons, in the same lineage.
    await courses.startDraft(courseId);
    const copy = (await bank.list(courseId, first.id))[0]!;
    expect(copy).toMatchObject({ lineageId: v2.lineageId, objectiveModuleId: first.id, objective: 2 });
    expect(copy.lintNotes).toEqual([
      { rule: 'key-longest', explanation: 'The anatomical name is simply longer.' },
    ]);

    // Retagging edits the draft's copy; the published one keeps its tag.
    await bank.edit(copy.id, tagged(SAMPLE_QUESTIONS[0]!, 1));
    expect(await bank.get(copy.id)).toMatchObject({ lineageId: v2.lineageId, objective: 1 });
    expect((await bank.get(questionId!)).objective).toBe(2);
    const draft = await courses.getDraft(courseId);
    const changes = await courses.questionChanges(courseId, draft.number - 1, draft.number);
    expect(changes).toEqual([expect.objectContaining({ change: 'edited', detail: 'the objective' })]);
    // Item analysis follows the item across the versions.
    const analysis = await bank.itemAnalysis(courseId, first.id);
    expect(analysis.items.find((item) => item.lineageId === v2.lineageId)?.versions).toHaveLength(2);
  });

  it('refuses an objective the module does not state', async () => {
    const { courseId } = await newPublishedCourse(context.module, content());
    await courses.startDraft(courseId);
    await expect(bank.add(courseId, first.id, tagged(SAMPLE_QUESTIONS[0]!, 3))).rejects.toMatchObject({
      code: AssessmentErrorCode.BAD_QUESTION,
      field: 'objective',
    });
  });

  it('exports the pre-test’s pool with the module by position, hashes it, and imports it into a new course', async () => {
    const { courseId } = await newPublishedCourse(context.module, content());
    await addQuestions(context.module, courseId, first.id, [tagged(SAMPLE_QUESTIONS[1]!, 1)]);
    await courses.startDraft(courseId);
    await bank.add(courseId, PRETEST_POOL_ID, tagged(SAMPLE_QUESTIONS[0]!, 2, second.id));
    const draft = await courses.getDraft(courseId);
    const published = await courses.publish(courseId, draft.revision);

    const exported = await courses.exportVersion(courseId, published.number);
    expect(exported.content.modules[0]!.questions).toEqual([
      expect.objectContaining({ prompt: SAMPLE_QUESTIONS[1]!.prompt, objective: 1 }),
    ]);
    expect(exported.content.pretest).toEqual({
      questionCount: 4,
      questions: [expect.objectContaining({ prompt: SAMPLE_QUESTIONS[0]!.prompt, module: 2, objective: 2 })],
    });
    expect(JSON.stringify(exported.content.pretest)).not.toContain(second.id);
    expect(published.contentHash).toBe(contentHash(exported.content));

    const copy = JSON.parse(JSON.stringify({ ...exported, slug: newSlug('pool') })) as CourseDocumentDto;
    delete copy.content.designationStatement;
    const imported = await courses.importDocument(copy);
    const pool = await bank.list(imported.course.id, PRETEST_POOL_ID);
    expect(
      pool.map((question) => [question.body.prompt, question.objectiveModuleId, question.objective]),
    ).toEqual([[SAMPLE_QUESTIONS[0]!.prompt, second.id, 2]]);
    const again = await courses.exportVersion(imported.course.id, imported.draft.number);
    expect(again.content.pretest).toEqual(exported.content.pretest);

    // An export from before pools and objectives imports as it did.
    const old = JSON.parse(JSON.stringify({ ...exported, slug: newSlug('old') })) as CourseDocumentDto;
    delete old.content.designationStatement;
    delete old.content.pretest!.questions;
    for (const question of old.content.modules[0]!.questions!) {
      delete question.objective;
    }
    const older = await courses.importDocument(old);
    expect(await bank.list(older.course.id, PRETEST_POOL_ID)).toEqual([]);
    expect((await bank.list(older.course.id, first.id))[0]!.objective).toBeNull();
  });

  it('seeds a bank document of the shipped shape: objectives by position, and the pre-test’s pool by module and objective', async () => {
    const { courseId, slug } = await newPublishedCourse(context.module, content());
    const added = await bank.importBanks({
      courseSlug: slug,
      banks: [
        { moduleId: first.id, questions: [tagged(SAMPLE_QUESTIONS[0]!, 2), SAMPLE_QUESTIONS[1]!] },
        { moduleId: second.id, questions: [tagged(SAMPLE_QUESTIONS[1]!, 1)] },
      ],
      pretest: { questions: [{ ...SAMPLE_QUESTIONS[1]!, module: 2, objective: 2 }] },
    });
    expect(added).toBe(4);
    const tags = async (moduleId: string) =>
      (await bank.list(courseId, moduleId)).map((question) => [
        question.objectiveModuleId,
        question.objective,
      ]);
    expect(await tags(first.id)).toEqual(
      expect.arrayContaining([
        [first.id, 2],
        [null, null],
      ]),
    );
    expect(await tags(second.id)).toEqual([[second.id, 1]]);
    expect(await tags(PRETEST_POOL_ID)).toEqual([[second.id, 2]]);
    // Published: the seeded banks are what learners get.
    expect((await courses.history(courseId))[0]!.status).toBe('published');
  });

  it('reports a pre-test question naming a module or objective the course does not have', () => {
    const modules = content().modules.map((module) => ({ ...module, questions: [] }));
    const problems = courses.bankProblems(modules, {
      questionCount: 2,
      questions: [
        { ...SAMPLE_QUESTIONS[1], module: 3, objective: 1 },
        { ...SAMPLE_QUESTIONS[1], module: 1, objective: 5 },
      ],
    });
    expect(problems).toEqual([
      'Pre-test, question 1: the module (3) is not one of the course’s 2 modules.',
      'Pre-test, question 2: the objective (5) is not one of its module’s 2 objectives.',
    ]);
  });

  it('draws the pre-test from its own pool only, spread across the objectives', async () => {
    const { courseId, slug } = await newPublishedCourse(context.module, content());
    const moduleIds = await addQuestions(
      context.module,
      courseId,
      first.id,
      [1, 1, 2, 2].map((objective) => tagged(SAMPLE_QUESTIONS[1]!, objective)),
    );
    await courses.startDraft(courseId);
    // Six pool questions on one objective, two on each of three others: a draw of four takes one of each.
    const pool: string[] = [];
    for (const [objectiveModule, objective, count] of [
      [first.id, 1, 6],
      [first.id, 2, 2],
      [second.id, 1, 2],
      [second.id, 2, 2],
    ] as const) {
      for (let index = 0; index < count; index++) {
        pool.push(
          (
            await bank.add(
              courseId,
              PRETEST_POOL_ID,
              tagged(SAMPLE_QUESTIONS[1]!, objective, objectiveModule),
            )
          ).id,
        );
      }
    }
    await courses.publish(courseId, (await courses.getDraft(courseId)).revision);
    const learner = await newUser(context.module);
    await enrolReady(context.module, learner.id, slug);
    const attempts = context.get(AttemptsService);
    const { attemptId } = await attempts.start(learner.id, slug, PRETEST_ID);
    const served = (await attempts.view(learner.id, attemptId)).questions;
    expect(served).toHaveLength(4);
    expect(served.every((question) => question.moduleId === PRETEST_POOL_ID)).toBe(true);
    expect(served.some((question) => moduleIds.includes(question.id))).toBe(false);
    expect(
      new Set(served.map((question) => `${question.objectiveModuleId}:${question.objective}`)).size,
    ).toBe(4);
    expect(pool).toEqual(expect.arrayContaining(served.map((question) => question.id)));
  });
});
