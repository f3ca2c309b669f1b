import { Injectable } from '@nestjs/common';
import { QuizSupportService } from '@academy/assessment';
import type { AttemptSummaryRow, ExtraTime, QuizAccommodation } from '@academy/assessment';
import { CertificatesService } from '@academy/certificates';
import type { Certificate } from '@academy/certificates';
import { IdentityError, IdentityErrorCode, UserEntity, UsersService } from '@academy/identity';
import { CreditService, LearningService } from '@academy/learning';
import type { CreditStatus, EnrolmentDetail } from '@academy/learning';
import { BookingService } from '@academy/skills-lab';
import type { BookingView } from '@academy/skills-lab';
import { AccreditationError, AccreditationErrorCode } from '../accreditation-error';

/** One module quiz of an enrolment, as an admin sees it. */
export interface LearnerQuiz {
  moduleId: string;
  moduleTitle: string;
  attemptsLimit: number;
  extraAttempts: number;
  attemptsUsed: number;
  passed: boolean;
  timeLimitMinutes: number | null;
}

/** Everything about one learner on one page: courses, quizzes, labs, credit and certificates. */
export interface LearnerRecord {
  user: UserEntity;
  enrolments: (EnrolmentDetail & { quizzes: LearnerQuiz[]; credit: CreditStatus | null })[];
  attempts: (AttemptSummaryRow & { courseTitle: string; moduleTitle: string })[];
  accommodation: QuizAccommodation | null;
  bookings: BookingView[];
  certificates: Certificate[];
}

/**
 * Learner support for admins: find a learner, see their record on one page, and act on their
 * quizzes (another attempt, extra time, more time now). Reads other features through their
 * public services; each action is theirs to audit and to hold.
 */
@Injectable()
export class LearnersService {
  constructor(
    private readonly users: UsersService,
    private readonly learning: LearningService,
    private readonly credit: CreditService,
    private readonly quizzes: QuizSupportService,
    private readonly bookings: BookingService,
    private readonly certificates: CertificatesService,
  ) {}

  search(filter: {
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: UserEntity[]; total: number }> {
    return this.users.findLearners({ ...filter, q: filter.q?.trim() || undefined });
  }

  async learner(userId: string): Promise<UserEntity> {
    try {
      const user = await this.users.get(userId);
      if (user.roles.includes('learner')) {
        return user;
      }
    } catch (error) {
      if (!(error instanceof IdentityError) || error.code !== IdentityErrorCode.USER_NOT_FOUND) {
        throw error;
      }
    }
    throw new AccreditationError(AccreditationErrorCode.LEARNER_NOT_FOUND, 'No such learner.');
  }

  async record(userId: string): Promise<LearnerRecord> {
    const user = await this.learner(userId);
    const enrolments = await this.learning.myCoursesInDetail(userId);
    const support = await this.quizzes.overview(
      userId,
      enrolments.map((detail) => detail.enrolment.id),
    );
    const byEnrolment = new Map(enrolments.map((detail) => [detail.enrolment.id, detail]));
    const credits = new Map<string, CreditStatus>();
    for (const detail of enrolments) {
      credits.set(detail.enrolment.id, await this.credit.status(userId, detail.course.slug));
    }
    return {
      user,
      enrolments: enrolments.map((detail) => ({
        ...detail,
        credit: credits.get(detail.enrolment.id) ?? null,
        quizzes: detail.course.content.modules.flatMap((module) => {
          if (!module.quiz) {
            return [];
          }
          const extra = support.extraAttempts.get(`${detail.enrolment.id}:${module.id}`) ?? 0;
          return [
            {
              moduleId: module.id,
              moduleTitle: module.title,
              attemptsLimit: module.quiz.attemptsLimit + extra,
              extraAttempts: extra,
              attemptsUsed: support.attempts.filter(
                (attempt) =>
                  attempt.enrolmentId === detail.enrolment.id &&
                  attempt.moduleId === module.id &&
                  attempt.status !== 'open',
              ).length,
              passed: detail.passed.has(module.id),
              timeLimitMinutes: module.quiz.timeLimitMinutes ?? null,
            },
          ];
        }),
      })),
      attempts: support.attempts.map((attempt) => {
        const course = byEnrolment.get(attempt.enrolmentId)?.course;
        return {
          ...attempt,
          courseTitle: course?.content.title ?? '',
          moduleTitle:
            course?.content.modules.find((module) => module.id === attempt.moduleId)?.title ?? 'Pre-test',
        };
      }),
      accommodation: support.accommodation,
      bookings: await this.bookings.myBookings(userId),
      certificates: await this.certificates.mine(userId),
    };
  }

  async grantAttempt(
    userId: string,
    change: { enrolmentId: string; moduleId: string; reason: string },
    adminId: string | null,
  ): Promise<void> {
    await this.learner(userId);
    await this.quizzes.grantAttempt(userId, change.enrolmentId, change.moduleId, change.reason, adminId);
  }

  async accommodate(
    userId: string,
    extra: ExtraTime & { reason: string },
    adminId: string | null,
  ): Promise<void> {
    await this.learner(userId);
    await this.quizzes.accommodate(
      userId,
      { extraTimePercent: extra.extraTimePercent, extraMinutes: extra.extraMinutes },
      extra.reason,
      adminId,
    );
  }

  async endAccommodation(userId: string, reason: string): Promise<void> {
    await this.learner(userId);
    await this.quizzes.endAccommodation(userId, reason);
  }

  async extendAttempt(userId: string, attemptId: string, minutes: number, reason: string): Promise<Date> {
    await this.learner(userId);
    return this.quizzes.extendAttempt(userId, attemptId, minutes, reason);
  }
}
