import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Learner support by admins, and cohorts.
 *
 * `quiz_extra_attempt`: one row per extra attempt an admin granted at one module quiz of one
 * enrolment; the quiz allows its attempts limit plus the number of rows.
 * `quiz_accommodation`: a learner's extra quiz time (a percentage of the time limit and/or
 * minutes), with the reason it was given; every timed attempt started afterwards gets it.
 * `cohort` / `cohort_member`: a named group enrolled into one course; a member is an address,
 * enrolled (an account exists) or invited (none yet: signing up with the address enrols them).
 * The primary key on (cohort, address) keeps two uploads at once from adding anyone twice.
 */
export class LearnerSupport1795308000000 implements MigrationInterface {
  name = 'LearnerSupport1795308000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE quiz_extra_attempt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        module_id uuid NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        granted_by uuid REFERENCES app_user (id),
        granted_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX quiz_extra_attempt_quiz_idx ON quiz_extra_attempt (enrolment_id, module_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE quiz_accommodation (
        user_id uuid PRIMARY KEY REFERENCES app_user (id),
        extra_time_percent integer NOT NULL CHECK (extra_time_percent BETWEEN 0 AND 300),
        extra_minutes integer NOT NULL CHECK (extra_minutes BETWEEN 0 AND 600),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        granted_by uuid REFERENCES app_user (id),
        granted_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE cohort (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        course_id uuid NOT NULL REFERENCES course (id),
        created_by uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX cohort_name_key ON cohort (lower(name))`);
    await queryRunner.query(`
      CREATE TABLE cohort_member (
        cohort_id uuid NOT NULL REFERENCES cohort (id),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        full_name text CHECK (length(full_name) <= 200),
        user_id uuid REFERENCES app_user (id),
        enrolment_id uuid REFERENCES enrolment (id),
        status text NOT NULL CHECK (status IN ('enrolled', 'invited')),
        added_at timestamptz NOT NULL,
        PRIMARY KEY (cohort_id, email),
        CHECK ((status = 'enrolled') = (enrolment_id IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX cohort_member_invited_idx ON cohort_member (email) WHERE status = 'invited'`,
    );
    await queryRunner.query(`CREATE INDEX cohort_member_user_idx ON cohort_member (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE cohort_member`);
    await queryRunner.query(`DROP TABLE cohort`);
    await queryRunner.query(`DROP TABLE quiz_accommodation`);
    await queryRunner.query(`DROP TABLE quiz_extra_attempt`);
  }
}
