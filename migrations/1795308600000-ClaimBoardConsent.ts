import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learner's answer, at the claim step, to "report this completion to <board>?", one row per
 * board the course version awards MOC points with. What gets reported is decided here, per
 * completion, and kept: a later change of the profile does not rewrite it.
 */
export class ClaimBoardConsent1795308600000 implements MigrationInterface {
  name = 'ClaimBoardConsent1795308600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE enrolment_board_consent (
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        board text NOT NULL CHECK (board ~ '^[A-Za-z]{2,10}$'),
        report boolean NOT NULL,
        decided_at timestamptz NOT NULL,
        PRIMARY KEY (enrolment_id, board)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE enrolment_board_consent`);
  }
}
