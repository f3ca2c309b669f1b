import { Client } from 'pg';
import { AuthService, UsersService } from '@academy/identity';
import { createTestDatabase } from '../../../test/support/test-database';
import { testConfig } from '../../../test/support/test-app';
import { RunningWorker, startWorker } from './start-worker';
import { scheduleOf } from '@academy/core';
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

  it('schedules every recurring job once: pruning every 15 minutes, e-mail delivery every minute', async () => {
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
          { name: 'notifications.deliver-email', cron: '* * * * *' },
        ]),
      );
    } finally {
      await client.end();
    }
  });
});
