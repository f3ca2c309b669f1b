import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '@academy/identity';
import { InboxPagesController } from './controllers/inbox.pages.controller';
import { NotificationsController } from './controllers/notifications.controller';
import { EmailDeliveryJob } from './delivery/email-delivery.job';
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
    EmailDeliveryJob,
  ],
  exports: [NotificationsService, EmailDeliveryJob],
})
export class NotificationsCoreModule {}

/** The inbox over HTTP: the JSON API and the page. */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [NotificationsController, InboxPagesController],
})
export class NotificationsModule {}
