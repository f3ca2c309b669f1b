import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { Lab, LabWithQueue } from './lab.types';

const LAB_COLUMNS = `l.id, l.course_id AS "courseId", l.title, l.venue_name AS "venueName",
  l.venue_address AS "venueAddress", l.time_zone AS "timeZone", l.starts_at AS "startsAt",
  l.ends_at AS "endsAt", l.capacity, l.seats_taken AS "seatsTaken",
  l.booking_opens_at AS "bookingOpensAt", l.booking_closes_at AS "bookingClosesAt",
  l.cancellation_cutoff_at AS "cancellationCutoffAt", l.offer_hold_minutes AS "offerHoldMinutes",
  l.required_module_ids AS "requiredModuleIds", l.checklist, l.created_at AS "createdAt",
  l.updated_at AS "updatedAt"`;

// The waitlist length and instructors come along in the same query.
const LAB_WITH_QUEUE = `${LAB_COLUMNS},
  (SELECT count(*)::int FROM lab_booking w WHERE w.lab_id = l.id AND w.status = 'waitlisted') AS "waitlistLength",
  coalesce((SELECT array_agg(i.user_id ORDER BY i.user_id) FROM lab_instructor i WHERE i.lab_id = l.id),
    '{}') AS "instructorIds"`;

export type LabFields = Omit<Lab, 'id' | 'seatsTaken' | 'createdAt' | 'updatedAt'>;

/** The schedule columns as $1..$13, in the order insert and update both use. */
function scheduleParameters(fields: Omit<LabFields, 'courseId'>): unknown[] {
  return [
    fields.title,
    fields.venueName,
    fields.venueAddress,
    fields.timeZone,
    fields.startsAt,
    fields.endsAt,
    fields.capacity,
    fields.bookingOpensAt,
    fields.bookingClosesAt,
    fields.cancellationCutoffAt,
    fields.offerHoldMinutes,
    fields.requiredModuleIds,
    JSON.stringify(fields.checklist),
  ];
}

/** Lab sessions: their schedule, seats and instructors. */
@Injectable()
export class LabRepository {
  constructor(private readonly db: Database) {}

  async insert(fields: LabFields, now: Date): Promise<string> {
    const { rows } = await this.db.execute<{ id: string }>(
      `INSERT INTO lab_session (title, venue_name, venue_address, time_zone, starts_at, ends_at,
         capacity, booking_opens_at, booking_closes_at, cancellation_cutoff_at, offer_hold_minutes,
         required_module_ids, checklist, updated_at, course_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14) RETURNING id`,
      [...scheduleParameters(fields), now, fields.courseId],
    );
    return rows[0]!.id;
  }

  /** Writes a lab's schedule; the CHECK on seats refuses a capacity below the seats taken. */
  async update(id: string, fields: Omit<LabFields, 'courseId'>, now: Date): Promise<void> {
    await this.db.execute(
      `UPDATE lab_session SET title = $1, venue_name = $2, venue_address = $3, time_zone = $4,
         starts_at = $5, ends_at = $6, capacity = $7, booking_opens_at = $8, booking_closes_at = $9,
         cancellation_cutoff_at = $10, offer_hold_minutes = $11, required_module_ids = $12,
         checklist = $13, updated_at = $14
       WHERE id = $15`,
      [...scheduleParameters(fields), now, id],
    );
  }

  async replaceInstructors(labId: string, userIds: string[]): Promise<void> {
    await this.db.execute(`DELETE FROM lab_instructor WHERE lab_id = $1`, [labId]);
    if (userIds.length > 0) {
      await this.db.execute(
        `INSERT INTO lab_instructor (lab_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [labId, userIds],
      );
    }
  }

  async findById(id: string): Promise<LabWithQueue | null> {
    const { rows } = await this.db.execute<LabWithQueue>(
      `SELECT ${LAB_WITH_QUEUE} FROM lab_session l WHERE l.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The lab as booking it needs it (neither its queue nor its instructors), or null. */
  async findForBooking(id: string): Promise<Lab | null> {
    const { rows } = await this.db.execute<Lab>(
      `SELECT ${LAB_COLUMNS} FROM lab_session l WHERE l.id = $1`,
      [id],
      {
        prepared: true,
      },
    );
    return rows[0] ?? null;
  }

  async findByIds(ids: string[]): Promise<LabWithQueue[]> {
    if (ids.length === 0) {
      return [];
    }
    const { rows } = await this.db.execute<LabWithQueue>(
      `SELECT ${LAB_WITH_QUEUE} FROM lab_session l WHERE l.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows;
  }

  /** Labs of a course that have not ended, soonest first, with their queues (one query). */
  async findUpcomingForCourse(courseId: string, now: Date): Promise<LabWithQueue[]> {
    const { rows } = await this.db.execute<LabWithQueue>(
      `SELECT ${LAB_WITH_QUEUE} FROM lab_session l
       WHERE l.course_id = $1 AND l.ends_at > $2 ORDER BY l.starts_at, l.id`,
      [courseId, now],
    );
    return rows;
  }

  /** Every lab, newest start first, optionally of one course (admin schedule). */
  async findPage(filter: {
    courseId?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: LabWithQueue[]; total: number }> {
    const where = filter.courseId ? 'WHERE l.course_id = $3' : '';
    const parameters: unknown[] = [filter.limit, filter.offset];
    if (filter.courseId) {
      parameters.push(filter.courseId);
    }
    const { rows } = await this.db.execute<LabWithQueue & { total: number }>(
      `SELECT ${LAB_WITH_QUEUE}, count(*) OVER ()::int AS total FROM lab_session l ${where}
       ORDER BY l.starts_at DESC, l.id LIMIT $1 OFFSET $2`,
      parameters,
    );
    return { items: rows, total: rows[0]?.total ?? 0 };
  }

  /** Labs an instructor teaches that ended at most a week ago or are still to come. */
  async findForInstructor(userId: string, since: Date): Promise<LabWithQueue[]> {
    const { rows } = await this.db.execute<LabWithQueue>(
      `SELECT ${LAB_WITH_QUEUE} FROM lab_session l
       JOIN lab_instructor i ON i.lab_id = l.id AND i.user_id = $1
       WHERE l.ends_at > $2 ORDER BY l.starts_at, l.id`,
      [userId, since],
    );
    return rows;
  }

  async isInstructor(labId: string, userId: string): Promise<boolean> {
    const { rows } = await this.db.execute(
      `SELECT 1 FROM lab_instructor WHERE lab_id = $1 AND user_id = $2`,
      [labId, userId],
    );
    return rows.length > 0;
  }

  /**
   * Takes a seat if one is free: one conditional update, atomic under concurrency; it also
   * locks the lab row until the transaction ends.
   */
  async takeSeat(labId: string): Promise<boolean> {
    const { rows } = await this.db.execute(
      `UPDATE lab_session SET seats_taken = seats_taken + 1 WHERE id = $1 AND seats_taken < capacity RETURNING id`,
      [labId],
    );
    return rows.length > 0;
  }

  async releaseSeat(labId: string): Promise<void> {
    await this.db.execute(
      `UPDATE lab_session SET seats_taken = seats_taken - 1 WHERE id = $1 AND seats_taken > 0`,
      [labId],
    );
  }

  /**
   * Locks the lab row until the transaction ends: every change to a lab's seats and queue
   * (booking into a full lab, cancelling, expiring an offer) passes here first, so they happen
   * one after another and the queue order is the order of joining.
   */
  async lock(labId: string): Promise<Lab | null> {
    const { rows } = await this.db.execute<Lab>(
      `SELECT ${LAB_COLUMNS} FROM lab_session l WHERE l.id = $1 FOR UPDATE`,
      [labId],
    );
    return rows[0] ?? null;
  }
}
