import { Job } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { EmailDeliveryService } from './email-delivery.service';

/** Sends the e-mail notifications that are due, every minute. */
@Job({ name: 'notifications.deliver-email', cron: '* * * * *' })
export class EmailDeliveryJob implements JobDefinition {
  constructor(private readonly delivery: EmailDeliveryService) {}

  async run(): Promise<JobReport> {
    const { sent, retrying, failed } = await this.delivery.deliverDue();
    return { sent, retrying, failed };
  }
}
