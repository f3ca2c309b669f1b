import { checkInClosedWords, checkInState } from './check-in-window';

const HOUR = 3_600_000;
// 09:00 in Berlin (08:00 UTC) on Tuesday 24 November 2026, for eight hours.
const lab = {
  startsAt: new Date('2026-11-24T08:00:00Z'),
  endsAt: new Date('2026-11-24T16:00:00Z'),
  timeZone: 'Europe/Berlin',
};
const at = (iso: string) => new Date(iso);

describe('the check-in window', () => {
  it('opens two hours before the start and closes a week after the end', () => {
    expect(checkInState(lab, new Date(lab.startsAt.getTime() - 2 * HOUR - 1))).toBe('not-yet');
    expect(checkInState(lab, new Date(lab.startsAt.getTime() - 2 * HOUR))).toBe('open');
    expect(checkInState(lab, new Date(lab.endsAt.getTime() + 7 * 24 * HOUR))).toBe('open');
    expect(checkInState(lab, new Date(lab.endsAt.getTime() + 7 * 24 * HOUR + 1))).toBe('closed');
  });

  it('says when it opens on the reader’s clock', () => {
    const evening = at('2026-11-23T18:00:00Z');
    expect(checkInClosedWords(lab, { zone: 'Europe/Berlin', zoneKnown: true, now: evening })).toBe(
      'Check-in opens tomorrow at 7:00 am, two hours before the lab starts.',
    );
    // A reader elsewhere gets their clock first and the venue's after it.
    expect(checkInClosedWords(lab, { zone: 'America/New_York', zoneKnown: true, now: evening })).toBe(
      'Check-in opens tomorrow at 1:00 am your time (7:00 am in Berlin), two hours before the lab starts.',
    );
    // Nobody knows the reader's zone: the venue's, named.
    expect(checkInClosedWords(lab, { zone: 'UTC', zoneKnown: false, now: evening })).toBe(
      'Check-in opens tomorrow at 7:00 am (Berlin time), two hours before the lab starts.',
    );
  });

  it('is silent while open and says when it closed after', () => {
    expect(checkInClosedWords(lab, { zone: 'Europe/Berlin', zoneKnown: true, now: lab.startsAt })).toBeNull();
    expect(
      checkInClosedWords(lab, { zone: 'Europe/Berlin', zoneKnown: true, now: at('2026-12-10T10:00:00Z') }),
    ).toBe('Attendance closed Tuesday 1 December at 5:00 pm, a week after the lab ended.');
  });
});
