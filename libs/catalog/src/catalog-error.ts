import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses } from '@academy/core';
import type { UnmetRule } from './content/publish-rules';

export enum CatalogErrorCode {
  COURSE_NOT_FOUND = 'COURSE_NOT_FOUND',
  VERSION_NOT_FOUND = 'VERSION_NOT_FOUND',
  SLUG_TAKEN = 'SLUG_TAKEN',
  NO_DRAFT = 'NO_DRAFT',
  DRAFT_EXISTS = 'DRAFT_EXISTS',
  STALE_REVISION = 'STALE_REVISION',
  PUBLISH_RULES_UNMET = 'PUBLISH_RULES_UNMET',
  BAD_DOCUMENT = 'BAD_DOCUMENT',
  MEDIA_NOT_FOUND = 'MEDIA_NOT_FOUND',
  MEDIA_TYPE_REFUSED = 'MEDIA_TYPE_REFUSED',
  MEDIA_TOO_LARGE = 'MEDIA_TOO_LARGE',
}

// The one place catalog errors meet HTTP.
const STATUS: Record<CatalogErrorCode, HttpStatus> = {
  [CatalogErrorCode.COURSE_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [CatalogErrorCode.VERSION_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [CatalogErrorCode.SLUG_TAKEN]: HttpStatus.CONFLICT,
  [CatalogErrorCode.NO_DRAFT]: HttpStatus.CONFLICT,
  [CatalogErrorCode.DRAFT_EXISTS]: HttpStatus.CONFLICT,
  [CatalogErrorCode.STALE_REVISION]: HttpStatus.CONFLICT,
  [CatalogErrorCode.PUBLISH_RULES_UNMET]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CatalogErrorCode.BAD_DOCUMENT]: HttpStatus.BAD_REQUEST,
  [CatalogErrorCode.MEDIA_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [CatalogErrorCode.MEDIA_TYPE_REFUSED]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [CatalogErrorCode.MEDIA_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
};

export class CatalogError extends errorWithStatuses(STATUS) {
  /** For PUBLISH_RULES_UNMET: every rule the draft does not meet. */
  unmet: UnmetRule[] = [];

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
