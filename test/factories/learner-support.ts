import type { INestApplicationContext } from '@nestjs/common';
import { AttemptsService } from '@academy/assessment';
import { CohortsService } from '@academy/accreditation';
import { sampleContent } from './course-content';
import { newPublishedCourse } from './courses';
import { enrolReady } from './enrolments';
import { newQuestionBank } from './questions';
import { newUser, TestUser } from './users';

/**
 * A learner enrolled in a fresh course whose first module has a timed quiz (an hour, one
 * attempt), with an attempt at it open now: what an admin helps with.
 */
export async function learnerMidQuiz(
  app: INestApplicationContext,
  options: { fullName?: string; timeLimitMinutes?: number } = {},
): Promise<{ learner: TestUser; slug: string; enrolmentId: string; moduleId: string; attemptId: string }> {
  const content = sampleContent();
  const module = content.modules[0]!;
  module.quiz = { ...module.quiz!, attemptsLimit: 1, timeLimitMinutes: options.timeLimitMinutes ?? 60 };
  const { courseId, slug } = await newPublishedCourse(app, { modules: content.modules });
  await newQuestionBank(app, courseId, module.id);
  const learner = await newUser(app, { fullName: options.fullName });
  const enrolment = await enrolReady(app, learner.id, slug);
  const { attemptId } = await app.get(AttemptsService).start(learner.id, slug, module.id);
  return { learner, slug, enrolmentId: enrolment.id, moduleId: module.id, attemptId };
}

/** A cohort of a fresh published course, created by a new admin. */
export async function newCohort(
  app: INestApplicationContext,
  name = `Cohort ${Math.random().toString(36).slice(2)}`,
) {
  const { courseId, slug } = await newPublishedCourse(app);
  const admin = await newUser(app, { roles: ['admin'] });
  const cohort = await app.get(CohortsService).create(name, courseId, admin.id);
  return { cohort, courseId, slug, admin };
}
