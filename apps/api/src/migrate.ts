import 'reflect-metadata';
import { loadConfig, runMigrations, runProcess } from '@academy/core';
import { ALL_MIGRATIONS } from '../../../migrations';
import { openCommandDatabase } from './command-database';

/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
 * (shared with a platform already running on it, which keeps answering).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openCommandDatabase(config, { create: true });
  try {
    const applied = await runMigrations(database.url, ALL_MIGRATIONS);
    console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await database.stop();
  }
}

runProcess(main);
