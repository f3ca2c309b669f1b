import { LEDGER_GENESIS_HASH, ledgerEntryHash } from '@academy/core';
import type { LedgerEntryRecord } from '@academy/core';

/** Why a link of the chain is broken. */
export type LedgerBreakReason =
  | 'gap'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'time_inversion'
  | 'checkpoint_mismatch'
  | 'missing_entries';

/** Every reason, for the API's schema. */
export const LEDGER_BREAK_REASONS: readonly LedgerBreakReason[] = [
  'gap',
  'prev_hash_mismatch',
  'hash_mismatch',
  'time_inversion',
  'checkpoint_mismatch',
  'missing_entries',
];

/** The first place the stored chain is not what was appended. */
export interface LedgerBreak {
  /** The entry at which the chain breaks (for `missing_entries`, the first one missing). */
  seq: number;
  reason: LedgerBreakReason;
  /** For people: what is wrong, naming the entry. */
  message: string;
  /** The checkpoint that disagrees, for `checkpoint_mismatch` and `missing_entries`. */
  checkpointId?: string;
}

/** A checkpoint's claim about the chain: after `entryCount` entries, the head was `headHash`. */
export interface CheckpointClaim {
  id: string;
  entryCount: number;
  headHash: string;
  madeAt: Date;
}

const when = (claim: CheckpointClaim): string => claim.madeAt.toISOString();

/**
 * Recomputes the hash chain entry by entry, as entries stream in (nothing is kept but the last
 * hash), and stops at the first broken link:
 * - `gap`: the entry after N is not N + 1 (entries removed, or renumbered);
 * - `prev_hash_mismatch`: the entry does not name the hash of the one before (an entry before it
 *   was rewritten, hash included, or entries were reordered);
 * - `hash_mismatch`: the entry's stored hash is not the hash of what it says (it was altered);
 * - `time_inversion`: the entry was recorded before the one ahead of it (entries are stamped
 *   when they are recorded, never earlier than the head, so it was back-dated);
 * - `checkpoint_mismatch`: a checkpoint says the head after this entry was another hash (the
 *   history up to it was rewritten, hashes included);
 * - `missing_entries`: a checkpoint covers more entries than the chain holds (its tail was cut).
 */
export class LedgerChainCheck {
  private count = 0;
  private head = LEDGER_GENESIS_HASH;
  private headRecordedAt = '';
  private broken: LedgerBreak | null = null;
  private readonly claimsAt = new Map<number, CheckpointClaim[]>();

  constructor(claims: readonly CheckpointClaim[] = []) {
    for (const claim of claims) {
      const list = this.claimsAt.get(claim.entryCount) ?? [];
      list.push(claim);
      this.claimsAt.set(claim.entryCount, list);
    }
    // A checkpoint of the empty ledger claims the genesis hash.
    this.checkClaimsAt(0, LEDGER_GENESIS_HASH);
  }

  /** Entries checked so far, and the hash of the last one (genesis before the first). */
  get verified(): { count: number; headHash: string } {
    return { count: this.count, headHash: this.head };
  }

  get firstBreak(): LedgerBreak | null {
    return this.broken;
  }

  /** Checks the next entry in chain order; false once the chain is broken (stop streaming). */
  add(entry: LedgerEntryRecord): boolean {
    if (this.broken) {
      return false;
    }
    const expected = this.count + 1;
    if (entry.seq !== expected) {
      return this.fail({
        seq: expected,
        reason: 'gap',
        message:
          entry.seq > expected
            ? `Entry ${expected} is missing: the entry after ${this.count} is ${entry.seq}.`
            : `Entry ${entry.seq} appears again after entry ${this.count}.`,
      });
    }
    if (entry.prevHash !== this.head) {
      return this.fail({
        seq: entry.seq,
        reason: 'prev_hash_mismatch',
        message:
          entry.seq === 1
            ? 'Entry 1 does not start from the genesis hash.'
            : `Entry ${entry.seq} does not link to entry ${entry.seq - 1}: its previous hash is not that entry's hash.`,
      });
    }
    const hash = ledgerEntryHash(entry);
    if (hash !== entry.hash) {
      return this.fail({
        seq: entry.seq,
        reason: 'hash_mismatch',
        message: `Entry ${entry.seq} (${entry.action}) was altered: its content no longer hashes to its stored hash.`,
      });
    }
    // Same fixed-width UTC form throughout (`ledgerTimestamp`), so text order is time order.
    if (entry.occurredAt < this.headRecordedAt) {
      return this.fail({
        seq: entry.seq,
        reason: 'time_inversion',
        message: `Entry ${entry.seq} (${entry.action}) is stamped ${entry.occurredAt}, earlier than entry ${entry.seq - 1} (${this.headRecordedAt}): it was back-dated.`,
      });
    }
    this.count = entry.seq;
    this.head = hash;
    this.headRecordedAt = entry.occurredAt;
    return this.checkClaimsAt(entry.seq, hash);
  }

  /** After the last entry: a checkpoint covering more entries than there are means a cut tail. */
  finish(): LedgerBreak | null {
    if (!this.broken) {
      const beyond = [...this.claimsAt.values()]
        .flat()
        .filter((claim) => claim.entryCount > this.count)
        .sort((a, b) => a.entryCount - b.entryCount)[0];
      if (beyond) {
        this.fail({
          seq: this.count + 1,
          reason: 'missing_entries',
          message: `The checkpoint of ${when(beyond)} covers ${beyond.entryCount} entries, but the ledger ends at entry ${this.count}: entries from ${this.count + 1} on were removed.`,
          checkpointId: beyond.id,
        });
      }
    }
    return this.broken;
  }

  private checkClaimsAt(seq: number, hash: string): boolean {
    const disagreeing = this.claimsAt.get(seq)?.find((claim) => claim.headHash !== hash);
    if (disagreeing) {
      return this.fail({
        seq,
        reason: 'checkpoint_mismatch',
        message: `The checkpoint of ${when(disagreeing)} recorded another head after entry ${seq}: the history up to entry ${seq} was rewritten.`,
        checkpointId: disagreeing.id,
      });
    }
    return true;
  }

  private fail(broken: LedgerBreak): false {
    this.broken = broken;
    return false;
  }
}
