import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records accreditors may ask about, and the table each dates by: none of them can be deleted
 * (nor the table truncated) before it is six years old, whoever asks, the owner included. A
 * learner's deletion request anonymises their account instead (app_user.anonymised_at).
 */
const KEPT: [table: string, dated: string][] = [
  ['app_user', 'created_at'],
  ['verifier_organisation', 'created_at'],
  ['api_key', 'created_at'],
  ['course', 'created_at'],
  ['question', 'created_at'],
  ['enrolment', 'enrolled_at'],
  ['lesson_view', 'first_seen_at'],
  ['study_activity', 'at'],
  ['course_evaluation', 'submitted_at'],
  ['credit_claim', 'claimed_at'],
  ['quiz_attempt', 'started_at'],
  ['module_pass', 'passed_at'],
  ['lab_booking', 'created_at'],
  ['lab_checklist_entry', 'recorded_at'],
  ['certificate', 'issued_at'],
  ['verification_event', 'at'],
];

export class RecordRetention1795306700000 implements MigrationInterface {
  name = 'RecordRetention1795306700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE app_user ADD COLUMN anonymised_at timestamptz`);
    // An anonymised account never signs in again.
    await queryRunner.query(
      `ALTER TABLE app_user ADD CONSTRAINT app_user_anonymised_disabled CHECK (anonymised_at IS NULL OR disabled_at IS NOT NULL)`,
    );
    // The column that dates a row is the trigger's argument.
    await queryRunner.query(`
      CREATE FUNCTION refuse_delete_within_retention() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        dated timestamptz;
      BEGIN
        EXECUTE format('SELECT ($1).%I', TG_ARGV[0]) INTO dated USING OLD;
        IF dated IS NULL OR dated > now() - interval '6 years' THEN
          RAISE EXCEPTION '% rows are kept for six years; this one dates from %', TG_TABLE_NAME, dated
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_truncate_of_kept_records() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are kept for six years: TRUNCATE refused', TG_TABLE_NAME
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    for (const [table, dated] of KEPT) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_retention BEFORE DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_delete_within_retention('${dated}')`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_retention_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate_of_kept_records()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of [...KEPT].reverse()) {
      await queryRunner.query(`DROP TRIGGER ${table}_retention_no_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_retention ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION refuse_truncate_of_kept_records()`);
    await queryRunner.query(`DROP FUNCTION refuse_delete_within_retention()`);
    await queryRunner.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_anonymised_disabled`);
    await queryRunner.query(`ALTER TABLE app_user DROP COLUMN anonymised_at`);
  }
}
