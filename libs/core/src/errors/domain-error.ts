import { HttpStatus } from '@nestjs/common';

/**
 * Base of every feature's exception. A feature declares its codes in one table grouped by HTTP status
 * (`statusTable`); the global filter turns the error into `{ statusCode, error, message,
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

/** A feature's error codes and the HTTP status each answers with. */
export interface StatusTable<Code extends string> {
  /** Each code by name, for `throw new LearningError(LearningErrorCode.NOT_ENROLLED, ...)`. */
  readonly codes: { readonly [C in Code]: C };
  readonly statusOf: (code: Code) => HttpStatus;
}

/**
 * A feature's codes, written once, grouped by the HTTP status they answer with:
 * `statusTable({ [HttpStatus.NOT_FOUND]: ['LESSON_NOT_FOUND'], [HttpStatus.CONFLICT]: [...] })`.
 */
export function statusTable<const Code extends string>(
  groups: Partial<Record<HttpStatus, readonly Code[]>>,
): StatusTable<Code> {
  const statuses = new Map<Code, HttpStatus>();
  for (const [status, codes] of Object.entries<readonly Code[]>(groups)) {
    for (const code of codes) {
      if (statuses.has(code)) {
        throw new Error(`Error code ${code} is listed under two statuses`);
      }
      statuses.set(code, Number(status));
    }
  }
  return {
    codes: Object.fromEntries([...statuses.keys()].map((code) => [code, code])) as {
      readonly [C in Code]: C;
    },
    statusOf: (code) => statuses.get(code)!,
  };
}

/**
 * A feature's error class, from its status table:
 * `export class LearningError extends errorWithStatuses(STATUS) {}`.
 */
export function errorWithStatuses<Code extends string>(table: StatusTable<Code>) {
  abstract class FeatureError extends DomainError<Code> {
    get status(): HttpStatus {
      return table.statusOf(this.code);
    }
  }
  return FeatureError;
}
