import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { SqlBuilder, SqlExpression, SqlPart } from '../database/sql-part';
import { AuditEventEntity } from './audit-event.entity';

@Injectable()
export class AuditEventRepository {
  constructor(private readonly db: Database) {}

  /** One row, in plain SQL: almost every change writes one, so it skips the ORM's save. */
  async append(event: Omit<AuditEventEntity, 'id'>): Promise<void> {
    await this.db.execute(
      `INSERT INTO audit_event
         (occurred_at, action, actor_user_id, actor_api_key_id, subject_type, subject_id, ip, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        event.occurredAt,
        event.action,
        event.actorUserId,
        event.actorApiKeyId,
        event.subjectType,
        event.subjectId,
        event.ip,
        event.requestId,
        JSON.stringify(event.details),
      ],
      { prepared: true },
    );
  }

  /**
   * A statement part (see `SqlPart`): the CTE `name` appends the first candidate event whose
   * `when` holds in the composing statement. Detail values may be `SqlExpression`s.
   */
  appendPart(
    name: string,
    candidates: { when: SqlExpression; event: Omit<AuditEventEntity, 'id'> }[],
  ): SqlPart {
    const sql = new SqlBuilder();
    const rows = candidates.map(({ when, event }) => {
      const details = Object.entries(event.details).map(
        ([key, value]) =>
          `${sql.value(key)}::text, ${value instanceof SqlExpression ? `to_jsonb(${value.sql})` : `${sql.value(JSON.stringify(value ?? null))}::jsonb`}`,
      );
      return `SELECT ${sql.value(event.occurredAt)}::timestamptz AS occurred_at, ${sql.value(event.action)}::text AS action,
          ${sql.value(event.actorUserId)}::uuid AS actor_user_id, ${sql.value(event.actorApiKeyId)}::uuid AS actor_api_key_id,
          ${sql.value(event.subjectType)}::text AS subject_type, ${sql.value(event.subjectId)}::text AS subject_id,
          ${sql.value(event.ip)}::text AS ip, ${sql.value(event.requestId)}::text AS request_id,
          jsonb_build_object(${details.join(', ')}) AS details
        WHERE ${when.sql}`;
    });
    return {
      sql: `${name} AS (
        INSERT INTO audit_event (occurred_at, action, actor_user_id, actor_api_key_id, subject_type, subject_id, ip,
          request_id, details)
        SELECT occurred_at, action, actor_user_id, actor_api_key_id, subject_type, subject_id, ip, request_id, details
        FROM (${rows.join(' UNION ALL ')}) candidate LIMIT 1)`,
      parameters: sql.parameters,
    };
  }

  /** Newest first, optionally only one action or one subject. */
  async findPage(filter: {
    action?: string;
    subjectId?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: AuditEventEntity[]; total: number }> {
    const [items, total] = await this.db.repository(AuditEventEntity).findAndCount({
      where: {
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.subjectId ? { subjectId: filter.subjectId } : {}),
      },
      order: { id: 'DESC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total };
  }
}
