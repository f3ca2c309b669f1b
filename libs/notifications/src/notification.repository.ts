import { Injectable } from '@nestjs/common';
import { Database, SqlBuilder, SqlExpression, SqlPart } from '@academy/core';

/** A message in a user's inbox. */
export interface NotificationRow {
  id: string;
  userId: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A file sent along with a notification's e-mail (e.g. a calendar invitation). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  /** UTF-8 text content. */
  content: string;
}

/** A candidate message of a statement part (see `NotificationRepository.insertPart`). */
export interface MessageCandidate {
  when: SqlExpression;
  kind: string;
  subject: string;
  /** Text and expressions of the composing statement, joined. */
  body: (string | SqlExpression)[];
  link: string | null;
  attachments: EmailAttachment[];
}

/** One page of a user's inbox, with the counts over all of it. */
export interface InboxPage {
  items: NotificationRow[];
  total: number;
  unread: number;
}

const COLUMNS = `id, user_id AS "userId", kind, subject, body, link, created_at AS "createdAt", read_at AS "readAt"`;

@Injectable()
export class NotificationRepository {
  constructor(private readonly db: Database) {}

  async insert(notification: Omit<NotificationRow, 'id' | 'readAt'>): Promise<NotificationRow> {
    const { rows } = await this.db.execute<NotificationRow>(
      `INSERT INTO notification (user_id, kind, subject, body, link, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [
        notification.userId,
        notification.kind,
        notification.subject,
        notification.body,
        notification.link,
        notification.createdAt,
      ],
    );
    return rows[0]!;
  }

  /**
   * A statement part (see `SqlPart`): `<name>_message` is the first candidate whose `when` holds
   * (with its attachments, for `EmailOutboxRepository.enqueuePart`), and the CTE `name` puts it in
   * the user's inbox with the id given, answering that id.
   */
  insertPart(
    name: string,
    notification: { id: string; userId: string; createdAt: Date },
    candidates: MessageCandidate[],
  ): SqlPart {
    const sql = new SqlBuilder();
    const rows = candidates.map((candidate) => {
      const body = candidate.body.map((piece) =>
        piece instanceof SqlExpression ? `(${piece.sql})::text` : `${sql.value(piece)}::text`,
      );
      return `SELECT ${sql.value(candidate.kind)}::text AS kind, ${sql.value(candidate.subject)}::text AS subject,
          concat(${body.join(', ')}) AS body, ${sql.value(candidate.link)}::text AS link,
          ${sql.value(JSON.stringify(candidate.attachments))}::jsonb AS attachments
        WHERE ${candidate.when.sql}`;
    });
    return {
      sql: `${name}_message AS MATERIALIZED (SELECT * FROM (${rows.join(' UNION ALL ')}) candidate LIMIT 1),
      ${name} AS (
        INSERT INTO notification (id, user_id, kind, subject, body, link, created_at)
        SELECT ${sql.value(notification.id)}::uuid, ${sql.value(notification.userId)}::uuid, kind, subject, body, link,
          ${sql.value(notification.createdAt)}::timestamptz
        FROM ${name}_message RETURNING id)`,
      parameters: sql.parameters,
    };
  }

  /** Every message of the user and its e-mail, sent or not. */
  async deleteAllForUser(userId: string): Promise<void> {
    await this.db.execute(
      `DELETE FROM email_outbox WHERE notification_id IN (SELECT id FROM notification WHERE user_id = $1)`,
      [userId],
    );
    await this.db.execute(`DELETE FROM notification WHERE user_id = $1`, [userId]);
  }

  async findInbox(userId: string, page: { limit: number; offset: number }): Promise<InboxPage> {
    // One after the other: inside a transaction both share one connection.
    const items = await this.db.execute<NotificationRow>(
      `SELECT ${COLUMNS} FROM notification WHERE user_id = $1
       ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3`,
      [userId, page.limit, page.offset],
    );
    const counts = await this.db.execute<{ total: number; unread: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
       FROM notification WHERE user_id = $1`,
      [userId],
    );
    return { items: items.rows, ...counts.rows[0]! };
  }

  /** Marks one of the user's notifications read (keeping the first reading time); null when it is not theirs. */
  async markRead(userId: string, id: string, now: Date): Promise<NotificationRow | null> {
    const { rows } = await this.db.execute<NotificationRow>(
      `UPDATE notification SET read_at = coalesce(read_at, $3)
       WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId, now],
    );
    return rows[0] ?? null;
  }
}
