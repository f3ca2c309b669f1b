import { Injectable } from '@nestjs/common';
import { AuditService, Clock, Database, durationInWords } from '@academy/core';
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
  credits: { type: string; max: number; allowed: number; claimed: number | null; claimedAt: Date | null }[];
  evaluationSubmitted: boolean;
  evaluationSubmittedAt: Date | null;
}

/**
 * Why a learner may claim at most `allowed` of a credit type, in a sentence: the designated
 * maximum, or the time on task that supports less (one credit per hour, in quarter steps).
 */
export function claimLimitInWords(
  credit: { type: string; max: number; allowed: number },
  timeOnTaskMinutes: number,
): string {
  const studied = durationInWords(timeOnTaskMinutes * 60_000);
  if (credit.allowed <= 0) {
    return `Your recorded study time (${studied}) does not yet support any ${credit.type}: each quarter credit takes 15 minutes of study.`;
  }
  return credit.allowed >= credit.max
    ? `You may claim up to ${credit.allowed} ${credit.type}, the most this course is designated for (your recorded study time, ${studied}, supports it).`
    : `You may claim up to ${credit.allowed} ${credit.type}: your recorded study time of ${studied} supports that much (one credit per hour, in quarter steps), below the ${credit.max} this course is designated for.`;
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
        label: 'Acknowledge the disclosures',
        met: enrolment.disclosuresAcknowledgedAt !== null,
      },
      {
        key: 'quizzes',
        label: `Pass every module quiz (${quizzes.filter((module) => passed.has(module.id)).length} of ${quizzes.length} passed)`,
        met: quizzes.every((module) => passed.has(module.id)),
      },
      { key: 'evaluation', label: 'Evaluate the course', met: evaluation !== null },
    ];
    const timeOnTask = timeOnTaskMs(moments);
    return {
      courseSlug: course.slug,
      title: course.content.title,
      requirements,
      canClaim: requirements.every((requirement) => requirement.met),
      timeOnTaskMinutes: Math.floor(timeOnTask / 60_000),
      credits: allowedCredit(course.content.credits, timeOnTask).map((credit) => {
        const claim = claims.find((candidate) => candidate.type === credit.type);
        return { ...credit, claimed: claim?.amount ?? null, claimedAt: claim?.claimedAt ?? null };
      }),
      evaluationSubmitted: evaluation !== null,
      evaluationSubmittedAt: evaluation?.submittedAt ?? null,
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
        .map((requirement) => requirement.label.replace(/^./, (first) => first.toLowerCase()));
      throw new LearningError(LearningErrorCode.NOT_READY, `Before you claim credit, ${missing.join('; ')}.`);
    }
    for (const [index, claim] of claims.entries()) {
      const credit = status.credits.find((candidate) => candidate.type === claim.type);
      const field = `claims.${index}.amount`;
      if (!credit) {
        throw new LearningError(
          LearningErrorCode.BAD_CLAIM,
          `This course offers no ${claim.type}; it is designated for ${status.credits.map((candidate) => candidate.type).join(', ')}.`,
          `claims.${index}.type`,
        );
      }
      if (!Number.isInteger(claim.amount * 4) || claim.amount <= 0) {
        throw new LearningError(
          LearningErrorCode.BAD_CLAIM,
          `Claim ${credit.type} in quarter steps (for example 1.25 or 1.5).`,
          field,
        );
      }
      if (claim.amount > credit.allowed) {
        throw new LearningError(
          LearningErrorCode.BAD_CLAIM,
          `You asked for ${claim.amount}. ${claimLimitInWords(credit, status.timeOnTaskMinutes)}`,
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
