import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import {
  APP_CONFIG,
  AuditService,
  canonicalJson,
  Clock,
  Database,
  LedgerEntryRepository,
} from '@academy/core';
import type { AppConfig, LedgerEntryRecord } from '@academy/core';
import { ACADEMY_NAME, checkProof, IssuerKeys, sign } from '@academy/certificates';
import type { IssuerKeyInfo } from '@academy/certificates';
import { buildCheckpointCredential, claimOf } from './checkpoint-credential';
import { CheckpointClaim, LedgerBreak, LedgerChainCheck } from './ledger-chain';
import {
  CheckpointReason,
  LedgerCheckpoint,
  LedgerCheckpointRepository,
} from './ledger-checkpoint.repository';

/** Why a stored checkpoint cannot be relied on. */
export type CheckpointProblemCode = 'bad_signature' | 'unknown_key' | 'signed_after_key_retired' | 'altered';

export interface CheckpointProblem {
  checkpointId: string;
  entryCount: number;
  madeAt: Date;
  code: CheckpointProblemCode;
  message: string;
}

/** The outcome of checking the whole ledger and every checkpoint. */
export interface LedgerVerification {
  /** The chain is unbroken, agrees with every checkpoint, and every checkpoint is genuine. */
  ok: boolean;
  /** Entries verified (up to the first break, if any). */
  count: number;
  /** Hash of the last verified entry (the genesis hash for an empty ledger). */
  headHash: string;
  firstBreak: LedgerBreak | null;
  checkpoints: { checked: number; problems: CheckpointProblem[] };
  checkedAt: Date;
}

// Streamed in batches: a ledger of millions of entries is never held in memory.
const ENTRY_BATCH = 1000;
const CHECKPOINT_BATCH = 200;
// Decades of daily checkpoints.
const GENUINE_CACHE_SIZE = 50_000;
// Clocks of processes disagree a little (as for credentials).
const CLOCK_SKEW_MS = 300_000;

/**
 * The tamper-evident ledger's checks and checkpoints. Entries are appended by core's
 * `AuditService` (actions in `LEDGER_ACTIONS`); this service verifies the chain, and signs
 * checkpoints of its head with the issuer's current key so outsiders can hold the academy to
 * its history.
 */
@Injectable()
export class LedgerService {
  private readonly logger = new Logger(LedgerService.name);
  // Digests of checkpoint credentials whose proof checked out: a proof is ~2 ms of RDF
  // canonicalisation, and the same bytes verify the same way next time. Held in this process
  // only, so a row altered in the database is checked afresh.
  private readonly genuine = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly entries: LedgerEntryRepository,
    private readonly checkpoints: LedgerCheckpointRepository,
    private readonly issuerKeys: IssuerKeys,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Checks every checkpoint's signature, then recomputes the chain from entry 1, streaming,
   * against the checkpoints that are genuine; answers the first broken link, if any.
   */
  async verify(): Promise<LedgerVerification> {
    const { claims, checked, problems } = await this.checkCheckpoints();
    const chain = new LedgerChainCheck(claims);
    let afterSeq = 0;
    for (;;) {
      const batch = await this.entries.findAfter(afterSeq, ENTRY_BATCH);
      if (!batch.every((entry) => chain.add(entry)) || batch.length < ENTRY_BATCH) {
        break;
      }
      afterSeq = batch[batch.length - 1]!.seq;
    }
    const firstBreak = chain.finish();
    const verification: LedgerVerification = {
      ok: firstBreak === null && problems.length === 0,
      ...chain.verified,
      firstBreak,
      checkpoints: { checked, problems },
      checkedAt: this.clock.now(),
    };
    if (firstBreak) {
      this.logger.error(
        { seq: firstBreak.seq, reason: firstBreak.reason },
        `Ledger broken: ${firstBreak.message}`,
      );
    }
    return verification;
  }

  /**
   * Signs a checkpoint of the ledger's head now with the issuer's current key. With `ifChanged`
   * (the demo seed at each start), none is made when the latest one already says the same with
   * the same key; the latest is answered instead.
   */
  async makeCheckpoint(
    reason: CheckpointReason,
    options: { ifChanged?: boolean } = {},
  ): Promise<{ checkpoint: LedgerCheckpoint; made: boolean }> {
    const key = await this.issuerKeys.current();
    const head = await this.entries.head();
    if (options.ifChanged) {
      const latest = await this.checkpoints.findLatest();
      if (
        latest &&
        latest.entryCount === head.count &&
        latest.headHash === head.hash &&
        latest.keyDid === key.did
      ) {
        return { checkpoint: latest, made: false };
      }
    }
    const id = randomUUID();
    const at = this.clock.now();
    const credential = await sign(
      buildCheckpointCredential({
        id,
        issuerDid: key.did,
        publicUrl: this.config.publicUrl,
        academyName: ACADEMY_NAME,
        entryCount: head.count,
        headHash: head.hash,
        at,
      }),
      key,
      { created: at },
    );
    const checkpoint: LedgerCheckpoint = {
      id,
      entryCount: head.count,
      headHash: head.hash,
      madeAt: at,
      reason,
      keyDid: key.did,
      credential: credential as unknown as Record<string, unknown>,
    };
    await this.db.withTransaction(async () => {
      await this.checkpoints.insert(checkpoint);
      await this.audit.record({
        action: 'ledger.checkpoint_made',
        subjectType: 'ledger_checkpoint',
        subjectId: id,
        details: { entryCount: head.count, headHash: head.hash, reason, keyDid: key.did },
      });
    });
    this.logger.log(`Ledger checkpoint (${reason}): ${head.count} entries, head ${head.hash}`);
    return { checkpoint, made: true };
  }

  /** Checkpoints, newest first. */
  listCheckpoints(page: {
    limit: number;
    offset: number;
  }): Promise<{ items: LedgerCheckpoint[]; total: number }> {
    return this.checkpoints.findPage(page);
  }

  /** Entries after `afterSeq` in chain order, with their hashes: what an outsider recomputes. */
  async listEntries(page: {
    afterSeq: number;
    limit: number;
  }): Promise<{ items: LedgerEntryRecord[]; head: { count: number; hash: string } }> {
    const [items, head] = await Promise.all([
      this.entries.findAfter(page.afterSeq, page.limit),
      this.entries.head(),
    ]);
    return { items, head };
  }

  /** Every checkpoint checked: signed by one of the academy's keys, and its row saying what it signed. */
  private async checkCheckpoints(): Promise<{
    claims: CheckpointClaim[];
    checked: number;
    problems: CheckpointProblem[];
  }> {
    const keys = new Map<string, IssuerKeyInfo>((await this.issuerKeys.all()).map((key) => [key.did, key]));
    const claims: CheckpointClaim[] = [];
    const problems: CheckpointProblem[] = [];
    let checked = 0;
    let afterPosition = 0;
    for (;;) {
      const batch = await this.checkpoints.findAfter(afterPosition, CHECKPOINT_BATCH);
      for (const checkpoint of batch) {
        checked++;
        const code = await this.problemOf(checkpoint, keys);
        if (code) {
          problems.push({
            checkpointId: checkpoint.id,
            entryCount: checkpoint.entryCount,
            madeAt: checkpoint.madeAt,
            code,
            message: CHECKPOINT_PROBLEMS[code],
          });
        } else {
          claims.push({
            id: checkpoint.id,
            entryCount: checkpoint.entryCount,
            headHash: checkpoint.headHash,
            madeAt: checkpoint.madeAt,
          });
        }
      }
      if (batch.length < CHECKPOINT_BATCH) {
        break;
      }
      afterPosition = batch[batch.length - 1]!.position;
    }
    return { claims, checked, problems };
  }

  private async problemOf(
    checkpoint: LedgerCheckpoint,
    keys: ReadonlyMap<string, IssuerKeyInfo>,
  ): Promise<CheckpointProblemCode | null> {
    const claim = claimOf(checkpoint.credential);
    // What the academy relies on is what was signed: the row must say the same.
    if (
      !claim ||
      claim.entryCount !== checkpoint.entryCount ||
      claim.headHash !== checkpoint.headHash ||
      claim.issuer !== checkpoint.keyDid
    ) {
      return 'altered';
    }
    const key = keys.get(claim.issuer);
    if (!key) {
      return 'unknown_key';
    }
    const digest = createHash('sha256').update(canonicalJson(checkpoint.credential)).digest('hex');
    if (!this.genuine.has(digest)) {
      if ((await checkProof(checkpoint.credential)) !== 'ok') {
        return 'bad_signature';
      }
      if (this.genuine.size >= GENUINE_CACHE_SIZE) {
        this.genuine.clear();
      }
      this.genuine.add(digest);
    }
    const proof = checkpoint.credential.proof as { created?: unknown } | undefined;
    const signedAt = typeof proof?.created === 'string' ? new Date(proof.created) : null;
    if (
      key.validUntil &&
      (!signedAt ||
        Number.isNaN(signedAt.getTime()) ||
        signedAt.getTime() > key.validUntil.getTime() + CLOCK_SKEW_MS)
    ) {
      return 'signed_after_key_retired';
    }
    return null;
  }
}

/** What each checkpoint problem means, for people. */
export const CHECKPOINT_PROBLEMS: Record<CheckpointProblemCode, string> = {
  bad_signature: 'its signature does not match what it says',
  unknown_key: 'signed by a key this academy never had',
  signed_after_key_retired: 'signed with a key after the academy retired it',
  altered: 'its stored count or head hash differs from what was signed',
};
