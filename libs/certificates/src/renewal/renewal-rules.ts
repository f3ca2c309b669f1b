/** Days before expiry the holder is reminded, furthest first. */
export const REMINDER_MARKS = [90, 60, 30] as const;
export type ReminderMark = (typeof REMINDER_MARKS)[number];

/**
 * How long after expiry completing the recertification course still renews a certificate. A
 * year: boards and hospitals accept a lapse of a few months while a course is taken, and past a
 * year the holder is certified anew (the new certificate renews nothing).
 */
export const RENEWAL_GRACE_MONTHS = 12;

const DAY = 86_400_000;

/**
 * The reminder a certificate expiring at `expiresAt` is due at `now`: the smallest mark it has
 * reached (at most that many days left), so a certificate first seen 45 days out gets the
 * 60-day reminder, never the 90-day one as well. Null once expired or more than 90 days out.
 * Whether it was sent already is the caller's to check.
 */
export function dueReminderMark(expiresAt: Date, now: Date): ReminderMark | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) {
    return null;
  }
  const reached = REMINDER_MARKS.filter((mark) => left <= mark * DAY);
  return reached.length > 0 ? reached[reached.length - 1]! : null;
}

/**
 * The same rule as windows of expiry for a query: a certificate is due the reminder of the window
 * its expiry falls in, `after` < expiresAt <= `until` (the 30-day window ends at `now`).
 */
export function reminderWindows(now: Date): { mark: ReminderMark; after: Date; until: Date }[] {
  return REMINDER_MARKS.map((mark, index) => {
    const nearer = REMINDER_MARKS[index + 1] ?? 0;
    return {
      mark,
      after: new Date(now.getTime() + nearer * DAY),
      until: new Date(now.getTime() + mark * DAY),
    };
  });
}

/** The earliest expiry a certificate may have had for a course completed at `now` to renew it. */
export function renewableSince(now: Date): Date {
  const since = new Date(now.getTime());
  since.setUTCMonth(since.getUTCMonth() - RENEWAL_GRACE_MONTHS);
  return since;
}
