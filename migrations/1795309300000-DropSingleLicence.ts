import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Licences live in medical_licence (one per state, several per learner) since the reporting
 * profile; nothing reads or writes the single licence app_user held before. Anything written
 * there since the first copy is copied too, then the columns go, so no personal data stays
 * behind in a column nobody shows or erases.
 */
export class DropSingleLicence1795309300000 implements MigrationInterface {
  name = 'DropSingleLicence1795309300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO medical_licence (user_id, jurisdiction, number, added_at)
      SELECT id, upper(trim(licence_state)), trim(licence_number), updated_at FROM app_user
       WHERE upper(trim(licence_state)) ~ '^[A-Z]{2}$' AND trim(licence_number) ~ '^[A-Za-z0-9.-]{1,20}$'
      ON CONFLICT (user_id, jurisdiction) DO NOTHING`);
    await queryRunner.query(`ALTER TABLE app_user DROP COLUMN licence_state, DROP COLUMN licence_number`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE app_user ADD COLUMN licence_state text, ADD COLUMN licence_number text`,
    );
    await queryRunner.query(`
      UPDATE app_user u SET licence_state = l.jurisdiction, licence_number = l.number
        FROM (SELECT DISTINCT ON (user_id) user_id, jurisdiction, number FROM medical_licence
               ORDER BY user_id, added_at, jurisdiction) l
       WHERE l.user_id = u.id`);
  }
}
