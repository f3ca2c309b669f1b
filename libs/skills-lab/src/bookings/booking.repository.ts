import { Injectable } from '@nestjs/common';
import { Database, SqlBuilder, SqlPart } from '@academy/core';
import type { Attendance, Booking, BookingStatus, ChecklistEntry, HeldPlace } from '../labs/lab.types';

const BOOKING_COLUMNS = `b.id, b.lab_id AS "labId", b.course_id AS "courseId", b.user_id AS "userId",
  b.enrolment_id AS "enrolmentId", b.status, b.queue_no::text AS "queueNo", b.ticket_code AS "ticketCode",
  b.offer_expires_at AS "offerExpiresAt", b.attendance, b.attendance_at AS "attendanceAt",
  b.signed_off_at AS "signedOffAt", b.signed_off_by AS "signedOffBy", b.requirement_met AS "requirementMet",
  b.calendar_sequence AS "calendarSequence", b.created_at AS "createdAt", b.confirmed_at AS "confirmedAt",
  b.ended_at AS "endedAt"`;

/** A booking with its place in the waitlist (1 = next), when waitlisted. */
export type BookingWithPosition = Booking & { position: number | null };

const POSITION = `CASE WHEN b.status = 'waitlisted' THEN (SELECT count(*)::int FROM lab_booking w
  WHERE w.lab_id = b.lab_id AND w.status = 'waitlisted' AND w.queue_no <= b.queue_no) END AS position`;

/** Bookings, the waitlist and checklist entries. Seat counts live on the lab (LabRepository). */
@Injectable()
export class BookingRepository {
  constructor(private readonly db: Database) {}

  /**
   * Takes a seat, or a place on the waitlist when the lab is full, and inserts the booking, in one
   * statement with the `parts` that go with it (its audit event, its message): they commit
   * together or not at all, and the lab row is locked only while the server runs it (see the
   * `lab_take_place` function). The parts may read `placed`: the new booking's columns, `seated`
   * and `position`. Answers the booking with the lab's seats taken and waitlist length after it.
   * The partial unique indexes and the exclusion constraint may refuse it.
   */
  async place(
    booking: {
      id: string;
      labId: string;
      courseId: string;
      userId: string;
      enrolmentId: string;
      startsAt: Date;
      endsAt: Date;
      ticketCode: string;
      now: Date;
    },
    parts: SqlPart[],
  ): Promise<BookingWithPosition & { seatsTaken: number; waitlistLength: number }> {
    const sql = new SqlBuilder();
    const lab = sql.value(booking.labId);
    const now = sql.value(booking.now);
    const { rows } = await this.db.execute<
      BookingWithPosition & { seatsTaken: number; waitlistLength: number }
    >(
      `WITH place AS MATERIALIZED (SELECT * FROM lab_take_place(${lab}::uuid)),
       inserted AS (
         INSERT INTO lab_booking (id, lab_id, course_id, user_id, enrolment_id, during, status, ticket_code,
           created_at, confirmed_at)
         SELECT ${sql.value(booking.id)}::uuid, ${lab}::uuid, ${sql.value(booking.courseId)}::uuid,
           ${sql.value(booking.userId)}::uuid, ${sql.value(booking.enrolmentId)}::uuid,
           tstzrange(${sql.value(booking.startsAt)}::timestamptz, ${sql.value(booking.endsAt)}::timestamptz),
           CASE WHEN p.seated THEN 'confirmed' ELSE 'waitlisted' END, ${sql.value(booking.ticketCode)}::text,
           ${now}::timestamptz, CASE WHEN p.seated THEN ${now}::timestamptz END
         FROM place p
         RETURNING *),
       placed AS MATERIALIZED (
         SELECT i.*, p.seated, CASE WHEN p.seated THEN NULL ELSE p.waiting + 1 END AS position,
           p.seats AS seats_after, p.waiting + CASE WHEN p.seated THEN 0 ELSE 1 END AS waiting_after
         FROM inserted i CROSS JOIN place p)${parts
           .map(
             (part) => `,
${sql.part(part)}`,
           )
           .join('')}
       SELECT ${BOOKING_COLUMNS}, b.position, b.seats_after AS "seatsTaken", b.waiting_after AS "waitlistLength"
       FROM placed b`,
      sql.parameters,
      { prepared: true },
    );
    return rows[0]!;
  }

  async findById(id: string): Promise<BookingWithPosition | null> {
    const { rows } = await this.db.execute<BookingWithPosition>(
      `SELECT ${BOOKING_COLUMNS}, ${POSITION} FROM lab_booking b WHERE b.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Locks a booking row until the transaction ends (after its lab's row: always lab first). */
  async lock(id: string): Promise<Booking | null> {
    const { rows } = await this.db.execute<Booking>(
      `SELECT ${BOOKING_COLUMNS} FROM lab_booking b WHERE b.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByTicket(code: string): Promise<BookingWithPosition | null> {
    const { rows } = await this.db.execute<BookingWithPosition>(
      `SELECT ${BOOKING_COLUMNS}, ${POSITION} FROM lab_booking b WHERE b.ticket_code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }

  /** The places a learner holds now (seats, offers, waitlist places not yet attended), with their times. */
  async findHeldPlaces(userId: string): Promise<HeldPlace[]> {
    const { rows } = await this.db.execute<HeldPlace>(
      `SELECT lab_id AS "labId", course_id AS "courseId", lower(during) AS "startsAt", upper(during) AS "endsAt"
       FROM lab_booking WHERE user_id = $1 AND status IN ('confirmed', 'waitlisted', 'offered') AND attendance IS NULL`,
      [userId],
    );
    return rows;
  }

  /** A learner's bookings, newest first, with waitlist positions (one query). */
  async findForUser(userId: string, limit: number): Promise<BookingWithPosition[]> {
    const { rows } = await this.db.execute<BookingWithPosition>(
      `SELECT ${BOOKING_COLUMNS}, ${POSITION} FROM lab_booking b WHERE b.user_id = $1
       ORDER BY b.created_at DESC, b.id LIMIT $2`,
      [userId, limit],
    );
    return rows;
  }

  /** The bookings of these enrolments, newest first, with waitlist positions (one query). */
  async findForEnrolments(enrolmentIds: string[]): Promise<BookingWithPosition[]> {
    if (enrolmentIds.length === 0) {
      return [];
    }
    const { rows } = await this.db.execute<BookingWithPosition>(
      `SELECT ${BOOKING_COLUMNS}, ${POSITION} FROM lab_booking b WHERE b.enrolment_id = ANY($1::uuid[])
       ORDER BY b.created_at DESC, b.id`,
      [enrolmentIds],
    );
    return rows;
  }

  /** The enrolment's booking whose signed checklist met the lab requirement, the latest signed. */
  async findSignedOffMeeting(enrolmentId: string): Promise<Booking | null> {
    const { rows } = await this.db.execute<Booking>(
      `SELECT ${BOOKING_COLUMNS} FROM lab_booking b
       WHERE b.enrolment_id = $1 AND b.requirement_met AND b.signed_off_at IS NOT NULL
       ORDER BY b.signed_off_at DESC, b.id LIMIT 1`,
      [enrolmentId],
    );
    return rows[0] ?? null;
  }

  /** Bookings of a lab in queue order: the seats (confirmed, offered), then the waitlist. */
  async findForLab(labId: string): Promise<BookingWithPosition[]> {
    const { rows } = await this.db.execute<BookingWithPosition>(
      `SELECT ${BOOKING_COLUMNS}, ${POSITION} FROM lab_booking b WHERE b.lab_id = $1
       ORDER BY CASE b.status WHEN 'confirmed' THEN 0 WHEN 'offered' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END,
         b.queue_no`,
      [labId],
    );
    return rows;
  }

  /** The head of a lab's waitlist, locked (call with the lab locked). */
  async lockFirstWaitlisted(labId: string): Promise<Booking | null> {
    const { rows } = await this.db.execute<Booking>(
      `SELECT ${BOOKING_COLUMNS} FROM lab_booking b WHERE b.lab_id = $1 AND b.status = 'waitlisted'
       ORDER BY b.queue_no LIMIT 1 FOR UPDATE`,
      [labId],
    );
    return rows[0] ?? null;
  }

  /** Moves a booking from one status to another, only if it is still in `from`; answers the row. */
  async transition(
    id: string,
    from: BookingStatus,
    to: BookingStatus,
    at: Date,
    offerExpiresAt: Date | null = null,
  ): Promise<Booking | null> {
    const { rows } = await this.db.execute<Booking>(
      `UPDATE lab_booking b SET status = $3,
         offer_expires_at = CASE WHEN $3 = 'offered' THEN $5::timestamptz ELSE b.offer_expires_at END,
         confirmed_at = CASE WHEN $3 = 'confirmed' THEN $4::timestamptz ELSE b.confirmed_at END,
         ended_at = CASE WHEN $3 IN ('cancelled', 'declined', 'expired') THEN $4::timestamptz ELSE b.ended_at END,
         calendar_sequence = b.calendar_sequence + CASE WHEN $3 = 'cancelled' THEN 1 ELSE 0 END
       WHERE b.id = $1 AND b.status = $2
       RETURNING ${BOOKING_COLUMNS}`,
      [id, from, to, at, offerExpiresAt],
    );
    return rows[0] ?? null;
  }

  /** Offers past their expiry, oldest first (for the worker). */
  async findDueOffers(now: Date, limit: number): Promise<{ id: string; labId: string }[]> {
    const { rows } = await this.db.execute<{ id: string; labId: string }>(
      `SELECT id, lab_id AS "labId" FROM lab_booking WHERE status = 'offered' AND offer_expires_at <= $1
       ORDER BY offer_expires_at LIMIT $2`,
      [now, limit],
    );
    return rows;
  }

  /**
   * Marks offers close to expiry as warned (the last six hours, or the second half of a shorter
   * hold) and answers them; each is answered once.
   */
  async claimOffersToWarn(now: Date): Promise<Booking[]> {
    const { rows } = await this.db.execute<Booking>(
      `UPDATE lab_booking b SET offer_warned_at = $1 FROM lab_session l
       WHERE l.id = b.lab_id AND b.status = 'offered' AND b.offer_warned_at IS NULL
         AND b.offer_expires_at > $1
         AND b.offer_expires_at <= $1 + least(interval '6 hours', l.offer_hold_minutes * interval '30 seconds')
       RETURNING ${BOOKING_COLUMNS}`,
      [now],
    );
    return rows;
  }

  /** Marks confirmed bookings of labs starting within a day as reminded and answers them; each once. */
  async claimReminders(now: Date): Promise<Booking[]> {
    const { rows } = await this.db.execute<Booking>(
      `UPDATE lab_booking b SET reminded_at = $1 FROM lab_session l
       WHERE l.id = b.lab_id AND b.status = 'confirmed' AND b.reminded_at IS NULL
         AND l.starts_at > $1 AND l.starts_at <= $1 + interval '24 hours'
       RETURNING ${BOOKING_COLUMNS}`,
      [now],
    );
    return rows;
  }

  /** Records attendance on a confirmed booking whose checklist is not signed; null otherwise. */
  async setAttendance(id: string, attendance: Attendance, by: string, at: Date): Promise<Booking | null> {
    const { rows } = await this.db.execute<Booking>(
      `UPDATE lab_booking b SET attendance = $2, attendance_by = $3, attendance_at = $4
       WHERE b.id = $1 AND b.status = 'confirmed' AND b.signed_off_at IS NULL
       RETURNING ${BOOKING_COLUMNS}`,
      [id, attendance, by, at],
    );
    return rows[0] ?? null;
  }

  async sign(id: string, by: string, at: Date, met: boolean): Promise<Booking | null> {
    const { rows } = await this.db.execute<Booking>(
      `UPDATE lab_booking b SET signed_off_at = $3, signed_off_by = $2, requirement_met = $4
       WHERE b.id = $1 AND b.signed_off_at IS NULL RETURNING ${BOOKING_COLUMNS}`,
      [id, by, at, met],
    );
    return rows[0] ?? null;
  }

  async setRequirementMet(id: string, met: boolean): Promise<void> {
    await this.db.execute(`UPDATE lab_booking SET requirement_met = $2 WHERE id = $1`, [id, met]);
  }

  /** Moves the time of a lab's active bookings with the lab (the exclusion constraint may refuse). */
  async moveActiveBookings(labId: string, startsAt: Date, endsAt: Date): Promise<string[]> {
    const { rows } = await this.db.execute<{ userId: string }>(
      `UPDATE lab_booking SET during = tstzrange($2, $3),
         calendar_sequence = calendar_sequence + CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END
       WHERE lab_id = $1 AND status IN ('confirmed', 'waitlisted', 'offered')
       RETURNING user_id AS "userId"`,
      [labId, startsAt, endsAt],
    );
    return rows.map((row) => row.userId);
  }

  /** Users holding a seat, an offer or a waitlist place on a lab. */
  async activeUserIds(labId: string): Promise<string[]> {
    const { rows } = await this.db.execute<{ userId: string }>(
      `SELECT user_id AS "userId" FROM lab_booking WHERE lab_id = $1 AND status IN ('confirmed', 'waitlisted', 'offered')`,
      [labId],
    );
    return rows.map((row) => row.userId);
  }

  async countEntriesOfLab(labId: string): Promise<number> {
    const { rows } = await this.db.execute<{ count: number }>(
      `SELECT count(*)::int AS count FROM lab_checklist_entry e JOIN lab_booking b ON b.id = e.booking_id
       WHERE b.lab_id = $1`,
      [labId],
    );
    return rows[0]!.count;
  }

  async findEntries(bookingId: string): Promise<ChecklistEntry[]> {
    const { rows } = await this.db.execute<ChecklistEntry>(
      `SELECT step_id AS "stepId", level, comment, recorded_by AS "recordedBy", recorded_at AS "recordedAt"
       FROM lab_checklist_entry WHERE booking_id = $1`,
      [bookingId],
    );
    return rows;
  }

  /** Entries of many bookings (a roster), in one query. */
  async findEntriesOf(bookingIds: string[]): Promise<Map<string, ChecklistEntry[]>> {
    const entries = new Map<string, ChecklistEntry[]>(bookingIds.map((id) => [id, []]));
    if (bookingIds.length > 0) {
      const { rows } = await this.db.execute<ChecklistEntry & { bookingId: string }>(
        `SELECT booking_id AS "bookingId", step_id AS "stepId", level, comment, recorded_by AS "recordedBy",
           recorded_at AS "recordedAt"
         FROM lab_checklist_entry WHERE booking_id = ANY($1::uuid[])`,
        [bookingIds],
      );
      for (const { bookingId, ...entry } of rows) {
        entries.get(bookingId)?.push(entry);
      }
    }
    return entries;
  }

  /** Records or replaces one step's assessment; answers the one it replaced, if any. */
  async upsertEntry(bookingId: string, entry: ChecklistEntry): Promise<ChecklistEntry | null> {
    const { rows } = await this.db.execute<ChecklistEntry & { inserted: boolean }>(
      `WITH previous AS (
         SELECT step_id AS "stepId", level, comment, recorded_by AS "recordedBy", recorded_at AS "recordedAt"
         FROM lab_checklist_entry WHERE booking_id = $1 AND step_id = $2),
       upserted AS (
         INSERT INTO lab_checklist_entry (booking_id, step_id, level, comment, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (booking_id, step_id) DO UPDATE SET level = EXCLUDED.level, comment = EXCLUDED.comment,
           recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at)
       SELECT * FROM previous`,
      [bookingId, entry.stepId, entry.level, entry.comment, entry.recordedBy, entry.recordedAt],
    );
    return rows[0] ?? null;
  }
}
