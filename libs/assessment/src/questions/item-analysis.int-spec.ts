import { CatalogCoreModule, CoursesService } from '@academy/catalog';
import { FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule } from '@academy/learning';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newQuestionBank, RIGHT_RESPONSES } from '../../../../test/factories/questions';
import { learnersTakeQuiz } from '../../../../test/factories/quiz-takers';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AssessmentCoreModule } from '../assessment.module';
import { AttemptsService } from '../attempts/attempts.service';
import { QuestionBankService } from './question-bank.service';

describe('item analysis on PostgreSQL', () => {
  let context: TestContext;
  const moduleId = sampleContent().modules[0]!.id;

  /** A course whose first module's quiz serves all three sample questions. */
  async function courseWithBank() {
    const content = sampleContent();
    content.modules[0]!.quiz!.questionCount = 3;
    const course = await newPublishedCourse(context.module, { modules: content.modules });
    const questionIds = await newQuestionBank(context.module, course.courseId, moduleId);
    return { ...course, questionIds };
  }

  beforeAll(async () => {
    context = await createTestContext(
      [IdentityCoreModule, CatalogCoreModule, LearningCoreModule, AssessmentCoreModule],
      { clock: new FakeClock(new Date('2026-11-21T09:00:00Z')) },
    );
  });

  afterAll(() => context.close());

  it('analyses the graded attempts of this course only, and keeps retired questions with their history', async () => {
    const { courseId, slug, questionIds } = await courseWithBank();
    const [single, trueFalse, ordering] = questionIds as [string, string, string];
    // Four learners: everybody gets the single choice right, half the true/false, nobody the ordering.
    await learnersTakeQuiz(context.module, {
      slug,
      moduleId,
      count: 4,
      answer: (questionId, learner) =>
        questionId === single
          ? RIGHT_RESPONSES[0]
          : questionId === trueFalse
            ? learner % 2 === 0
            : ['d', 'c', 'b', 'a'],
    });
    // Another course with the same module id, and an open attempt here: neither counts.
    const other = await courseWithBank();
    await learnersTakeQuiz(context.module, {
      slug: other.slug,
      moduleId,
      count: 1,
      answer: () => undefined,
    });
    const open = await newUser(context.module);
    await enrolReady(context.module, open.id, slug);
    await context.get(AttemptsService).start(open.id, slug, moduleId);

    const bank = context.get(QuestionBankService);
    const analysis = await bank.itemAnalysis(courseId, moduleId);
    expect(analysis).toMatchObject({ attempts: 4, moduleTitle: 'Landmarks', partialCredit: false });
    // Items are followed by lineage; a question added in a draft starts its own (its id).
    const byId = new Map(analysis.items.map((item) => [item.lineageId, item]));
    expect(byId.get(single)).toMatchObject({
      responses: 4,
      answered: 4,
      difficulty: 1,
      discrimination: null,
    });
    // Learners 0 and 2 answered `false`, the right answer.
    expect(byId.get(trueFalse)).toMatchObject({ responses: 4, difficulty: 0.5 });
    expect(byId.get(trueFalse)!.options).toEqual([
      { id: 'true', text: 'True', correct: false, count: 2, share: 0.5 },
      { id: 'false', text: 'False', correct: true, count: 2, share: 0.5 },
    ]);
    expect(byId.get(ordering)).toMatchObject({ difficulty: 0, options: null });

    // Retiring takes a draft: the item leaves the next version and keeps its history.
    await context.get(CoursesService).startDraft(courseId);
    await bank.retire(ordering);
    const after = await bank.itemAnalysis(courseId, moduleId);
    // The fake clock gives the three questions one creation time: bank order falls to their ids.
    expect(after.items.map((item) => item.lineageId).sort()).toEqual([single, trueFalse, ordering].sort());
    const retired = after.items.find((item) => item.lineageId === ordering)!;
    expect(retired).toMatchObject({ responses: 4, difficulty: 0 });
    expect(retired.retiredAt).toBeInstanceOf(Date);
    expect(after.items.filter((item) => item.retiredAt !== null)).toHaveLength(1);
  });
});
