import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses } from '@academy/core';

export enum AccreditationErrorCode {
  COURSE_VERSION_NOT_FOUND = 'COURSE_VERSION_NOT_FOUND',
  ACCME_ACTIVITY_ID_TAKEN = 'ACCME_ACTIVITY_ID_TAKEN',
}

// The one place accreditation errors meet HTTP.
const STATUS: Record<AccreditationErrorCode, HttpStatus> = {
  [AccreditationErrorCode.COURSE_VERSION_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [AccreditationErrorCode.ACCME_ACTIVITY_ID_TAKEN]: HttpStatus.CONFLICT,
};

export class AccreditationError extends errorWithStatuses(STATUS) {}
