import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

export interface TotpFactorRow {
  secretSealed: string;
  confirmedAt: Date | null;
  lastUsedStep: number;
}

export interface PasskeyRow {
  id: string;
  credentialId: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface PendingSignInRow {
  userId: string;
  kind: 'web' | 'api';
  failures: number;
}

const PASSKEY_COLUMNS = `id, credential_id AS "credentialId", public_key AS "publicKey", counter::int AS counter,
  transports, name, created_at AS "createdAt", last_used_at AS "lastUsedAt"`;

/** The second factors of accounts, the sign-ins waiting for one, and WebAuthn challenges. */
@Injectable()
export class TwoFactorRepository {
  constructor(private readonly db: Database) {}

  // Authenticator app

  async findTotp(userId: string): Promise<TotpFactorRow | null> {
    const { rows } = await this.db.execute<TotpFactorRow>(
      `SELECT secret_sealed AS "secretSealed", confirmed_at AS "confirmedAt", last_used_step::float8 AS "lastUsedStep"
       FROM totp_factor WHERE user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /** Starts (or starts again) setting up an app: a new secret, not confirmed yet. Never replaces a confirmed one. */
  async putUnconfirmedTotp(userId: string, secretSealed: string, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `INSERT INTO totp_factor (user_id, secret_sealed, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, created_at = EXCLUDED.created_at,
         last_used_step = 0
       WHERE totp_factor.confirmed_at IS NULL`,
      [userId, secretSealed, now],
    );
    return affected > 0;
  }

  /** An app set up already confirmed (the demo's staff, seeded with a known secret). */
  async putConfirmedTotp(userId: string, secretSealed: string, now: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO totp_factor (user_id, secret_sealed, confirmed_at, created_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, confirmed_at = EXCLUDED.confirmed_at,
         created_at = EXCLUDED.created_at, last_used_step = 0`,
      [userId, secretSealed, now],
    );
  }

  /**
   * Accepts the code of time step `step` once: true when no code of this step or a later one was
   * accepted before (two requests racing with one code: one wins). Confirms a new app with it.
   */
  async useTotpStep(userId: string, step: number, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE totp_factor SET last_used_step = $2, confirmed_at = COALESCE(confirmed_at, $3)
       WHERE user_id = $1 AND last_used_step < $2`,
      [userId, step, now],
    );
    return affected > 0;
  }

  async deleteTotp(userId: string): Promise<boolean> {
    return (await this.db.execute(`DELETE FROM totp_factor WHERE user_id = $1`, [userId])).affected > 0;
  }

  // Passkeys

  async passkeysOf(userId: string): Promise<PasskeyRow[]> {
    const { rows } = await this.db.execute<PasskeyRow>(
      `SELECT ${PASSKEY_COLUMNS} FROM passkey WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows;
  }

  async findPasskey(credentialId: string): Promise<(PasskeyRow & { userId: string }) | null> {
    const { rows } = await this.db.execute<PasskeyRow & { userId: string }>(
      `SELECT ${PASSKEY_COLUMNS}, user_id AS "userId" FROM passkey WHERE credential_id = $1`,
      [credentialId],
    );
    return rows[0] ?? null;
  }

  async insertPasskey(
    userId: string,
    passkey: Pick<PasskeyRow, 'credentialId' | 'publicKey' | 'counter' | 'transports' | 'name'>,
    now: Date,
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO passkey (user_id, credential_id, public_key, counter, transports, name, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        userId,
        passkey.credentialId,
        passkey.publicKey,
        passkey.counter,
        passkey.transports,
        passkey.name,
        now,
      ],
    );
  }

  /** Records a use; false when the signature counter went backwards meanwhile (a cloned key, or a race). */
  async usePasskey(credentialId: string, counter: number, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE passkey SET counter = $2, last_used_at = $3
       WHERE credential_id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0))`,
      [credentialId, counter, now],
    );
    return affected > 0;
  }

  async deletePasskey(userId: string, passkeyId: string): Promise<boolean> {
    const { affected } = await this.db.execute(`DELETE FROM passkey WHERE user_id = $1 AND id = $2`, [
      userId,
      passkeyId,
    ]);
    return affected > 0;
  }

  async deleteAllPasskeys(userId: string): Promise<void> {
    await this.db.execute(`DELETE FROM passkey WHERE user_id = $1`, [userId]);
  }

  // Recovery codes

  async replaceRecoveryCodes(userId: string, hashes: string[], now: Date): Promise<void> {
    await this.db.execute(`DELETE FROM recovery_code WHERE user_id = $1`, [userId]);
    await this.db.execute(
      `INSERT INTO recovery_code (user_id, code_hash, created_at) SELECT $1, unnest($2::text[]), $3`,
      [userId, hashes, now],
    );
  }

  async useRecoveryCode(userId: string, hash: string, now: Date): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE recovery_code SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
      [userId, hash, now],
    );
    return affected > 0;
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const { rows } = await this.db.execute<{ count: number }>(
      `SELECT count(*)::int AS count FROM recovery_code WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return rows[0]?.count ?? 0;
  }

  async deleteRecoveryCodes(userId: string): Promise<void> {
    await this.db.execute(`DELETE FROM recovery_code WHERE user_id = $1`, [userId]);
  }

  // Sign-ins waiting for their second factor

  async insertPendingSignIn(
    tokenHash: string,
    pending: { userId: string; kind: 'web' | 'api' },
    now: Date,
    expiresAt: Date,
  ): Promise<void> {
    await this.db.execute(
      `INSERT INTO pending_sign_in (token_hash, user_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [tokenHash, pending.userId, pending.kind, now, expiresAt],
    );
  }

  /** The open pending sign-in of a token, locked until the transaction ends; null when used, expired or unknown. */
  async lockPendingSignIn(tokenHash: string, now: Date): Promise<PendingSignInRow | null> {
    const { rows } = await this.db.execute<PendingSignInRow>(
      `SELECT user_id AS "userId", kind, failures FROM pending_sign_in
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 FOR UPDATE`,
      [tokenHash, now],
    );
    return rows[0] ?? null;
  }

  async findPendingSignIn(tokenHash: string, now: Date): Promise<PendingSignInRow | null> {
    const { rows } = await this.db.execute<PendingSignInRow>(
      `SELECT user_id AS "userId", kind, failures FROM pending_sign_in
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    return rows[0] ?? null;
  }

  async recordPendingFailure(tokenHash: string, limit: number, now: Date): Promise<void> {
    await this.db.execute(
      `UPDATE pending_sign_in SET failures = failures + 1,
         used_at = CASE WHEN failures + 1 >= $2 THEN $3::timestamptz ELSE used_at END
       WHERE token_hash = $1`,
      [tokenHash, limit, now],
    );
  }

  async usePendingSignIn(tokenHash: string, now: Date): Promise<void> {
    await this.db.execute(`UPDATE pending_sign_in SET used_at = $2 WHERE token_hash = $1`, [tokenHash, now]);
  }

  // WebAuthn challenges

  async insertChallenge(
    challenge: { userId: string | null; purpose: 'register' | 'authenticate'; challenge: string },
    now: Date,
    expiresAt: Date,
  ): Promise<string> {
    const { rows } = await this.db.execute<{ id: string }>(
      `INSERT INTO webauthn_challenge (user_id, purpose, challenge, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [challenge.userId, challenge.purpose, challenge.challenge, now, expiresAt],
    );
    return rows[0]!.id;
  }

  /** Uses a challenge once; null when unknown, used, expired, or not this purpose's (or this user's). */
  async useChallenge(
    id: string,
    purpose: 'register' | 'authenticate',
    userId: string | null,
    now: Date,
  ): Promise<string | null> {
    const { rows } = await this.db.execute<{ challenge: string }>(
      `UPDATE webauthn_challenge SET used_at = $4
       WHERE id = $1 AND purpose = $2 AND user_id IS NOT DISTINCT FROM $3 AND used_at IS NULL AND expires_at > $4
       RETURNING challenge`,
      [id, purpose, userId, now],
    );
    return rows[0]?.challenge ?? null;
  }

  /** Ended sign-ins and ceremonies (the session prune job calls this). */
  async pruneEnded(now: Date): Promise<number> {
    const pending = await this.db.execute(`DELETE FROM pending_sign_in WHERE expires_at < $1`, [now]);
    const challenges = await this.db.execute(`DELETE FROM webauthn_challenge WHERE expires_at < $1`, [now]);
    return pending.affected + challenges.affected;
  }
}
