import {
  calendarDayIn,
  dateInWords,
  dateWithZone,
  dayEndsAt,
  dayInWords,
  dayStartsAt,
  durationInWords,
  isTimeZone,
  periodAtPlace,
  timeInWords,
} from './time-words';

describe('dates and times in the reader’s words', () => {
  const now = new Date('2026-12-06T13:00:00Z');
  const berlin = { zone: 'Europe/Berlin', now };

  it('says a time today, tomorrow, yesterday and later this week in the reader’s zone', () => {
    expect(timeInWords(new Date('2026-12-06T14:05:00Z'), berlin)).toBe('3:05 pm today');
    expect(timeInWords(new Date('2026-12-07T08:00:00Z'), berlin)).toBe('tomorrow at 9:00 am');
    expect(timeInWords(new Date('2026-12-05T22:30:00Z'), berlin)).toBe('yesterday at 11:30 pm');
    expect(timeInWords(new Date('2026-12-10T09:15:00Z'), berlin)).toBe('Thursday at 10:15 am');
    expect(timeInWords(new Date('2026-12-24T17:00:00Z'), berlin)).toBe('Thursday 24 December at 6:00 pm');
    expect(timeInWords(new Date('2027-02-01T17:00:00Z'), berlin)).toBe('Monday 1 February 2027 at 6:00 pm');
  });

  it('counts days by the reader’s calendar: two hours ahead late at night can be tomorrow, early not', () => {
    const lateEvening = { zone: 'America/New_York', now: new Date('2026-12-07T03:30:00Z') }; // 10:30 pm
    expect(timeInWords(new Date('2026-12-07T05:30:00Z'), lateEvening)).toBe('tomorrow at 12:30 am');
    const morning = { zone: 'America/New_York', now: new Date('2026-12-07T14:00:00Z') }; // 9:00 am
    expect(timeInWords(new Date('2026-12-07T16:00:00Z'), morning)).toBe('11:00 am today');
    expect(dayInWords(new Date('2026-12-07T16:00:00Z'), morning)).toBe('today');
  });

  it('names the zone when it is only a guess', () => {
    expect(timeInWords(new Date('2026-12-06T14:05:00Z'), { zone: 'UTC', now, zoneKnown: false })).toBe(
      '2:05 pm today (UTC)',
    );
  });

  it('says dates, durations and which zones exist', () => {
    expect(dateInWords(new Date('2026-12-31T23:30:00Z'), { zone: 'Asia/Tokyo' })).toBe('1 January 2027');
    expect(durationInWords(85 * 60_000)).toBe('1 hour 25 minutes');
    expect(durationInWords(40 * 60_000)).toBe('40 minutes');
    expect(durationInWords(120 * 60_000)).toBe('2 hours');
    // A seat held for 0.25 hours is held for 15 minutes, not "0 hours".
    expect(durationInWords(0.25 * 3_600_000)).toBe('15 minutes');
    expect(durationInWords(60_000)).toBe('1 minute');
    expect(durationInWords(3_600_000)).toBe('1 hour');
    expect(durationInWords(24 * 3_600_000)).toBe('24 hours');
    expect(durationInWords(168 * 3_600_000)).toBe('7 days');
    expect(durationInWords(49 * 3_600_000)).toBe('49 hours');
    expect(durationInWords(20_000)).toBe('less than a minute');
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    // Canonical IANA IDs only: no abbreviations, aliases or other letter case.
    for (const notCanonical of ['EST', 'PST', 'CET', 'US/Eastern', 'europe/berlin', 'Etc/UTC']) {
      expect(isTimeZone(notCanonical)).toBe(false);
    }
    expect(isTimeZone('x'.repeat(100))).toBe(false);
  });

  it('starts and ends a calendar day in a stated zone, including days the clocks change', () => {
    expect(dayStartsAt('2027-06-01', 'UTC')).toEqual(new Date('2027-06-01T00:00:00Z'));
    expect(dayStartsAt('2027-06-01', 'America/New_York')).toEqual(new Date('2027-06-01T04:00:00Z'));
    expect(dayStartsAt('2027-04-04', 'Australia/Sydney')).toEqual(new Date('2027-04-03T13:00:00Z'));
    // 8 March 2026 has 23 hours in Los Angeles; 25 October 2026 has 25 in Berlin.
    expect(dayEndsAt('2026-03-08', 'America/Los_Angeles')).toEqual(new Date('2026-03-09T07:00:00Z'));
    expect(
      dayEndsAt('2026-10-25', 'Europe/Berlin')!.getTime() -
        dayStartsAt('2026-10-25', 'Europe/Berlin')!.getTime(),
    ).toBe(25 * 3_600_000);
    // Santiago springs forward at midnight: the day starts at 01:00.
    expect(dayStartsAt('2026-09-06', 'America/Santiago')).toEqual(new Date('2026-09-06T04:00:00Z'));
    expect(dayStartsAt('2026-02-30', 'UTC')).toBeNull();
    expect(dayStartsAt('June 1', 'UTC')).toBeNull();
    expect(calendarDayIn(new Date('2027-04-03T14:00:00Z'), 'Australia/Sydney')).toBe('2027-04-04');
    expect(dateWithZone(new Date('2027-06-01T04:00:00Z'), 'America/New_York')).toBe(
      '1 June 2027 (New York time)',
    );
    expect(dateWithZone(new Date('2027-06-01T04:00:00Z'), 'UTC')).toBe('1 June 2027 (UTC)');
  });

  it('says a period on the clock of its place, with each end’s offset when the clocks change between', () => {
    expect(
      periodAtPlace(new Date('2026-11-24T08:00:00Z'), new Date('2026-11-24T16:00:00Z'), 'Europe/Berlin'),
    ).toBe('Tuesday, 24 November 2026, 09:00–17:00 Berlin time (CET)');
    // Los Angeles falls back at 02:00 on 1 November 2026: 01:00 PDT to 05:00 PST is five hours.
    expect(
      periodAtPlace(
        new Date('2026-11-01T08:00:00Z'),
        new Date('2026-11-01T13:00:00Z'),
        'America/Los_Angeles',
      ),
    ).toBe(
      'Sunday, 1 November 2026, 01:00–05:00 Los Angeles time (GMT\u20117 at the start, GMT\u20118 at the end)',
    );
    // Berlin springs forward on 29 March 2026.
    expect(
      periodAtPlace(new Date('2026-03-29T00:00:00Z'), new Date('2026-03-29T06:00:00Z'), 'Europe/Berlin'),
    ).toBe('Sunday, 29 March 2026, 01:00–08:00 Berlin time (CET at the start, CEST at the end)');
    // Sydney falls back on 5 April 2026.
    expect(
      periodAtPlace(new Date('2026-04-04T14:00:00Z'), new Date('2026-04-04T20:00:00Z'), 'Australia/Sydney'),
    ).toBe('Sunday, 5 April 2026, 01:00–06:00 Sydney time (GMT+11 at the start, GMT+10 at the end)');
  });
});
