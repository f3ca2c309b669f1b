import type { RemoteDocument } from '@digitalbazaar/vc';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { documentLoader } from '@academy/certificates';
import { freePort, PROJECT_ROOT } from '@academy/core';
import { completedCourse } from '../factories/completion';
import { bearerToken, newUser } from '../factories/users';
import { start, untilReady } from '../support/app-process';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

const VERIFY_SCRIPT = join(PROJECT_ROOT, 'dist/apps/api/src/ledger-verify.js');

interface Checkpoint {
  id: string;
  entryCount: number;
  headHash: string;
  reason: string;
  keyDid: string;
  credential: Record<string, unknown> & { issuer: string };
}

interface Entry {
  seq: number;
  occurredAt: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  actor: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** An outsider's own RFC 8785 (JCS) and SHA-256: nothing of the academy's code. */
function jcs(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(jcs).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${jcs(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function hashOf(entry: Entry): string {
  // Every member but the hash itself.
  const hashed = { ...entry } as Partial<Entry>;
  delete hashed.hash;
  return createHash('sha256').update(jcs(hashed), 'utf8').digest('hex');
}

/** Runs `npm run ledger:verify`'s built script; answers its exit code and output. */
function ledgerVerify(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [VERIFY_SCRIPT, ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the tamper-evident ledger over HTTP and from the command line', () => {
  let testApp: TestApp;
  let dataDir: string;
  let admin: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(VERIFY_SCRIPT)) {
      throw new Error(`${VERIFY_SCRIPT} is missing: run npm run build first (npm test does)`);
    }
    dataDir = await mkdtemp(join(tmpdir(), 'academy-ledger-e2e-'));
    testApp = await createTestApp({ env: { DATA_DIR: dataDir } });
    const user = await newUser(testApp.app, { roles: ['admin'] });
    admin = { authorization: `Bearer ${await bearerToken(testApp.app, user)}` };
  });

  afterAll(async () => {
    await testApp.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function call(method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) {
    return testApp.app.inject({ method, url, headers });
  }

  async function allEntries(): Promise<Entry[]> {
    const entries: Entry[] = [];
    for (let after = 0; ;) {
      const page = (await call('GET', `/api/v1/admin/ledger/entries?after=${after}&limit=1000`, admin)).json<{
        items: Entry[];
      }>();
      entries.push(...page.items);
      if (page.items.length < 1000) {
        return entries;
      }
      after = page.items[page.items.length - 1]!.seq;
    }
  }

  it('publishes checkpoints that verify with a key of GET /issuer, and proves an old one against today’s chain', async () => {
    await completedCourse(testApp.app);
    const made = await call('POST', '/api/v1/admin/ledger/checkpoints', admin);
    expect(made.statusCode).toBe(201);
    const old = made.json<Checkpoint>();

    // The history goes on, under a new key.
    await completedCourse(testApp.app);
    expect((await call('POST', '/api/v1/admin/issuer/keys/rotate', admin)).statusCode).toBe(200);
    const latest = (await call('POST', '/api/v1/admin/ledger/checkpoints', admin)).json<Checkpoint>();
    expect(latest.keyDid).not.toBe(old.keyDid);

    // Anyone reads them, newest first.
    const published = await call('GET', '/ledger/checkpoints?limit=10');
    expect(published.statusCode).toBe(200);
    const list = published.json<{ items: Checkpoint[]; total: number }>();
    expect(list.total).toBe(2);
    expect(list.items.map((item) => item.id)).toEqual([latest.id, old.id]);
    expect(
      (await call('GET', '/ledger/checkpoints?limit=1&offset=1')).json<{ items: Checkpoint[] }>().items,
    ).toEqual([expect.objectContaining({ id: old.id })]);

    // Their signatures check out with the standard VC library, with only the keys /issuer lists.
    const issuerKeys = (await call('GET', '/issuer'))
      .json<{ keys: { id: string }[] }>()
      .keys.map((key) => key.id);
    const [vc, dataIntegrity, eddsa] = await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    ]);
    const onlyIssuerKeys = async (url: string): Promise<RemoteDocument> => {
      if (url.startsWith('did:') && !issuerKeys.includes(url.split('#')[0]!)) {
        throw new Error(`${url} is not a key the academy publishes`);
      }
      return documentLoader(url);
    };
    const verify = (credential: Record<string, unknown>) =>
      vc.verifyCredential({
        credential: structuredClone(credential),
        suite: new dataIntegrity.DataIntegrityProof({ cryptosuite: eddsa.cryptosuite }),
        documentLoader: onlyIssuerKeys,
      });
    for (const checkpoint of list.items) {
      expect(issuerKeys).toContain(checkpoint.credential.issuer);
      const result = await verify(checkpoint.credential);
      expect(result.error).toBeUndefined();
      expect(result.verified).toBe(true);
      expect(checkpoint.credential.credentialSubject).toMatchObject({
        entryCount: checkpoint.entryCount,
        headHash: checkpoint.headHash,
      });
    }
    const forged = structuredClone(old.credential) as unknown as {
      credentialSubject: { entryCount: number };
    };
    forged.credentialSubject.entryCount += 1;
    expect((await verify(forged as unknown as Record<string, unknown>)).verified).toBe(false);

    // The proof an outsider makes: recompute the chain from entry 1; the old checkpoint's head
    // is on it, and the latest checkpoint extends it.
    const entries = await allEntries();
    expect(entries.length).toBe(latest.entryCount);
    let prevHash = '0'.repeat(64);
    entries.forEach((entry, index) => {
      expect(entry.seq).toBe(index + 1);
      expect(entry.prevHash).toBe(prevHash);
      expect(hashOf(entry)).toBe(entry.hash);
      prevHash = entry.hash;
    });
    expect(old.entryCount).toBeGreaterThan(0);
    expect(old.entryCount).toBeLessThan(latest.entryCount);
    expect(entries[old.entryCount - 1]!.hash).toBe(old.headHash);
    expect(entries[latest.entryCount - 1]!.hash).toBe(latest.headHash);
    expect(entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['certificate.issued', 'issuer_key.rotated']),
    );

    const verification = (await call('GET', '/api/v1/admin/ledger/verify', admin)).json<
      Record<string, unknown>
    >();
    expect(verification).toMatchObject({
      ok: true,
      count: latest.entryCount,
      headHash: latest.headHash,
      firstBreak: null,
      checkpoints: { checked: 2, problems: [] },
    });
  });

  it('shows admins the check and makes a checkpoint from the page', async () => {
    const session = new BrowserSession(testApp.app);
    await session.signIn(await newUser(testApp.app, { roles: ['admin'] }));
    const page = await session.request('GET', '/admin/ledger');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Intact.');
    const before = (await call('GET', '/ledger/checkpoints')).json<{ total: number }>().total;
    const made = await session.submit('/admin/ledger/checkpoints');
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toBe('/admin/ledger?notice=checkpoint');
    expect((await call('GET', '/ledger/checkpoints')).json<{ total: number }>().total).toBe(before + 1);
    expect((await session.request('GET', '/admin/ledger?notice=checkpoint')).body).toContain(
      'Checkpoint made',
    );
    // The public list answers errors as JSON, like the rest of the issuer's documents.
    const bad = await call('GET', '/ledger/checkpoints?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/json/);
  });

  it('npm run ledger:verify prints OK, then names the entry altered behind the application’s back and exits 1', async () => {
    const env = { DATABASE_URL: testApp.databaseUrl, DATA_DIR: dataDir };
    const intact = await ledgerVerify(env);
    const head = (await call('GET', '/api/v1/admin/ledger/entries?after=0&limit=1', admin)).json<{
      head: { count: number; hash: string };
    }>().head;
    expect(intact.stderr).toBe('');
    expect(intact.stdout).toContain(`OK: ${head.count} entries, head ${head.hash}`);
    expect(intact.code).toBe(0);

    const target = (await allEntries()).find((entry) => entry.action === 'credit.claimed')!;
    const owner = new Client({ connectionString: testApp.databaseUrl });
    await owner.connect();
    try {
      await owner.query('ALTER TABLE ledger_entry DISABLE TRIGGER USER');
      await owner.query(
        `UPDATE ledger_entry SET details = jsonb_set(details, '{amount}', '40') WHERE seq = $1`,
        [target.seq],
      );
      await owner.query('ALTER TABLE ledger_entry ENABLE TRIGGER USER');

      const broken = await ledgerVerify(env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`BROKEN at entry ${target.seq} (hash_mismatch)`);
      expect(broken.stdout).toContain(`Entries 1 to ${target.seq - 1} are intact`);
      const json = await ledgerVerify(env, ['--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: false,
        firstBreak: { seq: target.seq, reason: 'hash_mismatch' },
      });
      expect(
        (await call('GET', '/api/v1/admin/ledger/verify', admin)).json<{ firstBreak: { seq: number } }>()
          .firstBreak.seq,
      ).toBe(target.seq);
    } finally {
      await owner.query('ALTER TABLE ledger_entry DISABLE TRIGGER USER');
      await owner.query('UPDATE ledger_entry SET details = $2::jsonb WHERE seq = $1', [
        target.seq,
        JSON.stringify(target.details),
      ]);
      await owner.query('ALTER TABLE ledger_entry ENABLE TRIGGER USER');
      await owner.end();
    }
    expect((await ledgerVerify(env)).code).toBe(0);
  }, 60_000);

  it('npm run ledger:verify works on the embedded database, beside a running platform and on its own', async () => {
    const embeddedDir = await mkdtemp(join(tmpdir(), 'academy-ledger-embedded-'));
    await chmod(embeddedDir, 0o755);
    const port = await freePort();
    const env = { DATA_DIR: embeddedDir, PORT: String(port), DEMO_PASSWORD: 'demo passphrase 2026' };
    try {
      const platform = start(env);
      try {
        await untilReady(platform, port, 60_000);
        // The demo seed ends with a signed checkpoint.
        const seeded = (await (await fetch(`http://127.0.0.1:${port}/ledger/checkpoints`)).json()) as {
          items: Checkpoint[];
        };
        expect(seeded.items[0]).toMatchObject({ reason: 'demo_seed' });
        expect(seeded.items[0]!.entryCount).toBeGreaterThan(10);

        const beside = await ledgerVerify({ DATA_DIR: embeddedDir });
        expect(beside.stdout).toContain(`OK: ${seeded.items[0]!.entryCount} entries`);
        expect(beside.code).toBe(0);
        // The platform's database was shared, not stopped.
        expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
      } finally {
        await platform.stop();
      }
      const alone = await ledgerVerify({ DATA_DIR: embeddedDir });
      expect(alone.stdout).toMatch(/^OK: \d+ entries/);
      expect(alone.code).toBe(0);
    } finally {
      await rm(embeddedDir, { recursive: true, force: true });
    }
  }, 120_000);
});
