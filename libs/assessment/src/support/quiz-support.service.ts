import { Injectable } from '@nestjs/common';
import type { QuizSettingsDto } from '@academy/catalog';
import { AuditService, Clock, Database } from '@academy/core';
import { LearningService } from '@academy/learning';
import { AssessmentError, AssessmentErrorCode } from '../assessment-error';
import { GRACE_MS } from '../attempts/timing';
import { accommodatedMinutes, ExtraTime, extraTimeInWords } from './accommodation';
import { AttemptSummaryRow, QuizAccommodation, QuizSupportRepository } from './quiz-support.repository';

/** What an admin sees of a learner's quizzes: their attempts, extra attempts and extra time. */
export interface LearnerQuizSupport {
  attempts: AttemptSummaryRow[];
  /** Extra attempts granted, by `enrolmentId:moduleId`. */
  extraAttempts: Map<string, number>;
  accommodation: QuizAccommodation | null;
}

/**
 * What admins do for a learner's quizzes: another attempt, extra time on every timed quiz (an
 * accommodation, with its reason), or more time on the attempt open now. Each is audited, and
 * each is what the quiz itself then allows (`AttemptsService` reads them through `settingsFor`).
 */
@Injectable()
export class QuizSupportService {
  constructor(
    private readonly db: Database,
    private readonly support: QuizSupportRepository,
    private readonly learning: LearningService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A quiz's settings as they hold for this learner: extra attempts and extra time included. */
  async settingsFor(
    userId: string,
    enrolmentId: string,
    moduleId: string,
    settings: QuizSettingsDto,
    /** The extra attempts granted, when the caller read them with its own rows. */
    extraAttempts?: number,
  ): Promise<QuizSettingsDto> {
    const extra = extraAttempts ?? (await this.support.extraAttempts(enrolmentId, moduleId));
    const accommodation = settings.timeLimitMinutes ? await this.support.findAccommodation(userId) : null;
    return {
      ...settings,
      attemptsLimit: settings.attemptsLimit + extra,
      ...(settings.timeLimitMinutes
        ? { timeLimitMinutes: accommodatedMinutes(settings.timeLimitMinutes, accommodation) }
        : {}),
    };
  }

  async overview(userId: string, enrolmentIds: string[]): Promise<LearnerQuizSupport> {
    return {
      attempts: await this.support.attemptsOfLearner(userId, 200),
      extraAttempts: await this.support.extraAttemptsOf(enrolmentIds),
      accommodation: await this.support.findAccommodation(userId),
    };
  }

  /** One more attempt at a module quiz of one of the learner's enrolments, for the reason given. */
  async grantAttempt(
    userId: string,
    enrolmentId: string,
    moduleId: string,
    reason: string,
    grantedBy: string | null,
  ): Promise<void> {
    const found = await this.learning.enrolmentById(userId, enrolmentId);
    if (!found) {
      throw new AssessmentError(
        AssessmentErrorCode.ENROLMENT_NOT_FOUND,
        'This learner is not enrolled in that course.',
        'enrolmentId',
      );
    }
    const module = found.course.content.modules.find((candidate) => candidate.id === moduleId);
    if (!module?.quiz) {
      throw new AssessmentError(AssessmentErrorCode.QUIZ_NOT_FOUND, 'That module has no quiz.', 'moduleId');
    }
    await this.db.withTransaction(async () => {
      if ((await this.learning.passedModules(enrolmentId)).has(moduleId)) {
        throw new AssessmentError(
          AssessmentErrorCode.ALREADY_PASSED,
          `The learner has passed the quiz of “${module.title}” already: another attempt would change nothing.`,
          'moduleId',
        );
      }
      const id = await this.support.insertExtraAttempt({
        enrolmentId,
        moduleId,
        reason,
        grantedBy,
        now: this.clock.now(),
      });
      await this.audit.record({
        action: 'quiz.extra_attempt_granted',
        subjectType: 'enrolment',
        subjectId: enrolmentId,
        details: { grantId: id, learnerId: userId, moduleId, reason },
      });
    });
  }

  /** Extra time on every timed quiz the learner starts from now on, replacing any given before. */
  async accommodate(
    userId: string,
    extra: ExtraTime,
    reason: string,
    grantedBy: string | null,
  ): Promise<void> {
    if (extra.extraTimePercent <= 0 && extra.extraMinutes <= 0) {
      throw new AssessmentError(
        AssessmentErrorCode.BAD_ACCOMMODATION,
        'Give some extra time: a percentage of the time limit, minutes, or both.',
        'extraTimePercent',
      );
    }
    await this.db.withTransaction(async () => {
      await this.support.upsertAccommodation({
        userId,
        ...extra,
        reason,
        grantedBy,
        grantedAt: this.clock.now(),
      });
      await this.audit.record({
        action: 'quiz.accommodation_granted',
        subjectType: 'user',
        subjectId: userId,
        details: { ...extra, words: extraTimeInWords(extra), reason },
      });
    });
  }

  /** Ends the learner's accommodation; attempts already started keep their time. */
  async endAccommodation(userId: string, reason: string): Promise<void> {
    await this.db.withTransaction(async () => {
      if (await this.support.deleteAccommodation(userId)) {
        await this.audit.record({
          action: 'quiz.accommodation_ended',
          subjectType: 'user',
          subjectId: userId,
          details: { reason },
        });
      }
    });
  }

  /** More minutes on a timed attempt the learner has open now (the only deadline a learner runs against). */
  async extendAttempt(userId: string, attemptId: string, minutes: number, reason: string): Promise<Date> {
    const attempt = (await this.support.attemptsOfLearner(userId, 200)).find((row) => row.id === attemptId);
    if (!attempt) {
      throw new AssessmentError(
        AssessmentErrorCode.ATTEMPT_NOT_FOUND,
        'This learner has no such attempt.',
        'attemptId',
      );
    }
    return this.db.withTransaction(async () => {
      const now = this.clock.now();
      const deadline = await this.support.extendOpenAttempt(
        attemptId,
        minutes,
        new Date(now.getTime() - GRACE_MS),
      );
      if (!deadline) {
        throw new AssessmentError(
          AssessmentErrorCode.NOTHING_TO_EXTEND,
          attempt.deadlineAt === null
            ? 'This attempt has no time limit: there is nothing to extend.'
            : 'This attempt is finished: its time can no longer be extended. Grant another attempt instead.',
          'attemptId',
        );
      }
      await this.audit.record({
        action: 'quiz.attempt_extended',
        subjectType: 'quiz_attempt',
        subjectId: attemptId,
        details: { learnerId: userId, minutes, reason, deadlineAt: deadline.toISOString() },
      });
      return deadline;
    });
  }
}
