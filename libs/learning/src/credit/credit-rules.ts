import type { CreditDesignation } from '@academy/catalog';

/** Study gaps longer than this count as this much: an open tab is not hours of study. */
export const ACTIVITY_GAP_CAP_MS = 30 * 60_000;

/** A moment of study; a video report's moment carries the video time it was credited with. */
export type StudyMoment = Date | { at: Date; creditMs: number | null };

/**
 * Time on task from activity moments (lessons opened, quiz answers saved, video watched): the
 * sum of the gaps between consecutive moments, each capped. A gap ending in a video report
 * counts no more than the watched time the server credited it with (itself no more than the
 * video's length and the wall-clock time since the previous report), so a video played to the
 * end counts in full, and reports cannot stretch an idle tab into study.
 */
export function timeOnTaskMs(moments: StudyMoment[]): number {
  const sorted = moments
    .map((moment) =>
      moment instanceof Date
        ? { at: moment.getTime(), cap: ACTIVITY_GAP_CAP_MS }
        : { at: moment.at.getTime(), cap: moment.creditMs ?? ACTIVITY_GAP_CAP_MS },
    )
    .sort((left, right) => left.at - right.at);
  let total = 0;
  for (let index = 1; index < sorted.length; index++) {
    total += Math.min(sorted[index]!.at - sorted[index - 1]!.at, sorted[index]!.cap);
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
