import { MigrationInterface, QueryRunner } from 'typeorm';

/** Audit trail, accounts with roles, sessions and tokens, verifier organisations and their API keys, login throttling. */
export class CoreAndIdentity1795305600000 implements MigrationInterface {
  name = 'CoreAndIdentity1795305600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL CHECK (action ~ '^[a-z_]+\\.[a-z_]+$'),
        actor_user_id uuid,
        actor_api_key_id uuid,
        subject_type text,
        subject_id text,
        ip text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_event_subject_idx ON audit_event (subject_id, id)`);
    await queryRunner.query(`CREATE INDEX audit_event_action_idx ON audit_event (action, id)`);
    // The audit trail is append-only for everybody, the table owner included.
    await queryRunner.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`);

    await queryRunner.query(`
      CREATE TABLE verifier_organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX verifier_organisation_name_key ON verifier_organisation (lower(name))`,
    );

    await queryRunner.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        roles text[] NOT NULL CHECK (
          cardinality(roles) >= 1 AND roles <@ ARRAY['learner', 'instructor', 'admin', 'verifier']::text[]
        ),
        degree text CHECK (degree IN ('MD', 'DO', 'MBBS', 'NP', 'PA', 'RN', 'other')),
        specialty text CHECK (length(specialty) <= 120),
        npi text CHECK (npi ~ '^[0-9]{10}$'),
        licence_state text CHECK (length(licence_state) <= 60),
        licence_number text CHECK (length(licence_number) <= 60),
        organisation_id uuid REFERENCES verifier_organisation (id),
        disabled_at timestamptz,
        password_changed_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (email)`);

    await queryRunner.query(`
      CREATE TABLE session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('web', 'api')),
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        idle_expires_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text,
        CHECK (idle_expires_at <= expires_at)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX session_token_hash_key ON session (token_hash)`);
    await queryRunner.query(
      `CREATE INDEX session_user_active_idx ON session (user_id) WHERE revoked_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX session_expires_idx ON session (expires_at)`);

    await queryRunner.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES verifier_organisation (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        prefix text NOT NULL,
        secret_hash bytea NOT NULL,
        scopes text[] NOT NULL CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY['verify']::text[]),
        created_by_user_id uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX api_key_secret_hash_key ON api_key (secret_hash)`);
    await queryRunner.query(`CREATE INDEX api_key_organisation_idx ON api_key (organisation_id)`);

    await queryRunner.query(`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        failures integer NOT NULL CHECK (failures >= 0),
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE login_throttle`);
    await queryRunner.query(`DROP TABLE api_key`);
    await queryRunner.query(`DROP TABLE session`);
    await queryRunner.query(`DROP TABLE app_user`);
    await queryRunner.query(`DROP TABLE verifier_organisation`);
    await queryRunner.query(`DROP TABLE audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_event_refuse_change()`);
  }
}
