import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

/** A public signing key of the academy and when it was (or is) the one signing. */
export interface IssuerKeyRecord {
  id: string;
  did: string;
  publicKeyMultibase: string;
  validFrom: Date;
  /** Null for the current key. */
  validUntil: Date | null;
  /** When the academy revoked the key (nothing it signed counts since), and why. */
  revokedAt: Date | null;
  revocationReason: string | null;
}

const COLUMNS = `id, did, public_key_multibase AS "publicKeyMultibase", valid_from AS "validFrom",
  valid_until AS "validUntil", revoked_at AS "revokedAt", revocation_reason AS "revocationReason"`;

/**
 * The issuer's keys: the public half with its validity window, and the private half sealed under
 * the application secret (`AppSecret.seal`), which only `privateKeySealed` reads.
 */
@Injectable()
export class IssuerKeyRepository {
  constructor(private readonly db: Database) {}

  async findCurrent(): Promise<IssuerKeyRecord | null> {
    const { rows } = await this.db.execute<IssuerKeyRecord>(
      `SELECT ${COLUMNS} FROM issuer_key WHERE valid_until IS NULL`,
    );
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<IssuerKeyRecord | null> {
    const { rows } = await this.db.execute<IssuerKeyRecord>(
      `SELECT ${COLUMNS} FROM issuer_key WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByDid(did: string): Promise<IssuerKeyRecord | null> {
    const { rows } = await this.db.execute<IssuerKeyRecord>(
      `SELECT ${COLUMNS} FROM issuer_key WHERE did = $1`,
      [did],
    );
    return rows[0] ?? null;
  }

  /** Newest first. */
  async findAll(): Promise<IssuerKeyRecord[]> {
    const { rows } = await this.db.execute<IssuerKeyRecord>(
      `SELECT ${COLUMNS} FROM issuer_key ORDER BY valid_from DESC, valid_until DESC NULLS FIRST`,
    );
    return rows;
  }

  /**
   * Stores a key as the current one; null when there already is a current key (or this one):
   * the partial unique index decides between racing processes.
   */
  async insertCurrent(key: {
    did: string;
    publicKeyMultibase: string;
    validFrom: Date;
    /** Null for a key that lives in ISSUER_KEY_FILE. */
    privateKeySealed: string | null;
  }): Promise<IssuerKeyRecord | null> {
    const { rows } = await this.db.execute<IssuerKeyRecord>(
      `INSERT INTO issuer_key (did, public_key_multibase, valid_from, private_key_sealed) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [key.did, key.publicKeyMultibase, key.validFrom, key.privateKeySealed],
    );
    return rows[0] ?? null;
  }

  /** The sealed private half of a key; null when the database does not hold it. */
  async privateKeySealed(id: string): Promise<string | null> {
    const { rows } = await this.db.execute<{ sealed: string | null }>(
      `SELECT private_key_sealed AS sealed FROM issuer_key WHERE id = $1`,
      [id],
    );
    return rows[0]?.sealed ?? null;
  }

  /** Stores the sealed private half of a key that had none (an import); false when it had one. */
  async storePrivateKeySealed(id: string, sealed: string): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE issuer_key SET private_key_sealed = $2 WHERE id = $1 AND private_key_sealed IS NULL`,
      [id, sealed],
    );
    return affected === 1;
  }

  /** Ends the current key's validity; answers it, or null when there was none. */
  async retireCurrent(at: Date): Promise<IssuerKeyRecord | null> {
    const { rows } = await this.db.execute<IssuerKeyRecord>(
      `UPDATE issuer_key SET valid_until = greatest($1::timestamptz, valid_from) WHERE valid_until IS NULL
       RETURNING ${COLUMNS}`,
      [at],
    );
    return rows[0] ?? null;
  }

  /** Records a key's revocation; null when it is unknown or was revoked before. */
  async revoke(id: string, at: Date, reason: string): Promise<IssuerKeyRecord | null> {
    const { rows } = await this.db.execute<IssuerKeyRecord>(
      `UPDATE issuer_key SET revoked_at = $2, revocation_reason = $3 WHERE id = $1 AND revoked_at IS NULL
       RETURNING ${COLUMNS}`,
      [id, at, reason],
    );
    return rows[0] ?? null;
  }

  /** Holds until the surrounding transaction ends: one rotation at a time, across processes. */
  async lockRotation(): Promise<void> {
    await this.db.execute(`SELECT pg_advisory_xact_lock(hashtextextended('issuer_key.rotation', 0))`);
  }
}
