import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable } from '@academy/core';

// The skills-lab error codes by the HTTP status each answers with: the one place they meet HTTP.
const STATUS = statusTable({
  [HttpStatus.NOT_FOUND]: [
    'LAB_NOT_FOUND',
    'BOOKING_NOT_FOUND',
    'BAD_TICKET',
    'UNKNOWN_STEP',
    'COURSE_NOT_FOUND',
  ],
  [HttpStatus.FORBIDDEN]: ['NOT_ENROLLED', 'MODULES_NOT_PASSED', 'NOT_LAB_INSTRUCTOR'],
  [HttpStatus.CONFLICT]: [
    'REQUIREMENT_ALREADY_MET',
    'BOOKING_CLOSED',
    'ALREADY_HOLDS_PLACE',
    'PLACE_IN_OTHER_LAB',
    'OVERLAPS_BOOKING',
    'CANCELLATION_CLOSED',
    'NOT_CANCELLABLE',
    'NO_OFFER',
    'OFFER_EXPIRED',
    'NOT_CONFIRMED',
    'TICKET_FOR_OTHER_LAB',
    'CHECK_IN_CLOSED',
    'NOT_ATTENDED',
    'CHECKLIST_INCOMPLETE',
    'ALREADY_SIGNED',
    'CAPACITY_BELOW_BOOKINGS',
    'CHECKLIST_IN_USE',
  ],
  [HttpStatus.BAD_REQUEST]: ['BAD_SCHEDULE', 'NOT_AN_INSTRUCTOR'],
});

export const LabErrorCode = STATUS.codes;
export type LabErrorCode = keyof typeof STATUS.codes;

export class LabError extends errorWithStatuses(STATUS) {}
