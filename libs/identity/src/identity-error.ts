import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable, durationInWords } from '@academy/core';

// The identity error codes by the HTTP status each answers with: the one place they meet HTTP.
const STATUS = statusTable({
  [HttpStatus.CONFLICT]: [
    'EMAIL_TAKEN',
    'ORGANISATION_NAME_TAKEN',
    'LAST_ADMIN',
    'SELF_DISABLE',
    'SELF_ANONYMISE',
    'ACCOUNT_ANONYMISED',
    'ALREADY_IN_ORGANISATION',
    'SECOND_FACTOR_EXISTS',
    'SECOND_FACTOR_REQUIRED_FOR_ROLE',
    'MANAGER_NEEDS_VERIFIER_ROLE',
  ],
  [HttpStatus.BAD_REQUEST]: [
    'WEAK_PASSWORD',
    'WRONG_CURRENT_PASSWORD',
    'PROFILE_FIELD_REQUIRED',
    'RESET_LINK_INVALID',
    'CONFIRMATION_LINK_INVALID',
    'EMAIL_UNCHANGED',
    'SECOND_FACTOR_INVALID',
    'PASSKEY_INVALID',
    'REPORTING_PROFILE_INVALID',
  ],
  [HttpStatus.UNAUTHORIZED]: [
    'INVALID_CREDENTIALS',
    'SECOND_FACTOR_NEEDED',
    'WRONG_SECOND_FACTOR',
    'SIGN_IN_EXPIRED',
    'API_KEY_REFUSED',
  ],
  [HttpStatus.FORBIDDEN]: [
    'ACCOUNT_DISABLED',
    'SECOND_FACTOR_SETUP_REQUIRED',
    'NOT_IN_ORGANISATION',
    'NOT_KEY_MANAGER',
  ],
  [HttpStatus.TOO_MANY_REQUESTS]: ['TOO_MANY_ATTEMPTS', 'TOO_MANY_LINKS'],
  [HttpStatus.NOT_FOUND]: [
    'USER_NOT_FOUND',
    'ORGANISATION_NOT_FOUND',
    'API_KEY_NOT_FOUND',
    'SESSION_NOT_FOUND',
    'PASSKEY_NOT_FOUND',
  ],
});

export const IdentityErrorCode = STATUS.codes;
export type IdentityErrorCode = keyof typeof STATUS.codes;

export class IdentityError extends errorWithStatuses(STATUS) {
  static tooManyAttempts(retryAfterSeconds: number, what = 'failed sign-in attempts'): IdentityError {
    const error = new IdentityError(
      IdentityErrorCode.TOO_MANY_ATTEMPTS,
      `Too many ${what}. Try again in ${durationInWords(Math.ceil(retryAfterSeconds / 60) * 60_000)}.`,
    );
    error.headers['Retry-After'] = String(retryAfterSeconds);
    return error;
  }
}
