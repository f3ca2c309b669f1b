import { dateInWords, dayInWords, durationInWords, isTimeZone, timeInWords } from './time-words';

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
    expect(durationInWords(85 * 60_000)).toBe('1 h 25 min');
    expect(durationInWords(40 * 60_000)).toBe('40 min');
    expect(durationInWords(120 * 60_000)).toBe('2 h');
    expect(durationInWords(20_000)).toBe('less than a minute');
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('x'.repeat(100))).toBe(false);
  });
});
