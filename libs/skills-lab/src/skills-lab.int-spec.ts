import { AuditService, Database, FakeClock } from '@academy/core';
import { LearningService } from '@academy/learning';
import { NotificationsService } from '@academy/notifications';
import { eligibleLearner, newLab } from '../../../test/factories/labs';
import { newPublishedCourse } from '../../../test/factories/courses';
import { enrolReady } from '../../../test/factories/enrolments';
import { newUser } from '../../../test/factories/users';
import { parsedCalendar } from '../../../test/support/icalendar-rules';
import { createTestContext, TestContext } from '../../../test/support/test-app';
import { RosterService } from './attendance/roster.service';
import { BookingService } from './bookings/booking.service';
import { formatTicketCode } from './bookings/ticket';
import { DEFAULT_CHECKLIST } from './labs/lab.types';
import { LabScheduleService } from './labs/lab-schedule.service';
import { LabErrorCode } from './skills-lab-error';
import { SkillsLabCoreModule } from './skills-lab.module';

const HOUR = 3_600_000;

describe('skills labs', () => {
  const clock = new FakeClock(new Date('2026-11-22T09:00:00Z'));
  let context: TestContext;
  let bookings: BookingService;
  let course: { courseId: string; slug: string };

  beforeAll(async () => {
    context = await createTestContext([SkillsLabCoreModule], {
      clock,
      env: {
        MAIL_FROM: 'Regen Academy skills labs <labs@academy.test>',
        CME_PROVIDER_NAME: 'Regen Academy CME',
      },
    });
    bookings = context.get(BookingService);
    course = await newPublishedCourse(context.module);
  });

  afterAll(() => context.close());

  beforeEach(() => clock.set(new Date('2026-11-22T09:00:00Z')));

  async function seats(
    labId: string,
  ): Promise<{ taken: number; confirmed: number; offered: number; waitlisted: number }> {
    const { rows } = await context.get(Database).execute<{
      taken: number;
      confirmed: number;
      offered: number;
      waitlisted: number;
    }>(
      `SELECT l.seats_taken AS taken,
         count(*) FILTER (WHERE b.status = 'confirmed')::int AS confirmed,
         count(*) FILTER (WHERE b.status = 'offered')::int AS offered,
         count(*) FILTER (WHERE b.status = 'waitlisted')::int AS waitlisted
       FROM lab_session l LEFT JOIN lab_booking b ON b.lab_id = l.id WHERE l.id = $1 GROUP BY l.id`,
      [labId],
    );
    return rows[0]!;
  }

  it('refuses booking until the required modules are passed, naming them', async () => {
    const lab = await newLab(context.module, course.courseId);
    const learner = await newUser(context.module);
    await expect(bookings.book(learner.id, lab.id)).rejects.toMatchObject({
      code: LabErrorCode.NOT_ENROLLED,
    });
    await enrolReady(context.module, learner.id, course.slug);
    await expect(bookings.book(learner.id, lab.id)).rejects.toMatchObject({
      code: LabErrorCode.MODULES_NOT_PASSED,
      message: 'Pass these modules before booking: Landmarks; Aspiration.',
    });
    const learning = context.get(LearningService);
    const { enrolment, course: version } = await learning.enrolmentFor(learner.id, course.slug);
    await learning.recordModulePassed(enrolment.id, version.content.modules[0]!.id);
    await expect(bookings.book(learner.id, lab.id)).rejects.toMatchObject({
      message: 'Pass this module before booking: Aspiration.',
    });
  });

  it('books within the window only, one place per course, never two overlapping labs', async () => {
    const learner = await eligibleLearner(context.module, course.slug);
    const later = await newLab(context.module, course.courseId, {
      bookingOpensAt: new Date(clock.now().getTime() + HOUR),
    });
    await expect(bookings.book(learner.id, later.id)).rejects.toMatchObject({
      code: LabErrorCode.BOOKING_CLOSED,
    });

    const first = await newLab(context.module, course.courseId);
    const booked = await bookings.book(learner.id, first.id);
    expect(booked.booking.status).toBe('confirmed');
    await expect(bookings.book(learner.id, first.id)).rejects.toMatchObject({
      code: LabErrorCode.ALREADY_HOLDS_PLACE,
    });
    const second = await newLab(context.module, course.courseId, {
      startsAt: new Date(clock.now().getTime() + 20 * 24 * HOUR),
    });
    await expect(bookings.book(learner.id, second.id)).rejects.toMatchObject({
      code: LabErrorCode.PLACE_IN_OTHER_LAB,
    });

    // Another course's lab at the same time overlaps.
    const other = await newPublishedCourse(context.module);
    await enrolReady(context.module, learner.id, other.slug);
    const learning = context.get(LearningService);
    const { enrolment, course: version } = await learning.enrolmentFor(learner.id, other.slug);
    for (const module of version.content.modules) {
      await learning.recordModulePassed(enrolment.id, module.id);
    }
    const clash = await newLab(context.module, other.courseId, {
      startsAt: new Date(first.startsAt.getTime() + 2 * HOUR),
    });
    await expect(bookings.book(learner.id, clash.id)).rejects.toMatchObject({
      code: LabErrorCode.OVERLAPS_BOOKING,
    });
    // Nothing was lost: the refusals left the seat counts alone.
    expect(await seats(first.id)).toMatchObject({ taken: 1, confirmed: 1 });
    expect(await seats(clash.id)).toMatchObject({ taken: 0 });
  });

  it('answers every losing twin of a concurrent booking “already holds a place”, whatever constraint it trips', async () => {
    for (let round = 0; round < 6; round++) {
      const learner = await eligibleLearner(context.module, course.slug);
      const lab = await newLab(context.module, course.courseId, {
        startsAt: new Date(clock.now().getTime() + (40 + round) * 24 * HOUR),
      });
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => bookings.book(learner.id, lab.id)),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const codes = results
        .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
        .map((result) => (result.reason as { code?: string }).code);
      expect(codes).toEqual(Array.from({ length: 5 }, () => LabErrorCode.ALREADY_HOLDS_PLACE));
      expect(await seats(lab.id)).toMatchObject({ taken: 1, confirmed: 1 });
    }
  });

  it('cascades a freed seat down the waitlist: decline, expiry and acceptance', async () => {
    const lab = await newLab(context.module, course.courseId, { capacity: 1, offerHoldHours: 24 });
    const [a, b, c, d] = [
      await eligibleLearner(context.module, course.slug),
      await eligibleLearner(context.module, course.slug),
      await eligibleLearner(context.module, course.slug),
      await eligibleLearner(context.module, course.slug),
    ] as const;
    const seatA = await bookings.book(a.id, lab.id);
    const placeB = await bookings.book(b.id, lab.id);
    const placeC = await bookings.book(c.id, lab.id);
    const placeD = await bookings.book(d.id, lab.id);
    expect(
      [seatA, placeB, placeC, placeD].map((view) => [view.booking.status, view.booking.position]),
    ).toEqual([
      ['confirmed', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
      ['waitlisted', 3],
    ]);

    // A cancels: B is offered the seat for 24 hours; nobody else can take it meanwhile.
    await bookings.cancel(a.id, seatA.booking.id);
    const offerB = await bookings.myBooking(b.id, placeB.booking.id);
    expect(offerB.booking.status).toBe('offered');
    expect(offerB.booking.offerExpiresAt).toEqual(new Date(clock.now().getTime() + 24 * HOUR));
    expect((await bookings.myBooking(c.id, placeC.booking.id)).booking.position).toBe(1);
    expect(await seats(lab.id)).toMatchObject({ taken: 1, offered: 1, waitlisted: 2 });

    // B declines: C is offered.
    await bookings.decline(b.id, placeB.booking.id);
    expect((await bookings.myBooking(c.id, placeC.booking.id)).booking.status).toBe('offered');

    // C lets it expire: the job passes it to D; a second run (or a late accept) changes nothing.
    clock.advance(24 * HOUR);
    const [first, second] = await Promise.all([bookings.expireOffers(), bookings.expireOffers()]);
    expect(first + second).toBe(1);
    expect((await bookings.myBooking(c.id, placeC.booking.id)).booking.status).toBe('expired');
    await expect(bookings.accept(c.id, placeC.booking.id)).rejects.toMatchObject({
      code: LabErrorCode.OFFER_EXPIRED,
    });
    const before = await seats(lab.id);
    expect(await bookings.expireOffers()).toBe(0);
    expect(await seats(lab.id)).toEqual(before);
    expect(before).toMatchObject({ taken: 1, offered: 1, waitlisted: 0 });

    // D accepts: confirmed with a ticket.
    const accepted = await bookings.accept(d.id, placeD.booking.id);
    expect(accepted.booking.status).toBe('confirmed');
    expect(await seats(lab.id)).toMatchObject({ taken: 1, confirmed: 1, offered: 0 });

    // Each step told the learner.
    const inbox = context.get(NotificationsService);
    expect((await inbox.inbox(b.id, { limit: 10, offset: 0 })).items.map((n) => n.kind).sort()).toEqual([
      'lab.offer',
      'lab.waitlisted',
    ]);
    expect((await inbox.inbox(c.id, { limit: 10, offset: 0 })).items.map((n) => n.kind).sort()).toEqual([
      'lab.offer',
      'lab.offer_expired',
      'lab.waitlisted',
    ]);
    expect((await inbox.inbox(d.id, { limit: 10, offset: 0 })).items.map((n) => n.kind).sort()).toEqual([
      'lab.booking_confirmed',
      'lab.offer',
      'lab.waitlisted',
    ]);
  });

  it('frees the seat when the last offer expires with nobody waiting', async () => {
    const lab = await newLab(context.module, course.courseId, { capacity: 1, offerHoldHours: 2 });
    const a = await eligibleLearner(context.module, course.slug);
    const b = await eligibleLearner(context.module, course.slug);
    const seatA = await bookings.book(a.id, lab.id);
    await bookings.book(b.id, lab.id);
    await bookings.cancel(a.id, seatA.booking.id);
    clock.advance(2 * HOUR);
    expect(await bookings.expireOffers()).toBe(1);
    expect(await seats(lab.id)).toMatchObject({ taken: 0, confirmed: 0, offered: 0, waitlisted: 0 });
  });

  it('warns once before an offer expires and reminds once a day before the lab', async () => {
    const lab = await newLab(context.module, course.courseId, {
      capacity: 1,
      startsAt: new Date(clock.now().getTime() + 3 * 24 * HOUR),
    });
    const a = await eligibleLearner(context.module, course.slug);
    const b = await eligibleLearner(context.module, course.slug);
    const seatA = await bookings.book(a.id, lab.id);
    const placeB = await bookings.book(b.id, lab.id);
    await bookings.cancel(a.id, seatA.booking.id);
    expect(await bookings.warnExpiringOffers()).toBe(0);
    clock.advance(19 * HOUR);
    expect(await bookings.warnExpiringOffers()).toBe(1);
    expect(await bookings.warnExpiringOffers()).toBe(0);
    await bookings.accept(b.id, placeB.booking.id);

    expect(await bookings.sendReminders()).toBe(0);
    clock.set(new Date(lab.startsAt.getTime() - 23 * HOUR));
    expect(await bookings.sendReminders()).toBeGreaterThanOrEqual(1);
    expect(await bookings.sendReminders()).toBe(0);
    const kinds = (await context.get(NotificationsService).inbox(b.id, { limit: 10, offset: 0 })).items.map(
      (n) => n.kind,
    );
    expect(kinds.filter((kind) => kind === 'lab.offer_expiring')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'lab.reminder')).toHaveLength(1);
  });

  it('enforces the cancellation cutoff on the server clock', async () => {
    const lab = await newLab(context.module, course.courseId);
    const learner = await eligibleLearner(context.module, course.slug);
    const seat = await bookings.book(learner.id, lab.id);
    clock.set(new Date(lab.cancellationCutoffAt.getTime() + 1));
    await expect(bookings.cancel(learner.id, seat.booking.id)).rejects.toMatchObject({
      code: LabErrorCode.CANCELLATION_CLOSED,
    });
    expect((await bookings.myBooking(learner.id, seat.booking.id)).booking.status).toBe('confirmed');
  });

  it('offers added capacity to the waitlist in order, and refuses capacity below the seats taken', async () => {
    const lab = await newLab(context.module, course.courseId, { capacity: 1 });
    const learners = [
      await eligibleLearner(context.module, course.slug),
      await eligibleLearner(context.module, course.slug),
      await eligibleLearner(context.module, course.slug),
    ];
    const views = [];
    for (const learner of learners) {
      views.push(await bookings.book(learner.id, lab.id));
    }
    const schedule = context.get(LabScheduleService);
    const base = {
      title: lab.title,
      venueName: lab.venueName,
      venueAddress: lab.venueAddress,
      timeZone: lab.timeZone,
      startsAt: lab.startsAt,
      endsAt: lab.endsAt,
      bookingOpensAt: lab.bookingOpensAt,
      instructorIds: lab.instructorIds,
    };
    await schedule.change(lab.id, { ...base, capacity: 2 });
    expect((await bookings.myBooking(learners[1]!.id, views[1]!.booking.id)).booking.status).toBe('offered');
    expect((await bookings.myBooking(learners[2]!.id, views[2]!.booking.id)).booking.position).toBe(1);
    await expect(schedule.change(lab.id, { ...base, capacity: 1 })).rejects.toMatchObject({
      code: LabErrorCode.CAPACITY_BELOW_BOOKINGS,
    });
  });

  it('moves every place with a rescheduled lab and tells the learners', async () => {
    const lab = await newLab(context.module, course.courseId);
    const learner = await eligibleLearner(context.module, course.slug);
    const seat = await bookings.book(learner.id, lab.id);
    const before = parsedCalendar((await bookings.calendar(learner.id, seat.booking.id)).ics);
    await context.get(LabScheduleService).change(lab.id, {
      title: lab.title,
      venueName: lab.venueName,
      venueAddress: lab.venueAddress,
      timeZone: lab.timeZone,
      startsAt: new Date(lab.startsAt.getTime() + 24 * HOUR),
      endsAt: new Date(lab.endsAt.getTime() + 24 * HOUR),
      capacity: lab.capacity,
      bookingOpensAt: lab.bookingOpensAt,
      instructorIds: lab.instructorIds,
    });
    const after = parsedCalendar((await bookings.calendar(learner.id, seat.booking.id)).ics);
    const [was, now] = [before.event, after.event];
    expect(now.uid).toBe(was.uid);
    expect(now.sequence).toBe(was.sequence + 1);
    expect(now.startDate.toJSDate().getTime() - was.startDate.toJSDate().getTime()).toBe(24 * HOUR);
    const inbox = await context.get(NotificationsService).inbox(learner.id, { limit: 10, offset: 0 });
    expect(inbox.items.map((item) => item.kind)).toContain('lab.changed');
  });

  it('writes a calendar file a real iCalendar parser reads, and a CANCEL after cancelling', async () => {
    const lab = await newLab(context.module, course.courseId);
    const learner = await eligibleLearner(context.module, course.slug);
    const seat = await bookings.book(learner.id, lab.id);
    // parsedCalendar fails on any RFC 5545 rule the file breaks (UTC DTSTAMP, ORGANIZER, CRLF, ...).
    const { calendar: confirmed, event } = parsedCalendar(
      (await bookings.calendar(learner.id, seat.booking.id)).ics,
    );
    expect(confirmed.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(confirmed.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    expect(event.uid).toContain(seat.booking.id);
    expect(event.startDate.zone?.tzid).toBe('Europe/Berlin');
    // 09:00 UTC on a winter day is 10:00 in Berlin.
    expect(event.startDate.toString()).toBe(
      new Intl.DateTimeFormat('sv', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'medium' })
        .format(lab.startsAt)
        .replace(' ', 'T'),
    );
    expect(event.location).toContain('Anatomy teaching centre');
    // The academy sends it, by its provider name and from the address its e-mails come from.
    const organizer = event.component.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:labs@academy.test');
    expect(organizer.getParameter('cn')).toBe('Regen Academy CME');

    await bookings.cancel(learner.id, seat.booking.id);
    const { calendar: cancelled, event: cancelledEvent } = parsedCalendar(
      (await bookings.calendar(learner.id, seat.booking.id)).ics,
    );
    expect(cancelled.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelledEvent.uid).toBe(event.uid);
    expect(cancelledEvent.sequence).toBeGreaterThan(event.sequence);
    expect(cancelled.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('checks in by ticket, signs the checklist, and meets the lab requirement', async () => {
    const lab = await newLab(context.module, course.courseId);
    const instructor = { userId: lab.instructor!.id, roles: lab.instructor!.roles };
    const learner = await eligibleLearner(context.module, course.slug);
    const seat = await bookings.book(learner.id, lab.id);
    const roster = context.get(RosterService);
    const typed = formatTicketCode(seat.booking.ticketCode).toLowerCase().replace(/-/g, ' ');

    await expect(roster.checkIn(instructor, lab.id, typed)).rejects.toMatchObject({
      code: LabErrorCode.CHECK_IN_CLOSED,
    });
    clock.set(lab.startsAt);
    const forged = `${seat.booking.ticketCode.slice(0, 12)}00000000`;
    await expect(roster.checkIn(instructor, lab.id, forged)).rejects.toMatchObject({
      code: LabErrorCode.BAD_TICKET,
    });
    const outsider = await newUser(context.module, { roles: ['instructor'] });
    await expect(
      roster.checkIn({ userId: outsider.id, roles: ['instructor'] }, lab.id, typed),
    ).rejects.toMatchObject({
      code: LabErrorCode.NOT_LAB_INSTRUCTOR,
    });
    expect((await roster.checkIn(instructor, lab.id, typed)).attendance).toBe('present');

    await expect(roster.sign(instructor, lab.id, seat.booking.id)).rejects.toMatchObject({
      code: LabErrorCode.CHECKLIST_INCOMPLETE,
    });
    for (const step of DEFAULT_CHECKLIST) {
      await roster.recordStep(instructor, lab.id, seat.booking.id, {
        stepId: step.id,
        level: step.id === 'aspiration' ? 2 : 4,
      });
    }
    // One step below its level: signed, but the requirement is not met.
    const signed = await roster.sign(instructor, lab.id, seat.booking.id);
    expect(signed.met).toBe(false);
    const learning = context.get(LearningService);
    expect((await learning.myCourse(learner.id, course.slug)).labCompleted).toBe(false);

    // Signed is final for the instructor; an admin may amend, and the change is audited.
    await expect(
      roster.recordStep(instructor, lab.id, seat.booking.id, { stepId: 'aspiration', level: 4 }),
    ).rejects.toMatchObject({ code: LabErrorCode.ALREADY_SIGNED });
    const admin = await newUser(context.module, { roles: ['admin'] });
    await roster.recordStep({ userId: admin.id, roles: ['admin'] }, lab.id, seat.booking.id, {
      stepId: 'aspiration',
      level: 3,
      comment: 'Corrected from the paper form.',
    });
    const summary = await learning.myCourse(learner.id, course.slug);
    expect(summary.labCompleted).toBe(true);
    const audit = await context.get(AuditService).list({ subjectId: seat.booking.id, limit: 50, offset: 0 });
    expect(audit.items.map((event) => event.action)).toEqual(
      expect.arrayContaining(['lab_checklist.signed', 'lab_checklist.amended', 'lab_attendance.recorded']),
    );
    // The learner may not book another lab of the course now.
    const next = await newLab(context.module, course.courseId, {
      startsAt: new Date(lab.startsAt.getTime() + 30 * 24 * HOUR),
      bookingOpensAt: new Date(clock.now().getTime() - HOUR),
    });
    await expect(bookings.book(learner.id, next.id)).rejects.toMatchObject({
      code: LabErrorCode.REQUIREMENT_ALREADY_MET,
    });
  });

  it('keeps a no-show’s seat taken and lets them book another lab', async () => {
    const lab = await newLab(context.module, course.courseId, { capacity: 2 });
    const instructor = { userId: lab.instructor!.id, roles: lab.instructor!.roles };
    const learner = await eligibleLearner(context.module, course.slug);
    const waiting = await eligibleLearner(context.module, course.slug);
    const seat = await bookings.book(learner.id, lab.id);
    await bookings.book(waiting.id, lab.id);
    clock.set(new Date(lab.startsAt.getTime() + HOUR));
    await context.get(RosterService).setAttendance(instructor, lab.id, seat.booking.id, 'absent');
    expect(await seats(lab.id)).toMatchObject({ taken: 2, confirmed: 2 });
    const next = await newLab(context.module, course.courseId, {
      startsAt: new Date(lab.startsAt.getTime() + 30 * 24 * HOUR),
      bookingOpensAt: new Date(clock.now().getTime() - HOUR),
    });
    expect((await bookings.book(learner.id, next.id)).booking.status).toBe('confirmed');
  });

  it('says a short seat hold in minutes, not as “0 hours”', async () => {
    const lab = await newLab(context.module, course.courseId, { capacity: 1, offerHoldHours: 0.25 });
    const first = await eligibleLearner(context.module, course.slug);
    const second = await eligibleLearner(context.module, course.slug);
    await bookings.book(first.id, lab.id);
    expect((await bookings.book(second.id, lab.id)).booking.status).toBe('waitlisted');
    const inbox = await context.get(NotificationsService).inbox(second.id, { limit: 10, offset: 0 });
    const waitlisted = inbox.items.find((item) => item.kind === 'lab.waitlisted');
    expect(waitlisted?.body).toContain('it is offered to you and held for 15 minutes.');
  });
});
