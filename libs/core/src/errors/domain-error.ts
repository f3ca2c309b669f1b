import { HttpStatus } from '@nestjs/common';

/**
 * Base of every feature's exception. A feature declares a code enum and one table mapping each
 * code to its HTTP status; the global filter turns the error into `{ statusCode, error, message,
 * code, field? }`.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly status: HttpStatus;

  /** Extra response headers, e.g. `Retry-After` on a 429. */
  readonly headers: Record<string, string> = {};

  /** Problems per field or rule, when there are several (answered as `fields`). */
  problems?: Record<string, string[]>;

  constructor(
    readonly code: Code,
    message: string,
    /** The request field the problem is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A feature's error class, from the one table that maps each of its codes to an HTTP status:
 * `export class LearningError extends errorWithStatuses(STATUS) {}`.
 */
export function errorWithStatuses<Code extends string>(statuses: Readonly<Record<Code, HttpStatus>>) {
  abstract class FeatureError extends DomainError<Code> {
    get status(): HttpStatus {
      return statuses[this.code];
    }
  }
  return FeatureError;
}
