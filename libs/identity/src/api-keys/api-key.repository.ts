import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Database } from '@academy/core';
import { ApiKeyEntity } from './api-key.entity';
import type { ApiKeyScope } from '@academy/core';
import { VerifierOrganisationEntity } from './verifier-organisation.entity';

/** What authenticating needs of a key found by its secret. */
export interface KeyOfSecret {
  id: string;
  organisationId: string;
  scopes: ApiKeyScope[];
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Why a key was refused: not shaped like a key, no key has this secret, or its key is revoked. */
export type ApiKeyFailureReason = 'malformed' | 'unknown' | 'revoked';

/** A refused use of a key, as its organisation's managers see it. */
export interface ApiKeyFailure {
  at: Date;
  reason: ApiKeyFailureReason;
  /** The first characters the refused key showed. */
  prefix: string;
  /** The organisation's key it was (revoked) or whose prefix it showed. */
  keyName: string | null;
  ip: string | null;
}

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  private get keys() {
    return this.db.repository(ApiKeyEntity);
  }

  private get organisations() {
    return this.db.repository(VerifierOrganisationEntity);
  }

  insertOrganisation(
    organisation: Omit<VerifierOrganisationEntity, 'id'>,
  ): Promise<VerifierOrganisationEntity> {
    return this.organisations.save(this.organisations.create(organisation));
  }

  findOrganisation(id: string): Promise<VerifierOrganisationEntity | null> {
    return this.organisations.findOneBy({ id });
  }

  findOrganisations(): Promise<VerifierOrganisationEntity[]> {
    return this.organisations.find({ order: { name: 'ASC' } });
  }

  insertKey(key: Omit<ApiKeyEntity, 'id'>): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create(key));
  }

  findKeysOfOrganisation(organisationId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { organisationId }, order: { createdAt: 'DESC' } });
  }

  findKey(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id });
  }

  findLiveKeyBySecretHash(secretHash: Buffer): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ secretHash, revokedAt: IsNull() });
  }

  /**
   * The key with this secret (revoked or not), and whether the client address is locked for
   * failures, in ONE statement: an API call's authentication stays a single round trip.
   */
  async findKeyForClient(
    secretHash: Buffer | null,
    throttleKey: string | null,
    now: Date,
  ): Promise<{ key: KeyOfSecret | null; lockedUntil: Date | null }> {
    const { rows } = await this.db.execute<{
      id: string | null;
      organisation_id: string;
      scopes: ApiKeyScope[];
      last_used_at: Date | null;
      revoked_at: Date | null;
      locked_until: Date | null;
    }>(
      `SELECT k.id, k.organisation_id, k.scopes, k.last_used_at, k.revoked_at,
         (SELECT max(locked_until) FROM login_throttle WHERE key = $2 AND locked_until > $3::timestamptz) AS locked_until
       FROM (SELECT 1) AS one LEFT JOIN api_key k ON k.secret_hash = $1`,
      [secretHash, throttleKey, now],
    );
    const row = rows[0]!;
    return {
      key: row.id
        ? {
            id: row.id,
            organisationId: row.organisation_id,
            scopes: row.scopes,
            lastUsedAt: row.last_used_at,
            revokedAt: row.revoked_at,
          }
        : null,
      lockedUntil: row.locked_until,
    };
  }

  /**
   * Remembers a refused key. `keyId` names the key when it is known (revoked); otherwise the key
   * whose prefix the refused one shows, if any, so its organisation sees the failure.
   */
  async insertFailure(failure: {
    at: Date;
    reason: ApiKeyFailureReason;
    prefix: string;
    keyId: string | null;
    ip: string | null;
  }): Promise<void> {
    await this.db.execute(
      `INSERT INTO api_key_failure (at, reason, prefix, organisation_id, api_key_id, ip)
       SELECT $1, $2, $3, k.organisation_id, k.id, $5
         FROM (SELECT 1) AS one
         LEFT JOIN LATERAL (
           SELECT id, organisation_id FROM api_key
            WHERE CASE WHEN $4::uuid IS NULL THEN prefix = $3 ELSE id = $4::uuid END
            ORDER BY created_at DESC LIMIT 1) k ON true`,
      [failure.at, failure.reason, failure.prefix, failure.keyId, failure.ip],
    );
  }

  /** An organisation's latest refused key uses, newest first. */
  async findFailuresOfOrganisation(organisationId: string, limit: number): Promise<ApiKeyFailure[]> {
    const { rows } = await this.db.execute<{
      at: Date;
      reason: ApiKeyFailureReason;
      prefix: string;
      key_name: string | null;
      ip: string | null;
    }>(
      `SELECT f.at, f.reason, f.prefix, k.name AS key_name, f.ip
         FROM api_key_failure f LEFT JOIN api_key k ON k.id = f.api_key_id
        WHERE f.organisation_id = $1
        ORDER BY f.at DESC, f.id DESC LIMIT $2`,
      [organisationId, limit],
    );
    return rows.map((row) => ({
      at: row.at,
      reason: row.reason,
      prefix: row.prefix,
      keyName: row.key_name,
      ip: row.ip,
    }));
  }

  /** Deletes the refused uses from before `cutoff` (on the `at` index); answers how many. */
  async deleteFailuresBefore(cutoff: Date): Promise<number> {
    const { affected } = await this.db.execute(`DELETE FROM api_key_failure WHERE at < $1`, [cutoff]);
    return affected;
  }

  async revokeKey(id: string, now: Date): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }

  async touchKey(id: string, now: Date): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: now });
  }
}
