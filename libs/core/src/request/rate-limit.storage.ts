import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Database } from '../database/database';
import { GroupCommit } from '../database/group-commit';
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
/** A parameter of this key's hits in the statement's input. */
const OF_KEY = (column: string) => `(SELECT h.${column} FROM hit h WHERE h.key = c.key)`;

/** One counted request: its key (throttler name and client) and its throttler's rule. */
interface Hit {
  key: string;
  ttl: number;
  limit: number;
  blockDuration: number;
}

/** The same key's hits in one statement (a row is updated once per statement), with one rule. */
interface KeyHits {
  hit: Hit;
  /** Indexes of the hits, in arrival order, in the batch. */
  indexes: number[];
}

/**
 * The rate limits' counters in PostgreSQL, so a limit holds for the academy as a whole whatever
 * the number of replicas, atomic under concurrency (the row is the lock). A fixed window per key:
 * the first hit opens it for `ttl`; past `limit` hits the key is blocked for `blockDuration`,
 * after which the count starts again. Every request is counted, so the counters are on every
 * request's path: hits arriving while a statement runs are counted together by the next (group
 * commit), each key's hits by one row update that numbers them in arrival order, as if counted
 * one by one.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly counting = new GroupCommit<Hit, ThrottlerStorageRecord>((hits) => this.countAll(hits));

  constructor(private readonly db: Database) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [record] = await this.counting.submit([
      { key: `${throttlerName}:${key}`, ttl, limit, blockDuration },
    ]);
    return record!;
  }

  /** Counts a batch of hits: one statement per round, where a round holds each key once. */
  private async countAll(hits: Hit[]): Promise<ThrottlerStorageRecord[]> {
    const rounds: Map<string, KeyHits>[] = [];
    hits.forEach((hit, index) => {
      const sameRule = (other: Hit) =>
        other.ttl === hit.ttl && other.limit === hit.limit && other.blockDuration === hit.blockDuration;
      let round = rounds.find((candidate) => {
        const held = candidate.get(hit.key);
        return held === undefined || sameRule(held.hit);
      });
      if (!round) {
        round = new Map();
        rounds.push(round);
      }
      const held = round.get(hit.key);
      if (held) {
        held.indexes.push(index);
      } else {
        round.set(hit.key, { hit, indexes: [index] });
      }
    });
    const records = new Array<ThrottlerStorageRecord>(hits.length);
    for (const round of rounds) {
      await this.countRound([...round.values()], records);
    }
    return records;
  }

  /**
   * One statement: each key's `n` hits raise its count by `n` (from 0 when its window and block
   * have ended). The i-th of them is the count's `base + i`-th hit, blocked when that is past the
   * limit, as counted one at a time (the first hit of a window is never blocked); a key blocked
   * before (its block not set by this statement) is blocked for every hit.
   */
  private async countRound(keys: KeyHits[], records: ThrottlerStorageRecord[]): Promise<void> {
    // Rows locked in one order, so that two replicas' batches cannot deadlock.
    keys.sort((left, right) => (left.hit.key < right.hit.key ? -1 : left.hit.key > right.hit.key ? 1 : 0));
    const { rows } = await this.db.execute<{
      key: string;
      hits: number;
      blocked_before: boolean;
      window_ms: number;
      blocked_ms: number;
    }>(
      `WITH hit AS (
         SELECT * FROM unnest($1::text[], $2::int[], $3::float8[], $4::int[], $5::float8[])
           WITH ORDINALITY AS h(key, n, ttl, lim, block, ord))
       INSERT INTO rate_limit_counter AS c (key, hits, window_ends_at, blocked_until)
       SELECT key, n, statement_timestamp() + make_interval(secs => ttl / 1000.0),
         CASE WHEN n > 1 AND n > lim THEN statement_timestamp() + make_interval(secs => block / 1000.0) END
       FROM hit ORDER BY ord
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN ${ENDED} THEN 0 ELSE c.hits END + excluded.hits,
         window_ends_at = CASE WHEN ${ENDED} THEN excluded.window_ends_at ELSE c.window_ends_at END,
         blocked_until = CASE
           WHEN c.blocked_until > statement_timestamp() THEN c.blocked_until
           WHEN ${ENDED} THEN excluded.blocked_until
           WHEN c.hits + excluded.hits > ${OF_KEY('lim')}
             THEN statement_timestamp() + make_interval(secs => ${OF_KEY('block')} / 1000.0)
         END
       RETURNING key, hits,
         blocked_until IS DISTINCT FROM statement_timestamp() + make_interval(secs => ${OF_KEY('block')} / 1000.0)
           AS blocked_before,
         ${MILLISECONDS_UNTIL('window_ends_at')} AS window_ms,
         ${MILLISECONDS_UNTIL('blocked_until')} AS blocked_ms`,
      [
        keys.map(({ hit }) => hit.key),
        keys.map(({ indexes }) => indexes.length),
        keys.map(({ hit }) => hit.ttl),
        keys.map(({ hit }) => hit.limit),
        keys.map(({ hit }) => hit.blockDuration),
      ],
      { prepared: true },
    );
    const counted = new Map(rows.map((row) => [row.key, row]));
    for (const { hit, indexes } of keys) {
      const row = counted.get(hit.key)!;
      const base = row.hits - indexes.length;
      indexes.forEach((index, position) => {
        const totalHits = base + position + 1;
        const isBlocked =
          row.blocked_ms > 0 &&
          (row.blocked_before || (totalHits > hit.limit && !(base === 0 && position === 0)));
        records[index] = {
          totalHits,
          timeToExpire: Math.ceil(row.window_ms / 1000),
          isBlocked,
          timeToBlockExpire: isBlocked ? Math.ceil(row.blocked_ms / 1000) : 0,
        };
      });
    }
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
