import { Job } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { BookingService } from './booking.service';

/**
 * Every minute: expires seat offers whose hold ran out (passing each seat on), warns learners
 * whose offer is about to expire, and reminds booked learners a day before their lab.
 */
@Job({ name: 'skills-lab.offers-and-reminders', cron: '* * * * *' })
export class LabOffersJob implements JobDefinition {
  constructor(private readonly bookings: BookingService) {}

  async run(): Promise<JobReport> {
    return {
      expired: await this.bookings.expireOffers(),
      warned: await this.bookings.warnExpiringOffers(),
      reminded: await this.bookings.sendReminders(),
    };
  }
}
