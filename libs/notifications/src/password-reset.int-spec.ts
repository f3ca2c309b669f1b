import { Database, FakeClock } from '@academy/core';
import {
  AuthService,
  IdentityCoreModule,
  IdentityErrorCode,
  PasswordResetService,
  RESET_REQUEST_FLOOR_MS,
  UsersService,
} from '@academy/identity';
import { newUser } from '../../../test/factories/users';
import { deliverPending, SmtpSink } from '../../../test/support/smtp-sink';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { NotificationsCoreModule } from './notifications.module';
import { NotificationsService } from './notifications.service';

const MINUTE = 60_000;
const NEW_PASSWORD = 'a brand new passphrase';

/** Password reset as the holder lives it: the e-mail, the link, the new password, every device signed out. */
describe('password reset by e-mail', () => {
  let sink: SmtpSink;
  let context: TestContext;
  let clock: FakeClock;
  let db: Database;
  let resets: PasswordResetService;

  /** Sends what is waiting in the outbox, as the worker's jobs would. */
  const deliverAll = (): Promise<void> => deliverPending(context);

  /** The token of the newest reset link e-mailed to `email`. */
  function linkTokenFor(email: string): string {
    const match = /\/reset-password\?token=([\w-]+)/.exec(sink.newestText(email));
    if (!match) {
      throw new Error(`No reset link e-mailed to ${email}`);
    }
    return match[1]!;
  }

  beforeAll(async () => {
    sink = await SmtpSink.start();
    clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
    context = await createTestContext([IdentityCoreModule, NotificationsCoreModule], {
      clock,
      env: { SMTP_URL: sink.url },
    });
    db = context.get(Database);
    resets = context.get(PasswordResetService);
  });

  afterAll(async () => {
    await context.close();
    await sink.stop();
  });

  it('answers an address without an account as it answers one with, and as slowly', async () => {
    const user = await newUser(context.module);
    const timed = async (email: string) => {
      const started = Date.now();
      await resets.request(email);
      return Date.now() - started;
    };
    const [known, unknown] = [await timed(user.email), await timed('nobody-here@clinic.example')];
    expect(known).toBeGreaterThanOrEqual(RESET_REQUEST_FLOOR_MS - 5);
    expect(unknown).toBeGreaterThanOrEqual(RESET_REQUEST_FLOOR_MS - 5);
    await deliverAll();
    expect(sink.receivedFor(user.email)).toHaveLength(1);
    expect(sink.attemptsFor('nobody-here@clinic.example')).toBe(0);
  });

  it('e-mails a single-use link kept only as its hash, never in the inbox; the new password signs in and every old session ends', async () => {
    const user = await newUser(context.module);
    const auth = context.get(AuthService);
    const web = await auth.login(user.email, user.password, 'web');
    const api = await auth.login(user.email, user.password, 'api');
    await resets.request(` ${user.email.toUpperCase()} `);
    await deliverAll();
    const token = linkTokenFor(user.email);

    // Nowhere in the database: not the reset table, not the inbox, not the outbox once sent.
    const { rows } = await db.execute<{ row: string }>(
      `SELECT row_to_json(r)::text AS row FROM password_reset r
       UNION ALL SELECT row_to_json(n)::text FROM notification n
       UNION ALL SELECT row_to_json(o)::text FROM email_outbox o
       UNION ALL SELECT row_to_json(a)::text FROM audit_event a`,
    );
    expect(rows.filter((row) => row.row.includes(token))).toEqual([]);
    const inbox = await context.get(NotificationsService).inbox(user.id, { limit: 5, offset: 0 });
    expect(inbox.items[0]).toMatchObject({ kind: 'account.password_reset_requested', link: null });

    await expect(resets.isUsable(token)).resolves.toBe(true);
    await resets.complete(token, NEW_PASSWORD);
    await expect(auth.authenticate(web.token, 'web')).resolves.toBeNull();
    await expect(auth.authenticate(api.token, 'api')).resolves.toBeNull();
    await expect(auth.login(user.email, NEW_PASSWORD, 'web')).resolves.toMatchObject({
      token: expect.any(String),
    });

    // Used once: refused the second time, in words.
    await expect(resets.complete(token, 'yet another passphrase')).rejects.toMatchObject({
      code: IdentityErrorCode.RESET_LINK_INVALID,
      message: expect.stringContaining('Ask for a new one'),
    });
    // The holder is told.
    await deliverAll();
    expect(sink.newestText(user.email)).toContain('password of your account was reset');
    const { rows: audit } = await db.execute<{ action: string }>(
      `SELECT action FROM audit_event WHERE subject_id = $1 AND action LIKE 'user.password%' ORDER BY id`,
      [user.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['user.password_reset_requested', 'user.password_reset']);
  });

  it('refuses a link older than 30 minutes, a made-up one, and a weak password (keeping the link)', async () => {
    const user = await newUser(context.module);
    await resets.request(user.email);
    await deliverAll();
    const token = linkTokenFor(user.email);

    await expect(resets.complete(token, 'short')).rejects.toMatchObject({
      code: IdentityErrorCode.WEAK_PASSWORD,
    });
    await expect(resets.isUsable(token)).resolves.toBe(true);
    await expect(resets.complete(`${token}x`, NEW_PASSWORD)).rejects.toMatchObject({
      code: IdentityErrorCode.RESET_LINK_INVALID,
    });

    clock.advance(31 * MINUTE);
    await expect(resets.isUsable(token)).resolves.toBe(false);
    await expect(resets.complete(token, NEW_PASSWORD)).rejects.toMatchObject({
      code: IdentityErrorCode.RESET_LINK_INVALID,
    });
    await expect(context.get(AuthService).login(user.email, user.password, 'web')).resolves.toBeDefined();
  });

  it('sends at most three links an hour to one address, and none to a disabled account', async () => {
    const user = await newUser(context.module);
    for (let request = 0; request < 5; request++) {
      await resets.request(user.email);
    }
    await deliverAll();
    expect(sink.receivedFor(user.email)).toHaveLength(3);
    clock.advance(61 * MINUTE);
    await resets.request(user.email);
    await deliverAll();
    expect(sink.receivedFor(user.email)).toHaveLength(4);

    const admin = await newUser(context.module, { roles: ['admin'] });
    const disabled = await newUser(context.module);
    await context.get(UsersService).disable(disabled.id, admin.id);
    await resets.request(disabled.email);
    await deliverAll();
    expect(sink.attemptsFor(disabled.email)).toBe(0);
  });

  it('uses one link once when two requests race with it', async () => {
    const user = await newUser(context.module);
    await resets.request(user.email);
    await deliverAll();
    const token = linkTokenFor(user.email);
    const results = await Promise.allSettled([
      resets.complete(token, 'first racing passphrase'),
      resets.complete(token, 'second racing passphrase'),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});
