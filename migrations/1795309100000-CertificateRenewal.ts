import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A certificate's life after issue: which course renews it (the slug its course version named,
 * kept on the certificate as issued), which certificate a renewal renews (each at most once),
 * and the expiry reminders sent (each mark once per certificate).
 */
export class CertificateRenewal1795309100000 implements MigrationInterface {
  name = 'CertificateRenewal1795309100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE certificate
        ADD COLUMN recertification_course text CHECK (length(recertification_course) BETWEEN 1 AND 200),
        ADD COLUMN renews_certificate_id uuid UNIQUE REFERENCES certificate (id),
        ADD CONSTRAINT certificate_renews_another CHECK (renews_certificate_id <> id)`);
    // The reminder job's scan: certificates still valid that expire.
    await queryRunner.query(
      `CREATE INDEX certificate_expiry_idx ON certificate (expires_at) WHERE status = 'valid' AND expires_at IS NOT NULL`,
    );
    // A learner finishing a recertification course: what of theirs it renews.
    await queryRunner.query(
      `CREATE INDEX certificate_recertification_idx ON certificate (user_id, recertification_course)
       WHERE recertification_course IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE certificate_expiry_reminder (
        certificate_id uuid NOT NULL REFERENCES certificate (id),
        days_before smallint NOT NULL CHECK (days_before IN (90, 60, 30)),
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (certificate_id, days_before)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE certificate_expiry_reminder`);
    await queryRunner.query(`DROP INDEX certificate_recertification_idx`);
    await queryRunner.query(`DROP INDEX certificate_expiry_idx`);
    await queryRunner.query(`
      ALTER TABLE certificate
        DROP CONSTRAINT certificate_renews_another,
        DROP COLUMN renews_certificate_id,
        DROP COLUMN recertification_course`);
  }
}
