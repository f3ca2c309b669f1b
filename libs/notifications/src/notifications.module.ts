import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '@academy/identity';
import { AdminEmailsController } from './controllers/admin-emails.controller';
import { AdminEmailsPagesController } from './controllers/admin-emails.pages.controller';
import { InboxPagesController } from './controllers/inbox.pages.controller';
import { NotificationsController } from './controllers/notifications.controller';
import { SendEmailJob } from './delivery/email-delivery.job';
import { QueuePendingEmailJob } from './delivery/queue-pending-email.job';
import { EmailDeliveryService } from './delivery/email-delivery.service';
import { EmailOutboxRepository } from './delivery/email-outbox.repository';
import { NotificationRepository } from './notification.repository';
import { NotificationsService } from './notifications.service';

/** Inbox and e-mail outbox, without HTTP: what other features and the worker use. */
@Module({
  imports: [IdentityCoreModule],
  providers: [
    NotificationRepository,
    EmailOutboxRepository,
    NotificationsService,
    EmailDeliveryService,
    SendEmailJob,
    QueuePendingEmailJob,
  ],
  exports: [NotificationsService, SendEmailJob, QueuePendingEmailJob],
})
export class NotificationsCoreModule {}

/** The inbox over HTTP (the JSON API and the page), and the admins' view of e-mail not delivered. */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [
    NotificationsController,
    InboxPagesController,
    AdminEmailsController,
    AdminEmailsPagesController,
  ],
})
export class NotificationsModule {}
