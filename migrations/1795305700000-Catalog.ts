import { MigrationInterface, QueryRunner } from 'typeorm';

/** Courses with versioned content documents (drafts, frozen published versions) and uploaded media. */
export class Catalog1795305700000 implements MigrationInterface {
  name = 'Catalog1795305700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE course (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
        created_at timestamptz NOT NULL,
        created_by_user_id uuid REFERENCES app_user (id)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX course_slug_key ON course (slug)`);

    await queryRunner.query(`
      CREATE TABLE course_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES course (id),
        number integer NOT NULL CHECK (number >= 1),
        status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
        revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
        content jsonb NOT NULL,
        content_hash text CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        title text GENERATED ALWAYS AS (content ->> 'title') STORED,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', coalesce(content ->> 'title', '')), 'A') ||
          setweight(to_tsvector('english', coalesce(content -> 'topics', '[]'::jsonb)), 'B') ||
          setweight(to_tsvector('english', coalesce(content ->> 'summary', '')), 'C')
        ) STORED,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        published_at timestamptz,
        published_by_user_id uuid REFERENCES app_user (id),
        archived_at timestamptz,
        UNIQUE (course_id, number),
        CHECK ((status = 'draft') = (content_hash IS NULL)),
        CHECK ((status = 'draft') = (published_at IS NULL))
      )`);
    // At most one draft and one current published version per course.
    await queryRunner.query(
      `CREATE UNIQUE INDEX course_version_one_draft ON course_version (course_id) WHERE status = 'draft'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX course_version_one_published ON course_version (course_id) WHERE status = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX course_version_search_idx ON course_version USING gin (search) WHERE status = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX course_version_credits_idx ON course_version USING gin ((content -> 'credits') jsonb_path_ops) WHERE status = 'published'`,
    );

    // A published or archived version is frozen: only "published → archived" may change, nothing
    // else, and it can never be deleted. This holds for every client, the app included.
    await queryRunner.query(`
      CREATE FUNCTION course_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await queryRunner.query(`
      CREATE TRIGGER course_version_frozen BEFORE UPDATE OR DELETE ON course_version
      FOR EACH ROW EXECUTE FUNCTION course_version_guard()`);

    await queryRunner.query(`
      CREATE TABLE media_asset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
        byte_size integer NOT NULL CHECK (byte_size > 0 AND byte_size <= 5242880),
        bytes bytea NOT NULL,
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL,
        created_by_user_id uuid REFERENCES app_user (id)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX media_asset_sha256_key ON media_asset (sha256)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE media_asset`);
    await queryRunner.query(`DROP TABLE course_version`);
    await queryRunner.query(`DROP FUNCTION course_version_guard()`);
    await queryRunner.query(`DROP TABLE course`);
  }
}
