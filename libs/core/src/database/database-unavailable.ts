// Network errors of a connection that never came or broke off.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// SQLSTATE: connection exceptions (08…), the server shutting down or starting (57P01-57P03),
// too many connections (53300).
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// What node-postgres says when a connection ends under it.
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Connection ended unexpectedly/i,
  /Client has encountered a connection error/i,
];

/**
 * Whether an error means the database cannot be reached just now (an outage, a restart, a full
 * connection pool on the server), as opposed to a bug: such a request is answered 503 and may be
 * tried again. Looks through TypeORM's `driverError`, `cause` and AggregateError's `errors`.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 4) {
    return false;
  }
  const candidate = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (
    typeof candidate.code === 'string' &&
    (NETWORK_CODES.has(candidate.code) || UNAVAILABLE_SQLSTATE.test(candidate.code))
  ) {
    return true;
  }
  const message = candidate.message;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) {
    return true;
  }
  const nested = [
    candidate.driverError,
    candidate.cause,
    ...(Array.isArray(candidate.errors) ? (candidate.errors as unknown[]) : []),
  ];
  return nested.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
