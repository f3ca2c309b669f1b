import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates (one per enrolment, by a unique key), the issuer's public signing keys (private
 * keys never enter the database), cached PDFs, Bitstring status lists and the record of every
 * verification.
 */
export class Certificates1795306400000 implements MigrationInterface {
  name = 'Certificates1795306400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE issuer_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        did text NOT NULL UNIQUE CHECK (did LIKE 'did:key:z%'),
        public_key_multibase text NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_until timestamptz,
        CHECK (valid_until IS NULL OR valid_until >= valid_from)
      )`);
    // One current key at a time: rotation retires the old one in the same transaction.
    await queryRunner.query(
      `CREATE UNIQUE INDEX issuer_key_one_current ON issuer_key ((true)) WHERE valid_until IS NULL`,
    );
    await queryRunner.query(`CREATE SEQUENCE certificate_status_index_seq MINVALUE 0 START 0`);
    await queryRunner.query(`
      CREATE TABLE certificate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE CHECK (number ~ '^RA(-[0-9A-Z]{4}){6}-[0-9A-Z]{3}$'),
        enrolment_id uuid NOT NULL UNIQUE REFERENCES enrolment (id),
        user_id uuid NOT NULL REFERENCES app_user (id),
        holder_name text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 200),
        course_id uuid NOT NULL REFERENCES course (id),
        course_version_id uuid NOT NULL REFERENCES course_version (id),
        course_title text NOT NULL,
        course_version integer NOT NULL,
        content_hash text NOT NULL,
        credits jsonb NOT NULL,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz,
        status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked', 'suspended')),
        status_reason text,
        status_note text CHECK (length(status_note) <= 2000),
        status_changed_at timestamptz,
        status_changed_by uuid REFERENCES app_user (id),
        status_index integer NOT NULL UNIQUE DEFAULT nextval('certificate_status_index_seq'),
        issuer_key_id uuid REFERENCES issuer_key (id),
        credential jsonb,
        CONSTRAINT certificate_status_has_reason CHECK (status = 'valid' OR status_reason IS NOT NULL),
        CONSTRAINT certificate_signed_with_key CHECK ((credential IS NULL) = (issuer_key_id IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX certificate_user_idx ON certificate (user_id, issued_at DESC)`);
    await queryRunner.query(
      `CREATE INDEX certificate_unsigned_idx ON certificate (issued_at) WHERE credential IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE certificate_pdf (
        certificate_id uuid PRIMARY KEY REFERENCES certificate (id),
        pdf bytea NOT NULL,
        sha256 text NOT NULL,
        rendered_at timestamptz NOT NULL
      )`);
    // A status list credential per purpose, signing key and block of 131,072 certificates,
    // signed by the key that signed those certificates (standard verifiers expect the list's
    // issuer to be the credential's), re-signed when a status in it changes.
    await queryRunner.query(`
      CREATE TABLE status_list (
        purpose text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
        issuer_key_id uuid NOT NULL REFERENCES issuer_key (id),
        list_no integer NOT NULL CHECK (list_no >= 0),
        version bigint NOT NULL DEFAULT 1,
        signed_version bigint NOT NULL DEFAULT 0,
        credential jsonb,
        signed_at timestamptz,
        PRIMARY KEY (purpose, issuer_key_id, list_no)
      )`);
    await queryRunner.query(`
      CREATE TABLE verification_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        number text NOT NULL,
        result text NOT NULL CHECK (result IN ('valid', 'revoked', 'suspended', 'expired', 'unknown')),
        channel text NOT NULL CHECK (channel IN ('api', 'page', 'bulk', 'upload')),
        organisation_id uuid REFERENCES verifier_organisation (id),
        api_key_id uuid REFERENCES api_key (id),
        user_id uuid REFERENCES app_user (id)
      )`);
    await queryRunner.query(`CREATE INDEX verification_event_at_idx ON verification_event (at)`);
    await queryRunner.query(
      `CREATE INDEX verification_event_organisation_idx ON verification_event (organisation_id, at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE verification_event`);
    await queryRunner.query(`DROP TABLE status_list`);
    await queryRunner.query(`DROP TABLE certificate_pdf`);
    await queryRunner.query(`DROP TABLE certificate`);
    await queryRunner.query(`DROP SEQUENCE certificate_status_index_seq`);
    await queryRunner.query(`DROP TABLE issuer_key`);
  }
}
