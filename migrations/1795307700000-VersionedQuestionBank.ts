import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The question bank is versioned with the course. Every question row belongs to one course
 * version (`course_version_id`) and carries a lineage id that stays the same across versions
 * (copies of one item share it; an edit in a draft keeps it; a replacement starts a new lineage
 * and names the one it replaces). Only a draft's items may be added, edited or retired: the guard
 * trigger locks the version row (FOR SHARE) and refuses any write to an item of a published or
 * archived version, so an edit racing a publication either lands before it or is refused.
 * A new version starts with copies of the previous version's items that are not retired.
 *
 * Existing questions belonged to the whole course: each is kept (same id, so attempts keep it)
 * in the course's published version (or its latest version when never published), and every
 * other version gets copies of the ones not retired, so learners pinned to any version keep the
 * bank they were drawing from.
 */
export class VersionedQuestionBank1795307700000 implements MigrationInterface {
  name = 'VersionedQuestionBank1795307700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE question
        ADD COLUMN course_version_id uuid REFERENCES course_version (id),
        ADD COLUMN lineage_id uuid,
        ADD COLUMN replaces_lineage_id uuid,
        ADD COLUMN difficulty text CHECK (difficulty IN ('easy', 'moderate', 'hard')),
        ADD COLUMN revised_at timestamptz`);
    await queryRunner.query(`
      UPDATE question q SET lineage_id = q.id, course_version_id = (
        SELECT v.id FROM course_version v WHERE v.course_id = q.course_id
         ORDER BY (v.status = 'published') DESC, v.number DESC LIMIT 1)`);
    await queryRunner.query(`
      INSERT INTO question (course_id, module_id, type, body, answer_key, tags, created_at, retired_at,
                            course_version_id, lineage_id)
      SELECT q.course_id, q.module_id, q.type, q.body, q.answer_key, q.tags, q.created_at, NULL, v.id, q.lineage_id
        FROM question q JOIN course_version v ON v.course_id = q.course_id AND v.id <> q.course_version_id
       WHERE q.retired_at IS NULL`);
    await queryRunner.query(`
      ALTER TABLE question
        ALTER COLUMN course_version_id SET NOT NULL,
        ALTER COLUMN lineage_id SET NOT NULL,
        ADD CONSTRAINT question_one_per_lineage UNIQUE (course_version_id, lineage_id),
        ADD CONSTRAINT question_replaces_other CHECK (replaces_lineage_id IS DISTINCT FROM lineage_id)`);
    await queryRunner.query(`DROP INDEX question_module_idx`);
    await queryRunner.query(
      `CREATE INDEX question_version_module_idx ON question (course_version_id, module_id) WHERE retired_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX question_course_module_idx ON question (course_id, module_id)`);

    // Only a draft's items change. The version row is locked for share: a publication (which
    // updates that row) waits for this write, or this write waits for it and then sees it frozen.
    await queryRunner.query(`
      CREATE FUNCTION question_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        version_status text;
        version_course uuid;
      BEGIN
        IF TG_OP = 'UPDATE' AND (
             NEW.course_version_id IS DISTINCT FROM OLD.course_version_id
          OR NEW.lineage_id IS DISTINCT FROM OLD.lineage_id
          OR NEW.course_id IS DISTINCT FROM OLD.course_id
          OR NEW.module_id IS DISTINCT FROM OLD.module_id
          OR NEW.replaces_lineage_id IS DISTINCT FROM OLD.replaces_lineage_id) THEN
          RAISE EXCEPTION 'question % keeps its version, lineage and module', OLD.id
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'question_identity_fixed';
        END IF;
        SELECT status, course_id INTO version_status, version_course
          FROM course_version WHERE id = NEW.course_version_id FOR SHARE;
        IF version_course IS DISTINCT FROM NEW.course_id THEN
          RAISE EXCEPTION 'question % belongs to a version of another course', NEW.id
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'question_version_course';
        END IF;
        IF version_status IS DISTINCT FROM 'draft' THEN
          RAISE EXCEPTION 'question % belongs to a % version and is frozen', NEW.id, version_status
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'question_version_frozen';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER question_version_frozen BEFORE INSERT OR UPDATE ON question
      FOR EACH ROW EXECUTE FUNCTION question_version_guard()`);

    // A new version starts from copies of the version before it (its items not retired), with
    // their lineage; the copies are the new version's own, free to change while it is a draft.
    await queryRunner.query(`
      CREATE FUNCTION question_bank_carry_over() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO question (course_id, module_id, type, body, answer_key, tags, created_at, retired_at,
                              course_version_id, lineage_id, replaces_lineage_id, difficulty)
        SELECT q.course_id, q.module_id, q.type, q.body, q.answer_key, q.tags, q.created_at, NULL,
               NEW.id, q.lineage_id, q.replaces_lineage_id, q.difficulty
          FROM question q
         WHERE q.retired_at IS NULL
           AND q.course_version_id = (
             SELECT v.id FROM course_version v
              WHERE v.course_id = NEW.course_id AND v.number < NEW.number
              ORDER BY v.number DESC LIMIT 1);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER question_bank_carry_over AFTER INSERT ON course_version
      FOR EACH ROW EXECUTE FUNCTION question_bank_carry_over()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER question_bank_carry_over ON course_version`);
    await queryRunner.query(`DROP FUNCTION question_bank_carry_over()`);
    await queryRunner.query(`DROP TRIGGER question_version_frozen ON question`);
    await queryRunner.query(`DROP FUNCTION question_version_guard()`);
    await queryRunner.query(`DROP INDEX question_course_module_idx`);
    await queryRunner.query(`DROP INDEX question_version_module_idx`);
    await queryRunner.query(
      `CREATE INDEX question_module_idx ON question (course_id, module_id) WHERE retired_at IS NULL`,
    );
    await queryRunner.query(`
      ALTER TABLE question
        DROP CONSTRAINT question_replaces_other,
        DROP CONSTRAINT question_one_per_lineage,
        DROP COLUMN revised_at,
        DROP COLUMN difficulty,
        DROP COLUMN replaces_lineage_id,
        DROP COLUMN lineage_id,
        DROP COLUMN course_version_id`);
  }
}
