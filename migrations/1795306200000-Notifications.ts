import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each user's in-app inbox, and the outbox of e-mails the worker delivers (written in the same transaction as the change). */
export class Notifications1795306200000 implements MigrationInterface {
  name = 'Notifications1795306200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id),
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z_.]{1,63}$'),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        body text NOT NULL CHECK (length(body) <= 4000),
        link text CHECK (length(link) <= 500),
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX notification_inbox_idx ON notification (user_id, created_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE email_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL UNIQUE REFERENCES notification (id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attachments jsonb NOT NULL DEFAULT '[]',
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL,
        sent_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL,
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE email_outbox`);
    await queryRunner.query(`DROP TABLE notification`);
  }
}
