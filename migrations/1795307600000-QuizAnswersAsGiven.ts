import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A quiz attempt keeps each answer as the learner gives it, and the questions they flagged for
 * review, so a lost connection or a closed tab loses nothing and coming back resumes the attempt.
 * Saving one answer is one statement, which checks the attempt's owner itself: the attempt names
 * its learner (`user_id`, the enrolment's, copied here for existing attempts).
 *
 * `drafts`: question id → the answer in the ids the attempt shows (null when cleared); graded and
 * moved to `answers` (authored ids) when the attempt closes. `flagged`: question ids.
 */
export class QuizAnswersAsGiven1795307600000 implements MigrationInterface {
  name = 'QuizAnswersAsGiven1795307600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE quiz_attempt ADD COLUMN user_id uuid REFERENCES app_user (id)`);
    await queryRunner.query(
      `UPDATE quiz_attempt a SET user_id = e.user_id FROM enrolment e WHERE e.id = a.enrolment_id`,
    );
    await queryRunner.query(`ALTER TABLE quiz_attempt ALTER COLUMN user_id SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE quiz_attempt
        ADD COLUMN drafts jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(drafts) = 'object'),
        ADD COLUMN flagged jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(flagged) = 'array')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE quiz_attempt DROP COLUMN flagged, DROP COLUMN drafts, DROP COLUMN user_id`,
    );
  }
}
