import type { INestApplicationContext } from '@nestjs/common';
import { Database } from '@academy/core';
import { NotificationsService } from '@academy/notifications';
import type { NotificationMessage } from '@academy/notifications';

let counter = 0;

/** A message in this user's inbox, through the real service; answers its id. */
export async function newNotification(
  app: INestApplicationContext,
  userId: string,
  overrides: Partial<NotificationMessage> = {},
): Promise<string> {
  counter += 1;
  const notification = await app.get(NotificationsService).notify(userId, {
    kind: 'test.message',
    subject: `Message ${counter}`,
    body: `Body of message ${counter}.`,
    link: '/learning',
    ...overrides,
  });
  return notification.id;
}

/** An e-mail the platform gave up on (as after a 550), for a user; answers its outbox id. */
export async function newFailedEmail(app: INestApplicationContext, userId: string): Promise<string> {
  const notificationId = await newNotification(app, userId);
  const { rows } = await app.get(Database).execute<{ id: string }>(
    `INSERT INTO email_outbox (notification_id, status, attempts, last_error, next_attempt_at, created_at, failed_at)
     VALUES ($1, 'failed', 1, '550 Mailbox unavailable', now(), now(), now()) RETURNING id`,
    [notificationId],
  );
  return rows[0]!.id;
}
