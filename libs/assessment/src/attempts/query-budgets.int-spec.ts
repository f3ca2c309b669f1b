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
import { AssessmentCoreModule } from '../assessment.module';
import type { Response } from '../questions/question.types';
import { AttemptsService } from './attempts.service';
import { answersAsShown } from './served-choices';

describe('quiz hot paths, in SQL statements', () => {
  let context: TestContext;
  let attempts: AttemptsService;
  const moduleId = sampleContent().modules[0]!.id;

  beforeAll(async () => {
    context = await createTestContext(
      [IdentityCoreModule, CatalogCoreModule, LearningCoreModule, AssessmentCoreModule],
      { clock: new FakeClock(new Date('2026-11-21T09:00:00Z')) },
    );
    attempts = context.get(AttemptsService);
  });

  afterAll(() => context.close());

  /** A learner enrolled in a course (with `others` more courses of their own) and its quiz's three questions. */
  async function learnerAtQuiz(others = 0) {
    const content = sampleContent();
    content.modules[0]!.quiz = { ...content.modules[0]!.quiz!, questionCount: 3 };
    const { courseId, slug } = await newPublishedCourse(context.module, { modules: content.modules });
    const questionIds = await newQuestionBank(context.module, courseId, moduleId);
    const learner = await newUser(context.module);
    for (let index = 0; index < others; index++) {
      await enrolReady(context.module, learner.id, (await newPublishedCourse(context.module)).slug);
    }
    await enrolReady(context.module, learner.id, slug);
    return { slug, learner, questionIds };
  }

  it('submits and grades a passing quiz in 6 statements, however many courses the learner has', async () => {
    for (const others of [0, 3]) {
      const { slug, learner, questionIds } = await learnerAtQuiz(others);
      const { attemptId } = await attempts.start(learner.id, slug, moduleId);
      const served = (await attempts.view(learner.id, attemptId)).attempt.served;
      const right = Object.fromEntries(
        questionIds.map((id, index) => [id, RIGHT_RESPONSES[index] as Response]),
      );
      let graded: Awaited<ReturnType<AttemptsService['submit']>> | undefined;
      const statements = await countQueries(context.get(Database).dataSource, async () => {
        graded = await attempts.submit(learner.id, attemptId, answersAsShown(served, right));
      });
      expect(graded!.attempt).toMatchObject({ status: 'submitted', score: 100, passed: true });
      expect(graded!.attemptsUsed).toBe(1);
      expect(graded!.review).toBe('full');
      // Was 30 (every course's progress computed twice, the attempt and its questions read three
      // times). Now, in one transaction (BEGIN … COMMIT: 2): the attempt locked with its quiz's
      // other attempts and the extra attempts granted (1), the grade with the module pass, the
      // moment of study and the audit event (1), and the ledger entry every graded attempt makes
      // (the lock with the head, 1; the entry, 1). The attempt's course version and its
      // questions never change once published: each process reads them once (two statements
      // more, the first time; viewing the attempt above read them here). The graded view is
      // built from what was read, not read back.
      expect(statements).toBeLessThanOrEqual(6);
    }
  });
});
