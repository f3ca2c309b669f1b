import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses } from '@academy/core';

export enum LearningErrorCode {
  NOT_ENROLLED = 'NOT_ENROLLED',
  LESSON_NOT_FOUND = 'LESSON_NOT_FOUND',
  MODULE_LOCKED = 'MODULE_LOCKED',
  DISCLOSURES_NOT_ACKNOWLEDGED = 'DISCLOSURES_NOT_ACKNOWLEDGED',
  NOT_READY = 'NOT_READY',
  ALREADY_DONE = 'ALREADY_DONE',
  BAD_CLAIM = 'BAD_CLAIM',
}

// The one place learning errors meet HTTP.
const STATUS: Record<LearningErrorCode, HttpStatus> = {
  [LearningErrorCode.NOT_ENROLLED]: HttpStatus.FORBIDDEN,
  [LearningErrorCode.LESSON_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [LearningErrorCode.MODULE_LOCKED]: HttpStatus.FORBIDDEN,
  [LearningErrorCode.DISCLOSURES_NOT_ACKNOWLEDGED]: HttpStatus.FORBIDDEN,
  [LearningErrorCode.NOT_READY]: HttpStatus.CONFLICT,
  [LearningErrorCode.ALREADY_DONE]: HttpStatus.CONFLICT,
  [LearningErrorCode.BAD_CLAIM]: HttpStatus.BAD_REQUEST,
};

export class LearningError extends errorWithStatuses(STATUS) {}
