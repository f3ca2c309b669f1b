import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a certificate states beyond the credit, captured when it is issued: the accreditation and
 * designation statements of the version, the participation dates, the holder's degree, the MOC
 * points reported and the hands-on sign-off. Kept on the certificate so a later version of the
 * course or a changed profile never rewrites an issued certificate. Null for certificates issued
 * before, which keep printing what they always printed.
 */
export class CertificateStatements1795309200000 implements MigrationInterface {
  name = 'CertificateStatements1795309200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE certificate ADD COLUMN statements jsonb
        CHECK (statements IS NULL OR jsonb_typeof(statements) = 'object')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE certificate DROP COLUMN statements`);
  }
}
