import { Injectable, Logger } from '@nestjs/common';
import type { JobDefinition } from '@academy/core';
import { EmailDeliveryService } from './email-delivery.service';

/** Sends the e-mail notifications that are due, every minute. */
@Injectable()
export class EmailDeliveryJob implements JobDefinition {
  readonly name = 'notifications.deliver-email';
  readonly cron = '* * * * *';
  private readonly logger = new Logger(EmailDeliveryJob.name);

  constructor(private readonly delivery: EmailDeliveryService) {}

  async run(): Promise<void> {
    const report = await this.delivery.deliverDue();
    // Quiet when there was nothing to do: this runs every minute.
    if (report.sent + report.retrying + report.failed > 0) {
      this.logger.log(report, 'Delivered e-mail notifications');
    }
  }
}
