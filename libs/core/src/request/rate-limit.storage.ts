import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Database } from '../database/database';
import { Job } from '../jobs/job-runner';
import type { JobDefinition, JobReport } from '../jobs/job-runner';

/** What `@nestjs/throttler` asks of a storage for each request it counts. */
interface ThrottlerStorageRecord {
  totalHits: number;
  /** Seconds until the window ends. */
  timeToExpire: number;
  isBlocked: boolean;
  /** Seconds until the block ends. */
  timeToBlockExpire: number;
}

/** The key's window and any block have both ended: the count starts again. */
const ENDED = `c.window_ends_at <= statement_timestamp() AND coalesce(c.blocked_until <= statement_timestamp(), true)`;
/** Time left as the answer leaves (after any wait for the row), in milliseconds. */
const MILLISECONDS_UNTIL = (column: string) =>
  `coalesce(greatest(0, extract(epoch FROM ${column} - clock_timestamp()) * 1000), 0)::float8`;

/**
 * The rate limits' counters in PostgreSQL, so a limit holds for the academy as a whole whatever
 * the number of replicas: one statement per counted request, atomic under concurrency (the row
 * is the lock). A fixed window per key: the first hit opens it for `ttl`; past `limit` hits the
 * key is blocked for `blockDuration`, after which the count starts again.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly db: Database) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const { rows } = await this.db.execute<{ hits: number; window_ms: number; blocked_ms: number }>(
      `INSERT INTO rate_limit_counter AS c (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, statement_timestamp() + make_interval(secs => $2 / 1000.0), NULL)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN ${ENDED} THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN ${ENDED} THEN excluded.window_ends_at ELSE c.window_ends_at END,
         blocked_until = CASE
           WHEN c.blocked_until > statement_timestamp() THEN c.blocked_until
           WHEN NOT (${ENDED}) AND c.hits + 1 > $3 THEN statement_timestamp() + make_interval(secs => $4 / 1000.0)
         END
       RETURNING hits,
         ${MILLISECONDS_UNTIL('window_ends_at')} AS window_ms,
         ${MILLISECONDS_UNTIL('blocked_until')} AS blocked_ms`,
      [`${throttlerName}:${key}`, ttl, limit, blockDuration],
      // Every request runs it: planned once per connection.
      { prepared: true },
    );
    const row = rows[0]!;
    return {
      totalHits: row.hits,
      timeToExpire: Math.ceil(row.window_ms / 1000),
      isBlocked: row.blocked_ms > 0,
      timeToBlockExpire: Math.ceil(row.blocked_ms / 1000),
    };
  }

  /** Forgets counters whose window and block have both ended (run by a worker job). */
  async pruneExpired(): Promise<number> {
    const { affected } = await this.db.execute(
      `DELETE FROM rate_limit_counter
       WHERE window_ends_at < clock_timestamp() AND coalesce(blocked_until < clock_timestamp(), true)`,
    );
    return affected;
  }
}

/** Every 10 minutes: drops the counters of clients that stopped (the table holds active ones only). */
@Job({ name: 'core.prune-rate-limits', cron: '*/10 * * * *' })
export class PruneRateLimitsJob implements JobDefinition {
  constructor(private readonly storage: PostgresThrottlerStorage) {}

  async run(): Promise<JobReport> {
    return { pruned: await this.storage.pruneExpired() };
  }
}
