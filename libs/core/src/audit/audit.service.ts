import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { Database } from '../database/database';
import type { SqlExpression, SqlPart } from '../database/sql-part';
import { RequestContext } from '../request/request-context';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventRepository } from './audit-event.repository';
import { LEDGER_ACTIONS, ledgerDetails } from './ledger';
import { LedgerEntryRepository } from './ledger-entry.repository';

export interface AuditRecord {
  /** `subject.verb_past`, e.g. `user.signed_up`, `auth.login_failed`. */
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** Who did it, when not the authenticated caller (e.g. the user who just signed up). */
  actorUserId?: string | null;
  /** Never secrets, passwords or tokens. */
  details?: Record<string, unknown>;
}

/**
 * The only writer of the audit trail. Called inside a service's transaction, the event commits
 * or rolls back with the change it describes. Actor, IP and request id come from the request.
 * Actions in `LEDGER_ACTIONS` also go to the hash-chained ledger, in the same transaction.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly ledger: LedgerEntryRepository,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async record(record: AuditRecord): Promise<void> {
    const event = this.event(record);
    if (!LEDGER_ACTIONS.has(record.action)) {
      await this.events.append(event);
      return;
    }
    // Joins the change's transaction (one of its own when called outside any). The event is
    // written now, in the order of the transaction's other events; its ledger entry just before
    // the commit.
    await this.db.withTransaction(async () => {
      await this.events.append(event);
      this.toLedger(record, event);
    });
  }

  /**
   * The audit event of a change made in one statement with it (see `SqlPart`): the CTE `name`
   * records the first candidate whose `when` holds there, with actor, IP and request id from the
   * request as in `record`; detail values may be `SqlExpression`s over the statement. Not for
   * ledger actions: the ledger's append takes its lock just before a transaction commits.
   */
  eventPart(name: string, candidates: { when: SqlExpression; record: AuditRecord }[]): SqlPart {
    return this.events.appendPart(
      name,
      candidates.map(({ when, record }) => {
        if (LEDGER_ACTIONS.has(record.action)) {
          throw new Error(`Ledger action "${record.action}" must be recorded with record()`);
        }
        return { when, event: this.event(record) };
      }),
    );
  }

  /**
   * `record` as a part of the statement that makes the change (see `SqlPart`), inside its
   * transaction: the CTE `name` writes the event when `when` holds there. Call `recorded` once
   * the statement has made the change: a ledger action's entry then joins the ledger before the
   * transaction commits (so a statement that changed nothing leaves no entry).
   */
  recordPart(
    name: string,
    when: SqlExpression,
    record: AuditRecord,
  ): { part: SqlPart; recorded: () => void } {
    if (!this.db.inTransaction) {
      throw new Error(
        `Audit action "${record.action}" is recorded in a part inside the transaction of its change`,
      );
    }
    const event = this.event(record);
    return {
      part: this.events.appendPart(name, [{ when, event }]),
      recorded: () => {
        if (LEDGER_ACTIONS.has(record.action)) {
          this.toLedger(record, event);
        }
      },
    };
  }

  /** Queues a ledger action's entry, to be appended just before its transaction commits. */
  private toLedger(record: AuditRecord, event: Omit<AuditEventEntity, 'id'>): void {
    this.ledger.appendBeforeCommit({
      eventAt: event.occurredAt,
      action: record.action,
      subjectType: record.subjectType ?? null,
      subjectId: record.subjectId ?? null,
      actor: event.actorUserId,
      details: ledgerDetails(record.details),
    });
  }

  private event(record: AuditRecord): Omit<AuditEventEntity, 'id'> {
    if (!/^[a-z_]+\.[a-z_]+$/.test(record.action)) {
      throw new Error(`Audit action must look like subject.verb_past, got "${record.action}"`);
    }
    const context = RequestContext.current();
    return {
      occurredAt: this.clock.now(),
      action: record.action,
      actorUserId: record.actorUserId !== undefined ? record.actorUserId : (context?.actorUserId ?? null),
      actorApiKeyId: context?.actorApiKeyId ?? null,
      subjectType: record.subjectType ?? null,
      subjectId: record.subjectId ?? null,
      ip: context?.ip ?? null,
      requestId: context?.requestId ?? null,
      details: record.details ?? {},
    };
  }

  list(filter: { action?: string; subjectId?: string; limit: number; offset: number }): Promise<{
    items: AuditEventEntity[];
    total: number;
  }> {
    return this.events.findPage(filter);
  }
}
