import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Skills labs, their bookings and waitlists, attendance and checklist sign-off. The seat count
 * and a learner's places are guarded here, not only in code: a CHECK keeps seats taken within
 * capacity, partial unique indexes give one place per lab and per course, and an exclusion
 * constraint keeps a learner's places from overlapping in time.
 */
export class SkillsLabs1795306300000 implements MigrationInterface {
  name = 'SkillsLabs1795306300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(`
      CREATE TABLE lab_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES course (id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        venue_name text NOT NULL CHECK (length(venue_name) BETWEEN 1 AND 200),
        venue_address text NOT NULL CHECK (length(venue_address) BETWEEN 1 AND 500),
        time_zone text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
        seats_taken integer NOT NULL DEFAULT 0,
        booking_opens_at timestamptz NOT NULL,
        booking_closes_at timestamptz NOT NULL,
        cancellation_cutoff_at timestamptz NOT NULL,
        offer_hold_minutes integer NOT NULL DEFAULT 1440 CHECK (offer_hold_minutes BETWEEN 15 AND 10080),
        required_module_ids text[],
        checklist jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT lab_session_times CHECK (ends_at > starts_at),
        CONSTRAINT lab_session_booking_window CHECK (
          booking_opens_at < booking_closes_at AND booking_closes_at <= starts_at),
        CONSTRAINT lab_session_cancellation_cutoff CHECK (cancellation_cutoff_at <= starts_at),
        CONSTRAINT lab_session_seats_within_capacity CHECK (seats_taken BETWEEN 0 AND capacity)
      )`);
    await queryRunner.query(`CREATE INDEX lab_session_course_idx ON lab_session (course_id, starts_at)`);
    await queryRunner.query(`
      CREATE TABLE lab_instructor (
        lab_id uuid NOT NULL REFERENCES lab_session (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id),
        PRIMARY KEY (lab_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX lab_instructor_user_idx ON lab_instructor (user_id)`);
    // A seat or place is "held" while confirmed, waitlisted or offered; attendance ends the hold
    // on the course (an absent learner may book another lab), not on the seat (a no-show frees nothing).
    await queryRunner.query(`
      CREATE TABLE lab_booking (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lab_id uuid NOT NULL REFERENCES lab_session (id),
        course_id uuid NOT NULL REFERENCES course (id),
        user_id uuid NOT NULL REFERENCES app_user (id),
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        during tstzrange NOT NULL,
        status text NOT NULL CHECK (
          status IN ('confirmed', 'waitlisted', 'offered', 'cancelled', 'declined', 'expired')),
        queue_no bigint GENERATED ALWAYS AS IDENTITY,
        ticket_code text NOT NULL UNIQUE CHECK (ticket_code ~ '^[0-9A-Z]{20}$'),
        offer_expires_at timestamptz,
        offer_warned_at timestamptz,
        reminded_at timestamptz,
        attendance text CHECK (attendance IN ('present', 'late', 'absent')),
        attendance_at timestamptz,
        attendance_by uuid REFERENCES app_user (id),
        signed_off_at timestamptz,
        signed_off_by uuid REFERENCES app_user (id),
        requirement_met boolean NOT NULL DEFAULT false,
        calendar_sequence integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        ended_at timestamptz,
        CONSTRAINT lab_booking_offer_has_expiry CHECK (status <> 'offered' OR offer_expires_at IS NOT NULL),
        CONSTRAINT lab_booking_signed_needs_attendance CHECK (
          signed_off_at IS NULL OR attendance IN ('present', 'late')),
        CONSTRAINT lab_booking_no_overlap EXCLUDE USING gist (user_id WITH =, during WITH &&)
          WHERE (status IN ('confirmed', 'waitlisted', 'offered') AND attendance IS NULL)
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX lab_booking_one_place_per_lab ON lab_booking (lab_id, user_id)
        WHERE status IN ('confirmed', 'waitlisted', 'offered')`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX lab_booking_one_place_per_course ON lab_booking (course_id, user_id)
        WHERE status IN ('confirmed', 'waitlisted', 'offered') AND attendance IS NULL`);
    await queryRunner.query(
      `CREATE INDEX lab_booking_waitlist_idx ON lab_booking (lab_id, queue_no) WHERE status = 'waitlisted'`,
    );
    await queryRunner.query(
      `CREATE INDEX lab_booking_offers_idx ON lab_booking (offer_expires_at) WHERE status = 'offered'`,
    );
    await queryRunner.query(`CREATE INDEX lab_booking_user_idx ON lab_booking (user_id, created_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE lab_checklist_entry (
        booking_id uuid NOT NULL REFERENCES lab_booking (id),
        step_id text NOT NULL,
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
        comment text CHECK (length(comment) <= 2000),
        recorded_by uuid NOT NULL REFERENCES app_user (id),
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (booking_id, step_id)
      )`);
    // Learning's record of the lab requirement, set by the skills lab when a checklist is signed.
    await queryRunner.query(`ALTER TABLE enrolment ADD COLUMN lab_completed_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE enrolment DROP COLUMN lab_completed_at`);
    await queryRunner.query(`DROP TABLE lab_checklist_entry`);
    await queryRunner.query(`DROP TABLE lab_booking`);
    await queryRunner.query(`DROP TABLE lab_instructor`);
    await queryRunner.query(`DROP TABLE lab_session`);
  }
}
