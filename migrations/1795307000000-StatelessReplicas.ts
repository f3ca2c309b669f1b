import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL as the only state a process needs: the generated application secret (when
 * `APP_SECRET` is not given), each issuer key's private half sealed under a key derived from the
 * application secret, and the request counters of the rate limits every replica shares.
 */
export class StatelessReplicas1795307000000 implements MigrationInterface {
  name = 'StatelessReplicas1795307000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE app_secret (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Null for a key that lives in ISSUER_KEY_FILE (the operator keeps it outside).
    await queryRunner.query(`ALTER TABLE issuer_key ADD COLUMN private_key_sealed text`);
    // Counters are worth nothing after a crash: unlogged, so every request's count costs no WAL.
    await queryRunner.query(`
      CREATE UNLOGGED TABLE rate_limit_counter (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rate_limit_counter`);
    await queryRunner.query(`ALTER TABLE issuer_key DROP COLUMN private_key_sealed`);
    await queryRunner.query(`DROP TABLE app_secret`);
  }
}
