import { Injectable, Logger } from '@nestjs/common';
import type { PgBoss } from 'pg-boss';

/** What a run did, counted by kind (e.g. `{ sent: 3, failed: 1 }`); logged when any is above 0. */
export type JobReport = Record<string, number>;

/** What a job is called (its pg-boss queue) and, for a recurring one, when it runs. */
export interface JobSchedule {
  readonly name: string;
  /** Cron expression (UTC) for recurring jobs. */
  readonly cron?: string;
}

/** A background job a feature offers: a provider marked `@Job(...)` with what it does. */
export interface JobDefinition {
  run(): Promise<JobReport | void>;
}

const SCHEDULES = new WeakMap<object, JobSchedule>();

/** Marks an injectable class as a background job, e.g. `@Job({ name: 'identity.prune-sessions', cron: '0 * * * *' })`. */
export function Job(schedule: JobSchedule): ClassDecorator {
  return (target) => {
    SCHEDULES.set(target, schedule);
    Injectable()(target);
  };
}

/** What the job's `@Job` says. */
export function scheduleOf(job: JobDefinition): JobSchedule {
  const schedule = SCHEDULES.get(job.constructor);
  if (!schedule) {
    throw new Error(`${job.constructor.name} is not marked @Job`);
  }
  return schedule;
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
      const { name, cron } = scheduleOf(job);
      await boss.createQueue(name);
      if (cron) {
        await boss.schedule(name, cron, null, { tz: 'UTC' });
      }
      await boss.work(name, async () => {
        const report = await job.run();
        // Quiet when there was nothing to do: most jobs run every minute.
        if (report && Object.values(report).some((count) => count > 0)) {
          this.logger.log({ job: name, ...report }, `Job ${name} done`);
        }
      });
      this.logger.log(`Job ${name} ready${cron ? ` (${cron})` : ''}`);
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
