import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The time zone a person reads dates in (IANA, e.g. `America/Chicago`): from their browser at
 * sign-up or sign-in, or chosen on their profile. Pages and messages say times in it.
 */
export class ReaderTimeZone1795307500000 implements MigrationInterface {
  name = 'ReaderTimeZone1795307500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE app_user ADD COLUMN time_zone text CHECK (time_zone ~ '^[A-Za-z0-9_+/-]{1,64}$')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE app_user DROP COLUMN time_zone`);
  }
}
