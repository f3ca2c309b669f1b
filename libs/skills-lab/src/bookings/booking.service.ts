import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  calendarDayIn,
  durationInWords,
  AppSecret,
  AuditService,
  Clock,
  Database,
  pgConstraint,
  pgErrorCode,
  SqlExpression,
} from '@academy/core';
import { UsersService } from '@academy/identity';
import { LearningService } from '@academy/learning';
import { NotificationsService } from '@academy/notifications';
import type { EmailAttachment, StatementMessage } from '@academy/notifications';
import { LabRepository } from '../labs/lab.repository';
import { labPeriod, labTime, readerInZone } from '../labs/lab-time';
import type { Booking, HeldPlace, Lab, LabWithQueue, LabWithWaitlist } from '../labs/lab.types';
import { LabError, LabErrorCode } from '../skills-lab-error';
import { BookingRepository, BookingWithPosition } from './booking.repository';
import { academyOrganizer, bookingCalendar } from './lab-calendar';
import { offerExpiringMessage, reminderMessage, seatOfferMessage } from './lab-messages';
import { formatTicketCode, newTicketCode } from './ticket';
import type { TicketSigner } from './ticket';

/** What a booking's calendar file says of it. */
type CalendarBooking = Pick<Booking, 'id' | 'status' | 'calendarSequence'>;

/** A booking with its lab and the lab's queue, as the learner sees it. */
export interface BookingView {
  booking: BookingWithPosition;
  lab: LabWithWaitlist;
}

// The constraints that guard a learner's places, and what each means to the learner.
const PLACE_CONSTRAINTS: Record<string, [LabErrorCode, string]> = {
  lab_booking_one_place_per_lab: [LabErrorCode.ALREADY_HOLDS_PLACE, 'You already have a place in this lab.'],
  lab_booking_one_place_per_course: [
    LabErrorCode.PLACE_IN_OTHER_LAB,
    'You already have a place in another lab of this course; cancel it before booking this one.',
  ],
  lab_booking_no_overlap: [
    LabErrorCode.OVERLAPS_BOOKING,
    'This lab overlaps another lab you have a place in.',
  ],
};

/** The error of booking `lab` while holding `held`, as the lab's constraints would refuse it; null when none. */
function placeConflict(held: HeldPlace[], lab: Lab): LabError | null {
  for (const place of held) {
    const [code, message] =
      place.labId === lab.id
        ? PLACE_CONSTRAINTS.lab_booking_one_place_per_lab!
        : place.courseId === lab.courseId
          ? PLACE_CONSTRAINTS.lab_booking_one_place_per_course!
          : place.startsAt < lab.endsAt && lab.startsAt < place.endsAt
            ? PLACE_CONSTRAINTS.lab_booking_no_overlap!
            : [];
    if (code && message) {
      return new LabError(code, message);
    }
  }
  return null;
}

/**
 * Booking seats in skills labs: a seat while one is free, else a place on the waitlist. A freed
 * seat is offered to the head of the waitlist for a limited time; accepting confirms it,
 * declining or letting it expire passes it on. The seat count is a conditional update on the lab
 * row (`seats_taken < capacity`, with a CHECK behind it); every change to a lab's seats and queue
 * runs with that row locked, so concurrent bookings, cancellations and expiries happen one after
 * another and the waitlist keeps the order of joining.
 */
@Injectable()
export class BookingService {
  private signer?: Promise<TicketSigner>;

  constructor(
    private readonly db: Database,
    private readonly labs: LabRepository,
    private readonly bookings: BookingRepository,
    private readonly learning: LearningService,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly secret: AppSecret,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The signer of tickets, derived once: the application secret does not change while the
   * process runs (a booking rush would otherwise derive the key for every booking).
   */
  private ticketSigner(): Promise<TicketSigner> {
    this.signer ??= this.secret.signer('lab-ticket').catch((error: unknown) => {
      this.signer = undefined;
      throw error;
    });
    return this.signer;
  }

  /** Labs of a course that have not ended, with seats left and queue length (one query). */
  upcomingLabs(courseId: string): Promise<LabWithQueue[]> {
    return this.labs.findUpcomingForCourse(courseId, this.clock.now());
  }

  labsForInstructor(userId: string, since: Date): Promise<LabWithQueue[]> {
    return this.labs.findForInstructor(userId, since);
  }

  async getLab(labId: string): Promise<LabWithQueue> {
    const lab = await this.labs.findById(labId);
    if (!lab) {
      throw new LabError(LabErrorCode.LAB_NOT_FOUND, 'No such skills lab.');
    }
    return lab;
  }

  /**
   * Why the learner may not book this lab yet, or null when they may: enrolled, required modules
   * passed, requirement not already met, booking window open, no place held that the lab's
   * constraints would refuse. `placesChecked: false` leaves the places to those constraints (the
   * booking itself, which maps their refusal to the same errors).
   */
  async eligibility(
    userId: string,
    lab: Lab,
    options: { outsideWindow?: boolean; placesChecked?: boolean } = {},
  ): Promise<{ enrolmentId: string } | LabError> {
    const now = this.clock.now();
    // An admin adding a learner (a walk-in, a phone booking) is not bound by the booking window.
    if (!options.outsideWindow && now < lab.bookingOpensAt) {
      return new LabError(
        LabErrorCode.BOOKING_CLOSED,
        `Booking for this lab opens on ${labTime(lab.bookingOpensAt, lab.timeZone)}.`,
      );
    }
    if (!options.outsideWindow && now >= lab.bookingClosesAt) {
      return new LabError(
        LabErrorCode.BOOKING_CLOSED,
        `Booking for this lab closed on ${labTime(lab.bookingClosesAt, lab.timeZone)}.`,
      );
    }
    const study = await this.learning.enrolmentInCourse(userId, lab.courseId);
    if (!study) {
      return new LabError(LabErrorCode.NOT_ENROLLED, 'Enrol in the course before booking its skills lab.');
    }
    if (study.enrolment.labCompletedAt) {
      return new LabError(
        LabErrorCode.REQUIREMENT_ALREADY_MET,
        'You have already met the skills-lab requirement of this course.',
      );
    }
    const required = study.course.content.modules.filter((module) =>
      lab.requiredModuleIds ? lab.requiredModuleIds.includes(module.id) : module.quiz !== undefined,
    );
    const missing = required.filter((module) => !study.passed.has(module.id));
    if (missing.length > 0) {
      const error = new LabError(
        LabErrorCode.MODULES_NOT_PASSED,
        `Pass ${missing.length === 1 ? 'this module' : 'these modules'} before booking: ${missing
          .map((module) => module.title)
          .join('; ')}.`,
      );
      error.problems = { modules: missing.map((module) => module.title) };
      return error;
    }
    if (options.placesChecked !== false) {
      const conflict = placeConflict(await this.bookings.findHeldPlaces(userId), lab);
      if (conflict) {
        return conflict;
      }
    }
    return { enrolmentId: study.enrolment.id };
  }

  /**
   * Books a seat, or a place on the waitlist when the lab is full. An admin may book for a
   * learner outside the booking window; every other rule holds.
   *
   * A hot path (a rush on a popular lab): two reads (the lab; the enrolment with its passed
   * modules, its course version being kept once read) and one statement that takes the place and
   * writes the booking, its audit event and its message together, so the lab row is locked only
   * while the server runs that statement. The places the learner already holds are left to the
   * constraints that statement meets. The answer is built from what was read and written, not
   * read back.
   */
  async book(userId: string, labId: string, options: { byAdmin?: boolean } = {}): Promise<BookingView> {
    const lab = await this.labs.findForBooking(labId);
    if (!lab) {
      throw new LabError(LabErrorCode.LAB_NOT_FOUND, 'No such skills lab.');
    }
    // The places the learner holds are the constraints' to check, in the booking's statement.
    const eligible = await this.eligibility(userId, lab, {
      outsideWindow: options.byAdmin,
      placesChecked: false,
    });
    if (eligible instanceof LabError) {
      throw eligible;
    }
    const now = this.clock.now();
    const id = randomUUID();
    const ticketCode = newTicketCode(await this.ticketSigner());
    const seated = new SqlExpression('(SELECT seated FROM placed)');
    const waiting = new SqlExpression('(SELECT NOT seated FROM placed)');
    const position = new SqlExpression('(SELECT position FROM placed)');
    const audit = this.audit.eventPart(
      'audit',
      (['lab_booking.confirmed', 'lab_booking.waitlisted'] as const).map((action) => ({
        when: action === 'lab_booking.confirmed' ? seated : waiting,
        record: {
          action,
          subjectType: 'lab_booking',
          subjectId: id,
          details: { labId: lab.id, position, byAdmin: options.byAdmin === true },
        },
      })),
    );
    const message = this.notifications.messagePart('notice', userId, [
      {
        when: seated,
        message: this.confirmedMessage({ id, status: 'confirmed', calendarSequence: 0 }, ticketCode, lab),
      },
      { when: waiting, message: this.waitlistedMessage(id, position, lab) },
    ]);
    let placed: Awaited<ReturnType<BookingRepository['place']>>;
    try {
      placed = await this.bookings.place(
        {
          id,
          labId: lab.id,
          courseId: lab.courseId,
          userId,
          enrolmentId: eligible.enrolmentId,
          startsAt: lab.startsAt,
          endsAt: lab.endsAt,
          ticketCode,
          now,
        },
        [audit, message.part],
      );
    } catch (error) {
      const place = PLACE_CONSTRAINTS[pgConstraint(error) ?? ''];
      if (place && (pgErrorCode(error) === '23505' || pgErrorCode(error) === '23P01')) {
        // Which constraint trips first depends on the order the database checks them and, in a
        // race, on the interleaving; what the learner holds now (a racing winner has committed)
        // says what happened, as `eligibility` would have said it.
        throw (
          placeConflict(await this.bookings.findHeldPlaces(userId), lab) ?? new LabError(place[0], place[1])
        );
      }
      throw error;
    }
    await this.db.afterCommitOrNow(message.queued);
    const { seatsTaken, waitlistLength, ...booking } = placed;
    return { booking, lab: { ...lab, seatsTaken, waitlistLength } };
  }

  async myBookings(userId: string): Promise<BookingView[]> {
    const bookings = await this.bookings.findForUser(userId, 100);
    const labs = new Map(
      (await this.labs.findByIds([...new Set(bookings.map((booking) => booking.labId))])).map((lab) => [
        lab.id,
        lab,
      ]),
    );
    return bookings.map((booking) => ({ booking, lab: labs.get(booking.labId)! }));
  }

  async myBooking(userId: string, bookingId: string): Promise<BookingView> {
    const booking = await this.bookings.findById(bookingId);
    if (!booking || booking.userId !== userId) {
      throw new LabError(LabErrorCode.BOOKING_NOT_FOUND, 'You have no booking with this id.');
    }
    return { booking, lab: await this.getLab(booking.labId) };
  }

  /**
   * Gives up a seat (before the cancellation cutoff), a waitlist place or an offer. A freed seat
   * goes to the head of the waitlist as an offer.
   */
  async cancel(userId: string, bookingId: string): Promise<BookingView> {
    const { booking } = await this.myBooking(userId, bookingId);
    await this.db.withTransaction(async () => {
      const lab = (await this.labs.lock(booking.labId))!;
      const current = (await this.bookings.lock(booking.id))!;
      const now = this.clock.now();
      if (current.status === 'offered') {
        await this.endOffer(current, lab, 'declined', now);
        return;
      }
      if (current.status !== 'confirmed' && current.status !== 'waitlisted') {
        throw new LabError(LabErrorCode.NOT_CANCELLABLE, `This booking is already ${current.status}.`);
      }
      if (current.attendance) {
        throw new LabError(
          LabErrorCode.NOT_CANCELLABLE,
          'Attendance is recorded; this booking can no longer change.',
        );
      }
      if (current.status === 'confirmed' && now >= lab.cancellationCutoffAt) {
        throw new LabError(
          LabErrorCode.CANCELLATION_CLOSED,
          `Cancellation closed on ${labTime(lab.cancellationCutoffAt, lab.timeZone)}; contact the academy.`,
        );
      }
      const cancelled = (await this.bookings.transition(current.id, current.status, 'cancelled', now))!;
      await this.audit.record({
        action: 'lab_booking.cancelled',
        subjectType: 'lab_booking',
        subjectId: current.id,
        details: { labId: lab.id, was: current.status },
      });
      await this.notifications.notify(current.userId, {
        kind: 'lab.booking_cancelled',
        subject: `Cancelled: ${lab.title}`,
        body: `Your ${current.status === 'confirmed' ? 'seat' : 'waitlist place'} in ${lab.title} on ${labPeriod(lab)} is cancelled.`,
        link: '/me/bookings',
        attachments: current.status === 'confirmed' ? [this.calendarAttachment(cancelled, lab)] : [],
      });
      if (current.status === 'confirmed') {
        await this.passSeatOn(lab, now);
      }
    });
    return this.myBooking(userId, bookingId);
  }

  /** Accepts an offered seat before the offer expires. */
  async accept(userId: string, bookingId: string): Promise<BookingView> {
    const { booking, lab } = await this.myBooking(userId, bookingId);
    await this.db.withTransaction(async () => {
      await this.labs.lock(lab.id);
      const current = (await this.bookings.lock(booking.id))!;
      const now = this.clock.now();
      if (current.status !== 'offered') {
        throw new LabError(
          current.status === 'expired' ? LabErrorCode.OFFER_EXPIRED : LabErrorCode.NO_OFFER,
          current.status === 'expired'
            ? 'This offer has expired; the seat went to the next person waiting.'
            : `There is no seat on offer for this booking (it is ${current.status}).`,
        );
      }
      if (now >= current.offerExpiresAt!) {
        throw new LabError(
          LabErrorCode.OFFER_EXPIRED,
          'This offer has expired; the seat went to the next person waiting.',
        );
      }
      const confirmed = (await this.bookings.transition(current.id, 'offered', 'confirmed', now))!;
      await this.audit.record({
        action: 'lab_booking.offer_accepted',
        subjectType: 'lab_booking',
        subjectId: current.id,
        details: { labId: lab.id },
      });
      await this.notifyConfirmed(confirmed, lab);
    });
    return this.myBooking(userId, bookingId);
  }

  /** Declines an offered seat; it goes to the next person waiting. */
  async decline(userId: string, bookingId: string): Promise<BookingView> {
    const { booking } = await this.myBooking(userId, bookingId);
    await this.db.withTransaction(async () => {
      const lab = (await this.labs.lock(booking.labId))!;
      const current = (await this.bookings.lock(booking.id))!;
      if (current.status !== 'offered') {
        throw new LabError(
          LabErrorCode.NO_OFFER,
          `There is no seat on offer for this booking (it is ${current.status}).`,
        );
      }
      await this.endOffer(current, lab, 'declined', this.clock.now());
    });
    return this.myBooking(userId, bookingId);
  }

  /**
   * Expires offers whose hold has run out and passes each seat on (the worker calls this every
   * minute). Each offer is re-checked under its lab's lock, so running it twice, or in two
   * workers, changes nothing the second time.
   */
  async expireOffers(): Promise<number> {
    let expired = 0;
    for (const due of await this.bookings.findDueOffers(this.clock.now(), 500)) {
      await this.db.withTransaction(async () => {
        const lab = (await this.labs.lock(due.labId))!;
        const current = (await this.bookings.lock(due.id))!;
        const now = this.clock.now();
        if (current.status === 'offered' && current.offerExpiresAt! <= now) {
          await this.endOffer(current, lab, 'expired', now);
          expired++;
        }
      });
    }
    return expired;
  }

  /** Warns learners whose offer is about to expire; each offer once. */
  async warnExpiringOffers(): Promise<number> {
    return this.db.withTransaction(async () => {
      const now = this.clock.now();
      const offers = await this.bookings.claimOffersToWarn(now);
      const labs = await this.labsById(offers);
      const zones = await this.zonesOf(offers.map((offer) => offer.userId));
      for (const offer of offers) {
        const lab = labs.get(offer.labId)!;
        await this.notifications.notify(offer.userId, {
          kind: 'lab.offer_expiring',
          ...offerExpiringMessage(lab, offer.offerExpiresAt!, readerInZone(zones.get(offer.userId), now)),
          link: '/me/bookings',
        });
      }
      return offers.length;
    });
  }

  /** Reminds confirmed learners a day before their lab; each booking once. */
  async sendReminders(): Promise<number> {
    return this.db.withTransaction(async () => {
      const now = this.clock.now();
      const bookings = await this.bookings.claimReminders(now);
      const labs = await this.labsById(bookings);
      // "Today" or "tomorrow" is the learner's own calendar's word: a lab two hours away is today.
      const zones = await this.zonesOf(bookings.map((booking) => booking.userId));
      for (const booking of bookings) {
        const lab = labs.get(booking.labId)!;
        await this.notifications.notify(booking.userId, {
          kind: 'lab.reminder',
          ...reminderMessage(lab, booking.ticketCode, readerInZone(zones.get(booking.userId), now)),
          link: `/me/bookings/${booking.id}`,
        });
      }
      return bookings.length;
    });
  }

  /** The booking's calendar file (a CANCEL once it is no longer confirmed). */
  async calendar(userId: string, bookingId: string): Promise<{ filename: string; ics: string }> {
    const { booking, lab } = await this.myBooking(userId, bookingId);
    if (booking.status !== 'confirmed' && booking.status !== 'cancelled') {
      throw new LabError(
        LabErrorCode.NOT_CONFIRMED,
        'A calendar file comes with a confirmed seat; this booking is ' + booking.status + '.',
      );
    }
    return {
      // The day of the lab on the venue's calendar, as the learner's ticket says it.
      filename: `skills-lab-${calendarDayIn(lab.startsAt, lab.timeZone)}.ics`,
      ics: this.ics(booking, lab),
    };
  }

  /** After a seat is freed (lab locked): offer it to the head of the waitlist, or free it. */
  async passSeatOn(lab: Lab, now: Date): Promise<void> {
    const next = now < lab.startsAt ? await this.bookings.lockFirstWaitlisted(lab.id) : null;
    if (!next) {
      await this.labs.releaseSeat(lab.id);
      return;
    }
    const expiresAt = new Date(
      Math.min(now.getTime() + lab.offerHoldMinutes * 60_000, lab.startsAt.getTime()),
    );
    await this.bookings.transition(next.id, 'waitlisted', 'offered', now, expiresAt);
    await this.audit.record({
      action: 'lab_booking.offered',
      subjectType: 'lab_booking',
      subjectId: next.id,
      details: { labId: lab.id, expiresAt: expiresAt.toISOString() },
    });
    const zones = await this.zonesOf([next.userId]);
    await this.notifications.notify(next.userId, {
      kind: 'lab.offer',
      ...seatOfferMessage(lab, expiresAt, readerInZone(zones.get(next.userId), now)),
      link: `/me/bookings/${next.id}`,
    });
  }

  private async endOffer(offer: Booking, lab: Lab, to: 'declined' | 'expired', now: Date): Promise<void> {
    await this.bookings.transition(offer.id, 'offered', to, now);
    await this.audit.record({
      action: to === 'declined' ? 'lab_booking.offer_declined' : 'lab_booking.offer_expired',
      subjectType: 'lab_booking',
      subjectId: offer.id,
      details: { labId: lab.id },
    });
    if (to === 'expired') {
      await this.notifications.notify(offer.userId, {
        kind: 'lab.offer_expired',
        subject: `Seat offer expired: ${lab.title}`,
        body: `The seat held for you in ${lab.title} was not accepted in time and has gone to the next person waiting.`,
        link: '/me/bookings',
      });
    }
    await this.passSeatOn(lab, now);
  }

  private async notifyConfirmed(booking: Booking, lab: Lab): Promise<void> {
    const { body, attachments, ...message } = this.confirmedMessage(booking, booking.ticketCode, lab);
    await this.notifications.notify(booking.userId, {
      ...message,
      body: body.join(''),
      attachments: attachments(),
    });
  }

  /** The message of a confirmed seat, its calendar file made only when asked for (for an e-mail). */
  private confirmedMessage(
    booking: CalendarBooking,
    ticketCode: string,
    lab: Lab,
  ): StatementMessage & { body: string[]; attachments: () => EmailAttachment[] } {
    return {
      kind: 'lab.booking_confirmed',
      subject: `Booked: ${lab.title}`,
      body: [
        `Your seat in ${lab.title} on ${labPeriod(lab)} at ${lab.venueName}, ${
          lab.venueAddress
        } is confirmed. Your ticket: ${formatTicketCode(ticketCode)}.`,
      ],
      link: `/me/bookings/${booking.id}`,
      attachments: () => [this.calendarAttachment(booking, lab)],
    };
  }

  /** The message of a waitlist place; its position is known once the place is taken. */
  private waitlistedMessage(bookingId: string, position: SqlExpression, lab: Lab): StatementMessage {
    return {
      kind: 'lab.waitlisted',
      subject: `On the waitlist: ${lab.title}`,
      body: [
        `${lab.title} is full; you are number `,
        position,
        ` on the waitlist. If a seat frees up, it is offered to you and held for ${durationInWords(lab.offerHoldMinutes * 60_000)}.`,
      ],
      link: `/me/bookings/${bookingId}`,
    };
  }

  private calendarAttachment(booking: CalendarBooking, lab: Lab): EmailAttachment {
    return {
      filename: 'skills-lab.ics',
      contentType: 'text/calendar; charset=utf-8',
      content: this.ics(booking, lab),
    };
  }

  private ics(booking: CalendarBooking, lab: Lab): string {
    return bookingCalendar(booking, lab, {
      publicUrl: this.config.publicUrl,
      stamp: this.clock.now(),
      organizer: academyOrganizer(this.config.cmeProviderName, this.config.mailFrom),
    });
  }

  /** Each person's stored time zone (null when unknown), in one query. */
  private async zonesOf(userIds: string[]): Promise<Map<string, string | null>> {
    if (userIds.length === 0) {
      return new Map();
    }
    return new Map((await this.users.byIds(userIds)).map((user) => [user.id, user.timeZone]));
  }

  private async labsById(bookings: Booking[]): Promise<Map<string, LabWithQueue>> {
    const labs = await this.labs.findByIds([...new Set(bookings.map((booking) => booking.labId))]);
    return new Map(labs.map((lab) => [lab.id, lab]));
  }
}
