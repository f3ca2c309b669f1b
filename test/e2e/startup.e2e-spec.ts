import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, PROJECT_ROOT } from '@academy/core';
import { ALL_MIGRATIONS } from '../../migrations';
import { MAIN, start, Started, untilReady } from '../support/app-process';
import { createTestDatabase } from '../support/test-database';
import { nextTotpCode } from '../factories/users';

/** Resolves once `port` accepts a TCP connection (not readiness: the socket alone). */
async function untilListening(started: Started, port: number, timeoutMs: number): Promise<void> {
  const begin = Date.now();
  while (Date.now() - begin < timeoutMs) {
    if (started.process.exitCode !== null) {
      throw new Error(`Process exited (${started.process.exitCode}):\n${started.output()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Not listening within ${timeoutMs} ms:\n${started.output()}`);
}

/** `npm run ledger:verify` on a database: its exit code and what it printed. */
function ledgerVerify(databaseUrl: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN.replace(/main\.js$/, 'ledger-verify.js')],
      { env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

/** The demo's authenticator secret for its staff accounts, as an operator would set it. */
const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const STAFF = new Set([
  'admin@demo.regen.academy',
  'instructor@demo.regen.academy',
  'verifier@demo.regen.academy',
]);

/** Runs one of the operator's commands (`dist/apps/api/src/<script>`) as `npm run …` would. */
function command(
  script: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(PROJECT_ROOT, 'dist/apps/api/src', script), ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

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

  // How long a start takes is timed alone, in test/timing/cold-start.timing-spec.ts.
  it('starts on an empty DATA_DIR with the embedded database, seeds the demo, and reuses the data next time', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'regen-academy-start-'));
    // Like ./var in a checkout: traversable by the system user PostgreSQL runs as under root.
    await chmod(dataDir, 0o755);
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      DEMO_PASSWORD: 'demo passphrase 2026',
      DEMO_TOTP_SECRET: DEMO_TOTP_SECRET,
      LOG_LEVEL: 'info',
    };
    try {
      const first = start(env);
      try {
        await untilReady(first, port, 60_000);
        expect(first.output()).toContain(`http://localhost:${port}`);
        // A quiet start at the default level, the seed's and the jobs' contexts included.
        for (const chatter of [
          'dependencies initialized',
          'Mapped {',
          'already registered',
          'Duplicate DTO',
        ]) {
          expect(first.output()).not.toContain(chatter);
        }
        for (const email of ['admin', 'instructor', 'learner', 'certified', 'verifier']) {
          expect(first.output()).toContain(`${email}@demo.regen.academy`);
        }
        expect(first.output()).toContain(`DEMO_TOTP_SECRET=${DEMO_TOTP_SECRET}`);
        const asDemo = async (email: string, path: string): Promise<unknown> => {
          const token = await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              email,
              password: 'demo passphrase 2026',
              // Staff sign in with the demo's authenticator secret as their second factor.
              ...(STAFF.has(email)
                ? { otp: await nextTotpCode(null, { email, totpSecret: DEMO_TOTP_SECRET }) }
                : {}),
            }),
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
          expect.objectContaining({ lessonsSeen: 14, quizzesPassed: 4, labCompleted: true, progress: 100 }),
        ]);
        // ...and holds the certificate the real services issued, verifiable by anyone.
        const [certificate] = (await asDemo('certified@demo.regen.academy', '/api/v1/me/certificates')) as {
          number: string;
        }[];
        const verified = await fetch(`http://127.0.0.1:${port}/api/v1/verify/${certificate!.number}`);
        expect(await verified.json()).toMatchObject({ status: 'valid', holderName: 'Dr Kenji Watanabe' });
        // His completion went to his board in a PARS batch, and PARS accepted it.
        const reported = (await asDemo(
          'admin@demo.regen.academy',
          '/api/v1/admin/board-reports?state=accepted',
        )) as { learner: string; board: string; state: string }[];
        expect(reported).toEqual([
          expect.objectContaining({ learner: 'Dr Kenji Watanabe', board: 'ABOS', state: 'accepted' }),
        ]);
        // A hands-on certificate close to its expiry, its holder reminded...
        const verifyNumber = async (number: string) =>
          (await (await fetch(`http://127.0.0.1:${port}/api/v1/verify/${number}`)).json()) as {
            status: string;
            expiresAt: string | null;
            renewedBy: { number: string } | null;
          };
        const [expiring] = (await asDemo('expiring@demo.regen.academy', '/api/v1/me/certificates')) as {
          number: string;
        }[];
        const nearExpiry = await verifyNumber(expiring!.number);
        expect(nearExpiry.status).toBe('valid');
        const daysLeft = (Date.parse(nearExpiry.expiresAt!) - Date.now()) / 86_400_000;
        expect(daysLeft).toBeGreaterThan(30);
        expect(daysLeft).toBeLessThan(60);
        const reminders = (await asDemo('expiring@demo.regen.academy', '/api/v1/me/notifications')) as {
          subject: string;
        }[];
        expect(reminders.map((reminder) => reminder.subject).join('\n')).toMatch(/expires/i);
        // ...and an expired one its holder renewed through the recertification course.
        const held = (await asDemo('renewed@demo.regen.academy', '/api/v1/me/certificates')) as {
          number: string;
          courseTitle: string;
        }[];
        expect(held).toHaveLength(2);
        const answers = await Promise.all(held.map((one) => verifyNumber(one.number)));
        const old = answers.find((answer) => answer.status === 'expired');
        const renewal = answers.find((answer) => answer.status === 'valid');
        expect(old?.renewedBy?.number).toBe(held[answers.indexOf(renewal!)]!.number);
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
        expect(((await catalog.json()) as { total: number }).total).toBe(3);
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
        // An operator's commands share the running server's embedded database: it keeps answering.
        const migrate = await command('migrate.js', env);
        expect(migrate).toMatchObject({ code: 0, stdout: 'The database is up to date.\n' });
        const admin = await command('admin-create.js', env, 'second.admin@clinic.example');
        expect(admin.code).toBe(0);
        expect(admin.stdout).toContain('Created the admin account second.admin@clinic.example.');
        // A second server on the same DATA_DIR refuses in one line naming the one that holds it.
        const intruder = start({ ...env, PORT: String(await freePort()) });
        await new Promise((resolve) => intruder.process.once('exit', resolve));
        expect(intruder.process.exitCode).toBe(1);
        expect(intruder.output().trim()).toBe(
          `Invalid configuration: DATA_DIR is in use by another Regen Academy server (pid ${first.process.pid}): stop it first, or give this one another DATA_DIR`,
        );
        expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
        expect((await fetch(`http://127.0.0.1:${port}/api/v1/courses`)).status).toBe(200);
      } finally {
        await first.stop();
      }
      expect(existsSync(join(dataDir, 'postgres', 'data', 'PG_VERSION'))).toBe(true);

      const second = start(env);
      try {
        await untilReady(second, port, 60_000);
        const kept = await fetch(`http://127.0.0.1:${port}/api/v1/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'kept@clinic.example', password: 'kept across restarts' }),
        });
        expect(kept.status).toBe(200);
      } finally {
        // A clean stop, as Docker asks for one: HTTP, jobs, then the database; no error line, well
        // within Docker's 10 s grace.
        const stopping = Date.now();
        await second.stop();
        expect(Date.now() - stopping).toBeLessThan(10_000);
      }
      expect(second.process.exitCode).toBe(0);
      const errors = second
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{') && (JSON.parse(line) as { level: number }).level >= 50);
      expect(errors).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('serves its first request on the real clock, with the demo academy complete, at every start', async () => {
    const database = await createTestDatabase({ empty: true });
    const port = await freePort();
    const env = {
      DATABASE_URL: database.url,
      SEED_DEMO: 'true',
      DEMO_PASSWORD: 'demo passphrase 2026',
      PORT: String(port),
    };
    const base = `http://127.0.0.1:${port}`;
    const client = new Client({ connectionString: database.url });
    // Every request the loop makes, with the wall-clock window it ran in.
    const windows: { requestId: string; from: number; to: number }[] = [];
    const call = async (path: string, init: RequestInit = {}, token?: string): Promise<Response> => {
      const from = Date.now();
      const response = await fetch(`${base}${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
      windows.push({ requestId: response.headers.get('x-request-id') ?? '', from, to: Date.now() });
      return response;
    };
    const tokenFor = async (email: string, password: string): Promise<string> => {
      const response = await call('/api/v1/auth/token', {
        method: 'POST',
        body: JSON.stringify({ email, password }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { accessToken: string }).accessToken;
    };
    try {
      await client.connect();
      for (const round of [1, 2]) {
        const started = start(env);
        try {
          // From the moment the port opens, as an impatient script would.
          await untilListening(started, port, 60_000);
          expect((await fetch(`${base}/health/ready`)).status).toBe(200);
          // Every demo certificate is signed and rendered by then (no worker runs beside this
          // server): nobody waits for a job to see one.
          const unfinished = await client.query<{ number: string }>(
            `SELECT c.number FROM certificate c LEFT JOIN certificate_pdf p ON p.certificate_id = c.id
              WHERE c.credential IS NULL OR p.certificate_id IS NULL`,
          );
          expect(unfinished.rows).toEqual([]);
          for (let index = 0; index < 6; index++) {
            const email = `first${round}-${index}@clinic.example`;
            const signUp = await call('/api/v1/auth/register', {
              method: 'POST',
              body: JSON.stringify({
                fullName: `Dr First ${index}`,
                email,
                password: 'an early bird passphrase',
                degree: 'MD',
                specialty: 'Sports medicine',
              }),
            });
            expect(signUp.status).toBe(201);
            for (const [address, password] of [
              [email, 'an early bird passphrase'],
              ['learner@demo.regen.academy', 'demo passphrase 2026'],
            ] as const) {
              const token = await tokenFor(address, password);
              expect((await call('/api/v1/me', {}, token)).status).toBe(200);
            }
            // Enrolment is a ledger event.
            const token = await tokenFor(email, 'an early bird passphrase');
            const enrolled = await call(
              '/api/v1/me/enrollments',
              { method: 'POST', body: JSON.stringify({ courseId: 'bone-marrow-harvesting' }) },
              token,
            );
            expect(enrolled.status).toBe(201);
          }
          // The certified physician's certificate is there, signed and rendered, from the first request.
          const certified = await tokenFor('certified@demo.regen.academy', 'demo passphrase 2026');
          const mine = (await (await call('/api/v1/me/certificates', {}, certified)).json()) as {
            items: { number: string }[];
          };
          expect(mine.items).toHaveLength(1);
          const pdf = await call(`/api/v1/certificates/${mine.items[0]!.number}/pdf`, {}, certified);
          expect(pdf.headers.get('content-type')).toContain('application/pdf');
        } finally {
          await started.stop();
        }
      }

      const requestIds = windows.map((window) => window.requestId);
      const audited = await client.query<{ request_id: string; occurred_at: Date; action: string }>(
        'SELECT request_id, occurred_at, action FROM audit_event WHERE request_id = ANY($1)',
        [requestIds],
      );
      expect(audited.rows.map((row) => row.action)).toEqual(expect.arrayContaining(['user.signed_up']));
      for (const row of audited.rows) {
        const window = windows.find((candidate) => candidate.requestId === row.request_id)!;
        expect(row.occurred_at.getTime()).toBeGreaterThanOrEqual(window.from - 2_000);
        expect(row.occurred_at.getTime()).toBeLessThanOrEqual(window.to + 2_000);
      }
      const enrolments = await client.query<{ occurred_at: Date }>(
        `SELECT occurred_at FROM ledger_entry
          WHERE action = 'enrolment.created'
            AND actor IN (SELECT id FROM app_user WHERE email LIKE 'first%@clinic.example')`,
      );
      expect(enrolments.rows).toHaveLength(12);
      const first = Math.min(...windows.map((window) => window.from));
      const last = Math.max(...windows.map((window) => window.to));
      for (const row of enrolments.rows) {
        expect(row.occurred_at.getTime()).toBeGreaterThanOrEqual(first - 2_000);
        expect(row.occurred_at.getTime()).toBeLessThanOrEqual(last + 2_000);
      }
      // Two seeds and the requests between them: one chain, in time order.
      const verified = await ledgerVerify(database.url);
      expect(verified).toMatchObject({ code: 0, output: expect.stringContaining('OK:') });
    } finally {
      await client.end().catch(() => undefined);
      await database.drop();
    }
  }, 180_000);

  it('stops at start with one line naming a bad configuration variable', async () => {
    const started = start({ PORT: 'eighty' });
    await new Promise((resolve) => started.process.once('exit', resolve));
    expect(started.process.exitCode).toBe(1);
    expect(started.output().trim()).toBe(
      'Invalid configuration: PORT must be a whole number from 1 to 65535, got "eighty"',
    );
  });

  it('stops before starting anything, with one line naming the variable, when what it names does not work', async () => {
    const busy = createServer();
    const busyPort = await freePort();
    await new Promise<void>((resolve) => busy.listen(busyPort, '0.0.0.0', resolve));
    const closedPort = await freePort();
    const database = await createTestDatabase();
    const wrongPassword = new URL(database.url);
    wrongPassword.password = 'not-the-password';
    const scratch = await mkdtemp(join(tmpdir(), 'academy-preflight-'));
    // Root may write anywhere: a path under a plain file fails for everyone.
    await writeFile(join(scratch, 'a-file'), '');
    const cases: [NodeJS.ProcessEnv, string][] = [
      [
        { PORT: String(busyPort) },
        `Invalid configuration: PORT ${busyPort} is already in use by another process`,
      ],
      [
        { PORT: String(await freePort()), DATABASE_URL: `postgres://u:p@127.0.0.1:${closedPort}/academy` },
        `Invalid configuration: DATABASE_URL cannot be reached: nothing answers at 127.0.0.1:${closedPort}/academy`,
      ],
      [
        { PORT: String(await freePort()), DATABASE_URL: wrongPassword.toString() },
        'Invalid configuration: DATABASE_URL was refused by the server',
      ],
      [
        {
          PORT: String(await freePort()),
          DATABASE_URL: database.url,
          ISSUER_KEY_FILE: '/nowhere/issuer.json',
        },
        'Invalid configuration: ISSUER_KEY_FILE names a file that does not exist: /nowhere/issuer.json',
      ],
      [
        { PORT: String(await freePort()), DATA_DIR: join(scratch, 'a-file', 'data') },
        'Invalid configuration: DATA_DIR is not a directory this process can write',
      ],
      [
        { PORT: String(await freePort()), DATA_DIR: '/proc/academy' },
        'Invalid configuration: DATA_DIR is not a directory this process can write',
      ],
    ];
    try {
      for (const [env, line] of cases) {
        const started = start(env);
        await new Promise((resolve) => started.process.once('exit', resolve));
        expect(started.process.exitCode).toBe(1);
        const output = started.output().trim();
        expect(output.split('\n')).toHaveLength(1);
        expect(output).toContain(line);
        expect(output).not.toContain('not-the-password');
      }
    } finally {
      busy.close();
      await database.drop();
      await rm(scratch, { recursive: true, force: true });
    }
  }, 120_000);
});
