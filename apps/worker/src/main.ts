import '../../api/src/compile-cache';
import 'reflect-metadata';
import { checkBeforeStart, ConfigError, loadConfig, Metrics, runMigrations, runProcess } from '@academy/core';
import { startWorker } from './start-worker';
import { serveWorkerHttp } from './worker-http';
import { ALL_MIGRATIONS } from '../../../migrations';

async function main(): Promise<() => Promise<void>> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be set for a separate worker (with the embedded database, npm start runs the jobs in its own process)',
    );
  }
  await checkBeforeStart(config, { listensOn: 'WORKER_PORT' });
  await runMigrations(config.databaseUrl, ALL_MIGRATIONS);
  const worker = await startWorker(config, config.databaseUrl);
  worker.context.get(Metrics).collectProcessMetrics();
  const http = await serveWorkerHttp(worker, config);
  process.stdout.write(`Worker running; health at http://localhost:${config.workerPort}/health\n`);
  return async () => {
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
    await worker.stop();
  };
}

runProcess(main);
