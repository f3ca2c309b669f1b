import { Logger } from '@nestjs/common';
import type { PgBoss } from 'pg-boss';

/** A background job a feature offers: what it is called, when it runs, what it does. */
export interface JobDefinition {
  readonly name: string;
  /** Cron expression (UTC) for recurring jobs. */
  readonly cron?: string;
  run(): Promise<void>;
}

/**
 * Runs feature jobs on pg-boss (its queues live in the `pgboss` schema of our database), so any
 * number of worker processes share the work and a scheduled job runs once per tick.
 */
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  private boss?: PgBoss;

  constructor(private readonly databaseUrl: string) {}

  async start(jobs: JobDefinition[]): Promise<void> {
    // pg-boss is ESM-only; load it where jobs are run.
    const { PgBoss } = await import('pg-boss');
    const boss = new PgBoss({
      connectionString: this.databaseUrl,
      schema: 'pgboss',
      application_name: 'regen-academy-worker',
    });
    boss.on('error', (error: unknown) => this.logger.error({ err: error }, 'pg-boss error'));
    await boss.start();
    this.boss = boss;
    for (const job of jobs) {
      await boss.createQueue(job.name);
      if (job.cron) {
        await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
      }
      await boss.work(job.name, async () => {
        await job.run();
      });
      this.logger.log(`Job ${job.name} ready${job.cron ? ` (${job.cron})` : ''}`);
    }
  }

  /** Enqueues one run now, e.g. on an admin's demand. */
  async runNow(name: string): Promise<string | null> {
    if (!this.boss) {
      throw new Error('Jobs are not started');
    }
    return this.boss.send(name, {});
  }

  /** Lets running jobs finish (up to `timeoutMs`), then closes pg-boss's connections. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss?.stop({ graceful: true, timeout: timeoutMs });
    this.boss = undefined;
  }
}
