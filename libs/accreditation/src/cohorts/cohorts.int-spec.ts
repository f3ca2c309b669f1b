import { CatalogCoreModule } from '@academy/catalog';
import { Database } from '@academy/core';
import { IdentityCoreModule, UsersService } from '@academy/identity';
import { LearningCoreModule, LearningService } from '@academy/learning';
import { EmailDeliveryService, NotificationsCoreModule } from '@academy/notifications';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { newUser, signUpBody } from '../../../../test/factories/users';
import { headersOf, partsOf, SmtpSink } from '../../../../test/support/smtp-sink';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AccreditationErrorCode } from '../accreditation-error';
import { AccreditationCoreModule } from '../accreditation.module';
import { CohortsService, RowReport } from './cohorts.service';

/** Cohorts as an admin enrols them from a list, and as the invited sign up. */
describe('cohorts', () => {
  let sink: SmtpSink;
  let context: TestContext;
  let cohorts: CohortsService;
  let db: Database;
  let admin: { id: string };

  async function enrolmentsOf(userId: string): Promise<number> {
    const { rows } = await db.execute<{ count: number }>(
      `SELECT count(*)::int AS count FROM enrolment WHERE user_id = $1`,
      [userId],
    );
    return rows[0]!.count;
  }

  async function deliverAll(): Promise<void> {
    const { rows } = await db.execute<{ id: string }>(`SELECT id FROM email_outbox WHERE status = 'pending'`);
    for (const { id } of rows) {
      await context.get(EmailDeliveryService).deliver(id, { last: true });
    }
  }

  const outcomes = (rows: RowReport[]) => rows.map((row) => [row.line, row.outcome]);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    context = await createTestContext(
      [
        IdentityCoreModule,
        CatalogCoreModule,
        LearningCoreModule,
        NotificationsCoreModule,
        AccreditationCoreModule,
      ],
      { env: { SMTP_URL: sink.url } },
    );
    cohorts = context.get(CohortsService);
    db = context.get(Database);
    admin = await newUser(context.module, { roles: ['admin'] });
  });

  afterAll(async () => {
    await context.close();
    await sink.stop();
  });

  it('enrols a mixed list, answering every line by its number; an invited address is enrolled as it signs up', async () => {
    const { courseId, slug } = await newPublishedCourse(context.module);
    const cohort = await cohorts.create('St Mary’s fellows 2027', courseId, admin.id);
    const ana = await newUser(context.module, { fullName: 'Dr Ana Lopez' });
    const ben = await newUser(context.module);
    await context.get(LearningService).enrol(ben.id, slug);
    const newcomer = signUpBody() as { email: string; fullName: string };
    const list = [
      'email,name',
      `${ana.email},Dr Ana Lopez`,
      `${ben.email}`,
      `${newcomer.email},${newcomer.fullName}`,
      'jane.doe@,Jane Doe',
      '',
      `${ana.email.toUpperCase()},Ana again`,
    ].join('\n');

    const report = await cohorts.addMembers(cohort.id, list, admin.id);
    expect(outcomes(report.rows)).toEqual([
      [2, 'enrolled'],
      [3, 'already_enrolled'],
      [4, 'invited'],
      [5, 'error'],
      [7, 'duplicate'],
    ]);
    expect(report.rows[3]!.message).toBe('line 5: “jane.doe@” is not an e-mail address.');
    expect(report.rows[4]!.message).toContain('line 7');
    expect(report.rows[4]!.message).toContain('line 2');
    expect(await enrolmentsOf(ana.id)).toBe(1);

    // The invitation is e-mailed to the address, with the link to create the account.
    await deliverAll();
    const mail = sink.receivedFor(newcomer.email).at(-1);
    expect(mail).toBeDefined();
    const text = partsOf(mail!.raw)[0]!.text;
    // Sent from the inviting admin's account, but not in the admin's name.
    expect(headersOf(mail!.raw).to).not.toContain('Dr Test');
    expect(text).toContain('St Mary’s fellows 2027');
    expect(text).toContain(`/signup?email=${encodeURIComponent(newcomer.email)}`);

    let detail = await cohorts.detail(cohort.id);
    expect(detail.counts).toMatchObject({ invited: 1, enrolled: 2 });

    const user = (await context.get(UsersService).signUp(newcomer as never))!;
    expect(await enrolmentsOf(user.id)).toBe(1);
    detail = await cohorts.detail(cohort.id);
    expect(detail.counts).toMatchObject({ invited: 0, enrolled: 3 });
    expect(detail.members.find((member) => member.email === newcomer.email)).toMatchObject({
      userId: user.id,
      stage: 'enrolled',
    });
  });

  it('enrols an invited learner whose account an admin makes, and not a staff account', async () => {
    const { courseId } = await newPublishedCourse(context.module);
    const cohort = await cohorts.create('Regional fellows', courseId, admin.id);
    const [learner, instructor] = [signUpBody(), signUpBody()] as { email: string; fullName: string }[];
    const report = await cohorts.addMembers(cohort.id, `${learner!.email}\n${instructor!.email}`, admin.id);
    expect(outcomes(report.rows)).toEqual([
      [1, 'invited'],
      [2, 'invited'],
    ]);
    const users = context.get(UsersService);
    const made = await users.createByAdmin({
      ...learner!,
      password: 'a fellow’s first password',
      roles: ['learner'],
    });
    const staff = await users.createByAdmin({
      ...instructor!,
      password: 'an instructor’s password',
      roles: ['instructor'],
    });
    expect(await enrolmentsOf(made.id)).toBe(1);
    expect(await enrolmentsOf(staff.id)).toBe(0);
    expect((await cohorts.detail(cohort.id)).counts).toMatchObject({ invited: 1, enrolled: 1 });
  });

  it('enrols nobody twice when the same list comes again', async () => {
    const { courseId } = await newPublishedCourse(context.module);
    const cohort = await cohorts.create('Re-upload cohort', courseId, admin.id);
    const learner = await newUser(context.module);
    const list = `${learner.email}\nnobody-yet-${Date.now()}@example.org\n`;
    await cohorts.addMembers(cohort.id, list, admin.id);
    const again = await cohorts.addMembers(cohort.id, list, admin.id);
    expect(outcomes(again.rows)).toEqual([
      [1, 'already_enrolled'],
      [2, 'already_invited'],
    ]);
    expect(await enrolmentsOf(learner.id)).toBe(1);
    expect((await cohorts.detail(cohort.id)).members).toHaveLength(2);
    const { rows } = await db.execute<{ count: number }>(
      `SELECT count(*)::int AS count FROM notification WHERE kind = 'cohort.invitation' AND link = $1`,
      [`/admin/cohorts/${cohort.id}`],
    );
    expect(rows[0]!.count).toBe(1);
  });

  it('keeps two lists sent at once from enrolling or inviting anyone twice', async () => {
    const { courseId } = await newPublishedCourse(context.module);
    const cohort = await cohorts.create('Concurrent cohort', courseId, admin.id);
    const people = await Promise.all([1, 2, 3, 4].map(() => newUser(context.module)));
    const newcomers = [1, 2, 3].map((n) => `concurrent-${n}-${Date.now()}@example.org`);
    const list = [...people.map((person) => person.email), ...newcomers].join('\n');
    const reports = await Promise.all([
      cohorts.addMembers(cohort.id, list, admin.id),
      cohorts.addMembers(cohort.id, list, admin.id),
    ]);
    for (const person of people) {
      expect(await enrolmentsOf(person.id)).toBe(1);
    }
    const all = reports.flatMap((report) => report.rows);
    expect(all.filter((row) => row.outcome === 'enrolled')).toHaveLength(people.length);
    expect(all.filter((row) => row.outcome === 'invited')).toHaveLength(newcomers.length);
    expect(all.filter((row) => row.outcome === 'error')).toHaveLength(0);
    expect((await cohorts.detail(cohort.id)).members).toHaveLength(people.length + newcomers.length);
  });

  it('forgets an anonymised member’s address and name, and keeps their place in the cohort', async () => {
    const { courseId } = await newPublishedCourse(context.module);
    const cohort = await cohorts.create('Anonymised cohort', courseId, admin.id);
    const learner = await newUser(context.module);
    await cohorts.addMembers(cohort.id, `${learner.email},Dr Forget Me`, admin.id);
    await context.get(UsersService).anonymise(learner.id, admin.id);
    const [member] = (await cohorts.detail(cohort.id)).members;
    expect(member).toMatchObject({ userId: learner.id, fullName: null, stage: 'enrolled' });
    expect(member!.email).toMatch(/@anonymised\.invalid$/);
  });

  it('refuses an unreadable list and a taken name in words, naming the field', async () => {
    const { courseId } = await newPublishedCourse(context.module);
    const cohort = await cohorts.create('Named once', courseId, admin.id);
    await expect(cohorts.create('NAMED ONCE', courseId, admin.id)).rejects.toMatchObject({
      code: AccreditationErrorCode.COHORT_NAME_TAKEN,
      field: 'name',
    });
    await expect(cohorts.addMembers(cohort.id, 'email\n\n', admin.id)).rejects.toMatchObject({
      code: AccreditationErrorCode.BAD_MEMBER_LIST,
      field: 'list',
      message: expect.stringContaining('The list is empty'),
    });
  });
});
