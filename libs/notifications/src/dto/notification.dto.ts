import { ApiProperty } from '@nestjs/swagger';
import type { FailedEmail } from '../delivery/email-outbox.repository';
import type { InboxPage, NotificationRow } from '../notification.repository';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    description: 'What the message is about, e.g. `lab.booking_confirmed`',
    example: 'lab.booking_confirmed',
  })
  kind!: string;

  @ApiProperty({ maxLength: 200, example: 'Your skills-lab seat is booked' })
  subject!: string;

  @ApiProperty({ maxLength: 4000 })
  body!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Path in the app the message points to',
    example: '/learning',
  })
  link!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the user first marked it read',
  })
  readAt!: string | null;
}

export class NotificationListDto {
  /** Newest first */
  items!: NotificationDto[];

  /** Messages in the inbox */
  total!: number;

  /** Messages not yet read */
  unread!: number;
}

export function toNotificationDto(notification: NotificationRow): NotificationDto {
  return {
    id: notification.id,
    kind: notification.kind,
    subject: notification.subject,
    body: notification.body,
    link: notification.link,
    createdAt: notification.createdAt.toISOString(),
    readAt: notification.readAt?.toISOString() ?? null,
  };
}

export function toNotificationListDto(page: InboxPage): NotificationListDto {
  return { items: page.items.map(toNotificationDto), total: page.total, unread: page.unread };
}

export class FailedEmailDto {
  @ApiProperty({ format: 'uuid', description: 'The outbox e-mail (what a retry names)' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The notification it carries (the inbox message)' })
  notificationId!: string;

  @ApiProperty({ example: 'lab.booking_confirmed' })
  kind!: string;

  subject!: string;

  recipientName!: string;

  recipientEmail!: string;

  /** Attempts made */
  attempts!: number;

  /** Why the last attempt failed, e.g. the server’s answer `550 Mailbox unavailable` */
  lastError!: string | null;

  @ApiProperty({ format: 'date-time', description: 'When it was given up' })
  failedAt!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class FailedEmailListDto {
  /** Most recently given up first */
  items!: FailedEmailDto[];

  /** E-mails given up in all */
  total!: number;
}

export class EmailRetryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  /** Queued for another attempt */
  status!: 'pending';
}

export function toFailedEmailDto(email: FailedEmail): FailedEmailDto {
  return {
    ...email,
    failedAt: email.failedAt.toISOString(),
    createdAt: email.createdAt.toISOString(),
  };
}
