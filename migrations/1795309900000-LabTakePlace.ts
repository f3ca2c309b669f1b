import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seat logic of a booking as one server-side call, so a booking is one statement (the seat,
 * the booking row, its audit event and message together) and the lab row is locked only while
 * the server runs it, never while the application is busy with other requests. Unchanged logic:
 * the conditional update takes a free seat (and locks the lab row); finding none, it waits for
 * the lab row and looks again. A VOLATILE function's statements each see what committed before
 * them, so the waitlist is counted after the lock: positions follow the order of joining.
 */
export class LabTakePlace1795309900000 implements MigrationInterface {
  name = 'LabTakePlace1795309900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lab_take_place(lab uuid, OUT seated boolean, OUT seats integer, OUT waiting integer)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        UPDATE lab_session l SET seats_taken = l.seats_taken + 1
          WHERE l.id = lab AND l.seats_taken < l.capacity RETURNING l.seats_taken INTO seats;
        seated := FOUND;
        IF NOT seated THEN
          PERFORM 1 FROM lab_session l WHERE l.id = lab FOR UPDATE;
          UPDATE lab_session l SET seats_taken = l.seats_taken + 1
            WHERE l.id = lab AND l.seats_taken < l.capacity RETURNING l.seats_taken INTO seats;
          seated := FOUND;
          IF NOT seated THEN
            SELECT l.seats_taken INTO seats FROM lab_session l WHERE l.id = lab;
          END IF;
        END IF;
        SELECT count(*)::int INTO waiting FROM lab_booking w WHERE w.lab_id = lab AND w.status = 'waitlisted';
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lab_take_place(uuid)`);
  }
}
