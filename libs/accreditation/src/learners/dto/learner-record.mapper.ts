import type { UserEntity } from '@academy/identity';
import type { LearnerRecord } from '../learners.service';
import type { LearnerRecordDto, LearnerSummaryDto } from './learner-support.dto';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toLearnerSummaryDto(user: UserEntity): LearnerSummaryDto {
  return { id: user.id, fullName: user.fullName, email: user.email, npi: user.npi, degree: user.degree };
}

export function toLearnerRecordDto(record: LearnerRecord): LearnerRecordDto {
  return {
    learner: toLearnerSummaryDto(record.user),
    enrolments: record.enrolments.map((detail) => ({
      enrolmentId: detail.enrolment.id,
      courseId: detail.course.courseId,
      courseTitle: detail.course.content.title,
      courseVersion: detail.course.number,
      enrolledAt: detail.enrolment.enrolledAt.toISOString(),
      progress: detail.progress,
      quizzes: detail.quizzes,
      credits: (detail.credit?.credits ?? []).map((credit) => ({
        type: credit.type,
        claimed: credit.claimed,
        claimedAt: iso(credit.claimedAt),
      })),
    })),
    attempts: record.attempts.map((attempt) => ({
      id: attempt.id,
      enrolmentId: attempt.enrolmentId,
      moduleId: attempt.moduleId,
      courseTitle: attempt.courseTitle,
      moduleTitle: attempt.moduleTitle,
      number: attempt.number,
      status: attempt.status,
      startedAt: attempt.startedAt.toISOString(),
      deadlineAt: iso(attempt.deadlineAt),
      finishedAt: iso(attempt.finishedAt),
      score: attempt.score,
      passed: attempt.passed,
    })),
    accommodation: record.accommodation
      ? {
          extraTimePercent: record.accommodation.extraTimePercent,
          extraMinutes: record.accommodation.extraMinutes,
          reason: record.accommodation.reason,
          grantedAt: record.accommodation.grantedAt.toISOString(),
        }
      : null,
    bookings: record.bookings.map(({ booking, lab }) => ({
      id: booking.id,
      labTitle: lab.title,
      startsAt: lab.startsAt.toISOString(),
      status: booking.status,
      attendance: booking.attendance,
      requirementMet: booking.requirementMet,
    })),
    certificates: record.certificates.map((certificate) => ({
      number: certificate.number,
      courseTitle: certificate.courseTitle,
      issuedAt: certificate.issuedAt.toISOString(),
      status: certificate.status,
    })),
  };
}
