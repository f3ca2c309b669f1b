import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor sign-in: an authenticator app (a TOTP secret sealed under the application secret,
 * with the last time step accepted so no code works twice), passkeys (WebAuthn public keys),
 * and ten single-use recovery codes kept only as their SHA-256. A sign-in whose password was
 * right waits in `pending_sign_in` for its second factor; a WebAuthn ceremony's challenge waits
 * in `webauthn_challenge`. `app_user.second_factor_at` says since when the account has one.
 */
export class TwoFactor1795307400000 implements MigrationInterface {
  name = 'TwoFactor1795307400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE app_user ADD COLUMN second_factor_at timestamptz`);
    await queryRunner.query(`
      CREATE TABLE totp_factor (
        user_id uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
        secret_sealed text NOT NULL,
        confirmed_at timestamptz,
        last_used_step bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE passkey (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        credential_id text NOT NULL UNIQUE,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL,
        last_used_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX passkey_user_idx ON passkey (user_id)`);
    await queryRunner.query(`
      CREATE TABLE recovery_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        used_at timestamptz,
        UNIQUE (user_id, code_hash)
      )`);
    await queryRunner.query(`
      CREATE TABLE pending_sign_in (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('web', 'api')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        failures int NOT NULL DEFAULT 0,
        used_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE webauthn_challenge (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES app_user (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('register', 'authenticate')),
        challenge text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webauthn_challenge`);
    await queryRunner.query(`DROP TABLE pending_sign_in`);
    await queryRunner.query(`DROP TABLE recovery_code`);
    await queryRunner.query(`DROP TABLE passkey`);
    await queryRunner.query(`DROP TABLE totp_factor`);
    await queryRunner.query(`ALTER TABLE app_user DROP COLUMN second_factor_at`);
  }
}
