import { Client } from 'pg';

/**
 * The worker's container health check (`node dist/apps/worker/src/health.js`): exit 0 when the
 * database the worker takes its jobs from answers, 1 otherwise. The worker serves no HTTP, and
 * a worker whose process dies is restarted by the container runtime itself.
 */
async function main(): Promise<number> {
  const client = new Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 4000 });
  try {
    await client.connect();
    await client.query('SELECT 1 FROM pgboss.version');
    return 0;
  } catch (error) {
    console.error(`Worker unhealthy: ${(error as Error).message}`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}

void main().then((code) => process.exit(code));
