import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort, JobQueue, PROJECT_ROOT } from '@academy/core';
import { CertificateArtifactsJob, CertificatesService, CredentialVerifier } from '@academy/certificates';
import { createApp } from '../../apps/api/src/create-app';
import { certifiedLearner } from '../factories/certificates';
import { bearerToken, newUser, signUpBody } from '../factories/users';
import { MAIN, start, Started, untilReady, WORKER_MAIN } from '../support/app-process';
import { DatabaseRelay } from '../support/database-relay';
import { SmtpSink } from '../support/smtp-sink';
import { testConfig } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

interface ComposeService {
  environment?: Record<string, string>;
  secrets?: string[];
  deploy?: { replicas?: number };
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  command?: string[];
}

/** `${NAME}`, `${NAME:-default}` and `${NAME:?message}` as docker compose reads them. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (...match: string[]): string => {
    const [, name = '', kind, rest = ''] = match;
    const given = vars[name];
    if (kind === '?' && !given) {
      throw new Error(`docker-compose.yml requires ${name}: ${rest}`);
    }
    return given || (kind === '-' ? rest : '');
  });
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Three API replicas and a worker over one PostgreSQL, each with its own empty DATA_DIR and the
 * environment docker-compose.yml gives its services (read from the file: the two cannot drift).
 */
describe('three replicas and a worker over one database, as docker-compose.yml runs them', () => {
  let compose: { services: Record<string, ComposeService>; secrets: Record<string, { file: string }> };
  let env: Record<string, string>;
  let database: { url: string; drop(): Promise<void> };
  let relay: DatabaseRelay & { url: string };
  let sink: SmtpSink;
  let setup: NestFastifyApplication;
  const replicas: { process: Started; base: string }[] = [];
  let worker: Started;
  const dataDirs: string[] = [];
  let adminToken: string;
  let secrets: Record<string, string>;
  let workerPort: number;

  const call = (replica: number, path: string, init: RequestInit = {}) =>
    fetch(`${replicas[replica]!.base}${path}`, {
      ...init,
      headers: { accept: 'application/json', ...(init.headers as Record<string, string>) },
    });
  const asAdmin = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    if (!existsSync(MAIN) || !existsSync(WORKER_MAIN)) {
      throw new Error('The built app is missing: run npm run build first (npm test does)');
    }
    compose = parse(await readFile(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), {
      merge: true,
    }) as typeof compose;
    database = await createTestDatabase();
    relay = await DatabaseRelay.to(database.url);
    sink = await SmtpSink.start();
    const vars = { SMTP_URL: sink.url, PUBLIC_URL: 'http://academy.test' };
    env = Object.fromEntries(
      Object.entries(compose.services.api!.environment!).map(([name, value]) => [
        name,
        interpolate(String(value), vars),
      ]),
    );
    // The secrets as compose mounts them (/run/secrets/<name>), here files of a directory of their
    // own; the database is reached through the relay.
    const secretDir = await mkdtemp(join(tmpdir(), 'academy-secrets-'));
    dataDirs.push(secretDir);
    secrets = {
      database_url: relay.url,
      app_secret: randomBytes(36).toString('base64url'),
      metrics_token: randomBytes(24).toString('hex'),
    };
    for (const [name, value] of Object.entries(secrets)) {
      await writeFile(join(secretDir, name), `${value}\n`, { mode: 0o600 });
    }
    const processEnv = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [
        name,
        value.startsWith('/run/secrets/') ? join(secretDir, value.slice('/run/secrets/'.length)) : value,
      ]),
    );
    workerPort = await freePort();
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      const dataDir = await mkdtemp(join(tmpdir(), 'academy-replica-'));
      dataDirs.push(dataDir);
      replicas.push({
        process: start({ ...processEnv, PORT: String(port), DATA_DIR: dataDir }),
        base: `http://127.0.0.1:${port}`,
      });
    }
    const workerDir = await mkdtemp(join(tmpdir(), 'academy-worker-'));
    dataDirs.push(workerDir);
    worker = start({ ...processEnv, DATA_DIR: workerDir, WORKER_PORT: String(workerPort) }, WORKER_MAIN);
    await Promise.all(replicas.map((replica, index) => untilReady(replica.process, ports[index]!, 60_000)));

    // What the test needs in the database (courses, learners, an admin), made in-process alike.
    setup = await createApp({
      config: testConfig({ APP_SECRET: secrets.app_secret, PUBLIC_URL: env.PUBLIC_URL, LOG_LEVEL: 'silent' }),
      databaseUrl: database.url,
    });
    adminToken = await bearerToken(setup, await newUser(setup, { roles: ['admin'] }));
  }, 120_000);

  afterAll(async () => {
    await relay?.up();
    await Promise.all([...replicas.map((replica) => replica.process.stop()), worker?.stop()]);
    await setup?.close();
    await relay?.down();
    await sink?.stop();
    await database?.drop();
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('is what the compose file describes: replicas behind a proxy, sharing only the database and secrets, all health-checked', () => {
    const { api, worker: workerService, proxy, postgres } = compose.services;
    expect(api!.deploy?.replicas).toBe(3);
    expect(api!.ports).toBeUndefined();
    expect(proxy!.ports).toEqual(['3000:80']);
    expect(proxy!.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(workerService!.environment).toEqual(api!.environment);
    expect(Object.keys(env).sort()).toEqual(
      [
        'APP_SECRET_FILE',
        'DATABASE_URL_FILE',
        'MAIL_FROM',
        'METRICS_TOKEN_FILE',
        'PUBLIC_URL',
        'SMTP_URL',
        'TRUST_PROXY',
      ].sort(),
    );
    expect(env.TRUST_PROXY).toBe('true');
    // No credential in the file: the secrets are files of their own, mounted where env says.
    expect(postgres!.environment!.POSTGRES_PASSWORD).toBeUndefined();
    expect(postgres!.environment!.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres_password');
    for (const service of [api, workerService]) {
      expect(service!.secrets!.sort()).toEqual(['app_secret', 'database_url', 'metrics_token']);
    }
    for (const value of Object.values(env).filter((value) => value.startsWith('/run/secrets/'))) {
      expect(Object.keys(compose.secrets)).toContain(value.slice('/run/secrets/'.length));
    }
    expect(Object.values(compose.secrets).every((secret) => secret.file.startsWith('./secrets/'))).toBe(true);
    for (const service of [api, workerService]) {
      expect(service!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    }
    for (const service of [postgres, api, workerService]) {
      expect(service!.healthcheck?.test.length).toBeGreaterThan(0);
    }
  });

  it('tries an e-mail the server refuses for good (550) exactly once, and an admin sees why on any replica', async () => {
    sink.refuseNext(1, { code: 550, text: 'Mailbox unavailable' });
    const body = signUpBody();
    const email = String(body.email);
    expect(
      (
        await call(0, '/api/v1/auth/register', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    ).toBe(201);
    const failed = await until(async () => {
      const response = await call(2, '/api/v1/admin/emails/failed', { headers: asAdmin(adminToken) });
      const list = (await response.json()) as {
        items: { recipientEmail: string; lastError: string; attempts: number }[];
      };
      return list.items.find((item) => item.recipientEmail === email);
    }, 'the welcome e-mail to be given up');
    expect(failed).toMatchObject({
      attempts: 1,
      lastError: expect.stringContaining('550 Mailbox unavailable'),
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(sink.attemptsFor(email)).toBe(1);
  });

  it('verifies through every replica a certificate the worker signed, with the key every process shares', async () => {
    const { user, number } = await certifiedLearner(setup);
    await setup.get(JobQueue).send(CertificateArtifactsJob, {});
    const signed = await until(async () => {
      const certificate = await setup.get(CertificatesService).byNumber(number);
      return certificate.credential ?? undefined;
    }, 'the worker to sign the certificate');
    const holder = await bearerToken(setup, user);
    const verifier = setup.get(CredentialVerifier);
    const issuerDid = (await verifier.verify(signed)).issuerDid;
    for (const replica of [0, 1, 2]) {
      const status = await call(replica, `/api/v1/verify/${number}`);
      expect(status.status).toBe(200);
      expect(await status.json()).toMatchObject({ status: 'valid', number });
      const download = await call(replica, `/api/v1/certificates/${number}/credential`, {
        headers: asAdmin(holder),
      });
      const credential = (await download.json()) as Record<string, unknown>;
      expect(credential).toEqual(signed);
      expect(await verifier.verify(credential)).toMatchObject({ verified: true, issuerDid });
      const issuer = (await (await call(replica, '/issuer')).json()) as { did: string };
      expect(issuer.did).toBe(issuerDid);
      const document = (await (await call(replica, '/.well-known/did.json')).json()) as {
        assertionMethod: string[];
      };
      expect(document.assertionMethod).toContain(
        (credential.proof as { verificationMethod: string }[])[0]!.verificationMethod,
      );
    }
  });

  it('signs on every replica with a key rotated through one, at once', async () => {
    const rotated = await call(0, '/api/v1/admin/issuer/keys/rotate', {
      method: 'POST',
      headers: asAdmin(adminToken),
    });
    expect(rotated.status).toBe(200);
    const { previous, current } = (await rotated.json()) as {
      previous: { id: string };
      current: { id: string; publicKeyMultibase: string };
    };
    expect(current.id).not.toBe(previous.id);
    for (const replica of [1, 2]) {
      // A certificate nobody has signed yet: the replica signs it as the holder downloads it.
      const { user, number } = await certifiedLearner(setup);
      const download = await call(replica, `/api/v1/certificates/${number}/credential`, {
        headers: asAdmin(await bearerToken(setup, user)),
      });
      expect(download.status).toBe(200);
      const credential = (await download.json()) as { proof: { verificationMethod: string }[] };
      expect(await setup.get(CredentialVerifier).verify(credential)).toMatchObject({ verified: true });
      expect(credential.proof[0]!.verificationMethod).toMatch(
        new RegExp(`^did:web:.+#${current.publicKeyMultibase}$`),
      );
    }
  });

  it('holds the global limit across the three: past 600 a minute from one client, every replica answers 429', async () => {
    const client = { 'x-forwarded-for': '198.51.100.77' };
    const statuses = await Promise.all(
      Array.from({ length: 600 }, (_, index) =>
        call(index % 3, '/issuer', { headers: client }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(600);
    for (const replica of [0, 1, 2]) {
      const refused = await call(replica, '/issuer', { headers: client });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another client is not held back.
    expect((await call(1, '/issuer', { headers: { 'x-forwarded-for': '198.51.100.78' } })).status).toBe(200);
  });

  it('answers 503 with Retry-After on every replica while PostgreSQL is down, and 200 again from the same processes once it is back', async () => {
    await relay.down();
    for (const replica of [0, 1, 2]) {
      const answer = await until(async () => {
        const response = await call(replica, '/api/v1/courses');
        return response.status === 503 ? response : undefined;
      }, `replica ${replica} to notice the outage`);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await call(replica, '/health/ready')).status).toBe(503);
    }
    await relay.up();
    for (const replica of [0, 1, 2]) {
      await until(
        async () => ((await call(replica, '/api/v1/courses')).status === 200 ? true : undefined),
        `replica ${replica} to serve again`,
      );
    }
    expect(replicas.every((replica) => replica.process.process.exitCode === null)).toBe(true);
    expect(worker.process.exitCode).toBeNull();
  });

  it('keeps the worker healthy by its compose health check, and lets Prometheus scrape each process with the token', async () => {
    // The compose health check itself, run against this worker's port.
    const [, ...command] = compose.services.worker!.healthcheck!.test;
    const probe = command.map((part) => part.replace('localhost:3001', `127.0.0.1:${workerPort}`));
    const exitCode = await until(
      () =>
        new Promise<number | undefined>((resolve) =>
          execFile(process.execPath, probe.slice(1), (error) => resolve(error ? undefined : 0)),
        ),
      'the worker to answer its health check',
    );
    expect(exitCode).toBe(0);
    const scrape = (base: string, token?: string) =>
      fetch(`${base}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await scrape(`http://127.0.0.1:${workerPort}`)).status).toBe(401);
    const fromWorker = await scrape(`http://127.0.0.1:${workerPort}`, secrets.metrics_token);
    expect(fromWorker.status).toBe(200);
    expect(await fromWorker.text()).toMatch(/^job_queue_jobs\{queue="[\w.-]+",state="ready"\} \d+/m);
    const replica = await scrape(replicas[1]!.base, secrets.metrics_token);
    expect(replica.status).toBe(200);
    expect(await replica.text()).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
