// How certificates and transcripts say dates, amounts and names on paper.

import { MONTH_NAMES } from '@academy/core';

/**
 * `14 March 2026`, the calendar date in UTC: the same on every server whatever its time zone, and
 * never ambiguous between American and European readers.
 */
export function formatDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** `14 Mar 2026` (UTC), for table cells. */
export function formatShortDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()]!.slice(0, 3)} ${date.getUTCFullYear()}`;
}

/** Credit amounts in 0.25 steps, always with two decimals (`3.25`, `6.00`), as designation statements write them. */
export function formatAmount(amount: number): string {
  return amount.toFixed(2);
}

/** Precomposed characters where they exist, so accents sit on their letters whatever the source sent. */
export function display(text: string): string {
  return text.normalize('NFC');
}
