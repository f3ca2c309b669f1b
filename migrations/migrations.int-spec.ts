import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import { runMigrations } from '@academy/core';
import { createTestDatabase } from '../test/support/test-database';
import { OrganisationManagers1795308300000 } from './1795308300000-OrganisationManagers';
import { ALL_MIGRATIONS } from './index';

describe('migrations', () => {
  it('lists every migration file, oldest first', () => {
    const files = readdirSync(__dirname)
      .filter((file) => /^\d{13}-[A-Za-z]+\.ts$/.test(file))
      .sort();
    expect(
      ALL_MIGRATIONS.map((migration) => `${migration.name.slice(-13)}-${migration.name.slice(0, -13)}.ts`),
    ).toEqual(files);
  });

  it('migrates once when several processes start together', async () => {
    const database = await createTestDatabase({ empty: true });
    try {
      const results = await Promise.all([
        runMigrations(database.url, ALL_MIGRATIONS),
        runMigrations(database.url, ALL_MIGRATIONS),
        runMigrations(database.url, ALL_MIGRATIONS),
      ]);
      const applied = results.map((names) => names.length).sort();
      expect(applied).toEqual([0, 0, ALL_MIGRATIONS.length]);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const rows = await client.query('SELECT count(*)::int AS count FROM schema_migration');
      await client.end();
      expect(rows.rows[0].count).toBe(ALL_MIGRATIONS.length);
    } finally {
      await database.drop();
    }
  });

  it('keeps the audit trail append-only, even for the table owner', async () => {
    const database = await createTestDatabase();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO audit_event (action, details) VALUES ('test.recorded', '{}')`);
      await expect(client.query(`UPDATE audit_event SET action = 'test.changed'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
      await expect(client.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
      const rows = await client.query('SELECT action FROM audit_event');
      expect(rows.rows).toEqual([{ action: 'test.recorded' }]);
    } finally {
      await client.end();
      await database.drop();
    }
  });

  it('refuses e-mail addresses that differ only in case and roles outside the list', async () => {
    const database = await createTestDatabase();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const insert = (email: string, roles: string): Promise<unknown> =>
      client.query(
        `INSERT INTO app_user (email, full_name, password_hash, roles, password_changed_at, created_at, updated_at)
         VALUES ($1, 'Dr X', '$argon2id$v=19$x', $2, now(), now(), now())`,
        [email, roles],
      );
    try {
      await insert('a@b.org', '{learner}');
      await expect(insert('A@b.org', '{learner}')).rejects.toThrow(/app_user_email_check/);
      await expect(insert('a@b.org', '{learner}')).rejects.toThrow(/app_user_email_key/);
      await expect(insert('c@b.org', '{superuser}')).rejects.toThrow(/app_user_roles_check/);
    } finally {
      await client.end();
      await database.drop();
    }
  });

  it('makes a verifier a key manager only where they are the only active verifier of their organisation', async () => {
    const database = await createTestDatabase({ empty: true });
    const client = new Client({ connectionString: database.url });
    try {
      const before = ALL_MIGRATIONS.indexOf(OrganisationManagers1795308300000);
      await runMigrations(database.url, ALL_MIGRATIONS.slice(0, before));
      await client.connect();
      const organisation = async (name: string): Promise<string> =>
        (
          await client.query<{ id: string }>(
            `INSERT INTO verifier_organisation (name, created_at) VALUES ($1, now()) RETURNING id`,
            [name],
          )
        ).rows[0]!.id;
      const member = (email: string, roles: string, organisationId: string | null, disabled = false) =>
        client.query(
          `INSERT INTO app_user (email, full_name, password_hash, roles, organisation_id, disabled_at,
                                 password_changed_at, created_at, updated_at)
           VALUES ($1, 'Dr X', '$argon2id$v=19$x', $2, $3, CASE WHEN $4 THEN now() END, now(), now(), now())`,
          [email, roles, organisationId, disabled],
        );
      const alone = await organisation('Alone Board');
      const shared = await organisation('Shared Board');
      const withLeaver = await organisation('Leaver Board');
      await member('sole@alone.org', '{verifier}', alone);
      await member('learner@alone.org', '{learner}', alone);
      await member('one@shared.org', '{verifier}', shared);
      await member('two@shared.org', '{verifier,learner}', shared);
      await member('active@leaver.org', '{verifier}', withLeaver);
      await member('gone@leaver.org', '{verifier}', withLeaver, true);
      await member('nobody@else.org', '{verifier}', null);

      await runMigrations(database.url, ALL_MIGRATIONS);
      const managers = await client.query<{ email: string }>(
        `SELECT email FROM app_user WHERE organisation_manager ORDER BY email`,
      );
      expect(managers.rows.map((row) => row.email)).toEqual(['active@leaver.org', 'sole@alone.org']);
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
