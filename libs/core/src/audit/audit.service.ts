import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { RequestContext } from '../request/request-context';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventRepository } from './audit-event.repository';

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
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly clock: Clock,
  ) {}

  async record(record: AuditRecord): Promise<void> {
    if (!/^[a-z_]+\.[a-z_]+$/.test(record.action)) {
      throw new Error(`Audit action must look like subject.verb_past, got "${record.action}"`);
    }
    const context = RequestContext.current();
    await this.events.append({
      occurredAt: this.clock.now(),
      action: record.action,
      actorUserId: record.actorUserId !== undefined ? record.actorUserId : (context?.actorUserId ?? null),
      actorApiKeyId: context?.actorApiKeyId ?? null,
      subjectType: record.subjectType ?? null,
      subjectId: record.subjectId ?? null,
      ip: context?.ip ?? null,
      requestId: context?.requestId ?? null,
      details: record.details ?? {},
    });
  }

  list(filter: { action?: string; subjectId?: string; limit: number; offset: number }): Promise<{
    items: AuditEventEntity[];
    total: number;
  }> {
    return this.events.findPage(filter);
  }
}
