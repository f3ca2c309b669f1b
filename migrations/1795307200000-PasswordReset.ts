import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password reset: single-use tokens, kept only as their SHA-256 (the link carries the token
 * itself), valid for 30 minutes. An e-mail may carry a link that must not be kept in the inbox
 * (a reset link): it waits in the outbox sealed under the application secret, and is forgotten
 * once sent.
 */
export class PasswordReset1795307200000 implements MigrationInterface {
  name = 'PasswordReset1795307200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE password_reset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await queryRunner.query(
      `CREATE INDEX password_reset_user_idx ON password_reset (user_id, created_at DESC)`,
    );
    await queryRunner.query(`ALTER TABLE email_outbox ADD COLUMN secret_link_sealed text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_outbox DROP COLUMN secret_link_sealed`);
    await queryRunner.query(`DROP TABLE password_reset`);
  }
}
