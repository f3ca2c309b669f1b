import type { Reader } from '@academy/core';
import { labMomentInWords } from '../labs/lab-time';
import type { Lab } from '../labs/lab.types';

const HOUR = 3_600_000;
// Check-in opens two hours before the start; attendance may be recorded up to a week after the end.
export const CHECK_IN_OPENS_BEFORE = 2 * HOUR;
export const RECORDS_CLOSE_AFTER = 7 * 24 * HOUR;

type LabTimes = Pick<Lab, 'startsAt' | 'endsAt' | 'timeZone'>;

/** Where a moment falls against a lab's check-in window. */
export type CheckInState = 'not-yet' | 'open' | 'closed';

/** When attendance may be recorded: from two hours before the start to a week after the end. */
export function checkInWindow(lab: LabTimes): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(lab.startsAt.getTime() - CHECK_IN_OPENS_BEFORE),
    closesAt: new Date(lab.endsAt.getTime() + RECORDS_CLOSE_AFTER),
  };
}

export function checkInState(lab: LabTimes, now: Date): CheckInState {
  const { opensAt, closesAt } = checkInWindow(lab);
  if (now < opensAt) {
    return 'not-yet';
  }
  return now > closesAt ? 'closed' : 'open';
}

/**
 * Why attendance cannot be recorded now, in the reader's words ("Check-in opens tomorrow at
 * 7:00 am, two hours before the lab starts."), or null while the window is open.
 */
export function checkInClosedWords(lab: LabTimes, reader: Reader): string | null {
  const { opensAt, closesAt } = checkInWindow(lab);
  switch (checkInState(lab, reader.now)) {
    case 'open':
      return null;
    case 'not-yet':
      return `Check-in opens ${labMomentInWords(opensAt, lab.timeZone, reader)}, two hours before the lab starts.`;
    case 'closed':
      return `Attendance closed ${labMomentInWords(closesAt, lab.timeZone, reader)}, a week after the lab ended.`;
  }
}
