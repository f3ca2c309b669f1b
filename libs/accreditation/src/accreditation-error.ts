import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable } from '@academy/core';

// The accreditation error codes by the HTTP status each answers with: the one place they meet HTTP.
const STATUS = statusTable({
  [HttpStatus.NOT_FOUND]: [
    'COURSE_VERSION_NOT_FOUND',
    'COHORT_NOT_FOUND',
    'LEARNER_NOT_FOUND',
    'BOARD_REPORT_NOT_FOUND',
    'BOARD_REPORT_BATCH_NOT_FOUND',
  ],
  [HttpStatus.CONFLICT]: [
    'ACCME_ACTIVITY_ID_TAKEN',
    'COHORT_NAME_TAKEN',
    'NOTHING_TO_REPORT',
    'BOARD_REPORT_NOT_REJECTED',
    'BOARD_REPORTS_CHANGED',
  ],
  [HttpStatus.BAD_REQUEST]: ['BAD_MEMBER_LIST', 'BAD_RESULT_FILE'],
});

export const AccreditationErrorCode = STATUS.codes;
export type AccreditationErrorCode = keyof typeof STATUS.codes;

export class AccreditationError extends errorWithStatuses(STATUS) {}
