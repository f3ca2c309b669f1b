import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lesson media kept in PostgreSQL (replicas share only the database): resized variants of
 * figures, videos in chunks read by range, WebVTT captions; and the video time a learner is
 * credited with per lesson, for time on task.
 */
export class LessonMedia1795307900000 implements MigrationInterface {
  name = 'LessonMedia1795307900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A figure's image is for those who may see its lesson, never at the public /media address.
    await queryRunner.query(
      `ALTER TABLE media_asset ADD COLUMN width integer, ADD COLUMN height integer, ADD COLUMN lesson_only boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`
      CREATE TABLE media_variant (
        asset_id uuid NOT NULL REFERENCES media_asset (id) ON DELETE CASCADE,
        width integer NOT NULL CHECK (width > 0),
        content_type text NOT NULL,
        bytes bytea NOT NULL,
        PRIMARY KEY (asset_id, width)
      )`);
    await queryRunner.query(`
      CREATE TABLE media_video (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sha256 text NOT NULL UNIQUE,
        content_type text NOT NULL CHECK (content_type IN ('video/mp4', 'video/webm')),
        byte_size bigint NOT NULL CHECK (byte_size > 0),
        chunk_size integer NOT NULL CHECK (chunk_size > 0),
        duration_ms integer NOT NULL CHECK (duration_ms > 0),
        file_name text NOT NULL,
        created_at timestamptz NOT NULL,
        created_by_user_id uuid
      )`);
    await queryRunner.query(`
      CREATE TABLE media_video_chunk (
        video_id uuid NOT NULL REFERENCES media_video (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq >= 0),
        bytes bytea NOT NULL,
        PRIMARY KEY (video_id, seq)
      )`);
    await queryRunner.query(`
      CREATE TABLE media_captions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sha256 text NOT NULL UNIQUE,
        body text NOT NULL,
        created_at timestamptz NOT NULL,
        created_by_user_id uuid
      )`);
    await queryRunner.query(`
      CREATE TABLE video_watch (
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        lesson_id uuid NOT NULL,
        length_ms integer NOT NULL CHECK (length_ms > 0),
        credited_ms integer NOT NULL DEFAULT 0 CHECK (credited_ms >= 0 AND credited_ms <= length_ms),
        last_credit_ms integer NOT NULL DEFAULT 0 CHECK (last_credit_ms >= 0),
        last_report_at timestamptz NOT NULL,
        PRIMARY KEY (enrolment_id, lesson_id)
      )`);
    // A video report's moment counts for no more than the video time it was credited with.
    await queryRunner.query(`ALTER TABLE study_activity DROP CONSTRAINT study_activity_kind_check`);
    await queryRunner.query(
      `ALTER TABLE study_activity ADD CONSTRAINT study_activity_kind_check CHECK (kind IN ('lesson', 'quiz', 'video'))`,
    );
    await queryRunner.query(
      `ALTER TABLE study_activity ADD COLUMN credit_ms integer CHECK (credit_ms >= 0), ADD CONSTRAINT study_activity_video_credit CHECK ((kind = 'video') = (credit_ms IS NOT NULL))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM study_activity WHERE kind = 'video'`);
    await queryRunner.query(
      `ALTER TABLE study_activity DROP CONSTRAINT study_activity_video_credit, DROP COLUMN credit_ms`,
    );
    await queryRunner.query(`ALTER TABLE study_activity DROP CONSTRAINT study_activity_kind_check`);
    await queryRunner.query(
      `ALTER TABLE study_activity ADD CONSTRAINT study_activity_kind_check CHECK (kind IN ('lesson', 'quiz'))`,
    );
    await queryRunner.query(`DROP TABLE video_watch`);
    await queryRunner.query(`DROP TABLE media_captions`);
    await queryRunner.query(`DROP TABLE media_video_chunk`);
    await queryRunner.query(`DROP TABLE media_video`);
    await queryRunner.query(`DROP TABLE media_variant`);
    await queryRunner.query(
      `ALTER TABLE media_asset DROP COLUMN width, DROP COLUMN height, DROP COLUMN lesson_only`,
    );
  }
}
