import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, JobRunner, Metrics, QuietWiringLogger } from '@academy/core';
import { WORKER_JOBS, WorkerModule } from './worker.module';

export interface RunningWorker {
  context: INestApplicationContext;
  jobs: JobRunner;
  stop(): Promise<void>;
}

/**
 * Starts the job handlers of every feature against one database; used by the worker and by
 * `npm start`, which passes the API's metrics so one scrape sees the jobs too.
 */
export async function startWorker(
  config: AppConfig,
  databaseUrl: string,
  metrics?: Metrics,
): Promise<RunningWorker> {
  const context = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ config, databaseUrl, metrics }),
    { bufferLogs: true },
  );
  context.useLogger(new QuietWiringLogger(context.get(Logger)));
  const jobs = new JobRunner(databaseUrl, context.get(Metrics));
  await jobs.start(WORKER_JOBS.map((job) => context.get(job)));
  return {
    context,
    jobs,
    async stop() {
      await jobs.stop();
      await context.close();
    },
  };
}
