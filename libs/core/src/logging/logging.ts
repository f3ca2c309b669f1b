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
          url: request.url.replace(/([?&]_csrf=)[^&]*/, '$1[redacted]'),
        }),
      },
    },
  };
}
