import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

@Injectable()
export class PasswordResetRepository {
  constructor(private readonly db: Database) {}

  async insert(reset: {
    userId: string;
    tokenHash: string;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.execute(
      `INSERT INTO password_reset (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [reset.userId, reset.tokenHash, reset.createdAt, reset.expiresAt],
    );
  }

  /** Resets asked for the account since `since` (what the per-address limit counts). */
  async countSince(userId: string, since: Date): Promise<number> {
    const { rows } = await this.db.execute<{ count: number }>(
      `SELECT count(*)::int AS count FROM password_reset WHERE user_id = $1 AND created_at >= $2`,
      [userId, since],
    );
    return rows[0]?.count ?? 0;
  }

  /** The account a token may still reset (unused, unexpired); null otherwise. */
  async findUsable(tokenHash: string, now: Date): Promise<{ userId: string } | null> {
    const { rows } = await this.db.execute<{ userId: string }>(
      `SELECT user_id AS "userId" FROM password_reset WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    return rows[0] ?? null;
  }

  /**
   * Uses a token once: marks it and every other open token of the account used. Null when the
   * token was not usable (another request used it first, or it expired meanwhile).
   */
  async consume(tokenHash: string, now: Date): Promise<{ userId: string } | null> {
    const { rows } = await this.db.execute<{ userId: string }>(
      `UPDATE password_reset SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING user_id AS "userId"`,
      [tokenHash, now],
    );
    const used = rows[0];
    if (used) {
      await this.db.execute(`UPDATE password_reset SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [
        used.userId,
        now,
      ]);
    }
    return used ?? null;
  }
}
