import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@academy/core';
import { ALL_MIGRATIONS } from '@academy/core';
import { MAIN, start, untilReady } from '../support/app-process';
import { createTestDatabase } from '../support/test-database';

describe('starting the platform', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: run npm run build first (npm test does)`);
    }
  });

  it('two app processes started at once against one empty database migrate once and both serve', async () => {
    const database = await createTestDatabase({ empty: true });
    const ports = [await freePort(), await freePort()];
    const apps = ports.map((port) => start({ DATABASE_URL: database.url, PORT: String(port) }));
    try {
      await Promise.all(apps.map((app, index) => untilReady(app, ports[index] ?? 0, 30_000)));
      for (const port of ports) {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            fullName: `Dr ${port}`,
            email: `p${port}@clinic.example`,
            password: 'both replicas serve',
            degree: 'MD',
            specialty: 'Pain',
          }),
        });
        expect(response.status).toBe(201);
      }
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const rows = await client.query('SELECT name FROM schema_migration');
      await client.end();
      expect(rows.rows.map((row: { name: string }) => row.name).sort()).toEqual(
        ALL_MIGRATIONS.map((migration) => migration.name).sort(),
      );
      // With DATABASE_URL and no SEED_DEMO nothing is seeded.
      expect(apps.every((app) => !app.output().includes('Demo accounts'))).toBe(true);
    } finally {
      await Promise.all(apps.map((app) => app.stop()));
      await database.drop();
    }
  });

  it('starts on an empty DATA_DIR with the embedded database in under 15 s, seeds the demo, and reuses the data next time', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'regen-academy-start-'));
    // Like ./var in a checkout: traversable by the system user PostgreSQL runs as under root.
    await chmod(dataDir, 0o755);
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), DEMO_PASSWORD: 'demo passphrase 2026' };
    try {
      const first = start(env);
      try {
        const elapsed = await untilReady(first, port, 15_000);
        expect(elapsed).toBeLessThan(15_000);
        expect(first.output()).toContain(`http://localhost:${port}`);
        for (const email of ['admin', 'instructor', 'learner', 'certified', 'verifier']) {
          expect(first.output()).toContain(`${email}@demo.regen.academy`);
        }
        const asDemo = async (email: string, path: string): Promise<unknown> => {
          const token = await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: 'demo passphrase 2026' }),
          });
          expect(token.status).toBe(200);
          const { accessToken } = (await token.json()) as { accessToken: string };
          const response = await fetch(`http://127.0.0.1:${port}${path}`, {
            headers: { authorization: `Bearer ${accessToken}` },
          });
          return ((await response.json()) as { items: unknown[] }).items;
        };
        const progressOf = (email: string) => asDemo(email, '/api/v1/me/enrollments');
        const partWay = (await progressOf('learner@demo.regen.academy')) as {
          title: string;
          progress: number;
        }[];
        expect(partWay).toEqual([
          expect.objectContaining({ title: 'Bone Marrow Harvesting for Regenerative Medicine' }),
        ]);
        expect(partWay[0]!.progress).toBeGreaterThan(0);
        expect(partWay[0]!.progress).toBeLessThan(100);
        // The certified physician has done everything: lessons, quizzes, lab, evaluation, credit...
        const done = (await progressOf('certified@demo.regen.academy')) as {
          progress: number;
          lessonsSeen: number;
          quizzesPassed: number;
        }[];
        expect(done).toEqual([
          expect.objectContaining({ lessonsSeen: 13, quizzesPassed: 4, labCompleted: true, progress: 100 }),
        ]);
        // ...and holds the certificate the real services issued, verifiable by anyone.
        const [certificate] = (await asDemo('certified@demo.regen.academy', '/api/v1/me/certificates')) as {
          number: string;
        }[];
        const verified = await fetch(`http://127.0.0.1:${port}/api/v1/verify/${certificate!.number}`);
        expect(await verified.json()).toMatchObject({ status: 'valid', holderName: 'Dr Kenji Watanabe' });
        // The demo verifier belongs to an accreditation body and sees its checks (none yet).
        expect(await asDemo('verifier@demo.regen.academy', '/api/v1/verifier/verifications')).toEqual([]);
        // Two upcoming labs of the flagship course, one nearly full.
        const labs = await fetch(`http://127.0.0.1:${port}/api/v1/courses/bone-marrow-harvesting/labs`);
        const upcoming = ((await labs.json()) as { items: { capacity: number; seatsLeft: number }[] }).items;
        expect(upcoming.map((lab) => [lab.capacity, lab.seatsLeft])).toEqual([
          [8, 1],
          [12, 12],
        ]);
        expect(done[0]!.progress).toBeGreaterThan(partWay[0]!.progress);
        const catalog = await fetch(`http://127.0.0.1:${port}/api/v1/courses`);
        expect(((await catalog.json()) as { total: number }).total).toBe(2);
        await fetch(`http://127.0.0.1:${port}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            fullName: 'Dr Kept',
            email: 'kept@clinic.example',
            password: 'kept across restarts',
            degree: 'MD',
            specialty: 'Pain',
          }),
        });
      } finally {
        await first.stop();
      }
      expect(existsSync(join(dataDir, 'postgres', 'data', 'PG_VERSION'))).toBe(true);

      const second = start(env);
      try {
        await untilReady(second, port, 15_000);
        const kept = await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'kept@clinic.example', password: 'kept across restarts' }),
        });
        expect(kept.status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('stops at start with one line naming a bad configuration variable', async () => {
    const started = start({ PORT: 'eighty' });
    await new Promise((resolve) => started.process.once('exit', resolve));
    expect(started.process.exitCode).toBe(1);
    expect(started.output().trim()).toBe(
      'Invalid configuration: PORT must be a whole number from 1 to 65535, got "eighty"',
    );
  });
});
