import { TZDate } from '@date-fns/tz';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Booking, Lab } from '../labs/lab.types';

/** Who sends the calendar entry: the academy, by name and a mail address. */
export interface CalendarOrganizer {
  name: string;
  email: string;
}

/**
 * A booking as an RFC 5545 calendar file. The UID is the booking's, so calendar apps update the
 * same entry; times carry the lab's time zone (with its VTIMEZONE); a cancelled booking is a
 * CANCEL with a higher SEQUENCE, which removes the entry where it was imported. The academy is
 * the ORGANIZER, which RFC 5546 requires of both PUBLISH and CANCEL.
 */
export function bookingCalendar(
  booking: Pick<Booking, 'id' | 'status' | 'calendarSequence'>,
  lab: Pick<Lab, 'title' | 'venueName' | 'venueAddress' | 'timeZone' | 'startsAt' | 'endsAt'>,
  options: { publicUrl: string; stamp: Date; organizer: CalendarOrganizer },
): string {
  const cancelled = booking.status !== 'confirmed';
  const zone = vtimezoneFor(lab.timeZone);
  const calendar = new ICalCalendar({
    prodId: { company: 'Regen Academy', product: 'Skills labs', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
    name: 'Regen Academy skills lab',
  });
  // Only the generator, no calendar-wide zone name: a named calendar zone makes ical-generator
  // write the unregistered TIMEZONE-ID and a DTSTAMP without its UTC "Z". The event's own zone
  // is enough for the VTIMEZONE.
  calendar.timezone({ name: null, generator: (tzid) => (tzid === zone?.tzid ? zone.vtimezone : null) });
  calendar.createEvent({
    id: `lab-booking-${booking.id}@${new URL(options.publicUrl).hostname}`,
    sequence: booking.calendarSequence,
    stamp: options.stamp,
    // TZDate reads the instant as wall time in the lab's zone, whatever the server's zone. A
    // zone without a VTIMEZONE would leave TZID dangling, so such a lab's times go out in UTC.
    start: zone ? new TZDate(lab.startsAt.getTime(), zone.tzid) : lab.startsAt,
    end: zone ? new TZDate(lab.endsAt.getTime(), zone.tzid) : lab.endsAt,
    timezone: zone?.tzid ?? null,
    organizer: options.organizer,
    summary: lab.title,
    location: `${lab.venueName}, ${lab.venueAddress}`,
    description: cancelled
      ? 'This booking was cancelled.'
      : `Bring your ticket (My bookings: ${options.publicUrl}/me/bookings).`,
    url: `${options.publicUrl}/me/bookings/${booking.id}`,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // RFC 5545 ends every content line with CRLF, the last included; ical-generator stops short.
  return `${calendar.toString()}\r\n`;
}

/**
 * The VTIMEZONE for an IANA zone, under the TZID the zone database files it (`Asia/Calcutta`
 * is `Asia/Kolkata`), or null for a zone it does not know.
 */
function vtimezoneFor(timeZone: string): { tzid: string; vtimezone: string } | null {
  const found = tzlib_get_ical_block(intlName(timeZone));
  if (!Array.isArray(found) || !found[0] || !found[1]) {
    return null;
  }
  return { tzid: found[1].replace(/^TZID=/, ''), vtimezone: found[0] };
}

// A lab's zone is one Intl accepts, which also takes `europe/zurich`; the zone database wants
// the name as Intl spells it back.
function intlName(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return timeZone;
  }
}

/** The academy as organizer: its name, and the address of `Name <address>` or a bare address. */
export function academyOrganizer(name: string, mailFrom: string): CalendarOrganizer {
  const bracketed = /<([^<>]+)>\s*$/.exec(mailFrom);
  return { name, email: (bracketed ? bracketed[1]! : mailFrom).trim() };
}
