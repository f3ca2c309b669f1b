// Read-only reporting SQL over certificates' verification record and identity's users and API
// keys: who in an organisation checked what. Nothing here writes.
import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

export interface OrganisationVerification {
  at: Date;
  number: string;
  result: string;
  channel: string;
  userName: string | null;
  apiKeyName: string | null;
}

const int = (value: unknown): number => Number(value ?? 0);

@Injectable()
export class OrganisationVerificationsRepository {
  constructor(private readonly db: Database) {}

  /** An organisation's verifications, newest first, with who made each (user or API key). */
  async verificationsOfOrganisation(
    organisationId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: OrganisationVerification[]; total: number }> {
    const [{ rows }, counted] = await Promise.all([
      this.db.execute<{
        at: Date;
        number: string;
        result: string;
        channel: string;
        user_name: string | null;
        api_key_name: string | null;
      }>(
        `
        SELECT v.at, v.number, v.result, v.channel, u.full_name AS user_name, k.name AS api_key_name
          FROM verification_event v
          LEFT JOIN app_user u ON u.id = v.user_id
          LEFT JOIN api_key k ON k.id = v.api_key_id
         WHERE v.organisation_id = $1
         ORDER BY v.at DESC, v.id DESC
         LIMIT $2 OFFSET $3`,
        [organisationId, page.limit, page.offset],
      ),
      this.db.execute<{ total: string }>(
        `SELECT count(*) AS total FROM verification_event WHERE organisation_id = $1`,
        [organisationId],
      ),
    ]);
    return {
      items: rows.map((row) => ({
        at: row.at,
        number: row.number,
        result: row.result,
        channel: row.channel,
        userName: row.user_name,
        apiKeyName: row.api_key_name,
      })),
      total: int(counted.rows[0]?.total),
    };
  }
}
