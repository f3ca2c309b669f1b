// How certificates and transcripts say dates, amounts and names on paper.

import { calendarDayIn, MONTH_NAMES } from '@academy/core';

/** Day, month and year of the day `date` falls on in `zone`. */
function dayIn(date: Date, zone: string): { day: number; month: string; year: number } {
  const [year, month, day] = calendarDayIn(date, zone).split('-').map(Number) as [number, number, number];
  return { day, month: MONTH_NAMES[month - 1]!, year };
}

/**
 * `14 March 2026`: the day `date` falls on in `zone` (the academy's, for a moment; UTC for a value
 * that is already a calendar day), the same on every server, and never ambiguous between American
 * and European readers.
 */
export function formatDate(date: Date, zone = 'UTC'): string {
  const { day, month, year } = dayIn(date, zone);
  return `${day} ${month} ${year}`;
}

/** `14 Mar 2026`, for table cells. */
export function formatShortDate(date: Date, zone = 'UTC'): string {
  const { day, month, year } = dayIn(date, zone);
  return `${day} ${month.slice(0, 3)} ${year}`;
}

/** Credit amounts in 0.25 steps, always with two decimals (`3.25`, `6.00`), as designation statements write them. */
export function formatAmount(amount: number): string {
  return amount.toFixed(2);
}

/** Precomposed characters where they exist, so accents sit on their letters whatever the source sent. */
export function display(text: string): string {
  return text.normalize('NFC');
}
