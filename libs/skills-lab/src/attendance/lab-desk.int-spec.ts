import { AuditService, FakeClock } from '@academy/core';
import type { Reader } from '@academy/core';
import { eligibleLearner, newLab } from '../../../../test/factories/labs';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { BookingService } from '../bookings/booking.service';
import { formatTicketCode } from '../bookings/ticket';
import { LabErrorCode } from '../skills-lab-error';
import { SkillsLabCoreModule } from '../skills-lab.module';
import { RosterActor, RosterService } from './roster.service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the instructor’s desk: whose ticket, when check-in opens, the roster’s files', () => {
  // Monday 23 November 2026, 18:00 in Berlin.
  const clock = new FakeClock(new Date('2026-11-23T17:00:00Z'));
  let context: TestContext;
  let bookings: BookingService;
  let roster: RosterService;
  let course: { courseId: string; slug: string };
  const berlin = (): Reader => ({ zone: 'Europe/Berlin', zoneKnown: true, now: clock.now() });

  beforeAll(async () => {
    context = await createTestContext([SkillsLabCoreModule], { clock });
    bookings = context.get(BookingService);
    roster = context.get(RosterService);
    course = await newPublishedCourse(context.module);
  });

  afterAll(() => context.close());

  beforeEach(() => clock.set(new Date('2026-11-23T17:00:00Z')));

  /** A lab tomorrow at 09:00 in Berlin (08:00 UTC), taught by a new instructor. */
  async function labTomorrow(overrides: { title?: string; cancellationCutoffAt?: Date } = {}) {
    const startsAt = new Date('2026-11-24T08:00:00Z');
    const lab = await newLab(context.module, course.courseId, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 8 * HOUR),
      capacity: 1,
      ...overrides,
    });
    const instructor: RosterActor = { userId: lab.instructor!.id, roles: ['instructor'], reader: berlin() };
    return { lab, instructor };
  }

  it('shows whose a good ticket is, with degree and booking state', async () => {
    const { lab, instructor } = await labTomorrow();
    const learner = await eligibleLearner(context.module, course.slug, { fullName: 'Dr Hana Holder' });
    const seat = await bookings.book(learner.id, lab.id);
    const check = await roster.checkTicket(instructor, lab.id, formatTicketCode(seat.booking.ticketCode));
    expect(check).toMatchObject({
      holder: { fullName: 'Dr Hana Holder', degree: 'MD' },
      booking: { status: 'confirmed', attendance: null },
      problem: null,
      warning: null,
    });
    expect(await roster.checkTicket(instructor, lab.id, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ')).toBeNull();
  });

  it('warns, naming the holder, and refuses a ticket for another session or another lab', async () => {
    const { lab, instructor } = await labTomorrow();
    const other = await newLab(context.module, course.courseId, {
      startsAt: new Date(lab.startsAt.getTime() + 7 * DAY),
      capacity: 5,
    });
    const learner = await eligibleLearner(context.module, course.slug, { fullName: 'Dr Wanda Wrongday' });
    const seat = await bookings.book(learner.id, other.id);
    clock.set(new Date(lab.startsAt.getTime() - HOUR));
    const session = await roster.checkTicket(
      { ...instructor, reader: berlin() },
      lab.id,
      seat.booking.ticketCode,
    );
    expect(session?.problem).toBe('other-session');
    expect(session?.warning).toBe(
      'This is Dr Wanda Wrongday’s ticket for another session of this lab, Tuesday 1 December at 9:00 am, not this one. Do not check them in here.',
    );
    await expect(
      roster.checkIn({ ...instructor, reader: berlin() }, lab.id, seat.booking.ticketCode),
    ).rejects.toMatchObject({ code: LabErrorCode.TICKET_FOR_OTHER_LAB, message: session!.warning });

    const { courseId, slug } = await newPublishedCourse(context.module);
    const elsewhere = await newLab(context.module, courseId, {
      title: 'Sternal aspiration skills lab',
      startsAt: new Date(lab.startsAt.getTime() + 2 * HOUR),
      capacity: 5,
    });
    const stranger = await eligibleLearner(context.module, slug, { fullName: 'Dr Sam Sternal' });
    const elsewhereSeat = await bookings.book(stranger.id, elsewhere.id);
    await expect(
      roster.checkIn({ ...instructor, reader: berlin() }, lab.id, elsewhereSeat.booking.ticketCode),
    ).rejects.toMatchObject({
      code: LabErrorCode.TICKET_FOR_OTHER_LAB,
      message:
        'This is Dr Sam Sternal’s ticket for another lab, “Sternal aspiration skills lab”, 11:00 am today, not this one. Do not check them in here.',
    });
    // Nothing was recorded on either booking.
    expect((await bookings.myBookings(learner.id))[0]?.booking.attendance).toBeNull();
    expect((await bookings.myBookings(stranger.id))[0]?.booking.attendance).toBeNull();
  });

  it('warns on a cancelled or waitlisted booking instead of checking it in', async () => {
    const { lab, instructor } = await labTomorrow({ cancellationCutoffAt: new Date('2026-11-24T06:00:00Z') });
    const seated = await eligibleLearner(context.module, course.slug, { fullName: 'Dr Carl Cancelled' });
    const waiting = await eligibleLearner(context.module, course.slug, { fullName: 'Dr Willa Waiting' });
    const seat = await bookings.book(seated.id, lab.id);
    const place = await bookings.book(waiting.id, lab.id);
    expect(place.booking.status).toBe('waitlisted');
    clock.set(new Date(lab.startsAt.getTime() - HOUR));
    const actor = { ...instructor, reader: berlin() };
    await expect(roster.checkIn(actor, lab.id, place.booking.ticketCode)).rejects.toMatchObject({
      code: LabErrorCode.NOT_CONFIRMED,
      message:
        'Dr Willa Waiting is on the waitlist (number 1), not booked: they have no seat at this lab yet.',
    });
    clock.set(new Date(lab.startsAt.getTime() - 3 * HOUR));
    await bookings.cancel(seated.id, seat.booking.id);
    clock.set(new Date(lab.startsAt.getTime() - HOUR));
    const cancelled = await roster.checkTicket(actor, lab.id, seat.booking.ticketCode);
    expect(cancelled).toMatchObject({
      holder: { fullName: 'Dr Carl Cancelled' },
      booking: { status: 'cancelled' },
      problem: 'not-confirmed',
      warning:
        'Dr Carl Cancelled’s booking was cancelled, so this ticket is no longer valid: they have no seat at this lab.',
    });
    await expect(roster.checkIn(actor, lab.id, seat.booking.ticketCode)).rejects.toMatchObject({
      code: LabErrorCode.NOT_CONFIRMED,
      message: cancelled!.warning,
    });
    // The freed seat went to the waitlist: an offer is not a seat yet.
    await expect(roster.checkIn(actor, lab.id, place.booking.ticketCode)).rejects.toMatchObject({
      message:
        'Dr Willa Waiting has been offered a seat but has not accepted it yet; they need to accept it before checking in.',
    });
  });

  it('refuses attendance, steps and sign-off before the lab starts and after the grace, saying when', async () => {
    const { lab, instructor } = await labTomorrow();
    const learner = await eligibleLearner(context.module, course.slug);
    const seat = await bookings.book(learner.id, lab.id);
    // Two hours early the ticket can be looked up at the door, but nothing is recorded.
    clock.set(new Date(lab.startsAt.getTime() - 2 * HOUR));
    const early = { ...instructor, reader: berlin() };
    expect((await roster.checkTicket(early, lab.id, seat.booking.ticketCode))?.problem).toBeNull();
    await expect(roster.checkIn(early, lab.id, seat.booking.ticketCode)).rejects.toMatchObject({
      code: LabErrorCode.CHECK_IN_CLOSED,
      message: 'Check-in and sign-off open when the lab starts, 9:00 am today.',
    });
    for (const attendance of ['present', 'late', 'absent'] as const) {
      await expect(roster.setAttendance(early, lab.id, seat.booking.id, attendance)).rejects.toMatchObject({
        code: LabErrorCode.CHECK_IN_CLOSED,
      });
    }
    await expect(
      roster.recordStep(early, lab.id, seat.booking.id, { stepId: lab.checklist[0]!.id, level: 4 }),
    ).rejects.toMatchObject({ code: LabErrorCode.CHECK_IN_CLOSED });
    await expect(roster.sign(early, lab.id, seat.booking.id)).rejects.toMatchObject({
      code: LabErrorCode.CHECK_IN_CLOSED,
    });
    // An API caller with no known zone reads the venue's time, named.
    await expect(
      roster.checkIn({ userId: instructor.userId, roles: instructor.roles }, lab.id, seat.booking.ticketCode),
    ).rejects.toMatchObject({
      message: 'Check-in and sign-off open when the lab starts, 9:00 am today (Berlin time).',
    });
    clock.set(lab.startsAt);
    expect((await roster.checkIn(instructor, lab.id, seat.booking.ticketCode)).attendance).toBe('present');
    // The default grace is twelve hours after the end (17:00 in Berlin): 05:00 the next morning.
    clock.set(new Date(lab.endsAt.getTime() + 12 * HOUR + 1));
    await expect(
      roster.setAttendance({ ...instructor, reader: berlin() }, lab.id, seat.booking.id, 'late'),
    ).rejects.toMatchObject({
      code: LabErrorCode.CHECK_IN_CLOSED,
      message: 'Check-in and sign-off closed 5:00 am today, 12 hours after the lab ended.',
    });
    await expect(
      roster.recordStep(instructor, lab.id, seat.booking.id, { stepId: lab.checklist[0]!.id, level: 4 }),
    ).rejects.toMatchObject({ code: LabErrorCode.CHECK_IN_CLOSED });
  });

  it('exports the roster as CSV and a sign-in sheet as PDF to the lab’s instructors and admins only, on record', async () => {
    const { lab, instructor } = await labTomorrow({ title: 'Harvest lab, "advanced"' });
    const learner = await eligibleLearner(context.module, course.slug, { fullName: '=Dr Formula' });
    await bookings.book(learner.id, lab.id);
    const csv = await roster.rosterCsvDownload(instructor, lab.id);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.fileName).toBe('roster-harvest-lab-advanced-2026-11-24.csv');
    const lines = String(csv.body).split('\r\n');
    expect(lines[0]).toBe(
      'Lab,Session starts (Berlin time),Name,Degree,Specialty,Booking,Waitlist position,Attendance,Attendance recorded (Berlin time),Checklist signed (Berlin time),Lab requirement met',
    );
    // A name a spreadsheet would run as a formula is defused; quotes are doubled.
    expect(lines[1]).toBe(
      '"Harvest lab, ""advanced""",2026-11-24 09:00,\'=Dr Formula,MD,Sports medicine,Booked,,Not checked in,,,',
    );
    const pdf = await roster.signInSheetDownload(instructor, lab.id);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.fileName).toBe('sign-in-sheet-harvest-lab-advanced-2026-11-24.pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const outsider = await newUser(context.module, { roles: ['instructor'] });
    for (const download of [roster.rosterCsvDownload, roster.signInSheetDownload]) {
      await expect(
        download.call(roster, { userId: outsider.id, roles: ['instructor'] }, lab.id),
      ).rejects.toMatchObject({ code: LabErrorCode.NOT_LAB_INSTRUCTOR });
    }
    const admin = await newUser(context.module, { roles: ['admin'] });
    expect((await roster.rosterCsvDownload({ userId: admin.id, roles: ['admin'] }, lab.id)).body).toContain(
      'Dr Formula',
    );
    const audit = await context.get(AuditService).list({ subjectId: lab.id, limit: 10, offset: 0 });
    expect(audit.items.filter((event) => event.action === 'lab_roster.exported')).toHaveLength(3);
  });
});
