import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Booking, Lab } from '../labs/lab.types';

/**
 * A booking as an RFC 5545 calendar file. The UID is the booking's, so calendar apps update the
 * same entry; times carry the lab's time zone (with its VTIMEZONE); a cancelled booking is a
 * CANCEL with a higher SEQUENCE, which removes the entry where it was imported.
 */
export function bookingCalendar(
  booking: Pick<Booking, 'id' | 'status' | 'calendarSequence'>,
  lab: Pick<Lab, 'title' | 'venueName' | 'venueAddress' | 'timeZone' | 'startsAt' | 'endsAt'>,
  options: { publicUrl: string; stamp: Date },
): string {
  const cancelled = booking.status !== 'confirmed';
  const calendar = new ICalCalendar({
    prodId: { company: 'Regen Academy', product: 'Skills labs', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
    name: 'Regen Academy skills lab',
  });
  calendar.timezone({ name: lab.timeZone, generator: getVtimezoneComponent });
  calendar.createEvent({
    id: `lab-booking-${booking.id}@${new URL(options.publicUrl).hostname}`,
    sequence: booking.calendarSequence,
    stamp: options.stamp,
    // TZDate reads the instant as wall time in the lab's zone, whatever the server's zone.
    start: new TZDate(lab.startsAt.getTime(), lab.timeZone),
    end: new TZDate(lab.endsAt.getTime(), lab.timeZone),
    timezone: lab.timeZone,
    summary: lab.title,
    location: `${lab.venueName}, ${lab.venueAddress}`,
    description: cancelled
      ? 'This booking was cancelled.'
      : `Bring your ticket (My bookings: ${options.publicUrl}/me/bookings).`,
    url: `${options.publicUrl}/me/bookings/${booking.id}`,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
