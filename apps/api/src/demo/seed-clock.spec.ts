import { SeedClock } from './seed-clock';

const DAY = 86_400_000;

/** Milliseconds from the real now to the clock's now (rounded: real time moves meanwhile). */
function offsetOf(clock: SeedClock): number {
  return Math.round((clock.now().getTime() - Date.now()) / 1000) * 1000;
}

describe('the demo seed clock', () => {
  it('travels back, advances, and returns to now', () => {
    const clock = new SeedClock();
    clock.travelTo(new Date(Date.now() - 21 * DAY));
    expect(offsetOf(clock)).toBe(-21 * DAY);
    clock.advance(20 * 60_000);
    expect(offsetOf(clock)).toBe(-21 * DAY + 20 * 60_000);
    clock.travelTo(null);
    expect(offsetOf(clock)).toBe(0);
  });

  it('gives strands running side by side a timeline each, and leaves the main one alone', async () => {
    const clock = new SeedClock();
    clock.travelTo(new Date(Date.now() - DAY));
    const seen: Record<string, number[]> = { study: [], lab: [] };
    // Each strand travels, then yields to the other before reading its clock again.
    const strand = (name: string, back: number) => () =>
      clock.onItsOwnTimeline(async () => {
        seen[name]!.push(offsetOf(clock));
        clock.travelTo(new Date(Date.now() - back));
        await new Promise((resolve) => setTimeout(resolve, 5));
        clock.advance(60_000);
        await new Promise((resolve) => setImmediate(resolve));
        seen[name]!.push(offsetOf(clock));
      });
    await Promise.all([strand('study', 21 * DAY)(), strand('lab', 3 * DAY)()]);
    // A strand starts at now, whatever the timeline it was started from.
    expect(seen).toEqual({ study: [0, -21 * DAY + 60_000], lab: [0, -3 * DAY + 60_000] });
    expect(offsetOf(clock)).toBe(-DAY);
  });

  it('keeps a strand started within a strand apart from both', async () => {
    const clock = new SeedClock();
    await clock.onItsOwnTimeline(async () => {
      clock.travelTo(new Date(Date.now() - 7 * DAY));
      await clock.onItsOwnTimeline(async () => {
        clock.travelTo(new Date(Date.now() - 3 * DAY));
        await new Promise((resolve) => setTimeout(resolve, 1));
        expect(offsetOf(clock)).toBe(-3 * DAY);
      });
      expect(offsetOf(clock)).toBe(-7 * DAY);
    });
    expect(offsetOf(clock)).toBe(0);
  });
});
