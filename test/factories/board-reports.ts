import type { INestApplicationContext } from '@nestjs/common';
import { parse as parseCsv } from 'csv-parse/sync';
import { BoardReportingService } from '@academy/accreditation';
import type { BatchFile } from '@academy/accreditation';
import { CertificatesService } from '@academy/certificates';
import type { Certificate } from '@academy/certificates';
import type { MocCreditDto } from '@academy/catalog';
import { ReportingProfileService } from '@academy/identity';
import type { ReportingProfileUpdate } from '@academy/identity';
import { toCsv } from '@academy/core';
import { CreditService } from '@academy/learning';
import { CLAIMED_CREDIT } from './completion';
import { newPublishedCourse } from './courses';
import { finishCourse } from './enrolments';
import { newUser } from './users';
import type { TestUser } from './users';

const table = (content: string): string[][] => parseCsv(content);

/** MOC points a course awards with ABIM unless told otherwise (within its 2 AMA credits designated). */
export const ABIM_MOC: MocCreditDto[] = [{ board: 'ABIM', points: 1.5, types: ['MK'] }];

/**
 * A learner whose reporting profile has what PARS needs: a birth month and day, a Texas licence
 * and an ABIM ID, with consent to report to ABIM. `profile` replaces any of it.
 */
export async function reportingLearner(
  app: INestApplicationContext,
  options: { fullName?: string; profile?: ReportingProfileUpdate } = {},
): Promise<TestUser> {
  const user = await newUser(app, { roles: ['learner'], fullName: options.fullName });
  await app.get(ReportingProfileService).update(user.id, {
    birthDate: '03/14',
    licences: [{ jurisdiction: 'TX', number: 'Q1234' }],
    boards: [{ board: 'ABIM', boardId: '123456', consent: true }],
    ...options.profile,
  });
  return user;
}

/**
 * The learner completes a new course awarding `moc` points (no skills lab), claiming credit and
 * choosing to report to the boards in `reportTo` (ABIM by default): the claim issues the
 * certificate, which queues the board reports.
 */
export async function mocCompletion(
  app: INestApplicationContext,
  userId: string,
  options: { moc?: MocCreditDto[]; reportTo?: string[] } = {},
): Promise<{ slug: string; certificate: Certificate }> {
  const course = await newPublishedCourse(app, { skillsLabRequired: false, moc: options.moc ?? ABIM_MOC });
  await finishCourse(app, userId, course.slug, { evaluated: true });
  await app.get(CreditService).claim(userId, course.slug, [CLAIMED_CREDIT], options.reportTo ?? ['ABIM']);
  const certificate = (await app.get(CertificatesService).mine(userId)).find(
    (held) => held.courseId === course.courseId,
  );
  if (!certificate) {
    throw new Error('Completing the course issued no certificate');
  }
  return { slug: course.slug, certificate };
}

/** A learner with a complete profile whose completion is queued for ABIM, ready for the next batch. */
export async function readyBoardReport(app: INestApplicationContext): Promise<{ certificate: Certificate }> {
  const learner = await reportingLearner(app);
  return mocCompletion(app, learner.id);
}

/** A new batch (holding a new ready record, and any others ready), made by a new admin. */
export async function boardReportBatch(app: INestApplicationContext): Promise<BatchFile> {
  await readyBoardReport(app);
  const admin = await newUser(app, { roles: ['admin'] });
  return app.get(BoardReportingService).createBatch(admin.id);
}

/**
 * PARS's result file for a batch file's content: its rows with Result and Reason (each row's
 * answer from `answer`, Accepted by default), and, with `batchNumber`, a Batch Number column.
 */
export function resultFile(
  content: string,
  options: { answer?: (row: number) => [string, string]; batchNumber?: number } = {},
): string {
  const [header, ...rows] = table(content);
  const extra = options.batchNumber === undefined ? [] : ['Batch Number'];
  return toCsv({
    columns: [...header!, 'Result', 'Reason', ...extra],
    rows: rows.map((row, index) => [
      ...row,
      ...(options.answer?.(index) ?? ['Accepted', '']),
      ...(options.batchNumber === undefined ? [] : [String(options.batchNumber)]),
    ]),
  });
}

/** A record PARS rejected ("Board ID not found"), ready to be queued again: its id. */
export async function rejectedBoardReport(app: INestApplicationContext): Promise<string> {
  const batch = await boardReportBatch(app);
  const admin = await newUser(app, { roles: ['admin'] });
  await app
    .get(BoardReportingService)
    .importResults(
      resultFile(batch.content, { answer: () => ['Rejected', 'Board ID not found'] }),
      batch.batch.number,
      admin.id,
    );
  const [header, firstRow] = table(batch.content);
  return firstRow![header!.indexOf('Provider Record ID')]!;
}
