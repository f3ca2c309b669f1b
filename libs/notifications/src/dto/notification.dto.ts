import { ApiProperty } from '@nestjs/swagger';
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
  @ApiProperty({ type: [NotificationDto], description: 'Newest first' })
  items!: NotificationDto[];

  @ApiProperty({ description: 'Messages in the inbox' })
  total!: number;

  @ApiProperty({ description: 'Messages not yet read' })
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
