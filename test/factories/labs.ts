import type { INestApplicationContext } from '@nestjs/common';
import { Clock } from '@academy/core';
import { LearningService } from '@academy/learning';
import { LabSchedule, LabScheduleService, LabWithQueue } from '@academy/skills-lab';
import { enrolReady } from './enrolments';
import { newUser, TestUser } from './users';

const DAY = 86_400_000;

/**
 * A lab of a published course, a week after the app clock's now, bookable from now, through the
 * real service. Without `instructorIds`, a new instructor teaches it.
 */
export async function newLab(
  app: INestApplicationContext,
  courseId: string,
  overrides: Partial<LabSchedule> = {},
): Promise<LabWithQueue & { instructor: TestUser | null }> {
  const now = app.get(Clock).now().getTime();
  const startsAt = overrides.startsAt ?? new Date(now + 7 * DAY);
  const instructor = overrides.instructorIds ? null : await newUser(app, { roles: ['instructor'] });
  const lab = await app.get(LabScheduleService).schedule(courseId, {
    title: 'Bone marrow harvest skills lab',
    venueName: 'Anatomy teaching centre',
    venueAddress: 'Philippstraße 11, 10115 Berlin',
    timeZone: 'Europe/Berlin',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 8 * 3_600_000),
    capacity: 12,
    bookingOpensAt: new Date(now - 60_000),
    instructorIds: instructor ? [instructor.id] : [],
    ...overrides,
  });
  return { ...lab, instructor };
}

/** Enrols a learner and passes every module of the course: eligible to book its labs. */
export async function passAllModules(
  app: INestApplicationContext,
  userId: string,
  slug: string,
): Promise<string> {
  const enrolment = await enrolReady(app, userId, slug);
  const learning = app.get(LearningService);
  const { course } = await learning.enrolmentFor(userId, slug);
  for (const module of course.content.modules) {
    await learning.recordModulePassed(enrolment.id, module.id);
  }
  return enrolment.id;
}

/** A new learner enrolled in the course with every module passed. */
export async function eligibleLearner(
  app: INestApplicationContext,
  slug: string,
  options: { fullName?: string } = {},
): Promise<TestUser & { enrolmentId: string }> {
  const user = await newUser(app, { roles: ['learner'], ...options });
  return { ...user, enrolmentId: await passAllModules(app, user.id, slug) };
}
