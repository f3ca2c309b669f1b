import { MigrationInterface, QueryRunner } from 'typeorm';

/** Study activity (for time on task), the course evaluation, and credit claims. */
export class StudyRecord1795306100000 implements MigrationInterface {
  name = 'StudyRecord1795306100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE study_activity (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('lesson', 'quiz'))
      )`);
    await queryRunner.query(`CREATE INDEX study_activity_enrolment_idx ON study_activity (enrolment_id, at)`);
    await queryRunner.query(`
      CREATE TABLE course_evaluation (
        enrolment_id uuid PRIMARY KEY REFERENCES enrolment (id),
        answers jsonb NOT NULL,
        submitted_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE credit_claim (
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        credit_type text NOT NULL,
        amount numeric(6, 2) NOT NULL CHECK (amount > 0 AND amount * 4 = floor(amount * 4)),
        claimed_at timestamptz NOT NULL,
        PRIMARY KEY (enrolment_id, credit_type)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE credit_claim`);
    await queryRunner.query(`DROP TABLE course_evaluation`);
    await queryRunner.query(`DROP TABLE study_activity`);
  }
}
