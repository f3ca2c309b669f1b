import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A course document an admin uploaded and whose preview they are reading, until they create the
 * draft (which consumes it, once) or leave it (uploads older than a day are cleared). Kept in the
 * database so any replica can answer the "Create draft" that follows the preview.
 */
export class CourseImportUploads1795307800001 implements MigrationInterface {
  name = 'CourseImportUploads1795307800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE course_import_upload (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        uploaded_by_user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX course_import_upload_created_at_idx ON course_import_upload (created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE course_import_upload`);
  }
}
