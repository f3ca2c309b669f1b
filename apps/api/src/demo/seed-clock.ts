import { Clock } from '@academy/core';

/**
 * The demo seed's own clock: the system clock, which the seed sends back in time to record a
 * believable history (study spread over weeks) through the real services. Only the seed's
 * application context has it; the clock every request sees only moves with real time.
 */
export class SeedClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Back (or forward) to `at`; `null` returns to now. */
  travelTo(at: Date | null): void {
    this.offsetMs = at ? at.getTime() - Date.now() : 0;
  }

  advance(milliseconds: number): void {
    this.offsetMs += milliseconds;
  }
}
