import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Objectives as data: each question may be tagged with the learning objective it measures, the
 * objective's module (`objective_module_id`, the question's own module in a module's bank, the
 * measured module in the pre-test's pool) and its 1-based position among that module's
 * objectives; and it keeps the author's explanations for item-writing warnings they keep
 * (`lint_notes`, `[{ "rule", "explanation" }]`). Both belong to the question's version, so a new
 * draft's copies carry them on (the carry-over trigger copies them) and an edit in a draft keeps
 * the item's lineage.
 */
export class QuestionObjectives1795309700000 implements MigrationInterface {
  name = 'QuestionObjectives1795309700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE question
        ADD COLUMN objective_module_id uuid,
        ADD COLUMN objective integer CONSTRAINT question_objective_position CHECK (objective BETWEEN 1 AND 20),
        ADD COLUMN lint_notes jsonb NOT NULL DEFAULT '[]'::jsonb
          CONSTRAINT question_lint_notes_list CHECK (jsonb_typeof(lint_notes) = 'array'),
        ADD CONSTRAINT question_objective_whole CHECK ((objective IS NULL) = (objective_module_id IS NULL))`);
    await queryRunner.query(carryOver(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(carryOver(false));
    await queryRunner.query(`
      ALTER TABLE question
        DROP CONSTRAINT question_objective_whole,
        DROP COLUMN lint_notes,
        DROP COLUMN objective,
        DROP COLUMN objective_module_id`);
  }
}

/** The carry-over trigger's function, with or without the objective and the warning explanations. */
function carryOver(withObjectives: boolean): string {
  const extra = withObjectives ? ', objective_module_id, objective, lint_notes' : '';
  const copied = withObjectives ? ', q.objective_module_id, q.objective, q.lint_notes' : '';
  return `
    CREATE OR REPLACE FUNCTION question_bank_carry_over() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO question (course_id, module_id, type, body, answer_key, tags, created_at, retired_at,
                            course_version_id, lineage_id, replaces_lineage_id, difficulty${extra})
      SELECT q.course_id, q.module_id, q.type, q.body, q.answer_key, q.tags, q.created_at, NULL,
             NEW.id, q.lineage_id, q.replaces_lineage_id, q.difficulty${copied}
        FROM question q
       WHERE q.retired_at IS NULL
         AND q.course_version_id = (
           SELECT v.id FROM course_version v
            WHERE v.course_id = NEW.course_id AND v.number < NEW.number
            ORDER BY v.number DESC LIMIT 1);
      RETURN NULL;
    END $$`;
}
