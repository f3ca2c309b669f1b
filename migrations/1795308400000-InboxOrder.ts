import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order messages arrived in. Two messages written in the same millisecond (a booking and its
 * confirmation, say) tied on `created_at` and then fell back to their random ids, so an inbox could
 * show the older one first. `seq` breaks the tie in the order they were written; rows already
 * there are numbered as PostgreSQL adds the column.
 */
export class InboxOrder1795308400000 implements MigrationInterface {
  name = 'InboxOrder1795308400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notification ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`);
    await queryRunner.query(`DROP INDEX notification_inbox_idx`);
    await queryRunner.query(
      `CREATE INDEX notification_inbox_idx ON notification (user_id, created_at DESC, seq DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX notification_inbox_idx`);
    await queryRunner.query(`CREATE INDEX notification_inbox_idx ON notification (user_id, created_at DESC)`);
    await queryRunner.query(`ALTER TABLE notification DROP COLUMN seq`);
  }
}
