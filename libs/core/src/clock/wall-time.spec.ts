import { readWallTime } from './wall-time';

describe('wall times read in a zone, where the clocks change', () => {
  it('reads an ordinary wall time as its one instant', () => {
    expect(readWallTime('2026-12-10T09:00', 'Europe/Berlin')).toEqual({
      kind: 'instant',
      instant: new Date('2026-12-10T08:00:00Z'),
    });
    expect(readWallTime('2026-07-01T09:00', 'America/Los_Angeles')).toEqual({
      kind: 'instant',
      instant: new Date('2026-07-01T16:00:00Z'),
    });
  });

  it('finds no instant for a time the clocks skip, and says the jump', () => {
    // Los Angeles, 8 March 2026: 02:00 becomes 03:00.
    expect(readWallTime('2026-03-08T02:30', 'America/Los_Angeles')).toEqual({
      kind: 'skipped',
      before: '02:00',
      after: '03:00',
    });
    // Berlin, 29 March 2026: 02:00 becomes 03:00.
    expect(readWallTime('2026-03-29T02:15', 'Europe/Berlin')).toMatchObject({ kind: 'skipped' });
    // Sydney, 4 October 2026: 02:00 becomes 03:00 (spring in the south).
    expect(readWallTime('2026-10-04T02:59', 'Australia/Sydney')).toEqual({
      kind: 'skipped',
      before: '02:00',
      after: '03:00',
    });
    expect(readWallTime('2026-10-04T03:00', 'Australia/Sydney')).toEqual({
      kind: 'instant',
      instant: new Date('2026-10-03T16:00:00Z'),
    });
  });

  it('finds both instants of a time the clocks repeat, each with its offset', () => {
    // Los Angeles, 1 November 2026: 02:00 goes back to 01:00.
    expect(readWallTime('2026-11-01T01:30', 'America/Los_Angeles')).toEqual({
      kind: 'repeated',
      first: { instant: new Date('2026-11-01T08:30:00Z'), offset: 'GMT-7' },
      second: { instant: new Date('2026-11-01T09:30:00Z'), offset: 'GMT-8' },
    });
    // Berlin, 25 October 2026: 03:00 goes back to 02:00.
    expect(readWallTime('2026-10-25T02:30', 'Europe/Berlin')).toEqual({
      kind: 'repeated',
      first: { instant: new Date('2026-10-25T00:30:00Z'), offset: 'GMT+2' },
      second: { instant: new Date('2026-10-25T01:30:00Z'), offset: 'GMT+1' },
    });
    // Sydney, 5 April 2026: 03:00 goes back to 02:00.
    expect(readWallTime('2026-04-05T02:30', 'Australia/Sydney')).toEqual({
      kind: 'repeated',
      first: { instant: new Date('2026-04-04T15:30:00Z'), offset: 'GMT+11' },
      second: { instant: new Date('2026-04-04T16:30:00Z'), offset: 'GMT+10' },
    });
  });

  it('refuses what is no date and time of the calendar', () => {
    expect(readWallTime('2026-02-31T09:00', 'UTC')).toEqual({ kind: 'invalid' });
    expect(readWallTime('2026-02-01T24:00', 'UTC')).toEqual({ kind: 'invalid' });
    expect(readWallTime('tomorrow', 'UTC')).toEqual({ kind: 'invalid' });
  });
});
