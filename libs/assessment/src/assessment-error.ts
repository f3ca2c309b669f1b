import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable } from '@academy/core';

// The assessment error codes by the HTTP status each answers with: the one place they meet HTTP.
const STATUS = statusTable({
  [HttpStatus.NOT_FOUND]: [
    'QUIZ_NOT_FOUND',
    'ATTEMPT_NOT_FOUND',
    'QUESTION_NOT_FOUND',
    'ENROLMENT_NOT_FOUND',
  ],
  [HttpStatus.CONFLICT]: [
    'QUIZ_NOT_READY',
    'ATTEMPTS_EXHAUSTED',
    'ALREADY_PASSED',
    'ATTEMPT_CLOSED',
    'ATTEMPT_EXPIRED',
    'VERSION_FROZEN',
    'QUESTION_RETIRED',
    'NOTHING_TO_EXTEND',
  ],
  [HttpStatus.TOO_MANY_REQUESTS]: ['RETRY_TOO_SOON'],
  [HttpStatus.BAD_REQUEST]: ['BAD_ANSWER', 'BAD_QUESTION', 'BAD_ACCOMMODATION'],
});

export const AssessmentErrorCode = STATUS.codes;
export type AssessmentErrorCode = keyof typeof STATUS.codes;

export class AssessmentError extends errorWithStatuses(STATUS) {}
