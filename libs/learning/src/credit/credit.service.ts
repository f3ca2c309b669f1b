import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  AuditService,
  boardByCode,
  Clock,
  Database,
  durationInWords,
} from '@academy/core';
import { ReportingProfileService } from '@academy/identity';
import { birthDateForPars } from '@academy/identity';
import type { ReportingProfile } from '@academy/identity';
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
  /** The boards this version awards MOC points with (among those the academy reports to), and the learner's part. */
  boards: BoardReporting[];
  /** The birth month and day reported with the completion (`MM/DD`), null until the profile has them. */
  reportedBirthDate: string | null;
}

/** A board this course awards MOC points with, as the claim step shows it. */
export interface BoardReporting {
  board: string;
  boardName: string;
  points: number;
  /** The board's MOC credit types, in words. */
  types: string[];
  /** The learner's ID with the board, from the reporting profile; null when none is recorded. */
  boardId: string | null;
  /** Whether the profile holds standing consent to report to this board. */
  profileConsent: boolean;
  /** What the learner decided for this completion at the claim; null before claiming. */
  report: boolean | null;
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
    private readonly reportingProfiles: ReportingProfileService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The version's MOC awards with the boards the academy reports to. */
  private mocOf(content: { moc?: { board: string; points: number; types: string[] }[] }) {
    const enabled = new Set(this.config.mocBoards.map((setting) => setting.board));
    return (content.moc ?? []).filter((award) => enabled.has(award.board));
  }

  private boardsFor(
    content: { moc?: { board: string; points: number; types: string[] }[] },
    profile: ReportingProfile,
    consents: { board: string; report: boolean }[],
  ): BoardReporting[] {
    return this.mocOf(content).map((award) => {
      const board = boardByCode(award.board);
      const membership = profile.boards.find((candidate) => candidate.board === award.board);
      const decision = consents.find((consent) => consent.board === award.board);
      return {
        board: award.board,
        boardName: board?.name ?? award.board,
        points: award.points,
        types: award.types.map((type) => board?.mocTypes.find((known) => known.code === type)?.label ?? type),
        boardId: membership?.boardId ?? null,
        profileConsent: (membership?.consentedAt ?? null) !== null,
        report: decision?.report ?? null,
      };
    });
  }

  async status(userId: string, courseSlug: string): Promise<CreditStatus> {
    const { enrolment, course } = await this.learning.enrolmentFor(userId, courseSlug);
    const [passed, evaluation, claims, moments, consents, profile] = await Promise.all([
      this.learning.passedModules(enrolment.id),
      this.records.findEvaluation(enrolment.id),
      this.records.findClaims(enrolment.id),
      this.records.activityMoments(enrolment.id),
      this.records.findBoardConsents(enrolment.id),
      this.reportingProfiles.profile(userId),
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
      boards: this.boardsFor(course.content, profile, consents),
      reportedBirthDate: birthDateForPars(profile) || null,
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

  /**
   * Claims credit per type; each type once, within what the status allows. `reportTo` names the
   * boards this completion is to be reported to (the learner's consent, given here); left out,
   * the profile's standing consent decides. The first claim records the decision for good.
   */
  async claim(
    userId: string,
    courseSlug: string,
    claims: { type: string; amount: number }[],
    reportTo?: string[],
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
    const decisions = this.boardDecisions(status.boards, reportTo);
    const { enrolment } = await this.learning.enrolmentFor(userId, courseSlug);
    await this.db.withTransaction(async () => {
      if (decisions.length > 0 && status.boards.every((board) => board.report === null)) {
        await this.records.insertBoardConsents(enrolment.id, decisions, this.clock.now());
        // Which boards, not the learner's IDs: the audit holds no personal values.
        await this.audit.record({
          action: 'credit.board_reporting_decided',
          subjectType: 'enrolment',
          subjectId: enrolment.id,
          details: {
            reportTo: decisions.filter((decision) => decision.report).map((decision) => decision.board),
            notReported: decisions.filter((decision) => !decision.report).map((decision) => decision.board),
          },
        });
        for (const decision of decisions) {
          const board = status.boards.find((candidate) => candidate.board === decision.board);
          if (decision.report && !board?.profileConsent) {
            await this.reportingProfiles.setConsent(userId, decision.board, true);
          }
        }
      }
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

  /** Report or not, per board the course awards MOC with; refuses a board it does not, or one the profile has no ID for. */
  private boardDecisions(
    boards: BoardReporting[],
    reportTo: string[] | undefined,
  ): { board: string; report: boolean }[] {
    for (const [index, code] of (reportTo ?? []).entries()) {
      const board = boards.find((candidate) => candidate.board === code);
      if (!board) {
        throw new LearningError(
          LearningErrorCode.BAD_CLAIM,
          boards.length === 0
            ? `This course awards no MOC points, so there is nothing to report to ${code}.`
            : `This course awards MOC points only with ${boards.map((candidate) => candidate.board).join(', ')}, not ${code}.`,
          `reportTo.${index}`,
        );
      }
      if (board.boardId === null) {
        throw new LearningError(
          LearningErrorCode.BAD_CLAIM,
          `Add your ${board.board} ID to your reporting profile first, so the ${board.boardName} can place the report.`,
          `reportTo.${index}`,
        );
      }
    }
    return boards.map((board) => ({
      board: board.board,
      report: reportTo ? reportTo.includes(board.board) : board.profileConsent && board.boardId !== null,
    }));
  }
}
