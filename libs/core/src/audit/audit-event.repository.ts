import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { AuditEventEntity } from './audit-event.entity';

@Injectable()
export class AuditEventRepository {
  constructor(private readonly db: Database) {}

  async append(event: Omit<AuditEventEntity, 'id'>): Promise<void> {
    const events = this.db.repository(AuditEventEntity);
    await events.save(events.create(event));
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
