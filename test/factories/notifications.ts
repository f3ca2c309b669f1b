import type { INestApplicationContext } from '@nestjs/common';
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
