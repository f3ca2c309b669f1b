import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '@academy/core';
import { LearningService } from '@academy/learning';
import {
  BookingService,
  LabSchedule,
  LabScheduleService,
  LabWithQueue,
  RosterService,
} from '@academy/skills-lab';
import { newPublishedCourse } from './courses';
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
    // Open from a minute ago, or before the start of a lab already running.
    bookingOpensAt: new Date(Math.min(now, startsAt.getTime()) - 60_000),
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

/** Someone calling a route in a test: a user with roles, or nobody. */
type Caller = { id: string; roles: string[] } | undefined;

/**
 * A lab of a new published course (a week ahead, or with `soon` running since ten minutes ago, when
 * check-in is open), taught by the caller when an instructor; a learner caller may book it.
 */
export async function labOfCourse(
  app: INestApplicationContext,
  caller: Caller,
  options: { soon?: boolean; capacity?: number } = {},
): Promise<{ lab: LabWithQueue; slug: string }> {
  const { courseId, slug } = await newPublishedCourse(app);
  const lab = await newLab(app, courseId, {
    // A running lab started ten minutes ago: attendance and sign-off are open.
    ...(options.soon ? { startsAt: new Date(app.get(Clock).now().getTime() - 10 * 60_000) } : {}),
    capacity: options.capacity ?? 12,
    instructorIds: caller?.roles.includes('instructor') ? [caller.id] : [],
  });
  if (caller?.roles.includes('learner')) {
    await passAllModules(app, caller.id, slug);
  }
  return { lab, slug };
}

/** A booking of the caller (a learner): a confirmed seat, or with `offered`, a seat on offer; else any id. */
export async function learnerBooking(
  app: INestApplicationContext,
  caller: Caller,
  options: { offered?: boolean } = {},
): Promise<string> {
  if (!caller?.roles.includes('learner')) {
    return randomUUID();
  }
  const bookings = app.get(BookingService);
  const { lab, slug } = await labOfCourse(app, caller, { capacity: 1 });
  if (!options.offered) {
    return (await bookings.book(caller.id, lab.id)).booking.id;
  }
  const first = await eligibleLearner(app, slug);
  const seat = await bookings.book(first.id, lab.id);
  const place = await bookings.book(caller.id, lab.id);
  await bookings.cancel(first.id, seat.booking.id);
  return place.booking.id;
}

/**
 * Another learner's seat on a running lab the caller may run: confirmed,
 * checked in, or checked in with every step recorded at its level.
 */
export async function seatOnRoster(
  app: INestApplicationContext,
  caller: Caller,
  stage: 'confirmed' | 'checked-in' | 'recorded',
): Promise<{ lab: LabWithQueue; booking: { id: string; ticketCode: string } }> {
  const teacher = caller?.roles.includes('instructor') ? caller : undefined;
  const { lab, slug } = await labOfCourse(app, teacher, { soon: true });
  const learner = await eligibleLearner(app, slug);
  // The lab has started, so its booking has closed: an admin adds the learner.
  const { booking } = await app.get(BookingService).book(learner.id, lab.id, { byAdmin: true });
  if (stage !== 'confirmed') {
    const admin = await newUser(app, { roles: ['admin'] });
    const roster = app.get(RosterService);
    const actor = { userId: admin.id, roles: admin.roles };
    await roster.checkIn(actor, lab.id, booking.ticketCode);
    for (const step of stage === 'recorded' ? lab.checklist : []) {
      await roster.recordStep(actor, lab.id, booking.id, { stepId: step.id, level: step.requiredLevel });
    }
  }
  return { lab, booking };
}
