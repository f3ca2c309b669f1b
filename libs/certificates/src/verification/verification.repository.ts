import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { StatusReason, VerificationStatus } from '../issuance/certificate.types';

/** One number to check, with who checks it. */
export interface CheckInput {
  /** As typed (recorded when the number is not a well-formed one). */
  shown: string;
  /** The canonical number, or null when what was typed is not a well-formed number. */
  number: string | null;
  channel: string;
  organisationId: string | null;
  apiKeyId: string | null;
  userId: string | null;
}

/** A check's outcome: what the certificate shows a verifier, if it exists. */
export interface CheckRow {
  shown: string;
  /** The canonical number when what was typed is a well-formed one. */
  number: string | null;
  holderName: string | null;
  courseTitle: string | null;
  courseVersion: number | null;
  credits: { type: string; amount: number }[] | null;
  issuedAt: Date | null;
  expiresAt: Date | null;
  statusReason: StatusReason | null;
  statusChangedAt: Date | null;
  result: VerificationStatus;
  /** The number of the certificate that renews it, if one does. */
  renewedBy: string | null;
}

/** Verification's one query: look up and record many checks at once. */
@Injectable()
export class VerificationRepository {
  constructor(private readonly db: Database) {}

  /**
   * Looks up every number and records every check in ONE statement (a data-modifying CTE), and
   * answers a row per input in order. The result computed here (unknown, revoked, suspended,
   * expired at `at`, valid) is both what is recorded and what is answered; a renewal (at most one
   * per certificate, a unique key) joins in the same statement.
   */
  async checkAndRecord(inputs: CheckInput[], at: Date): Promise<CheckRow[]> {
    const column = <K extends keyof CheckInput>(key: K) => inputs.map((input) => input[key]);
    const { rows } = await this.db.execute<CheckRow>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[])
           WITH ORDINALITY AS i(shown, number, channel, organisation_id, api_key_id, user_id, ord)),
       checked AS (
         SELECT i.ord, i.shown, i.number AS canonical, i.channel, i.organisation_id, i.api_key_id, i.user_id, c.number,
           c.holder_name, c.course_title, c.course_version, c.credits, c.issued_at, c.expires_at,
           c.status_reason, c.status_changed_at,
           CASE WHEN c.number IS NULL THEN 'unknown' WHEN c.status <> 'valid' THEN c.status
             WHEN c.expires_at <= $7 THEN 'expired' ELSE 'valid' END AS result,
           renewal.number AS renewed_by
         FROM input i LEFT JOIN certificate c ON c.number = i.number
           LEFT JOIN certificate renewal ON renewal.renews_certificate_id = c.id),
       recorded AS (
         INSERT INTO verification_event (at, number, result, channel, organisation_id, api_key_id, user_id)
         SELECT $7, coalesce(number, canonical, shown), result, channel, organisation_id, api_key_id, user_id FROM checked)
       SELECT shown, coalesce(number, canonical) AS number, holder_name AS "holderName", course_title AS "courseTitle",
         course_version AS "courseVersion", credits, issued_at AS "issuedAt", expires_at AS "expiresAt",
         status_reason AS "statusReason", status_changed_at AS "statusChangedAt", result,
         renewed_by AS "renewedBy"
       FROM checked ORDER BY ord`,
      [
        column('shown'),
        column('number'),
        column('channel'),
        column('organisationId'),
        column('apiKeyId'),
        column('userId'),
        at,
      ],
      { prepared: true },
    );
    return rows;
  }
}
