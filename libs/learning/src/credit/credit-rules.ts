import type { CreditDesignation } from '@academy/catalog';

/** Study gaps longer than this count as this much: an open tab is not hours of study. */
export const ACTIVITY_GAP_CAP_MS = 30 * 60_000;

/**
 * Time on task from activity moments (lessons opened, quiz answers saved): the sum of the gaps
 * between consecutive moments, each capped.
 */
export function timeOnTaskMs(moments: Date[]): number {
  const sorted = [...moments].map((moment) => moment.getTime()).sort((left, right) => left - right);
  let total = 0;
  for (let index = 1; index < sorted.length; index++) {
    total += Math.min(sorted[index]! - sorted[index - 1]!, ACTIVITY_GAP_CAP_MS);
  }
  return total;
}

/** Rounds down to the 0.25 steps credit is claimed in. */
export function toQuarterSteps(amount: number): number {
  return Math.floor(amount * 4 + 1e-9) / 4;
}

/**
 * The most a learner may claim per designated credit type: the designated maximum, but never
 * more hours than their recorded time on task supports (one credit per hour of participation).
 */
export function allowedCredit(
  designations: CreditDesignation[],
  timeOnTask: number,
): { type: string; max: number; allowed: number }[] {
  const supported = toQuarterSteps(timeOnTask / 3_600_000);
  return designations.map((designation) => ({
    type: designation.type,
    max: designation.max,
    allowed: Math.min(designation.max, supported),
  }));
}
