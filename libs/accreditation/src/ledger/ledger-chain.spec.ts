import { LEDGER_GENESIS_HASH, ledgerEntryHash } from '@academy/core';
import type { LedgerEntryRecord } from '@academy/core';
import { CheckpointClaim, LedgerChainCheck } from './ledger-chain';

function chain(length: number): LedgerEntryRecord[] {
  const entries: LedgerEntryRecord[] = [];
  let prevHash = LEDGER_GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const fields = {
      seq,
      occurredAt: `2026-03-01T10:${String(seq).padStart(2, '0')}:00.000000Z`,
      action: 'credit.claimed',
      subjectType: 'enrolment',
      subjectId: `enrolment-${seq}`,
      actor: null,
      details: { amount: seq * 0.25 },
      prevHash,
    };
    const hash = ledgerEntryHash(fields);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

function check(entries: LedgerEntryRecord[], claims: CheckpointClaim[] = []) {
  const checker = new LedgerChainCheck(claims);
  for (const entry of entries) {
    if (!checker.add(entry)) {
      break;
    }
  }
  return { broken: checker.finish(), verified: checker.verified };
}

const claim = (entryCount: number, headHash: string): CheckpointClaim => ({
  id: `checkpoint-${entryCount}`,
  entryCount,
  headHash,
  madeAt: new Date('2026-03-10T00:15:00Z'),
});

describe('checking the hash chain', () => {
  it('accepts an intact chain and an empty one', () => {
    const entries = chain(5);
    expect(check(entries)).toEqual({ broken: null, verified: { count: 5, headHash: entries[4]!.hash } });
    expect(check([])).toEqual({ broken: null, verified: { count: 0, headHash: LEDGER_GENESIS_HASH } });
  });

  it('names an entry stamped earlier than the one before it, even with its hash recomputed', () => {
    const entries = chain(5);
    const backDated = { ...entries[4]!, occurredAt: '2026-03-01T10:03:59.999999Z' };
    entries[4] = { ...backDated, hash: ledgerEntryHash(backDated) };
    const { broken, verified } = check(entries);
    expect(broken).toMatchObject({ seq: 5, reason: 'time_inversion' });
    expect(broken!.message).toContain('Entry 5');
    expect(verified.count).toBe(4);
    // The same instant as the entry before is in order (one transaction stamps its entries alike).
    const same = chain(2);
    const tied = { ...same[1]!, occurredAt: same[0]!.occurredAt };
    expect(check([same[0]!, { ...tied, hash: ledgerEntryHash(tied) }]).broken).toBeNull();
  });

  it('names an altered entry by its seq', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, details: { amount: 99 } };
    expect(check(entries).broken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
    expect(check(entries).verified.count).toBe(2);
  });

  it('names the link after an entry rewritten with a new hash', () => {
    const entries = chain(5);
    const forged = { ...entries[1]!, details: { amount: 99 } };
    entries[1] = { ...forged, hash: ledgerEntryHash(forged) };
    expect(check(entries).broken).toMatchObject({ seq: 3, reason: 'prev_hash_mismatch' });
  });

  it('names the first missing entry', () => {
    const entries = chain(5);
    entries.splice(3, 1);
    expect(check(entries).broken).toMatchObject({ seq: 4, reason: 'gap' });
  });

  it('catches a consistent rewrite, and a cut tail, with a checkpoint', () => {
    const original = chain(6);
    // The whole history rewritten from entry 3 on, every hash recomputed.
    const rewritten = original.slice(0, 2);
    for (const entry of original.slice(2)) {
      const fields = { ...entry, prevHash: rewritten[rewritten.length - 1]!.hash, details: { amount: 0 } };
      rewritten.push({ ...fields, hash: ledgerEntryHash(fields) });
    }
    const held = claim(4, original[3]!.hash);
    expect(check(rewritten).broken).toBeNull();
    expect(check(rewritten, [held]).broken).toMatchObject({
      seq: 4,
      reason: 'checkpoint_mismatch',
      checkpointId: 'checkpoint-4',
    });
    expect(check(original, [held]).broken).toBeNull();
    expect(check(original.slice(0, 3), [held]).broken).toMatchObject({ seq: 4, reason: 'missing_entries' });
  });
});
