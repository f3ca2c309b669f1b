import './compile-cache';
import 'reflect-metadata';
import { join } from 'node:path';
import {
  AppConfig,
  checkBeforeStart,
  claimDataDir,
  runProcess,
  EmbeddedDatabase,
  loadConfig,
  Metrics,
  portProblem,
  runMigrations,
  startEmbeddedPostgres,
} from '@academy/core';
import { startWorker } from '../../worker/src/start-worker';
import { createApp } from './create-app';
import { DemoAccount, seedDemoAcademy } from './demo/demo-seed';
import { ALL_MIGRATIONS } from '../../../migrations';

function banner(config: AppConfig, embedded: boolean, accounts: DemoAccount[], seconds: number): string {
  const lines = [
    '',
    `  Regen Academy is ready at ${config.publicUrl}  (${seconds.toFixed(1)} s)`,
    // Behind a proxy (or on another port) PUBLIC_URL is not where this process listens: say both.
    ...(new URL(config.publicUrl).origin === `http://localhost:${config.port}`
      ? []
      : [`  Listening on port ${config.port} of every interface (http://localhost:${config.port})`]),
    `  Database: ${embedded ? `embedded PostgreSQL in ${join(config.dataDir, 'postgres')}` : 'DATABASE_URL'}`,
    `  API docs: ${config.publicUrl}/api/docs`,
  ];
  if (accounts.length > 0) {
    lines.push('', `  Demo accounts (password: ${config.demoPassword}):`);
    for (const account of accounts) {
      lines.push(`    ${account.email.padEnd(32)} ${account.what}`);
    }
    lines.push(
      '',
      `  Staff accounts sign in with a second factor: add this key to an authenticator app (time-based),`,
      `  or compute its codes: DEMO_TOTP_SECRET=${config.demoTotpSecret}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<() => Promise<void>> {
  const started = Date.now();
  const config = loadConfig();
  await checkBeforeStart(config);
  let embedded: EmbeddedDatabase | undefined;
  let release = (): Promise<void> => Promise.resolve();
  if (!config.databaseUrl) {
    // One server per DATA_DIR: a second one would take the first's database for a crash leftover.
    release = await claimDataDir(config.dataDir);
    embedded = await startEmbeddedPostgres({
      clusterDir: join(config.dataDir, 'postgres'),
      database: 'academy',
      avoidPort: config.port,
      stoppedByCaller: true,
    });
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  await runMigrations(databaseUrl, ALL_MIGRATIONS);
  // Ready means ready: the port opens only once the demo academy is complete. The application
  // is put together meanwhile, while the seed waits on the database.
  const [accounts, app] = await Promise.all([
    config.seedDemo ? seedDemoAcademy({ config, databaseUrl }) : [],
    createApp({ config, databaseUrl }),
  ]);
  const metrics = app.get(Metrics);
  metrics.collectProcessMetrics();
  // One machine, one process: with the embedded database the background jobs run here too.
  const worker = embedded ? await startWorker(config, databaseUrl, metrics) : undefined;
  await app.listen({ port: config.port, host: '0.0.0.0' }).catch((error: NodeJS.ErrnoException) => {
    throw portProblem('PORT', config.port, error);
  });
  process.stdout.write(banner(config, embedded !== undefined, accounts, (Date.now() - started) / 1000));

  return async () => {
    await app.close();
    await worker?.stop();
    await embedded?.stop();
    await release();
  };
}

runProcess(main);
