import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credit designation statement is no longer typed: the academy writes it from the credits
 * designated, the activity format and the provider's name, and publishing stamps it into the
 * version (hashed with the rest). Drafts' free-text statements are dropped, so every draft shows
 * and will publish the written one; a draft can no longer hold a statement of its own. Published
 * and archived versions are frozen and keep the statement their learners were shown.
 */
export class GeneratedDesignation1795307800000 implements MigrationInterface {
  name = 'GeneratedDesignation1795307800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE course_version SET content = content - 'designationStatement' WHERE status = 'draft'`,
    );
    await queryRunner.query(`
      ALTER TABLE course_version ADD CONSTRAINT course_version_draft_designation_written
        CHECK (status <> 'draft' OR NOT content ? 'designationStatement')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The dropped free text is not restored: drafts go back to an empty statement to type.
    await queryRunner.query(
      `ALTER TABLE course_version DROP CONSTRAINT course_version_draft_designation_written`,
    );
    await queryRunner.query(
      `UPDATE course_version SET content = content || '{"designationStatement": ""}'::jsonb WHERE status = 'draft'`,
    );
  }
}
