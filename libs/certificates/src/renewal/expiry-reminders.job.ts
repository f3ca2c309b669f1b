import { Job } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { ExpiryRemindersService } from './expiry-reminders.service';

/**
 * Every hour: reminds holders of certificates expiring in 90, 60 or 30 days. Reminders are due by
 * window, so a run missed (a worker down for a day) is caught up by the next.
 */
@Job({ name: 'certificates.expiry-reminders', cron: '17 * * * *' })
export class ExpiryRemindersJob implements JobDefinition {
  constructor(private readonly reminders: ExpiryRemindersService) {}

  async run(): Promise<JobReport> {
    return { reminded: await this.reminders.sendDue() };
  }
}
