import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

/** Why a checkpoint was made. */
export type CheckpointReason = 'daily' | 'admin' | 'demo_seed';

export interface LedgerCheckpoint {
  id: string;
  entryCount: number;
  headHash: string;
  madeAt: Date;
  reason: CheckpointReason;
  keyDid: string;
  /** The signed checkpoint credential, as published. */
  credential: Record<string, unknown>;
}

interface CheckpointRow {
  id: string;
  position: string;
  entry_count: string;
  head_hash: string;
  made_at: Date;
  reason: CheckpointReason;
  key_did: string;
  credential: Record<string, unknown>;
}

function toCheckpoint(row: CheckpointRow): LedgerCheckpoint {
  return {
    id: row.id,
    entryCount: Number(row.entry_count),
    headHash: row.head_hash,
    madeAt: row.made_at,
    reason: row.reason,
    keyDid: row.key_did,
    credential: row.credential,
  };
}

const NEWEST_FIRST = 'ORDER BY position DESC';

/** Signed ledger checkpoints (`ledger_checkpoint`): append-only, like the ledger. */
@Injectable()
export class LedgerCheckpointRepository {
  constructor(private readonly db: Database) {}

  async insert(checkpoint: LedgerCheckpoint): Promise<void> {
    await this.db.execute(
      `INSERT INTO ledger_checkpoint (id, entry_count, head_hash, made_at, reason, key_did, credential)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [
        checkpoint.id,
        checkpoint.entryCount,
        checkpoint.headHash,
        checkpoint.madeAt,
        checkpoint.reason,
        checkpoint.keyDid,
        JSON.stringify(checkpoint.credential),
      ],
    );
  }

  async findLatest(): Promise<LedgerCheckpoint | null> {
    const { rows } = await this.db.execute<CheckpointRow>(
      `SELECT * FROM ledger_checkpoint ${NEWEST_FIRST} LIMIT 1`,
    );
    return rows[0] ? toCheckpoint(rows[0]) : null;
  }

  async findPage(page: {
    limit: number;
    offset: number;
  }): Promise<{ items: LedgerCheckpoint[]; total: number }> {
    const [{ rows }, counted] = await Promise.all([
      this.db.execute<CheckpointRow>(`SELECT * FROM ledger_checkpoint ${NEWEST_FIRST} LIMIT $1 OFFSET $2`, [
        page.limit,
        page.offset,
      ]),
      this.db.execute<{ total: number }>(`SELECT count(*)::int AS total FROM ledger_checkpoint`),
    ]);
    return { items: rows.map(toCheckpoint), total: counted.rows[0]?.total ?? 0 };
  }

  /** Up to `limit` checkpoints made after the one at `afterPosition` (0: from the first), oldest first, to stream them all. */
  async findAfter(
    afterPosition: number,
    limit: number,
  ): Promise<(LedgerCheckpoint & { position: number })[]> {
    const { rows } = await this.db.execute<CheckpointRow>(
      `SELECT * FROM ledger_checkpoint WHERE position > $1 ORDER BY position LIMIT $2`,
      [afterPosition, limit],
    );
    return rows.map((row) => ({ ...toCheckpoint(row), position: Number(row.position) }));
  }
}
