/** Extra quiz time given to a learner: a share of the time limit, minutes, or both. */
export interface ExtraTime {
  extraTimePercent: number;
  extraMinutes: number;
}

/** The time limit a learner with this accommodation gets, in whole minutes (rounded up). */
export function accommodatedMinutes(timeLimitMinutes: number, extra: ExtraTime | null): number {
  if (!extra) {
    return timeLimitMinutes;
  }
  return Math.ceil((timeLimitMinutes * (100 + extra.extraTimePercent)) / 100) + extra.extraMinutes;
}

/** The accommodation in words: "50% more time", "10 more minutes", "double time and 5 more minutes". */
export function extraTimeInWords(extra: ExtraTime): string {
  const parts: string[] = [];
  if (extra.extraTimePercent === 100) {
    parts.push('double time');
  } else if (extra.extraTimePercent > 0) {
    parts.push(`${extra.extraTimePercent}% more time`);
  }
  if (extra.extraMinutes > 0) {
    parts.push(`${extra.extraMinutes} more minute${extra.extraMinutes === 1 ? '' : 's'}`);
  }
  return parts.join(' and ') || 'no extra time';
}
