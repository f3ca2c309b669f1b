import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, PROJECT_ROOT } from '@academy/core';
import { start, untilReady } from '../support/app-process';

const PASSWORD = 'a demo password for the drill';
const APP_SECRET = 'the application secret kept apart from backups';

/** `npm run ledger:verify` against the embedded database of `dataDir` (it shares a running server). */
function ledgerVerify(dataDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(PROJECT_ROOT, 'dist/apps/api/src/ledger-verify.js')],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'warn' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

/**
 * The README's restore drill on the embedded database: back up a stopped server's data, restore
 * it into an empty DATA_DIR, start there with the same APP_SECRET, and check that the ledger
 * verifies and a certificate issued before the backup still verifies.
 */
describe('the backup and restore drill', () => {
  const dirs: string[] = [];

  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('restores into an empty data directory with the ledger intact and certificates verifying', async () => {
    const original = await mkdtemp(join(tmpdir(), 'academy-original-'));
    const backup = await mkdtemp(join(tmpdir(), 'academy-backup-'));
    const restored = await mkdtemp(join(tmpdir(), 'academy-restored-'));
    dirs.push(original, backup, restored);
    // Like ./var in a checkout: traversable by the system user PostgreSQL runs as under root.
    await Promise.all([original, backup, restored].map((dir) => chmod(dir, 0o755)));
    const env = { DEMO_PASSWORD: PASSWORD, APP_SECRET };

    // The academy as it was: the demo's certified physician holds a certificate.
    let port = await freePort();
    const before = start({ ...env, DATA_DIR: original, PORT: String(port) });
    let number: string;
    let ledgerBefore: string;
    let token: string;
    let credentialBefore: unknown;
    try {
      await untilReady(before, port, 120_000);
      const base = `http://127.0.0.1:${port}`;
      token = (
        (await (
          await fetch(`${base}/api/v1/auth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'certified@demo.regen.academy', password: PASSWORD }),
          })
        ).json()) as { accessToken: string }
      ).accessToken;
      const mine = (await (
        await fetch(`${base}/api/v1/me/certificates`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { items: { number: string }[] };
      number = mine.items[0]!.number;
      credentialBefore = await (
        await fetch(`${base}/api/v1/certificates/${number}/credential`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
      const verified = await ledgerVerify(original);
      expect(verified.code).toBe(0);
      ledgerBefore = verified.output.trim();
    } finally {
      await before.stop();
    }

    // Backup (the stopped server's files), then restore into an empty directory.
    // `cp -a` keeps owners and modes, as a backup of a server's files must.
    const copy = (from: string, to: string) => promisify(execFile)('cp', ['-a', from, to]);
    await copy(join(original, 'postgres'), join(backup, 'postgres'));
    await rm(original, { recursive: true, force: true });
    await copy(join(backup, 'postgres'), join(restored, 'postgres'));

    port = await freePort();
    const after = start({ ...env, DATA_DIR: restored, PORT: String(port), SEED_DEMO: 'false' });
    try {
      await untilReady(after, port, 120_000);
      const verified = await ledgerVerify(restored);
      expect(verified.code).toBe(0);
      // The same chain, up to the same head.
      expect(verified.output.trim()).toBe(ledgerBefore);
      expect(ledgerBefore).toMatch(/^OK: \d+ entries, head [0-9a-f]+/);
      const answer = await fetch(`http://127.0.0.1:${port}/api/v1/verify/${number}`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ status: 'valid', number, holderName: expect.any(String) });
      // The holder's signed credential and PDF are there as they were (the session too: it is data).
      const holder = { headers: { authorization: `Bearer ${token}` } };
      const credential = await fetch(
        `http://127.0.0.1:${port}/api/v1/certificates/${number}/credential`,
        holder,
      );
      expect(credential.status).toBe(200);
      expect(await credential.json()).toEqual(credentialBefore);
      const pdf = await fetch(`http://127.0.0.1:${port}/api/v1/certificates/${number}/pdf`, holder);
      expect(pdf.status).toBe(200);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    } finally {
      await after.stop();
    }
  }, 300_000);
});
