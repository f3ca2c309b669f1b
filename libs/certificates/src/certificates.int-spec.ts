import { Database, DATABASE_URL, FakeClock, JobRunner, Metrics } from '@academy/core';
import { CreditService } from '@academy/learning';
import { NotificationsService } from '@academy/notifications';
import { LabErrorCode, RosterService, SkillsLabCoreModule } from '@academy/skills-lab';
import { newPublishedCourse } from '../../../test/factories/courses';
import { finishCourse } from '../../../test/factories/enrolments';
import { newLab } from '../../../test/factories/labs';
import { newConfirmationToken, newUser } from '../../../test/factories/users';
import { EmailConfirmationService, ReportingProfileService, UsersService } from '@academy/identity';
import { CoursesService } from '@academy/catalog';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BookingService } from '@academy/skills-lab';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { CertificatesCoreModule } from './certificates.module';
import { CertificatesService } from './issuance/certificates.service';
import { IssueWaitingCertificatesJob } from './issuance/issue-waiting.job';
import { SignIssuedCertificateJob } from './issuance/sign-issued.job';
import { VerificationService } from './verification/verification.service';

const HOUR = 3_600_000;
const AMA = 'AMA PRA Category 1 Credit™';

describe('certificate issuance', () => {
  const clock = new FakeClock(new Date('2026-11-22T09:00:00Z'));
  let context: TestContext;
  let course: { courseId: string; slug: string };

  beforeAll(async () => {
    context = await createTestContext([SkillsLabCoreModule, CertificatesCoreModule], { clock });
    course = await newPublishedCourse(context.module, { certificateValidityMonths: 36 });
  });

  afterAll(() => context.close());

  async function count(sql: string, parameters: unknown[]): Promise<number> {
    const { rows } = await context.get(Database).execute<{ count: number }>(sql, parameters);
    return rows[0]!.count;
  }

  /**
   * A learner who has done everything but two things: claim credit and have the lab checklist
   * signed (checked in, every step recorded at its level). Answers the two last steps.
   */
  async function nearlyDone(
    options: {
      emailVerified?: boolean;
      course?: { courseId: string; slug: string };
      reportTo?: string[];
      /** When the lab runs; default half an hour after enrolment. */
      labStartsAt?: Date;
    } = {},
  ): Promise<{
    userId: string;
    email: string;
    enrolmentId: string;
    claim: () => Promise<unknown>;
    sign: () => Promise<unknown>;
  }> {
    clock.set(new Date('2026-11-22T08:00:00Z'));
    const learner = await newUser(context.module, {
      fullName: 'Zoë Łukasiewicz-Nguyễn',
      emailVerified: options.emailVerified,
    });
    const { courseId, slug } = options.course ?? course;
    const enrolment = await finishCourse(context.module, learner.id, slug, { evaluated: true });
    const lab = await newLab(context.module, courseId, {
      startsAt: options.labStartsAt ?? new Date(clock.now().getTime() + HOUR / 2),
    });
    const { booking } = await context.get(BookingService).book(learner.id, lab.id);
    const roster = context.get(RosterService);
    const instructor = { userId: lab.instructor!.id, roles: lab.instructor!.roles };
    // What the certificate attests happens during the session: 09:00 UTC on its first day at the latest.
    clock.set(options.labStartsAt ?? new Date('2026-11-22T09:00:00Z'));
    await roster.checkIn(instructor, lab.id, booking.ticketCode);
    for (const step of lab.checklist) {
      await roster.recordStep(instructor, lab.id, booking.id, { stepId: step.id, level: step.requiredLevel });
    }
    return {
      userId: learner.id,
      email: learner.email,
      enrolmentId: enrolment.id,
      claim: () =>
        context.get(CreditService).claim(learner.id, slug, [{ type: AMA, amount: 1.75 }], options.reportTo),
      sign: () => roster.sign(instructor, lab.id, booking.id),
    };
  }

  it('issues nothing until the last requirement, then exactly one certificate as that step commits', async () => {
    const learner = await nearlyDone();
    await learner.claim();
    expect(await context.get(CertificatesService).issueIfComplete(learner.enrolmentId)).toBeNull();
    await learner.sign();
    const certificates = await context.get(CertificatesService).mine(learner.userId);
    expect(certificates.map((certificate) => certificate.enrolmentId)).toEqual([learner.enrolmentId]);
  });

  it('lets no instructor sign off before the session starts, so no certificate exists then', async () => {
    clock.set(new Date('2026-11-22T09:00:00Z'));
    const learner = await newUser(context.module);
    const enrolment = await finishCourse(context.module, learner.id, course.slug, { evaluated: true });
    // 00:00 UTC tomorrow; check-in used to open two hours before, at 22:00.
    const lab = await newLab(context.module, course.courseId, {
      startsAt: new Date('2026-11-23T00:00:00Z'),
      endsAt: new Date('2026-11-23T06:00:00Z'),
    });
    const { booking } = await context.get(BookingService).book(learner.id, lab.id);
    await context.get(CreditService).claim(learner.id, course.slug, [{ type: AMA, amount: 1.75 }]);
    const roster = context.get(RosterService);
    const instructor = { userId: lab.instructor!.id, roles: lab.instructor!.roles };
    clock.set(new Date('2026-11-22T22:00:10Z'));
    await expect(roster.checkIn(instructor, lab.id, booking.ticketCode)).rejects.toMatchObject({
      code: LabErrorCode.CHECK_IN_CLOSED,
    });
    await expect(
      roster.recordStep(instructor, lab.id, booking.id, { stepId: lab.checklist[0]!.id, level: 5 }),
    ).rejects.toMatchObject({ code: LabErrorCode.CHECK_IN_CLOSED });
    await expect(roster.sign(instructor, lab.id, booking.id)).rejects.toMatchObject({
      code: LabErrorCode.CHECK_IN_CLOSED,
      message: expect.stringContaining('open when the lab starts'),
    });
    const service = context.get(CertificatesService);
    expect(await service.issueIfComplete(enrolment.id)).toBeNull();
    expect(await service.mine(learner.id)).toEqual([]);

    // In the session it is signed, and the certificate states the session's real time.
    clock.set(new Date('2026-11-23T01:00:00Z'));
    await roster.checkIn(instructor, lab.id, booking.ticketCode);
    for (const step of lab.checklist) {
      await roster.recordStep(instructor, lab.id, booking.id, { stepId: step.id, level: step.requiredLevel });
    }
    await roster.sign(instructor, lab.id, booking.id);
    const [certificate] = await service.mine(learner.id);
    expect(certificate?.statements?.handsOn?.session).toEqual({
      startsAt: '2026-11-23T00:00:00.000Z',
      endsAt: '2026-11-23T06:00:00.000Z',
      timeZone: lab.timeZone,
    });
  });

  it.each([1, 2, 3, 4, 5])(
    'gives one certificate and one PDF when the last two steps race and the job runs twice (round %i)',
    async () => {
      const learner = await nearlyDone();
      await Promise.all([learner.claim(), learner.sign()]);
      const service = context.get(CertificatesService);
      await Promise.all([service.completeArtifacts(), service.completeArtifacts()]);
      expect(
        await count('SELECT count(*)::int AS count FROM certificate WHERE enrolment_id = $1', [
          learner.enrolmentId,
        ]),
      ).toBe(1);
      expect(
        await count(
          `SELECT count(*)::int AS count FROM certificate_pdf p JOIN certificate c ON c.id = p.certificate_id
           WHERE c.enrolment_id = $1`,
          [learner.enrolmentId],
        ),
      ).toBe(1);
    },
  );

  it('signs and renders the certificate as the final step commits, through its own job, not the minute’s run', async () => {
    const learner = await nearlyDone();
    await learner.claim();
    // Only the job the step queues runs here: no schedule, no `completeArtifacts`.
    const runner = new JobRunner(context.module.get<string>(DATABASE_URL), context.get(Metrics));
    await runner.start([context.get(SignIssuedCertificateJob)]);
    try {
      await learner.sign();
      const [certificate] = await context.get(CertificatesService).mine(learner.userId);
      const finished = () =>
        count(
          `SELECT count(*)::int AS count FROM certificate c JOIN certificate_pdf p ON p.certificate_id = c.id
            WHERE c.id = $1 AND c.credential IS NOT NULL`,
          [certificate!.id],
        );
      // Bounded: the worker polls this queue every half second (seconds, not the minute's tick).
      const deadline = Date.now() + 10_000;
      while ((await finished()) === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await finished()).toBe(1);
    } finally {
      await runner.stop();
    }
  });

  it('waits for a confirmed address, then issues as the confirmation commits', async () => {
    const learner = await nearlyDone({ emailVerified: false });
    await learner.claim();
    await learner.sign();
    const service = context.get(CertificatesService);
    expect(await service.mine(learner.userId)).toEqual([]);
    expect(await service.issueIfComplete(learner.enrolmentId)).toBeNull();
    const token = await newConfirmationToken(context.module, { id: learner.userId, email: learner.email });
    await context.get(EmailConfirmationService).confirm(token);
    // Right after the commit, by the confirming process; the job queued with it finds nothing left.
    expect((await service.mine(learner.userId)).map((held) => held.enrolmentId)).toEqual([
      learner.enrolmentId,
    ]);
    expect(await context.get(IssueWaitingCertificatesJob).run({ userId: learner.userId })).toEqual({
      issued: 0,
    });
    expect(
      await count(
        `SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'certificates.issue-waiting' AND data->>'userId' = $1`,
        [learner.userId],
      ),
    ).toBe(1);
  });

  it.each([1, 2, 3])(
    'issues exactly one certificate when the confirmation and the last step race, without a deadlock (round %i)',
    async () => {
      const learner = await nearlyDone({ emailVerified: false });
      await learner.claim();
      const token = await newConfirmationToken(context.module, { id: learner.userId, email: learner.email });
      await Promise.all([learner.sign(), context.get(EmailConfirmationService).confirm(token)]);
      const certificates = await context.get(CertificatesService).mine(learner.userId);
      expect(certificates.map((certificate) => certificate.enrolmentId)).toEqual([learner.enrolmentId]);
    },
  );

  it('records the holder name as at issue, the credits claimed, the version and the expiry', async () => {
    const learner = await nearlyDone();
    await learner.claim();
    await learner.sign();
    const certificate = (
      await context.get(CertificatesService).list({ q: 'Łukasiewicz', limit: 100, offset: 0 })
    ).items.find((candidate) => candidate.enrolmentId === learner.enrolmentId)!;
    expect(certificate).toMatchObject({
      holderName: 'Zoë Łukasiewicz-Nguyễn',
      credits: [{ type: AMA, amount: 1.75 }],
      courseVersion: 1,
      expiresAt: new Date('2029-11-22T09:00:00Z'),
    });
    expect(certificate.contentHash).toMatch(/^[0-9a-f]{64}$|^sha256:/);
    const verified = await context
      .get(VerificationService)
      .verify(certificate.number.toLowerCase(), { channel: 'api' });
    expect(verified).toMatchObject({ status: 'valid', holderName: 'Zoë Łukasiewicz-Nguyễn' });
    const inbox = await context.get(NotificationsService).inbox(certificate.userId, { limit: 20, offset: 0 });
    expect(inbox.items.map((item) => item.kind)).toContain('certificate.issued');
  });

  it('records every check, even two hundred at once (grouped into few inserts)', async () => {
    const learner = await nearlyDone();
    await learner.claim();
    await learner.sign();
    const [certificate] = await context.get(CertificatesService).mine(learner.userId);
    const verification = context.get(VerificationService);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        verification.verify(index % 4 === 0 ? 'RA-0000-0000-0000-0000-0000-0000-000' : certificate!.number, {
          channel: 'api',
        }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 'valid')).toHaveLength(150);
    expect(
      await count(`SELECT count(*)::int AS count FROM verification_event WHERE number = $1`, [
        certificate!.number,
      ]),
    ).toBe(150);
    expect(
      await count(
        `SELECT count(*)::int AS count FROM verification_event WHERE result = 'unknown' AND number LIKE 'RA-0000%'`,
        [],
      ),
    ).toBe(50);
  });

  it('answers expired once past the course’s validity, and records it so', async () => {
    const learner = await nearlyDone();
    await learner.claim();
    await learner.sign();
    const [certificate] = await context.get(CertificatesService).mine(learner.userId);
    clock.set(new Date('2029-11-23T09:00:00Z'));
    const answer = await context.get(VerificationService).verify(certificate!.number, { channel: 'page' });
    expect(answer).toMatchObject({ status: 'expired', expiresAt: '2029-11-22T09:00:00.000Z' });
    expect(
      await count(
        `SELECT count(*)::int AS count FROM verification_event WHERE number = $1 AND result = 'expired'`,
        [certificate!.number],
      ),
    ).toBe(1);
  });

  it('states the version’s statements, the dates, degree, MOC and lab sign-off, and keeps them when the course and profile change', async () => {
    const first =
      'Regen Academy is accredited by the ACCME to provide continuing medical education for physicians.';
    clock.set(new Date('2026-11-22T09:00:00Z'));
    const mocCourse = await newPublishedCourse(context.module, {
      accreditationStatement: first,
      moc: [{ board: 'ABIM', points: 2, types: ['MK'] }],
    });
    const learner = await nearlyDone({
      course: mocCourse,
      reportTo: ['ABIM'],
      labStartsAt: new Date('2026-11-24T09:00:00Z'),
    });
    await context
      .get(ReportingProfileService)
      .update(learner.userId, { boards: [{ board: 'ABIM', boardId: '123456', consent: true }] });
    // Enrolled on 22 November (08:00 UTC); claimed and signed off two days later, in the lab (10:00 in Berlin).
    clock.set(new Date('2026-11-24T08:00:00Z'));
    await learner.claim();
    clock.set(new Date('2026-11-24T09:30:00Z'));
    await learner.sign();
    const service = context.get(CertificatesService);
    const [issued] = await service.mine(learner.userId);
    const statements = issued!.statements!;
    expect(statements).toMatchObject({
      accreditation: first,
      designation: expect.stringContaining('for a maximum of 2.00 AMA PRA Category 1 Credits™'),
      participation: { from: '2026-11-22T08:00:00.000Z', to: '2026-11-24T09:30:00.000Z' },
      degree: 'MD',
      moc: [{ board: 'ABIM', points: 2, types: ['Medical Knowledge'] }],
      handsOn: {
        labDates: { from: '2026-11-24', to: '2026-11-24' },
        session: {
          startsAt: '2026-11-24T09:00:00.000Z',
          endsAt: '2026-11-24T17:00:00.000Z',
          timeZone: 'Europe/Berlin',
        },
        venue: 'Anatomy teaching centre',
        instructor: expect.stringMatching(/^Dr Test \d+$/),
        entrustment: { level: 3, of: 5 },
      },
    });

    // The next version says something else, and the holder changes degree: the certificate does not.
    const courses = context.get(CoursesService);
    const draft = await courses.startDraft(mocCourse.courseId);
    const saved = await courses.saveDraft(mocCourse.courseId, draft.revision, {
      ...draft.content,
      accreditationStatement:
        'Regen Academy and Iliac Institute jointly provide this activity (joint providership).',
    });
    await courses.publish(mocCourse.courseId, saved.revision);
    await context.get(UsersService).updateProfile(learner.userId, {
      fullName: 'Zoë Łukasiewicz-Nguyễn',
      degree: 'DO',
      specialty: 'Sports medicine',
    });

    const again = await service.byNumber(issued!.number);
    expect(again.statements).toEqual(statements);
    const credential = (await service.credential(again)) as {
      credentialSubject: {
        name: string;
        activityStartDate: string;
        activityEndDate: string;
        achievement: { description: string };
      };
      evidence: { name: string }[];
    };
    expect(credential.credentialSubject).toMatchObject({
      name: 'Zoë Łukasiewicz-Nguyễn, MD',
      activityStartDate: '2026-11-22T08:00:00Z',
      activityEndDate: '2026-11-24T09:30:00Z',
    });
    expect(credential.credentialSubject.achievement.description).toContain(first);
    expect(credential.credentialSubject.achievement.description).not.toContain('joint providership');
    expect(credential.evidence.map((entry) => entry.name)).toEqual([
      'Hands-on skills lab sign-off',
      'ABIM MOC: 2 Medical Knowledge points',
    ]);

    const directory = await mkdtemp(join(tmpdir(), 'certificate-statements-'));
    try {
      const path = join(directory, 'certificate.pdf');
      await writeFile(path, await service.pdf(again));
      const { stdout } = await promisify(execFile)('pdftotext', [path, '-'], { encoding: 'utf8' });
      const text = stdout.replace(/\s+/g, ' ');
      expect(text).toContain('Zoë Łukasiewicz-Nguyễn, MD');
      expect(text).toContain('Participated 22 – 24 November 2026');
      expect(text).toContain('ABIM MOC: 2 Medical Knowledge points');
      expect(text).toContain(
        'Hands-on skills lab Tuesday, 24 November 2026, 10:00–18:00 Berlin time (CET), Anatomy teaching centre',
      );
      expect(text).toContain(first);
      expect(text).not.toContain('joint providership');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
