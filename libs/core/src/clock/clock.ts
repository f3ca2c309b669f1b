import { Injectable } from '@nestjs/common';

/** Source of "now" for every rule that depends on time, so tests can move it. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests set and advance by hand. */
export class FakeClock extends Clock {
  constructor(private current: Date = new Date('2026-01-15T09:00:00Z')) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date): void {
    this.current = new Date(at.getTime());
  }

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}

/**
 * The system clock, which the demo seed may send back in time to record a believable history
 * (study spread over days) through the real services; `travelTo(null)` returns to now.
 */
export class TravelClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  travelTo(at: Date | null): void {
    this.offsetMs = at ? at.getTime() - Date.now() : 0;
  }

  advance(milliseconds: number): void {
    this.offsetMs += milliseconds;
  }
}
