import { Injectable } from '@nestjs/common';
import { Database, SqlPart } from '@academy/core';
import type { EmailAttachment } from '../notification.repository';

/** What an e-mail's secret link is sealed for (see `NotificationMessage.secretLink`); its context is the notification id. */
export const SECRET_LINK_PURPOSE = 'email-secret-link';

/** An outbox e-mail taken by one delivery attempt, with the notification it carries. */
export interface ClaimedEmail {
  id: string;
  /** Attempts so far, this one included. */
  attempts: number;
  attachments: EmailAttachment[];
  notificationId: string;
  userId: string;
  subject: string;
  body: string;
  link: string | null;
  /** Sealed under the application secret (see `NotificationMessage.secretLink`). */
  secretLinkSealed: string | null;
  /** The address to send to instead of the account's (see `NotificationMessage.emailTo`). */
  recipientEmail: string | null;
}

/** An e-mail given up, as an admin reviews it. */
export interface FailedEmail {
  id: string;
  notificationId: string;
  kind: string;
  subject: string;
  recipientName: string;
  recipientEmail: string;
  attempts: number;
  lastError: string | null;
  failedAt: Date;
  createdAt: Date;
}

@Injectable()
export class EmailOutboxRepository {
  constructor(private readonly db: Database) {}

  /**
   * A statement part (see `SqlPart`): the CTE `name` records the e-mail, with the id given, of the
   * notification the CTE `notification` inserts, with the attachments of `<notification>_message`.
   */
  enqueuePart(name: string, notification: string, email: { id: string; now: Date }): SqlPart {
    return {
      sql: `${name} AS (
        INSERT INTO email_outbox (id, notification_id, attachments, next_attempt_at, created_at)
        SELECT $1::uuid, n.id, m.attachments, $2::timestamptz, $2::timestamptz
        FROM ${notification} n CROSS JOIN ${notification}_message m)`,
      parameters: [email.id, email.now],
    };
  }

  /** Records the e-mail of a notification, to be sent; call in the notification's transaction. */
  async enqueue(
    notificationId: string,
    attachments: EmailAttachment[],
    now: Date,
    secretLinkSealed: string | null = null,
    recipientEmail: string | null = null,
  ): Promise<string> {
    const { rows } = await this.db.execute<{ id: string }>(
      `INSERT INTO email_outbox (notification_id, attachments, next_attempt_at, created_at, secret_link_sealed, recipient_email)
       VALUES ($1, $2, $3, $3, $4, $5) RETURNING id`,
      [notificationId, JSON.stringify(attachments), now, secretLinkSealed, recipientEmail],
    );
    return rows[0]!.id;
  }

  /**
   * Takes a pending e-mail for one attempt, counting it, with a lease until `leaseUntil`: while
   * an attempt holds it no other may start (two jobs of one e-mail never send it twice), and an
   * attempt that never reports back (a crashed worker) frees it when the lease ends. Null when
   * the e-mail is not pending (sent, given up, deleted) or another attempt holds it.
   */
  async claim(id: string, now: Date, leaseUntil: Date): Promise<ClaimedEmail | null> {
    const { rows } = await this.db.execute<ClaimedEmail>(
      `UPDATE email_outbox o SET attempts = o.attempts + 1, next_attempt_at = $3
       FROM notification n
       WHERE o.id = $1 AND n.id = o.notification_id AND o.status = 'pending' AND o.next_attempt_at <= $2
       RETURNING o.id, o.attempts, o.attachments, o.notification_id AS "notificationId", n.user_id AS "userId",
                 n.subject, n.body, n.link, o.secret_link_sealed AS "secretLinkSealed",
                 o.recipient_email AS "recipientEmail"`,
      [id, now, leaseUntil],
    );
    return rows[0] ?? null;
  }

  /** Records the delivery; false when it was already recorded (another attempt got there first). */
  async markSent(id: string, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE email_outbox SET status = 'sent', sent_at = $2, last_error = NULL, secret_link_sealed = NULL
       WHERE id = $1 AND status = 'pending'`,
      [id, now],
    );
    return affected > 0;
  }

  /**
   * Records why an attempt failed and ends its lease: with `giveUp` the e-mail is marked failed,
   * otherwise it waits for the next attempt. False when it was no longer pending.
   */
  async recordFailure(id: string, lastError: string, giveUp: boolean, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE email_outbox SET last_error = $2, next_attempt_at = $4,
         status = CASE WHEN $3 THEN 'failed' ELSE status END,
         failed_at = CASE WHEN $3 THEN $4::timestamptz END,
         secret_link_sealed = CASE WHEN $3 THEN NULL ELSE secret_link_sealed END
       WHERE id = $1 AND status = 'pending'`,
      [id, lastError, giveUp, now],
    );
    return affected > 0;
  }

  /** Makes a given-up e-mail pending again (an admin's retry); false when it was not failed. */
  async reopen(id: string, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE email_outbox SET status = 'pending', failed_at = NULL, next_attempt_at = $2
       WHERE id = $1 AND status = 'failed'`,
      [id, now],
    );
    return affected > 0;
  }

  /** The e-mails still pending, oldest first (what the worker makes sure has a job when it starts). */
  async pendingIds(limit: number): Promise<string[]> {
    const { rows } = await this.db.execute<{ id: string }>(
      `SELECT id FROM email_outbox WHERE status = 'pending' ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /** Given-up e-mails, most recent first, a page at a time, with how many there are. */
  async findFailed(page: {
    limit: number;
    offset: number;
  }): Promise<{ items: FailedEmail[]; total: number }> {
    const items = await this.db.execute<FailedEmail>(
      `SELECT o.id, o.notification_id AS "notificationId", n.kind, n.subject, u.full_name AS "recipientName",
              COALESCE(o.recipient_email, u.email) AS "recipientEmail", o.attempts, o.last_error AS "lastError", o.failed_at AS "failedAt",
              o.created_at AS "createdAt"
       FROM email_outbox o JOIN notification n ON n.id = o.notification_id JOIN app_user u ON u.id = n.user_id
       WHERE o.status = 'failed'
       ORDER BY o.failed_at DESC, o.id LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    const total = await this.db.execute<{ total: number }>(
      `SELECT count(*)::int AS total FROM email_outbox WHERE status = 'failed'`,
    );
    return { items: items.rows, total: total.rows[0]?.total ?? 0 };
  }
}
