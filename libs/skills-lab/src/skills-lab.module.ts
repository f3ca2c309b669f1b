import { Module } from '@nestjs/common';
import { CatalogCoreModule } from '@academy/catalog';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule } from '@academy/learning';
import { NotificationsCoreModule } from '@academy/notifications';
import { RosterService } from './attendance/roster.service';
import { BookingRepository } from './bookings/booking.repository';
import { BookingService } from './bookings/booking.service';
import { LabCourseSteps } from './bookings/lab-course-steps';
import { LabOffersJob } from './bookings/lab-offers.job';
import { AdminLabsController } from './controllers/admin-labs.controller';
import { AdminLabsPagesController } from './controllers/admin-labs.pages.controller';
import { LabBookingsPagesController } from './controllers/lab-bookings.pages.controller';
import { RosterPagesController } from './controllers/roster.pages.controller';
import { BookingsController } from './controllers/bookings.controller';
import { LabsController } from './controllers/labs.controller';
import { RosterController } from './controllers/roster.controller';
import { LabScheduleService } from './labs/lab-schedule.service';
import { LabRepository } from './labs/lab.repository';

/** Skills labs, bookings, waitlists, attendance and checklists, without HTTP (the worker uses it too). */
@Module({
  imports: [CatalogCoreModule, IdentityCoreModule, LearningCoreModule, NotificationsCoreModule],
  providers: [
    LabRepository,
    BookingRepository,
    BookingService,
    LabScheduleService,
    RosterService,
    LabOffersJob,
    LabCourseSteps,
  ],
  exports: [BookingService, LabScheduleService, RosterService, LabOffersJob],
})
export class SkillsLabCoreModule {}

/** Skills labs over HTTP. */
@Module({
  imports: [SkillsLabCoreModule, CatalogCoreModule, IdentityCoreModule, LearningCoreModule],
  controllers: [
    LabsController,
    BookingsController,
    RosterController,
    AdminLabsController,
    LabBookingsPagesController,
    RosterPagesController,
    AdminLabsPagesController,
  ],
})
export class SkillsLabModule {}
