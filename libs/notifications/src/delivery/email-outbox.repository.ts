import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { EmailAttachment } from '../notification.repository';

/** An outbox e-mail taken by one delivery attempt, with the notification it carries. */
export interface ClaimedEmail {
  id: string;
  /** Attempts so far, this one included. */
  attempts: number;
  attachments: EmailAttachment[];
  /** When the next attempt may start: the end of this attempt's lease. */
  leaseUntil: Date;
  userId: string;
  subject: string;
  body: string;
  link: string | null;
}

@Injectable()
export class EmailOutboxRepository {
  constructor(private readonly db: Database) {}

  /** Queues the e-mail of a notification, due at once; call in the notification's transaction. */
  async enqueue(notificationId: string, attachments: EmailAttachment[], now: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO email_outbox (notification_id, attachments, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $3)`,
      [notificationId, JSON.stringify(attachments), now],
    );
  }

  /**
   * Takes up to `limit` due e-mails for one attempt each. The attempt is counted and the next one
   * pushed back by `delaysMs[attempt - 1]` (the last delay past the end of the list) in the same
   * statement, so the claim is a lease: workers running together skip each other's rows, and an
   * attempt that never reports back (a crash) is retried once the lease ends.
   */
  async claimDue(now: Date, delaysMs: readonly number[], limit: number): Promise<ClaimedEmail[]> {
    const { rows } = await this.db.execute<ClaimedEmail>(
      `UPDATE email_outbox o
       SET attempts = o.attempts + 1,
           next_attempt_at = $1::timestamptz
             + coalesce(($2::int[])[o.attempts + 1], $3::int) * interval '1 millisecond'
       FROM notification n
       WHERE n.id = o.notification_id
         AND o.id IN (
           SELECT id FROM email_outbox
           WHERE status = 'pending' AND next_attempt_at <= $1
           ORDER BY next_attempt_at
           LIMIT $4
           FOR UPDATE SKIP LOCKED)
       RETURNING o.id, o.attempts, o.attachments, o.next_attempt_at AS "leaseUntil",
                 n.user_id AS "userId", n.subject, n.body, n.link`,
      [now, delaysMs, delaysMs[delaysMs.length - 1] ?? 60_000, limit],
    );
    return rows;
  }

  /** Records the delivery; false when it was already recorded (another attempt got there first). */
  async markSent(id: string, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE email_outbox SET status = 'sent', sent_at = $2, last_error = NULL
       WHERE id = $1 AND status <> 'sent'`,
      [id, now],
    );
    return affected > 0;
  }

  /**
   * Records why an attempt failed; with `giveUp` the e-mail is marked failed, otherwise it waits
   * for its lease to end. Answers the status it is left in (null if it was no longer pending).
   */
  async recordFailure(id: string, lastError: string, giveUp: boolean): Promise<'pending' | 'failed' | null> {
    const { rows } = await this.db.execute<{ status: 'pending' | 'failed' }>(
      `UPDATE email_outbox SET last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END
       WHERE id = $1 AND status = 'pending' RETURNING status`,
      [id, lastError, giveUp],
    );
    return rows[0]?.status ?? null;
  }
}
