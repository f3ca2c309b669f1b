import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ALWAYS,
  AuditService,
  Database,
  FakeClock,
  LEDGER_GENESIS_HASH,
  ledgerEntryHash,
  ledgerTimestamp,
  SqlBuilder,
  SqlExpression,
} from '@academy/core';
import { IssuerKeys } from '@academy/certificates';
import { AssessmentCoreModule, AttemptsService } from '@academy/assessment';
import { SkillsLabCoreModule } from '@academy/skills-lab';
import { completedCourse } from '../../../../test/factories/completion';
import { sampleContent } from '../../../../test/factories/course-content';
import { newPublishedCourse } from '../../../../test/factories/courses';
import { enrolReady } from '../../../../test/factories/enrolments';
import { newQuestionBank } from '../../../../test/factories/questions';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { AccreditationCoreModule } from '../accreditation.module';
import { LedgerService } from './ledger.service';

interface Row {
  seq: string;
  action: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

describe('the tamper-evident ledger', () => {
  const clock = new FakeClock(new Date('2026-11-22T09:00:00Z'));
  let dataDir: string;
  let context: TestContext;
  let db: Database;
  let audit: AuditService;
  let ledger: LedgerService;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'academy-ledger-'));
    context = await createTestContext([SkillsLabCoreModule, AssessmentCoreModule, AccreditationCoreModule], {
      clock,
      env: { DATA_DIR: dataDir, PUBLIC_URL: 'https://academy.example' },
    });
    db = context.get(Database);
    audit = context.get(AuditService);
    ledger = context.get(LedgerService);
  });

  afterAll(async () => {
    await context.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function rows(): Promise<Row[]> {
    return (
      await db.execute<Row>('SELECT seq, action, details, prev_hash, hash FROM ledger_entry ORDER BY seq')
    ).rows;
  }

  /** As the database owner, behind the application's back: with the table's triggers off. */
  async function behindTheBack(sql: string, parameters: unknown[] = []): Promise<void> {
    await db.withTransaction(async () => {
      await db.execute('ALTER TABLE ledger_entry DISABLE TRIGGER USER');
      await db.execute(sql, parameters);
      await db.execute('ALTER TABLE ledger_entry ENABLE TRIGGER USER');
    });
  }

  it('chains every accreditation event of a completed course, and only those, in order', async () => {
    const { certificate, userId } = await completedCourse(context.module);
    // And a quiz taken the way a learner takes one.
    const course = await newPublishedCourse(context.module);
    const moduleId = sampleContent().modules[0]!.id;
    await newQuestionBank(context.module, course.courseId, moduleId);
    await enrolReady(context.module, userId, course.slug);
    const attempts = context.get(AttemptsService);
    const { attemptId } = await attempts.start(userId, course.slug, moduleId);
    await attempts.submit(userId, attemptId, {});
    const actions = (await rows()).map((row) => row.action);
    for (const action of [
      'course.published',
      'enrolment.created',
      'quiz.attempt_graded',
      'lab_attendance.recorded',
      'lab_checklist.signed',
      'credit.claimed',
      'certificate.issued',
    ]) {
      expect(actions).toContain(action);
    }
    // The audit trail has more; the ledger only what matters for accreditation.
    expect(actions).not.toContain('lab_booking.confirmed');
    expect(actions).not.toContain('lab_checklist.step_recorded');
    expect(actions[actions.length - 1]).toBe('quiz.attempt_graded');
    const issued = (await rows()).find((row) => row.action === 'certificate.issued')!;
    expect(issued.details).toMatchObject({ number: certificate.number });

    const verification = await ledger.verify();
    expect(verification).toMatchObject({ ok: true, count: actions.length, firstBreak: null });
    expect(verification.headHash).toBe((await rows()).at(-1)!.hash);
  });

  it('appends in the transaction of the change: a rolled-back change leaves no entry and no gap', async () => {
    const before = await rows();
    await expect(
      db.withTransaction(async () => {
        await audit.record({ action: 'certificate.revoked', subjectType: 'certificate', subjectId: 'x' });
        throw new Error('the change fails after recording');
      }),
    ).rejects.toThrow('the change fails');
    expect(await rows()).toEqual(before);
    // Outside any transaction, the event gets one of its own.
    await audit.record({ action: 'certificate.suspended', subjectType: 'certificate', subjectId: 'y' });
    const after = await rows();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ action: 'certificate.suspended', prev_hash: before.at(-1)!.hash });
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('takes a ledger action recorded in a statement part only when the statement made its change', async () => {
    const record = { action: 'certificate.revoked', subjectType: 'certificate', subjectId: 'part' };
    expect(() => audit.recordPart('audit', ALWAYS, record)).toThrow(/inside the transaction/);
    const events = async () =>
      (await db.execute(`SELECT id FROM audit_event WHERE subject_id = 'part'`)).rows.length;
    const before = await rows();
    for (const changed of [false, true]) {
      await db.withTransaction(async () => {
        const { part, recorded } = audit.recordPart(
          'audit',
          new SqlExpression('EXISTS (SELECT 1 FROM change)'),
          record,
        );
        const sql = new SqlBuilder();
        await db.execute(
          `WITH change AS (SELECT 1 WHERE ${sql.value(changed)}::boolean), ${sql.part(part)} SELECT 1`,
          sql.parameters,
        );
        if (changed) {
          recorded();
        }
      });
      expect({ changed, events: await events(), entries: (await rows()).length - before.length }).toEqual({
        changed,
        events: changed ? 1 : 0,
        entries: changed ? 1 : 0,
      });
    }
    expect((await rows()).at(-1)).toMatchObject({
      action: 'certificate.revoked',
      prev_hash: before.at(-1)!.hash,
    });
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of entries and checkpoints, and an insert that forks the chain', async () => {
    await ledger.makeCheckpoint('admin');
    const refused = /append-only/;
    await expect(db.execute(`UPDATE ledger_entry SET details = '{}' WHERE seq = 1`)).rejects.toThrow(refused);
    await expect(db.execute(`DELETE FROM ledger_entry WHERE seq = 1`)).rejects.toThrow(refused);
    await expect(db.execute(`TRUNCATE ledger_entry`)).rejects.toThrow(refused);
    await expect(db.execute(`UPDATE ledger_checkpoint SET entry_count = 0`)).rejects.toThrow(refused);
    await expect(db.execute(`DELETE FROM ledger_checkpoint`)).rejects.toThrow(refused);
    await expect(db.execute(`TRUNCATE ledger_checkpoint`)).rejects.toThrow(refused);
    // A second entry after entry 1 (a fork), or one past the head (a gap), is refused too.
    const [first] = await rows();
    const fork = `INSERT INTO ledger_entry (seq, occurred_at, action, details, prev_hash, hash)
                  VALUES ($1, now(), 'certificate.issued', '{}', $2, $3)`;
    await expect(db.execute(fork, [2, first!.hash, 'f'.repeat(64)])).rejects.toThrow(
      /does not extend the head/,
    );
    const count = (await rows()).length;
    await expect(db.execute(fork, [count + 2, (await rows()).at(-1)!.hash, 'e'.repeat(64)])).rejects.toThrow(
      /does not extend the head/,
    );
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('forms one unbroken chain from many concurrent appends', async () => {
    const before = (await rows()).length;
    const writers = Array.from({ length: 60 }, (_, index) =>
      db.withTransaction(async () => {
        await audit.record({ action: 'credit.claimed', subjectType: 'enrolment', subjectId: `e${index}` });
        // Some changes record two events; some roll back.
        if (index % 3 === 0) {
          await audit.record({
            action: 'certificate.issued',
            subjectType: 'certificate',
            subjectId: `c${index}`,
          });
        }
        if (index % 7 === 0) {
          throw new Error('rolled back');
        }
      }),
    );
    const results = await Promise.allSettled(writers);
    const committed = results.filter((result) => result.status === 'fulfilled').length;
    const twice = Array.from({ length: 60 }, (_, index) => index).filter(
      (index) => index % 3 === 0 && index % 7 !== 0,
    ).length;
    const after = await rows();
    expect(after).toHaveLength(before + committed + twice);
    expect(after.map((row) => Number(row.seq))).toEqual(after.map((_, index) => index + 1));
    expect(new Set(after.map((row) => row.prev_hash)).size).toBe(after.length);
    expect(await ledger.verify()).toMatchObject({ ok: true, count: after.length, firstBreak: null });
  });

  it('stamps entries when they are recorded, whatever the application’s clock says, and names a back-dated one', async () => {
    // The application's clock weeks behind (as a seeded history's is): the entry is stamped now,
    // in order, and says when its event happened in its content.
    clock.set(new Date('2026-09-01T08:00:00Z'));
    const before = Date.now();
    try {
      await audit.record({ action: 'certificate.revoked', subjectType: 'certificate', subjectId: 'z' });
    } finally {
      clock.set(new Date('2026-11-22T09:00:00Z'));
    }
    const stamped = await db.execute<{
      seq: string;
      at: Date;
      previous: Date;
      details: Record<string, unknown>;
    }>(
      `SELECT seq, occurred_at AS at, lag(occurred_at) OVER (ORDER BY seq) AS previous, details
         FROM ledger_entry ORDER BY seq DESC LIMIT 1`,
    );
    const last = stamped.rows[0]!;
    expect(Math.abs(last.at.getTime() - before)).toBeLessThan(5_000);
    expect(last.at.getTime()).toBeGreaterThanOrEqual(last.previous.getTime());
    expect(last.details).toMatchObject({ eventAt: '2026-09-01T08:00:00.000000Z' });

    // The database refuses an entry stamped before the head…
    const head = (await rows()).at(-1)!;
    await expect(
      db.execute(
        `INSERT INTO ledger_entry (seq, occurred_at, action, details, prev_hash, hash)
         VALUES ($1, $2::timestamptz - interval '1 second', 'certificate.issued', '{}', $3, $4)`,
        [Number(head.seq) + 1, last.at, head.hash, 'd'.repeat(64)],
      ),
    ).rejects.toThrow(/earlier than entry/);
    // …and the check names one written behind its back, even with a hash that matches.
    const seq = Number(last.seq);
    const original = await db.execute<{ json: string }>(
      'SELECT row_to_json(entry)::text AS json FROM ledger_entry entry WHERE seq = $1',
      [seq],
    );
    const fields = (
      await db.execute<{ subject_type: string; subject_id: string; actor: string | null }>(
        'SELECT subject_type, subject_id, actor::text AS actor FROM ledger_entry WHERE seq = $1',
        [seq],
      )
    ).rows[0]!;
    const backDated = {
      seq,
      occurredAt: ledgerTimestamp(new Date(last.previous.getTime() - 60_000)),
      action: head.action,
      subjectType: fields.subject_type,
      subjectId: fields.subject_id,
      actor: fields.actor,
      details: head.details,
      prevHash: head.prev_hash,
    };
    await behindTheBack('UPDATE ledger_entry SET occurred_at = $2::timestamptz, hash = $3 WHERE seq = $1', [
      seq,
      backDated.occurredAt,
      ledgerEntryHash(backDated),
    ]);
    try {
      const verification = await ledger.verify();
      expect(verification.firstBreak).toMatchObject({ seq, reason: 'time_inversion' });
      expect(verification.firstBreak!.message).toContain(`Entry ${seq}`);
    } finally {
      await behindTheBack('DELETE FROM ledger_entry WHERE seq = $1', [seq]);
      await behindTheBack(
        'INSERT INTO ledger_entry SELECT * FROM json_populate_record(NULL::ledger_entry, $1::json)',
        [original.rows[0]!.json],
      );
    }
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('names the entry altered behind the application’s back, and is whole again once it is restored', async () => {
    const target = (await rows()).find((row) => row.action === 'certificate.issued')!;
    const seq = Number(target.seq);
    await behindTheBack(
      `UPDATE ledger_entry SET details = details || '{"number": "RA-FORGED"}' WHERE seq = $1`,
      [seq],
    );
    try {
      const verification = await ledger.verify();
      expect(verification.ok).toBe(false);
      expect(verification.firstBreak).toMatchObject({ seq, reason: 'hash_mismatch' });
      expect(verification.firstBreak!.message).toContain(`Entry ${seq}`);
      expect(verification.count).toBe(seq - 1);
    } finally {
      await behindTheBack(`UPDATE ledger_entry SET details = $2::jsonb WHERE seq = $1`, [
        seq,
        JSON.stringify(target.details),
      ]);
    }
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('names a removed entry, and a rewrite with recomputed hashes by the checkpoint it contradicts', async () => {
    // The row exactly as stored, to put it back afterwards.
    const saved = await db.execute<{ json: string }>(
      'SELECT row_to_json(entry)::text AS json FROM ledger_entry entry WHERE seq = 5',
    );
    await behindTheBack('DELETE FROM ledger_entry WHERE seq = 5');
    try {
      expect((await ledger.verify()).firstBreak).toMatchObject({ seq: 5, reason: 'gap' });
    } finally {
      await behindTheBack(
        'INSERT INTO ledger_entry SELECT * FROM json_populate_record(NULL::ledger_entry, $1::json)',
        [saved.rows[0]!.json],
      );
    }
    expect((await ledger.verify()).ok).toBe(true);

    // The latest entry rewritten, hash and all: the chain alone cannot tell, a checkpoint can.
    const { checkpoint } = await ledger.makeCheckpoint('admin');
    const last = (await rows()).at(-1)!;
    const forged = await db.execute<{
      occurred_at: string;
      subject_type: string;
      subject_id: string;
      actor: string;
    }>(
      `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
              subject_type, subject_id, actor::text AS actor FROM ledger_entry WHERE seq = $1`,
      [last.seq],
    );
    const fields = forged.rows[0]!;
    const details = { ...last.details, forged: true };
    const hash = ledgerEntryHash({
      seq: Number(last.seq),
      occurredAt: fields.occurred_at,
      action: last.action,
      subjectType: fields.subject_type,
      subjectId: fields.subject_id,
      actor: fields.actor,
      details,
      prevHash: last.prev_hash,
    });
    await behindTheBack('UPDATE ledger_entry SET details = $2::jsonb, hash = $3 WHERE seq = $1', [
      last.seq,
      JSON.stringify(details),
      hash,
    ]);
    try {
      expect((await ledger.verify()).firstBreak).toMatchObject({
        seq: Number(last.seq),
        reason: 'checkpoint_mismatch',
        checkpointId: checkpoint.id,
      });
    } finally {
      await behindTheBack('UPDATE ledger_entry SET details = $2::jsonb, hash = $3 WHERE seq = $1', [
        last.seq,
        JSON.stringify(last.details),
        last.hash,
      ]);
    }
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('signs checkpoints with the current issuer key; an altered checkpoint is not relied on', async () => {
    const first = await ledger.makeCheckpoint('admin');
    const head = (await rows()).at(-1)!;
    expect(first.checkpoint).toMatchObject({
      entryCount: Number(head.seq),
      headHash: head.hash,
      reason: 'admin',
    });
    const credential = first.checkpoint.credential as {
      issuer: string;
      type: string[];
      credentialSubject: { entryCount: number; headHash: string };
      proof: { cryptosuite: string; verificationMethod: string };
    };
    const current = await context.get(IssuerKeys).current();
    expect(credential.issuer).toBe(current.did);
    expect(credential.type).toEqual(['VerifiableCredential', 'LedgerCheckpoint']);
    expect(credential.credentialSubject).toMatchObject({ entryCount: Number(head.seq), headHash: head.hash });
    expect(credential.proof).toMatchObject({
      cryptosuite: 'eddsa-rdfc-2022',
      verificationMethod: current.verificationMethod,
    });

    // Unchanged head and key: the demo seed's restart makes none.
    expect(await ledger.makeCheckpoint('demo_seed', { ifChanged: true })).toMatchObject({
      made: false,
      checkpoint: { id: first.checkpoint.id },
    });
    // A new key: checkpoints signed by the retired one still verify.
    await context.get(IssuerKeys).rotate();
    const second = await ledger.makeCheckpoint('demo_seed', { ifChanged: true });
    expect(second.made).toBe(true);
    expect(second.checkpoint.keyDid).not.toBe(current.did);
    const keyEvents = (await rows())
      .map((row) => row.action)
      .filter((action) => action.startsWith('issuer_key.'));
    expect(keyEvents).toEqual(['issuer_key.created', 'issuer_key.rotated']);
    expect(await ledger.verify()).toMatchObject({ ok: true, checkpoints: { problems: [] } });

    // Someone edits a checkpoint's signed claim behind the application's back.
    await db.withTransaction(async () => {
      await db.execute('ALTER TABLE ledger_checkpoint DISABLE TRIGGER USER');
      await db.execute(
        `UPDATE ledger_checkpoint SET credential = jsonb_set(credential, '{credentialSubject,headHash}', to_jsonb($2::text)),
                head_hash = $2 WHERE id = $1`,
        [first.checkpoint.id, LEDGER_GENESIS_HASH],
      );
      await db.execute('ALTER TABLE ledger_checkpoint ENABLE TRIGGER USER');
    });
    const verification = await ledger.verify();
    expect(verification.ok).toBe(false);
    expect(verification.firstBreak).toBeNull();
    expect(verification.checkpoints.problems).toEqual([
      expect.objectContaining({ checkpointId: first.checkpoint.id, code: 'bad_signature' }),
    ]);
  });
});
