import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses } from '@academy/core';

export enum AssessmentErrorCode {
  QUIZ_NOT_FOUND = 'QUIZ_NOT_FOUND',
  QUIZ_NOT_READY = 'QUIZ_NOT_READY',
  ATTEMPT_NOT_FOUND = 'ATTEMPT_NOT_FOUND',
  ATTEMPTS_EXHAUSTED = 'ATTEMPTS_EXHAUSTED',
  RETRY_TOO_SOON = 'RETRY_TOO_SOON',
  ALREADY_PASSED = 'ALREADY_PASSED',
  ATTEMPT_CLOSED = 'ATTEMPT_CLOSED',
  ATTEMPT_EXPIRED = 'ATTEMPT_EXPIRED',
  BAD_ANSWER = 'BAD_ANSWER',
  QUESTION_NOT_FOUND = 'QUESTION_NOT_FOUND',
  BAD_QUESTION = 'BAD_QUESTION',
}

// The one place assessment errors meet HTTP.
const STATUS: Record<AssessmentErrorCode, HttpStatus> = {
  [AssessmentErrorCode.QUIZ_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [AssessmentErrorCode.QUIZ_NOT_READY]: HttpStatus.CONFLICT,
  [AssessmentErrorCode.ATTEMPT_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [AssessmentErrorCode.ATTEMPTS_EXHAUSTED]: HttpStatus.CONFLICT,
  [AssessmentErrorCode.RETRY_TOO_SOON]: HttpStatus.TOO_MANY_REQUESTS,
  [AssessmentErrorCode.ALREADY_PASSED]: HttpStatus.CONFLICT,
  [AssessmentErrorCode.ATTEMPT_CLOSED]: HttpStatus.CONFLICT,
  [AssessmentErrorCode.ATTEMPT_EXPIRED]: HttpStatus.CONFLICT,
  [AssessmentErrorCode.BAD_ANSWER]: HttpStatus.BAD_REQUEST,
  [AssessmentErrorCode.QUESTION_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [AssessmentErrorCode.BAD_QUESTION]: HttpStatus.BAD_REQUEST,
};

export class AssessmentError extends errorWithStatuses(STATUS) {}
