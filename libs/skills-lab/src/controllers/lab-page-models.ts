import { TZDate } from '@date-fns/tz';
import type { BookingWithPosition } from '../bookings/booking.repository';
import { toLabDto } from '../dto/lab.dto';
import type { Reader } from '@academy/core';
import { labPeriod, readerHours } from '../labs/lab-time';
import type { BookingStatus, LabWithWaitlist } from '../labs/lab.types';

export { labPeriod };

/**
 * What a lab list shows of each lab: its hours at the venue and, for a reader whose clock is not
 * the venue's, their own ("tomorrow at 2:00 am to 10:00 am your time (New York)").
 */
export function labSummary(lab: LabWithWaitlist, reader?: Reader) {
  const dto = toLabDto(lab);
  return {
    ...dto,
    seatsTaken: lab.seatsTaken,
    // Not `when`: that name is the page helper for a moment in the reader's words.
    period: labPeriod(lab),
    yourTime: reader ? readerHours(lab, reader) : null,
    full: dto.seatsLeft <= 0,
  };
}

/** A booking's status as the learner reads it. */
export function statusInWords(booking: Pick<BookingWithPosition, 'status' | 'position'>): string {
  const words: Record<BookingStatus, string> = {
    confirmed: 'Seat confirmed',
    waitlisted: booking.position ? `On the waitlist, number ${booking.position}` : 'On the waitlist',
    offered: 'A seat is offered to you',
    cancelled: 'Cancelled',
    declined: 'Offer declined',
    expired: 'Offer expired',
  };
  return words[booking.status];
}

/** The value of a `datetime-local` field showing this instant as wall time in the zone. */
export function wallTime(date: Date, timeZone: string): string {
  const local = new TZDate(date.getTime(), timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(
    local.getHours(),
  )}:${pad(local.getMinutes())}`;
}
