import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A request with a verifier API key that is malformed, unknown or revoked is refused (401) and
 * remembered here: its time, why, the first characters it showed and the client address. When
 * those characters are an organisation's key's (a revoked key still in use, say), the row names
 * the key and its organisation, whose managers see it next to their keys. The secret itself is
 * never stored.
 */
export class ApiKeyFailures1795308200000 implements MigrationInterface {
  name = 'ApiKeyFailures1795308200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_key_failure (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        reason text NOT NULL CHECK (reason IN ('malformed', 'unknown', 'revoked')),
        prefix text NOT NULL CHECK (length(prefix) <= 20),
        organisation_id uuid REFERENCES verifier_organisation (id),
        api_key_id uuid REFERENCES api_key (id),
        ip text
      )`);
    await queryRunner.query(
      `CREATE INDEX api_key_failure_organisation_idx ON api_key_failure (organisation_id, at DESC)
         WHERE organisation_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX api_key_failure_at_idx ON api_key_failure (at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_key_failure`);
  }
}
