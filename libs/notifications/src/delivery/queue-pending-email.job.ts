import { Job } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { NotificationsService } from '../notifications.service';

/**
 * Every 10 minutes: makes sure every e-mail still waiting has its job (one an admin reopened, one
 * queued before e-mail went through jobs, one whose job was lost); the queue ignores the e-mails
 * that have one.
 */
@Job({ name: 'notifications.queue-pending-email', cron: '*/10 * * * *' })
export class QueuePendingEmailJob implements JobDefinition {
  constructor(private readonly notifications: NotificationsService) {}

  async run(): Promise<JobReport> {
    return { queued: await this.notifications.queuePendingEmail() };
  }
}
