import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { StatusListKind } from './credential';

export interface StatusListRecord {
  version: number;
  signedVersion: number;
  credential: Record<string, unknown> | null;
  signedAt: Date | null;
}

/** The certificate statuses each kind of list sets a bit for. */
const STATUSES_OF: Record<StatusListKind, ('revoked' | 'suspended')[]> = {
  revocation: ['revoked'],
  suspension: ['suspended'],
  standing: ['revoked', 'suspended'],
};

/** Signed status list credentials, with a version per change and the version last signed. */
@Injectable()
export class StatusListRepository {
  constructor(private readonly db: Database) {}

  async find(purpose: StatusListKind, keyId: string, listNo: number): Promise<StatusListRecord | null> {
    const { rows } = await this.db.execute<StatusListRecord>(
      `SELECT version::int, signed_version::int AS "signedVersion", credential, signed_at AS "signedAt"
       FROM status_list WHERE purpose = $1 AND list_no = $2 AND issuer_key_id = $3`,
      [purpose, listNo, keyId],
    );
    return rows[0] ?? null;
  }

  /** The list's row, created unsigned if it was not there. */
  async ensure(purpose: StatusListKind, keyId: string, listNo: number): Promise<StatusListRecord> {
    await this.db.execute(
      `INSERT INTO status_list (purpose, list_no, issuer_key_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [purpose, listNo, keyId],
    );
    const record = await this.find(purpose, keyId, listNo);
    if (!record) {
      throw new Error(`Status list ${purpose}/${listNo} vanished`);
    }
    return record;
  }

  /** Records that a status in the list changed, so the next read signs it anew. */
  async bumpVersion(purpose: StatusListKind, keyId: string, listNo: number): Promise<void> {
    await this.db.execute(
      `INSERT INTO status_list (purpose, list_no, issuer_key_id) VALUES ($1, $2, $3)
       ON CONFLICT (purpose, issuer_key_id, list_no) DO UPDATE SET version = status_list.version + 1`,
      [purpose, listNo, keyId],
    );
  }

  /** Stores a signature of `version` unless one of that version or newer is already stored. */
  async storeSigned(
    purpose: StatusListKind,
    keyId: string,
    listNo: number,
    signed: { version: number; credential: Record<string, unknown>; signedAt: Date },
  ): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE status_list SET signed_version = $3, credential = $4, signed_at = $5
       WHERE purpose = $1 AND list_no = $2 AND signed_version < $3 AND issuer_key_id = $6`,
      [purpose, listNo, signed.version, JSON.stringify(signed.credential), signed.signedAt, keyId],
    );
    return affected > 0;
  }

  /** Whether the key signed a certificate with a status index in `[from, to)`: the list has been published. */
  async anyCertificateIn(keyId: string, from: number, to: number): Promise<boolean> {
    const { rows } = await this.db.execute<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM certificate c JOIN certificate_signature s ON s.certificate_id = c.id
         WHERE s.issuer_key_id = $3 AND c.status_index >= $1 AND c.status_index < $2) AS found`,
      [from, to, keyId],
    );
    return rows[0]?.found ?? false;
  }

  /** The keys that ever signed a certificate's credential (each key's lists carry its status). */
  async keysThatSigned(statusIndex: number): Promise<string[]> {
    const { rows } = await this.db.execute<{ keyId: string }>(
      `SELECT s.issuer_key_id AS "keyId" FROM certificate c JOIN certificate_signature s ON s.certificate_id = c.id
       WHERE c.status_index = $1`,
      [statusIndex],
    );
    return rows.map((row) => row.keyId);
  }

  /** Records that a key signed a certificate's credential (again, for a re-issue: the first stays). */
  async recordSignature(certificateId: string, keyId: string, at: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO certificate_signature (certificate_id, issuer_key_id, signed_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [certificateId, keyId, at],
    );
  }

  /** The status indexes in `[from, to)` of certificates the key signed whose status the list shows. */
  async indexesWithStatus(
    purpose: StatusListKind,
    keyId: string,
    from: number,
    to: number,
  ): Promise<number[]> {
    const { rows } = await this.db.execute<{ statusIndex: number }>(
      `SELECT c.status_index AS "statusIndex" FROM certificate c
         JOIN certificate_signature s ON s.certificate_id = c.id AND s.issuer_key_id = $4
       WHERE c.status = ANY($1) AND c.status_index >= $2 AND c.status_index < $3`,
      [STATUSES_OF[purpose], from, to, keyId],
    );
    return rows.map((row) => row.statusIndex);
  }
}
