import { Database, FakeClock } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { newUser } from '../../../test/factories/users';
import { headersOf, partsOf, SmtpSink } from '../../../test/support/smtp-sink';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { EmailDeliveryJob } from './delivery/email-delivery.job';
import { EmailOutboxRepository } from './delivery/email-outbox.repository';
import { emailRetryDelayMs, emailRetrySchedule, MAX_EMAIL_ATTEMPTS } from './delivery/email-retry';
import { NotificationErrorCode } from './notification-error';
import { NotificationsCoreModule } from './notifications.module';
import { NotificationMessage, NotificationsService } from './notifications.service';

const MINUTE = 60_000;
const PAGE = { limit: 20, offset: 0 };

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  sentAt: Date | null;
  lastError: string | null;
}

const booking = (overrides: Partial<NotificationMessage> = {}): NotificationMessage => ({
  kind: 'lab.booking_confirmed',
  subject: 'Your skills-lab seat is booked',
  body: 'Bone marrow harvesting lab, 3 March 2026, 09:00 in Zürich.',
  link: '/learning',
  ...overrides,
});

describe('notifications: inbox and e-mail outbox on PostgreSQL with a real SMTP server', () => {
  let sink: SmtpSink;
  let context: TestContext;
  let clock: FakeClock;
  let db: Database;
  let notifications: NotificationsService;
  let job: EmailDeliveryJob;

  const outboxOf = async (notificationId: string): Promise<OutboxRow[]> =>
    (
      await db.execute<OutboxRow>(
        `SELECT id, status, attempts, next_attempt_at AS "nextAttemptAt", sent_at AS "sentAt",
                last_error AS "lastError"
         FROM email_outbox WHERE notification_id = $1`,
        [notificationId],
      )
    ).rows;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    clock = new FakeClock(new Date('2026-02-10T08:00:00Z'));
    context = await createTestContext([IdentityCoreModule, NotificationsCoreModule], {
      clock,
      env: { SMTP_URL: sink.url, MAIL_FROM: 'Regen Academy <academy@regen.example>' },
    });
    db = context.get(Database);
    notifications = context.get(NotificationsService);
    job = context.get(EmailDeliveryJob);
  });

  afterAll(async () => {
    await context.close();
    await sink.stop();
  });

  it('keeps nothing and sends nothing for a change that rolls back', async () => {
    const user = await newUser(context.module);
    await expect(
      db.withTransaction(async () => {
        await notifications.notify(user.id, booking());
        throw new Error('the booking failed');
      }),
    ).rejects.toThrow('the booking failed');

    await job.run();

    expect(await notifications.inbox(user.id, PAGE)).toEqual({ items: [], total: 0, unread: 0 });
    expect(sink.attemptsFor(user.email)).toBe(0);
  });

  it('delivers a committed message exactly once, with its link and attachment, though two runs race', async () => {
    const user = await newUser(context.module, { fullName: 'Dr Ada Marrow' });
    const calendar = 'BEGIN:VCALENDAR\r\nSUMMARY:Bone marrow lab – Zürich\r\nEND:VCALENDAR\r\n';
    const notification = await db.withTransaction(() =>
      notifications.notify(
        user.id,
        booking({ attachments: [{ filename: 'lab.ics', contentType: 'text/calendar', content: calendar }] }),
      ),
    );
    // More recipients make the two runs' claims overlap more often.
    const others = await Promise.all([1, 2, 3, 4].map(() => newUser(context.module)));
    for (const other of others) {
      await notifications.notify(other.id, booking());
    }

    await Promise.all([job.run(), job.run()]);
    await job.run();

    for (const other of others) {
      expect(sink.attemptsFor(other.email)).toBe(1);
    }
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

  it('skips e-mails another worker holds instead of waiting for them or sending them too', async () => {
    const user = await newUser(context.module);
    const notification = await notifications.notify(user.id, booking());
    let claimed!: () => void;
    const claimedInTransaction = new Promise<void>((resolve) => (claimed = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    // Another worker's claim, still uncommitted while this run goes.
    const otherWorker = db
      .withTransaction(async () => {
        await context.get(EmailOutboxRepository).claimDue(clock.now(), emailRetrySchedule(), 100);
        claimed();
        await finished;
        throw new Error('the other worker crashed');
      })
      .catch((error: unknown) => error);
    await claimedInTransaction;

    await job.run();
    expect(sink.attemptsFor(user.email)).toBe(0);

    // Its claim rolled back: the e-mail is due again, and the next run sends it.
    finish();
    expect(await otherWorker).toEqual(new Error('the other worker crashed'));
    await job.run();
    expect(sink.receivedFor(user.email)).toHaveLength(1);
    expect((await outboxOf(notification.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries a refused e-mail after the backoff, then delivers it once', async () => {
    const user = await newUser(context.module);
    sink.refuseNext(1);
    const notification = await notifications.notify(user.id, booking());

    await job.run();
    expect(sink.attemptsFor(user.email)).toBe(1);
    expect(sink.receivedFor(user.email)).toHaveLength(0);
    const [refused] = await outboxOf(notification.id);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
    expect(refused!.lastError).toContain('451');
    expect(refused!.nextAttemptAt).toEqual(new Date(clock.now().getTime() + MINUTE));

    // Not due yet: nothing is tried.
    clock.advance(MINUTE - 1000);
    await job.run();
    expect(sink.attemptsFor(user.email)).toBe(1);

    clock.advance(1000);
    await Promise.all([job.run(), job.run()]);
    expect(sink.attemptsFor(user.email)).toBe(2);
    expect(sink.receivedFor(user.email)).toHaveLength(1);
    expect((await outboxOf(notification.id))[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: null,
    });
  });

  it('resends an e-mail whose attempt never reported back (a crashed worker) after its lease, with the same Message-ID', async () => {
    const user = await newUser(context.module);
    const notification = await notifications.notify(user.id, booking());
    // A worker claims it and dies before sending or recording anything.
    const [claimed] = await context
      .get(EmailOutboxRepository)
      .claimDue(clock.now(), emailRetrySchedule(), 100);
    expect(claimed).toMatchObject({ userId: user.id, attempts: 1 });

    await job.run();
    expect(sink.attemptsFor(user.email)).toBe(0);

    clock.advance(emailRetryDelayMs(1));
    await job.run();
    const mails = sink.receivedFor(user.email);
    expect(mails).toHaveLength(1);
    expect(headersOf(mails[0]!.raw)['message-id']).toBe(`<${claimed!.id}@localhost>`);
    expect((await outboxOf(notification.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives an e-mail up after the last attempt, and tries it no more', async () => {
    const user = await newUser(context.module);
    sink.refuseNext(MAX_EMAIL_ATTEMPTS);
    const notification = await notifications.notify(user.id, booking({ link: undefined }));

    for (let attempt = 1; attempt <= MAX_EMAIL_ATTEMPTS; attempt++) {
      await job.run();
      clock.advance(emailRetryDelayMs(attempt));
    }
    clock.advance(24 * 60 * MINUTE);
    await job.run();

    expect(sink.attemptsFor(user.email)).toBe(MAX_EMAIL_ATTEMPTS);
    expect(sink.receivedFor(user.email)).toHaveLength(0);
    const [outbox] = await outboxOf(notification.id);
    expect(outbox).toMatchObject({ status: 'failed', attempts: MAX_EMAIL_ATTEMPTS, sentAt: null });
    expect(outbox!.lastError).toContain('451');
    // The inbox still has the message.
    expect((await notifications.inbox(user.id, PAGE)).total).toBe(1);
  });

  it('gives an e-mail up at once when the server refuses it for good (5xx), with its reason', async () => {
    const user = await newUser(context.module);
    sink.refuseNext(1, { code: 550, text: 'Mailbox unavailable' });
    const notification = await notifications.notify(user.id, booking({ link: undefined }));

    await job.run();
    clock.advance(24 * 60 * MINUTE);
    await job.run();

    expect(sink.attemptsFor(user.email)).toBe(1);
    const [outbox] = await outboxOf(notification.id);
    expect(outbox).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect(outbox!.lastError).toContain('550');
    expect(outbox!.lastError).toContain('Mailbox unavailable');
    expect((await notifications.inbox(user.id, PAGE)).total).toBe(1);
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
    await context.get(EmailDeliveryJob).run();

    const { rows } = await context
      .get(Database)
      .execute<{ count: number }>('SELECT count(*)::int AS count FROM email_outbox');
    expect(rows[0]!.count).toBe(0);
    expect((await context.get(NotificationsService).inbox(user.id, PAGE)).items).toEqual([
      expect.objectContaining({ id: notification.id, subject: 'Your skills-lab seat is booked' }),
    ]);
  });
});
