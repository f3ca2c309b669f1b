/**
 * Wall-clock times ("2026-11-01T01:30" as a `datetime-local` field sends it) read in a time zone,
 * without guessing where the clocks change: a time the clocks skip does not exist, and a time
 * they repeat happens twice, and which one is meant must be said.
 */

/** What a wall time names in a zone. */
export type WallTimeReading =
  | { kind: 'instant'; instant: Date }
  /** The clocks skip it (spring forward): it never shows at the place. */
  | { kind: 'skipped'; before: string; after: string }
  /** The clocks show it twice (fall back): `first` and `second`, each with its offset. */
  | { kind: 'repeated'; first: Occurrence; second: Occurrence }
  /** Not a date and time of the calendar (2026-02-31, 25:00). */
  | { kind: 'invalid' };

export interface Occurrence {
  instant: Date;
  /** "GMT-7", as the zone's offset is shown. */
  offset: string;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

const formats = new Map<string, Intl.DateTimeFormat>();
function parts(date: Date, zone: string): Record<string, number> {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formats.set(zone, format);
  }
  return Object.fromEntries(
    format
      .formatToParts(date)
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)]),
  );
}

/** The wall time a moment shows in a zone, as milliseconds on a UTC-less clock. */
function wallOf(date: Date, zone: string): number {
  const p = parts(date, zone);
  return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second);
}

/** "GMT-7" / "GMT+10:30" / "GMT": the offset's name. */
export function offsetName(date: Date, zone: string): string {
  return (
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value ?? zone
  );
}

/** "02:00": a wall time's hours and minutes. */
function hhmm(wall: number): string {
  return new Date(wall).toISOString().slice(11, 16);
}

/** What `value` (YYYY-MM-DDTHH:MM[:SS]) names in `zone`. */
export function readWallTime(value: string, zone: string): WallTimeReading {
  const match = WALL_TIME.exec(value);
  if (!match) {
    return { kind: 'invalid' };
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { kind: 'invalid' };
  }
  // Every offset the zone has within a day either side; each that maps back to the wall time is a reading.
  const offsets = new Set<number>();
  for (const probe of [-36, -24, -12, 0, 12, 24, 36]) {
    const at = new Date(wall + probe * 3_600_000);
    offsets.add(wallOf(at, zone) - Math.floor(at.getTime() / 1000) * 1000);
  }
  const instants = [...new Set([...offsets].map((offset) => wall - offset))]
    .filter((instant) => wallOf(new Date(instant), zone) === wall)
    .sort((left, right) => left - right);
  if (instants.length === 0) {
    // The clocks jump over it: find the jump, and say the wall times either side of it.
    const offsetAt = (instant: number) => wallOf(new Date(instant), zone) - Math.floor(instant / 1000) * 1000;
    let low = wall - Math.max(...offsets);
    let high = wall - Math.min(...offsets);
    const early = offsetAt(low);
    while (high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      if (offsetAt(middle) === early) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return { kind: 'skipped', before: hhmm(high + early), after: hhmm(high + offsetAt(high)) };
  }
  if (instants.length === 1) {
    return { kind: 'instant', instant: new Date(instants[0]!) };
  }
  const [earlier, later] = instants.map((instant) => new Date(instant)) as [Date, Date];
  return {
    kind: 'repeated',
    first: { instant: earlier, offset: offsetName(earlier, zone) },
    second: { instant: later, offset: offsetName(later, zone) },
  };
}
