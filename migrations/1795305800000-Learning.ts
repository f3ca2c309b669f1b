import { MigrationInterface, QueryRunner } from 'typeorm';

/** Enrolments on a fixed course version, and the lessons each learner has opened. */
export class Learning1795305800000 implements MigrationInterface {
  name = 'Learning1795305800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Lets an enrolment name its course and version together, so they always match.
    await queryRunner.query(
      `ALTER TABLE course_version ADD CONSTRAINT course_version_id_course_key UNIQUE (id, course_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE enrolment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id),
        course_id uuid NOT NULL REFERENCES course (id),
        course_version_id uuid NOT NULL,
        enrolled_at timestamptz NOT NULL,
        FOREIGN KEY (course_version_id, course_id) REFERENCES course_version (id, course_id)
      )`);
    // One enrolment per learner per course, whatever the version.
    await queryRunner.query(
      `CREATE UNIQUE INDEX enrolment_user_course_key ON enrolment (user_id, course_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE lesson_view (
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        lesson_id uuid NOT NULL,
        first_seen_at timestamptz NOT NULL,
        PRIMARY KEY (enrolment_id, lesson_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE lesson_view`);
    await queryRunner.query(`DROP TABLE enrolment`);
    await queryRunner.query(`ALTER TABLE course_version DROP CONSTRAINT course_version_id_course_key`);
  }
}
