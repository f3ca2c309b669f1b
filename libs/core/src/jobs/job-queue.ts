import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { PgBoss } from 'pg-boss';
import { Database } from '../database/database';
import { DATABASE_URL } from '../database/database-url';
import { JobDefinition, queueOf, scheduleOf } from './job-runner';

type JobClass<Data> = abstract new (...args: never[]) => JobDefinition<Data>;

/**
 * Sends jobs for the worker from any process (an API replica or the worker). A job sent inside
 * `Database.withTransaction` is written in that transaction: it runs only if the change that
 * asked for it commits, and it is never lost once it has.
 */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private boss?: Promise<PgBoss>;
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  /**
   * Queues one run of `job` with `data`; answers the job's id. For a job marked `onePerKey`, a
   * send while a job of the same `key` waits, retries or runs is ignored (answers null).
   */
  async send<Data extends object>(
    job: JobClass<Data>,
    data: Data,
    options: { key?: string } = {},
  ): Promise<string | null> {
    const schedule = scheduleOf(job);
    const boss = await this.started();
    let queue = this.queues.get(schedule.name);
    if (!queue) {
      queue = boss.createQueue(schedule.name, queueOf(schedule));
      this.queues.set(schedule.name, queue);
      queue.catch(() => this.queues.delete(schedule.name));
    }
    await queue;
    return boss.send(schedule.name, data, {
      ...(options.key ? { singletonKey: options.key } : {}),
      // The insert goes through our pool, in the caller's transaction when there is one.
      db: { executeSql: (text, values) => this.db.execute(text, values ?? []) },
    });
  }

  async onModuleDestroy(): Promise<void> {
    const boss = await this.boss?.catch(() => undefined);
    this.boss = undefined;
    await boss?.stop({ graceful: false, close: true });
  }

  private started(): Promise<PgBoss> {
    this.boss ??= (async () => {
      // pg-boss is ESM-only; load it where it is used.
      const { PgBoss } = await import('pg-boss');
      // Sends only: the worker supervises and schedules.
      const boss = new PgBoss({
        connectionString: this.databaseUrl,
        schema: 'pgboss',
        application_name: 'regen-academy-queue',
        max: 2,
        supervise: false,
        schedule: false,
      });
      boss.on('error', (error: unknown) => this.logger.error({ err: error }, 'pg-boss error'));
      await boss.start();
      return boss;
    })().catch((error: unknown) => {
      this.boss = undefined;
      throw error;
    });
    return this.boss;
  }
}
