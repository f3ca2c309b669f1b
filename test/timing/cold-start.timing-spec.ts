import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@academy/core';
import { MAIN, start, untilReady } from '../support/app-process';

/**
 * `npm ci && npm start` on a new machine: the platform is ready, demo academy seeded, within
 * 15 s of starting on an empty DATA_DIR (the embedded database's cluster created, migrated and
 * seeded), and as quickly when it starts again on the same data. What a start does and prints
 * is tested in test/e2e/startup.e2e-spec.ts; this measures only how long it takes, alone.
 */
describe('how long the platform takes to start', () => {
  const LIMIT_MS = 15_000;

  beforeAll(() => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: run npm run build first (npm test does)`);
    }
  });

  it(`is ready within ${LIMIT_MS / 1000} s on an empty DATA_DIR, and again on the same data`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'regen-academy-cold-'));
    // Like ./var in a checkout: traversable by the system user PostgreSQL runs as under root.
    await chmod(dataDir, 0o755);
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), DEMO_PASSWORD: 'demo passphrase 2026' };
    try {
      for (const which of ['on an empty DATA_DIR', 'again on the same data']) {
        const started = start(env);
        try {
          const elapsed = await untilReady(started, port, 2 * LIMIT_MS).catch((error: Error) => {
            throw new Error(`Starting ${which}: ${error.message}`);
          });
          process.stdout.write(`Ready ${which} after ${(elapsed / 1000).toFixed(1)} s\n`);
          expect(elapsed).toBeLessThan(LIMIT_MS);
        } finally {
          await started.stop();
        }
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
