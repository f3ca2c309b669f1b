import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learning-gain report finds each learner's last finished attempt at each quiz. From the
 * attempt rows that means reading every served question and answer (the table is wide, ten times
 * its index at any size, and past a few thousand learners larger than the database's cache); this
 * narrow index holds what the report reads, in the order it groups by, so the report reads only
 * the index. Open attempts (the only ones a learner writes to while answering) are not in it.
 */
export class ReportIndexes1795310000000 implements MigrationInterface {
  name = 'ReportIndexes1795310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX quiz_attempt_finished_idx ON quiz_attempt (enrolment_id, module_id)
         INCLUDE (number, score, finished_at) WHERE status <> 'open'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX quiz_attempt_finished_idx`);
  }
}
