export * from './notifications.module';
export * from './notifications.service';
export * from './notification-error';
export * from './delivery/email-delivery.job';
export { EmailDeliveryService } from './delivery/email-delivery.service';
export * from './delivery/queue-pending-email.job';
export type { EmailAttachment, InboxPage, NotificationRow } from './notification.repository';
