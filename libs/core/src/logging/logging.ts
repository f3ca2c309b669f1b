import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { LogLevel } from '../config/app-config';

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

/** pino JSON logs, one line per request with its id; health probes are not logged. */
export function loggerParams(level: LogLevel): Params {
  return {
    pinoHttp: {
      level,
      redact: { paths: REDACTED, censor: '[redacted]' },
      genReqId: (request) => (request as IncomingMessage & { id?: string }).id ?? requestIdFor(request),
      autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health/') },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: loggedUrl(request.url),
        }),
      },
    },
  };
}

/**
 * A request's URL as the log keeps it: query values that work for whoever holds them (a CSRF
 * token in a multipart form's URL, a password-reset link's token) are replaced by `[redacted]`.
 */
export function loggedUrl(url: string): string {
  return url.replace(/([?&](?:_csrf|token)=)[^&#]*/gi, '$1[redacted]');
}
