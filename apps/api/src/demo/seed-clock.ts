import { AsyncLocalStorage } from 'node:async_hooks';
import { Clock } from '@academy/core';

/** How far one strand of the demo's story is from the real time. */
interface Timeline {
  offsetMs: number;
}

/**
 * The demo seed's own clock: the system clock, which the seed sends back in time to record a
 * believable history (study spread over weeks) through the real services. Only the seed's
 * application context has it; the clock every request sees only moves with real time.
 *
 * Strands of the story that involve different people run side by side, each on a timeline of
 * its own (`onItsOwnTimeline`): one physician's study weeks ago does not move the clock of
 * another's lab sign-off three days ago.
 */
export class SeedClock extends Clock {
  private readonly strands = new AsyncLocalStorage<Timeline>();
  private readonly main: Timeline = { offsetMs: 0 };

  now(): Date {
    return new Date(Date.now() + this.timeline().offsetMs);
  }

  /** Back (or forward) to `at`; `null` returns to now. */
  travelTo(at: Date | null): void {
    this.timeline().offsetMs = at ? at.getTime() - Date.now() : 0;
  }

  advance(milliseconds: number): void {
    this.timeline().offsetMs += milliseconds;
  }

  /** Runs `strand` on a timeline of its own, starting now: its travels move no other strand's clock. */
  onItsOwnTimeline<T>(strand: () => Promise<T>): Promise<T> {
    return this.strands.run({ offsetMs: 0 }, strand);
  }

  private timeline(): Timeline {
    return this.strands.getStore() ?? this.main;
  }
}
