import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { CoreModule, loadConfig, runProcess } from '@academy/core';
import { AccreditationCoreModule, LedgerService, LedgerVerification } from '@academy/accreditation';
import { openCommandDatabase } from './command-database';

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
  const { url, stop } = await openCommandDatabase(config);
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
    await stop();
  }
}

runProcess(main);
