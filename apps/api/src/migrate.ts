import 'reflect-metadata';
import { join } from 'node:path';
import { loadConfig, runMigrations, runProcess, startEmbeddedPostgres } from '@academy/core';
import { ALL_MIGRATIONS } from '../../../migrations';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ clusterDir: join(config.dataDir, 'postgres'), database: 'academy' });
  try {
    const applied = await runMigrations(config.databaseUrl ?? embedded!.url, ALL_MIGRATIONS);
    console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await embedded?.stop();
  }
}

runProcess(main);
