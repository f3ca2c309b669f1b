import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ledger entries are stamped when they are recorded, so time runs with the chain: the database
 * now also refuses an entry stamped earlier than the head (a back-dated entry), as it refuses a
 * fork or a gap. Entries already stored are left as they are; the ledger check names any
 * inversion among them.
 */
export class LedgerTimeOrder1795306900000 implements MigrationInterface {
  name = 'LedgerTimeOrder1795306900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ledger_entry_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head_seq bigint;
        head_hash text;
        head_at timestamptz;
      BEGIN
        SELECT seq, hash, occurred_at INTO head_seq, head_hash, head_at
          FROM ledger_entry ORDER BY seq DESC LIMIT 1;
        IF NEW.seq <> coalesce(head_seq, 0) + 1 OR NEW.prev_hash <> coalesce(head_hash, repeat('0', 64)) THEN
          RAISE EXCEPTION 'ledger entry % does not extend the head (entry %)', NEW.seq, coalesce(head_seq, 0)
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.occurred_at < head_at THEN
          RAISE EXCEPTION 'ledger entry % is stamped %, earlier than entry % (%)', NEW.seq, NEW.occurred_at, head_seq, head_at
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ledger_entry_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
