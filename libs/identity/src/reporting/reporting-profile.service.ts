import { Injectable } from '@nestjs/common';
import {
  AuditService,
  BOARD_CODES,
  boardByCode,
  boardIdProblem,
  Clock,
  Database,
  licenceNumberProblem,
  MONTH_NAMES,
  US_STATE_NAMES,
  usStateName,
} from '@academy/core';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { ReportingProfileRepository } from './reporting-profile.repository';
import type { MedicalLicence, ReportingProfile, ReportingProfileUpdate } from './reporting-profile.types';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function invalid(message: string, field: string): IdentityError {
  return new IdentityError(IdentityErrorCode.REPORTING_PROFILE_INVALID, message, field);
}

/** `MM/DD` (or `M/D`) → month and day, refusing a day the month does not have (02/30). */
export function parseBirthDate(value: string): { month: number; day: number } {
  const match = /^(\d{1,2})\/(\d{1,2})$/.exec(value.trim());
  if (!match) {
    throw invalid(
      'Give the date of birth as month and day, MM/DD (for example 03/14); no year.',
      'birthDate',
    );
  }
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month < 1 || month > 12) {
    throw invalid(
      `There is no month ${month}: give the month as 01 to 12, then the day (MM/DD).`,
      'birthDate',
    );
  }
  if (day < 1 || day > DAYS_IN_MONTH[month - 1]!) {
    throw invalid(
      `${MONTH_NAMES[month - 1]} has no day ${day} (it has at most ${DAYS_IN_MONTH[month - 1]} days).`,
      'birthDate',
    );
  }
  return { month, day };
}

/** A licence as kept (USPS code, the number as the board prints it), or an error naming `field`. */
export function checkedLicence(licence: MedicalLicence, field: string): MedicalLicence {
  const jurisdiction = licence.jurisdiction.trim().toUpperCase();
  if (!US_STATE_NAMES[jurisdiction]) {
    throw invalid(
      `${licence.jurisdiction} is not a US state or territory code (such as TX or NY).`,
      `${field}.jurisdiction`,
    );
  }
  const problem = licenceNumberProblem(jurisdiction, licence.number);
  if (problem) {
    throw invalid(problem, `${field}.number`);
  }
  // Kept as the board prints it: capitals, no spaces.
  return { jurisdiction, number: licence.number.replace(/\s+/g, '').toUpperCase() };
}

/** The edit checked and put as it is kept; the first problem found is thrown, naming its field. */
function checkedUpdate(update: ReportingProfileUpdate): {
  birth: { month: number; day: number } | null;
  licences: MedicalLicence[] | undefined;
  boards: { board: string; boardId: string; consent: boolean }[] | undefined;
} {
  const birth =
    update.birthDate === undefined || update.birthDate === null || update.birthDate.trim() === ''
      ? null
      : parseBirthDate(update.birthDate);
  const licences = update.licences?.map((licence, index) => checkedLicence(licence, `licences.${index}`));
  const seenStates = new Set<string>();
  for (const [index, licence] of (licences ?? []).entries()) {
    if (seenStates.has(licence.jurisdiction)) {
      throw invalid(
        `Give one licence per state: ${usStateName(licence.jurisdiction)} is listed twice.`,
        `licences.${index}.jurisdiction`,
      );
    }
    seenStates.add(licence.jurisdiction);
  }
  const boards = update.boards?.map((board, index) => {
    if (!boardByCode(board.board)) {
      throw invalid(
        `${board.board} is not a certifying board PARS reports to; choose one of ${BOARD_CODES.join(', ')}.`,
        `boards.${index}.board`,
      );
    }
    const boardId = board.boardId.replace(/[\s-]/g, '');
    const problem = boardIdProblem(board.board, boardId);
    if (problem) {
      throw invalid(problem, `boards.${index}.boardId`);
    }
    return { board: board.board, boardId, consent: board.consent };
  });
  const seenBoards = new Set<string>();
  for (const [index, board] of (boards ?? []).entries()) {
    if (seenBoards.has(board.board)) {
      throw invalid(`Give one ID per board: ${board.board} is listed twice.`, `boards.${index}.board`);
    }
    seenBoards.add(board.board);
  }
  return { birth, licences, boards };
}

/**
 * A learner's reporting profile: what ACCME's PARS and the certifying boards need to credit a
 * completion (date of birth as month and day, licences, board IDs with consent). Every change
 * is audited without the values themselves.
 */
@Injectable()
export class ReportingProfileService {
  constructor(
    private readonly db: Database,
    private readonly repository: ReportingProfileRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async profile(userId: string): Promise<ReportingProfile> {
    const [profile] = await this.repository.findFor([userId]);
    if (!profile) {
      throw new IdentityError(IdentityErrorCode.USER_NOT_FOUND, 'No such user.');
    }
    return profile;
  }

  /** The profiles of these users by id (for reporting many completions at once). */
  async profiles(userIds: readonly string[]): Promise<Map<string, ReportingProfile>> {
    const found = await this.repository.findFor([...new Set(userIds)]);
    return new Map(found.map((profile) => [profile.userId, profile]));
  }

  /** Applies the learner's edit, all of it or nothing, and answers the profile as it now is. */
  async update(userId: string, update: ReportingProfileUpdate): Promise<ReportingProfile> {
    const { birth, licences, boards } = checkedUpdate(update);
    const now = this.clock.now();
    await this.db.withTransaction(async () => {
      if (update.birthDate !== undefined) {
        await this.repository.setBirthDate(userId, birth, now);
      }
      if (licences) {
        await this.repository.replaceLicences(userId, licences, now);
      }
      if (boards) {
        await this.repository.replaceBoards(userId, boards, now);
      }
      await this.audit.record({
        action: 'user.reporting_profile_updated',
        subjectType: 'user',
        subjectId: userId,
        details: {
          // What changed, never the values (a date of birth and licence numbers are personal data).
          fields: [
            ...(update.birthDate !== undefined ? ['birthDate'] : []),
            ...(licences ? ['licences'] : []),
            ...(boards ? ['boards'] : []),
          ],
          consentedBoards: boards?.filter((board) => board.consent).map((board) => board.board) ?? undefined,
        },
      });
    });
    return this.profile(userId);
  }

  /**
   * Gives or withdraws the learner's consent to report to a board they hold an ID with (the claim
   * step asks for it); refuses a board the profile has no ID for.
   */
  async setConsent(userId: string, board: string, consent: boolean): Promise<void> {
    await this.db.withTransaction(async () => {
      if (!(await this.repository.setConsent(userId, board, consent, this.clock.now()))) {
        throw invalid(`Add your ${board} ID to your reporting profile first.`, 'board');
      }
      await this.audit.record({
        action: consent ? 'user.board_consent_given' : 'user.board_consent_withdrawn',
        subjectType: 'user',
        subjectId: userId,
        details: { board },
      });
    });
  }

  /**
   * Records one licence, replacing the number of that state's if there was one and keeping the
   * others (the profile form and sign-up, which ask for one licence). Audited as a change of the
   * reporting profile, except for a new account, whose creation event covers what it was given.
   */
  async setLicence(
    userId: string,
    licence: MedicalLicence,
    options: { newAccount?: boolean } = {},
  ): Promise<void> {
    const checked = checkedLicence(licence, 'licence');
    await this.db.withTransaction(async () => {
      await this.repository.upsertLicence(userId, checked, this.clock.now());
      if (!options.newAccount) {
        await this.audit.record({
          action: 'user.reporting_profile_updated',
          subjectType: 'user',
          subjectId: userId,
          details: { fields: ['licences'] },
        });
      }
    });
  }

  /** Forgets the whole reporting profile (the account is being anonymised), in the caller's transaction if any. */
  forget(userId: string): Promise<void> {
    return this.repository.deleteAllForUser(userId);
  }
}
