import { Injectable } from '@nestjs/common';
import { AppSecret, AuditService, Clock, Database, Role } from '@academy/core';
import { UsersService } from '@academy/identity';
import { LearningService } from '@academy/learning';
import { NotificationsService } from '@academy/notifications';
import { BookingRepository, BookingWithPosition } from '../bookings/booking.repository';
import { BookingService } from '../bookings/booking.service';
import { normaliseTicketCode, ticketSignatureValid } from '../bookings/ticket';
import type { Attendance, Booking, ChecklistEntry, LabWithQueue } from '../labs/lab.types';
import { LabError, LabErrorCode } from '../skills-lab-error';
import { requirementMet, stepsBelowLevel, unrecordedSteps } from './checklist-rules';

/** Who is acting on the roster: an instructor of the lab, or an admin. */
export interface RosterActor {
  userId: string;
  roles: Role[];
}

/** One learner on a lab's roster. */
export interface RosterEntry {
  booking: BookingWithPosition;
  learner: { id: string; fullName: string; degree: string | null; specialty: string | null };
  entries: ChecklistEntry[];
}

const HOUR = 3_600_000;
// Check-in opens two hours before the start; attendance may be recorded up to a week after the end.
const CHECK_IN_OPENS_BEFORE = 2 * HOUR;
const RECORDS_CLOSE_AFTER = 7 * 24 * HOUR;
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
  ) {}

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

  /** Checks a learner in by the code on their ticket (scanned or typed). */
  async checkIn(
    actor: RosterActor,
    labId: string,
    rawCode: string,
    attendance?: Attendance,
  ): Promise<Booking> {
    const lab = await this.labFor(actor, labId);
    const code = normaliseTicketCode(rawCode);
    const booking = ticketSignatureValid(code, await this.secret.signer('lab-ticket'))
      ? await this.bookings.findByTicket(code)
      : null;
    if (!booking || booking.labId !== lab.id) {
      throw new LabError(
        LabErrorCode.BAD_TICKET,
        'No ticket with this code for this lab; check the code and try again.',
        'ticketCode',
      );
    }
    const now = this.clock.now();
    return this.recordAttendance(
      actor,
      lab,
      booking,
      attendance ?? (now.getTime() > lab.startsAt.getTime() + LATE_AFTER ? 'late' : 'present'),
    );
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
    if (
      now.getTime() < lab.startsAt.getTime() - CHECK_IN_OPENS_BEFORE ||
      now.getTime() > lab.endsAt.getTime() + RECORDS_CLOSE_AFTER
    ) {
      throw new LabError(
        LabErrorCode.CHECK_IN_CLOSED,
        'Attendance is recorded from two hours before the lab starts until a week after it ends.',
      );
    }
    if (attendance === 'absent' && now < lab.startsAt) {
      throw new LabError(
        LabErrorCode.CHECK_IN_CLOSED,
        'A learner can be marked absent once the lab has started.',
      );
    }
    if (booking.status !== 'confirmed') {
      throw new LabError(
        LabErrorCode.NOT_CONFIRMED,
        `This ticket's booking is ${booking.status}, not confirmed.`,
      );
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
