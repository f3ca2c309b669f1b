import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database';
import {
  LEDGER_GENESIS_HASH,
  ledgerEntryHash,
  LedgerEntryFields,
  LedgerEntryRecord,
  ledgerTimestamp,
} from './ledger';

/**
 * What a caller appends: the chain position, the link and the recording time are the
 * repository's to assign; `eventAt` is when the change happened by the application's clock.
 */
export type NewLedgerEntry = Omit<LedgerEntryFields, 'seq' | 'prevHash' | 'occurredAt'> & { eventAt: Date };

/**
 * How far the application's clock may be from the database's before an entry says when its
 * event happened in its details (`eventAt`): a seeded history, a test's clock, a skewed host.
 */
const EVENT_TIME_TOLERANCE_MS = 60_000;

/** The ledger's append lock: any fixed 64-bit number every appending process shares (migrations use …001). */
export const LEDGER_LOCK_KEY = 7_245_118_905_002;

interface EntryRow {
  seq: string;
  occurred_at: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  actor: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

// The stored instant in the hashed form (`ledgerTimestamp`), to the microsecond.
const COLUMNS = `seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  action, subject_type, subject_id, actor::text AS actor, details, prev_hash, hash`;

// The event's own time goes in the entry's content only when it is not (about) the recording time.
function withEventTime(
  details: Record<string, unknown>,
  eventAt: Date,
  recordedAt: string,
): Record<string, unknown> {
  const apart = Math.abs(new Date(recordedAt).getTime() - eventAt.getTime());
  return apart > EVENT_TIME_TOLERANCE_MS ? { ...details, eventAt: ledgerTimestamp(eventAt) } : details;
}

function toRecord(row: EntryRow): LedgerEntryRecord {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    actor: row.actor,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The hash-chained ledger (`ledger_entry`): appends and reads. Rows are never updated or
 * deleted (triggers refuse, even for the table's owner), and an insert that does not extend
 * the head by one is refused by another trigger.
 */
@Injectable()
export class LedgerEntryRepository {
  // Entries waiting for their transaction's commit, by transaction.
  private readonly pending = new WeakMap<EntityManager, NewLedgerEntry[]>();

  constructor(private readonly db: Database) {}

  /**
   * Appends `entry` at the end of the surrounding transaction, just before it commits: the chain is
   * serialised by a transaction-scoped advisory lock, so taking it last keeps it held only for
   * the commit, and an entry rolls back with the change it records. Chain order is commit order,
   * and so is time: `occurredAt` is when the entry is recorded, by the database's clock (one
   * clock for every replica) and never earlier than the head's.
   */
  appendBeforeCommit(entry: NewLedgerEntry): void {
    if (!this.db.inTransaction) {
      throw new Error('A ledger entry is appended inside the transaction of its change');
    }
    const manager = this.db.manager;
    const queued = this.pending.get(manager);
    if (queued) {
      queued.push(entry);
      return;
    }
    const entries = [entry];
    this.pending.set(manager, entries);
    this.db.beforeCommit(async () => {
      this.pending.delete(manager);
      await this.appendNow(entries);
    });
  }

  /** Two statements for any number of entries: the lock and the head, then every row. */
  private async appendNow(queued: NewLedgerEntry[]): Promise<void> {
    let head = await this.headForAppend();
    const rows: LedgerEntryFields[] = [];
    const hashes: string[] = [];
    for (const { eventAt, ...entry } of queued) {
      const fields: LedgerEntryFields = {
        ...entry,
        details: withEventTime(entry.details, eventAt, head.recordedAt),
        occurredAt: head.recordedAt,
        seq: head.count + 1,
        prevHash: head.hash,
      };
      const hash = ledgerEntryHash(fields);
      rows.push(fields);
      hashes.push(hash);
      head = { ...head, count: fields.seq, hash };
    }
    // In chain order (WITH ORDINALITY): the append trigger checks each row extends the one before.
    await this.db.execute(
      `INSERT INTO ledger_entry (seq, occurred_at, action, subject_type, subject_id, actor, details, prev_hash, hash)
       SELECT r.seq, r.occurred_at, r.action, r.subject_type, r.subject_id, r.actor, r.details, r.prev_hash, r.hash
         FROM jsonb_populate_recordset(NULL::ledger_entry, $1::jsonb) WITH ORDINALITY AS r
        ORDER BY r.ordinality`,
      [
        JSON.stringify(
          rows.map((fields, index) => ({
            seq: fields.seq,
            occurred_at: fields.occurredAt,
            action: fields.action,
            subject_type: fields.subjectType,
            subject_id: fields.subjectId,
            actor: fields.actor,
            details: fields.details,
            prev_hash: fields.prevHash,
            hash: hashes[index],
          })),
        ),
      ],
      { prepared: true },
    );
  }

  /**
   * Takes the append lock, then reads the head and the time to stamp what follows it (now, or the
   * head's time if that is later), in one round trip: `ledger_head_for_append` reads after the
   * lock is held, so it sees every append committed before.
   */
  private async headForAppend(): Promise<{ count: number; hash: string; recordedAt: string }> {
    const { rows } = await this.db.execute<{
      head_seq: string | null;
      head_hash: string | null;
      recorded_at: string;
      isolation: string;
    }>(
      `SELECT head_seq, head_hash, recorded_at, isolation FROM ledger_head_for_append($1)`,
      [LEDGER_LOCK_KEY],
      { prepared: true },
    );
    const row = rows[0]!;
    // Under READ COMMITTED the head read after the lock sees every append committed before it;
    // an older snapshot (REPEATABLE READ, SERIALIZABLE) could fork the chain.
    if (row.isolation !== 'read committed') {
      throw new Error(`Ledger appends need READ COMMITTED, not ${row.isolation}`);
    }
    return {
      count: row.head_seq === null ? 0 : Number(row.head_seq),
      hash: row.head_hash ?? LEDGER_GENESIS_HASH,
      recordedAt: row.recorded_at,
    };
  }

  /** How many entries there are and the last one's hash (`LEDGER_GENESIS_HASH` when none). */
  async head(): Promise<{ count: number; hash: string }> {
    const { rows } = await this.db.execute<{ seq: string; hash: string }>(
      `SELECT seq, hash FROM ledger_entry ORDER BY seq DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? { count: Number(row.seq), hash: row.hash } : { count: 0, hash: LEDGER_GENESIS_HASH };
  }

  /** Up to `limit` entries after `afterSeq`, in chain order (keyset pagination: stream the chain). */
  async findAfter(afterSeq: number, limit: number): Promise<LedgerEntryRecord[]> {
    const { rows } = await this.db.execute<EntryRow>(
      `SELECT ${COLUMNS} FROM ledger_entry WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(toRecord);
  }
}
