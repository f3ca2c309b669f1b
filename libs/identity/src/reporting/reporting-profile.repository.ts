import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { Degree } from '../users/user.entity';
import type { BoardMembership, MedicalLicence, ReportingProfile } from './reporting-profile.types';

interface PersonRow {
  userId: string;
  fullName: string;
  degree: Degree | null;
  npi: string | null;
  birthMonth: number | null;
  birthDay: number | null;
}

@Injectable()
export class ReportingProfileRepository {
  constructor(private readonly db: Database) {}

  /**
   * The reporting profiles of these users (unknown ids are left out), in one statement whatever
   * their number: a report asks for thousands at once, so the ids are sent (and read) once, and
   * each learner's licences and boards come grouped with them.
   */
  async findFor(userIds: readonly string[]): Promise<ReportingProfile[]> {
    if (userIds.length === 0) {
      return [];
    }
    const { rows } = await this.db.execute<
      PersonRow & {
        licences: MedicalLicence[];
        boards: (Omit<BoardMembership, 'consentedAt'> & { consentedAt: string | null })[];
      }
    >(
      `WITH asked AS (SELECT DISTINCT unnest($1::uuid[]) AS id),
       licences AS (
         SELECT l.user_id, json_agg(json_build_object('jurisdiction', l.jurisdiction, 'number', l.number)
                                    ORDER BY l.jurisdiction) AS list
           FROM medical_licence l JOIN asked ON asked.id = l.user_id GROUP BY l.user_id),
       boards AS (
         SELECT b.user_id, json_agg(json_build_object('board', b.board, 'boardId', b.board_id,
                                                      'consentedAt', b.consented_at) ORDER BY b.board) AS list
           FROM board_membership b JOIN asked ON asked.id = b.user_id GROUP BY b.user_id)
       SELECT u.id AS "userId", u.full_name AS "fullName", u.degree, u.npi,
              u.birth_month AS "birthMonth", u.birth_day AS "birthDay",
              coalesce(licences.list, '[]') AS licences, coalesce(boards.list, '[]') AS boards
         FROM app_user u
         JOIN asked ON asked.id = u.id
         LEFT JOIN licences ON licences.user_id = u.id
         LEFT JOIN boards ON boards.user_id = u.id`,
      [userIds],
    );
    return rows.map(({ licences, boards, ...person }) => ({
      ...person,
      licences,
      boards: boards.map((board) => ({
        ...board,
        consentedAt: board.consentedAt === null ? null : new Date(board.consentedAt),
      })),
    }));
  }

  async setBirthDate(userId: string, birth: { month: number; day: number } | null, now: Date): Promise<void> {
    await this.db.execute(
      `UPDATE app_user SET birth_month = $2, birth_day = $3, updated_at = $4 WHERE id = $1`,
      [userId, birth?.month ?? null, birth?.day ?? null, now],
    );
  }

  /** Adds a licence, or gives the user's licence of that state this number. */
  async upsertLicence(userId: string, licence: MedicalLicence, now: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO medical_licence (user_id, jurisdiction, number, added_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, jurisdiction) DO UPDATE SET number = EXCLUDED.number`,
      [userId, licence.jurisdiction, licence.number, now],
    );
  }

  /** Replaces the user's licences with these (kept rows keep when they were added). */
  async replaceLicences(userId: string, licences: readonly MedicalLicence[], now: Date): Promise<void> {
    await this.db.execute(
      `DELETE FROM medical_licence WHERE user_id = $1 AND NOT (jurisdiction = ANY($2::text[]))`,
      [userId, licences.map((licence) => licence.jurisdiction)],
    );
    for (const licence of licences) {
      await this.db.execute(
        `INSERT INTO medical_licence (user_id, jurisdiction, number, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, jurisdiction) DO UPDATE SET number = EXCLUDED.number`,
        [userId, licence.jurisdiction, licence.number, now],
      );
    }
  }

  /**
   * Replaces the user's board memberships with these. Consent keeps its first moment while it
   * stays given (and the ID stays the same); a new ID asks for it anew.
   */
  async replaceBoards(
    userId: string,
    boards: readonly { board: string; boardId: string; consent: boolean }[],
    now: Date,
  ): Promise<void> {
    await this.db.execute(
      `DELETE FROM board_membership WHERE user_id = $1 AND NOT (board = ANY($2::text[]))`,
      [userId, boards.map((board) => board.board)],
    );
    for (const board of boards) {
      await this.db.execute(
        `INSERT INTO board_membership (user_id, board, board_id, consented_at, added_at)
         VALUES ($1, $2, $3, CASE WHEN $4::boolean THEN $5::timestamptz END, $5)
         ON CONFLICT (user_id, board) DO UPDATE SET
           board_id = EXCLUDED.board_id,
           consented_at = CASE
             WHEN NOT $4::boolean THEN NULL
             WHEN board_membership.board_id = EXCLUDED.board_id AND board_membership.consented_at IS NOT NULL
               THEN board_membership.consented_at
             ELSE $5::timestamptz END`,
        [userId, board.board, board.boardId, board.consent, now],
      );
    }
  }

  /** Gives or withdraws consent to report to a board the user is a member of; false when they are not. */
  async setConsent(userId: string, board: string, consent: boolean, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE board_membership
          SET consented_at = CASE WHEN $3::boolean THEN coalesce(consented_at, $4) END
        WHERE user_id = $1 AND board = $2`,
      [userId, board, consent, now],
    );
    return affected > 0;
  }

  /** Everything of the reporting profile, gone (an anonymised account). */
  async deleteAllForUser(userId: string): Promise<void> {
    await this.db.execute(`DELETE FROM medical_licence WHERE user_id = $1`, [userId]);
    await this.db.execute(`DELETE FROM board_membership WHERE user_id = $1`, [userId]);
    await this.db.execute(`UPDATE app_user SET birth_month = NULL, birth_day = NULL WHERE id = $1`, [userId]);
  }
}
