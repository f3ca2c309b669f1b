import { checkInClosedWords, checkInState } from './check-in-window';

const HOUR = 3_600_000;
const GRACE = 12 * HOUR;
// 09:00 in Berlin (08:00 UTC) on Tuesday 24 November 2026, for eight hours.
const lab = {
  startsAt: new Date('2026-11-24T08:00:00Z'),
  endsAt: new Date('2026-11-24T16:00:00Z'),
  timeZone: 'Europe/Berlin',
};
const at = (iso: string) => new Date(iso);

describe('the session window for attendance and sign-off', () => {
  it('opens at the start, not before, and closes the grace after the end', () => {
    expect(checkInState(lab, new Date(lab.startsAt.getTime() - 2 * HOUR), GRACE)).toBe('not-yet');
    expect(checkInState(lab, new Date(lab.startsAt.getTime() - 1), GRACE)).toBe('not-yet');
    expect(checkInState(lab, lab.startsAt, GRACE)).toBe('open');
    expect(checkInState(lab, new Date(lab.endsAt.getTime() + GRACE), GRACE)).toBe('open');
    expect(checkInState(lab, new Date(lab.endsAt.getTime() + GRACE + 1), GRACE)).toBe('closed');
    expect(checkInState(lab, new Date(lab.endsAt.getTime() + 1), 0)).toBe('closed');
  });

  it('says when it opens on the reader’s clock', () => {
    const evening = at('2026-11-23T18:00:00Z');
    expect(checkInClosedWords(lab, { zone: 'Europe/Berlin', zoneKnown: true, now: evening }, GRACE)).toBe(
      'Check-in and sign-off open when the lab starts, tomorrow at 9:00 am.',
    );
    // A reader elsewhere gets their clock first and the venue's after it.
    expect(checkInClosedWords(lab, { zone: 'America/New_York', zoneKnown: true, now: evening }, GRACE)).toBe(
      'Check-in and sign-off open when the lab starts, tomorrow at 3:00 am your time (9:00 am in Berlin).',
    );
    // Nobody knows the reader's zone: the venue's, named.
    expect(checkInClosedWords(lab, { zone: 'UTC', zoneKnown: false, now: evening }, GRACE)).toBe(
      'Check-in and sign-off open when the lab starts, tomorrow at 9:00 am (Berlin time).',
    );
  });

  it('is silent while open and says when it closed after', () => {
    expect(
      checkInClosedWords(lab, { zone: 'Europe/Berlin', zoneKnown: true, now: lab.startsAt }, GRACE),
    ).toBeNull();
    expect(
      checkInClosedWords(
        lab,
        { zone: 'Europe/Berlin', zoneKnown: true, now: at('2026-11-26T10:00:00Z') },
        GRACE,
      ),
    ).toBe('Check-in and sign-off closed yesterday at 5:00 am, 12 hours after the lab ended.');
  });
});
