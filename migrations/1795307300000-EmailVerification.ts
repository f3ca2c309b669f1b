import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail verification: an account's address is confirmed by a single-use link sent to it (at
 * sign-up, and for a new address before it replaces the old one). Links are kept only as their
 * SHA-256. Accounts that existed before count as confirmed (their holders have been receiving
 * the academy's e-mail). An e-mail may go to an address other than the account's (the new
 * address being confirmed, the old one told of a change).
 */
export class EmailVerification1795307300000 implements MigrationInterface {
  name = 'EmailVerification1795307300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE app_user ADD COLUMN email_verified_at timestamptz`);
    await queryRunner.query(`UPDATE app_user SET email_verified_at = created_at WHERE anonymised_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE email_confirmation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await queryRunner.query(
      `CREATE INDEX email_confirmation_user_idx ON email_confirmation (user_id, created_at DESC)`,
    );
    await queryRunner.query(`ALTER TABLE email_outbox ADD COLUMN recipient_email text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_outbox DROP COLUMN recipient_email`);
    await queryRunner.query(`DROP TABLE email_confirmation`);
    await queryRunner.query(`ALTER TABLE app_user DROP COLUMN email_verified_at`);
  }
}
