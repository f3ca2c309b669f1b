import { constants } from 'node:fs';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { AppConfig, ConfigError } from './app-config';

/**
 * What can be checked before anything starts, each failure one line naming the variable: the
 * HTTP port (`PORT`, or a worker's `WORKER_PORT`) is free, `DATA_DIR` is a directory this process can write (for the embedded
 * database), `ISSUER_KEY_FILE` can be read, `DATABASE_URL` answers and lets us in.
 */
export async function checkBeforeStart(
  config: AppConfig,
  options: { listensOn?: 'PORT' | 'WORKER_PORT' } = {},
): Promise<void> {
  const variable = options.listensOn ?? 'PORT';
  await checkPortFree(variable, variable === 'PORT' ? config.port : config.workerPort);
  if (config.issuerKeyFile) {
    await access(config.issuerKeyFile, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(
        'ISSUER_KEY_FILE',
        error.code === 'ENOENT'
          ? `names a file that does not exist: ${config.issuerKeyFile}`
          : `names a file this process cannot read (${error.code ?? 'error'}): ${config.issuerKeyFile}`,
      );
    });
  }
  if (config.databaseUrl) {
    await checkDatabase(config.databaseUrl);
  } else {
    await checkWritable(config.dataDir);
  }
}

/**
 * Whether something already answers on `port`, asked by connecting rather than by binding: a
 * probe that listened, even for a moment, would open the port before the server is ready.
 */
function checkPortFree(variable: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = connect({ port, host: '127.0.0.1' });
    probe.once('connect', () => {
      probe.destroy();
      reject(portProblem(variable, port, Object.assign(new Error('in use'), { code: 'EADDRINUSE' })));
    });
    probe.once('error', () => resolve());
  });
}

/** A listen that failed on `port`, as one line naming `variable`. */
export function portProblem(variable: string, port: number, error: NodeJS.ErrnoException): ConfigError {
  return new ConfigError(
    variable,
    error.code === 'EADDRINUSE'
      ? `${port} is already in use by another process: stop it, or choose another ${variable}`
      : `${port} cannot be opened (${error.code ?? error.message})`,
  );
}

/**
 * Creates a directory and its missing parents one level at a time: Node's recursive `mkdir`
 * never returns under some special file systems (`/proc`), where a single level fails at once.
 */
async function makeDirectory(path: string): Promise<void> {
  const missing: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    const found = await stat(current).catch(() => null);
    if (found || dirname(current) === current) {
      break;
    }
    missing.unshift(current);
  }
  for (const directory of missing) {
    await mkdir(directory);
  }
}

async function checkWritable(dataDir: string): Promise<void> {
  const probe = join(dataDir, `.write-check-${process.pid}`);
  try {
    await makeDirectory(dataDir);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError('DATA_DIR', `is not a directory this process can write (${code}): ${dataDir}`);
  }
}

/** Connects once, briefly: the reasons an operator can act on, in words; the URL's password never shown. */
async function checkDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  const where = (() => {
    try {
      const parsed = new URL(url);
      return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
    } catch {
      return 'the server';
    }
  })();
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const problem =
      code === 'ECONNREFUSED'
        ? `cannot be reached: nothing answers at ${where}`
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `names a host that cannot be found: ${where}`
          : code === '28P01' || code === '28000'
            ? `was refused by the server at ${where}: wrong user or password`
            : code === '3D000'
              ? `names a database that does not exist: ${where}`
              : `cannot be used (${code ?? (error as Error).message}): ${where}`;
    throw new ConfigError('DATABASE_URL', problem);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Claims `DATA_DIR` for this server process (its embedded database): a second server started on
 * the same directory stops with one line naming the process that holds it. A claim left by a
 * process that is gone is taken over. Answers the release, for a clean stop.
 */
export async function claimDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lock = join(dataDir, 'server.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new ConfigError(
        'DATA_DIR',
        `is in use by another Regen Academy server (pid ${holder}): stop it first, or give this one another DATA_DIR`,
      );
    }
    await rm(lock, { force: true });
  }
  throw new ConfigError('DATA_DIR', `could not be claimed for this server: ${lock}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
