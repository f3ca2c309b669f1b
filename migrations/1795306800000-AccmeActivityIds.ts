import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ACCME Activity ID that PARS assigned to each activity (one course version), recorded by an
 * admin. Kept outside the version's content, which is frozen once published. An id belongs to
 * one activity only; every change is in the audit trail (`accme_activity.recorded`).
 */
export class AccmeActivityIds1795306800000 implements MigrationInterface {
  name = 'AccmeActivityIds1795306800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE accme_activity (
        course_version_id uuid PRIMARY KEY REFERENCES course_version (id),
        accme_activity_id text NOT NULL UNIQUE CHECK (accme_activity_id ~ '^[0-9]{6,12}$'),
        recorded_at timestamptz NOT NULL,
        recorded_by_user_id uuid REFERENCES app_user (id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE accme_activity`);
  }
}
