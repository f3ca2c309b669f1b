import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copies, as of this migration, of the ledger's action list and hash (libs/core/src/audit/ledger.ts):
// a landed migration must not change when the code does.
const ACTIONS = [
  'course.published',
  'enrolment.created',
  'quiz.attempt_graded',
  'credit.claimed',
  'lab_attendance.recorded',
  'lab_checklist.signed',
  'lab_checklist.amended',
  'certificate.issued',
  'certificate.revoked',
  'certificate.suspended',
  'certificate.reinstated',
  'issuer_key.created',
  'issuer_key.rotated',
];

function jcs(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(jcs).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${jcs(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const BATCH = 1000;

/**
 * The tamper-evident ledger: hash-chained entries of the audit events that matter for
 * accreditation, and signed checkpoints of its head. Both tables are append-only for everybody,
 * the owner included; an entry must extend the head by exactly one. Events already in the audit
 * trail are chained first, in their order, so an existing academy's ledger starts at its start.
 */
export class Ledger1795306500000 implements MigrationInterface {
  name = 'Ledger1795306500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_entry (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        occurred_at timestamptz NOT NULL,
        action text NOT NULL CHECK (action ~ '^[a-z_]+\\.[a-z_]+$'),
        subject_type text,
        subject_id text,
        actor uuid,
        details jsonb NOT NULL,
        prev_hash text NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await queryRunner.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
      FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
    // The database refuses a fork or a gap whoever inserts; the hashes are the verifier's to check.
    await queryRunner.query(`
      CREATE FUNCTION ledger_entry_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head_seq bigint;
        head_hash text;
      BEGIN
        SELECT seq, hash INTO head_seq, head_hash FROM ledger_entry ORDER BY seq DESC LIMIT 1;
        IF NEW.seq <> coalesce(head_seq, 0) + 1 OR NEW.prev_hash <> coalesce(head_hash, repeat('0', 64)) THEN
          RAISE EXCEPTION 'ledger entry % does not extend the head (entry %)', NEW.seq, coalesce(head_seq, 0)
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_entry_extends_head BEFORE INSERT ON ledger_entry
      FOR EACH ROW EXECUTE FUNCTION ledger_entry_extends_head()`);

    await queryRunner.query(`
      CREATE TABLE ledger_checkpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Order of making: newest first whatever the clocks said.
        position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        entry_count bigint NOT NULL CHECK (entry_count >= 0),
        head_hash text NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
        made_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (reason IN ('daily', 'admin', 'demo_seed')),
        key_did text NOT NULL CHECK (key_did LIKE 'did:key:z6Mk%'),
        credential jsonb NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_checkpoint_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoint
      FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_checkpoint_no_truncate BEFORE TRUNCATE ON ledger_checkpoint
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);

    await this.chainPastEvents(queryRunner);
  }

  private async chainPastEvents(queryRunner: QueryRunner): Promise<void> {
    let seq = 0;
    let prevHash = '0'.repeat(64);
    let afterId = '0';
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
                action, subject_type, subject_id, actor_user_id::text AS actor, details
           FROM audit_event WHERE action = ANY($1) AND id > $2 ORDER BY id LIMIT $3`,
        [ACTIONS, afterId, BATCH],
      )) as {
        id: string;
        occurred_at: string;
        action: string;
        subject_type: string | null;
        subject_id: string | null;
        actor: string | null;
        details: Record<string, unknown>;
      }[];
      for (const row of rows) {
        seq += 1;
        const entry = {
          seq,
          occurredAt: row.occurred_at,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          actor: row.actor,
          details: row.details,
          prevHash,
        };
        const hash = createHash('sha256').update(jcs(entry), 'utf8').digest('hex');
        await queryRunner.query(
          `INSERT INTO ledger_entry (seq, occurred_at, action, subject_type, subject_id, actor, details, prev_hash, hash)
           VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
          [
            seq,
            entry.occurredAt,
            entry.action,
            entry.subjectType,
            entry.subjectId,
            entry.actor,
            JSON.stringify(entry.details),
            prevHash,
            hash,
          ],
        );
        prevHash = hash;
      }
      if (rows.length < BATCH) {
        return;
      }
      afterId = rows[rows.length - 1]!.id;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ledger_checkpoint`);
    await queryRunner.query(`DROP TABLE ledger_entry`);
    await queryRunner.query(`DROP FUNCTION ledger_entry_extends_head()`);
    await queryRunner.query(`DROP FUNCTION ledger_refuse_change()`);
  }
}
