import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  AppConfig,
  EmbeddedDatabase,
  runningEmbeddedPostgresUrl,
  startEmbeddedPostgres,
} from '@academy/core';

/**
 * The database an operator's command works on: `DATABASE_URL`, or the embedded one in
 * `DATA_DIR`. An embedded server already running (the platform's) is shared, never restarted
 * or stopped; only a server the command had to start itself is stopped when it is done.
 */
export async function openCommandDatabase(
  config: AppConfig,
  options: { create?: boolean } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, stop: () => Promise.resolve() };
  }
  const clusterDir = join(config.dataDir, 'postgres');
  if (!options.create && !existsSync(join(clusterDir, 'data', 'PG_VERSION'))) {
    throw new Error(
      `No embedded database in ${clusterDir}: start the platform once (npm start) or set DATABASE_URL`,
    );
  }
  const running = await runningEmbeddedPostgresUrl(clusterDir, 'academy');
  if (running && (await answers(running))) {
    return { url: running, stop: () => Promise.resolve() };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({
    clusterDir,
    database: 'academy',
    avoidPort: config.port,
  });
  return { url: embedded.url, stop: () => embedded.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
