import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Question banks per course module and quiz attempts (quiz settings live in the course version);
 * and the module passes that learning reads.
 */
export class Assessment1795305900000 implements MigrationInterface {
  name = 'Assessment1795305900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE question (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES course (id),
        module_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('single', 'multiple', 'true_false', 'numeric', 'ordering')),
        body jsonb NOT NULL,
        answer_key jsonb NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        retired_at timestamptz,
        CHECK (body ->> 'type' = type AND answer_key -> 'key' ->> 'type' = type)
      )`);
    await queryRunner.query(
      `CREATE INDEX question_module_idx ON question (course_id, module_id) WHERE retired_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE quiz_attempt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        module_id uuid NOT NULL,
        number integer NOT NULL CHECK (number >= 1),
        status text NOT NULL CHECK (status IN ('open', 'submitted', 'expired')),
        started_at timestamptz NOT NULL,
        deadline_at timestamptz,
        finished_at timestamptz,
        served jsonb NOT NULL,
        answers jsonb NOT NULL DEFAULT '{}'::jsonb,
        late_answers jsonb,
        score integer CHECK (score BETWEEN 0 AND 100),
        passed boolean,
        UNIQUE (enrolment_id, module_id, number),
        CHECK ((status = 'open') = (finished_at IS NULL)),
        CHECK ((status = 'open') = (score IS NULL))
      )`);
    // At most one open attempt per learner and module quiz, whatever the race.
    await queryRunner.query(
      `CREATE UNIQUE INDEX quiz_attempt_one_open ON quiz_attempt (enrolment_id, module_id) WHERE status = 'open'`,
    );

    // Owned by learning: which modules an enrolment has passed (written when a quiz is passed).
    await queryRunner.query(`
      CREATE TABLE module_pass (
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        module_id uuid NOT NULL,
        passed_at timestamptz NOT NULL,
        PRIMARY KEY (enrolment_id, module_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE module_pass`);
    await queryRunner.query(`DROP TABLE quiz_attempt`);
    await queryRunner.query(`DROP TABLE question`);
  }
}
