/** Answers arriving this long after the deadline still count: a network hop, not extra time. */
export const GRACE_MS = 15_000;

/** The moment an attempt started at `startedAt` stops taking answers, or null when untimed. */
export function deadlineFor(startedAt: Date, timeLimitMinutes: number | null): Date | null {
  return timeLimitMinutes === null ? null : new Date(startedAt.getTime() + timeLimitMinutes * 60_000);
}

/** Whether an answer at `now` is too late for an attempt with this deadline (the grace included). */
export function isPastDeadline(deadline: Date | null, now: Date): boolean {
  return deadline !== null && now.getTime() > deadline.getTime() + GRACE_MS;
}

/** When the next attempt may start after one finished at `finishedAt`. */
export function nextAttemptAt(finishedAt: Date, retryDelayMinutes: number): Date {
  return new Date(finishedAt.getTime() + retryDelayMinutes * 60_000);
}
