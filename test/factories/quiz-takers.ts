import type { INestApplicationContext } from '@nestjs/common';
import { answersAsShown, AttemptsService } from '@academy/assessment';
import type { Response } from '@academy/assessment';
import { enrolReady } from './enrolments';
import { newUser } from './users';

/**
 * `count` new learners each take one attempt at a module's quiz through the real services,
 * answering each served question with `answer(questionId, learnerIndex)` (undefined leaves it
 * blank). Answers the attempt ids.
 */
export async function learnersTakeQuiz(
  app: INestApplicationContext,
  options: {
    slug: string;
    moduleId: string;
    count: number;
    answer: (questionId: string, learner: number) => Response | undefined;
  },
): Promise<string[]> {
  const attempts = app.get(AttemptsService);
  const ids: string[] = [];
  for (let learner = 0; learner < options.count; learner++) {
    const user = await newUser(app);
    await enrolReady(app, user.id, options.slug);
    const { attemptId } = await attempts.start(user.id, options.slug, options.moduleId);
    const view = await attempts.view(user.id, attemptId);
    const answers: Record<string, Response> = {};
    for (const served of view.attempt.served) {
      const response = options.answer(served.questionId, learner);
      if (response !== undefined) {
        answers[served.questionId] = response;
      }
    }
    await attempts.submit(user.id, attemptId, answersAsShown(view.attempt.served, answers));
    ids.push(attemptId);
  }
  return ids;
}
