import { dueReminderMark, reminderWindows, renewableSince } from './renewal-rules';

const DAY = 86_400_000;
const EXPIRY = new Date('2029-11-22T09:00:00Z');

/** `days` (perhaps fractional) before the expiry. */
function before(days: number): Date {
  return new Date(EXPIRY.getTime() - days * DAY);
}

describe('expiry reminders', () => {
  it.each([
    [120, null],
    [91, null],
    [90.5, null],
    [90, 90],
    [75, 90],
    [61, 90],
    [60, 60],
    [45, 60],
    [31, 60],
    [30, 30],
    [29, 30],
    [1, 30],
    [0.01, 30],
    [0, null],
    [-3, null],
  ])('%d days before expiry, the due reminder is the %s-day one', (days, mark) => {
    expect(dueReminderMark(EXPIRY, before(days))).toBe(mark);
  });

  it('gives a certificate first seen 45 days out one reminder then, and the 30-day one later', () => {
    expect(dueReminderMark(EXPIRY, before(45))).toBe(60);
    expect(dueReminderMark(EXPIRY, before(30))).toBe(30);
  });

  it('puts every expiry in the same window the rule chooses', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const windows = reminderWindows(now);
    for (const days of [0.001, 1, 29.99, 30, 30.01, 45, 60, 60.5, 89, 90, 90.01, 200]) {
      const expiresAt = new Date(now.getTime() + days * DAY);
      const inWindow = windows.find((window) => expiresAt > window.after && expiresAt <= window.until);
      expect(inWindow?.mark ?? null).toBe(dueReminderMark(expiresAt, now));
    }
  });
});

describe('renewal grace', () => {
  it('renews certificates expired up to twelve months before the recertification course is completed', () => {
    expect(renewableSince(new Date('2030-03-15T12:00:00Z'))).toEqual(new Date('2029-03-15T12:00:00Z'));
  });
});
