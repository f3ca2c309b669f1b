import { durationInWords } from '@academy/core';
import type { Reader } from '@academy/core';
import { labMomentInWords } from '../labs/lab-time';
import type { Lab } from '../labs/lab.types';

const HOUR = 3_600_000;
// Tickets may be looked up at the door two hours before the start; the roster lists a lab for a
// week after its end.
export const TICKET_LOOKUP_OPENS_BEFORE = 2 * HOUR;
export const RECORDS_CLOSE_AFTER = 7 * 24 * HOUR;

type LabTimes = Pick<Lab, 'startsAt' | 'endsAt' | 'timeZone'>;

/** Where a moment falls against a lab's session window. */
export type CheckInState = 'not-yet' | 'open' | 'closed';

/**
 * When what a certificate attests may be recorded (attendance, checklist steps, the sign-off):
 * from the session's start to `graceMs` after its end. A certificate never says a learner was
 * trained hands-on at a moment before the lab began.
 */
export function checkInWindow(lab: LabTimes, graceMs: number): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: lab.startsAt,
    closesAt: new Date(lab.endsAt.getTime() + graceMs),
  };
}

export function checkInState(lab: LabTimes, now: Date, graceMs: number): CheckInState {
  const { opensAt, closesAt } = checkInWindow(lab, graceMs);
  if (now < opensAt) {
    return 'not-yet';
  }
  return now > closesAt ? 'closed' : 'open';
}

/**
 * Why attendance and sign-off cannot be recorded now, in the reader's words ("Check-in and
 * sign-off open when the lab starts, tomorrow at 9:00 am."), or null while the window is open.
 */
export function checkInClosedWords(lab: LabTimes, reader: Reader, graceMs: number): string | null {
  const { opensAt, closesAt } = checkInWindow(lab, graceMs);
  switch (checkInState(lab, reader.now, graceMs)) {
    case 'open':
      return null;
    case 'not-yet':
      return `Check-in and sign-off open when the lab starts, ${labMomentInWords(opensAt, lab.timeZone, reader)}.`;
    case 'closed':
      return graceMs > 0
        ? `Check-in and sign-off closed ${labMomentInWords(closesAt, lab.timeZone, reader)}, ${durationInWords(graceMs)} after the lab ended.`
        : `Check-in and sign-off closed when the lab ended, ${labMomentInWords(closesAt, lab.timeZone, reader)}.`;
  }
}
