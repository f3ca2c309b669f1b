import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable } from '@academy/core';

// The learning error codes by the HTTP status each answers with: the one place they meet HTTP.
const STATUS = statusTable({
  [HttpStatus.FORBIDDEN]: ['NOT_ENROLLED', 'MODULE_LOCKED', 'DISCLOSURES_NOT_ACKNOWLEDGED'],
  [HttpStatus.NOT_FOUND]: ['LESSON_NOT_FOUND', 'OUTSIDE_CREDIT_NOT_FOUND'],
  [HttpStatus.CONFLICT]: ['NOT_READY', 'ALREADY_DONE'],
  [HttpStatus.BAD_REQUEST]: ['BAD_CLAIM', 'BAD_OUTSIDE_CREDIT'],
  [HttpStatus.PAYLOAD_TOO_LARGE]: ['FILE_TOO_LARGE'],
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ['FILE_TYPE_REFUSED'],
});

export const LearningErrorCode = STATUS.codes;
export type LearningErrorCode = keyof typeof STATUS.codes;

export class LearningError extends errorWithStatuses(STATUS) {}
