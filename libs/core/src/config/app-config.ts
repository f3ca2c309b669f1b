import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '../clock/time-words';
import { BOARD_CODES } from '../reference/certifying-boards';

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Typed, validated configuration of every process. Read once at start from the environment. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

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
  /**
   * The base32 TOTP secret the demo academy's staff accounts (admin, instructor, verifier) sign
   * in with as their second factor.
   */
  demoTotpSecret: string;
  /** Trust X-Forwarded-* from a reverse proxy (client IP for throttling, https detection). */
  trustProxy: boolean;
  logLevel: LogLevel;
  /** SMTP server for e-mail notifications (smtp:// or smtps://); undefined = in-app inbox only. */
  smtpUrl: string | undefined;
  /** Sender of e-mail notifications. */
  mailFrom: string;
  /**
   * Secret for signing (e.g. lab tickets) and for sealing issuer private keys in the database.
   * Undefined = a random one generated once and kept in the database.
   */
  appSecret: string | undefined;
  /**
   * The issuer's Ed25519 signing key (a Multikey JSON file, mode 0600) shared by replicas;
   * undefined = keys the academy generates and keeps in the database, sealed under the app secret.
   */
  issuerKeyFile: string | undefined;
  /** Bearer token that opens `/metrics`; undefined = no metrics served. */
  metricsToken: string | undefined;
  /** Port of a separate worker's own HTTP (`/health`, `/metrics`). */
  workerPort: number;
  /** The accredited provider's name, as credit designation statements write it. */
  cmeProviderName: string;
  /** Hosts lesson videos may be linked (embedded) from; any other host is refused. */
  videoHosts: string[];
  /**
   * The certifying boards the academy reports MOC to through PARS, each with how many days after a
   * completion its report is due.
   */
  mocBoards: MocBoardSetting[];
  /**
   * How long after a skills lab ends its instructors may still record attendance and sign
   * checklists (milliseconds); nothing is signed before the lab starts.
   */
  labSignOffGraceMs: number;
  /**
   * The academy's IANA time zone: the calendar date-only rules are read in (a course version's
   * release and expiry dates), and the zone dates are printed in when nobody else's applies.
   */
  academyTimeZone: string;
}

export interface MocBoardSetting {
  board: string;
  dueDays: number;
}

/** Boards reported to unless MOC_BOARDS says otherwise, each due 30 days after completion (ACCME's expectation). */
export const DEFAULT_MOC_BOARDS: MocBoardSetting[] = [
  { board: 'ABA', dueDays: 30 },
  { board: 'ABIM', dueDays: 30 },
  { board: 'ABOS', dueDays: 30 },
];

/** Hours after a lab's end its sign-off stays open unless LAB_SIGN_OFF_GRACE_HOURS says otherwise. */
export const DEFAULT_LAB_SIGN_OFF_GRACE_HOURS = 12;

/** Where lesson videos may be embedded from unless VIDEO_HOSTS says otherwise. */
export const DEFAULT_VIDEO_HOSTS = [
  'www.youtube.com',
  'youtube.com',
  'youtu.be',
  'www.youtube-nocookie.com',
  'vimeo.com',
  'player.vimeo.com',
];

/** Raised for an invalid environment; its message is the one line printed before exit 1. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// An unset variable and an empty one mean the same: the default.
const blank = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
const trimmedLower = (value: unknown): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
const quoted = (input: unknown): string => `"${String(input)}"`;

// The URL, or null when it is none (that problem is reported once, by `urlWith`).
function urlOrNull(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** A URL with one of `protocols`, or the message for people. */
function urlWith(protocols: string[], notAUrl: string, wrongProtocol: (url: URL) => string) {
  return z
    .string()
    .trim()
    .superRefine((raw, context) => {
      const url = urlOrNull(raw);
      if (!url) {
        context.addIssue({ code: 'custom', message: notAUrl.replace('{raw}', raw) });
        return;
      }
      if (!protocols.includes(url.protocol)) {
        context.addIssue({ code: 'custom', message: wrongProtocol(url) });
      }
    });
}

const port = z
  .string()
  .trim()
  .refine((raw) => /^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 65535, {
    error: (issue) => `must be a whole number from 1 to 65535, got ${quoted(issue.input)}`,
  })
  .transform(Number);

const flag = z.preprocess(
  trimmedLower,
  z.enum(['1', 'true', 'yes', '0', 'false', 'no'], {
    error: (issue) => `must be true or false, got ${quoted(issue.input)}`,
  }),
);

/**
 * The environment every process reads, variable by variable: what each may hold and, in words
 * for an operator, why a value is refused. The README's configuration table lists exactly these
 * (a test checks), and `loadConfig` derives the rest.
 */
export const ENVIRONMENT = z.object({
  PORT: optional(port),
  DATABASE_URL: optional(
    urlWith(
      ['postgres:', 'postgresql:'],
      'must be a URL like postgres://user:password@host:5432/database',
      (url) => `must use postgres:// or postgresql://, got "${url.protocol}//"`,
    ).refine((raw) => (urlOrNull(raw)?.pathname.length ?? 2) > 1, {
      error: 'must name a database, e.g. postgres://host:5432/academy',
    }),
  ),
  DATA_DIR: optional(z.string().trim()),
  PUBLIC_URL: optional(
    urlWith(
      ['http:', 'https:'],
      'must be an absolute http(s) URL, got "{raw}"',
      (url) => `must use http or https, got "${url.protocol}"`,
    )
      .refine((raw) => !urlOrNull(raw)?.search && !urlOrNull(raw)?.hash, {
        error: 'must not carry a query or fragment',
      })
      .transform((raw) => raw.replace(/\/+$/, '')),
  ),
  SEED_DEMO: optional(flag),
  // Not trimmed: a password is taken as given.
  DEMO_PASSWORD: optional(
    z.string().min(8, 'must be 8 to 128 characters long').max(128, 'must be 8 to 128 characters long'),
  ),
  // Spaces and case as an authenticator app shows it are fine.
  DEMO_TOTP_SECRET: optional(
    z.preprocess(
      (raw) => (typeof raw === 'string' ? raw.replace(/\s+/g, '').toUpperCase() : raw),
      z
        .string()
        .regex(
          /^[A-Z2-7]{16,128}$/,
          'must be a base32 secret: 16 to 128 of the letters A to Z and digits 2 to 7',
        ),
    ),
  ),
  TRUST_PROXY: optional(flag),
  LOG_LEVEL: optional(
    z.preprocess(
      trimmedLower,
      z.enum(LOG_LEVELS, {
        error: (issue) => `must be one of ${LOG_LEVELS.join(', ')}, got ${quoted(issue.input)}`,
      }),
    ),
  ),
  SMTP_URL: optional(
    urlWith(
      ['smtp:', 'smtps:'],
      'must be a URL like smtp://user:password@mail.example.org:587',
      (url) => `must use smtp:// or smtps://, got "${url.protocol}//"`,
    ),
  ),
  MAIL_FROM: optional(
    z
      .string()
      .trim()
      .refine((raw) => raw.length <= 200 && /^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(raw), {
        error: (issue) =>
          `must be an address like "Academy <no-reply@example.org>", got ${quoted(issue.input)}`,
      }),
  ),
  APP_SECRET: optional(z.string().min(32, 'must be at least 32 characters long')),
  ISSUER_KEY_FILE: optional(z.string().trim()),
  METRICS_TOKEN: optional(z.string().min(16, 'must be at least 16 characters long')),
  WORKER_PORT: optional(port),
  // Container secrets: the value of a secret variable read from a file (see SECRET_FILES).
  DATABASE_URL_FILE: optional(z.string().trim()),
  SMTP_URL_FILE: optional(z.string().trim()),
  APP_SECRET_FILE: optional(z.string().trim()),
  METRICS_TOKEN_FILE: optional(z.string().trim()),
  CME_PROVIDER_NAME: optional(
    z
      .string()
      .trim()
      .max(200, 'must be at most 200 characters')
      .refine((raw) => !/\p{Cc}/u.test(raw), 'must be one line of text'),
  ),
  // Comma-separated host names, e.g. "www.youtube.com,player.vimeo.com".
  VIDEO_HOSTS: optional(
    z
      .string()
      .transform((raw) =>
        raw
          .split(',')
          .map((host) => host.trim().toLowerCase())
          .filter(Boolean),
      )
      .refine(
        (hosts) =>
          hosts.every((host) =>
            /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(host),
          ),
        {
          error: 'must be host names separated by commas, like "www.youtube.com,player.vimeo.com"',
        },
      ),
  ),
  // Comma-separated board codes, each optionally with its due days: "ABIM,ABA:45".
  MOC_BOARDS: optional(
    z.string().transform((raw, context) => {
      const settings: MocBoardSetting[] = [];
      for (const entry of raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const match = /^([A-Za-z]{2,10})(?::(\d{1,3}))?$/.exec(entry);
        const board = match && BOARD_CODES.find((code) => code.toLowerCase() === match[1]!.toLowerCase());
        const dueDays = match?.[2] === undefined ? 30 : Number(match[2]);
        if (!board || dueDays < 1 || dueDays > 365) {
          context.addIssue({
            code: 'custom',
            message: `must be board codes (${BOARD_CODES.join(', ')}) separated by commas, each optionally with the days its reports are due in (1 to 365), like "ABIM,ABA:45"; "${entry}" is not`,
          });
          return z.NEVER;
        }
        if (!settings.some((setting) => setting.board === board)) {
          settings.push({ board, dueDays });
        }
      }
      return settings;
    }),
  ),
  // Whole hours, 0 to 168.
  LAB_SIGN_OFF_GRACE_HOURS: optional(
    z
      .string()
      .trim()
      .refine((raw) => /^\d{1,3}$/.test(raw) && Number(raw) <= 168, {
        error: (issue) => `must be a whole number of hours from 0 to 168, got ${quoted(issue.input)}`,
      })
      .transform(Number),
  ),
  ACADEMY_TIME_ZONE: optional(
    z
      .string()
      .trim()
      .refine(isTimeZone, {
        error: (issue) => `must be an IANA time zone such as America/New_York, got ${quoted(issue.input)}`,
      }),
  ),
});

/** Variables that may instead be given as `<NAME>_FILE`, a file holding the value (Docker and Kubernetes secrets). */
const SECRET_FILES = ['DATABASE_URL', 'SMTP_URL', 'APP_SECRET', 'METRICS_TOKEN'] as const;

/** The environment with each `<NAME>_FILE` read into `<NAME>` (one trailing line break dropped). */
function withSecretFiles(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const read: NodeJS.ProcessEnv = { ...env };
  for (const name of SECRET_FILES) {
    const file = blank(env[`${name}_FILE`]) as string | undefined;
    if (file === undefined) {
      continue;
    }
    if (blank(env[name]) !== undefined) {
      throw new ConfigError(`${name}_FILE`, `and ${name} are both set: keep one`);
    }
    try {
      read[name] = readFileSync(resolve(cwd, file.trim()), 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
      throw new ConfigError(`${name}_FILE`, `cannot be read: ${file.trim()} (${why})`);
    }
  }
  return read;
}

const isOn = (value: string | undefined, fallback: boolean): boolean =>
  value === undefined ? fallback : ['1', 'true', 'yes'].includes(value);

/** Builds the configuration from an environment; throws `ConfigError` naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppConfig {
  const parsed = ENVIRONMENT.safeParse(withSecretFiles(env, cwd));
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'is invalid');
  }
  const vars = parsed.data;
  const port = vars.PORT ?? 3000;
  const publicUrl = vars.PUBLIC_URL ?? `http://localhost:${port}`;
  const dataDir = vars.DATA_DIR ?? './var';
  return {
    port,
    databaseUrl: vars.DATABASE_URL,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    publicUrl,
    behindTls: publicUrl.startsWith('https:'),
    // Demo data goes only where nobody keeps real records, unless asked for.
    seedDemo: isOn(vars.SEED_DEMO, vars.DATABASE_URL === undefined),
    // Random per start when not given; printed with the demo accounts.
    demoPassword: vars.DEMO_PASSWORD ?? randomBytes(12).toString('base64url'),
    // 32 base32 characters: 160 random bits, as authenticator apps expect.
    demoTotpSecret: vars.DEMO_TOTP_SECRET ?? Array.from({ length: 32 }, () => BASE32[randomInt(32)]).join(''),
    trustProxy: isOn(vars.TRUST_PROXY, false),
    logLevel: vars.LOG_LEVEL ?? 'info',
    smtpUrl: vars.SMTP_URL,
    mailFrom: vars.MAIL_FROM ?? `Regen Academy <no-reply@${new URL(publicUrl).hostname}>`,
    appSecret: vars.APP_SECRET,
    issuerKeyFile: vars.ISSUER_KEY_FILE ? resolve(cwd, vars.ISSUER_KEY_FILE) : undefined,
    metricsToken: vars.METRICS_TOKEN,
    workerPort: vars.WORKER_PORT ?? 3001,
    cmeProviderName: vars.CME_PROVIDER_NAME ?? 'Regen Academy',
    videoHosts: vars.VIDEO_HOSTS ?? DEFAULT_VIDEO_HOSTS,
    mocBoards: vars.MOC_BOARDS ?? DEFAULT_MOC_BOARDS,
    academyTimeZone: vars.ACADEMY_TIME_ZONE ?? 'UTC',
    labSignOffGraceMs: (vars.LAB_SIGN_OFF_GRACE_HOURS ?? DEFAULT_LAB_SIGN_OFF_GRACE_HOURS) * 3_600_000,
  };
}
