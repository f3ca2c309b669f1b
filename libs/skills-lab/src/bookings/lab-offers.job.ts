import { Injectable, Logger } from '@nestjs/common';
import type { JobDefinition } from '@academy/core';
import { BookingService } from './booking.service';

/**
 * Every minute: expires seat offers whose hold ran out (passing each seat on), warns learners
 * whose offer is about to expire, and reminds booked learners a day before their lab.
 */
@Injectable()
export class LabOffersJob implements JobDefinition {
  readonly name = 'skills-lab.offers-and-reminders';
  readonly cron = '* * * * *';
  private readonly logger = new Logger(LabOffersJob.name);

  constructor(private readonly bookings: BookingService) {}

  async run(): Promise<void> {
    const expired = await this.bookings.expireOffers();
    const warned = await this.bookings.warnExpiringOffers();
    const reminded = await this.bookings.sendReminders();
    if (expired + warned + reminded > 0) {
      this.logger.log({ expired, warned, reminded }, 'Processed lab offers and reminders');
    }
  }
}
