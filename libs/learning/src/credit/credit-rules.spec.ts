import { allowedCredit, IDLE_LIMIT_MS, timeOnTaskMs, toQuarterSteps } from './credit-rules';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 21, 9, 0) + minutes * 60_000);

describe('credit arithmetic', () => {
  it('adds the gaps between study moments; a gap longer than the idle limit counts as nothing', () => {
    expect(timeOnTaskMs([at(0), at(10), at(25)])).toBe(25 * 60_000);
    expect(IDLE_LIMIT_MS).toBe(30 * 60_000);
    expect(timeOnTaskMs([at(0), at(30)])).toBe(30 * 60_000);
    expect(timeOnTaskMs([at(0), at(31)])).toBe(0);
    expect(timeOnTaskMs([at(0), at(300)])).toBe(0);
    // An hour of study, then a return weeks later for a few seconds: still an hour.
    const hour = [0, 20, 40, 60].map(at);
    const weeksLater = at(60 * 24 * 21);
    expect(timeOnTaskMs([...hour, weeksLater, new Date(weeksLater.getTime() + 5_000)])).toBe(
      60 * 60_000 + 5_000,
    );
    expect(timeOnTaskMs([at(25), at(0), at(10)])).toBe(25 * 60_000);
    expect(timeOnTaskMs([at(0)])).toBe(0);
  });

  it('counts a gap ending in a video report for no more than the video time credited to it', () => {
    const video = (minutes: number, creditMinutes: number) => ({
      at: at(minutes),
      creditMs: creditMinutes * 60_000,
    });
    // Lesson opened, a 45-minute video watched to the end in three reports: all of it counts.
    expect(timeOnTaskMs([at(0), video(15, 15), video(30, 15), video(45, 15)])).toBe(45 * 60_000);
    // Reports far apart credited with a second each add a second each, not the idle time between.
    expect(timeOnTaskMs([at(0), video(29, 1 / 60), video(58, 1 / 60)])).toBe(2_000);
  });

  it('rounds claims down to quarter steps', () => {
    expect(toQuarterSteps(1.99)).toBe(1.75);
    expect(toQuarterSteps(2)).toBe(2);
    expect(toQuarterSteps(0.2)).toBe(0);
  });

  it('allows the designated maximum at most, and no more than the time on task supports', () => {
    const designations = [
      { type: 'AMA PRA Category 1 Credit™' as const, max: 6 },
      { type: 'AAPA Category 1 CME' as const, max: 1.5 },
    ];
    expect(allowedCredit(designations, 2.6 * 3_600_000)).toEqual([
      { type: 'AMA PRA Category 1 Credit™', max: 6, allowed: 2.5 },
      { type: 'AAPA Category 1 CME', max: 1.5, allowed: 1.5 },
    ]);
    expect(allowedCredit(designations, 0)[0]!.allowed).toBe(0);
  });
});
