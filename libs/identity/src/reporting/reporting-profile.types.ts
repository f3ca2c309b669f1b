import type { Degree } from '../users/user.entity';

/** A medical licence: the state or territory (USPS code) and the number its board gave. */
export interface MedicalLicence {
  jurisdiction: string;
  number: string;
}

/** A certifying board the learner is a diplomate of, and whether they let us report to it. */
export interface BoardMembership {
  /** The board's code (CERTIFYING_BOARDS). */
  board: string;
  boardId: string;
  /** When the learner consented to completions being reported to this board; null without consent. */
  consentedAt: Date | null;
}

/** Everything PARS needs about a learner, as the learner recorded it. */
export interface ReportingProfile {
  userId: string;
  fullName: string;
  degree: Degree | null;
  npi: string | null;
  /** Month (1-12) and day of birth; no year is kept. Both null until given. */
  birthMonth: number | null;
  birthDay: number | null;
  licences: MedicalLicence[];
  boards: BoardMembership[];
}

/** The learner's edit of their reporting profile: each list replaces what was there. */
export interface ReportingProfileUpdate {
  /** `MM/DD`, or null to remove it; left out, it stays as it is. */
  birthDate?: string | null;
  licences?: MedicalLicence[];
  boards?: { board: string; boardId: string; consent: boolean }[];
}

/**
 * What a completion report (ACCME PARS) says of a learner: the NPI, the birth month and day, and
 * the licence reported, the first by state code when there are several.
 */
export interface ReportedLearner {
  npi: string | null;
  birthMonth: number | null;
  birthDay: number | null;
  licence: MedicalLicence | null;
}

/** A profile as a completion report names its learner. */
export function reportedLearner(profile: ReportingProfile): ReportedLearner {
  const { npi, birthMonth, birthDay, licences } = profile;
  return { npi, birthMonth, birthDay, licence: licences[0] ?? null };
}

/** `03/07` for a birth month and day, as PARS takes it; '' when not given. */
export function birthDateForPars(profile: Pick<ReportingProfile, 'birthMonth' | 'birthDay'>): string {
  if (profile.birthMonth === null || profile.birthDay === null) {
    return '';
  }
  return `${String(profile.birthMonth).padStart(2, '0')}/${String(profile.birthDay).padStart(2, '0')}`;
}
