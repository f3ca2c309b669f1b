import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a certifying board and ACCME's PARS need to place a learner's completion: the date of
 * birth as month and day only (PARS takes no year, so none is kept), the medical licences (one
 * per state or territory, several allowed) and board memberships, each with the learner's
 * consent to report to that board (null until given; withdrawing sets it back to null).
 *
 * The single licence the profile held until now (licence_state, licence_number) is copied in as
 * the learner's first licence where both parts were given; the old columns stay until no code
 * reads them.
 */
export class ReportingProfile1795308500000 implements MigrationInterface {
  name = 'ReportingProfile1795308500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE app_user
        ADD COLUMN birth_month smallint,
        ADD COLUMN birth_day smallint,
        ADD CONSTRAINT app_user_birth_day_valid CHECK (
          (birth_month IS NULL AND birth_day IS NULL)
          OR (birth_month BETWEEN 1 AND 12 AND birth_day BETWEEN 1 AND
              CASE WHEN birth_month = 2 THEN 29 WHEN birth_month IN (4, 6, 9, 11) THEN 30 ELSE 31 END))`);
    await queryRunner.query(`
      CREATE TABLE medical_licence (
        user_id uuid NOT NULL REFERENCES app_user (id),
        jurisdiction text NOT NULL CHECK (jurisdiction ~ '^[A-Z]{2}$'),
        number text NOT NULL CHECK (number ~ '^[A-Za-z0-9.-]{1,20}$'),
        added_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, jurisdiction)
      )`);
    await queryRunner.query(`
      INSERT INTO medical_licence (user_id, jurisdiction, number, added_at)
      SELECT id, upper(trim(licence_state)), trim(licence_number), updated_at FROM app_user
       WHERE upper(trim(licence_state)) ~ '^[A-Z]{2}$' AND trim(licence_number) ~ '^[A-Za-z0-9.-]{1,20}$'`);
    await queryRunner.query(`
      CREATE TABLE board_membership (
        user_id uuid NOT NULL REFERENCES app_user (id),
        board text NOT NULL CHECK (board ~ '^[A-Za-z]{2,10}$'),
        board_id text NOT NULL CHECK (board_id ~ '^[0-9A-Za-z]{1,20}$'),
        consented_at timestamptz,
        added_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, board)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE board_membership`);
    await queryRunner.query(`DROP TABLE medical_licence`);
    await queryRunner.query(`
      ALTER TABLE app_user DROP CONSTRAINT app_user_birth_day_valid,
        DROP COLUMN birth_month, DROP COLUMN birth_day`);
  }
}
