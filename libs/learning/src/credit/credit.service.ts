import { Injectable } from '@nestjs/common';
import { AuditService, Clock, Database } from '@academy/core';
import { LearningService } from '../enrolments/learning.service';
import { LearningError, LearningErrorCode } from '../learning-error';
import { allowedCredit, timeOnTaskMs } from './credit-rules';
import { EvaluationAnswers, StudyRecordRepository } from './study-record.repository';

export interface Requirement {
  key: 'disclosures' | 'quizzes' | 'evaluation';
  label: string;
  met: boolean;
}

export interface CreditStatus {
  courseSlug: string;
  title: string;
  requirements: Requirement[];
  /** Quizzes passed and evaluation submitted: credit may be claimed. */
  canClaim: boolean;
  timeOnTaskMinutes: number;
  credits: { type: string; max: number; allowed: number; claimed: number | null }[];
  evaluationSubmitted: boolean;
}

/**
 * The end of a course: the evaluation (required before credit) and credit claims, in 0.25
 * steps, up to the designated maximum and no more than the recorded time on task supports.
 */
@Injectable()
export class CreditService {
  constructor(
    private readonly db: Database,
    private readonly learning: LearningService,
    private readonly records: StudyRecordRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async status(userId: string, courseSlug: string): Promise<CreditStatus> {
    const { enrolment, course } = await this.learning.enrolmentFor(userId, courseSlug);
    const [passed, evaluation, claims, moments] = await Promise.all([
      this.learning.passedModules(enrolment.id),
      this.records.findEvaluation(enrolment.id),
      this.records.findClaims(enrolment.id),
      this.records.activityMoments(enrolment.id),
    ]);
    const quizzes = course.content.modules.filter((module) => module.quiz);
    const requirements: Requirement[] = [
      {
        key: 'disclosures',
        label: 'Disclosures acknowledged',
        met: enrolment.disclosuresAcknowledgedAt !== null,
      },
      {
        key: 'quizzes',
        label: `Every module quiz passed (${quizzes.filter((module) => passed.has(module.id)).length} of ${quizzes.length})`,
        met: quizzes.every((module) => passed.has(module.id)),
      },
      { key: 'evaluation', label: 'Course evaluation submitted', met: evaluation !== null },
    ];
    const timeOnTask = timeOnTaskMs(moments);
    return {
      courseSlug: course.slug,
      title: course.content.title,
      requirements,
      canClaim: requirements.every((requirement) => requirement.met),
      timeOnTaskMinutes: Math.floor(timeOnTask / 60_000),
      credits: allowedCredit(course.content.credits, timeOnTask).map((credit) => ({
        ...credit,
        claimed: claims.find((claim) => claim.type === credit.type)?.amount ?? null,
      })),
      evaluationSubmitted: evaluation !== null,
    };
  }

  /** The evaluation, once, after every quiz is passed. */
  async submitEvaluation(
    userId: string,
    courseSlug: string,
    answers: EvaluationAnswers,
  ): Promise<CreditStatus> {
    const before = await this.status(userId, courseSlug);
    if (!before.requirements.find((requirement) => requirement.key === 'quizzes')?.met) {
      throw new LearningError(LearningErrorCode.NOT_READY, 'Pass every module quiz before the evaluation.');
    }
    const { enrolment } = await this.learning.enrolmentFor(userId, courseSlug);
    await this.db.withTransaction(async () => {
      if (!(await this.records.insertEvaluation(enrolment.id, answers, this.clock.now()))) {
        throw new LearningError(LearningErrorCode.ALREADY_DONE, 'You have submitted the evaluation already.');
      }
      await this.audit.record({
        action: 'evaluation.submitted',
        subjectType: 'enrolment',
        subjectId: enrolment.id,
      });
      await this.learning.progressed(enrolment.id);
    });
    return this.status(userId, courseSlug);
  }

  /** Claims credit per type; each type once, within what the status allows. */
  async claim(
    userId: string,
    courseSlug: string,
    claims: { type: string; amount: number }[],
  ): Promise<CreditStatus> {
    const status = await this.status(userId, courseSlug);
    if (!status.canClaim) {
      const missing = status.requirements
        .filter((requirement) => !requirement.met)
        .map((requirement) => requirement.label);
      throw new LearningError(LearningErrorCode.NOT_READY, `Before claiming credit: ${missing.join('; ')}.`);
    }
    for (const [index, claim] of claims.entries()) {
      const credit = status.credits.find((candidate) => candidate.type === claim.type);
      const field = `claims.${index}.amount`;
      if (!credit) {
        throw new LearningError(
          LearningErrorCode.BAD_CLAIM,
          `${claim.type} is not designated for this course.`,
          `claims.${index}.type`,
        );
      }
      if (!Number.isInteger(claim.amount * 4) || claim.amount <= 0) {
        throw new LearningError(
          LearningErrorCode.BAD_CLAIM,
          `${field} must be a positive multiple of 0.25.`,
          field,
        );
      }
      if (claim.amount > credit.allowed) {
        throw new LearningError(
          LearningErrorCode.BAD_CLAIM,
          `${field}: at most ${credit.allowed} ${credit.type} (designated maximum ${credit.max}; your recorded study time supports ${credit.allowed}).`,
          field,
        );
      }
    }
    const { enrolment } = await this.learning.enrolmentFor(userId, courseSlug);
    await this.db.withTransaction(async () => {
      for (const claim of claims) {
        if (!(await this.records.insertClaim(enrolment.id, claim.type, claim.amount, this.clock.now()))) {
          throw new LearningError(LearningErrorCode.ALREADY_DONE, `You have claimed ${claim.type} already.`);
        }
        await this.audit.record({
          action: 'credit.claimed',
          subjectType: 'enrolment',
          subjectId: enrolment.id,
          details: { type: claim.type, amount: claim.amount },
        });
      }
      await this.learning.progressed(enrolment.id);
    });
    return this.status(userId, courseSlug);
  }
}
