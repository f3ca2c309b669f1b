import { randomBytes } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Typed, validated configuration of every process. Read once at start from the environment. */
export interface AppConfig {
  port: number;
  /** External PostgreSQL; undefined means the embedded server under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  /** True when the public URL is https: cookies get `Secure`, responses get HSTS. */
  behindTls: boolean;
  /** Seed the demo academy at start (always in embedded mode, on request with DATABASE_URL). */
  seedDemo: boolean;
  demoPassword: string;
  /** Trust X-Forwarded-* from a reverse proxy (client IP for throttling, https detection). */
  trustProxy: boolean;
  logLevel: LogLevel;
  /** SMTP server for e-mail notifications (smtp:// or smtps://); undefined = in-app inbox only. */
  smtpUrl: string | undefined;
  /** Sender of e-mail notifications. */
  mailFrom: string;
  /**
   * Secret for signing (e.g. lab tickets). Undefined = a random one kept in `dataDir`; replicas
   * that do not share `dataDir` must all be given the same `APP_SECRET`.
   */
  appSecret: string | undefined;
  /**
   * The issuer's Ed25519 signing key (a Multikey JSON file, mode 0600) shared by replicas;
   * undefined = keys the academy generates under `dataDir/keys`.
   */
  issuerKeyFile: string | undefined;
}

/** Raised for an invalid environment; its message is the one line printed before exit 1. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function readPort(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT?.trim();
  if (raw === undefined || raw === '') {
    return 3000;
  }
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 1 to 65535, got "${raw}"`);
  }
  return port;
}

function readDatabaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a URL like postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  if (url.pathname.length <= 1) {
    throw new ConfigError('DATABASE_URL', 'must name a database, e.g. postgres://host:5432/academy');
  }
  return raw;
}

function readPublicUrl(env: NodeJS.ProcessEnv, port: number): string {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) {
    return `http://localhost:${port}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', `must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL', `must use http or https, got "${url.protocol}"`);
  }
  if (url.search || url.hash) {
    throw new ConfigError('PUBLIC_URL', 'must not carry a query or fragment');
  }
  return raw.replace(/\/+$/, '');
}

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (['1', 'true', 'yes'].includes(raw)) {
    return true;
  }
  if (['0', 'false', 'no'].includes(raw)) {
    return false;
  }
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function readDemoPassword(env: NodeJS.ProcessEnv): string {
  const raw = env.DEMO_PASSWORD;
  if (raw === undefined || raw === '') {
    // Random per start; printed with the demo accounts.
    return randomBytes(12).toString('base64url');
  }
  if (raw.length < 8 || raw.length > 128) {
    throw new ConfigError('DEMO_PASSWORD', 'must be 8 to 128 characters long');
  }
  return raw;
}

function readLogLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  if (!raw) {
    return 'info';
  }
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (!level) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return level;
}

function readSmtpUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.SMTP_URL?.trim();
  if (!raw) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL', 'must be a URL like smtp://user:password@mail.example.org:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL', `must use smtp:// or smtps://, got "${url.protocol}//"`);
  }
  return raw;
}

function readMailFrom(env: NodeJS.ProcessEnv, publicUrl: string): string {
  const raw = env.MAIL_FROM?.trim();
  if (!raw) {
    return `Regen Academy <no-reply@${new URL(publicUrl).hostname}>`;
  }
  if (raw.length > 200 || !/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(raw)) {
    throw new ConfigError(
      'MAIL_FROM',
      `must be an address like "Academy <no-reply@example.org>", got "${raw}"`,
    );
  }
  return raw;
}

function readAppSecret(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.APP_SECRET;
  if (raw === undefined || raw === '') {
    return undefined;
  }
  if (raw.length < 32) {
    throw new ConfigError('APP_SECRET', 'must be at least 32 characters long');
  }
  return raw;
}

/** Builds the configuration from an environment; throws `ConfigError` naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppConfig {
  const port = readPort(env);
  const databaseUrl = readDatabaseUrl(env);
  const rawDataDir = env.DATA_DIR?.trim() || './var';
  const dataDir = isAbsolute(rawDataDir) ? rawDataDir : resolve(cwd, rawDataDir);
  const publicUrl = readPublicUrl(env, port);
  return {
    port,
    databaseUrl,
    dataDir,
    publicUrl,
    behindTls: publicUrl.startsWith('https:'),
    // Demo data goes only where nobody keeps real records, unless asked for.
    seedDemo: readBoolean(env, 'SEED_DEMO', databaseUrl === undefined),
    demoPassword: readDemoPassword(env),
    trustProxy: readBoolean(env, 'TRUST_PROXY', false),
    logLevel: readLogLevel(env),
    smtpUrl: readSmtpUrl(env),
    mailFrom: readMailFrom(env, publicUrl),
    appSecret: readAppSecret(env),
    issuerKeyFile: env.ISSUER_KEY_FILE?.trim() ? resolve(cwd, env.ISSUER_KEY_FILE.trim()) : undefined,
  };
}
