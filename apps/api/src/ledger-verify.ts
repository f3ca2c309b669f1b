import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  AppConfig,
  CoreModule,
  EmbeddedDatabase,
  loadConfig,
  runningEmbeddedPostgresUrl,
  runProcess,
  startEmbeddedPostgres,
} from '@academy/core';
import { AccreditationCoreModule, LedgerService, LedgerVerification } from '@academy/accreditation';

/** Reaches the database as `npm run migrate` does; an embedded server already running is shared, not restarted. */
async function openDatabase(config: AppConfig): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl };
  }
  const clusterDir = join(config.dataDir, 'postgres');
  if (!existsSync(join(clusterDir, 'data', 'PG_VERSION'))) {
    throw new Error(
      `No embedded database in ${clusterDir}: start the platform once (npm start) or set DATABASE_URL`,
    );
  }
  const running = await runningEmbeddedPostgresUrl(clusterDir, 'academy');
  if (running && (await answers(running))) {
    return { url: running };
  }
  const embedded = await startEmbeddedPostgres({ clusterDir, database: 'academy', avoidPort: config.port });
  return { url: embedded.url, embedded };
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

async function hasLedger(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string | null }>(
      `SELECT to_regclass('ledger_entry')::text AS table`,
    );
    return rows[0]?.table !== null && rows[0]?.table !== undefined;
  } finally {
    await client.end();
  }
}

function report(verification: LedgerVerification): string {
  const lines: string[] = [];
  const { firstBreak, checkpoints } = verification;
  if (firstBreak) {
    lines.push(
      `BROKEN at entry ${firstBreak.seq} (${firstBreak.reason}): ${firstBreak.message}`,
      verification.count === 0
        ? 'No entry before it can be relied on.'
        : `Entries 1 to ${verification.count} are intact (head ${verification.headHash}).`,
    );
  } else {
    lines.push(`OK: ${verification.count} entries, head ${verification.headHash}`);
  }
  for (const problem of checkpoints.problems) {
    lines.push(
      `Checkpoint ${problem.checkpointId} of ${problem.madeAt.toISOString()} (${problem.entryCount} entries) cannot be relied on (${problem.code}): ${problem.message}`,
    );
  }
  lines.push(
    `${checkpoints.checked} checkpoint(s) checked, ${checkpoints.checked - checkpoints.problems.length} genuine${firstBreak ? '' : ' and consistent with the chain'}.`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `npm run ledger:verify [-- --json]`: recomputes the whole ledger's hash chain and checks every
 * signed checkpoint, on DATABASE_URL or the embedded database. Prints OK with the count and head
 * hash, or the first broken link; exits 1 on a break or a checkpoint that cannot be relied on.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const { url, embedded } = await openDatabase(config);
  try {
    if (!(await hasLedger(url))) {
      throw new Error('The database has no ledger yet: run npm run migrate (or start the platform) first');
    }
    @Module({
      imports: [CoreModule.forRoot({ config, databaseUrl: url, http: false }), AccreditationCoreModule],
    })
    class LedgerVerifyModule {}
    const context = await NestFactory.createApplicationContext(LedgerVerifyModule, {
      logger: ['error', 'warn'],
    });
    try {
      const verification = await context.get(LedgerService).verify();
      process.stdout.write(
        process.argv.includes('--json') ? `${JSON.stringify(verification, null, 2)}\n` : report(verification),
      );
      process.exitCode = verification.ok ? 0 : 1;
    } finally {
      await context.close();
    }
  } finally {
    await embedded?.stop();
  }
}

runProcess(main);
