import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The academy issues as did:web. Three things follow:
 * - an issuer key can be revoked (compromised or misused), recorded with when and why; the DID
 *   document keeps listing it as revoked;
 * - the one status entry of a did:web credential points into a `standing` list (set while a
 *   certificate is suspended or revoked), beside the revocation and suspension lists of the
 *   did:key credentials signed before;
 * - a certificate's credential can be signed again (a re-issue, or after its key was revoked):
 *   `certificate_signature` remembers every key that ever signed it, so the lists of each key
 *   keep telling the truth about the credential that key signed.
 */
export class DidWebIssuer1795309400000 implements MigrationInterface {
  name = 'DidWebIssuer1795309400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE issuer_key
        ADD COLUMN revoked_at timestamptz,
        ADD COLUMN revocation_reason text CHECK (length(revocation_reason) BETWEEN 1 AND 500),
        ADD CONSTRAINT issuer_key_revocation_has_reason CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))`);
    await queryRunner.query(`ALTER TABLE status_list DROP CONSTRAINT status_list_purpose_check`);
    await queryRunner.query(
      `ALTER TABLE status_list ADD CONSTRAINT status_list_purpose_check
         CHECK (purpose IN ('revocation', 'suspension', 'standing'))`,
    );
    await queryRunner.query(`
      CREATE TABLE certificate_signature (
        certificate_id uuid NOT NULL REFERENCES certificate (id) ON DELETE CASCADE,
        issuer_key_id uuid NOT NULL REFERENCES issuer_key (id),
        signed_at timestamptz NOT NULL,
        PRIMARY KEY (issuer_key_id, certificate_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX certificate_signature_certificate_idx ON certificate_signature (certificate_id)`,
    );
    await queryRunner.query(`
      INSERT INTO certificate_signature (certificate_id, issuer_key_id, signed_at)
      SELECT id, issuer_key_id, COALESCE((credential #>> '{proof,created}')::timestamptz, issued_at)
        FROM certificate WHERE issuer_key_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE certificate_signature`);
    await queryRunner.query(`DELETE FROM status_list WHERE purpose = 'standing'`);
    await queryRunner.query(`ALTER TABLE status_list DROP CONSTRAINT status_list_purpose_check`);
    await queryRunner.query(
      `ALTER TABLE status_list ADD CONSTRAINT status_list_purpose_check CHECK (purpose IN ('revocation', 'suspension'))`,
    );
    await queryRunner.query(
      `ALTER TABLE issuer_key DROP CONSTRAINT issuer_key_revocation_has_reason,
         DROP COLUMN revocation_reason, DROP COLUMN revoked_at`,
    );
  }
}
