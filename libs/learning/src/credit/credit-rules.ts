import type { CreditDesignation } from '@academy/catalog';

/**
 * The longest pause between two study moments that still counts as study: a longer one means the
 * learner was away (a tab left open, a return weeks later) and counts as nothing.
 */
export const IDLE_LIMIT_MS = 30 * 60_000;

/** A moment of study; a video report's moment carries the video time it was credited with. */
export type StudyMoment = Date | { at: Date; creditMs: number | null };

/**
 * Time on task from activity moments (lessons opened, quiz answers saved, video watched): the
 * time between consecutive moments, counting a pause up to the idle limit in full and a longer
 * one not at all. A gap ending in a video report counts the watched time the server credited it
 * with (itself no more than the video's length and the wall-clock time since the previous
 * report) and no more than the gap, so a video played to the end counts in full, and reports
 * cannot stretch an idle tab into study.
 */
export function timeOnTaskMs(moments: StudyMoment[]): number {
  const sorted = moments
    .map((moment) =>
      moment instanceof Date
        ? { at: moment.getTime(), creditMs: null }
        : { at: moment.at.getTime(), creditMs: moment.creditMs },
    )
    .sort((left, right) => left.at - right.at);
  let total = 0;
  for (let index = 1; index < sorted.length; index++) {
    const { at, creditMs } = sorted[index]!;
    const gap = at - sorted[index - 1]!.at;
    if (creditMs !== null) {
      total += Math.min(gap, creditMs);
    } else if (gap <= IDLE_LIMIT_MS) {
      total += gap;
    }
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
