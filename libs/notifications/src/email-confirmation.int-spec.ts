import { Database, FakeClock } from '@academy/core';
import {
  EmailConfirmationService,
  IdentityCoreModule,
  IdentityErrorCode,
  UsersService,
} from '@academy/identity';
import { newUser, signUpBody, TEST_PASSWORD } from '../../../test/factories/users';
import { deliverPending, SmtpSink, textOf as textOfMail } from '../../../test/support/smtp-sink';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { NotificationsCoreModule } from './notifications.module';
import { NotificationsService } from './notifications.service';

const HOUR = 3_600_000;

/** E-mail verification as a physician lives it: the link at sign-up, resending it, changing the address. */
describe('e-mail confirmation', () => {
  let sink: SmtpSink;
  let context: TestContext;
  let clock: FakeClock;
  let db: Database;
  let confirmations: EmailConfirmationService;
  let users: UsersService;

  /** Sends what is waiting in the outbox, as the worker's jobs would. */
  const deliverAll = (): Promise<void> => deliverPending(context);

  function textOf(email: string, index = -1): string {
    return textOfMail(sink.receivedFor(email).at(index));
  }

  /** The token of the newest confirmation link e-mailed to `email`. */
  function linkTokenFor(email: string): string {
    const match = /\/confirm-email\?token=([\w-]+)/.exec(textOf(email));
    if (!match) {
      throw new Error(`No confirmation link e-mailed to ${email}`);
    }
    return match[1]!;
  }

  async function verified(userId: string): Promise<boolean> {
    return (await users.get(userId)).emailVerifiedAt !== null;
  }

  beforeAll(async () => {
    sink = await SmtpSink.start();
    clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
    context = await createTestContext([IdentityCoreModule, NotificationsCoreModule], {
      clock,
      env: { SMTP_URL: sink.url },
    });
    db = context.get(Database);
    confirmations = context.get(EmailConfirmationService);
    users = context.get(UsersService);
  });

  afterAll(async () => {
    await context.close();
    await sink.stop();
  });

  it('welcomes a new physician with one e-mail carrying a single-use link, kept only as its hash and never in the inbox', async () => {
    const body = signUpBody() as { email: string };
    const user = (await users.signUp(body as never))!;
    expect(await verified(user.id)).toBe(false);
    await deliverAll();
    expect(sink.receivedFor(body.email)).toHaveLength(1);
    expect(textOf(body.email)).toContain('confirm your address');
    const token = linkTokenFor(body.email);

    const { rows } = await db.execute<{ row: string }>(
      `SELECT row_to_json(c)::text AS row FROM email_confirmation c
       UNION ALL SELECT row_to_json(n)::text FROM notification n
       UNION ALL SELECT row_to_json(o)::text FROM email_outbox o
       UNION ALL SELECT row_to_json(a)::text FROM audit_event a`,
    );
    expect(rows.filter((row) => row.row.includes(token))).toEqual([]);
    const inbox = await context.get(NotificationsService).inbox(user.id, { limit: 5, offset: 0 });
    expect(inbox.items[0]).toMatchObject({ kind: 'account.welcome', link: '/courses' });

    await expect(confirmations.isUsable(token)).resolves.toBe(true);
    await expect(confirmations.confirm(token)).resolves.toEqual({ email: body.email, changed: false });
    expect(await verified(user.id)).toBe(true);
    await expect(confirmations.confirm(token)).rejects.toMatchObject({
      code: IdentityErrorCode.CONFIRMATION_LINK_INVALID,
      message: expect.stringContaining('ask for a new one'),
    });
    const { rows: audit } = await db.execute<{ action: string }>(
      `SELECT action FROM audit_event WHERE subject_id = $1 AND action LIKE 'user.email%' ORDER BY id`,
      [user.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['user.email_confirmation_sent', 'user.email_verified']);
  });

  it('refuses a link older than 48 hours and a made-up one; resends at most three links an hour', async () => {
    const body = signUpBody() as { email: string };
    const user = (await users.signUp(body as never))!;
    await deliverAll();
    const first = linkTokenFor(body.email);
    await expect(confirmations.confirm(`${first}x`)).rejects.toMatchObject({
      code: IdentityErrorCode.CONFIRMATION_LINK_INVALID,
    });
    clock.advance(49 * HOUR);
    await expect(confirmations.isUsable(first)).resolves.toBe(false);
    await expect(confirmations.confirm(first)).rejects.toMatchObject({
      code: IdentityErrorCode.CONFIRMATION_LINK_INVALID,
    });

    for (let resend = 0; resend < 3; resend++) {
      await expect(confirmations.resend(user.id)).resolves.toBe(body.email);
    }
    await expect(confirmations.resend(user.id)).rejects.toMatchObject({
      code: IdentityErrorCode.TOO_MANY_LINKS,
      status: 429,
    });
    await deliverAll();
    expect(sink.receivedFor(body.email)).toHaveLength(4);
    // The newest link works, and with it every older one stops.
    const older = /\/confirm-email\?token=([\w-]+)/.exec(textOf(body.email, -2))![1]!;
    await confirmations.confirm(linkTokenFor(body.email));
    await expect(confirmations.isUsable(older)).resolves.toBe(false);
    await expect(confirmations.resend(user.id)).rejects.toMatchObject({
      code: IdentityErrorCode.EMAIL_UNCHANGED,
      message: 'Your e-mail address is already confirmed.',
    });
  });

  it('changes the address only once the new one is confirmed, and tells the old one', async () => {
    const user = await newUser(context.module);
    const newEmail = `moved-${user.email}`;
    await expect(confirmations.requestChange(user.id, newEmail, 'not my password')).rejects.toMatchObject({
      code: IdentityErrorCode.WRONG_CURRENT_PASSWORD,
      field: 'currentPassword',
    });
    await expect(
      confirmations.requestChange(user.id, user.email.toUpperCase(), TEST_PASSWORD),
    ).rejects.toMatchObject({
      code: IdentityErrorCode.EMAIL_UNCHANGED,
    });
    await expect(
      confirmations.requestChange(user.id, ` ${newEmail.toUpperCase()} `, TEST_PASSWORD),
    ).resolves.toBe(newEmail);
    await deliverAll();
    // Nothing changes until the link is opened.
    expect((await users.get(user.id)).email).toBe(user.email);
    expect(textOf(newEmail)).toContain(`sign in to Regen Academy with ${newEmail}`);

    await expect(confirmations.confirm(linkTokenFor(newEmail))).resolves.toEqual({
      email: newEmail,
      changed: true,
    });
    const after = await users.get(user.id);
    expect(after).toMatchObject({ email: newEmail, emailVerifiedAt: clock.now() });
    expect(await users.findByEmail(user.email)).toBeNull();
    await deliverAll();
    expect(textOf(user.email)).toContain(`changed from ${user.email} to ${newEmail}`);
  });

  it('answers a change to a taken address as any other, sending nothing; a link overtaken by another account changes nothing', async () => {
    const user = await newUser(context.module);
    const other = await newUser(context.module);
    await expect(confirmations.requestChange(user.id, other.email, TEST_PASSWORD)).resolves.toBe(other.email);
    await deliverAll();
    expect(sink.receivedFor(other.email)).toHaveLength(0);

    const wanted = `wanted-${user.email}`;
    await confirmations.requestChange(user.id, wanted, TEST_PASSWORD);
    await deliverAll();
    const token = linkTokenFor(wanted);
    await newUser(context.module, { email: wanted });
    await expect(confirmations.confirm(token)).rejects.toMatchObject({ code: IdentityErrorCode.EMAIL_TAKEN });
    expect((await users.get(user.id)).email).toBe(user.email);
  });

  it('forgets the addresses an anonymised account asked to confirm', async () => {
    const admin = await newUser(context.module, { roles: ['admin'] });
    const user = await newUser(context.module);
    await confirmations.requestChange(user.id, `elsewhere-${user.email}`, TEST_PASSWORD);
    await users.anonymise(user.id, admin.id);
    const { rows } = await db.execute(`SELECT 1 FROM email_confirmation WHERE user_id = $1`, [user.id]);
    expect(rows).toEqual([]);
  });
});
