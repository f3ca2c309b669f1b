import { boardByCode, usStateName } from '@academy/core';
import { birthDateForPars, type ReportingProfile } from './reporting-profile.types';

/** A learner's reporting profile exactly as ACCME's PARS receives it (blank cells as ''). */
export interface AsReported {
  /** `MM/DD`, or '' when not given. */
  birthDate: string;
  /** Each licence as PARS's "Licensing State" and number columns take it ('Texas', 'Q1234'). */
  licences: { state: string; number: string }[];
  npi: string;
  boards: {
    board: string;
    boardName: string;
    boardId: string;
    /** Whether completions are reported to this board, and since when. */
    consent: boolean;
    consentedAt: Date | null;
  }[];
}

export function asReported(profile: ReportingProfile): AsReported {
  return {
    birthDate: birthDateForPars(profile),
    licences: profile.licences.map((licence) => ({
      state: usStateName(licence.jurisdiction),
      number: licence.number,
    })),
    npi: profile.npi ?? '',
    boards: profile.boards.map((membership) => ({
      board: membership.board,
      boardName: boardByCode(membership.board)?.name ?? membership.board,
      boardId: membership.boardId,
      consent: membership.consentedAt !== null,
      consentedAt: membership.consentedAt,
    })),
  };
}
