import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

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
    drop: () =>
      onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
