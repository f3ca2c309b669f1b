import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail is delivered by one pg-boss job per message (retries and backoff are pg-boss's); the
 * outbox row stays the record an admin reads: status, attempts, the last error and when the
 * e-mail was given up. `next_attempt_at` is now the lease of the attempt in progress.
 */
export class MailOnJobQueue1795307100000 implements MigrationInterface {
  name = 'MailOnJobQueue1795307100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX email_outbox_due_idx`);
    await queryRunner.query(`ALTER TABLE email_outbox ADD COLUMN failed_at timestamptz`);
    await queryRunner.query(`UPDATE email_outbox SET failed_at = created_at WHERE status = 'failed'`);
    await queryRunner.query(
      `ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_failed_at CHECK ((status = 'failed') = (failed_at IS NOT NULL))`,
    );
    await queryRunner.query(
      `CREATE INDEX email_outbox_failed_idx ON email_outbox (failed_at DESC, id) WHERE status = 'failed'`,
    );
    // What is still pending when this runs is queued by the worker at its start.
    await queryRunner.query(
      `CREATE INDEX email_outbox_pending_idx ON email_outbox (created_at) WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX email_outbox_pending_idx`);
    await queryRunner.query(`DROP INDEX email_outbox_failed_idx`);
    await queryRunner.query(`ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_failed_at`);
    await queryRunner.query(`ALTER TABLE email_outbox DROP COLUMN failed_at`);
    await queryRunner.query(
      `CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status = 'pending'`,
    );
  }
}
