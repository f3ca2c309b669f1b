import 'reflect-metadata';
import { ConfigError, loadConfig, runMigrations } from '@academy/core';
import { startWorker } from './start-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be set for a separate worker (with the embedded database, npm start runs the jobs in its own process)',
    );
  }
  await runMigrations(config.databaseUrl);
  const worker = await startWorker(config, config.databaseUrl);
  const shutdown = async (): Promise<void> => {
    await worker.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
