import type { INestApplicationContext } from '@nestjs/common';
import { CertificatesService } from '@academy/certificates';
import type { Certificate } from '@academy/certificates';
import { CreditService } from '@academy/learning';
import { BookingService, RosterService } from '@academy/skills-lab';
import { Clock } from '@academy/core';
import { newPublishedCourse } from './courses';
import { finishCourse } from './enrolments';
import { newLab } from './labs';
import { newUser } from './users';

export const CLAIMED_CREDIT = { type: 'AMA PRA Category 1 Credit™', amount: 1.75 };

/**
 * A learner who completed a course through the real services (quizzes, evaluation, a lab signed
 * off, credit claimed): the last step issues the certificate. Without `userId`, a new learner
 * (named `fullName`); without `course`, a new course (with its lab required).
 */
export async function completedCourse(
  app: INestApplicationContext,
  options: { userId?: string; fullName?: string; course?: { courseId: string; slug: string } } = {},
): Promise<{ userId: string; certificate: Certificate }> {
  const userId = options.userId ?? (await newUser(app, { fullName: options.fullName })).id;
  const course = options.course ?? (await newPublishedCourse(app));
  await finishCourse(app, userId, course.slug, { evaluated: true });
  const lab = await newLab(app, course.courseId, {
    // Running since ten minutes ago: the sign-off happens during the session, booked by an admin.
    startsAt: new Date(app.get(Clock).now().getTime() - 10 * 60_000),
  });
  const { booking } = await app.get(BookingService).book(userId, lab.id, { byAdmin: true });
  const roster = app.get(RosterService);
  const instructor = { userId: lab.instructor!.id, roles: lab.instructor!.roles };
  await roster.checkIn(instructor, lab.id, booking.ticketCode);
  for (const step of lab.checklist) {
    await roster.recordStep(instructor, lab.id, booking.id, { stepId: step.id, level: step.requiredLevel });
  }
  await roster.sign(instructor, lab.id, booking.id);
  await app.get(CreditService).claim(userId, course.slug, [CLAIMED_CREDIT]);
  const certificate = (await app.get(CertificatesService).mine(userId)).find(
    (held) => held.courseId === course.courseId,
  );
  if (!certificate) {
    throw new Error('Completing the course issued no certificate');
  }
  return { userId, certificate };
}
