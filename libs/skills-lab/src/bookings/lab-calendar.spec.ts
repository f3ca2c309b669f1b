import ICAL from 'ical.js';
import { icalendarProblems, parsedCalendar } from '../../../../test/support/icalendar-rules';
import { academyOrganizer, bookingCalendar } from './lab-calendar';

const BOOKING_ID = '0b0e9f1c-1111-4222-8333-444455556666';
const lab = {
  title: 'Bone marrow aspiration lab – Zürich, with a title long enough to be folded',
  venueName: 'Anatomy teaching centre',
  venueAddress: 'Rämistrasse 100, 8091 Zürich',
  timeZone: 'Europe/Zurich',
  startsAt: new Date('2027-03-14T08:00:00Z'),
  endsAt: new Date('2027-03-14T16:00:00Z'),
};
const options = {
  publicUrl: 'https://academy.example',
  stamp: new Date('2027-01-02T03:04:05Z'),
  organizer: academyOrganizer('Regen Academy', 'Regen Academy <no-reply@academy.example>'),
};

describe('bookingCalendar', () => {
  it('writes an invitation that keeps RFC 5545: UTC stamp, organizer, CRLF to the end, folded lines', () => {
    const ics = bookingCalendar({ id: BOOKING_ID, status: 'confirmed', calendarSequence: 0 }, lab, options);

    expect(icalendarProblems(ics)).toEqual([]);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics).not.toMatch(/^TIMEZONE-ID/m);
    const { calendar, event } = parsedCalendar(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(String(event.component.getFirstProperty('dtstamp')!.toJSON()[3])).toBe('2027-01-02T03:04:05Z');
    const organizer = event.component.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:no-reply@academy.example');
    expect(organizer.getParameter('cn')).toBe('Regen Academy');
    // 08:00 UTC in March is 09:00 in Zürich, written against the VTIMEZONE the file carries.
    expect(event.startDate.zone?.tzid).toBe('Europe/Zurich');
    expect(event.startDate.toString()).toBe('2027-03-14T09:00:00');
    expect(calendar.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid')).toBe('Europe/Zurich');
    expect(event.uid).toBe(`lab-booking-${BOOKING_ID}@academy.example`);
    expect(event.summary).toBe(lab.title);
  });

  it('keeps the UID and raises SEQUENCE for a change and for the CANCEL', () => {
    const first = parsedCalendar(
      bookingCalendar({ id: BOOKING_ID, status: 'confirmed', calendarSequence: 0 }, lab, options),
    );
    const moved = parsedCalendar(
      bookingCalendar(
        { id: BOOKING_ID, status: 'confirmed', calendarSequence: 1 },
        { ...lab, startsAt: new Date('2027-03-15T08:00:00Z'), endsAt: new Date('2027-03-15T16:00:00Z') },
        options,
      ),
    );
    const cancelled = parsedCalendar(
      bookingCalendar({ id: BOOKING_ID, status: 'cancelled', calendarSequence: 2 }, lab, options),
    );

    expect(moved.event.uid).toBe(first.event.uid);
    expect(cancelled.event.uid).toBe(first.event.uid);
    expect(moved.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(cancelled.event.sequence).toBeGreaterThan(moved.event.sequence);
    expect(cancelled.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.event.component.getFirstProperty('organizer')).not.toBeNull();
  });

  it('names the zone as the zone database files it, so TZID always finds its VTIMEZONE', () => {
    // Node still answers the old name Asia/Calcutta; the zone database files it as Asia/Kolkata.
    const ics = bookingCalendar(
      { id: BOOKING_ID, status: 'confirmed', calendarSequence: 0 },
      { ...lab, timeZone: 'Asia/Calcutta' },
      options,
    );

    expect(icalendarProblems(ics)).toEqual([]);
    const { event } = parsedCalendar(ics);
    expect(event.startDate.zone?.tzid).toBe('Asia/Kolkata');
    expect(event.startDate.toString()).toBe('2027-03-14T13:30:00');
  });

  it('reads a zone as Intl spells it, and writes UTC times for a zone it cannot describe', () => {
    const lowerCase = parsedCalendar(
      bookingCalendar(
        { id: BOOKING_ID, status: 'confirmed', calendarSequence: 0 },
        { ...lab, timeZone: 'europe/zurich' },
        options,
      ),
    );
    expect(lowerCase.event.startDate.zone?.tzid).toBe('Europe/Zurich');

    // The zone library says so on the console; the file stays valid without a VTIMEZONE.
    const said = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const unknown = bookingCalendar(
      { id: BOOKING_ID, status: 'confirmed', calendarSequence: 0 },
      { ...lab, timeZone: 'Mars/Olympus_Mons' },
      options,
    );
    said.mockRestore();
    expect(icalendarProblems(unknown)).toEqual([]);
    expect(unknown).toContain('DTSTART:20270314T080000Z\r\n');
    expect(unknown).not.toContain('VTIMEZONE');
  });

  it('tells what a hand-written file gets wrong', () => {
    const broken = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Example//EN',
      'METHOD:CANCEL',
      'TIMEZONE-ID:Europe/Berlin',
      'BEGIN:VEVENT',
      'UID:1@example.org',
      'DTSTAMP:20270102T030405',
      'DTSTART;TZID=Europe/Berlin:20270314T090000',
      `SUMMARY:${'Zürich '.repeat(10)}`,
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');

    expect(icalendarProblems(broken)).toEqual([
      'the last line does not end with CRLF',
      'line 10 is 88 octets long (at most 75)',
      'TIMEZONE-ID is not a registered property and not an X- property',
      'DTSTART names TZID Europe/Berlin, which no VTIMEZONE defines',
      'DTSTAMP is not a UTC date-time: 2027-01-02T03:04:05',
      'a CANCEL event has no ORGANIZER',
    ]);
    expect(ICAL.parse(broken)).toBeTruthy();
  });
});

describe('academyOrganizer', () => {
  it('takes the address from a named sender or a bare one', () => {
    expect(academyOrganizer('Regen Academy', 'Regen Academy <no-reply@academy.example>')).toEqual({
      name: 'Regen Academy',
      email: 'no-reply@academy.example',
    });
    expect(academyOrganizer('Regen Academy', 'labs@academy.example')).toEqual({
      name: 'Regen Academy',
      email: 'labs@academy.example',
    });
  });
});
