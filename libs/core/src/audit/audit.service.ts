import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { Database } from '../database/database';
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
    if (!/^[a-z_]+\.[a-z_]+$/.test(record.action)) {
      throw new Error(`Audit action must look like subject.verb_past, got "${record.action}"`);
    }
    const context = RequestContext.current();
    const occurredAt = this.clock.now();
    const actorUserId =
      record.actorUserId !== undefined ? record.actorUserId : (context?.actorUserId ?? null);
    const event = {
      occurredAt,
      action: record.action,
      actorUserId,
      actorApiKeyId: context?.actorApiKeyId ?? null,
      subjectType: record.subjectType ?? null,
      subjectId: record.subjectId ?? null,
      ip: context?.ip ?? null,
      requestId: context?.requestId ?? null,
      details: record.details ?? {},
    };
    if (!LEDGER_ACTIONS.has(record.action)) {
      await this.events.append(event);
      return;
    }
    // Joins the change's transaction (one of its own when called outside any); the event is
    // written with its ledger entry, just before the commit.
    await this.db.withTransaction(() => {
      this.ledger.appendBeforeCommit(
        {
          eventAt: occurredAt,
          action: record.action,
          subjectType: record.subjectType ?? null,
          subjectId: record.subjectId ?? null,
          actor: actorUserId,
          details: ledgerDetails(record.details),
        },
        event,
      );
      return Promise.resolve();
    });
  }

  list(filter: { action?: string; subjectId?: string; limit: number; offset: number }): Promise<{
    items: AuditEventEntity[];
    total: number;
  }> {
    return this.events.findPage(filter);
  }
}
