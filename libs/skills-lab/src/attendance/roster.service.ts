import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppSecret, AuditService, Clock, Database, Role } from '@academy/core';
import type { AppConfig, Download, Reader } from '@academy/core';
import { UsersService } from '@academy/identity';
import { LearningService } from '@academy/learning';
import { NotificationsService } from '@academy/notifications';
import { BookingRepository, BookingWithPosition } from '../bookings/booking.repository';
import { BookingService } from '../bookings/booking.service';
import { normaliseTicketCode, ticketSignatureValid } from '../bookings/ticket';
import { labMomentInWords, readerInZone } from '../labs/lab-time';
import type { Attendance, Booking, ChecklistEntry, LabWithQueue } from '../labs/lab.types';
import { LabError, LabErrorCode } from '../skills-lab-error';
import { requirementMet, stepsBelowLevel, unrecordedSteps } from './checklist-rules';
import { checkInClosedWords, RECORDS_CLOSE_AFTER } from './check-in-window';
import { rosterCsv, rosterFileName } from './roster-csv';
import { renderSignInSheet } from './sign-in-sheet-pdf';
import { labPeriod } from '../controllers/lab-page-models';

/** Who is acting on the roster: an instructor of the lab, or an admin. */
export interface RosterActor {
  userId: string;
  roles: Role[];
  /** Whose words times are said in (a page's reader); unknown means the venue's, named. */
  reader?: Reader;
}

/** What a code that is no ticket gets, by the ticket field. */
export const NO_SUCH_TICKET = 'No ticket with this code; check the code and try again.';

/** Why a ticket must not be checked in at this lab. */
export type TicketProblem = 'other-lab' | 'other-session' | 'not-confirmed';

/** A scanned ticket: whose it is, for which lab, and any reason not to check it in here. */
export interface TicketCheck {
  booking: BookingWithPosition;
  holder: { id: string; fullName: string; degree: string | null; specialty: string | null };
  /** The lab the ticket is for (this one, or another). */
  ticketLab: LabWithQueue;
  problem: TicketProblem | null;
  /** The problem in words naming the holder, for the instructor; null when the ticket is good here. */
  warning: string | null;
}

/** One learner on a lab's roster. */
export interface RosterEntry {
  booking: BookingWithPosition;
  learner: { id: string; fullName: string; degree: string | null; specialty: string | null };
  entries: ChecklistEntry[];
}

/** The signed checklist that met an enrolment's lab requirement: when, where, who signed, the levels. */
export interface HandsOnSignOff {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venueName: string;
  venueAddress: string;
  signedOffAt: Date;
  /** The signing instructor's name; null when that account no longer exists. */
  instructorName: string | null;
  /** The entrustment level recorded for each step of the lab's checklist. */
  levels: number[];
}

// Arriving more than 15 minutes after the start counts as late.
const LATE_AFTER = 15 * 60_000;

/**
 * The instructor's side of a lab: the roster, check-in by ticket, attendance, and the procedural
 * checklist. A signed checklist is final for instructors; only an admin may amend it (audited).
 */
@Injectable()
export class RosterService {
  constructor(
    private readonly db: Database,
    private readonly bookings: BookingRepository,
    private readonly booking: BookingService,
    private readonly users: UsersService,
    private readonly learning: LearningService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly secret: AppSecret,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How long after a lab's end attendance and sign-off stay open. */
  get signOffGraceMs(): number {
    return this.config.labSignOffGraceMs;
  }

  /**
   * Refuses, in the actor's words, recording what a certificate attests outside the session:
   * before the lab starts, or longer than the grace after it ended.
   */
  private assertInSession(actor: RosterActor, lab: LabWithQueue): void {
    const closed = checkInClosedWords(lab, this.readerOf(actor), this.config.labSignOffGraceMs);
    if (closed) {
      throw new LabError(LabErrorCode.CHECK_IN_CLOSED, closed);
    }
  }

  /** The labs an instructor teaches, from a week ago on. */
  myLabs(userId: string): Promise<LabWithQueue[]> {
    return this.booking.labsForInstructor(userId, new Date(this.clock.now().getTime() - RECORDS_CLOSE_AFTER));
  }

  /** The lab, if the actor may run it. */
  async labFor(actor: RosterActor, labId: string): Promise<LabWithQueue> {
    const lab = await this.booking.getLab(labId);
    if (!actor.roles.includes('admin') && !lab.instructorIds.includes(actor.userId)) {
      throw new LabError(
        LabErrorCode.NOT_LAB_INSTRUCTOR,
        'Only the instructors of this lab may run its roster.',
      );
    }
    return lab;
  }

  /** Everyone with a seat, then offers and the waitlist, with their checklist entries (three queries). */
  async roster(actor: RosterActor, labId: string): Promise<{ lab: LabWithQueue; entries: RosterEntry[] }> {
    const lab = await this.labFor(actor, labId);
    const bookings = (await this.bookings.findForLab(labId)).filter((booking) =>
      ['confirmed', 'offered', 'waitlisted'].includes(booking.status),
    );
    const [users, entries] = await Promise.all([
      this.users.byIds(bookings.map((booking) => booking.userId)),
      this.bookings.findEntriesOf(bookings.map((booking) => booking.id)),
    ]);
    const byId = new Map(users.map((user) => [user.id, user]));
    return {
      lab,
      entries: bookings.map((booking) => {
        const user = byId.get(booking.userId);
        return {
          booking,
          learner: {
            id: booking.userId,
            fullName: user?.fullName ?? 'Unknown learner',
            degree: user?.degree ?? null,
            specialty: user?.specialty ?? null,
          },
          entries: entries.get(booking.id) ?? [],
        };
      }),
    };
  }

  /** The roster as a CSV file for the accreditation file (the lab's instructors and admins; audited). */
  async rosterCsvDownload(actor: RosterActor, labId: string): Promise<Download> {
    const { lab, entries } = await this.roster(actor, labId);
    await this.recordExport(lab, 'csv', entries.length);
    return {
      type: 'text/csv; charset=utf-8',
      fileName: rosterFileName(lab, 'roster', 'csv'),
      body: rosterCsv(lab, entries),
    };
  }

  /**
   * The printable sign-in sheet (PDF): one row per booked learner with a box to sign, the session's
   * time at the venue and its instructors (the lab's instructors and admins; audited).
   */
  async signInSheetDownload(actor: RosterActor, labId: string): Promise<Download> {
    const { lab, entries } = await this.roster(actor, labId);
    const booked = entries.filter((entry) => entry.booking.status === 'confirmed');
    const instructors = await this.users.byIds(lab.instructorIds);
    const byId = new Map(instructors.map((user) => [user.id, user.fullName]));
    await this.recordExport(lab, 'pdf', booked.length);
    return {
      type: 'application/pdf',
      fileName: rosterFileName(lab, 'sign-in-sheet', 'pdf'),
      body: await renderSignInSheet({
        labTitle: lab.title,
        when: labPeriod(lab),
        venue: [lab.venueName, lab.venueAddress].filter((part) => part).join(', '),
        instructors: lab.instructorIds.flatMap((id) => byId.get(id) ?? []),
        learners: booked.map((entry) => ({ name: entry.learner.fullName, degree: entry.learner.degree })),
        paper: lab.timeZone.startsWith('America/') ? 'LETTER' : 'A4',
        date: lab.startsAt,
      }),
    };
  }

  // Learners' names leave the platform: who took them, and when, is on record.
  private async recordExport(lab: LabWithQueue, format: 'csv' | 'pdf', rows: number): Promise<void> {
    await this.audit.record({
      action: 'lab_roster.exported',
      subjectType: 'lab_session',
      subjectId: lab.id,
      details: { format, rows },
    });
  }

  /**
   * Whose a scanned or typed ticket is, and whether it may be checked in at this lab: a ticket
   * for another lab or another session of it, or a booking that holds no seat, is answered with
   * a warning naming the holder. Null when no ticket has this code.
   */
  async checkTicket(actor: RosterActor, labId: string, rawCode: string): Promise<TicketCheck | null> {
    const lab = await this.labFor(actor, labId);
    return this.ticketAt(actor, lab, rawCode);
  }

  /**
   * Checks a learner in by the code on their ticket (scanned or typed); refuses, in words naming
   * the holder, a ticket for another lab or session, or a booking without a seat.
   */
  async checkIn(
    actor: RosterActor,
    labId: string,
    rawCode: string,
    attendance?: Attendance,
  ): Promise<Booking> {
    const lab = await this.labFor(actor, labId);
    const ticket = await this.ticketAt(actor, lab, rawCode);
    if (!ticket) {
      throw new LabError(LabErrorCode.BAD_TICKET, NO_SUCH_TICKET, 'ticketCode');
    }
    if (ticket.problem) {
      throw new LabError(
        ticket.problem === 'not-confirmed' ? LabErrorCode.NOT_CONFIRMED : LabErrorCode.TICKET_FOR_OTHER_LAB,
        ticket.warning!,
      );
    }
    const now = this.clock.now();
    return this.recordAttendance(
      actor,
      lab,
      ticket.booking,
      attendance ?? (now.getTime() > lab.startsAt.getTime() + LATE_AFTER ? 'late' : 'present'),
    );
  }

  private async ticketAt(
    actor: RosterActor,
    lab: LabWithQueue,
    rawCode: string,
  ): Promise<TicketCheck | null> {
    const code = normaliseTicketCode(rawCode);
    const booking = ticketSignatureValid(code, await this.secret.signer('lab-ticket'))
      ? await this.bookings.findByTicket(code)
      : null;
    if (!booking) {
      return null;
    }
    const [ticketLab, [user]] = await Promise.all([
      booking.labId === lab.id ? lab : this.booking.getLab(booking.labId),
      this.users.byIds([booking.userId]),
    ]);
    const holder = {
      id: booking.userId,
      fullName: user?.fullName ?? 'Unknown learner',
      degree: user?.degree ?? null,
      specialty: user?.specialty ?? null,
    };
    const reader = this.readerOf(actor);
    const name = holder.fullName;
    let problem: TicketProblem | null = null;
    let warning: string | null = null;
    if (ticketLab.id !== lab.id) {
      const when = labMomentInWords(ticketLab.startsAt, ticketLab.timeZone, reader);
      if (ticketLab.courseId === lab.courseId && ticketLab.title === lab.title) {
        problem = 'other-session';
        warning = `This is ${name}’s ticket for another session of this lab, ${when}, not this one. Do not check them in here.`;
      } else {
        problem = 'other-lab';
        warning = `This is ${name}’s ticket for another lab, “${ticketLab.title}”, ${when}, not this one. Do not check them in here.`;
      }
    } else if (booking.status !== 'confirmed') {
      problem = 'not-confirmed';
      warning = noSeatWords(name, booking);
    }
    return { booking, holder, ticketLab, problem, warning };
  }

  /** The actor's reader at the service's clock (or, unknown, the venue's zone named). */
  private readerOf(actor: RosterActor): Reader {
    const now = this.clock.now();
    return actor.reader ? { ...actor.reader, now } : readerInZone(null, now);
  }

  /**
   * The sign-off that met the enrolment's lab requirement, for the certificate to state; null
   * when none did (four queries at most).
   */
  async handsOnSignOff(enrolmentId: string): Promise<HandsOnSignOff | null> {
    const booking = await this.bookings.findSignedOffMeeting(enrolmentId);
    if (!booking?.signedOffAt) {
      return null;
    }
    // One after another: the issuing transaction's connection is shared.
    const lab = await this.booking.getLab(booking.labId);
    const entries = await this.bookings.findEntries(booking.id);
    const [instructor] = booking.signedOffBy ? await this.users.byIds([booking.signedOffBy]) : [];
    const levels = new Map(entries.map((entry) => [entry.stepId, entry.level]));
    return {
      startsAt: lab.startsAt,
      endsAt: lab.endsAt,
      timeZone: lab.timeZone,
      venueName: lab.venueName,
      venueAddress: lab.venueAddress,
      signedOffAt: booking.signedOffAt,
      instructorName: instructor?.fullName ?? null,
      levels: lab.checklist.flatMap((step) => levels.get(step.id) ?? []),
    };
  }

  /** Records a learner present, late or absent (e.g. a no-show); the seat stays taken either way. */
  async setAttendance(
    actor: RosterActor,
    labId: string,
    bookingId: string,
    attendance: Attendance,
  ): Promise<Booking> {
    const lab = await this.labFor(actor, labId);
    const booking = await this.bookings.findById(bookingId);
    if (!booking || booking.labId !== lab.id) {
      throw new LabError(LabErrorCode.BOOKING_NOT_FOUND, 'This lab has no such booking.');
    }
    return this.recordAttendance(actor, lab, booking, attendance);
  }

  async checklist(
    actor: RosterActor,
    labId: string,
    bookingId: string,
  ): Promise<{ lab: LabWithQueue; entry: RosterEntry }> {
    const { lab, entries } = await this.roster(actor, labId);
    const entry = entries.find((candidate) => candidate.booking.id === bookingId);
    if (!entry || entry.booking.status !== 'confirmed') {
      throw new LabError(LabErrorCode.BOOKING_NOT_FOUND, 'This lab has no confirmed booking with this id.');
    }
    return { lab, entry };
  }

  /**
   * Records one step at an entrustment level. Before signing, the lab's instructors may change
   * it; after, only an admin, and the change is audited with the level it replaced.
   */
  async recordStep(
    actor: RosterActor,
    labId: string,
    bookingId: string,
    step: { stepId: string; level: number; comment?: string | null },
  ): Promise<ChecklistEntry[]> {
    const lab = await this.labFor(actor, labId);
    const template = lab.checklist.find((candidate) => candidate.id === step.stepId);
    if (!template) {
      throw new LabError(
        LabErrorCode.UNKNOWN_STEP,
        `This lab's checklist has no step "${step.stepId}".`,
        'stepId',
      );
    }
    return this.db.withTransaction(async () => {
      const booking = await this.bookings.lock(bookingId);
      if (!booking || booking.labId !== lab.id) {
        throw new LabError(LabErrorCode.BOOKING_NOT_FOUND, 'This lab has no such booking.');
      }
      // An admin's audited amendment corrects a signed record; new observations belong in the session.
      if (booking.signedOffAt === null) {
        this.assertInSession(actor, lab);
      }
      if (booking.attendance !== 'present' && booking.attendance !== 'late') {
        throw new LabError(
          LabErrorCode.NOT_ATTENDED,
          'Check the learner in before recording checklist steps.',
        );
      }
      const amending = booking.signedOffAt !== null;
      if (amending && !actor.roles.includes('admin')) {
        throw new LabError(
          LabErrorCode.ALREADY_SIGNED,
          'This checklist is signed; only an admin can change it now.',
        );
      }

      const previous = await this.bookings.upsertEntry(booking.id, {
        stepId: step.stepId,
        level: step.level,
        comment: step.comment?.trim() || null,
        recordedBy: actor.userId,
        recordedAt: this.clock.now(),
      });
      const entries = await this.bookings.findEntries(booking.id);
      await this.audit.record({
        action: amending ? 'lab_checklist.amended' : 'lab_checklist.step_recorded',
        subjectType: 'lab_booking',
        subjectId: booking.id,
        details: { stepId: step.stepId, level: step.level, previousLevel: previous?.level ?? null },
      });
      if (amending) {
        const met = requirementMet(lab.checklist, entries, true);
        if (met !== booking.requirementMet) {
          await this.bookings.setRequirementMet(booking.id, met);
          await this.learning.recordLabOutcome(booking.enrolmentId, met);
        }
      }
      return entries;
    });
  }

  /**
   * Signs the whole checklist: the instructor's account and the time are the signature, kept on
   * the booking and in the audit trail. The learner meets the lab requirement when every step is
   * at its required level.
   */
  async sign(
    actor: RosterActor,
    labId: string,
    bookingId: string,
  ): Promise<{ booking: Booking; met: boolean }> {
    const lab = await this.labFor(actor, labId);
    return this.db.withTransaction(async () => {
      const booking = await this.bookings.lock(bookingId);
      if (!booking || booking.labId !== lab.id || booking.status !== 'confirmed') {
        throw new LabError(LabErrorCode.BOOKING_NOT_FOUND, 'This lab has no confirmed booking with this id.');
      }
      if (booking.signedOffAt) {
        throw new LabError(LabErrorCode.ALREADY_SIGNED, 'This checklist is already signed.');
      }
      this.assertInSession(actor, lab);
      if (booking.attendance !== 'present' && booking.attendance !== 'late') {
        throw new LabError(LabErrorCode.NOT_ATTENDED, 'Check the learner in before signing their checklist.');
      }
      const entries = await this.bookings.findEntries(booking.id);
      const missing = unrecordedSteps(lab.checklist, entries);
      if (missing.length > 0) {
        const error = new LabError(
          LabErrorCode.CHECKLIST_INCOMPLETE,
          `Record every step before signing; missing: ${missing.map((step) => step.title).join('; ')}.`,
        );
        error.problems = { steps: missing.map((step) => step.id) };
        throw error;
      }
      const met = requirementMet(lab.checklist, entries, true);
      const signed = (await this.bookings.sign(booking.id, actor.userId, this.clock.now(), met))!;
      await this.learning.recordLabOutcome(booking.enrolmentId, met);
      await this.audit.record({
        action: 'lab_checklist.signed',
        subjectType: 'lab_booking',
        subjectId: booking.id,
        details: {
          labId: lab.id,
          requirementMet: met,
          levels: Object.fromEntries(entries.map((e) => [e.stepId, e.level])),
        },
      });
      const below = stepsBelowLevel(lab.checklist, entries);
      await this.notifications.notify(booking.userId, {
        kind: 'lab.checklist_signed',
        subject: met ? `Skills lab requirement met: ${lab.title}` : `Checklist signed: ${lab.title}`,
        body: met
          ? `Your instructor signed your procedural checklist at ${lab.title}; the skills-lab requirement of the course is met.`
          : `Your instructor signed your procedural checklist at ${lab.title}. These steps are below the level the course requires: ${below
              .map((step) => step.title)
              .join('; ')}. Book another lab to complete the requirement.`,
        link: '/me/bookings',
      });
      return { booking: signed, met };
    });
  }

  private async recordAttendance(
    actor: RosterActor,
    lab: LabWithQueue,
    booking: Booking,
    attendance: Attendance,
  ): Promise<Booking> {
    const now = this.clock.now();
    this.assertInSession(actor, lab);
    if (booking.status !== 'confirmed') {
      throw new LabError(LabErrorCode.NOT_CONFIRMED, noSeatWords('This learner', booking));
    }
    return this.db.withTransaction(async () => {
      const updated = await this.bookings.setAttendance(booking.id, attendance, actor.userId, now);
      if (!updated) {
        throw new LabError(
          LabErrorCode.ALREADY_SIGNED,
          'The checklist is signed; attendance can no longer change.',
        );
      }
      await this.audit.record({
        action: 'lab_attendance.recorded',
        subjectType: 'lab_booking',
        subjectId: booking.id,
        details: { labId: lab.id, attendance, previous: booking.attendance },
      });
      return updated;
    });
  }
}

/** Why a booking holds no seat to check in to, naming its holder. */
function noSeatWords(name: string, booking: BookingWithPosition | Booking): string {
  const position = 'position' in booking ? booking.position : null;
  switch (booking.status) {
    case 'confirmed':
      return `${name} has a confirmed seat.`;
    case 'cancelled':
      return `${name}’s booking was cancelled, so this ticket is no longer valid: they have no seat at this lab.`;
    case 'waitlisted':
      return `${name} is on the waitlist${position ? ` (number ${position})` : ''}, not booked: they have no seat at this lab yet.`;
    case 'offered':
      return `${name} has been offered a seat but has not accepted it yet; they need to accept it before checking in.`;
    case 'declined':
      return `${name} declined the seat they were offered, so they have no seat at this lab.`;
    case 'expired':
      return `${name}’s offer of a seat expired unanswered, so they have no seat at this lab.`;
  }
}
