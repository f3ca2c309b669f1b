import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import {
  APP_CONFIG,
  calendarDayIn,
  AppConfig,
  AuditService,
  boardByCode,
  Clock,
  Database,
  dateInWords,
  toCsv,
} from '@academy/core';
import { CatalogService } from '@academy/catalog';
import {
  BoardReportStatus,
  CERTIFICATE_ISSUED,
  CertificateIssued,
  CertificatesService,
} from '@academy/certificates';
import type { BoardReportStatusSource } from '@academy/certificates';
import { reportedLearner, ReportingProfileService } from '@academy/identity';
import type { ReportingProfile } from '@academy/identity';
import { AccreditationError, AccreditationErrorCode } from '../accreditation-error';
import {
  AMA_CREDIT,
  learnerRecord,
  PARS_LEARNER_COLUMNS,
  parsDate,
  parsLearnerRow,
} from '../reports/pars-export';
import { BoardReportRepository } from './board-report.repository';
import type { BoardReport, BoardReportBatch, BoardReportFilter, NewBoardReport } from './board-report.types';
import {
  matchResults,
  parseResultFile,
  RECORD_ID_COLUMN,
  RefusedResultFile,
  RESULT_FILE_MAX_ROWS,
} from './pars-result-file';

/** Queued records due within this many days (or overdue) are flagged. */
export const DUE_SOON_DAYS = 5;
const DAY_MS = 86_400_000;
/** The batch file: ACCME's learner template, then our record's id to find each row's answer by. */
export const BATCH_FILE_COLUMNS = [...PARS_LEARNER_COLUMNS, RECORD_ID_COLUMN] as const;

/** A record as the admin list shows it: what the learner's profile still lacks, and the certificate's standing. */
export interface BoardReportView extends BoardReport {
  /** What PARS needs that the learner's reporting profile lacks, in words ("ABIM ID", "date of birth"). */
  missing: string[];
  /** The certificate was revoked: the record is never put in a batch. */
  revoked: boolean;
  /** Queued and due within DUE_SOON_DAYS days, or overdue. */
  dueSoon: boolean;
  overdue: boolean;
}

export interface DueSoon {
  count: number;
  overdue: number;
}

export interface BatchFile {
  batch: BoardReportBatch;
  fileName: string;
  content: string;
}

export interface ImportedResults {
  batch: number;
  accepted: number;
  rejected: number;
}

/** `2027-03-05` plus days → `2027-04-04`. */
function addDays(day: string, days: number): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

function missingFor(report: Pick<BoardReport, 'board'>, profile: ReportingProfile | undefined): string[] {
  const missing: string[] = [];
  if (!profile?.boards.some((membership) => membership.board === report.board && membership.boardId)) {
    missing.push(`${report.board} ID`);
  }
  if (!profile || profile.birthMonth === null || profile.birthDay === null) {
    missing.push('date of birth');
  }
  return missing;
}

const fileNameOf = (number: number) => `pars-board-batch-${number}.csv`;

/**
 * The board reporting queue: a record per completion and certifying board the learner chose to
 * report to (when the course version awards that board MOC points), due some days after the
 * completion; PARS batch files of the ready records; PARS's results, all or nothing; and
 * rejected records queued again once corrected. Also tells holders what became of their reports.
 */
@Injectable()
export class BoardReportingService implements BoardReportStatusSource, OnModuleInit {
  constructor(
    private readonly db: Database,
    private readonly reports: BoardReportRepository,
    private readonly catalog: CatalogService,
    private readonly certificates: CertificatesService,
    private readonly profiles: ReportingProfileService,
    private readonly status: BoardReportStatus,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.status.register(this);
  }

  /** Runs inside the issuing transaction: the records commit or roll back with the certificate. */
  @OnEvent(CERTIFICATE_ISSUED, { suppressErrors: false })
  async onCertificateIssued(event: CertificateIssued): Promise<void> {
    if (event.reportTo.length === 0) {
      return;
    }
    const { certificate } = event;
    const [version] = await this.catalog.versions([certificate.courseVersionId]);
    // The completion's day on the academy's calendar; its reports are due so many days after.
    const completedOn = calendarDayIn(certificate.issuedAt, this.config.academyTimeZone);
    const ama = certificate.credits.filter((credit) => credit.type === AMA_CREDIT);
    const reports: NewBoardReport[] = [];
    for (const board of new Set(event.reportTo)) {
      const award = version?.content.moc?.find((candidate) => candidate.board === board);
      const setting = this.config.mocBoards.find((candidate) => candidate.board === board);
      // Only boards the version awards MOC points with and the academy reports to.
      if (!award || !setting) {
        continue;
      }
      reports.push({
        certificateId: certificate.id,
        enrolmentId: certificate.enrolmentId,
        userId: certificate.userId,
        courseVersionId: certificate.courseVersionId,
        certificateNumber: certificate.number,
        holderName: certificate.holderName,
        courseTitle: certificate.courseTitle,
        board,
        points: award.points,
        types: award.types,
        cmeCredits: ama.length === 0 ? null : ama.reduce((sum, credit) => sum + credit.amount, 0),
        completedOn,
        dueOn: addDays(completedOn, setting.dueDays),
      });
    }
    await this.reports.insertAll(reports, this.clock.now());
  }

  /** Records by due date, filtered, with what each lacks and whether its certificate was revoked. */
  async list(filter: BoardReportFilter): Promise<{ items: BoardReportView[]; total: number }> {
    const page = await this.reports.findPage(filter);
    return { items: await this.views(page.items), total: page.total };
  }

  /** Queued records due within DUE_SOON_DAYS days or overdue, certificates revoked aside. */
  async dueSoon(): Promise<DueSoon> {
    const today = this.today();
    const views = await this.views(await this.reports.findQueuedDueBy(addDays(today, DUE_SOON_DAYS)));
    const current = views.filter((view) => !view.revoked);
    return { count: current.length, overdue: current.filter((view) => view.overdue).length };
  }

  /** The boards the academy reports to (MOC_BOARDS), by code. */
  boards(): string[] {
    return this.config.mocBoards.map((setting) => setting.board);
  }

  batches(limit = 20): Promise<BoardReportBatch[]> {
    return this.reports.findBatches(limit);
  }

  /**
   * Makes the next batch of every queued record that is ready (the learner's profile has what PARS
   * needs, the certificate is not revoked), marks them in that batch and answers its file. Two
   * admins at once: one waits for the other, and no record is in two batches.
   */
  async createBatch(adminId: string): Promise<BatchFile> {
    return this.db.withTransaction(async () => {
      const queued = await this.reports.lockQueued();
      const { views, profiles } = await this.viewsWithProfiles(queued);
      // Soonest due first, as many as one result file may answer; the rest wait for the next batch.
      const ready = views
        .filter((view) => !view.revoked && view.missing.length === 0)
        .slice(0, RESULT_FILE_MAX_ROWS);
      if (ready.length === 0) {
        throw new AccreditationError(
          AccreditationErrorCode.NOTHING_TO_REPORT,
          queued.length === 0
            ? 'No record is queued: there is nothing to put in a batch.'
            : 'No queued record is ready: each one’s learner still lacks what PARS needs, or its certificate was revoked.',
        );
      }
      const activityIds = await this.reports.accmeActivityIds(ready.map((report) => report.courseVersionId));
      const rows = ready.map((report, index) => {
        const profile = profiles.get(report.userId)!;
        const boardId = profile.boards.find((membership) => membership.board === report.board)!.boardId;
        const record = learnerRecord(
          {
            courseVersionId: report.courseVersionId,
            accmeActivityId: activityIds.get(report.courseVersionId) ?? null,
            certificateNumber: report.certificateNumber,
            userId: report.userId,
            holderName: report.holderName,
            credit: report.cmeCredits,
            completedOn: parsDate(report.completedOn),
          },
          reportedLearner(profile),
        );
        return {
          report,
          // Row 1 is the header.
          entry: {
            reportId: report.id,
            rowNumber: index + 2,
            board: report.board,
            boardId,
            completionDate: record.completedOn,
            activityId: record.accmeActivityId ?? '',
          },
          cells: [
            ...parsLearnerRow(record, {
              board: report.board,
              boardId,
              points: report.points,
              types: report.types,
            }),
            report.id,
          ],
        };
      });
      const content = toCsv({ columns: BATCH_FILE_COLUMNS, rows: rows.map((row) => row.cells) });
      const now = this.clock.now();
      const batch = await this.reports.insertBatch(
        {
          createdBy: adminId,
          content,
          checksum: createHash('sha256').update(content).digest('hex'),
          now,
        },
        rows.map((row) => row.entry),
      );
      const ids = rows.map((row) => row.report.id);
      if ((await this.reports.markInBatch(ids, batch.id, now)) !== ids.length) {
        throw new AccreditationError(
          AccreditationErrorCode.BOARD_REPORTS_CHANGED,
          'The queue changed while the batch was being made; nothing was put in a batch. Try again.',
        );
      }
      await this.audit.record({
        action: 'board_report.batch_created',
        subjectType: 'board_report_batch',
        subjectId: batch.id,
        actorUserId: adminId,
        details: { number: batch.number, rows: ids.length },
      });
      return this.batchFile(batch.number);
    });
  }

  /** A batch's file as it was first downloaded. */
  async batchFile(number: number): Promise<BatchFile> {
    const found = await this.reports.findBatchFile(number);
    if (!found) {
      throw new AccreditationError(
        AccreditationErrorCode.BOARD_REPORT_BATCH_NOT_FOUND,
        `There is no batch ${number}.`,
        'number',
      );
    }
    return { batch: found.batch, fileName: fileNameOf(number), content: found.content };
  }

  /**
   * Applies PARS's result file to a batch, all or nothing: every row must be a record of that
   * batch not yet answered, else nothing changes and the file is refused naming each row at fault.
   * `batchNumber` comes from the form, else from the file's Batch Number column; problems with the
   * file are told as the request's `fileField`.
   */
  async importResults(
    text: string,
    batchNumber: number | undefined,
    adminId: string,
    fileField = 'csv',
  ): Promise<ImportedResults> {
    const file = this.refusedAsError(() => parseResultFile(text), fileField);
    if (batchNumber !== undefined && file.batchNumber !== null && batchNumber !== file.batchNumber) {
      throw new AccreditationError(
        AccreditationErrorCode.BAD_RESULT_FILE,
        `The file’s Batch Number column says batch ${file.batchNumber}, not batch ${batchNumber}.`,
        'batch',
      );
    }
    const number = batchNumber ?? file.batchNumber;
    if (number === null) {
      throw new AccreditationError(
        AccreditationErrorCode.BAD_RESULT_FILE,
        'Say which batch the results are for (the file has no Batch Number column).',
        'batch',
      );
    }
    return this.db.withTransaction(async () => {
      const locked = await this.reports.lockBatch(number);
      if (!locked) {
        throw new AccreditationError(
          AccreditationErrorCode.BAD_RESULT_FILE,
          `There is no batch ${number}: check the batch number.`,
          'batch',
        );
      }
      const matches = this.refusedAsError(() => matchResults(file, number, locked.entries), fileField);
      const now = this.clock.now();
      for (const { entry, row } of matches) {
        const result = row.accepted
          ? { accepted: true as const }
          : { accepted: false as const, reason: row.reason! };
        if (!(await this.reports.resolve(locked.batch.id, entry.reportId, result, now))) {
          throw new AccreditationError(
            AccreditationErrorCode.BOARD_REPORTS_CHANGED,
            `Row ${row.row}: the record is no longer waiting in batch ${number}; nothing was applied.`,
            fileField,
          );
        }
      }
      await this.reports.markResultsImported(locked.batch.id, now);
      const accepted = matches.filter((match) => match.row.accepted).length;
      await this.audit.record({
        action: 'board_report.results_imported',
        subjectType: 'board_report_batch',
        subjectId: locked.batch.id,
        actorUserId: adminId,
        details: { number, accepted, rejected: matches.length - accepted },
      });
      return { batch: number, accepted, rejected: matches.length - accepted };
    });
  }

  /** A rejected record back in the queue, once the learner or an admin corrected what PARS refused. */
  async requeue(id: string, adminId: string): Promise<BoardReportView> {
    return this.db.withTransaction(async () => {
      const report = await this.reports.findById(id);
      if (!report) {
        throw new AccreditationError(AccreditationErrorCode.BOARD_REPORT_NOT_FOUND, 'No such board report.');
      }
      if (!(await this.reports.requeue(id, this.clock.now()))) {
        throw new AccreditationError(
          AccreditationErrorCode.BOARD_REPORT_NOT_REJECTED,
          `Only a rejected record can be queued again; this one is ${report.state.replace('_', ' ')}.`,
        );
      }
      await this.audit.record({
        action: 'board_report.requeued',
        subjectType: 'board_report',
        subjectId: id,
        actorUserId: adminId,
        // The reason stays in the batch's history; it may quote what the learner gave.
        details: { board: report.board, fromBatch: report.batchNumber },
      });
      const [view] = await this.views([(await this.reports.findById(id))!]);
      return view!;
    });
  }

  /** What the holder is told of each certificate's board reports, a line per board. */
  async forCertificates(certificateIds: string[], zone = 'UTC'): Promise<Map<string, string[]>> {
    const views = await this.views(await this.reports.findForCertificates(certificateIds));
    const lines = new Map<string, string[]>();
    for (const view of views) {
      lines.set(view.certificateId, [...(lines.get(view.certificateId) ?? []), this.lineFor(view, zone)]);
    }
    return lines;
  }

  private lineFor(view: BoardReportView, zone: string): string {
    const name = `the ${boardByCode(view.board)?.name ?? view.board}`;
    const day = (date: Date) => dateInWords(date, { zone });
    // A due date is a calendar day, the same in every zone.
    const due = dateInWords(new Date(`${view.dueOn}T12:00:00Z`), { zone: 'UTC' });
    if (view.revoked && view.state !== 'accepted') {
      return `Not reported to ${view.board}: the certificate was revoked`;
    }
    switch (view.state) {
      case 'accepted':
        return `Reported to ${name} on ${day(view.acceptedAt!)}`;
      case 'rejected':
        return `Rejected by ${view.board}: ${view.rejectionReason ?? 'no reason given'}`;
      case 'in_batch':
        return `Sent to ${name}, awaiting its answer (due ${due})`;
      case 'queued':
        return view.missing.length > 0
          ? `Not reported to ${view.board} yet: add your ${view.missing.join(' and your ')} on your reporting profile`
          : `Queued for ${name}: due ${due}`;
    }
  }

  private async views(reports: BoardReport[]): Promise<BoardReportView[]> {
    return (await this.viewsWithProfiles(reports)).views;
  }

  /** The views, and the learners' profiles they were made from. */
  private async viewsWithProfiles(
    reports: BoardReport[],
  ): Promise<{ views: BoardReportView[]; profiles: Map<string, ReportingProfile> }> {
    if (reports.length === 0) {
      return { views: [], profiles: new Map() };
    }
    // One after the other: inside a transaction both run on its one connection.
    const profiles = await this.profiles.profiles(reports.map((report) => report.userId));
    const certificates = await this.certificates.forEnrolments([
      ...new Set(reports.map((report) => report.enrolmentId)),
    ]);
    const revoked = new Set(
      certificates
        .filter((certificate) => certificate.status === 'revoked')
        .map((certificate) => certificate.id),
    );
    const today = this.today();
    const soon = addDays(today, DUE_SOON_DAYS);
    const views = reports.map((report) => ({
      ...report,
      missing: missingFor(report, profiles.get(report.userId)),
      revoked: revoked.has(report.certificateId),
      dueSoon: report.state === 'queued' && report.dueOn <= soon,
      overdue: report.state === 'queued' && report.dueOn < today,
    }));
    return { views, profiles };
  }

  private today(): string {
    return calendarDayIn(this.clock.now(), this.config.academyTimeZone);
  }

  private refusedAsError<T>(work: () => T, field: string): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof RefusedResultFile) {
        const refused = new AccreditationError(
          AccreditationErrorCode.BAD_RESULT_FILE,
          `The result file was not applied: ${error.message}`,
          field,
        );
        refused.problems = { [field]: error.problems };
        throw refused;
      }
      throw error;
    }
  }
}
