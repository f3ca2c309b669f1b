import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each enrolment started: its first lesson view, kept on the enrolment by the database.
 * The activity report counts enrolments started in a period; from the views that meant grouping
 * every lesson view ever recorded (a dozen per enrolment) before counting, the report's largest
 * cost, and one that grew faster than the data. A statement trigger keeps the column for every
 * writer (the player, imports, data loads), so it cannot disagree with the views.
 */
export class EnrolmentStartedAt1795310100000 implements MigrationInterface {
  name = 'EnrolmentStartedAt1795310100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE enrolment ADD COLUMN started_at timestamptz`);
    await queryRunner.query(`
      UPDATE enrolment e SET started_at = f.first_seen_at
        FROM (SELECT enrolment_id, min(first_seen_at) AS first_seen_at FROM lesson_view GROUP BY enrolment_id) f
       WHERE e.id = f.enrolment_id`);
    // Only an earlier view moves it (a view is recorded once per lesson, so normally the first).
    await queryRunner.query(`
      CREATE FUNCTION enrolment_started_from_views() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE enrolment e SET started_at = f.first_seen_at
          FROM (SELECT enrolment_id, min(first_seen_at) AS first_seen_at FROM added GROUP BY enrolment_id) f
         WHERE e.id = f.enrolment_id AND (e.started_at IS NULL OR e.started_at > f.first_seen_at);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER lesson_view_starts_enrolment AFTER INSERT ON lesson_view
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION enrolment_started_from_views()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER lesson_view_starts_enrolment ON lesson_view`);
    await queryRunner.query(`DROP FUNCTION enrolment_started_from_views()`);
    await queryRunner.query(`ALTER TABLE enrolment DROP COLUMN started_at`);
  }
}
