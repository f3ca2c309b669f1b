import 'reflect-metadata';
import { checkBeforeStart, ConfigError, loadConfig, runMigrations, runProcess } from '@academy/core';
import { startWorker } from './start-worker';
import { ALL_MIGRATIONS } from '../../../migrations';

async function main(): Promise<() => Promise<void>> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be set for a separate worker (with the embedded database, npm start runs the jobs in its own process)',
    );
  }
  await checkBeforeStart(config, { port: false });
  await runMigrations(config.databaseUrl, ALL_MIGRATIONS);
  const worker = await startWorker(config, config.databaseUrl);
  return () => worker.stop();
}

runProcess(main);
