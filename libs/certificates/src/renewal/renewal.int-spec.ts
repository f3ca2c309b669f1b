import { APP_CONFIG, Database, FakeClock } from '@academy/core';
import type { AppConfig } from '@academy/core';
import { CatalogErrorCode, CoursesService } from '@academy/catalog';
import { NotificationsService } from '@academy/notifications';
import { SkillsLabCoreModule } from '@academy/skills-lab';
import { completedCourse } from '../../../../test/factories/completion';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse, newReadyDraft } from '../../../../test/factories/courses';
import { newUser } from '../../../../test/factories/users';
import { countQueries } from '../../../../test/support/query-counter';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { CertificatesCoreModule } from '../certificates.module';
import type { Certificate } from '../issuance/certificate.types';
import { CertificatesService } from '../issuance/certificates.service';
import { VerificationService } from '../verification/verification.service';
import { ExpiryRemindersJob } from './expiry-reminders.job';

const DAY = 86_400_000;
const ISSUED = new Date('2026-11-22T09:00:00Z');
const EXPIRES = new Date('2029-11-22T09:00:00Z');

describe('certificate validity, expiry reminders and renewal', () => {
  const clock = new FakeClock(ISSUED);
  let context: TestContext;
  let publicUrl: string;
  /** A course with 36 months' validity, renewed by `recertification`. */
  let course: { courseId: string; slug: string };
  let recertification: { courseId: string; slug: string };

  beforeAll(async () => {
    context = await createTestContext([SkillsLabCoreModule, CertificatesCoreModule], {
      clock,
      // Notifications also go out by e-mail (queued in the outbox; nothing is sent here).
      env: { SMTP_URL: 'smtp://127.0.0.1:2525' },
    });
    publicUrl = context.module.get<AppConfig>(APP_CONFIG).publicUrl;
    recertification = await newPublishedCourse(context.module, {
      title: 'Iliac Crest Aspiration: Recertification',
      certificateValidityMonths: 36,
    });
    course = await newPublishedCourse(context.module, {
      certificateValidityMonths: 36,
      recertificationCourse: recertification.slug,
    });
  });

  afterAll(() => context.close());

  /** A learner who completed `course` at ISSUED: their certificate expires at EXPIRES. */
  async function holder(): Promise<{ userId: string; certificate: Certificate }> {
    clock.set(ISSUED);
    return completedCourse(context.module, { course });
  }

  /** Moves the clock to `days` before EXPIRES (after it when negative). */
  function daysBefore(days: number): void {
    clock.set(new Date(EXPIRES.getTime() - days * DAY));
  }

  function remind(): Promise<unknown> {
    return context.get(ExpiryRemindersJob).run();
  }

  /** The marks (days before) recorded as sent for a certificate, furthest first. */
  async function marksSent(certificateId: string): Promise<number[]> {
    const { rows } = await context.get(Database).execute<{ daysBefore: number }>(
      `SELECT days_before AS "daysBefore" FROM certificate_expiry_reminder WHERE certificate_id = $1
         ORDER BY days_before DESC`,
      [certificateId],
    );
    return rows.map((row) => row.daysBefore);
  }

  /** The expiry reminders in a holder's inbox, oldest first, and how many of them went by e-mail. */
  async function remindersOf(userId: string) {
    const inbox = await context.get(NotificationsService).inbox(userId, { limit: 50, offset: 0 });
    const reminders = inbox.items.filter((item) => item.kind === 'certificate.expiry_reminder').reverse();
    const { rows } = await context
      .get(Database)
      .execute<{ count: number }>(
        `SELECT count(*)::int AS count FROM email_outbox WHERE notification_id = ANY($1::uuid[])`,
        [reminders.map((reminder) => reminder.id)],
      );
    return { reminders, emailed: rows[0]!.count };
  }

  function verify(number: string) {
    return context.get(VerificationService).verify(number, { channel: 'api' });
  }

  it('reminds once each at 90, 60 and 30 days, answers expired past validUntil, and renews on recertification', async () => {
    const { userId, certificate } = await holder();
    expect(certificate.expiresAt).toEqual(EXPIRES);

    const expected: [number, number[]][] = [
      [91, []],
      [90, [90]],
      [61, [90]],
      [60, [90, 60]],
      [31, [90, 60]],
      [30, [90, 60, 30]],
      [29, [90, 60, 30]],
    ];
    for (const [days, marks] of expected) {
      daysBefore(days);
      await remind();
      // A second run finds nothing more to send.
      await remind();
      expect({ days, sent: await marksSent(certificate.id) }).toEqual({ days, sent: marks });
      expect((await remindersOf(userId)).reminders).toHaveLength(marks.length);
    }
    const { reminders, emailed } = await remindersOf(userId);
    expect(emailed).toBe(3);
    expect(reminders[0]).toMatchObject({
      subject: `Your certificate for ${certificate.courseTitle} expires on 22 November 2029`,
      link: `/courses/${recertification.slug}`,
    });
    expect(reminders[0]!.body).toContain(certificate.number);

    // A day past validUntil: expired, not revoked; nothing renews it yet.
    daysBefore(-1);
    expect(await verify(certificate.number)).toMatchObject({ status: 'expired', renewedBy: null });

    // Completing the recertification course within the grace renews it.
    const { certificate: renewal } = await completedCourse(context.module, {
      userId,
      course: recertification,
    });
    expect(renewal).toMatchObject({
      renewsCertificateId: certificate.id,
      renewsNumber: certificate.number,
      courseId: recertification.courseId,
    });
    expect(await verify(certificate.number)).toMatchObject({
      status: 'expired',
      renewedBy: { number: renewal.number, url: `${publicUrl}/verify/${renewal.number}` },
    });
    expect(await verify(renewal.number)).toMatchObject({ status: 'valid', renewedBy: null });

    // The new credential names the one it renews (beside the evidence of its hands-on sign-off).
    const credential = await context.get(CertificatesService).credential(renewal);
    expect(credential.evidence).toEqual([
      expect.objectContaining({
        id: `${publicUrl}/verify/${certificate.number}`,
        name: `Renews certificate ${certificate.number}`,
      }),
      expect.objectContaining({ name: 'Hands-on skills lab sign-off' }),
    ]);
    const issued = (await context.get(NotificationsService).inbox(userId, { limit: 1, offset: 0 })).items[0];
    expect(issued).toMatchObject({ kind: 'certificate.issued' });
    expect(issued!.body).toContain(`renews certificate ${certificate.number}`);
  });

  it('sends a certificate first seen 45 days out only the 60-day reminder, once however many runs race', async () => {
    const { userId, certificate } = await holder();
    daysBefore(45);
    await Promise.all([remind(), remind(), remind()]);
    expect(await marksSent(certificate.id)).toEqual([60]);
    expect((await remindersOf(userId)).reminders).toHaveLength(1);

    daysBefore(30);
    await Promise.all([remind(), remind()]);
    expect(await marksSent(certificate.id)).toEqual([60, 30]);
    expect((await remindersOf(userId)).reminders).toHaveLength(2);
  });

  it('links the certificate itself when its course names no recertification course', async () => {
    clock.set(ISSUED);
    const lone = await newPublishedCourse(context.module, { certificateValidityMonths: 36 });
    const { userId, certificate } = await completedCourse(context.module, { course: lone });
    daysBefore(90);
    await remind();
    const { reminders } = await remindersOf(userId);
    expect(reminders).toEqual([expect.objectContaining({ link: `/me/certificates/${certificate.number}` })]);
    expect(reminders[0]!.body).toContain('Contact the academy');
  });

  it('stops reminding once renewed; the renewed certificate stays valid until it expires', async () => {
    const { userId, certificate } = await holder();
    daysBefore(75);
    await remind();
    expect(await marksSent(certificate.id)).toEqual([90]);

    const { certificate: renewal } = await completedCourse(context.module, {
      userId,
      course: recertification,
    });
    expect(renewal.renewsCertificateId).toBe(certificate.id);
    for (const days of [60, 30, 1]) {
      daysBefore(days);
      await remind();
    }
    expect(await marksSent(certificate.id)).toEqual([90]);
    expect((await remindersOf(userId)).reminders).toHaveLength(1);
    daysBefore(1);
    expect(await verify(certificate.number)).toMatchObject({
      status: 'valid',
      renewedBy: { number: renewal.number },
    });
  });

  it('sends revoked and suspended certificates no reminder', async () => {
    const admin = await newUser(context.module, { roles: ['admin'] });
    const revoked = await holder();
    const suspended = await holder();
    const service = context.get(CertificatesService);
    await service.changeStatus(admin.id, revoked.certificate.number, {
      status: 'revoked',
      reason: 'issued_in_error',
      note: null,
    });
    await service.changeStatus(admin.id, suspended.certificate.number, {
      status: 'suspended',
      reason: 'under_review',
      note: null,
    });
    for (const days of [90, 60, 30]) {
      daysBefore(days);
      await remind();
    }
    expect(await marksSent(revoked.certificate.id)).toEqual([]);
    expect(await marksSent(suspended.certificate.id)).toEqual([]);
  });

  it('renews nothing once the certificate expired more than the grace (twelve months) ago', async () => {
    const { userId, certificate } = await holder();
    clock.set(new Date('2030-12-01T09:00:00Z'));
    const { certificate: fresh } = await completedCourse(context.module, { userId, course: recertification });
    expect(fresh.renewsCertificateId).toBeNull();
    expect(await verify(certificate.number)).toMatchObject({ status: 'expired', renewedBy: null });
  });

  it('keeps verification to one statement, the renewal looked up in it', async () => {
    const { userId, certificate } = await holder();
    daysBefore(10);
    await completedCourse(context.module, { userId, course: recertification });
    const statements = await countQueries(context.get(Database).dataSource, async () => {
      expect(await verify(certificate.number)).toMatchObject({ renewedBy: expect.anything() });
    });
    expect(statements).toBe(1);
  });

  it('refuses a recertification course that does not exist, is the course itself, or renews what never expires', async () => {
    clock.set(ISSUED);
    const courses = context.get(CoursesService);
    const draft = await newReadyDraft(context.module);
    const refused = (content: Parameters<typeof sampleContent>[0]) =>
      courses.saveDraft(draft.courseId, draft.revision, sampleContent(content));
    await expect(
      refused({ certificateValidityMonths: 24, recertificationCourse: 'no-such-course' }),
    ).rejects.toMatchObject({
      code: CatalogErrorCode.RECERTIFICATION_REFUSED,
      field: 'recertificationCourse',
      message: expect.stringContaining('no-such-course'),
    });
    await expect(
      refused({ certificateValidityMonths: 24, recertificationCourse: draft.slug }),
    ).rejects.toMatchObject({ code: CatalogErrorCode.RECERTIFICATION_REFUSED });
    await expect(refused({ recertificationCourse: recertification.slug })).rejects.toMatchObject({
      code: CatalogErrorCode.RECERTIFICATION_REFUSED,
      message: expect.stringContaining('certificateValidityMonths'),
    });
    const saved = await refused({
      certificateValidityMonths: 24,
      recertificationCourse: recertification.slug,
    });
    expect(saved.content.recertificationCourse).toBe(recertification.slug);
  });
});
