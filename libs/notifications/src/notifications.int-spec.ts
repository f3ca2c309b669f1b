import { Database, FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { newUser } from '../../../test/factories/users';
import { headersOf, partsOf, SmtpSink } from '../../../test/support/smtp-sink';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { EmailDeliveryService, RetryLater } from './delivery/email-delivery.service';
import { EmailOutboxRepository } from './delivery/email-outbox.repository';
import { NotificationErrorCode } from './notification-error';
import { NotificationsCoreModule } from './notifications.module';
import { NotificationMessage, NotificationsService } from './notifications.service';

const MINUTE = 60_000;
const PAGE = { limit: 20, offset: 0 };
const FIRST = { last: false };
const LAST = { last: true };

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  sentAt: Date | null;
  failedAt: Date | null;
  lastError: string | null;
}

const booking = (overrides: Partial<NotificationMessage> = {}): NotificationMessage => ({
  kind: 'lab.booking_confirmed',
  subject: 'Your skills-lab seat is booked',
  body: 'Bone marrow harvesting lab, 3 March 2026, 09:00 in Zürich.',
  link: '/learning',
  ...overrides,
});

describe('notifications: inbox, e-mail outbox and one job per e-mail on PostgreSQL, with a real SMTP server', () => {
  let sink: SmtpSink;
  let context: TestContext;
  let clock: FakeClock;
  let db: Database;
  let notifications: NotificationsService;
  let delivery: EmailDeliveryService;

  const outboxOf = async (notificationId: string): Promise<OutboxRow[]> =>
    (
      await db.execute<OutboxRow>(
        `SELECT id, status, attempts, sent_at AS "sentAt", failed_at AS "failedAt", last_error AS "lastError"
         FROM email_outbox WHERE notification_id = $1`,
        [notificationId],
      )
    ).rows;

  /** The send-email jobs waiting for the worker, by the e-mail they carry. */
  const queuedFor = async (outboxId: string): Promise<number> =>
    (
      await db.execute<{ count: number }>(
        `SELECT count(*)::int AS count FROM pgboss.job
         WHERE name = 'notifications.send-email' AND data ->> 'outboxId' = $1 AND singleton_key = $1
           AND state IN ('created', 'retry', 'active')`,
        [outboxId],
      )
    ).rows[0]!.count;

  /** What the worker does with the job of a notification's e-mail. */
  const deliverOf = async (notificationId: string, attempt = FIRST) =>
    delivery.deliver((await outboxOf(notificationId))[0]!.id, attempt);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    clock = new FakeClock(new Date('2026-02-10T08:00:00Z'));
    context = await createTestContext([IdentityCoreModule, NotificationsCoreModule], {
      clock,
      env: { SMTP_URL: sink.url, MAIL_FROM: 'Regen Academy <academy@regen.example>' },
    });
    db = context.get(Database);
    notifications = context.get(NotificationsService);
    delivery = context.get(EmailDeliveryService);
  });

  afterAll(async () => {
    await context.close();
    await sink.stop();
  });

  it('keeps nothing, queues nothing and sends nothing for a change that rolls back', async () => {
    const user = await newUser(context.module);
    await expect(
      db.withTransaction(async () => {
        await notifications.notify(user.id, booking());
        throw new Error('the booking failed');
      }),
    ).rejects.toThrow('the booking failed');

    expect(await notifications.inbox(user.id, PAGE)).toEqual({ items: [], total: 0, unread: 0 });
    const { rows } = await db.execute<{ count: number }>(
      `SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'notifications.send-email'`,
    );
    expect(rows[0]!.count).toBe(0);
    expect(sink.attemptsFor(user.email)).toBe(0);
  });

  it('queues one job per committed e-mail, and delivers it exactly once, with its link and attachment, though two runs race', async () => {
    const user = await newUser(context.module, { fullName: 'Dr Ada Marrow' });
    const calendar = 'BEGIN:VCALENDAR\r\nSUMMARY:Bone marrow lab – Zürich\r\nEND:VCALENDAR\r\n';
    const notification = await db.withTransaction(() =>
      notifications.notify(
        user.id,
        booking({ attachments: [{ filename: 'lab.ics', contentType: 'text/calendar', content: calendar }] }),
      ),
    );
    const [queued] = await outboxOf(notification.id);
    expect(await queuedFor(queued!.id)).toBe(1);
    // However often it is queued again (another process, the sweep), it has one job.
    expect(await notifications.queuePendingEmail()).toBe(0);
    expect(await queuedFor(queued!.id)).toBe(1);

    const outcomes = await Promise.all([deliverOf(notification.id), deliverOf(notification.id)]);
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(await deliverOf(notification.id)).toBe('skipped');

    const mails = sink.receivedFor(user.email);
    expect(mails).toHaveLength(1);
    const [outbox] = await outboxOf(notification.id);
    expect(outbox).toMatchObject({ status: 'sent', attempts: 1, sentAt: clock.now(), lastError: null });
    const headers = headersOf(mails[0]!.raw);
    expect(headers['message-id']).toBe(`<${outbox!.id}@localhost>`);
    expect(headers.from).toBe('Regen Academy <academy@regen.example>');
    expect(headers.to).toContain('Dr Ada Marrow');
    expect(headers.to).toContain(user.email);
    expect(headers.subject).toBe('Your skills-lab seat is booked');
    const [text, attachment] = partsOf(mails[0]!.raw);
    expect(text!.text).toContain('Bone marrow harvesting lab, 3 March 2026, 09:00 in Zürich.');
    expect(text!.text).toContain('http://localhost:3000/learning');
    expect(attachment!.headers['content-type']).toContain('text/calendar');
    expect(attachment!.headers['content-disposition']).toContain('lab.ics');
    expect(attachment!.text).toBe(calendar);

    const inbox = await notifications.inbox(user.id, PAGE);
    expect(inbox).toMatchObject({ total: 1, unread: 1, items: [{ id: notification.id, readAt: null }] });
  });

  it('resends an e-mail whose attempt never reported back (a crashed worker) once its lease ends, with the same Message-ID', async () => {
    const user = await newUser(context.module);
    const notification = await notifications.notify(user.id, booking());
    const [row] = await outboxOf(notification.id);
    // A worker claims it and dies before sending or recording anything.
    const claimed = await context
      .get(EmailOutboxRepository)
      .claim(row!.id, clock.now(), new Date(clock.now().getTime() + 2 * MINUTE));
    expect(claimed).toMatchObject({ userId: user.id, attempts: 1 });

    // The job's retry while the lease holds: nothing is sent twice.
    expect(await deliverOf(notification.id)).toBe('skipped');
    expect(sink.attemptsFor(user.email)).toBe(0);

    clock.advance(2 * MINUTE);
    expect(await deliverOf(notification.id)).toBe('sent');
    const mails = sink.receivedFor(user.email);
    expect(mails).toHaveLength(1);
    expect(headersOf(mails[0]!.raw)['message-id']).toBe(`<${row!.id}@localhost>`);
    expect((await outboxOf(notification.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('has the job retried when the server says "not now" (4xx), then delivers once', async () => {
    const user = await newUser(context.module);
    sink.refuseNext(1);
    const notification = await notifications.notify(user.id, booking());

    await expect(deliverOf(notification.id)).rejects.toBeInstanceOf(RetryLater);
    expect(sink.attemptsFor(user.email)).toBe(1);
    const [refused] = await outboxOf(notification.id);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1, failedAt: null });
    expect(refused!.lastError).toContain('451');

    expect(await deliverOf(notification.id)).toBe('sent');
    expect(sink.receivedFor(user.email)).toHaveLength(1);
    expect((await outboxOf(notification.id))[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: null,
    });
  });

  it('gives an e-mail up when its last attempt fails, keeping it in the inbox', async () => {
    const user = await newUser(context.module);
    sink.refuseNext(1);
    const notification = await notifications.notify(user.id, booking({ link: undefined }));

    expect(await deliverOf(notification.id, LAST)).toBe('failed');
    expect(await deliverOf(notification.id)).toBe('skipped');
    expect(sink.attemptsFor(user.email)).toBe(1);
    const [outbox] = await outboxOf(notification.id);
    expect(outbox).toMatchObject({ status: 'failed', attempts: 1, sentAt: null, failedAt: clock.now() });
    expect(outbox!.lastError).toContain('451');
    expect((await notifications.inbox(user.id, PAGE)).total).toBe(1);
  });

  it('gives an e-mail up at once when the server refuses it for good (5xx); an admin sees why and sends it again, once', async () => {
    const user = await newUser(context.module, { fullName: 'Dr Gone Away' });
    sink.refuseNext(1, { code: 550, text: 'Mailbox unavailable' });
    const notification = await notifications.notify(user.id, booking({ link: undefined }));

    expect(await deliverOf(notification.id)).toBe('failed');
    expect(sink.attemptsFor(user.email)).toBe(1);
    const [outbox] = await outboxOf(notification.id);
    expect(outbox).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect(outbox!.lastError).toContain('550');
    expect(outbox!.lastError).toContain('Mailbox unavailable');
    expect((await notifications.inbox(user.id, PAGE)).total).toBe(1);

    const failed = await notifications.failedEmails(PAGE);
    expect(failed.items).toContainEqual(
      expect.objectContaining({
        id: outbox!.id,
        recipientName: 'Dr Gone Away',
        recipientEmail: user.email,
        subject: 'Your skills-lab seat is booked',
        attempts: 1,
        lastError: expect.stringContaining('550 Mailbox unavailable'),
      }),
    );

    // The job of the first attempt is done: only the retry's job is waiting.
    await db.execute(`UPDATE pgboss.job SET state = 'completed' WHERE data ->> 'outboxId' = $1`, [
      outbox!.id,
    ]);
    await Promise.all(
      [notifications.retryEmail(outbox!.id), notifications.retryEmail(outbox!.id)].map((retry) =>
        retry.catch((error: { code?: string }) => error.code),
      ),
    );
    expect(await queuedFor(outbox!.id)).toBe(1);
    await expect(notifications.retryEmail(outbox!.id)).rejects.toMatchObject({
      code: NotificationErrorCode.NOTIFICATION_NOT_FOUND,
    });
    expect(await deliverOf(notification.id)).toBe('sent');
    expect((await outboxOf(notification.id))[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
      failedAt: null,
    });
    expect((await notifications.failedEmails(PAGE)).items.map((item) => item.id)).not.toContain(outbox!.id);
    const { rows } = await db.execute<{ action: string }>(
      `SELECT action FROM audit_event WHERE subject_id = $1`,
      [outbox!.id],
    );
    expect(rows).toEqual([{ action: 'email.retried' }]);
  });

  it('queues a job for a waiting e-mail that has none (one queued before e-mail went through jobs)', async () => {
    const user = await newUser(context.module);
    const notification = await notifications.notify(user.id, booking());
    const [row] = await outboxOf(notification.id);
    await db.execute(`DELETE FROM pgboss.job WHERE data ->> 'outboxId' = $1`, [row!.id]);
    expect(await queuedFor(row!.id)).toBe(0);
    expect(await notifications.queuePendingEmail()).toBe(1);
    expect(await queuedFor(row!.id)).toBe(1);
    expect(await notifications.queuePendingEmail()).toBe(0);
  });

  it('marks only the owner’s message read, once', async () => {
    const owner = await newUser(context.module);
    const other = await newUser(context.module);
    const notification = await notifications.notify(owner.id, booking());

    await expect(notifications.markRead(other.id, notification.id)).rejects.toMatchObject({
      code: NotificationErrorCode.NOTIFICATION_NOT_FOUND,
    });
    const read = await notifications.markRead(owner.id, notification.id);
    expect(read.readAt).toEqual(clock.now());
    clock.advance(MINUTE);
    expect((await notifications.markRead(owner.id, notification.id)).readAt).toEqual(read.readAt);
    expect(await notifications.inbox(owner.id, PAGE)).toMatchObject({ total: 1, unread: 0 });
  });

  it('lists the inbox newest first, a page at a time, counting all of it', async () => {
    const user = await newUser(context.module);
    for (const subject of ['First', 'Second', 'Third']) {
      await notifications.notify(user.id, booking({ subject }));
      clock.advance(MINUTE);
    }
    const first = await notifications.inbox(user.id, { limit: 2, offset: 0 });
    const rest = await notifications.inbox(user.id, { limit: 2, offset: 2 });
    expect(first.items.map((item) => item.subject)).toEqual(['Third', 'Second']);
    expect(rest.items.map((item) => item.subject)).toEqual(['First']);
    expect([first.total, first.unread, rest.total]).toEqual([3, 3, 3]);
  });

  it('lists messages written in the same instant newest first, in the order they were written', async () => {
    const user = await newUser(context.module);
    const subjects = ['One', 'Two', 'Three', 'Four', 'Five', 'Six'];
    for (const subject of subjects) await notifications.notify(user.id, booking({ subject }));
    const inbox = await notifications.inbox(user.id, { limit: 10, offset: 0 });
    expect(inbox.items.map((item) => item.subject)).toEqual([...subjects].reverse());
  });

  it('refuses a link that is not a path in the app', async () => {
    const user = await newUser(context.module);
    await expect(
      notifications.notify(user.id, booking({ link: 'https://elsewhere.example/' })),
    ).rejects.toThrow('path in the app');
    await expect(notifications.notify(user.id, booking({ link: '//elsewhere.example' }))).rejects.toThrow();
  });
});

describe('notifications without SMTP_URL', () => {
  let context: TestContext;

  beforeAll(async () => {
    context = await createTestContext([IdentityCoreModule, NotificationsCoreModule]);
  });

  afterAll(() => context.close());

  it('keeps the inbox message and queues no e-mail', async () => {
    const user = await newUser(context.module);
    const notification = await context.get(NotificationsService).notify(user.id, booking());

    const { rows } = await context
      .get(Database)
      .execute<{ count: number }>('SELECT count(*)::int AS count FROM email_outbox');
    expect(rows[0]!.count).toBe(0);
    await expect(context.get(Database).execute('SELECT 1 FROM pgboss.job')).rejects.toThrow();
    expect((await context.get(NotificationsService).inbox(user.id, PAGE)).items).toEqual([
      expect.objectContaining({ id: notification.id, subject: 'Your skills-lab seat is booked' }),
    ]);
  });
});
