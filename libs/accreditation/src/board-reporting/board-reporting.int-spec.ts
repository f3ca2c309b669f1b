import { parse as parseCsv } from 'csv-parse/sync';
import { CertificatesService } from '@academy/certificates';
import type { Certificate } from '@academy/certificates';
import { BoardReportStatus } from '@academy/certificates';
import { Database, FakeClock } from '@academy/core';
import { ReportingProfileService } from '@academy/identity';
import { mocCompletion, reportingLearner } from '../../../../test/factories/board-reports';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { finishCourse } from '../../../../test/factories/enrolments';
import { CLAIMED_CREDIT } from '../../../../test/factories/completion';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { CreditService } from '@academy/learning';
import { AccreditationError, AccreditationErrorCode } from '../accreditation-error';
import { AccreditationCoreModule } from '../accreditation.module';
import { AccmeActivitiesService } from '../reports/accme-activities.service';
import { BoardReportingService, BoardReportView } from './board-reporting.service';

// ACCME's learner template, written out (not imported): the batch file must keep it, then our id.
const BATCH_COLUMNS = [
  'Record Action',
  'ACCME Activity ID',
  'Completion Date',
  'First Name',
  'Last Name',
  'Date of Birth',
  'Licensing State',
  'Licensing ID or NPI',
  'Number of CME Credits',
  'Certifying Board',
  'Certifying Board ID',
  'Total Board Credits',
  'Credit Type',
  'Credits Awarded for Credit Type',
  'Provider Record ID',
];

const table = (content: string): string[][] => parseCsv(content);

const NOW = new Date('2026-12-01T15:00:00Z');
const DAY = 86_400_000;

describe('board reporting queue', () => {
  let context: TestContext;
  let clock: FakeClock;
  let reporting: BoardReportingService;
  let adminId: string;

  beforeAll(async () => {
    clock = new FakeClock(NOW);
    // ABIM due in the default 30 days, ABA in 45; no other board is reported to.
    context = await createTestContext([AccreditationCoreModule], {
      clock,
      env: { MOC_BOARDS: 'ABIM,ABA:45' },
    });
    reporting = context.get(BoardReportingService);
    adminId = (await newUser(context.module, { roles: ['admin'] })).id;
  });

  afterAll(() => context.close());

  afterEach(() => clock.set(NOW));

  /** Every record of these certificates, as the admin list shows them. */
  async function recordsOf(...certificates: Certificate[]): Promise<BoardReportView[]> {
    const { items } = await reporting.list({ limit: 100, offset: 0 });
    return items.filter((item) => certificates.some((certificate) => certificate.id === item.certificateId));
  }

  const rowsOf = (content: string): Record<string, string>[] => {
    const [header, ...rows] = table(content);
    return rows.map((row) => Object.fromEntries(header!.map((column, index) => [column, row[index]!])));
  };

  const refusal = async (work: Promise<unknown>): Promise<AccreditationError> => {
    const error = await work.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AccreditationError);
    return error as AccreditationError;
  };

  it('queues a record per board the learner chose and the course awards MOC with, due as MOC_BOARDS says', async () => {
    const learner = await reportingLearner(context.module, {
      profile: {
        boards: [
          { board: 'ABIM', boardId: '123456', consent: true },
          { board: 'ABA', boardId: '12345678', consent: true },
        ],
      },
    });
    const { certificate } = await mocCompletion(context.module, learner.id, {
      moc: [
        { board: 'ABIM', points: 1.5, types: ['MK', 'PS'] },
        { board: 'ABA', points: 1, types: ['LL'] },
      ],
      reportTo: ['ABIM', 'ABA'],
    });
    const records = await recordsOf(certificate);
    expect(
      records.map((record) => [
        record.board,
        record.points,
        record.types,
        record.completedOn,
        record.dueOn,
        record.state,
      ]),
    ).toEqual(
      [
        ['ABIM', 1.5, ['MK', 'PS'], '2026-12-01', '2026-12-31', 'queued'],
        ['ABA', 1, ['LL'], '2026-12-01', '2027-01-15', 'queued'],
      ].sort((left, right) => String(left[4]).localeCompare(String(right[4]))),
    );
    expect(records.every((record) => record.missing.length === 0 && !record.revoked)).toBe(true);

    // Declined at the claim: nothing queued.
    const declining = await reportingLearner(context.module);
    const declined = await mocCompletion(context.module, declining.id, { reportTo: [] });
    expect(await recordsOf(declined.certificate)).toEqual([]);

    // A course without MOC points: nothing to report, whatever the profile's consent.
    const plain = await newPublishedCourse(context.module, { skillsLabRequired: false });
    await finishCourse(context.module, declining.id, plain.slug, { evaluated: true });
    await context.get(CreditService).claim(declining.id, plain.slug, [CLAIMED_CREDIT]);
    const [issued] = (await context.get(CertificatesService).mine(declining.id)).filter(
      (held) => held.courseId === plain.courseId,
    );
    expect(await recordsOf(issued!)).toEqual([]);
  });

  it('flags what a learner’s profile lacks, and sees it fixed at once', async () => {
    const learner = await reportingLearner(context.module, { profile: { birthDate: null } });
    const { certificate } = await mocCompletion(context.module, learner.id);
    const [record] = await recordsOf(certificate);
    expect(record!.missing).toEqual(['date of birth']);
    const status = context.get(BoardReportStatus);
    expect((await status.forCertificates([certificate.id])).get(certificate.id)).toEqual([
      'Not reported to ABIM yet: add your date of birth on your reporting profile',
    ]);
    await context.get(ReportingProfileService).update(learner.id, { birthDate: '11/30' });
    expect((await recordsOf(certificate))[0]!.missing).toEqual([]);
    expect((await status.forCertificates([certificate.id])).get(certificate.id)).toEqual([
      'Queued for the American Board of Internal Medicine: due 31 December 2026',
    ]);
  });

  it('warns of queued records due within 5 days or overdue', async () => {
    const learner = await reportingLearner(context.module);
    const { certificate } = await mocCompletion(context.module, learner.id);
    expect((await recordsOf(certificate))[0]).toMatchObject({ dueSoon: false, overdue: false });
    clock.set(new Date(NOW.getTime() + 26 * DAY)); // 27 December: due on the 31st
    expect((await recordsOf(certificate))[0]).toMatchObject({ dueSoon: true, overdue: false });
    expect((await reporting.dueSoon()).count).toBeGreaterThanOrEqual(1);
    clock.set(new Date(NOW.getTime() + 31 * DAY)); // 1 January
    expect((await recordsOf(certificate))[0]).toMatchObject({ dueSoon: true, overdue: true });
    expect((await reporting.dueSoon()).overdue).toBeGreaterThanOrEqual(1);
  });

  it('writes the batch file column by column, leaves out incomplete and revoked records, and sends it again the same', async () => {
    const learner = await reportingLearner(context.module, {
      fullName: 'Dr Amara van der Berg',
      profile: {
        birthDate: '3/7',
        licences: [
          { jurisdiction: 'TX', number: 'Q1234' },
          { jurisdiction: 'CA', number: 'A99999' },
        ],
      },
    });
    const { certificate } = await mocCompletion(context.module, learner.id, {
      moc: [{ board: 'ABIM', points: 1.25, types: ['MK'] }],
    });
    await context.get(AccmeActivitiesService).record(certificate.courseVersionId, '202600123');
    const incomplete = await reportingLearner(context.module, { profile: { birthDate: null } });
    const waiting = await mocCompletion(context.module, incomplete.id);
    const revokedLearner = await reportingLearner(context.module);
    const revoked = await mocCompletion(context.module, revokedLearner.id);
    await context.get(CertificatesService).changeStatus(adminId, revoked.certificate.number, {
      status: 'revoked',
      reason: 'issued_in_error',
      note: null,
    });

    const file = await reporting.createBatch(adminId);
    const [header] = table(file.content);
    expect(header).toEqual(BATCH_COLUMNS);
    const [record] = await recordsOf(certificate);
    const row = rowsOf(file.content).find((candidate) => candidate['Provider Record ID'] === record!.id);
    expect(row).toEqual({
      'Record Action': 'Add',
      'ACCME Activity ID': '202600123',
      'Completion Date': '12/01/2026',
      'First Name': 'Amara',
      'Last Name': 'van der Berg',
      'Date of Birth': '03/07',
      // The first licence by state code: California's.
      'Licensing State': 'California',
      'Licensing ID or NPI': 'A99999',
      'Number of CME Credits': '1.75',
      'Certifying Board': 'ABIM',
      'Certifying Board ID': '123456',
      'Total Board Credits': '1.25',
      'Credit Type': 'MK',
      'Credits Awarded for Credit Type': '1.25',
      'Provider Record ID': record!.id,
    });
    expect(await recordsOf(certificate)).toMatchObject([
      { state: 'in_batch', batchNumber: file.batch.number },
    ]);

    // The learner who lacks a date of birth waits; the revoked certificate is never sent.
    const ids = rowsOf(file.content).map((candidate) => candidate['Provider Record ID']);
    const [lacking] = await recordsOf(waiting.certificate);
    const [cancelled] = await recordsOf(revoked.certificate);
    expect(ids).not.toContain(lacking!.id);
    expect(ids).not.toContain(cancelled!.id);
    expect(lacking).toMatchObject({ state: 'queued', missing: ['date of birth'] });
    expect(cancelled).toMatchObject({ state: 'queued', revoked: true });
    expect(
      (await context.get(BoardReportStatus).forCertificates([revoked.certificate.id])).get(
        revoked.certificate.id,
      ),
    ).toEqual(['Not reported to ABIM: the certificate was revoked']);

    // A profile changed since: the batch downloads again as it was sent.
    await context.get(ReportingProfileService).update(learner.id, { birthDate: '04/01' });
    expect((await reporting.batchFile(file.batch.number)).content).toBe(file.content);
    expect(file.fileName).toBe(`pars-board-batch-${file.batch.number}.csv`);
    // Nothing ready any more: no empty batch.
    const nothing = await refusal(reporting.createBatch(adminId));
    expect(nothing.code).toBe(AccreditationErrorCode.NOTHING_TO_REPORT);
  });

  it('puts each record in one batch when two admins download at once', async () => {
    const certificates: Certificate[] = [];
    for (let learner = 0; learner < 3; learner++) {
      const user = await reportingLearner(context.module);
      certificates.push((await mocCompletion(context.module, user.id)).certificate);
    }
    const otherAdmin = (await newUser(context.module, { roles: ['admin'] })).id;
    const outcomes = await Promise.allSettled([
      reporting.createBatch(adminId),
      reporting.createBatch(otherAdmin),
    ]);
    const made = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
    );
    // One made the batch; the other found nothing left to send.
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as AccreditationError).code).toBe(AccreditationErrorCode.NOTHING_TO_REPORT);
    const records = await recordsOf(...certificates);
    expect(records.map((record) => record.batchNumber)).toEqual([
      made[0]!.batch.number,
      made[0]!.batch.number,
      made[0]!.batch.number,
    ]);
    const { rows } = await context
      .get(Database)
      .execute<{ report_id: string; batches: number }>(
        `SELECT report_id, count(*)::int AS batches FROM board_report_batch_entry GROUP BY report_id HAVING count(*) > 1`,
      );
    expect(rows).toEqual([]);
  });

  it('imports results, one row accepted and one rejected; the rejected one, corrected and re-queued, goes in the next batch', async () => {
    const accepted = await reportingLearner(context.module);
    const rejected = await reportingLearner(context.module, {
      profile: { boards: [{ board: 'ABIM', boardId: '111111', consent: true }] },
    });
    const first = await mocCompletion(context.module, accepted.id);
    const second = await mocCompletion(context.module, rejected.id);
    const file = await reporting.createBatch(adminId);
    const [acceptedRecord] = await recordsOf(first.certificate);
    const [rejectedRecord] = await recordsOf(second.certificate);

    // PARS's answer: our rows with Result and Reason, for the two records (others of the batch, if any, later).
    const [header, ...rows] = table(file.content);
    const idColumn = header!.indexOf('Provider Record ID');
    const answer = (id: string) => rows.find((row) => row[idColumn] === id)!;
    const result = [
      [...header!, 'Result', 'Reason'],
      [...answer(acceptedRecord!.id), 'Accepted', ''],
      [...answer(rejectedRecord!.id), 'Rejected', 'Board ID does not match the learner'],
    ]
      .map((row) => row.map((cell) => `"${cell}"`).join(','))
      .join('\r\n');
    clock.set(new Date('2026-12-03T10:00:00Z'));
    expect(await reporting.importResults(result, file.batch.number, adminId)).toEqual({
      batch: file.batch.number,
      accepted: 1,
      rejected: 1,
    });
    expect(await recordsOf(first.certificate)).toMatchObject([
      { state: 'accepted', acceptedAt: new Date('2026-12-03T10:00:00Z') },
    ]);
    expect(await recordsOf(second.certificate)).toMatchObject([
      { state: 'rejected', rejectionReason: 'Board ID does not match the learner' },
    ]);
    const status = context.get(BoardReportStatus);
    const lines = await status.forCertificates(
      [first.certificate.id, second.certificate.id],
      'America/New_York',
    );
    expect(lines.get(first.certificate.id)).toEqual([
      'Reported to the American Board of Internal Medicine on 3 December 2026',
    ]);
    expect(lines.get(second.certificate.id)).toEqual([
      'Rejected by ABIM: Board ID does not match the learner',
    ]);
    // The same answers again: refused, as already applied.
    const again = await refusal(reporting.importResults(result, file.batch.number, adminId));
    expect(again.message).toMatch(/Row 2: this record was answered \(accepted\)/);

    // The learner corrects the ID; the admin queues the record again; the next batch carries it.
    await context.get(ReportingProfileService).update(rejected.id, {
      boards: [{ board: 'ABIM', boardId: '222222', consent: true }],
    });
    const requeued = await reporting.requeue(rejectedRecord!.id, adminId);
    expect(requeued).toMatchObject({
      state: 'queued',
      batchNumber: null,
      dueOn: rejectedRecord!.dueOn,
      rejectionReason: 'Board ID does not match the learner',
    });
    const notRejected = await refusal(reporting.requeue(acceptedRecord!.id, adminId));
    expect(notRejected.code).toBe(AccreditationErrorCode.BOARD_REPORT_NOT_REJECTED);
    const next = await reporting.createBatch(adminId);
    expect(next.batch.number).toBe(file.batch.number + 1);
    expect(
      rowsOf(next.content).find((row) => row['Provider Record ID'] === rejectedRecord!.id),
    ).toMatchObject({
      'Certifying Board ID': '222222',
    });
    // The first batch still reads as sent, with the old ID.
    expect(
      rowsOf((await reporting.batchFile(file.batch.number)).content).find(
        (row) => row['Provider Record ID'] === rejectedRecord!.id,
      ),
    ).toMatchObject({
      'Certifying Board ID': '111111',
    });

    const { rows: audited } = await context
      .get(Database)
      .execute<{ action: string; details: Record<string, unknown> }>(
        `SELECT action, details FROM audit_event WHERE action LIKE 'board_report.%' ORDER BY id`,
      );
    expect(audited.map((event) => event.action)).toEqual(
      expect.arrayContaining([
        'board_report.batch_created',
        'board_report.results_imported',
        'board_report.requeued',
      ]),
    );
    expect(JSON.stringify(audited)).not.toMatch(/222222|111111|03\/14/);
  });

  it('refuses a result file with an unknown row, or for another batch, whole, naming the row', async () => {
    const users = [await reportingLearner(context.module), await reportingLearner(context.module)];
    const certificates = [
      (await mocCompletion(context.module, users[0]!.id)).certificate,
      (await mocCompletion(context.module, users[1]!.id)).certificate,
    ];
    const file = await reporting.createBatch(adminId);
    const records = await recordsOf(...certificates);
    const [header, ...rows] = table(file.content);
    const idColumn = header!.indexOf('Provider Record ID');
    const ours = rows.filter((row) => records.some((record) => record.id === row[idColumn]));
    const csv = (lines: string[][]) =>
      lines.map((line) => line.map((cell) => `"${cell}"`).join(',')).join('\n');

    const unknown = csv([
      [...header!, 'Result', 'Reason'],
      [...ours[0]!, 'Accepted', ''],
      [...ours[1]!.slice(0, idColumn), '00000000-0000-4000-8000-000000000000', 'Accepted', ''],
    ]);
    const refused = await refusal(reporting.importResults(unknown, file.batch.number, adminId));
    expect(refused.code).toBe(AccreditationErrorCode.BAD_RESULT_FILE);
    expect(refused.message).toMatch(/Row 3, column Provider Record ID: no record of batch \d+ has this ID/);
    // Nothing applied, not even the good row.
    expect((await recordsOf(...certificates)).map((record) => record.state)).toEqual([
      'in_batch',
      'in_batch',
    ]);

    // Batch number of an earlier batch: none of its rows are ours.
    const good = csv([
      [...header!, 'Result', 'Reason'],
      [...ours[0]!, 'Accepted', ''],
    ]);
    const wrongBatch = await refusal(reporting.importResults(good, file.batch.number - 1, adminId));
    expect(wrongBatch.message).toMatch(
      new RegExp(`Row 2, column Provider Record ID: no record of batch ${file.batch.number - 1}`),
    );
    const noBatch = await refusal(reporting.importResults(good, file.batch.number + 50, adminId));
    expect(noBatch).toMatchObject({ field: 'batch' });

    // Without our id column, a row is found by board, board ID, completion date and activity id.
    const withoutIds = csv([
      [...header!.slice(0, idColumn), 'Result', 'Reason'],
      [...ours[0]!.slice(0, idColumn), 'Maybe', ''],
      [
        ...ours[1]!
          .slice(0, idColumn)
          .map((cell, index) => (header![index] === 'Certifying Board ID' ? '999999' : cell)),
        'Rejected',
        '',
      ],
    ]);
    const problems = await refusal(reporting.importResults(withoutIds, file.batch.number, adminId));
    expect(problems.problems?.csv).toEqual([
      'Row 2, column Result: “Maybe”; give Accepted or Rejected.',
      'Row 3, column Reason: a rejected row needs PARS’s reason.',
    ]);
    expect((await recordsOf(...certificates)).map((record) => record.state)).toEqual([
      'in_batch',
      'in_batch',
    ]);
  });
});
