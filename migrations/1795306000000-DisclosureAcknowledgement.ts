import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a learner acknowledged the course's disclosures, required before the first module opens. */
export class DisclosureAcknowledgement1795306000000 implements MigrationInterface {
  name = 'DisclosureAcknowledgement1795306000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE enrolment ADD COLUMN disclosures_acknowledged_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE enrolment DROP COLUMN disclosures_acknowledged_at`);
  }
}
