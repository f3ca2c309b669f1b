import { Module } from '@nestjs/common';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_CONFIG, AppSecret, AuditService, Clock, Database, FakeClock } from '@academy/core';
import type { AppConfig } from '@academy/core';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule, LearningService } from '@academy/learning';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newUser } from '../../../../test/factories/users';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { newCertificateNumber } from '../issuance/certificate-number';
import { CredentialInput } from './credential';
import { IssuerKeyRepository } from './issuer-key.repository';
import { IssuerKeyErrorCode, IssuerKeys } from './issuer-keys';
import { OpenBadgeSigner } from './open-badge-signer';
import { exportSigningKey, generateSigningKey } from './signer';
import { SIGNING_PROVIDERS } from './index';
import { StatusLists } from './status-list';
import { CredentialVerifier } from './verify';

@Module({ providers: SIGNING_PROVIDERS, exports: SIGNING_PROVIDERS })
class SigningTestModule {}

const START = new Date('2026-11-22T09:00:00Z');
const DAY = 86_400_000;

/** The statements matching `pattern` that `work` sends, and what it answered. */
async function statementsMatching<T>(
  database: Database,
  pattern: RegExp,
  work: () => Promise<T>,
): Promise<{ statements: number; results: T[] }> {
  const logger = database.dataSource.logger;
  const original = logger.logQuery.bind(logger);
  let statements = 0;
  logger.logQuery = (query, parameters, queryRunner) => {
    if (pattern.test(query)) {
      statements += 1;
    }
    original(query, parameters, queryRunner);
  };
  try {
    const result = await work();
    return { statements, results: [result] };
  } finally {
    logger.logQuery = original;
  }
}

describe('issuer keys and status lists', () => {
  const clock = new FakeClock(START);
  let dataDir: string;
  let context: TestContext;
  let config: AppConfig;
  let course: { courseId: string; slug: string };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'academy-keys-'));
    context = await createTestContext([IdentityCoreModule, LearningCoreModule, SigningTestModule], {
      clock,
      env: { DATA_DIR: dataDir, PUBLIC_URL: 'https://academy.example' },
    });
    config = context.module.get<AppConfig>(APP_CONFIG);
    course = await newPublishedCourse(context.module);
  });

  afterAll(async () => {
    await context.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Another process: its own IssuerKeys over the same database, with its own configuration. */
  function otherProcess(overrides: Partial<AppConfig> = {}): IssuerKeys {
    const processConfig = { ...config, ...overrides };
    return new IssuerKeys(
      context.get(Database),
      context.get(IssuerKeyRepository),
      context.get(AuditService),
      context.module.get(Clock),
      new AppSecret(processConfig, context.get(Database)),
      processConfig,
    );
  }

  async function sealedColumn(): Promise<Map<string, string | null>> {
    const { rows } = await context
      .get(Database)
      .execute<{ did: string; sealed: string | null }>(
        `SELECT did, private_key_sealed AS sealed FROM issuer_key`,
      );
    return new Map(rows.map((row) => [row.did, row.sealed]));
  }

  async function keyFiles(dir = dataDir): Promise<string[]> {
    return (await readdir(join(dir, 'keys')).catch(() => [])).sort();
  }

  async function auditActions(): Promise<string[]> {
    const { rows } = await context
      .get(Database)
      .execute<{ action: string }>(
        `SELECT action FROM audit_event WHERE subject_type = 'issuer_key' ORDER BY id`,
      );
    return rows.map((row) => row.action);
  }

  it('creates the first key once, however many processes ask at the same time, its private half sealed in the database', async () => {
    const processes = [
      context.get(IssuerKeys),
      context.get(IssuerKeys),
      otherProcess(),
      otherProcess(),
      otherProcess(),
    ];
    const keys = await Promise.all(processes.map((keys) => keys.current()));

    expect(new Set(keys.map((key) => key.did)).size).toBe(1);
    const [key] = keys;
    expect(key!.did).toMatch(/^did:key:z6Mk/);
    const all = await context.get(IssuerKeys).all();
    expect(all).toEqual([
      expect.objectContaining({
        id: key!.id,
        did: key!.did,
        validFrom: START,
        validUntil: null,
        current: true,
      }),
    ]);
    // Nothing on the process's disk; in the database, only sealed.
    expect(await keyFiles()).toEqual([]);
    expect(JSON.stringify(all)).not.toContain('secretKeyMultibase');
    expect((await sealedColumn()).get(key!.did)).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await auditActions()).toEqual(['issuer_key.created']);
  });

  it('signs with the same key in a process with an empty DATA_DIR, and fails clearly with another APP_SECRET', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'academy-keys-other-'));
    try {
      const { did, id } = await context.get(IssuerKeys).current();
      const replica = await otherProcess({ dataDir: elsewhere }).current();
      expect(replica).toMatchObject({ did, id });
      expect(await keyFiles(elsewhere)).toEqual([]);
      await expect(
        otherProcess({ dataDir: elsewhere, appSecret: 'another-secret-of-at-least-32-characters' }).current(),
      ).rejects.toThrow('every process must be given the APP_SECRET it was sealed with');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('rotates: the old key stays listed with its end, and what it signed still verifies', async () => {
    const keys = context.get(IssuerKeys);
    const old = await keys.current();
    const credential = await signAndStore(await certificateInput());
    expect(credential.keyId).toBe(old.id);

    clock.advance(30 * DAY);
    const rotatedAt = clock.now();
    const { previous, current } = await keys.rotate();
    expect(previous).toMatchObject({ did: old.did, validUntil: rotatedAt, current: false });
    expect(current).toMatchObject({ validFrom: rotatedAt, validUntil: null, current: true });
    expect((await keys.current()).did).toBe(current.did);
    expect((await keys.all()).map((key) => [key.did, key.validUntil])).toEqual([
      [current.did, null],
      [old.did, rotatedAt],
    ]);
    expect(await auditActions()).toEqual(['issuer_key.created', 'issuer_key.rotated']);
    // Other processes sign with the new key at once.
    expect((await otherProcess().current()).did).toBe(current.did);

    clock.advance(DAY);
    expect(await context.get(CredentialVerifier).verify(credential.credential)).toEqual({
      verified: true,
      problems: [],
      codes: [],
      issuerDid: 'did:web:academy.example',
    });
    const fresh = await signAndStore(await certificateInput());
    expect(fresh.issuerDid).toBe('did:web:academy.example');
    expect(fresh.credential.proof[0]!.verificationMethod).toBe(
      `did:web:academy.example#${current.publicKeyMultibase}`,
    );
    // Verifying reads the issuer's keys once: the DID document is built from the same rows (the
    // status list's own key, read by id, aside).
    const keyReads = await statementsMatching(context.get(Database), /FROM issuer_key ORDER BY/, () =>
      context.get(CredentialVerifier).verify(fresh.credential),
    );
    expect(keyReads.results).toEqual([expect.objectContaining({ verified: true })]);
    expect(keyReads.statements).toBe(1);
    // The DID document names both keys; both may assert (what each signed counts).
    const document = await keys.didDocument();
    expect(document.verificationMethod.map((method) => method.publicKeyMultibase)).toEqual([
      current.publicKeyMultibase,
      old.publicKeyMultibase,
    ]);
    expect(document.assertionMethod).toHaveLength(2);
  });

  it('revokes a key: recorded in the DID document and the audit, and what it signed fails', async () => {
    const keys = context.get(IssuerKeys);
    const credential = await signAndStore(await certificateInput());
    const signedBy = (await keys.current()).id;
    clock.advance(DAY);
    // Revoking the current key rotates first: there is always a key to sign with.
    const { revoked, current } = await keys.revoke(signedBy, 'Private key exposed in a backup');
    expect(revoked).toMatchObject({
      id: signedBy,
      revokedAt: clock.now(),
      revocationReason: 'Private key exposed in a backup',
    });
    expect(current.id).not.toBe(signedBy);
    expect(current.current).toBe(true);
    const document = await keys.didDocument();
    const method = document.verificationMethod.find(
      (candidate) => candidate.publicKeyMultibase === revoked.publicKeyMultibase,
    );
    expect(method?.revoked).toBe(clock.now().toISOString().replace('.000Z', 'Z'));
    expect(document.assertionMethod).not.toContain(method!.id);
    expect((await auditActions()).slice(-2)).toEqual(['issuer_key.rotated', 'issuer_key.revoked']);
    expect((await context.get(CredentialVerifier).verify(credential.credential)).codes).toEqual([
      'key_revoked',
    ]);
    await expect(keys.revoke(signedBy, 'Again')).rejects.toMatchObject({
      code: IssuerKeyErrorCode.KEY_ALREADY_REVOKED,
    });
    await expect(keys.revoke('6f1c1a52-3d4e-4b8a-9c1f-0a7b2c3d4e5f', 'Unknown')).rejects.toMatchObject({
      code: IssuerKeyErrorCode.KEY_NOT_FOUND,
    });
  });

  it('runs concurrent rotations one after the other, always leaving exactly one current key', async () => {
    const before = (await context.get(IssuerKeys).all()).length;
    await Promise.all([context.get(IssuerKeys).rotate(), otherProcess().rotate()]);
    const all = await context.get(IssuerKeys).all();
    expect(all).toHaveLength(before + 2);
    expect(all.filter((key) => key.current)).toHaveLength(1);
    const sealed = await sealedColumn();
    expect(all.every((key) => sealed.get(key.did) !== null)).toBe(true);
  });

  it('never stores or records a private key in the clear', async () => {
    const keys = context.get(IssuerKeys);
    const secrets = await Promise.all(
      (await keys.all()).map(
        async ({ id }) => (await exportSigningKey((await keys.signingKeyById(id))!)).secretKeyMultibase!,
      ),
    );
    expect(secrets.length).toBeGreaterThan(1);
    const { rows } = await context.get(Database).execute<{ row: string }>(
      `SELECT row_to_json(k)::text AS row FROM issuer_key k
       UNION ALL SELECT row_to_json(a)::text FROM audit_event a
       UNION ALL SELECT row_to_json(s)::text FROM status_list s`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(rows.filter((row) => row.row.includes(secret) || row.row.includes(secret.slice(1, 20)))).toEqual(
        [],
      );
    }
  });

  it('uses a key given by ISSUER_KEY_FILE, and rotates to it only on an admin rotation', async () => {
    const given = await generateSigningKey();
    const file = join(dataDir, 'given-key.json');
    await writeFile(file, JSON.stringify(await exportSigningKey(given)), { mode: 0o600 });
    const pinned = otherProcess({ issuerKeyFile: file });

    // Until an admin rotates to it, a process given another key than the current one refuses to sign.
    await expect(pinned.current()).rejects.toThrow(/ISSUER_KEY_FILE .* holds did:key:/);
    const { current } = await pinned.rotate();
    expect(current.did).toBe(given.did);
    expect((await pinned.current()).did).toBe(given.did);
    await expect(pinned.rotate()).rejects.toMatchObject({ code: IssuerKeyErrorCode.KEY_PINNED_BY_CONFIG });
    const follower = otherProcess({ issuerKeyFile: file });
    expect((await follower.current()).did).toBe(given.did);

    // Rotating a configured key: a new key in the file, then a rotation; other processes follow.
    const next = await generateSigningKey();
    await writeFile(file, JSON.stringify(await exportSigningKey(next)), { mode: 0o600 });
    expect((await pinned.rotate()).current.did).toBe(next.did);
    expect((await follower.current()).did).toBe(next.did);
    // Its private key stays where the operator put it: the database holds none of it.
    expect((await sealedColumn()).get(given.did)).toBeNull();
    expect(await keyFiles()).toEqual([]);
    // Back to generated keys: the given key, once retired, never signs again.
    const generated = (await context.get(IssuerKeys).rotate()).current;
    await expect(pinned.current()).rejects.toThrow(/holds did:key:/);
    await expect(pinned.rotate()).rejects.toThrow('was retired before');
    expect((await context.get(IssuerKeys).current()).did).toBe(generated.did);
  });

  it('imports the private key an older installation kept in DATA_DIR, once, and then signs with it anywhere', async () => {
    // What an installation from before kept: the public half in the table, the private half on disk.
    const old = await generateSigningKey();
    const repository = context.get(IssuerKeyRepository);
    const record = await context.get(Database).withTransaction(async () => {
      await repository.retireCurrent(clock.now());
      return repository.insertCurrent({
        did: old.did,
        publicKeyMultibase: old.publicKeyMultibase,
        validFrom: clock.now(),
        privateKeySealed: null,
      });
    });
    const oldDataDir = await mkdtemp(join(tmpdir(), 'academy-keys-old-'));
    const empty = await mkdtemp(join(tmpdir(), 'academy-keys-new-'));
    try {
      await expect(otherProcess({ dataDir: empty }).current()).rejects.toThrow(/is not in the database/);
      await mkdir(join(oldDataDir, 'keys'));
      await writeFile(
        join(oldDataDir, 'keys', `issuer-${old.did.slice('did:key:'.length)}.json`),
        JSON.stringify(await exportSigningKey(old)),
        { mode: 0o600 },
      );
      const importing = otherProcess({ dataDir: oldDataDir });
      const [first, second] = await Promise.all([
        importing.importFromDataDir(),
        importing.importFromDataDir(),
      ]);
      expect(first + second).toBe(1);
      expect(await importing.importFromDataDir()).toBe(0);
      expect(await otherProcess({ dataDir: empty }).current()).toMatchObject({
        id: record!.id,
        did: old.did,
      });
      expect((await auditActions()).filter((action) => action === 'issuer_key.imported')).toHaveLength(1);
    } finally {
      await rm(oldDataDir, { recursive: true, force: true });
      await rm(empty, { recursive: true, force: true });
    }
  });

  describe('status lists', () => {
    it('are signed once per change, and a revocation or suspension shows at once', async () => {
      const lists = context.get(StatusLists);
      const verifier = context.get(CredentialVerifier);
      const input = await certificateInput();
      const { credential, keyId } = await signAndStore(input);
      expect((await verifier.verify(credential)).verified).toBe(true);

      const first = await lists.credentialFor('standing', keyId, 0);
      expect(first).toMatchObject({
        issuer: context.get(IssuerKeys).did,
        credentialSubject: { statusPurpose: 'suspension' },
      });
      const firstRevocation = await lists.credentialFor('revocation', keyId, 0);
      clock.advance(60_000);
      expect(await lists.credentialFor('standing', keyId, 0)).toEqual(first);
      expect(await lists.credentialFor('standing', keyId, 1)).toBeNull();

      await setStatus(input.certificateId, 'suspended', 'valid');
      // One entry says "revoked or suspended"; the verification page says which.
      expect(await verifier.verify(credential)).toMatchObject({ verified: false, codes: ['withdrawn'] });
      const suspended = await lists.credentialFor('standing', keyId, 0);
      expect(suspended!.proof!.created).not.toBe(first!.proof!.created);
      // The revocation list of did:key credentials did not change.
      expect(await lists.credentialFor('revocation', keyId, 0)).toEqual(firstRevocation);

      await setStatus(input.certificateId, 'revoked', 'suspended');
      expect((await verifier.verify(credential)).codes).toEqual(['withdrawn']);
      // Still not in good standing: the standing list is not signed again.
      expect(await lists.credentialFor('standing', keyId, 0)).toEqual(suspended);
      expect((await lists.credentialFor('revocation', keyId, 0))!.proof!.created).not.toBe(
        firstRevocation!.proof!.created,
      );
    });
  });

  /** Signs a certificate's credential and stores it with the key that signed it, as issuance does. */
  async function signAndStore(input: CredentialInput) {
    const signed = await context.get(OpenBadgeSigner).signCredential(input);
    const db = context.get(Database);
    await db.withTransaction(async () => {
      await db.execute(`UPDATE certificate SET credential = $2, issuer_key_id = $3 WHERE id = $1`, [
        input.certificateId,
        JSON.stringify(signed.credential),
        signed.keyId,
      ]);
      await context.get(StatusLists).signedBy(input.certificateId, input.statusIndex, signed.keyId);
    });
    return signed;
  }

  /** A certificate row (as issuance stores it) and its credential input. */
  async function certificateInput(): Promise<CredentialInput> {
    const learner = await newUser(context.module, { fullName: 'Dr. Ana Ferreira' });
    const enrolment = await enrolReady(context.module, learner.id, course.slug);
    const { course: version } = await context.get(LearningService).enrolmentFor(learner.id, course.slug);
    const number = newCertificateNumber();
    const { rows } = await context.get(Database).execute<{ id: string; statusIndex: number }>(
      `INSERT INTO certificate (number, enrolment_id, user_id, holder_name, course_id, course_version_id,
         course_title, course_version, content_hash, credits, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, status_index AS "statusIndex"`,
      [
        number,
        enrolment.id,
        learner.id,
        'Dr. Ana Ferreira',
        course.courseId,
        version.versionId,
        version.content.title,
        version.number,
        version.contentHash,
        JSON.stringify([{ type: 'AMA PRA Category 1 Credit™', amount: 2 }]),
        clock.now(),
      ],
    );
    return {
      certificateId: rows[0]!.id,
      number,
      holderName: 'Dr. Ana Ferreira',
      courseTitle: version.content.title,
      courseVersion: version.number,
      contentHash: version.contentHash,
      credits: [{ type: 'AMA PRA Category 1 Credit™', amount: 2 }],
      issuedAt: clock.now(),
      expiresAt: null,
      statusIndex: rows[0]!.statusIndex,
      publicUrl: config.publicUrl,
      academyName: 'Regen Academy',
      verifyUrl: `${config.publicUrl}/verify/${number}`,
    };
  }

  /** Changes a certificate's status as the revocation service does: with the lists, in one transaction. */
  async function setStatus(
    id: string,
    to: 'revoked' | 'suspended',
    from: 'valid' | 'suspended',
  ): Promise<void> {
    const db = context.get(Database);
    await db.withTransaction(async () => {
      const { rows } = await db.execute<{ statusIndex: number }>(
        `UPDATE certificate SET status = $2, status_reason = 'other', status_changed_at = $3 WHERE id = $1
         RETURNING status_index AS "statusIndex"`,
        [id, to, clock.now()],
      );
      await context.get(StatusLists).statusChanged(rows[0]!.statusIndex, from, to);
    });
  }
});
