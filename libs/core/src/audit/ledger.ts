import { createHash } from 'node:crypto';
import { canonicalJson } from '../encoding/canonical-json';

/**
 * The audit actions that matter for accreditation: each one is also appended to the
 * tamper-evident ledger (`ledger_entry`), in the transaction of the change. The one list;
 * adding an action here is all it takes.
 */
export const LEDGER_ACTIONS: ReadonlySet<string> = new Set([
  'course.published',
  'enrolment.created',
  'quiz.attempt_graded',
  'credit.claimed',
  'lab_attendance.recorded',
  'lab_checklist.signed',
  // A signed checklist changed afterwards changes the lab outcome a certificate rests on.
  'lab_checklist.amended',
  'certificate.issued',
  'certificate.revoked',
  'certificate.suspended',
  'certificate.reinstated',
  'issuer_key.created',
  'issuer_key.rotated',
  // Who holds which role: admins revoke certificates, verifiers read every record.
  'user.created',
  'user.roles_changed',
  'organisation.member_added',
  // Who manages an accreditation body's API keys, and so who may hand out its verification access.
  'organisation.manager_added',
  'organisation.manager_removed',
]);

/** The `prevHash` of entry 1: 64 zeros. */
export const LEDGER_GENESIS_HASH = '0'.repeat(64);

/**
 * One ledger entry as hashed. Ids only, never names or e-mail addresses: entries can never
 * change, so nothing personal goes in that a deletion request would have to remove.
 */
export interface LedgerEntryFields {
  /** 1, 2, 3, … without gaps: the position in the chain. */
  seq: number;
  /**
   * When the entry was recorded (the database's clock, never earlier than the entry before), in
   * UTC with exactly six fractional digits: `2026-11-22T03:23:53.123000Z` (see `ledgerTimestamp`).
   * An event the application dates otherwise (a seeded history) says so in `details.eventAt`.
   */
  occurredAt: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** The acting user's id, or null (the system, a job). */
  actor: string | null;
  /** JSON data (what the audit event's details say). */
  details: Record<string, unknown>;
  /** `hash` of entry `seq - 1`, or `LEDGER_GENESIS_HASH` for entry 1. */
  prevHash: string;
}

export interface LedgerEntryRecord extends LedgerEntryFields {
  hash: string;
}

/**
 * The ledger's timestamp form: RFC 3339 in UTC with microseconds (PostgreSQL's precision), so
 * the stored `timestamptz` and the hashed text are the same instant to the microsecond.
 */
export function ledgerTimestamp(at: Date): string {
  if (Number.isNaN(at.getTime())) {
    throw new RangeError('Invalid date');
  }
  return at.toISOString().replace(/Z$/, '000Z');
}

/**
 * The hash of an entry: lowercase hex SHA-256 of the UTF-8 bytes of the JCS form of the JSON
 * object with exactly the members `seq`, `occurredAt`, `action`, `subjectType`, `subjectId`,
 * `actor`, `details` and `prevHash` (nulls included). `prevHash` inside the hashed object is
 * what chains each entry to the one before.
 */
export function ledgerEntryHash(entry: LedgerEntryFields): string {
  const hashed: LedgerEntryFields = {
    seq: entry.seq,
    occurredAt: entry.occurredAt,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    actor: entry.actor,
    details: entry.details,
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

/**
 * Details as they will read back from a `jsonb` column (undefined members dropped, dates as
 * strings), so the hash made at append is the hash recomputed later.
 */
export function ledgerDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details ?? {})) as Record<string, unknown>;
}
