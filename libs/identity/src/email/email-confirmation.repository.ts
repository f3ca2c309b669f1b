import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

/** An open confirmation link: the account and the address it confirms. */
export interface UsableConfirmation {
  userId: string;
  email: string;
}

@Injectable()
export class EmailConfirmationRepository {
  constructor(private readonly db: Database) {}

  async insert(link: {
    userId: string;
    email: string;
    tokenHash: string;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.execute(
      `INSERT INTO email_confirmation (user_id, email, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [link.userId, link.email, link.tokenHash, link.createdAt, link.expiresAt],
    );
  }

  /** Links sent for the account since `since` (what the per-account limit counts). */
  async countSince(userId: string, since: Date): Promise<number> {
    const { rows } = await this.db.execute<{ count: number }>(
      `SELECT count(*)::int AS count FROM email_confirmation WHERE user_id = $1 AND created_at >= $2`,
      [userId, since],
    );
    return rows[0]?.count ?? 0;
  }

  /** What a token may still confirm (unused, unexpired); null otherwise. */
  async findUsable(tokenHash: string, now: Date): Promise<UsableConfirmation | null> {
    const { rows } = await this.db.execute<UsableConfirmation>(
      `SELECT user_id AS "userId", email FROM email_confirmation
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    return rows[0] ?? null;
  }

  /**
   * Uses a token once, and with it every other open link of the account (an older link, or one
   * for another address, must not undo what this one did). Null when the token was not usable
   * (another request used it first, or it expired meanwhile).
   */
  async consume(tokenHash: string, now: Date): Promise<UsableConfirmation | null> {
    const { rows } = await this.db.execute<UsableConfirmation>(
      `UPDATE email_confirmation SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING user_id AS "userId", email`,
      [tokenHash, now],
    );
    const used = rows[0];
    if (used) {
      await this.db.execute(
        `UPDATE email_confirmation SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`,
        [used.userId, now],
      );
    }
    return used ?? null;
  }

  /** Forgets the addresses an account asked to confirm (it is being anonymised). */
  async deleteForUser(userId: string): Promise<void> {
    await this.db.execute(`DELETE FROM email_confirmation WHERE user_id = $1`, [userId]);
  }
}
