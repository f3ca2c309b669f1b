import { Client } from 'pg';
import { AuthService, UsersService } from '@academy/identity';
import { NotificationsService } from '@academy/notifications';
import { SmtpSink } from '../../../test/support/smtp-sink';
import { createTestDatabase } from '../../../test/support/test-database';
import { testConfig } from '../../../test/support/test-app';
import { RunningWorker, startWorker } from './start-worker';
import { freePort, scheduleOf } from '@academy/core';
import { serveWorkerHttp } from './worker-http';
import { WORKER_JOBS } from './worker.module';

async function sessionCount(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ count: number }>('SELECT count(*)::int AS count FROM session')).rows[0]!
      .count;
  } finally {
    await client.end();
  }
}

describe('the worker', () => {
  let database: { url: string; drop(): Promise<void> };
  let worker: RunningWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startWorker(testConfig(), database.url);
  });

  afterAll(async () => {
    await worker.stop();
    await database.drop();
  });

  it('answers its container’s health probe and Prometheus on WORKER_PORT', async () => {
    const port = await freePort();
    const config = testConfig({ WORKER_PORT: String(port), METRICS_TOKEN: 'a-worker-metrics-token' });
    const http = await serveWorkerHttp(worker, config);
    try {
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { authorization: 'Bearer a-worker-metrics-token' },
      });
      expect(metrics.status).toBe(200);
      const page = await metrics.text();
      expect(page).toMatch(/^job_queue_jobs\{queue="notifications.send-email",state="ready"\} \d+/m);
      expect(page).toMatch(/^db_pool_connections\{pool="worker",state="total"\} \d+/m);
      expect(page).toContain('# TYPE jobs_runs_total counter');
      expect((await fetch(`http://127.0.0.1:${port}/anything`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('is unhealthy, saying why, once its jobs stop', async () => {
    const other = await startWorker(testConfig(), database.url);
    const port = await freePort();
    const http = await serveWorkerHttp(other, testConfig({ WORKER_PORT: String(port) }));
    try {
      await other.jobs.stop();
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({
        status: 'unavailable',
        problem: 'The job runner is not running.',
      });
    } finally {
      await new Promise((resolve) => http.close(resolve));
      await other.stop();
    }
  });

  it('runs the session-pruning job through pg-boss and stops cleanly', async () => {
    const users = worker.context.get(UsersService);
    const auth = worker.context.get(AuthService);
    const user = await users.createByAdmin({
      email: 'pruned@clinic.example',
      fullName: 'Dr Pruned',
      password: 'aspiration technique',
      roles: ['learner'],
    });
    const live = await auth.login(user.email, 'aspiration technique', 'web');
    const ended = await auth.login(user.email, 'aspiration technique', 'api');
    await auth.logout((await auth.authenticate(ended.token, 'api'))!);
    expect(await sessionCount(database.url)).toBe(2);

    await worker.jobs.runNow('identity.prune-sessions');
    // The job runs in the background; wait (bounded) for its effect.
    const deadline = Date.now() + 20_000;
    while ((await sessionCount(database.url)) !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await sessionCount(database.url)).toBe(1);
    expect(await auth.authenticate(live.token, 'web')).not.toBeNull();
  });

  it('schedules every recurring job once: pruning every 15 minutes, the e-mail sweep every 10', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const schedules = await client.query<{ name: string; cron: string }>(
        'SELECT name, cron FROM pgboss.schedule ORDER BY name',
      );
      const recurring = WORKER_JOBS.map((job) => scheduleOf(worker.context.get(job)))
        .filter((schedule) => schedule.cron !== undefined)
        .map(({ name, cron }) => ({ name, cron }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(schedules.rows).toEqual(recurring);
      expect(schedules.rows).toEqual(
        expect.arrayContaining([
          { name: 'identity.prune-sessions', cron: '*/15 * * * *' },
          { name: 'notifications.queue-pending-email', cron: '*/10 * * * *' },
        ]),
      );
    } finally {
      await client.end();
    }
  });
});

describe('the worker delivering e-mail', () => {
  let database: { url: string; drop(): Promise<void> };
  let sink: SmtpSink;
  let worker: RunningWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    sink = await SmtpSink.start();
    worker = await startWorker(testConfig({ SMTP_URL: sink.url }), database.url);
  });

  afterAll(async () => {
    await worker.stop();
    await sink.stop();
    await database.drop();
  });

  async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${what}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('sends each committed e-mail through its own job, and tries a refused-for-good one exactly once', async () => {
    const users = worker.context.get(UsersService);
    const notifications = worker.context.get(NotificationsService);
    const [reachable, gone] = await Promise.all(
      ['reachable', 'gone'].map((name) =>
        users.createByAdmin({
          email: `${name}@clinic.example`,
          fullName: `Dr ${name}`,
          password: 'aspiration technique',
          roles: ['learner'],
        }),
      ),
    );
    sink.refuseNext(1, { code: 550, text: 'Mailbox unavailable' });
    await notifications.notify(gone!.id, { kind: 'test', subject: 'Gone', body: 'Not deliverable.' });
    await until(
      async () => (await notifications.failedEmails({ limit: 10, offset: 0 })).total === 1,
      'the refused e-mail to be given up',
    );
    await notifications.notify(reachable!.id, { kind: 'test', subject: 'Hello', body: 'Deliverable.' });
    await until(() => sink.receivedFor(reachable!.email).length === 1, 'the deliverable e-mail');
    const [failed] = (await notifications.failedEmails({ limit: 10, offset: 0 })).items;
    expect(failed).toMatchObject({ recipientEmail: gone!.email, attempts: 1 });
    expect(failed!.lastError).toContain('550 Mailbox unavailable');
    // Given up for good: no job retries it.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(sink.attemptsFor(gone!.email)).toBe(1);
    expect(sink.attemptsFor(reachable!.email)).toBe(1);
  });
});
