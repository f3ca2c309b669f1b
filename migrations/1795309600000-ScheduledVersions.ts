import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version published with a release date still ahead is scheduled: frozen like a published one,
 * but new enrolments stay on the current version until it opens (`opens_at`, the start of its
 * release date in the academy's zone). At most one is scheduled per course.
 */
export class ScheduledVersions1795309600000 implements MigrationInterface {
  name = 'ScheduledVersions1795309600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE course_version DROP CONSTRAINT course_version_status_check`);
    await queryRunner.query(`
      ALTER TABLE course_version
        ADD CONSTRAINT course_version_status_check
          CHECK (status IN ('draft', 'scheduled', 'published', 'archived')),
        ADD COLUMN opens_at timestamptz,
        ADD CONSTRAINT course_version_scheduled_opens CHECK (status <> 'scheduled' OR opens_at IS NOT NULL)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX course_version_one_scheduled ON course_version (course_id) WHERE status = 'scheduled'`,
    );
    await queryRunner.query(
      `CREATE INDEX course_version_opens_idx ON course_version (opens_at) WHERE status = 'scheduled'`,
    );
    // Frozen as before, the opening too; a scheduled version may only open (→ published) or be
    // replaced by a later one (→ archived).
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION course_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'course version % is % and cannot be deleted', OLD.id, OLD.status
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'draft' THEN
          RETURN NEW;
        END IF;
        IF NEW.content IS DISTINCT FROM OLD.content
           OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
           OR NEW.number IS DISTINCT FROM OLD.number
           OR NEW.course_id IS DISTINCT FROM OLD.course_id
           OR NEW.published_at IS DISTINCT FROM OLD.published_at
           OR NEW.opens_at IS DISTINCT FROM OLD.opens_at
           OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'archived')
                   OR (OLD.status = 'scheduled' AND NEW.status IN ('published', 'archived'))) THEN
          RAISE EXCEPTION 'course version % is % and frozen', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A version still waiting to open goes back to being a draft's successor nobody sees: archived.
    await queryRunner.query(
      `UPDATE course_version SET status = 'archived', archived_at = now() WHERE status = 'scheduled'`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION course_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'course version % is % and cannot be deleted', OLD.id, OLD.status
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'draft' THEN
          RETURN NEW;
        END IF;
        IF NEW.content IS DISTINCT FROM OLD.content
           OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
           OR NEW.number IS DISTINCT FROM OLD.number
           OR NEW.course_id IS DISTINCT FROM OLD.course_id
           OR NEW.published_at IS DISTINCT FROM OLD.published_at
           OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'archived')) THEN
          RAISE EXCEPTION 'course version % is % and frozen', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`DROP INDEX course_version_opens_idx`);
    await queryRunner.query(`DROP INDEX course_version_one_scheduled`);
    await queryRunner.query(`
      ALTER TABLE course_version
        DROP CONSTRAINT course_version_scheduled_opens,
        DROP COLUMN opens_at,
        DROP CONSTRAINT course_version_status_check,
        ADD CONSTRAINT course_version_status_check CHECK (status IN ('draft', 'published', 'archived'))`);
  }
}
