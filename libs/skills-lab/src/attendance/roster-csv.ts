import { toCsv } from '@academy/core';
import { placeOf } from '../labs/lab-time';
import type { Attendance, BookingStatus, LabWithQueue } from '../labs/lab.types';
import type { RosterEntry } from './roster.service';

const STATUS_WORDS: Record<BookingStatus, string> = {
  confirmed: 'Booked',
  offered: 'Seat offered',
  waitlisted: 'Waitlisted',
  cancelled: 'Cancelled',
  declined: 'Declined',
  expired: 'Offer expired',
};

const ATTENDANCE_WORDS: Record<Attendance, string> = { present: 'Present', late: 'Late', absent: 'Absent' };

/** "2026-12-03 09:05": a spreadsheet-sortable wall time in the venue's zone (the header names it). */
function venueClock(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(date);
}

/** The roster as CSV for the accreditation file: one row per learner with a seat or a place. */
export function rosterCsv(lab: LabWithQueue, entries: RosterEntry[]): string {
  const zone = `${placeOf(lab.timeZone)} time`;
  return toCsv({
    columns: [
      'Lab',
      `Session starts (${zone})`,
      'Name',
      'Degree',
      'Specialty',
      'Booking',
      'Waitlist position',
      'Attendance',
      `Attendance recorded (${zone})`,
      `Checklist signed (${zone})`,
      'Lab requirement met',
    ],
    rows: entries.map(({ booking, learner }) => [
      lab.title,
      venueClock(lab.startsAt, lab.timeZone),
      learner.fullName,
      learner.degree,
      learner.specialty,
      STATUS_WORDS[booking.status],
      booking.position,
      booking.attendance ? ATTENDANCE_WORDS[booking.attendance] : 'Not checked in',
      booking.attendanceAt ? venueClock(booking.attendanceAt, lab.timeZone) : null,
      booking.signedOffAt ? venueClock(booking.signedOffAt, lab.timeZone) : null,
      booking.signedOffAt ? (booking.requirementMet ? 'Yes' : 'No') : null,
    ]),
  });
}

/** "roster-bone-marrow-harvest-skills-lab-2026-12-03.csv": the lab and its day at the venue. */
export function rosterFileName(
  lab: LabWithQueue,
  kind: 'roster' | 'sign-in-sheet',
  extension: string,
): string {
  const slug =
    lab.title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'lab';
  return `${kind}-${slug}-${venueClock(lab.startsAt, lab.timeZone).slice(0, 10)}.${extension}`;
}
