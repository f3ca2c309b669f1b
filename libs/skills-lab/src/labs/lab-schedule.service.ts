import { Injectable } from '@nestjs/common';
import { CatalogService } from '@academy/catalog';
import { AuditService, Clock, Database, isTimeZone, pgConstraint, timeZoneRefusal } from '@academy/core';
import { UsersService } from '@academy/identity';
import { NotificationsService } from '@academy/notifications';
import { BookingRepository } from '../bookings/booking.repository';
import { BookingService } from '../bookings/booking.service';
import { LabError, LabErrorCode } from '../skills-lab-error';
import { LabFields, LabRepository } from './lab.repository';
import { labPeriod, labTime } from './lab-time';
import { ChecklistStep, DEFAULT_CHECKLIST, Lab, LabWithQueue } from './lab.types';

/** What an admin sets when scheduling or changing a lab. */
export interface LabSchedule extends Pick<
  Lab,
  'title' | 'venueName' | 'venueAddress' | 'timeZone' | 'startsAt' | 'endsAt' | 'capacity'
> {
  /** Default: now. */
  bookingOpensAt?: Date;
  /** Default: the start. */
  bookingClosesAt?: Date;
  /** Default: 24 hours before the start (or the start, for a lab sooner than that). */
  cancellationCutoffAt?: Date;
  /** How long a freed seat is held for the next person waiting; default 24. */
  offerHoldHours?: number;
  /** Default (null): every module with a quiz. */
  requiredModuleIds?: string[] | null;
  /** Default: the bone marrow harvest checklist. */
  checklist?: ChecklistStep[];
  instructorIds: string[];
}

const DAY = 86_400_000;

function bad(field: string, message: string): LabError {
  return new LabError(LabErrorCode.BAD_SCHEDULE, message, field);
}

/** Admins schedule labs, change them, and assign instructors. */
@Injectable()
export class LabScheduleService {
  constructor(
    private readonly db: Database,
    private readonly labs: LabRepository,
    private readonly bookings: BookingRepository,
    private readonly booking: BookingService,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(filter: {
    courseId?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: LabWithQueue[]; total: number }> {
    return this.labs.findPage(filter);
  }

  /** Instructors an admin may assign. */
  instructors() {
    return this.users.withRole('instructor');
  }

  async schedule(courseId: string, schedule: LabSchedule): Promise<LabWithQueue> {
    const course = await this.catalog.getPublished(courseId).catch(() => {
      throw new LabError(
        LabErrorCode.COURSE_NOT_FOUND,
        'Labs are scheduled for published courses; no such course.',
        'courseId',
      );
    });
    const fields = await this.validate(
      schedule,
      course.content.modules.map((module) => module.id),
    );
    this.refuseOver(fields);
    const id = await this.db.withTransaction(async () => {
      const created = await this.labs.insert({ ...fields, courseId: course.courseId }, this.clock.now());
      await this.labs.replaceInstructors(created, schedule.instructorIds);
      await this.audit.record({
        action: 'lab.scheduled',
        subjectType: 'lab',
        subjectId: created,
        details: {
          courseId: course.courseId,
          startsAt: fields.startsAt.toISOString(),
          capacity: fields.capacity,
        },
      });
      return created;
    });
    return this.booking.getLab(id);
  }

  /**
   * Changes a lab. Capacity cannot go below the seats taken; added seats go to the waitlist as
   * offers; new times move every active booking (refused if a learner would overlap another lab);
   * the checklist is fixed once an instructor has recorded a step.
   */
  async change(labId: string, schedule: LabSchedule): Promise<LabWithQueue> {
    const existing = await this.booking.getLab(labId);
    const course = await this.catalog.getPublished(existing.courseId).catch(() => null);
    const fields = await this.validate(
      schedule,
      course ? course.content.modules.map((module) => module.id) : (existing.requiredModuleIds ?? []),
    );
    // A lab may keep the times it had (a past lab's seats or venue corrected), not move into the past.
    if (
      existing.startsAt.getTime() !== fields.startsAt.getTime() ||
      existing.endsAt.getTime() !== fields.endsAt.getTime()
    ) {
      this.refuseOver(fields);
    }
    try {
      await this.db.withTransaction(async () => {
        const lab = (await this.labs.lock(labId))!;
        if (fields.capacity < lab.seatsTaken) {
          throw new LabError(
            LabErrorCode.CAPACITY_BELOW_BOOKINGS,
            `${lab.seatsTaken} seats are taken; capacity cannot go below that.`,
            'capacity',
          );
        }
        if (
          JSON.stringify(fields.checklist) !== JSON.stringify(lab.checklist) &&
          (await this.bookings.countEntriesOfLab(labId)) > 0
        ) {
          throw new LabError(
            LabErrorCode.CHECKLIST_IN_USE,
            'Instructors have already recorded steps of this checklist; it can no longer change.',
            'checklist',
          );
        }
        await this.labs.update(labId, fields, this.clock.now());
        await this.labs.replaceInstructors(labId, schedule.instructorIds);
        const moved =
          lab.startsAt.getTime() !== fields.startsAt.getTime() ||
          lab.endsAt.getTime() !== fields.endsAt.getTime();
        const movedPeople = moved
          ? await this.bookings.moveActiveBookings(labId, fields.startsAt, fields.endsAt)
          : [];
        // Everyone holding a place hears of a new time or venue.
        const relocated = lab.venueName !== fields.venueName || lab.venueAddress !== fields.venueAddress;
        const people = moved ? movedPeople : relocated ? await this.bookings.activeUserIds(labId) : [];
        for (const userId of people) {
          await this.notifications.notify(userId, {
            kind: 'lab.changed',
            subject: `Changed: ${fields.title}`,
            body: `${fields.title} now takes place on ${labPeriod(fields)} at ${fields.venueName}, ${fields.venueAddress}. Your place is kept; download the calendar file again to update your calendar.`,
            link: '/me/bookings',
          });
        }
        // New seats go to whoever waits, in order.
        const updated = (await this.labs.lock(labId))!;
        for (let free = updated.capacity - updated.seatsTaken; free > 0; free--) {
          if (!(await this.bookings.lockFirstWaitlisted(labId))) {
            break;
          }
          await this.labs.takeSeat(labId);
          await this.booking.passSeatOn(updated, this.clock.now());
        }
        await this.audit.record({
          action: 'lab.changed',
          subjectType: 'lab',
          subjectId: labId,
          details: {
            capacity: { from: lab.capacity, to: fields.capacity },
            startsAt: { from: lab.startsAt.toISOString(), to: fields.startsAt.toISOString() },
          },
        });
      });
    } catch (error) {
      if (pgConstraint(error) === 'lab_booking_no_overlap') {
        throw bad(
          'startsAt',
          'At these times a booked learner would overlap another lab they hold a place in.',
        );
      }
      throw error;
    }
    return this.booking.getLab(labId);
  }

  /** Refuses times a lab would already be over at: nobody can book, attend or be signed off then. */
  private refuseOver(fields: { endsAt: Date; timeZone: string }): void {
    if (fields.endsAt <= this.clock.now()) {
      throw bad(
        'endsAt',
        `This lab would already be over: it ends ${labTime(fields.endsAt, fields.timeZone)}. Labs are scheduled for times still to come.`,
      );
    }
  }

  private async validate(schedule: LabSchedule, moduleIds: string[]): Promise<Omit<LabFields, 'courseId'>> {
    if (!isTimeZone(schedule.timeZone)) {
      throw bad('timeZone', timeZoneRefusal('timeZone', schedule.timeZone));
    }
    const { startsAt, endsAt } = schedule;
    if (endsAt <= startsAt) {
      throw bad('endsAt', 'endsAt must be after startsAt.');
    }
    if (endsAt.getTime() - startsAt.getTime() > 7 * DAY) {
      throw bad('endsAt', 'A lab lasts at most seven days.');
    }
    const bookingOpensAt =
      schedule.bookingOpensAt ?? new Date(Math.min(this.clock.now().getTime(), startsAt.getTime() - 1));
    const bookingClosesAt = schedule.bookingClosesAt ?? startsAt;
    const cancellationCutoffAt =
      schedule.cancellationCutoffAt ?? new Date(Math.max(startsAt.getTime() - DAY, bookingOpensAt.getTime()));
    if (bookingClosesAt > startsAt) {
      throw bad('bookingClosesAt', 'bookingClosesAt must be no later than startsAt.');
    }
    if (bookingOpensAt >= bookingClosesAt) {
      throw bad('bookingOpensAt', 'bookingOpensAt must be before bookingClosesAt.');
    }
    if (cancellationCutoffAt > startsAt) {
      throw bad('cancellationCutoffAt', 'cancellationCutoffAt must be no later than startsAt.');
    }
    const requiredModuleIds = schedule.requiredModuleIds ?? null;
    const unknown = (requiredModuleIds ?? []).filter((id) => !moduleIds.includes(id));
    if (unknown.length > 0) {
      throw bad('requiredModuleIds', `The course has no module ${unknown.join(', ')}.`);
    }
    const checklist = schedule.checklist ?? DEFAULT_CHECKLIST;
    if (new Set(checklist.map((step) => step.id)).size !== checklist.length) {
      throw bad('checklist', 'Each checklist step needs its own id.');
    }
    const instructors = await this.users.byIds(schedule.instructorIds);
    const notInstructors = schedule.instructorIds.filter(
      (id) =>
        !instructors.some((user) => user.id === id && user.roles.includes('instructor') && !user.disabledAt),
    );
    if (notInstructors.length > 0) {
      throw new LabError(
        LabErrorCode.NOT_AN_INSTRUCTOR,
        `instructorIds must name active instructors; not one: ${notInstructors.join(', ')}.`,
        'instructorIds',
      );
    }
    return {
      title: schedule.title,
      venueName: schedule.venueName,
      venueAddress: schedule.venueAddress,
      timeZone: schedule.timeZone,
      startsAt,
      endsAt,
      capacity: schedule.capacity,
      bookingOpensAt,
      bookingClosesAt,
      cancellationCutoffAt,
      offerHoldMinutes: Math.round((schedule.offerHoldHours ?? 24) * 60),
      requiredModuleIds,
      checklist,
    };
  }
}
