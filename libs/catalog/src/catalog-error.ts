import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable } from '@academy/core';
import type { UnmetRule } from './content/publish-rules';

// The catalog error codes by the HTTP status each answers with: the one place they meet HTTP.
const STATUS = statusTable({
  [HttpStatus.NOT_FOUND]: [
    'COURSE_NOT_FOUND',
    'VERSION_NOT_FOUND',
    'MEDIA_NOT_FOUND',
    'PERSON_NOT_FOUND',
    'IMPORT_NOT_FOUND',
    'LESSON_NOT_FOUND',
  ],
  [HttpStatus.CONFLICT]: ['SLUG_TAKEN', 'NO_DRAFT', 'DRAFT_EXISTS', 'STALE_REVISION'],
  [HttpStatus.UNPROCESSABLE_ENTITY]: ['PUBLISH_RULES_UNMET'],
  [HttpStatus.BAD_REQUEST]: [
    'BAD_DOCUMENT',
    'DESIGNATION_WRITTEN',
    'DISCLOSURE_REFUSED',
    'RECERTIFICATION_REFUSED',
  ],
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ['MEDIA_TYPE_REFUSED'],
  [HttpStatus.PAYLOAD_TOO_LARGE]: ['MEDIA_TOO_LARGE'],
});

export const CatalogErrorCode = STATUS.codes;
export type CatalogErrorCode = keyof typeof STATUS.codes;

export class CatalogError extends errorWithStatuses(STATUS) {
  /** For PUBLISH_RULES_UNMET: every rule the draft does not meet. */
  unmet: UnmetRule[] = [];

  /** The draft changed since the author read it (their revision is behind). */
  static staleRevision(message: string): CatalogError {
    return new CatalogError(CatalogErrorCode.STALE_REVISION, message, 'revision');
  }

  static publishRulesUnmet(unmet: UnmetRule[]): CatalogError {
    const error = new CatalogError(
      CatalogErrorCode.PUBLISH_RULES_UNMET,
      `This version cannot be published yet: ${unmet.map((rule) => rule.message).join(' ')}`,
    );
    error.unmet = unmet;
    error.problems = {};
    for (const rule of unmet) {
      (error.problems[rule.rule] ??= []).push(rule.message);
    }
    return error;
  }
}
