import { TZDate } from '@date-fns/tz';

/**
 * Dates and times as a reader says them, in the reader's own time zone: "3:05 pm today",
 * "tomorrow at 9:00 am", "Tuesday 8 December at 3:05 pm". One place for every page and message.
 */

/** Whose words: the reader's IANA time zone, and the moment "today" is measured from. */
export interface Reader {
  zone: string;
  now: Date;
  /** False when the zone is a guess (no browser or profile said it): the zone is then named. */
  zoneKnown?: boolean;
}

/** The months' names in English, January first: `MONTH_NAMES[month - 1]`. */
export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The zone shown when nobody said which one the reader is in. */
export const FALLBACK_ZONE = 'UTC';

const SUPPORTED = new Set<string>([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/** Whether `zone` is an IANA time zone this server knows (e.g. `Europe/Berlin`). */
export function isTimeZone(zone: unknown): zone is string {
  return typeof zone === 'string' && zone.length <= 64 && SUPPORTED.has(zone);
}

/** Every time zone a reader may choose, by name. */
export function timeZoneChoices(): string[] {
  return [...SUPPORTED].sort();
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone });
    formats.set(key, found);
  }
  return found;
}

/** The calendar day (days since 1970-01-01) a moment falls on in a zone. */
function dayNumber(date: Date, zone: string): number {
  const parts = format(zone, { year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
  const part = (type: string): number => Number(parts.find((item) => item.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000;
}

/** "3:05 pm" in the zone. */
function clockTime(date: Date, zone: string): string {
  return format(zone, { hour: 'numeric', minute: '2-digit', hour12: true })
    .format(date)
    .replace(/\s/g, ' ')
    .toLowerCase();
}

/** "today", "tomorrow", "yesterday", "Tuesday" (within the week ahead), or "Tuesday 8 December [2027]". */
export function dayInWords(date: Date, reader: Reader): string {
  const days = dayNumber(date, reader.zone) - dayNumber(reader.now, reader.zone);
  if (days === 0) {
    return 'today';
  }
  if (days === 1) {
    return 'tomorrow';
  }
  if (days === -1) {
    return 'yesterday';
  }
  if (days > 1 && days < 7) {
    return format(reader.zone, { weekday: 'long' }).format(date);
  }
  const sameYear =
    format(reader.zone, { year: 'numeric' }).format(date) ===
    format(reader.zone, { year: 'numeric' }).format(reader.now);
  return format(reader.zone, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  })
    .format(date)
    .replace(',', '');
}

/** "3:05 pm today", "tomorrow at 9:00 am", "Tuesday 8 December at 3:05 pm" (with the zone when it is a guess). */
export function timeInWords(date: Date, reader: Reader): string {
  const day = dayInWords(date, reader);
  const time = clockTime(date, reader.zone);
  const words = day === 'today' ? `${time} today` : `${day} at ${time}`;
  return reader.zoneKnown === false ? `${words} (${reader.zone})` : words;
}

/** "8 December 2026": a date on its own (a certificate's issue date), in the reader's zone. */
export function dateInWords(date: Date, reader: Pick<Reader, 'zone'>): string {
  return format(reader.zone, { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/**
 * "15 minutes", "1 hour 25 minutes", "2 hours", "7 days", "less than a minute": how long
 * something took or lasts, in whole words (a quarter of an hour is "15 minutes", never "0 hours").
 */
export function durationInWords(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 1) {
    return 'less than a minute';
  }
  const unit = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) {
    return unit(rest, 'minute');
  }
  // Two days and more, when whole, in days: a week's hold is "7 days", not "168 hours".
  if (rest === 0 && hours >= 48 && hours % 24 === 0) {
    return unit(hours / 24, 'day');
  }
  return rest === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
}

/** The place a zone is named after: "America/Argentina/Buenos_Aires" is "Buenos Aires". */
export function placeOf(timeZone: string): string {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

/** The zone's name for its offset at a moment ("CET", "GMT‑7"), kept together on a line. */
export function offsetAt(date: Date, zone: string): string {
  const name =
    format(zone, { timeZoneName: 'short' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value ?? zone;
  // A non-breaking hyphen: "GMT‑6" does not break across lines.
  return name.replace(/-/g, '\u2011');
}

/** A moment on the clock of a place: "Thursday 3 December 2026, 10:00 CET". */
export function momentAtPlace(date: Date, zone: string): string {
  return format(zone, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}

/**
 * From when to when something happens at a place, on its clock: "Tuesday, 24 November 2026,
 * 09:00–17:00 Berlin time (CET)". When the clocks change in between, each end's offset is said
 * ("(GMT‑7 at the start, GMT‑8 at the end)"); over several days, both ends in full.
 */
export function periodAtPlace(startsAt: Date, endsAt: Date, zone: string): string {
  const dayOf = (date: Date) =>
    format(zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
  if (dayOf(startsAt) !== dayOf(endsAt)) {
    return `${momentAtPlace(startsAt, zone)} to ${momentAtPlace(endsAt, zone)}`;
  }
  const hours = (date: Date) =>
    format(zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  const from = offsetAt(startsAt, zone);
  const to = offsetAt(endsAt, zone);
  const offsets = from === to ? from : `${from} at the start, ${to} at the end`;
  return `${dayOf(startsAt)}, ${hours(startsAt)}–${hours(endsAt)} ${placeOf(zone)} time (${offsets})`;
}

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day (`2027-06-01`) a moment falls on in a zone. */
export function calendarDayIn(date: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

/**
 * The first moment of a calendar day (`2027-06-01`) in a zone: midnight there (or the first
 * moment that exists where the clocks jump over midnight). Null when `day` is no calendar day.
 */
export function dayStartsAt(day: string, zone: string): Date | null {
  const match = CALENDAR_DAY.exec(day);
  if (!match) {
    return null;
  }
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
  const start = TZDate.tz(zone, year, month - 1, date, 0, 0);
  if (Number.isNaN(start.getTime()) || calendarDayIn(new Date(start.getTime()), zone) !== day) {
    return null;
  }
  return new Date(start.getTime());
}

/** The first moment of the day after `day` in a zone: when a date-only deadline has passed. */
export function dayEndsAt(day: string, zone: string): Date | null {
  const match = CALENDAR_DAY.exec(day);
  if (!match || !dayStartsAt(day, zone)) {
    return null;
  }
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1, 12));
  return dayStartsAt(next.toISOString().slice(0, 10), zone);
}

/** "New York time", or "UTC": the name a zone's calendar is said with. */
export function zoneInWords(zone: string): string {
  return zone === 'UTC' ? 'UTC' : `${placeOf(zone)} time`;
}

/** "1 June 2027 (New York time)": a date that says on whose calendar it falls. */
export function dateWithZone(date: Date, zone: string): string {
  return `${dateInWords(date, { zone })} (${zoneInWords(zone)})`;
}
