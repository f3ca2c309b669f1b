const MINUTE = 60_000;

/** Attempts at delivering one e-mail before it is marked failed. */
export const MAX_EMAIL_ATTEMPTS = 8;

/** The first retry waits a minute; each further one twice as long, up to this. */
export const MAX_EMAIL_RETRY_DELAY_MS = 120 * MINUTE;

/**
 * How long attempt `attempt` (1 = the first) holds its e-mail before the next attempt may start:
 * 1 minute, then doubling (2, 4, 8, … minutes), capped at two hours. The same delay is the
 * lease of a running attempt, so a worker that dies mid-send hands the e-mail on after it.
 */
export function emailRetryDelayMs(attempt: number): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a whole number from 1, got ${attempt}`);
  }
  // Past 2^20 the cap has long been reached; stop before the power overflows.
  return Math.min(MINUTE * 2 ** Math.min(attempt - 1, 20), MAX_EMAIL_RETRY_DELAY_MS);
}

/** The delays of attempts 1 to `attempts`, in order (what the outbox claim indexes by attempt). */
export function emailRetrySchedule(attempts: number = MAX_EMAIL_ATTEMPTS): number[] {
  return Array.from({ length: attempts }, (_, index) => emailRetryDelayMs(index + 1));
}

/**
 * A send error as it may be stored and logged: code, SMTP reply code and message, without the
 * SMTP credentials (should a URL appear) or any e-mail address, on one line of at most 500
 * characters.
 */
export function describeSendError(error: unknown, secrets: readonly string[] = []): string {
  const { code, responseCode, message } = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  let text = [
    typeof code === 'string' ? code : undefined,
    typeof responseCode === 'number' ? String(responseCode) : undefined,
    typeof message === 'string' ? message : String(error),
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
  for (const secret of secrets) {
    if (secret.length > 0) {
      text = text.split(secret).join('***');
    }
  }
  return text
    .replace(/smtps?:\/\/[^\s@/]*@/gi, (match) => `${match.slice(0, match.indexOf('//') + 2)}***@`)
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<address>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}
