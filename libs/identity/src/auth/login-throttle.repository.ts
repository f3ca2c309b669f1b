import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly db: Database) {}

  /** The latest lock end among these keys, if any is locked at `now`. */
  async lockedUntil(keys: string[], now: Date): Promise<Date | null> {
    const rows: { locked_until: Date | null }[] = await this.db.manager.query(
      `SELECT max(locked_until) AS locked_until FROM login_throttle WHERE key = ANY($1::text[]) AND locked_until > $2::timestamptz`,
      [keys, now],
    );
    return rows[0]?.locked_until ?? null;
  }

  /**
   * Counts one failure for `key` in one atomic statement: the window restarts when it has
   * passed, and reaching `limit` failures locks the key until `now + lockMs`.
   */
  async recordFailure(
    key: string,
    now: Date,
    rule: { limit: number; windowMs: number; lockMs: number },
  ): Promise<void> {
    await this.db.manager.query(
      `WITH input AS (
         SELECT $2::timestamptz AS now, $3::int AS lim,
                $4::int * interval '1 millisecond' AS window_length, $5::int * interval '1 millisecond' AS lock_length
       )
       INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
       SELECT $1, 1, now, CASE WHEN lim <= 1 THEN now + lock_length END FROM input
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at <= (SELECT now - window_length FROM input) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE
           WHEN t.window_started_at <= (SELECT now - window_length FROM input) THEN (SELECT now FROM input)
           ELSE t.window_started_at
         END,
         locked_until = CASE
           WHEN (CASE WHEN t.window_started_at <= (SELECT now - window_length FROM input) THEN 1 ELSE t.failures + 1 END)
                >= (SELECT lim FROM input)
             THEN (SELECT now + lock_length FROM input)
           ELSE t.locked_until
         END`,
      [key, now, rule.limit, rule.windowMs, rule.lockMs],
    );
  }

  async clear(key: string): Promise<void> {
    await this.db.manager.query(`DELETE FROM login_throttle WHERE key = $1`, [key]);
  }
}
