import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A quiz attempt names the course version it was drawn from and is graded by (the enrolment's
 * version when it started), so grading reads that version without the enrolment: a submit is one
 * statement shorter, and the attempt's own record says which pass mark and settings applied.
 */
export class AttemptCourseVersion1795309800000 implements MigrationInterface {
  name = 'AttemptCourseVersion1795309800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE quiz_attempt ADD COLUMN course_version_id uuid REFERENCES course_version (id)`,
    );
    await queryRunner.query(`
      UPDATE quiz_attempt a SET course_version_id = e.course_version_id
        FROM enrolment e WHERE e.id = a.enrolment_id`);
    await queryRunner.query(`ALTER TABLE quiz_attempt ALTER COLUMN course_version_id SET NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE quiz_attempt DROP COLUMN course_version_id`);
  }
}
