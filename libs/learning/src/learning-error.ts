import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable } from '@academy/core';

// The learning error codes by the HTTP status each answers with: the one place they meet HTTP.
const STATUS = statusTable({
  [HttpStatus.FORBIDDEN]: ['NOT_ENROLLED', 'MODULE_LOCKED', 'DISCLOSURES_NOT_ACKNOWLEDGED'],
  [HttpStatus.NOT_FOUND]: ['LESSON_NOT_FOUND'],
  [HttpStatus.CONFLICT]: ['NOT_READY', 'ALREADY_DONE'],
  [HttpStatus.BAD_REQUEST]: ['BAD_CLAIM'],
});

export const LearningErrorCode = STATUS.codes;
export type LearningErrorCode = keyof typeof STATUS.codes;

export class LearningError extends errorWithStatuses(STATUS) {}
