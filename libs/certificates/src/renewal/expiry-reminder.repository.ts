import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { ReminderMark } from './renewal-rules';

/** A certificate due an expiry reminder, with what the reminder says. */
export interface DueReminder {
  certificateId: string;
  number: string;
  userId: string;
  courseTitle: string;
  expiresAt: Date;
  recertificationCourse: string | null;
  mark: ReminderMark;
}

/** Expiry reminders: which are due, and the record of those sent (each once). */
@Injectable()
export class ExpiryReminderRepository {
  constructor(private readonly db: Database) {}

  /**
   * Certificates whose expiry falls in a reminder's window and that were not sent that reminder:
   * valid ones only (not revoked or suspended) and not renewed. Soonest expiry first.
   */
  async findDue(
    windows: { mark: ReminderMark; after: Date; until: Date }[],
    limit: number,
  ): Promise<DueReminder[]> {
    const { rows } = await this.db.execute<DueReminder>(
      `SELECT c.id AS "certificateId", c.number, c.user_id AS "userId", c.course_title AS "courseTitle",
         c.expires_at AS "expiresAt", c.recertification_course AS "recertificationCourse", w.mark
       FROM certificate c
       JOIN unnest($1::int[], $2::timestamptz[], $3::timestamptz[]) AS w(mark, after, until)
         ON c.expires_at > w.after AND c.expires_at <= w.until
       WHERE c.status = 'valid'
         AND NOT EXISTS (SELECT 1 FROM certificate r WHERE r.renews_certificate_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM certificate_expiry_reminder x
                         WHERE x.certificate_id = c.id AND x.days_before = w.mark)
       ORDER BY c.expires_at, c.id LIMIT $4`,
      [
        windows.map((window) => window.mark),
        windows.map((window) => window.after),
        windows.map((window) => window.until),
        limit,
      ],
    );
    return rows;
  }

  /**
   * Records the reminder as sent, unless it was (by another run) or the certificate stopped
   * needing it (revoked, suspended or renewed meanwhile); answers whether to send it now. Call in
   * the transaction that sends it: a concurrent run waits for this row and then skips it.
   */
  async recordOnce(certificateId: string, mark: ReminderMark, at: Date): Promise<boolean> {
    const { rows } = await this.db.execute<{ certificateId: string }>(
      `INSERT INTO certificate_expiry_reminder (certificate_id, days_before, sent_at)
       SELECT c.id, $2, $3 FROM certificate c
       WHERE c.id = $1 AND c.status = 'valid'
         AND NOT EXISTS (SELECT 1 FROM certificate r WHERE r.renews_certificate_id = c.id)
       ON CONFLICT DO NOTHING RETURNING certificate_id AS "certificateId"`,
      [certificateId, mark, at],
    );
    return rows.length > 0;
  }
}
