import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses } from '@academy/core';

export enum IdentityErrorCode {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  WRONG_CURRENT_PASSWORD = 'WRONG_CURRENT_PASSWORD',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  ORGANISATION_NOT_FOUND = 'ORGANISATION_NOT_FOUND',
  ORGANISATION_NAME_TAKEN = 'ORGANISATION_NAME_TAKEN',
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  LAST_ADMIN = 'LAST_ADMIN',
  SELF_DISABLE = 'SELF_DISABLE',
  PROFILE_FIELD_REQUIRED = 'PROFILE_FIELD_REQUIRED',
  SELF_ANONYMISE = 'SELF_ANONYMISE',
  ACCOUNT_ANONYMISED = 'ACCOUNT_ANONYMISED',
  ALREADY_IN_ORGANISATION = 'ALREADY_IN_ORGANISATION',
}

// The one place identity errors meet HTTP.
const STATUS: Record<IdentityErrorCode, HttpStatus> = {
  [IdentityErrorCode.EMAIL_TAKEN]: HttpStatus.CONFLICT,
  [IdentityErrorCode.WEAK_PASSWORD]: HttpStatus.BAD_REQUEST,
  [IdentityErrorCode.INVALID_CREDENTIALS]: HttpStatus.UNAUTHORIZED,
  [IdentityErrorCode.WRONG_CURRENT_PASSWORD]: HttpStatus.BAD_REQUEST,
  [IdentityErrorCode.ACCOUNT_DISABLED]: HttpStatus.FORBIDDEN,
  [IdentityErrorCode.TOO_MANY_ATTEMPTS]: HttpStatus.TOO_MANY_REQUESTS,
  [IdentityErrorCode.USER_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [IdentityErrorCode.ORGANISATION_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [IdentityErrorCode.ORGANISATION_NAME_TAKEN]: HttpStatus.CONFLICT,
  [IdentityErrorCode.API_KEY_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [IdentityErrorCode.LAST_ADMIN]: HttpStatus.CONFLICT,
  [IdentityErrorCode.SELF_DISABLE]: HttpStatus.CONFLICT,
  [IdentityErrorCode.PROFILE_FIELD_REQUIRED]: HttpStatus.BAD_REQUEST,
  [IdentityErrorCode.SELF_ANONYMISE]: HttpStatus.CONFLICT,
  [IdentityErrorCode.ACCOUNT_ANONYMISED]: HttpStatus.CONFLICT,
  [IdentityErrorCode.ALREADY_IN_ORGANISATION]: HttpStatus.CONFLICT,
};

export class IdentityError extends errorWithStatuses(STATUS) {
  static tooManyAttempts(retryAfterSeconds: number): IdentityError {
    const error = new IdentityError(
      IdentityErrorCode.TOO_MANY_ATTEMPTS,
      `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
    );
    error.headers['Retry-After'] = String(retryAfterSeconds);
    return error;
  }
}
