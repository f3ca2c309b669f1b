import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations, startEmbeddedPostgres } from '@academy/core';
import { SERVER_URL_ENV, TEMPLATE_DATABASE } from './test-database';
import { ALL_MIGRATIONS } from '../../migrations';

/**
 * Starts one throwaway embedded PostgreSQL for the whole run and migrates a template database;
 * each test file clones the template (CREATE DATABASE … TEMPLATE), so files run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  const clusterDir = await mkdtemp(join(tmpdir(), 'regen-academy-test-'));
  const server = await startEmbeddedPostgres({ clusterDir, database: TEMPLATE_DATABASE, durable: false });
  await runMigrations(server.url, ALL_MIGRATIONS);
  process.env[SERVER_URL_ENV] = server.serverUrl('{db}');
  (globalThis as { academyTestServer?: unknown }).academyTestServer = { server, clusterDir };
}
