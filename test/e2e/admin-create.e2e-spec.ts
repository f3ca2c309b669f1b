import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '@academy/core';
import { createTestDatabase } from '../support/test-database';

const SCRIPT = join(PROJECT_ROOT, 'dist/apps/api/src/admin-create.js');

/** `npm run admin:create -- …` as an operator runs it, on a database of its own. */
describe('npm run admin:create', () => {
  let database: { url: string; drop(): Promise<void> };
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [SCRIPT, ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            DATABASE_URL: database.url,
            PUBLIC_URL: 'https://academy.example.org',
            APP_SECRET: 'an operator secret of thirty-two characters or more',
            LOG_LEVEL: 'warn',
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  async function account(
    email: string,
  ): Promise<{ id: string; roles: string[]; disabled_at: Date | null } | undefined> {
    const { rows } = await client.query(`SELECT id, roles, disabled_at FROM app_user WHERE email = $1`, [
      email,
    ]);
    return rows[0] as { id: string; roles: string[]; disabled_at: Date | null } | undefined;
  }

  it('creates the first admin, prints a single-use link to set the password, audited and in the ledger', async () => {
    const result = await run('First.Admin@Academy.example.org', '--name', 'Dr Amara Okafor');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Created the admin account first.admin@academy.example.org.');
    expect(result.stdout).toContain('two-factor sign-in');
    const token = /https:\/\/academy\.example\.org\/reset-password\?token=([\w-]+)/.exec(result.stdout)?.[1];
    expect(token).toBeDefined();
    const admin = (await account('first.admin@academy.example.org'))!;
    expect(admin.roles).toEqual(['admin']);
    const { rows: links } = await client.query(
      `SELECT token_hash, extract(epoch FROM expires_at - created_at)::int AS seconds FROM password_reset WHERE user_id = $1`,
      [admin.id],
    );
    expect(links).toEqual([
      { token_hash: createHash('sha256').update(token!).digest('hex'), seconds: 24 * 3600 },
    ]);
    const { rows: ledger } = await client.query(
      `SELECT action, details FROM ledger_entry WHERE subject_id = $1`,
      [admin.id],
    );
    expect(ledger).toEqual([{ action: 'user.created', details: { roles: ['admin'] } }]);

    // Again: the same account, a new link, nothing else.
    const again = await run('first.admin@academy.example.org');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('first.admin@academy.example.org is already an admin.');
    const { rows: count } = await client.query(`SELECT count(*)::int AS n FROM app_user WHERE email = $1`, [
      'first.admin@academy.example.org',
    ]);
    expect(count).toEqual([{ n: 1 }]);
  });

  it('promotes an existing (even disabled) account, keeping its roles', async () => {
    await client.query(
      `INSERT INTO app_user (email, full_name, password_hash, roles, password_changed_at, created_at, updated_at, disabled_at)
       VALUES ('dr.lee@clinic.example', 'Dr Lee', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', '{learner}', now(), now(), now(), now())`,
    );
    const result = await run('dr.lee@clinic.example');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'dr.lee@clinic.example is now an admin (it was: learner), enabled again.',
    );
    expect(await account('dr.lee@clinic.example')).toMatchObject({
      roles: ['learner', 'admin'],
      disabled_at: null,
    });
    const { rows } = await client.query(
      `SELECT l.action FROM ledger_entry l JOIN app_user u ON u.id::text = l.subject_id WHERE u.email = $1`,
      ['dr.lee@clinic.example'],
    );
    expect(rows).toEqual([{ action: 'user.roles_changed' }]);
  });

  it.each([
    [['not-an-address'], 'Not an e-mail address: "not-an-address"'],
    [[], 'Usage: npm run admin:create -- you@example.org'],
    [['a@example.org', 'b@example.org'], 'Usage: npm run admin:create'],
    [['a@example.org', '--name'], '--name needs a name'],
  ])('refuses %j with one line and exit 1', async (args, line) => {
    const result = await run(...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(line);
  });
});
