import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@academy/core';

export enum LearningErrorCode {
  NOT_ENROLLED = 'NOT_ENROLLED',
  LESSON_NOT_FOUND = 'LESSON_NOT_FOUND',
  MODULE_LOCKED = 'MODULE_LOCKED',
  DISCLOSURES_NOT_ACKNOWLEDGED = 'DISCLOSURES_NOT_ACKNOWLEDGED',
}

// The one place learning errors meet HTTP.
const STATUS: Record<LearningErrorCode, HttpStatus> = {
  [LearningErrorCode.NOT_ENROLLED]: HttpStatus.FORBIDDEN,
  [LearningErrorCode.LESSON_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [LearningErrorCode.MODULE_LOCKED]: HttpStatus.FORBIDDEN,
  [LearningErrorCode.DISCLOSURES_NOT_ACKNOWLEDGED]: HttpStatus.FORBIDDEN,
};

export class LearningError extends DomainError<LearningErrorCode> {
  get status(): HttpStatus {
    return STATUS[this.code];
  }
}
