import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board reporting queue: one record per certificate and certifying board the learner chose to
 * report to (course versions with MOC points only), due a number of days after the completion,
 * and the PARS batch files the records are sent in.
 *
 * A record's facts of the certificate (number, holder name, course title, completion day, AMA
 * credit) are copied in when it is queued: they never change, and the list pages need no other
 * feature's tables. What the learner may still correct (board ID, date of birth, licence) is read
 * from the reporting profile when a batch is made.
 *
 * A batch keeps the file it was downloaded as (downloaded again, it is the same file) and one
 * entry per record with what the file said of it and PARS's answer, so a record rejected, corrected
 * and sent again keeps the first answer in its history.
 */
export class BoardReports1795308900000 implements MigrationInterface {
  name = 'BoardReports1795308900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE board_report_batch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number integer NOT NULL UNIQUE CHECK (number > 0),
        created_at timestamptz NOT NULL,
        created_by uuid REFERENCES app_user (id),
        row_count integer NOT NULL CHECK (row_count > 0),
        checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
        content text NOT NULL,
        results_imported_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE board_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        certificate_id uuid NOT NULL REFERENCES certificate (id),
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        user_id uuid NOT NULL REFERENCES app_user (id),
        course_version_id uuid NOT NULL REFERENCES course_version (id),
        certificate_number text NOT NULL,
        holder_name text NOT NULL,
        course_title text NOT NULL,
        board text NOT NULL CHECK (board ~ '^[A-Za-z]{2,10}$'),
        points numeric(6, 2) NOT NULL CHECK (points > 0),
        types text[] NOT NULL CHECK (cardinality(types) BETWEEN 1 AND 5),
        cme_credits numeric(6, 2) CHECK (cme_credits >= 0),
        completed_on date NOT NULL,
        due_on date NOT NULL CHECK (due_on >= completed_on),
        state text NOT NULL DEFAULT 'queued'
          CHECK (state IN ('queued', 'in_batch', 'accepted', 'rejected')),
        batch_id uuid REFERENCES board_report_batch (id),
        rejection_reason text CHECK (length(rejection_reason) BETWEEN 1 AND 500),
        accepted_at timestamptz,
        rejected_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (certificate_id, board),
        -- Queued means in no batch; every other state names the batch it was sent in.
        CHECK ((state = 'queued') = (batch_id IS NULL)),
        CHECK (state <> 'accepted' OR accepted_at IS NOT NULL),
        CHECK (state <> 'rejected' OR (rejected_at IS NOT NULL AND rejection_reason IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX board_report_by_state_due ON board_report (state, due_on)`);
    await queryRunner.query(`CREATE INDEX board_report_by_user ON board_report (user_id)`);
    await queryRunner.query(`
      CREATE TABLE board_report_batch_entry (
        batch_id uuid NOT NULL REFERENCES board_report_batch (id),
        report_id uuid NOT NULL REFERENCES board_report (id),
        row_number integer NOT NULL CHECK (row_number > 0),
        board text NOT NULL,
        board_id text NOT NULL,
        completion_date text NOT NULL,
        activity_id text NOT NULL,
        result text CHECK (result IN ('accepted', 'rejected')),
        reason text CHECK (length(reason) BETWEEN 1 AND 500),
        resolved_at timestamptz,
        PRIMARY KEY (batch_id, report_id),
        UNIQUE (batch_id, row_number),
        CHECK ((result IS NULL) = (resolved_at IS NULL)),
        CHECK (result <> 'rejected' OR reason IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX board_report_batch_entry_by_report ON board_report_batch_entry (report_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE board_report_batch_entry`);
    await queryRunner.query(`DROP TABLE board_report`);
    await queryRunner.query(`DROP TABLE board_report_batch`);
  }
}
