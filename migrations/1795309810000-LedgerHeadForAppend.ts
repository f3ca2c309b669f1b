import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ledger_head_for_append(lock)`: takes the ledger's append lock, then reads the head and the
 * time to stamp what follows it, in one round trip. It has to be a function: a volatile function
 * reads with a fresh snapshot per statement, so the head is read after the lock is held and sees
 * every append committed before (one plain statement would read with the snapshot it started
 * with, before the lock, and could fork the chain). It also says the transaction's isolation,
 * which must be READ COMMITTED for that to hold.
 */
export class LedgerHeadForAppend1795309810000 implements MigrationInterface {
  name = 'LedgerHeadForAppend1795309810000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION ledger_head_for_append(lock_key bigint)
        RETURNS TABLE (head_seq bigint, head_hash text, recorded_at text, isolation text)
        LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        RETURN QUERY
          SELECT head.seq, head.hash,
                 to_char(greatest(clock_timestamp(), head.occurred_at) AT TIME ZONE 'UTC',
                         'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                 current_setting('transaction_isolation')
            FROM (SELECT 1) AS one
            LEFT JOIN (SELECT e.seq, e.hash, e.occurred_at FROM ledger_entry e ORDER BY e.seq DESC LIMIT 1) AS head
              ON true;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION ledger_head_for_append(bigint)`);
  }
}
