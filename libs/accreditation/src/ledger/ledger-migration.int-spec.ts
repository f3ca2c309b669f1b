import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@academy/core';
import type { LedgerEntryRecord } from '@academy/core';
import { Ledger1795306500000 } from '../../../../migrations/1795306500000-Ledger';
import { createTestDatabase } from '../../../../test/support/test-database';
import { LedgerChainCheck } from './ledger-chain';
import { ALL_MIGRATIONS } from '../../../../migrations';

describe('the ledger migration', () => {
  it('chains the accreditation events an existing academy already recorded, in their order', async () => {
    const database = await createTestDatabase({ empty: true });
    const client = new Client({ connectionString: database.url });
    try {
      const before = new DataSource({
        ...dataSourceOptions(database.url, { poolSize: 1 }),
        // The academy as it was just before the ledger came (later migrations build on it).
        migrations: ALL_MIGRATIONS.slice(0, ALL_MIGRATIONS.indexOf(Ledger1795306500000)),
      });
      await before.initialize();
      await before.runMigrations({ transaction: 'each' });
      await before.destroy();

      await client.connect();
      await client.query(`
        INSERT INTO audit_event (occurred_at, action, actor_user_id, subject_type, subject_id, details) VALUES
          ('2026-01-05 10:00:00.123456+00', 'course.published', 'c0a80121-7ac0-4e1d-9f2c-1b2c3d4e5f60', 'course', 'k1', '{"version": 1}'),
          ('2026-01-06 10:00:00+00', 'user.signed_up', NULL, 'user', 'u1', '{}'),
          ('2026-01-07 11:30:00.5+00', 'certificate.issued', NULL, 'certificate', 'c1', '{"number": "RA-1", "credits": [1.25, {"é": null}]}')`);
      await runMigrations(database.url, ALL_MIGRATIONS);

      const { rows } = await client.query<{
        seq: string;
        occurred_at: string;
        action: string;
        subject_type: string | null;
        subject_id: string | null;
        actor: string | null;
        details: Record<string, unknown>;
        prev_hash: string;
        hash: string;
      }>(`SELECT seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
                 action, subject_type, subject_id, actor::text AS actor, details, prev_hash, hash
            FROM ledger_entry ORDER BY seq`);
      const entries: LedgerEntryRecord[] = rows.map((row) => ({
        seq: Number(row.seq),
        occurredAt: row.occurred_at,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        actor: row.actor,
        details: row.details,
        prevHash: row.prev_hash,
        hash: row.hash,
      }));
      expect(entries.map((entry) => [entry.seq, entry.action, entry.occurredAt])).toEqual([
        [1, 'course.published', '2026-01-05T10:00:00.123456Z'],
        [2, 'certificate.issued', '2026-01-07T11:30:00.500000Z'],
      ]);
      // The application's own checker accepts what the migration chained.
      const check = new LedgerChainCheck();
      expect(entries.every((entry) => check.add(entry))).toBe(true);
      expect(check.finish()).toBeNull();
    } finally {
      await client.end().catch(() => undefined);
      await database.drop();
    }
  });
});
