import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CME a learner earned from other providers, added by them to keep one transcript: self-reported,
 * never reported to a board and never on the academy's credentials. The certificate they upload
 * (PDF, PNG or JPEG, at most 5 MB) is kept here, beside its row: replicas share only the database.
 */
export class OutsideCredits1795309000000 implements MigrationInterface {
  name = 'OutsideCredits1795309000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outside_credit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id),
        provider text NOT NULL CHECK (char_length(provider) BETWEEN 1 AND 200),
        activity text NOT NULL CHECK (char_length(activity) BETWEEN 1 AND 300),
        completed_on date NOT NULL CHECK (completed_on >= DATE '1950-01-01'),
        credit_type text NOT NULL CHECK (char_length(credit_type) BETWEEN 1 AND 100),
        other_credit_type text CHECK (char_length(other_credit_type) BETWEEN 1 AND 100),
        amount numeric(5, 2) NOT NULL CHECK (amount > 0 AND amount <= 100 AND amount * 4 = trunc(amount * 4)),
        file_bytes bytea,
        file_type text CHECK (file_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        file_name text CHECK (char_length(file_name) BETWEEN 1 AND 255),
        file_size integer CHECK (file_size BETWEEN 1 AND 5242880),
        file_sha256 text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL,
        -- "Other" is always named; a known designation never carries a second name.
        CONSTRAINT outside_credit_other_named CHECK ((credit_type = 'Other') = (other_credit_type IS NOT NULL)),
        -- A file comes whole (bytes, type, name, size and digest) or not at all.
        CONSTRAINT outside_credit_file_whole CHECK (
          (file_bytes IS NULL AND file_type IS NULL AND file_name IS NULL AND file_size IS NULL AND file_sha256 IS NULL)
          OR (file_bytes IS NOT NULL AND file_type IS NOT NULL AND file_name IS NOT NULL
              AND file_sha256 IS NOT NULL AND file_size = octet_length(file_bytes)))
      )`);
    await queryRunner.query(
      `CREATE INDEX outside_credit_by_user ON outside_credit (user_id, completed_on DESC, created_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outside_credit`);
  }
}
