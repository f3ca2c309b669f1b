import { dayInWords, isTimeZone, momentAtPlace, periodAtPlace, placeOf, timeInWords } from '@academy/core';
import type { Reader } from '@academy/core';

/** A moment as people at the venue read it: "Thursday 3 December 2026, 10:00 CET". */
export function labTime(date: Date, timeZone: string): string {
  return momentAtPlace(date, timeZone);
}

export { placeOf };

/**
 * "Thursday, 3 December 2026, 09:00–17:00 Berlin time (CET)": a lab's hours on the venue's clock,
 * each end's offset when the clocks change during the lab, both ends in full over several days.
 */
export function labPeriod(lab: { startsAt: Date; endsAt: Date; timeZone: string }): string {
  return periodAtPlace(lab.startsAt, lab.endsAt, lab.timeZone);
}

/** Whether two zones show the same wall-clock time at this moment (Paris and Berlin do; London in winter does not). */
export function sameWallClock(date: Date, zone: string, other: string): boolean {
  const wall = (timeZone: string) =>
    new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      timeZone,
    }).format(date);
  return zone === other || wall(zone) === wall(other);
}

/**
 * Whose words a lab's times are said in: the reader's own zone when they (their profile or
 * browser) said it, else the venue's, which is then named.
 */
export function labReader(reader: Reader, venueZone: string): Reader & { ownZone: boolean } {
  return reader.zoneKnown !== false && isTimeZone(reader.zone)
    ? { ...reader, zoneKnown: true, ownZone: true }
    : { zone: venueZone, now: reader.now, zoneKnown: true, ownZone: false };
}

/** A reader from a person's stored zone (null when unknown): the venue's zone stands in. */
export function readerInZone(zone: string | null | undefined, now: Date): Reader {
  return isTimeZone(zone) ? { zone, now, zoneKnown: true } : { zone: 'UTC', now, zoneKnown: false };
}

/**
 * A moment of a lab (its start, a deadline) said relative to the reader's today, in their zone:
 * "tomorrow at 9:00 am" when their clock is the venue's; "5:00 pm today your time (9:00 am in
 * Berlin)" when it is not; "tomorrow at 9:00 am (Berlin time)" when nobody knows their zone.
 */
export function labMomentInWords(date: Date, venueZone: string, reader: Reader): string {
  const words = labReader(reader, venueZone);
  const relative = timeInWords(date, words);
  if (!words.ownZone) {
    return `${relative} (${placeOf(venueZone)} time)`;
  }
  if (sameWallClock(date, words.zone, venueZone)) {
    return relative;
  }
  // The venue's day is said only when it is not the reader's ("9:00 am on Friday in Berlin").
  const venueDay = dayInWords(date, { zone: venueZone, now: reader.now });
  const readerDay = dayInWords(date, words);
  const venueClock = clockTime(date, venueZone);
  const venueWords = venueDay === readerDay ? venueClock : `${venueClock} ${onDay(venueDay)}`;
  return `${relative} your time (${venueWords} in ${placeOf(venueZone)})`;
}

/** "9:00 am" on the zone's clock, as the core's words say it. */
function clockTime(date: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZone: zone,
  })
    .format(date)
    .replace(/\s/g, ' ')
    .toLowerCase();
}

/** "today" stays "today"; a weekday or a date takes "on". */
function onDay(day: string): string {
  return ['today', 'tomorrow', 'yesterday'].includes(day) ? day : `on ${day}`;
}

/**
 * The reader's clock for a lab's hours, when it is not the venue's: "For you in New York:
 * tomorrow, 3:00 am–11:00 am" (both ends in full when they fall on different days for the reader).
 */
export function readerHours(
  lab: { startsAt: Date; endsAt: Date; timeZone: string },
  reader: Reader,
): string | null {
  const words = labReader(reader, lab.timeZone);
  if (!words.ownZone || sameWallClock(lab.startsAt, words.zone, lab.timeZone)) {
    return null;
  }
  const startDay = dayInWords(lab.startsAt, words);
  const hours =
    startDay === dayInWords(lab.endsAt, words)
      ? `${startDay}, ${clockTime(lab.startsAt, words.zone)}–${clockTime(lab.endsAt, words.zone)}`
      : `${timeInWords(lab.startsAt, words)} to ${timeInWords(lab.endsAt, words)}`;
  return `For you in ${placeOf(words.zone)}: ${hours}`;
}
