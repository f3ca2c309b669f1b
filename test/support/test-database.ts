import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openBadgesSchemaProblems } from './open-badges-schema';

/** Set by the global setup: the test server's URL with `{db}` where the database name goes. */
export const SERVER_URL_ENV = 'ACADEMY_TEST_SERVER_URL';
export const TEMPLATE_DATABASE = 'academy_template';

export function serverUrl(database: string): string {
  const template = process.env[SERVER_URL_ENV];
  if (!template) {
    throw new Error(`${SERVER_URL_ENV} is not set: run tests through jest (global setup starts PostgreSQL)`);
  }
  return template.replace('{db}', database);
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own for one test file: a copy of the migrated template (fast), or an empty
 * one to exercise the migrations themselves.
 */
export async function createTestDatabase(
  options: { empty?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await onServer((client) =>
    client.query(`CREATE DATABASE ${name}${options.empty ? '' : ` TEMPLATE ${TEMPLATE_DATABASE}`}`),
  );
  return {
    url: serverUrl(name),
    async drop() {
      try {
        await expectCredentialsValid(serverUrl(name));
      } finally {
        await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      }
    },
  };
}

/**
 * Every credential a test issued, checked against 1EdTech's Open Badges 3.0 schema as its
 * database goes: a test file that made an invalid one fails, whatever it was testing.
 */
async function expectCredentialsValid(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  let rows: { number: string; credential: unknown }[];
  try {
    ({ rows } = await client.query<{ number: string; credential: unknown }>(
      `SELECT number, credential FROM certificate WHERE credential IS NOT NULL`,
    ));
  } catch (error) {
    // A database the test left empty, or never migrated, holds no credentials.
    if ((error as { code?: string }).code === '42P01') {
      return;
    }
    throw error;
  } finally {
    await client.end();
  }
  const invalid = rows
    .map((row) => ({ number: row.number, problems: openBadgesSchemaProblems(row.credential) }))
    .filter((row) => row.problems.length > 0);
  if (invalid.length > 0) {
    throw new Error(
      `Credentials invalid against the Open Badges 3.0 AchievementCredential schema:\n${invalid
        .map((row) => `${row.number}: ${row.problems.join('; ')}`)
        .join('\n')}`,
    );
  }
}
