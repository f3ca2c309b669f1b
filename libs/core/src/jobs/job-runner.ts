import { Injectable, Logger } from '@nestjs/common';
import type { PgBoss, Queue } from 'pg-boss';
import { Metrics } from '../metrics/metrics';

/** What a run did, counted by kind (e.g. `{ sent: 3, failed: 1 }`); logged when any is above 0. */
export type JobReport = Record<string, number>;

/**
 * What a job is called (its pg-boss queue) and how it runs: on a schedule (`cron`), or once per
 * item a process sends it (`JobQueue.send`), retried on failure as `retry` says.
 */
export interface JobSchedule {
  readonly name: string;
  /** Cron expression (UTC) for recurring jobs. */
  readonly cron?: string;
  /** Retries after a run fails (throws): at most `limit`, the first after `delaySeconds`, then doubling up to `maxDelaySeconds`. */
  readonly retry?: { limit: number; delaySeconds: number; maxDelaySeconds: number };
  /** How long a run may take before it counts as failed (a worker that died mid-run): pg-boss's default is 15 minutes. */
  readonly expireInSeconds?: number;
  /** Runs of this job side by side in one worker process. */
  readonly concurrency?: number;
  /**
   * How often an idle worker looks for a sent job, in seconds (at least 0.5; pg-boss's default
   * is 2): lower for work a person is waiting to see.
   */
  readonly pollSeconds?: number;
  /**
   * At most one job per key (`JobQueue.send`'s `key`) waiting, retrying or running: a send for
   * a key that has one is ignored, however many processes send it.
   */
  readonly onePerKey?: boolean;
}

/** Which attempt a run is: the first is 0 retries in; the last may not be retried. */
export interface JobAttempt {
  retryCount: number;
  last: boolean;
}

/** A background job a feature offers: a provider marked `@Job(...)` with what it does with one item. */
export interface JobDefinition<Data = unknown> {
  run(data: Data, attempt: JobAttempt): Promise<JobReport | void>;
}

const SCHEDULES = new WeakMap<object, JobSchedule>();

/** Marks an injectable class as a background job, e.g. `@Job({ name: 'identity.prune-sessions', cron: '0 * * * *' })`. */
export function Job(schedule: JobSchedule): ClassDecorator {
  return (target) => {
    SCHEDULES.set(target, schedule);
    Injectable()(target);
  };
}

/** What a job's `@Job` says, from the job or its class. */
export function scheduleOf(
  job: JobDefinition | (abstract new (...args: never[]) => JobDefinition),
): JobSchedule {
  const type = typeof job === 'function' ? job : job.constructor;
  const schedule = SCHEDULES.get(type);
  if (!schedule) {
    throw new Error(`${type.name} is not marked @Job`);
  }
  return schedule;
}

/** The pg-boss queue of a job: its retries and expiry (every process creates it alike). */
export function queueOf(schedule: JobSchedule): Omit<Queue, 'name'> {
  const { retry, expireInSeconds, onePerKey } = schedule;
  return {
    ...(onePerKey ? { policy: 'exclusive' as const } : {}),
    ...(retry
      ? {
          retryLimit: retry.limit,
          retryDelay: retry.delaySeconds,
          retryBackoff: true,
          retryDelayMax: retry.maxDelaySeconds,
        }
      : { retryLimit: 0 }),
    ...(expireInSeconds ? { expireInSeconds } : {}),
  };
}

/**
 * Runs feature jobs on pg-boss (its queues live in the `pgboss` schema of our database), so any
 * number of worker processes share the work, a scheduled job runs once per tick and a sent job
 * is run by one worker at a time.
 */
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  private boss?: PgBoss;
  private stopping = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly metrics: Metrics,
  ) {}

  async start(jobs: JobDefinition[]): Promise<void> {
    // pg-boss is ESM-only; load it where jobs are run.
    const { PgBoss } = await import('pg-boss');
    const boss = new PgBoss({
      connectionString: this.databaseUrl,
      schema: 'pgboss',
      application_name: 'regen-academy-worker',
    });
    boss.on('error', (error: unknown) => {
      // While stopping, a connection the database closes first is expected, not a failure.
      if (this.stopping) {
        this.logger.debug({ err: error }, 'pg-boss while stopping');
      } else {
        this.logger.error({ err: error }, 'pg-boss error');
      }
    });
    await boss.start();
    this.boss = boss;
    const runs = this.metrics.counter('jobs_runs_total', 'Job runs by job and outcome (done, failed).', [
      'job',
      'outcome',
    ]);
    // The queues live in the database: every process that runs jobs reports the same depths.
    this.metrics.gauge(
      'job_queue_jobs',
      'Jobs in each queue by state: ready to run, deferred (retry or later start), active, failed (kept for a while).',
      ['queue', 'state'],
      async (gauge) => {
        gauge.reset();
        if (!this.boss || this.stopping) {
          return;
        }
        for (const queue of await this.boss.getQueues(jobs.map((job) => scheduleOf(job).name))) {
          gauge.set({ queue: queue.name, state: 'ready' }, queue.readyCount);
          gauge.set({ queue: queue.name, state: 'deferred' }, queue.deferredCount);
          gauge.set({ queue: queue.name, state: 'active' }, queue.activeCount);
          gauge.set({ queue: queue.name, state: 'failed' }, queue.failedCount);
        }
      },
    );
    for (const job of jobs) {
      const schedule = scheduleOf(job);
      const { name, cron, retry } = schedule;
      await boss.createQueue(name, queueOf(schedule));
      if (cron) {
        await boss.schedule(name, cron, null, { tz: 'UTC' });
      }
      const polling = schedule.pollSeconds ? { pollingIntervalSeconds: schedule.pollSeconds } : {};
      await boss.work(
        name,
        { batchSize: 1, localConcurrency: schedule.concurrency ?? 1, ...polling },
        async ([run]) => {
          const retryCount = run?.retryCount ?? 0;
          let report: JobReport | void;
          try {
            report = await job.run(run?.data ?? {}, {
              retryCount,
              last: retryCount >= (retry?.limit ?? 0),
            });
          } catch (error) {
            runs.inc({ job: name, outcome: 'failed' });
            throw error;
          }
          runs.inc({ job: name, outcome: 'done' });
          // Quiet when there was nothing to do: most jobs run every minute.
          if (report && Object.values(report).some((count) => count > 0)) {
            this.logger.log({ job: name, ...report }, `Job ${name} done`);
          }
        },
      );
      this.logger.debug(`Job ${name} ready${cron ? ` (${cron})` : ''}`);
    }
    // A job an earlier version scheduled and this one no longer has would pile up unworked.
    const scheduled = new Set(
      jobs
        .map((job) => scheduleOf(job))
        .filter((schedule) => schedule.cron)
        .map((schedule) => schedule.name),
    );
    for (const { name } of await boss.getSchedules()) {
      if (!scheduled.has(name)) {
        await boss.unschedule(name);
        this.logger.log(`Job ${name} no longer scheduled`);
      }
    }
  }

  /** Whether jobs are being taken: started and not stopping. */
  get running(): boolean {
    return this.boss !== undefined && !this.stopping;
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
    this.stopping = true;
    await this.boss?.stop({ graceful: true, timeout: timeoutMs });
    this.boss = undefined;
  }
}
