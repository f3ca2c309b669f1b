import { Injectable, Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import {
  DataSource,
  EntityManager,
  EntityTarget,
  ObjectLiteral,
  QueryFailedError,
  QueryRunner,
  Repository,
} from 'typeorm';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

// PostgreSQL's serialization_failure and deadlock_detected: safe to retry the whole transaction.
const RETRYABLE_CODES = new Set(['40001', '40P01']);

/** The PostgreSQL error code of a failed query, if it is one. */
export function pgErrorCode(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) {
    const code = (error.driverError as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** The constraint a failed query violated, if any (unique, foreign key, check). */
export function pgConstraint(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) {
    const constraint = (error.driverError as { constraint?: unknown } | undefined)?.constraint;
    return typeof constraint === 'string' ? constraint : undefined;
  }
  return undefined;
}

/** The part of pg's client that runs a named prepared statement. */
interface PreparingClient<Row> {
  query(config: {
    name: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/** One transaction of `withTransaction`: its manager and what runs just before it commits. */
interface TransactionScope {
  manager: EntityManager;
  beforeCommit: (() => Promise<void>)[];
  afterCommit: (() => Promise<void>)[];
}

/**
 * Access to PostgreSQL for repositories. Inside `withTransaction(work)` every repository call
 * made by `work`, however deep, runs in that transaction: the current manager travels in
 * async-local storage, so services never pass it around.
 */
@Injectable()
export class Database {
  private readonly transactions = new AsyncLocalStorage<TransactionScope>();
  private readonly logger = new Logger(Database.name);

  constructor(readonly dataSource: DataSource) {}

  /** The manager of the surrounding transaction, or the pool's when there is none. */
  get manager(): EntityManager {
    return this.transactions.getStore()?.manager ?? this.dataSource.manager;
  }

  /** Whether the caller runs inside `withTransaction`. */
  get inTransaction(): boolean {
    return this.transactions.getStore() !== undefined;
  }

  /**
   * Runs `hook` in the surrounding transaction after the rest of its work, just before it
   * commits (hooks in the order given). For work that takes a lock every transaction contends
   * for (the ledger's append): taken last, it is held only for the commit, and no other lock is
   * waited for while holding it. A hook failing rolls the transaction back.
   */
  beforeCommit(hook: () => Promise<void>): void {
    const scope = this.transactions.getStore();
    if (!scope) {
      throw new Error('beforeCommit needs a surrounding withTransaction');
    }
    scope.beforeCommit.push(hook);
  }

  /**
   * Runs `hook` once the surrounding transaction has committed (never when it rolls back), before
   * `withTransaction` returns: for follow-up work that must not hold the transaction's locks.
   * The commit stands whatever the hook does, so a hook's failure is logged, not thrown: queue a
   * job in the transaction too when the work must happen even if this process dies first.
   */
  afterCommit(hook: () => Promise<void>): void {
    const scope = this.transactions.getStore();
    if (!scope) {
      throw new Error('afterCommit needs a surrounding withTransaction');
    }
    scope.afterCommit.push(hook);
  }

  /**
   * Runs `hook` once the caller's writes are committed: after the surrounding transaction commits
   * (as `afterCommit`), or at once when there is none (each statement committed on its own). Like
   * `afterCommit`, a failure is logged, not thrown: the commit stands.
   */
  async afterCommitOrNow(hook: () => Promise<void>): Promise<void> {
    if (this.inTransaction) {
      this.afterCommit(hook);
      return;
    }
    await hook().catch((error: unknown) => this.logger.error(`After-commit work failed: ${String(error)}`));
  }

  repository<Entity extends ObjectLiteral>(entity: EntityTarget<Entity>): Repository<Entity> {
    return this.manager.getRepository(entity);
  }

  /**
   * Runs `work` in one transaction (joining the surrounding one if any). SERIALIZABLE work is
   * retried on serialization failures and deadlocks, so `work` must be safe to run again.
   */
  async withTransaction<T>(
    work: () => Promise<T>,
    options: { isolation?: IsolationLevel; attempts?: number } = {},
  ): Promise<T> {
    if (this.transactions.getStore()) {
      return work();
    }
    const isolation = options.isolation ?? 'READ COMMITTED';
    const attempts = options.attempts ?? (isolation === 'SERIALIZABLE' ? 5 : 1);
    for (let attempt = 1; ; attempt++) {
      const scope: TransactionScope = { manager: this.dataSource.manager, beforeCommit: [], afterCommit: [] };
      try {
        const run = (manager: EntityManager) => {
          scope.manager = manager;
          return this.transactions.run(scope, async () => {
            const result = await work();
            // A hook may add another; each runs once.
            for (let next = 0; next < scope.beforeCommit.length; next++) {
              await scope.beforeCommit[next]!();
            }
            return result;
          });
        };
        // READ COMMITTED is every connection's default (data-source options): no SET needed.
        const result =
          isolation === 'READ COMMITTED'
            ? await this.dataSource.transaction(run)
            : await this.dataSource.transaction(isolation, run);
        for (const hook of scope.afterCommit) {
          await hook().catch((error: unknown) =>
            this.logger.error(`After-commit work failed: ${String(error)}`),
          );
        }
        return result;
      } catch (error) {
        const code = pgErrorCode(error);
        if (attempt >= attempts || code === undefined || !RETRYABLE_CODES.has(code)) {
          throw error;
        }
      }
    }
  }

  /**
   * Runs one SQL statement in the surrounding transaction (if any) and answers its rows and
   * how many rows it affected, for conditional updates (`... WHERE revision = $2 RETURNING`).
   *
   * `prepared` keeps the statement parsed and planned on each connection that runs it (a named
   * prepared statement), for hot paths whose planning costs the server more than running them.
   * Only for text that is one of a few fixed variants, values always as parameters: each distinct
   * text stays prepared for the connection's life. Its result columns must be named (no `*`
   * outside a CTE), so that a column added by a migration cannot change a prepared result.
   */
  async execute<Row>(
    sql: string,
    parameters: unknown[] = [],
    options: { prepared?: boolean } = {},
  ): Promise<{ rows: Row[]; affected: number }> {
    const surrounding = this.transactions.getStore()?.manager.queryRunner;
    const runner = surrounding ?? this.dataSource.createQueryRunner();
    try {
      if (options.prepared) {
        return await this.executePrepared<Row>(runner, sql, parameters);
      }
      const result = await runner.query(sql, parameters, true);
      const rows = (result.records ?? []) as Row[];
      return { rows, affected: result.affected ?? rows.length };
    } finally {
      if (!surrounding) {
        await runner.release();
      }
    }
  }

  /** `execute` through a named prepared statement, logged and failing as TypeORM's queries do. */
  private async executePrepared<Row>(
    runner: QueryRunner,
    sql: string,
    parameters: unknown[],
  ): Promise<{ rows: Row[]; affected: number }> {
    // The pg client under the query runner: it prepares a name once per connection.
    const client = (await runner.connect()) as PreparingClient<Row>;
    this.dataSource.logger.logQuery(sql, parameters, runner);
    const name = preparedName(sql);
    try {
      const result = await client.query({ name, text: sql, values: parameters });
      return { rows: result.rows, affected: result.rowCount ?? result.rows.length };
    } catch (error) {
      this.dataSource.logger.logQueryError(error as Error, sql, parameters, runner);
      throw new QueryFailedError(sql, parameters, error as Error);
    }
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /** The connection pool's counts (pg's `Pool`), for the metrics. */
  get pool(): { totalCount: number; idleCount: number; waitingCount: number } {
    const pool = (this.dataSource.driver as PostgresDriver).master as
      { totalCount: number; idleCount: number; waitingCount: number } | undefined;
    return pool ?? { totalCount: 0, idleCount: 0, waitingCount: 0 };
  }
}

const preparedNames = new Map<string, string>();

/** A prepared statement's name, from its text: one name never stands for two texts. */
function preparedName(sql: string): string {
  let name = preparedNames.get(sql);
  if (name === undefined) {
    name = `prepared_${createHash('sha256').update(sql).digest('base64url').slice(0, 32)}`;
    preparedNames.set(sql, name);
  }
  return name;
}
