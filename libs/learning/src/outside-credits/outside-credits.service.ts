import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import { AuditService, Clock, Database } from '@academy/core';
import type { Download } from '@academy/core';
import { USER_ANONYMISED, UserAnonymised } from '@academy/identity';
import { LearningError, LearningErrorCode } from '../learning-error';
import { CERTIFICATE_FILE_MAX_BYTES, certificateFileName, certificateFileType } from './certificate-file';
import { OutsideCredit, OutsideCreditRepository } from './outside-credit.repository';

export type { OutsideCredit } from './outside-credit.repository';

/** An outside credit as a learner reports it (already checked for shape at the edge). */
export interface OutsideCreditInput {
  provider: string;
  activity: string;
  /** `YYYY-MM-DD`. */
  completedOn: string;
  /** A known designation, or "Other" with `otherCreditType`. */
  creditType: string;
  otherCreditType?: string;
  amount: number;
}

/** The certificate file uploaded with an outside credit, as received. */
export interface UploadedCertificate {
  bytes: Buffer;
  fileName: string;
}

/** The outside credits of a transcript's period, and their totals per credit type. */
export interface OutsideTranscript {
  items: OutsideCredit[];
  totals: { type: string; amount: number }[];
}

const EARLIEST_DAY = '1950-01-01';
const OTHER = 'Other';
// The calendar runs furthest ahead at UTC+14 (Kiribati): a day is "in the future" only once it
// has begun nowhere on Earth, so a learner anywhere may record what they finished today.
const LATEST_ZONE_AHEAD_MS = 14 * 3_600_000;

/** The credit type as a transcript names it: the designation, or the name the learner gave. */
export function creditTypeName(credit: Pick<OutsideCredit, 'creditType' | 'otherCreditType'>): string {
  return credit.otherCreditType ?? credit.creditType;
}

/** Whether `day` (`YYYY-MM-DD`) is a day of the calendar (not 2026-02-30). */
function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

const refuse = (message: string, field: string): never => {
  throw new LearningError(LearningErrorCode.BAD_OUTSIDE_CREDIT, message, field);
};

/**
 * CME a learner earned from other providers, kept so their transcript is whole. It is
 * self-reported: the academy never reports it to a board and never puts it on a credential or
 * certificate; it shows only in the learner's own list and transcript, marked as such.
 */
@Injectable()
export class OutsideCreditsService {
  constructor(
    private readonly db: Database,
    private readonly credits: OutsideCreditRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Records an outside credit with its certificate file if one was sent; refusals name the field. */
  async add(
    userId: string,
    input: OutsideCreditInput,
    file?: UploadedCertificate | null,
  ): Promise<OutsideCredit> {
    this.checkDay(input.completedOn);
    if (!Number.isFinite(input.amount) || input.amount <= 0 || input.amount > 100) {
      refuse('amount must be more than 0 and at most 100.', 'amount');
    }
    if (!Number.isInteger(input.amount * 4)) {
      refuse('amount must be in quarter steps (0.25), such as 1.25 or 2.5.', 'amount');
    }
    const other = input.creditType === OTHER ? input.otherCreditType?.trim() : undefined;
    if (input.creditType === OTHER && !other) {
      refuse('otherCreditType must name the credit type when it is “Other”.', 'otherCreditType');
    }
    const stored = file ? this.checkFile(file) : null;
    return this.db.withTransaction(async () => {
      const credit = await this.credits.insert({
        userId,
        provider: input.provider.trim(),
        activity: input.activity.trim(),
        completedOn: input.completedOn,
        creditType: input.creditType,
        otherCreditType: other ?? null,
        amount: input.amount,
        file: stored,
        createdAt: this.clock.now(),
      });
      await this.audit.record({
        action: 'outside_credit.added',
        subjectType: 'outside_credit',
        subjectId: credit.id,
        details: { userId, creditType: creditTypeName(credit), amount: credit.amount },
      });
      return credit;
    });
  }

  /** The learner's outside credits, latest completed first, a page at a time. */
  list(
    userId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: OutsideCredit[]; total: number }> {
    return this.credits.findPageForUser(userId, page);
  }

  /** One of the learner's own credits; another learner's answers as unknown (404). */
  async get(userId: string, id: string): Promise<OutsideCredit> {
    return (await this.credits.findOwn(userId, id)) ?? this.notFound();
  }

  /** Removes one of the learner's own credits, with its file. */
  async remove(userId: string, id: string): Promise<void> {
    await this.db.withTransaction(async () => {
      const removed = (await this.credits.deleteOwn(userId, id)) ?? this.notFound();
      await this.audit.record({
        action: 'outside_credit.deleted',
        subjectType: 'outside_credit',
        subjectId: removed.id,
        details: { userId, creditType: creditTypeName(removed), amount: removed.amount },
      });
    });
  }

  /** The certificate file of one of the learner's own credits, to download. */
  async file(userId: string, id: string): Promise<Download> {
    const file = await this.credits.findOwnFile(userId, id);
    if (!file) {
      throw new LearningError(
        LearningErrorCode.OUTSIDE_CREDIT_NOT_FOUND,
        'There is no such outside credit with a certificate file among yours.',
      );
    }
    return { type: file.type, fileName: file.name, body: file.bytes };
  }

  /**
   * The learner's outside credits completed in a transcript's period (days included, either end
   * open), with their totals per credit type: kept apart from the credit earned here.
   */
  async forTranscript(userId: string, range: { from?: string; to?: string }): Promise<OutsideTranscript> {
    const items = await this.credits.findCompletedBetween(userId, range);
    const totals = new Map<string, number>();
    for (const credit of items) {
      const type = creditTypeName(credit);
      totals.set(type, (totals.get(type) ?? 0) + credit.amount);
    }
    return { items, totals: [...totals].map(([type, amount]) => ({ type, amount })) };
  }

  /** An anonymised person's outside credits go, with their files: they are no record of ours. */
  @OnEvent(USER_ANONYMISED, { suppressErrors: false })
  async forget(event: UserAnonymised): Promise<void> {
    const removed = await this.credits.deleteAllOf(event.userId);
    if (removed.length > 0) {
      await this.audit.record({
        action: 'outside_credit.deleted',
        subjectType: 'user',
        subjectId: event.userId,
        details: { ids: removed, reason: 'anonymised' },
      });
    }
  }

  private checkDay(day: string): void {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isCalendarDay(day)) {
      refuse('completedOn must be a day of the calendar, as YYYY-MM-DD.', 'completedOn');
    }
    if (day < EARLIEST_DAY) {
      refuse('completedOn must be in 1950 or later.', 'completedOn');
    }
    const latest = new Date(this.clock.now().getTime() + LATEST_ZONE_AHEAD_MS).toISOString().slice(0, 10);
    if (day > latest) {
      refuse('completedOn cannot be in the future.', 'completedOn');
    }
  }

  private checkFile(file: UploadedCertificate) {
    if (file.bytes.length > CERTIFICATE_FILE_MAX_BYTES) {
      throw new LearningError(LearningErrorCode.FILE_TOO_LARGE, 'file may be at most 5 MB.', 'file');
    }
    const type = certificateFileType(file.bytes);
    if (!type) {
      throw new LearningError(
        LearningErrorCode.FILE_TYPE_REFUSED,
        'file must be a PDF, PNG or JPEG (the file’s content is checked, not its name).',
        'file',
      );
    }
    return {
      bytes: file.bytes,
      type,
      name: certificateFileName(file.fileName, type),
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    };
  }

  private notFound(): never {
    throw new LearningError(
      LearningErrorCode.OUTSIDE_CREDIT_NOT_FOUND,
      'There is no such outside credit among yours.',
    );
  }
}
