import { LoggerService, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { LogLevel } from '../config/app-config';
import { requestContextOf } from '../request/request-context';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Reuses a well-formed `X-Request-Id` from a proxy, else makes one. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

// Never let secrets reach the logs, wherever they appear.
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.secret',
];

/** A raw request as pino-http sees it (behind Fastify, the URL may be rewritten; the original stays). */
type LoggedRequest = IncomingMessage & { originalUrl?: string };

const urlOf = (request: LoggedRequest): string => request.originalUrl ?? request.url ?? '';

/**
 * An error as a log line keeps it: its kind, message, code and stack, never the whole object (a
 * database error drags its client along, connection secrets included).
 */
export function loggedError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) {
    return { message: String(error).slice(0, 500) };
  }
  const { code, detail, constraint } = error as Error & {
    code?: unknown;
    detail?: unknown;
    constraint?: unknown;
  };
  return {
    type: error.name,
    message: error.message.slice(0, 1000),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof detail === 'string' ? { detail: detail.slice(0, 500) } : {}),
    ...(typeof constraint === 'string' ? { constraint } : {}),
    stack: error.stack?.split('\n').slice(0, 12).join('\n'),
  };
}

/**
 * pino JSON logs. One line per request when it is answered: method, route, status, duration,
 * request id and the signed-in user's id (`GET /api/v1/courses/:idOrSlug 200 4 ms`); never a
 * header, body, token or password. Health probes are not logged.
 */
export function loggerParams(level: LogLevel): Params {
  return {
    // Every route (path-to-regexp 8 syntax: nestjs-pino's default pattern matches nothing here).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      redact: { paths: REDACTED, censor: '[redacted]' },
      genReqId: (request) => (request as IncomingMessage & { id?: string }).id ?? requestIdFor(request),
      autoLogging: { ignore: (request) => /^\/(health\/|metrics(\?|$))/.test(urlOf(request)) },
      // A refused request is the client's matter (info); only the server's failures are errors.
      customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
      customSuccessMessage: (request, response, responseTime) =>
        `${request.method} ${routeOf(request)} ${response.statusCode} ${Math.round(responseTime)} ms`,
      customErrorMessage: (request, response) =>
        `${request.method} ${routeOf(request)} ${response.statusCode}`,
      customSuccessObject: (request, _response, value: Record<string, unknown>) => ({
        ...value,
        ...whoAndWhere(request),
      }),
      customErrorObject: (request, _response, _error, value: Record<string, unknown>) => ({
        ...value,
        ...whoAndWhere(request),
      }),
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: loggedUrl(request.url),
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
        err: loggedError,
      },
    },
  };
}

/** The route pattern that served a request, or its path (with tokens hidden) when none did. */
function routeOf(request: IncomingMessage): string {
  return requestContextOf(request)?.route ?? loggedUrl(urlOf(request)).split('?')[0]!;
}

function whoAndWhere(request: IncomingMessage): Record<string, unknown> {
  const context = requestContextOf(request);
  return {
    route: routeOf(request),
    ...(context?.actorUserId ? { userId: context.actorUserId } : {}),
    ...(context?.actorApiKeyId ? { apiKeyId: context.actorApiKeyId } : {}),
  };
}

/**
 * A request's URL as the log keeps it: query values that work for whoever holds them (a CSRF
 * token in a multipart form's URL, a password-reset link's token) are replaced by `[redacted]`.
 */
export function loggedUrl(url: string): string {
  return url.replace(/([?&](?:_csrf|token)=)[^&#]*/gi, '$1[redacted]');
}

/** Records which route pattern serves each request, for its log line (ids in paths stay out of the log's route). */
export function logRoutes(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    const context = requestContextOf(request.raw);
    if (context && request.routeOptions.url) {
      context.route = request.routeOptions.url;
    }
    done();
  });
}

/**
 * Nest's own start-up chatter: every module loaded and route mapped (hundreds of lines). And
 * TypeORM's registry of data-source names, which is per process: `npm start` runs the API and
 * its jobs as two Nest contexts, each with its own data source named "default", injected by its
 * own module and never looked up by name, so the warning that the name is taken says nothing.
 */
const WIRING_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'DataSourceNameRegistry',
]);

/**
 * The process's logger with Nest's wiring messages (modules loaded, routes mapped) at debug, so
 * a start at the default level says what an operator needs and little else.
 */
export class QuietWiringLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && WIRING_CONTEXTS.has(context)) {
      this.inner.debug?.(message, ...rest);
      return;
    }
    this.inner.log(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && WIRING_CONTEXTS.has(context)) {
      this.inner.debug?.(message, ...rest);
      return;
    }
    this.inner.warn(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.inner.fatal?.(message, ...rest);
  }
}
